"""Figure claims from fresh sentences: what is counted, who says it, how hedged, what is not a claim."""

from __future__ import annotations

import pytest

from monitor.extract import Extractor
from monitor.records import Document


@pytest.fixture(scope="module")
def extractor(nlp):
    return Extractor(nlp)


def claims_of(extractor, text: str):
    claims, _ = extractor.extract(Document(uri="t.txt", text=text))
    return claims


def the(claims, figure: str):
    hits = [c for c in claims if c.text == figure]
    assert hits, f"{figure!r} not found in {[c.text for c in claims]}"
    return hits[0]


@pytest.mark.parametrize(
    ("text", "figure", "counted"),
    [
        ("The agency said 4,200 volunteer firefighters were fighting the blaze.", "4,200", "volunteer firefighters"),
        ("Police counted about 15,000 marchers on the avenue.", "about 15,000", "marchers"),
        ("Officials said thousands of barrels of oil had leaked into the bay.", "thousands", "barrels of oil"),
        ("The war has cost tens of thousands of lives, the report said.", "tens of thousands", "lives"),
        ("The number of migrants who crossed the channel is estimated to be around 3,000.", "around 3,000", "migrants"),
        ("The ministry estimated the number of damaged schools at some 140.", "some 140", "damaged schools"),
        ("The death toll rose to 58 on Wednesday, the service said.", "58", "death toll"),
        ("Relief groups say 40,000 displaced are sleeping in schools.", "40,000", "displaced"),
        ("A police spokesman said the toll of 41 announced on Friday was based on identified bodies.", "41", "toll"),
        # A crowd is what a crowd figure counts; "a figure of 1.5 million" counts no "million".
        ("Several reports suggested the crowd was over 60,000.", "over 60,000", "crowd"),
        ("A former mayor went further, floating a figure of 1.5 million.", "1.5 million", "figure"),  # nothing before
        ("The firm says it now has 3M subscribers.", "3M", "subscribers"),
    ],
)
def test_counted_noun(extractor, text, figure, counted):
    assert the(claims_of(extractor, text), figure).counted == counted


@pytest.mark.parametrize(
    ("text", "figure", "counted"),
    [
        # A bare "figure", "number" or "estimate" is a figure of what was counted just before.
        ("Organisers said 900,000 people crossed the bridge. A former mayor went further, floating a figure of 1.2 "
         "million.", "1.2 million", "people"),
        ("The union said 62,000 nurses walked out. The health board put the number at 31,000.", "31,000", "nurses"),
        ("Rescuers said 140 villagers were missing. Officials later gave an estimate of 90.", "90", "villagers"),
        # One with something of its own keeps it.
        ("Rescuers said 140 villagers were missing. The number of confirmed dead had risen to 33.", "33",
         "confirmed dead"),
        ("Rescuers said 140 villagers were missing. The official figure for the injured was 58.", "58", "injured"),
        # A preposition left without its object is not part of what is counted.
        ("Officials said 120 families from the list of 300 issued on Monday had been found.", "120",
         "families from the list"),
    ],
)
def test_a_bare_figure_counts_what_was_counted_before(extractor, text, figure, counted):
    assert the(claims_of(extractor, text), figure).counted == counted


def test_elided_noun_takes_the_paired_figure_noun(extractor):
    text = "The colonel said almost 9,000 reservists were training in the north, with 1,800 ready to move to the coast."
    claims = claims_of(extractor, text)
    assert the(claims, "almost 9,000").counted == "reservists"
    assert the(claims, "1,800").counted == "reservists"


def test_part_whole(extractor):
    text = "The delegation numbered around 900, including 60 engineers and four doctors, the embassy said."
    claims = claims_of(extractor, text)
    whole = the(claims, "around 900")
    assert the(claims, "60").part_of == whole.index
    assert the(claims, "four").part_of == whole.index
    assert the(claims, "four").counted == "doctors"


@pytest.mark.parametrize(
    ("text", "figure", "speaker"),
    [
        ("Mayor Elena Ruiz said 300 buses had been hired for the march.", "300", "Mayor Elena Ruiz"),
        ('"We have seen 2,000 trucks cross the border," the customs chief told reporters.', "2,000", "customs chief"),
        ("About 70 percent of the harvest was lost, according to the farmers' union.", "About 70 percent", "farmers' union"),
        ("A local paper cited an unnamed official as saying that 45 wells had run dry.", "45", "unnamed official"),
        ("The census found that 1.2 million people lived in the valley.", "1.2 million", None),
        ("The storm destroyed 800 homes along the coast.", "800", None),
    ],
)
def test_speaker(extractor, text, figure, speaker):
    got = the(claims_of(extractor, text), figure).speaker
    if speaker is None:
        assert got is None
    else:
        assert got is not None and speaker.lower() in got.lower()


