"""Who says a figure, on invented sentences of the shapes news copy uses: closing attributions the parse
leaves without a subject, reports that name their author, bare nouns that point back to a named source."""

from __future__ import annotations

import pytest

from monitor.extract import Extractor
from monitor.records import Document


@pytest.fixture(scope="module")
def extractor(nlp):
    return Extractor(nlp)


def speaker(extractor, text: str, figure: str) -> str | None:
    claims, _ = extractor.extract(Document(uri="t.txt", text=text))
    hits = [c for c in claims if figure in c.text]
    assert hits, f"{figure!r} not found in {[c.text for c in claims]}"
    return hits[0].speaker


@pytest.mark.parametrize(
    ("text", "figure", "want"),
    [
        # A closing "X said" the parse hangs off the first clause, with the name in apposition.
        ("More than 1,400 homes have flooded and hundreds are cut off in Velmar after the river burst its banks, "
         "the head of the regional council in the south, Pia Lorne, said on Sunday.", "1,400", "Pia Lorne"),
        # A dateline the parse takes for the subject.
        ("Oct 3 — The governor of Ostrel, Mara Vint, warned on Friday that the storm may have killed as many as "
         "9,000 people in her province.", "9,000", "Vint"),
        # "told reporters" closing a sentence whose own verb has a place for subject.
        ("Rivertown alone recorded 120 deaths, followed by Lakeside with 40, the deputy director of the relief "
         "office told reporters.", "40", "deputy director of the relief office"),
        # A name closing another phrase is not the source set beside it; a name the source is set beside is.
        ("More than 90 pilgrims died when the storm struck during the feast of Lumen, a Velmar faith group said "
         "on Monday.", "More than 90", "Velmar faith group"),
        ("On Friday KRA, the region's disaster agency, said 440 people had died.", "440", "KRA"),
        # Two counts in one sentence, each with its own "according to".
        ("About 80,000 people rallied on Sunday according to the organisers, and 31,000 according to the police.",
         "31,000", "police"),
        ("About 80,000 people rallied on Sunday according to the organisers, and 31,000 according to the police.",
         "About 80,000", "organisers"),
        # A tallying verb below a further "said": the nearer source counted it.
        ("The coalition said 250,000 people marched in Brenner, although the city prefecture counted 41,000.",
         "41,000", "city prefecture"),
        # A participle of saying takes its subject from the clause it hangs on.
        ("Police gave a far lower estimate, saying 12,500 people joined the march.", "12,500", "Police"),
        # A parenthetical attribution inside the clause.
        ("Most of the damage is in Eastfield, where, the insurer said, the storm flattened more than 300 homes.",
         "300", "insurer"),
        # Several counts, then the subject of the closing verb (not the stray figure the parse made one).
        ("The toll has risen to 632, with 329 people injured, 51 of them seriously, the coast guard said today.",
         "329", "coast guard"),
    ],
)
def test_closing_and_nearest_attribution(extractor, text, figure, want):
    got = speaker(extractor, text, figure)
    assert got is not None and want.lower() in got.lower(), got


@pytest.mark.parametrize(
    ("text", "figure", "want"),
    [
        ("The port authority's latest count lists 212 dead and 640 injured.", "212", "port authority"),
        ("By the charity's most recent tally, 3,150 people lost their homes.", "3,150", "charity"),
        ("The island has 18,000 people without water, according to figures released by the utilities board.",
         "18,000", "utilities board"),
        ("Some 45 people were detained, according to a provisional toll posted by Interior Minister Ivo Marsh.",
         "45", "Ivo Marsh"),
        ("A compilation of hospital figures by Norvia Press puts the toll at 77.", "77", "Norvia Press"),
        ("Weatherline on Monday raised its estimate of the insured loss to $9 billion.", "9 billion", "Weatherline"),
    ],
)
def test_reports_give_their_author(extractor, text, figure, want):
    got = speaker(extractor, text, figure)
    assert got is not None and want.lower() in got.lower(), got


