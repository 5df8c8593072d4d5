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