def test_pronoun_points_back_to_the_named_source(extractor):
    text = (
        "The harbour authority said on Monday that the port would reopen.\n"
        "It estimated the number of stranded containers at around 6,500."
    )
    assert the(claims_of(extractor, text), "around 6,500").speaker == "harbour authority"


def test_passive_estimate_takes_the_preceding_source(extractor):
    text = (
        "According to the regional health office, the outbreak began in March. "
        "The health office said clinics had been overwhelmed. "
        "The number of infected children is estimated to be around 1,400."
    )
    c = the(claims_of(extractor, text), "around 1,400")
    assert c.speaker is not None and "health office" in c.speaker


def test_speaker_key_joins_spellings_and_titles(extractor):
    text = (
        "Ukrainian President Volodymyr Zelenskyy said 500 drones had been shot down.\n"
        "Zelenskiy said 40 had been launched on Tuesday.\n"
        "The Ukrainian president said 12 had hit power stations."
    )
    keys = {c.text: c.speaker_key for c in claims_of(extractor, text) if c.kind == "quantity"}
    assert keys["500"] == keys["40"] == keys["12"] == "zelensky"


@pytest.mark.parametrize(
    ("text", "figure", "hedged"),
    [
        ("If verified, the report would mean 5,000 fighters had crossed, an official said.", "5,000", True),
        ("It's possible that 300 more vessels are involved, the admiral said.", "300", True),
        ("Rebels could field 2,000 men, the analyst said.", "2,000", True),
        ("The alleged shipment held 40 tonnes of grain.", "40", True),
        ("The ministry said 2,000 men had enlisted.", "2,000", False),
    ],
)
def test_hedges(extractor, text, figure, hedged):
    assert the(claims_of(extractor, text), figure).hedged is hedged


@pytest.mark.parametrize(
    ("text", "figure", "kind"),
    [
        ("The ceasefire was signed on 4 March 2023 in Geneva.", "2023", "date"),
        ("The treaty dates from 1994 and was renewed.", "1994", "year"),
        ("It was the worst drought since the 2011 famine, officials said.", "2011", "year"),
        ("Talks lasted two and a half years before a deal.", "two and a half", "duration"),
        ("A third country joined the talks.", "third", "ordinal"),
        ("The private channel 4K aired the same pictures.", "4K", "name"),
        ("The reform would raise the retirement age to 64 by 2030.", "64", "age"),
    ],
)
def test_non_claims_carry_their_kind(extractor, text, figure, kind):
    claims = claims_of(extractor, text)
    hits = [c for c in claims if figure in c.text]
    assert hits and all(c.kind != "quantity" for c in hits), [(c.text, c.kind) for c in claims]
    assert any(c.kind == kind for c in hits)


def test_page_furniture_is_not_a_claim(extractor):
    text = (
        "Workers said 1,100 jobs would go at the plant.\n"
        "Related: The 50 best beaches of 2024\n"
        "More from the newsroom\n"
        "- 10 tips for a cheaper commute\n"
    )
    claims = claims_of(extractor, text)
    assert the(claims, "1,100").kind == "quantity"
    assert all(c.kind != "quantity" for c in claims if c.text in ("50", "10"))


def test_headline_and_dateline_do_not_lend_a_speaker(extractor):
    text = "Flood toll rises to 31\n\nKELSK, 13 May (Wire) - At least 31 people have died, the rescue service said."
    claims = claims_of(extractor, text)
    body = [c for c in claims if c.kind == "quantity"]
    assert len(body) == 1 and body[0].speaker == "rescue service"
    assert any(c.kind == "headline" for c in claims)