def test_a_report_with_no_author_names_nobody(extractor):
    text = "Recent figures put the number of flooded farms at 1 300, most of them along the delta."
    assert speaker(extractor, text, "1 300") is None


def test_a_closing_clause_of_its_own_is_no_attribution(extractor):
    text = "The toll stood at 64 on Monday, and Mayor Lina Ortt warned it would climb in the coming days."
    assert speaker(extractor, text, "64") is None


def test_nearest_speaker_before_a_relaying_outlet(extractor):
    text = "Governor Abel Ruiz said it is likely that more than 900 residents are still missing, Channel Nine reported."
    assert "Ruiz" in (speaker(extractor, text, "900") or "")


@pytest.mark.parametrize(
    ("text", "figure", "want"),
    [
        ("The Lowland Relief Network said on Monday that it had opened six shelters. "
         "More than 2,100 families had registered by Tuesday, the group said.", "2,100", "Lowland Relief Network"),
        ("Norvik's transport ministry said trains would resume on Friday. "
         "The ministry said 3,400 passengers were stranded.", "3,400", "Norvik's transport ministry"),
    ],
)
def test_bare_noun_names_the_source_named_before(extractor, text, figure, want):
    assert speaker(extractor, text, figure) == want


@pytest.mark.parametrize(
    ("text", "figure", "want"),
    [
        # "according to" that relays a named estimate keeps the estimate's author.
        ("The exiled Harbour Council estimates that more than 1,900 people have died, according to a report by "
         "Tide Radio.", "1,900", "Harbour Council"),
        # ... but a bare count beside a claimed one takes the "according to" right after it.
        ("On Friday the guild claimed 90,000 strikers nationwide, against 34,000 according to the labour office.",
         "34,000", "labour office"),
        # A pronoun that repeats the outer speaker.
        ("Stormline Analytics said it expects $4 billion to $6 billion in insured losses.", "4 billion",
         "Stormline Analytics"),
        # Gapped counts: each source before its own figure.
        ("In Varna, the organisers counted 60,000 marchers, the prefecture 14,000 and the independent firm "
         "Crowdmetric 19,000.", "14,000", "prefecture"),
        ("In Varna, the organisers counted 60,000 marchers, the prefecture 14,000 and the independent firm "
         "Crowdmetric 19,000.", "19,000", "Crowdmetric"),
        # A clause that introduces the counts across a colon.
        ("Figures provided by the regional office showed large turnouts elsewhere: at least 12,000 people marched "
         "in Brill and 7,000 in Tarn.", "12,000", "regional office"),
        # A relative pronoun stands for the noun it hangs on.
        ("Harbour officials, who had earlier reported 31 deaths, now accept the coroner's figure.", "31",
         "Harbour officials"),
        # A report the subject acts on is the subject's.
        ("Two days later, Brightwater lifted its estimate to $3 billion.", "3 billion", "Brightwater"),
        # A counting ministry outranks the outlet that relays it.
        ("The Interior Ministry counted 640,000 marchers on Thursday, Daily Courier reported.", "640,000",
         "Interior Ministry"),
        # A figure a named source gave, in a relative clause on the figure.
        ("The envoy said 4,000 were missing, fewer than the 9,000 another spokesman for the agency had given.",
         "9,000", "spokesman"),
    ],
)
def test_relays_pronouns_gaps_and_clauses(extractor, text, figure, want):
    got = speaker(extractor, text, figure)
    assert got is not None and want.lower() in got.lower(), got


def test_a_title_abbreviation_names_the_person_later_called_by_title(extractor):
    text = ("Gov. Lena Marsh toured the valley on Monday. "
            "The governor said more than 600 homes had been destroyed.")
    assert speaker(extractor, text, "600") == "Lena Marsh"


def test_bare_plural_does_not_take_a_single_named_source(extractor):
    text = ("The Dockworkers Union said the strike would go on. "
            "In the capital, the unions said 80,000 people marched.")
    assert speaker(extractor, text, "80,000") == "unions"


def test_its_report_is_the_antecedent_s(extractor):
    text = ("Regional officials estimate 900 homes were lost, but Stormline expects far more, since its analysis puts "
            "about 2,300 buildings inside the burn zone.")
    assert speaker(extractor, text, "2,300") == "Stormline"


def test_cited_as_saying_names_the_cited(extractor):
    text = ("A regional paper on Friday cited the port's harbour master Ivo Dunn as saying that almost 700 boats were "
            "moored in the bay, with 90 ready to leave, he said.")
    assert "Dunn" in (speaker(extractor, text, "700") or "")


def test_a_name_written_with_the_is_an_organisation_for_the_group(extractor):
    text = ("The Orange Vests, who run rescue teams in the hills, said on Friday that 900 people were missing. "
            "More than 2,000 people had been hurt as of Saturday, the group said.")
    assert speaker(extractor, text, "2,000") == "Orange Vests"


def test_the_news_agency_is_the_named_agency_before(extractor):
    text = ("More than 8,000 homes were lost, according to a tally compiled by NPX from several sources. "
            "The count for the coast now stands at 2,950, the news agency said.")
    assert speaker(extractor, text, "2,950") == "NPX"


@pytest.mark.parametrize(
    ("headline", "want"),
    [
        ("KRA: more than 12,000 displaced by river floods", "KRA"),
        ("Valley storm toll rises to 310 in the east, ministry says", "ministry"),
        ("Brightwater Puts Coastal Storm Loss at Up to $3 Billion", "Brightwater"),
        ("Floods: toll passes 1,000", None),
    ],
)
def test_headline_speakers(extractor, headline, want):
    text = headline + "\n\nThe rain stopped on Monday morning."
    claims, _ = extractor.extract(Document(uri="t.txt", text=text))
    heads = [c for c in claims if c.kind == "headline"]
    assert heads and heads[0].speaker == want


@pytest.fixture(scope="module")
def lineages():
    from monitor.config import MonitorConfig
    from monitor.lineages import Lineages

    return Lineages(MonitorConfig(lineages=[
        {"name": "relief", "speakers": ["Blue Lantern", "Oskar van-Holt"]},
        {"name": "coordination", "speakers": ["CRX", "Office for Relief Coordination"]},
        {"name": "city", "speakers": ["city police prefecture", "Mayor Ines Calder"]},
    ]))


@pytest.mark.parametrize(
    ("said", "key", "want"),
    [
        ("Valdorian Blue Lantern spokesman Oskar van-Holt", "holt", "relief"),  # words anywhere in the speaker
        ("Oskar Van Holt", "holt", "relief"),  # hyphens and case
        ("Blue Lantern's press chief", "blue lantern press chief", "relief"),  # a possessive
        ("CRX, citing the Blue Lantern", "crx citing blue lantern", "coordination"),  # the first named wins
        ("the city police prefectures", "city police prefecture", "city"),  # a plural
        ("prefecture", "prefecture", "city"),  # a bare last word of one configured speaker
        ("Harbour Watch", "harbour watch", "harbour watch"),  # anyone else is their own lineage
        (None, None, "unattributed"),
    ],
)
def test_lineages_match_word_by_word(lineages, said, key, want):
    assert lineages.of(said, key) == want


def test_a_bare_coreferent_joins_the_named_speaker_s_lineage(extractor, lineages):
    text = ("The Blue Lantern relief service said on Monday that it had opened nine shelters. "
            "The service said 1,250 people had slept there overnight.")
    claims, _ = extractor.extract(Document(uri="t.txt", text=text))
    c = next(c for c in claims if c.text == "1,250")
    assert lineages.of(c.speaker, c.speaker_key) == "relief"