def test_a_headline_figure_the_body_does_not_give_is_linked_the_same_one_is_not(linked):
    config = {"topics": [{"name": "kelsk-floods", "match": ["Kelsk", "flood"], "metrics": [
        {"key": "deaths", "counts": ["people", "dead", "deaths", "toll"], "state": "killed", "kind": "cumulative"},
        {"key": "displaced", "counts": ["people"], "state": "displaced", "kind": "level"},
    ]}]}
    text = ("Kelsk floods leave 4,000 people homeless\n\nAt least 31 people have died in the Kelsk floods, the "
            "rescue service said on Monday.")
    got = linked(config, text)
    assert got["4,000"] == "displaced"  # the body does not give it: the headline's own claim, linked
    assert got["At least 31"] == "deaths"
    text = ("Kelsk floods kill 31 people\n\nAt least 31 people have died in the Kelsk floods, the rescue service "
            "said on Monday.")
    got = linked(config, text)
    assert got["31"] is None  # the headline's 31 is the body's: the body's claim is the one linked
    assert got["At least 31"] == "deaths"


def test_offsets_point_into_the_text(extractor):
    text = "BRUSSELS: The alliance said between 2,000 and 12,000 volunteers had signed up, if verified."
    for c in claims_of(extractor, text):
        assert text[c.start : c.end] == c.text


@pytest.mark.parametrize(
    ("text", "figure", "kind"),
    [
        ("The toll rose to 40 after divers found 13 more bodies, the coast guard said.", "13", "increment"),
        ("Officials said another 200 soldiers would arrive on Monday.", "200", "increment"),
        ("Four of the people detained were released, police said.", "Four", "subset"),
        # a subset with a state or a place of its own counts something of its own
        ("The ministry said 2,884 of the dead have been buried.", "2,884", "quantity"),
        ("At least eight of those deaths were in Kessel, the agency said.", "At least eight", "quantity"),
        # (the whole is its noun phrase, not the verb after it)
        ("Two of the bridges collapsed in the flood, the county said.", "Two", "quantity"),
        ("Planners assume two people per square metre on the avenue.", "two", "rate"),
        ("That is one in five residents, the mayor said.", "one in five", "ratio"),
        ('"Whether it was 5,000 or 50,000, people are angry," the minister said.', "5,000", "hypothetical"),
        ("The valley was last flooded in 1987, when 61 people died.", "61", "historical"),
        # the year of a noun is no time of the figure
        ("That would come to about $4 billion, based on the bank's estimate of 2022 GDP.", "about $4 billion",
         "quantity"),
        ("The fire is worse than the 1961 blaze that killed 44 people, officials said.", "44", "historical"),
        ("The organisers' figure is more than four times the police estimate.", "more than four", "ratio"),
        ("The injured are aged between 15 and 66, the hospital said.", "between 15 and 66", "age"),
        ("Twenty men aged 15 to 66 were held, police said.", "66", "age"),
        ("Nearly 70 per cent of those detained were younger than 30, police said.", "30", "age"),
        ("Most of the victims were older than 65, the coroner said.", "65", "age"),
        # a share of a subset is a figure of its own
        ("Nearly 70 per cent of those detained were younger than 30, police said.", "Nearly 70 per cent",
         "quantity"),
        ("Over 90,000 people marched, the biggest protest since the port was handed over in 1997.", "Over 90,000",
         "quantity"),
        ("It was the deadliest quake since 1960, when a quake killed at least 12,000 people.", "at least 12,000",
         "historical"),
        ("The toll had stood at 115 since Aug. 21, the county said.", "Aug. 21", "date"),
        ("Guides said the march set off at two o'clock.", "two", "time"),
        ("Varna added nine deaths and Kesh four.", "nine", "increment"),
        ("Varna added nine deaths and Kesh four.", "four", "increment"),
    ],
)
def test_figures_that_are_not_levels(extractor, text, figure, kind):
    assert the(claims_of(extractor, text), figure).kind == kind


@pytest.mark.parametrize(
    ("text", "figure", "counted", "speaker"),
    [
        ('"We have counted 73 bodies so far," the coroner, Ida Frank, told reporters.', "73", "bodies", "Ida Frank"),
        ("Police chief Ana Holt defended the count. \"Our figure of about 9,000 marchers stands,\" she said.",
         "about 9,000", "marchers", "Police chief Ana Holt"),
        ("A reporter who watched the route, Ivo Lind, estimated the crowd at around 14,000.", "around 14,000", "crowd", "Ivo Lind"),
        ("City hall published the images behind its estimate of between 10,000 and 12,000 marchers.",
         "between 10,000 and 12,000", "marchers", "City hall"),
        ("The hospital network said it had admitted hundreds of injured overnight.", "hundreds", "injured", "hospital network"),
    ],
)
def test_quotes_estimates_and_possessives(extractor, text, figure, counted, speaker):
    c = the(claims_of(extractor, text), figure)
    assert c.counted == counted
    assert c.speaker is not None and speaker.lower() in c.speaker.lower(), c.speaker