def test_a_leading_said_that_covers_every_count_after_it(extractor):
    text = ("Army spokesman Tal Noren announced on Sunday evening that more than 600 people had died, more than "
            "1,900 were injured and over 80 were missing.")
    for figure in ("600", "1,900", "80"):
        assert "Noren" in (speaker(extractor, text, figure) or ""), figure


def test_a_subject_the_parse_left_in_an_opening_phrase(extractor):
    text = "On Friday KVR, the region's flood agency, said 2,418 people had been evacuated."
    assert "KVR" in (speaker(extractor, text, "2,418") or "")


def test_a_place_before_a_title_is_part_of_the_title(extractor):
    text = ("Valley Gov. Lena Marsh toured the valley on Monday. "
            "The governor said more than 600 homes had been destroyed.")
    assert speaker(extractor, text, "600") == "Lena Marsh"


@pytest.mark.parametrize(
    ("text", "figure", "want"),
    [
        ("Nine men and four women were taken to hospital, a regional newspaper reported.", "Nine",
         "a regional newspaper"),
        ("A former harbour board member went further, floating a figure of 40,000.", "40,000",
         "A former harbour board member"),
    ],
)
def test_an_unnamed_source_keeps_its_indefinite_article(extractor, text, figure, want):
    assert speaker(extractor, text, figure) == want


def test_an_indefinite_source_is_not_the_one_named_before(extractor):
    text = ("The Valley Courier newspaper said the roads were closed. "
            "About 700 people were stranded overnight, a newspaper in the next town reported.")
    assert speaker(extractor, text, "700") == "a newspaper in the next town"


def test_a_bare_plural_source_takes_the_place_its_clause_opens_on(extractor):
    text = "In Velmar, officials reported at least 14 dead and 30 injured at two building sites."
    assert speaker(extractor, text, "14") == "officials in Velmar"


def test_a_named_report_is_what_the_tally_later_points_to(extractor):
    text = ("The toll climbed to 232, according to KTV's tally. "
            "As of Saturday, North Ardia had 117 deaths, the tally shows.")
    assert "KTV" in (speaker(extractor, text, "117") or "")


def test_a_report_released_by_a_source_the_parse_hung_elsewhere(extractor):
    text = ("The storm that struck several coastal provinces has killed 2,681 people and injured 2,501, according "
            "to an updated count up to 3 p.m. on Monday released by the interior ministry.")
    assert speaker(extractor, text, "2,501") == "interior ministry"


def test_reports_by_a_kind_of_source_name_it(extractor):
    text = "Some media reports suggested the crowd was over 300,000."
    assert speaker(extractor, text, "300,000") == "Some media reports"


@pytest.mark.parametrize(
    ("text", "figure", "want"),
    [
        ("A compilation of hospital figures by NPX puts the toll at 201 across the coast.", "201", "NPX"),
        ("The revised report from the Office for Relief Coordination, updated on Sunday morning, says more than "
         "9,000 people are still missing.", "9,000", "Office for Relief Coordination"),
    ],
)
def test_reports_within_reports_and_inserted_participles(extractor, text, figure, want):
    assert speaker(extractor, text, figure) == want


def test_a_hyphenated_name_is_no_dateline(extractor):
    text = "The PNTU-FSU, the main primary school union, announced that 65% of primary teachers were on strike."
    assert speaker(extractor, text, "65") == "PNTU-FSU"


def test_it_points_to_an_organisation_written_with_the(extractor):
    text = ("The Harbour Relief Organization for Migrants said that at least 3,000 people had fled the coast. "
            "It counted a further 640 displaced people inland.")
    assert speaker(extractor, text, "640") == "Harbour Relief Organization for Migrants"


def test_it_below_the_main_clause_is_the_main_clause_s_source(extractor):
    text = ("The guild said 90,000 marched. The transport ministry's national figure was higher than on Tuesday, "
            "when it had put turnout at 757,000.")
    assert speaker(extractor, text, "757,000") == "transport ministry"