def test_a_quote_that_goes_on_after_its_attribution(extractor):
    text = '"The search goes on," the fire chief, Tom Rask, said. "Dozens of people are still missing."'
    c = the(claims_of(extractor, text), "Dozens")
    assert c.speaker == "Tom Rask"


def test_parts_of_a_figure(extractor):
    text = "The ministry said 412 people had been injured, 58 of them seriously."
    claims = claims_of(extractor, text)
    assert the(claims, "58").part_of == the(claims, "412").index


def test_a_figure_put_in_a_group_by_its_predicate_counts_the_group(extractor):
    # Invented: a breakdown of the injured by sex, and of evacuees by age.
    text = ("Of the 64 injured, 41 are male and 23 are female, a hospital spokesman said. "
            "Of the 300 evacuees, 120 are children. Officials said 40 were injured in the collapse.")
    cs = claims_of(extractor, text)
    assert (the(cs, "41").counted, the(cs, "41").frame.states) == ("male", ("injured",))
    assert (the(cs, "23").counted, the(cs, "23").frame.states) == ("female", ("injured",))
    assert the(cs, "120").counted == "children"
    # The group names a part; a later figure with no noun of its own goes on with the whole's noun.
    assert the(cs, "40").counted == "evacuees"


def test_the_bodies_of_the_counted_are_what_is_counted(extractor):
    # Invented: bodies brought home across a border.
    text = ("The bodies of 212 Velmari workers killed abroad have been flown home. The remains of 40 victims "
            "were returned on Friday.")
    cs = claims_of(extractor, text)
    assert the(cs, "212").counted == "bodies of Velmari workers"
    assert the(cs, "40").counted == "remains of victims"


@pytest.mark.parametrize(
    ("text", "figure", "counted"),
    [
        # "45 more dead": the nominal adjective past "more"
        ("Deaths rose to 812. That is 45 more dead and 30 more injured than on Monday.", "45", "dead"),
        # "the count for Kessel": a scope, not what is counted
        ("Floods hit Kessel. The count for Kessel now stands at 412, the agency said.", "412", "count"),
        # "put the number killed ... at N": the number of those killed
        ("The monitor put the number killed across the valley at 5,120.", "5,120", "number"),
        # "the hundreds who were still missing": "who" says they are people
        ("The fire killed 81 people. The search goes on for the hundreds who were still missing.", "hundreds",
         "people"),
        # "the largest number of deaths, 1,293": the number set beside a count noun counts what it is of
        ("Kell province accounts for the largest number of deaths, 1,190, followed by Orsk with 402, officials said.",
         "1,190", "deaths"),
        ("Kell province accounts for the largest number of deaths, 1,190, followed by Orsk with 402, officials said.",
         "402", "deaths"),
        # "put the number of people affected in X at N", with "at N" hung on "affected": the people
        ("UN estimates put the number of people affected in Orlo and the hills at more than 300,000.",
         "more than 300,000", "people"),
        # "the number of missing", "the number of confirmed dead": what the count is of, however the parse hangs it
        ("The mayor said the number of missing, already in the hundreds, could reach about 9,000.", "about 9,000",
         "missing"),
        ("The governor said the number of confirmed dead in his state had risen to 33.", "33", "dead"),
        # "the toll rose to N, with M people injured and K still unaccounted for": K's noun is M's, not the toll
        ("Officials said the death toll from the quake had risen to 1,240, with more than 2,100 people injured and "
         "180 still unaccounted for.", "180", "people"),
        # "with 310 deaths, followed by Kesh with 95": the bare figure after "with" goes on with the noun before,
        # not the clause's subject
        ("The worst losses were in Orlo, with 310 deaths, followed by Kesh with 95, the ministry said.", "95",
         "deaths"),
        ("The heaviest toll was in Tervo, with 2,100 homes destroyed, ahead of Kesh with 800.", "800", "homes"),
        # "the 20,000 another spokesperson had given": a determiner starts another noun phrase
        ("Officials said 10,000 people were missing, fewer than the 20,000 another spokesperson had given that day.",
         "20,000", "people"),
    ],
)
def test_what_is_counted_in_less_common_shapes(extractor, text, figure, counted):
    assert the(claims_of(extractor, text), figure).counted == counted