def test_an_acronym_after_a_source_noun_names_it(extractor):
    text = "The toll in the northern areas has gone above 1,400, according to the state news agency XNA."
    assert "XNA" in (speaker(extractor, text, "1,400") or "")


def test_an_official_report_says_so(extractor):
    text = "The floods killed 3,351 people, according to the latest provisional official toll."
    assert speaker(extractor, text, "3,351") == "latest provisional official toll"


def test_an_aside_set_off_by_commas_before_the_figure(extractor):
    text = ("Most of the losses are expected in Velmar, where, the modeller said, the fire burned more than 2,100 "
            "acres and destroyed almost 900 homes.")
    assert speaker(extractor, text, "2,100") == "modeller"
    assert speaker(extractor, text, "900") == "modeller"


def test_a_closing_clause_with_its_own_figure_is_no_attribution(extractor):
    text = "Forty people died in Ardia, and KTV reports 33 deaths in Belmar and 12 in Corrin."
    assert speaker(extractor, text, "Forty") is None


def test_a_bare_source_as_the_article_wrote_it_in_full(extractor):
    text = ("The figures were released after the third meeting of the interagency commission overseeing the "
            "rebuilding. More than 4,200 homes collapsed, the commission said.")
    assert speaker(extractor, text, "4,200") == "interagency commission"


def test_a_bare_group_in_a_clause_set_elsewhere_is_that_place_s(extractor):
    text = ("Lindby police counted 9,000 marchers on Saturday. The turnout was below that of last week's march "
            "in Orsk, where police counted about 12,000 people.")
    assert speaker(extractor, text, "about 12,000") == "Orsk police"
    assert speaker(extractor, text, "9,000") == "Lindby police"


def test_a_clock_time_before_a_time_zone_does_not_end_the_sentence(extractor):
    from monitor.extract.text import split_sentences

    text = ("Marnia had the most outages, with 84,400 customers in the dark as of 12:30 p.m. ET, according to "
            "GridWatch. The mayor spoke at 6 p.m. The toll rose.")
    assert [s.text.split()[-1] for s in split_sentences(text)] == ["GridWatch.", "p.m.", "rose."]
    claims, _ = extractor.extract(Document(uri="t.txt", text=text))
    assert next(c for c in claims if c.text == "84,400").speaker == "GridWatch"


def test_a_sentence_that_goes_on_with_also_keeps_the_source_before(extractor):
    text = ("According to the relief agency, the storm left 18 people dead in Kesh. It also caused 34 injuries, "
            "most of them in Kesh.")
    assert speaker(extractor, text, "34") == "relief agency"
    # without "also", the next sentence's figure is nobody's until someone says it
    text = "According to the relief agency, the storm left 18 people dead in Kesh. It caused 34 injuries."
    assert speaker(extractor, text, "34") is None


def test_a_surnames_article_is_no_part_of_the_persons_key():
    from monitor.extract.speakers import speaker_key

    assert speaker_key("Colonel Rami al-Tahan") == speaker_key("Tahan") == "tahan"
    assert speaker_key("Lina el-Masri") == speaker_key("Masri")
    assert speaker_key("Alan Alder") == "alder"  # no article: the name as it is


def test_the_previous_count_is_the_same_sources(extractor):
    text = ("The relief agency said on Sunday that 410 people had died. The previous count, released on Saturday, "
            "had put the toll at 380.")
    assert speaker(extractor, text, "380") == "relief agency"
    # a count named as nobody's earlier one still names nobody
    text = "The relief agency said on Sunday that 410 people had died. Recent figures put the toll at 380."
    assert speaker(extractor, text, "380") is None


def test_a_list_that_follows_on_keeps_the_source_before(extractor):
    text = ("South Vell had 90,000 customers in the dark, according to GridWatch. Orlo followed with 70,000 "
            "customers without power.")
    assert speaker(extractor, text, "70,000") == "GridWatch"