def test_them_after_two_groups_of_people_is_all_of_them(extractor):
    text = "Twelve men and five women were taken to hospital. Nine of them were in a stable condition, doctors said."
    assert the(claims_of(extractor, text), "Nine").counted == "people"
    text = "Twelve men were taken to hospital. Nine of them were in a stable condition, doctors said."
    assert the(claims_of(extractor, text), "Nine").counted == "men"


def test_the_state_of_what_a_count_subject_counts(extractor):
    # "the number of people listed as missing stands at N": the people the count is of are the missing, and a
    # later "the figure" is the same count
    text = ("The number of people listed as \"unaccounted for\" after the Orlo fire now stands at 412, officials "
            "said, down from earlier in the week, when the figure was above 1,100.")
    cs = claims_of(extractor, text)
    assert the(cs, "412").frame.states == ("missing",)
    assert the(cs, "above 1,100").frame.states == ("missing",)


def test_people_moved_out_of_a_place_are_evacuated(extractor):
    cs = claims_of(extractor, "Officials have moved more than 40,000 people out of the flooded valley.")
    assert the(cs, "more than 40,000").frame.states == ("evacuated",)
    cs = claims_of(extractor, "The army relocated 9,000 residents from the fire zone on Tuesday.")
    assert the(cs, "9,000").frame.states == ("evacuated",)
    cs = claims_of(extractor, "The company moved 300 engineers to the new plant.")
    assert the(cs, "300").frame.states == ()


def test_those_not_accounted_for_are_missing(extractor):
    text = "Of the 90 workers, 31 got out, 20 have been found dead and 39 have not been accounted for."
    cs = claims_of(extractor, text)
    assert the(cs, "39").frame.states == ("missing",)
    assert the(cs, "20").frame.states == ("killed",)


def test_states_of_less_common_shapes(extractor):
    cs = claims_of(extractor, "The monitor put the number killed across the valley at 5,120.")
    assert the(cs, "5,120").frame.states == ("killed",)
    cs = claims_of(extractor, "The fire killed 81 people. The search goes on for the hundreds who were still missing.")
    assert the(cs, "hundreds").frame.states == ("missing",)


def test_a_part_put_in_a_group_by_its_predicate_counts_the_group_in_the_wholes_state(extractor):
    cs = claims_of(extractor, "At least 160 of the dead were migrant workers, most of them from abroad, he said.")
    c = the(cs, "At least 160")
    assert (c.kind, c.counted, c.frame.states) == ("quantity", "migrant workers", ("killed",))
    # a part in a state of its own keeps the whole's noun
    c = the(claims_of(extractor, "Officials said 812 of the dead had already been buried."), "812")
    assert (c.counted, c.frame.states) == ("dead", ("buried",))


def test_a_count_of_hospitals_or_shelters_is_not_what_a_later_figure_counts(extractor):
    text = "Some 40 people were taken to three hospitals, police said. Twelve of them were in a serious condition."
    assert the(claims_of(extractor, text), "Twelve").counted == "people"


def test_a_part_said_with_of_whom_counts_its_whole_and_keeps_its_own_clause(extractor):
    text = "The ministry's latest count lists 412 dead and 980 injured, 215 of whom are in a critical condition."
    cs = claims_of(extractor, text)
    assert the(cs, "215").counted == "injured"
    assert the(cs, "215").frame.sites == ("a critical condition",)
    assert the(cs, "980").frame.sites == ()


def test_a_count_of_days_is_not_what_a_later_figure_counts(extractor):
    text = ("Some 640,000 people marched across Marnia, fewer than on the two previous protest days. Of those, "
            "48,000 marched in Orlo.")
    assert the(claims_of(extractor, text), "48,000").counted == "people"


def test_a_dateline_of_a_date_alone_is_no_part_of_the_lead_sentence(extractor):
    from monitor.extract.text import split_sentences

    text = ("Sept 9 — The death toll from Friday's quake, centred near the town of Orsk in Kell province, has "
            "risen to 412, the ministry said.")
    sentences = split_sentences(text)
    assert sentences[0].furniture and sentences[0].text.startswith("Sept 9")
    assert sentences[1].text.startswith("The death toll")
    # the lead parses as a sentence of its own: the toll is what the figure counts
    assert the(claims_of(extractor, text), "412").counted.startswith("death toll")
