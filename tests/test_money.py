"""What an amount of money measures, read from the parse (monitor/extract/money.py).

Every sentence here is invented for the test, in the shapes loss and cost reports take.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from monitor.alerts import number
from monitor.extract import Extractor
from monitor.records import Document

PUBLISHED = datetime(2031, 3, 13, 12, tzinfo=UTC)


@pytest.fixture(scope="module")
def extractor(nlp):
    return Extractor(nlp)


def counted(extractor, text: str, figure: str) -> str | None:
    claims, _ = extractor.extract(Document(uri="t.txt", text=text, published=PUBLISHED))
    hits = [c for c in claims if c.text == figure]
    assert hits, f"{figure!r} not found in {[c.text for c in claims]}"
    return hits[0].counted


@pytest.mark.parametrize(
    ("text", "figure", "what"),
    [
        # The verb's object: "put X at", "estimated X at", coordinated nouns kept whole.
        ("The modeller put wind and storm surge losses at $2.2 billion to $4.1 billion.",
         "$2.2 billion to $4.1 billion", "wind and storm surge losses"),
        ("The insurer had estimated private flood losses at close to $640 million.",
         "close to $640 million", "private flood losses"),
        # A framing noun gives what it is of: "its estimate of the damage".
        ("The bank raised its estimate of the total damage and economic loss to $5 billion.",
         "$5 billion", "total damage and economic loss"),
        # A range held by a verb: "places the toll in a range of".
        ("A consultancy places the economic toll of the storm in a range of $1.5 billion to $3 billion.",
         "$1.5 billion to $3 billion", "economic toll"),
        # The subject of a verb of size, also through "is likely to", "are expected to".
        ("The ministry said the damage could reach $12 billion.", "$12 billion", "damage"),
        ("The storm's economic impact on the islands is likely to reach $900 million.",
         "$900 million", "storm's economic impact"),
        ("Insured losses from the cyclone are expected to exceed $3 billion.", "exceed $3 billion", "Insured losses"),
        # A cost is the cost of its subject.
        ("Rebuilding the harbour district will cost an estimated $2.1 billion, the agency said.",
         "an estimated $2.1 billion", "rebuilding cost"),
        # What an amount comes from or reflects.
        ("About $1 billion of that comes from crop damage, while $400 million reflects lost tourism.",
         "About $1 billion", "crop damage"),
        ("About $1 billion of that comes from crop damage, while $400 million reflects lost tourism.",
         "$400 million", "lost tourism"),
        # What the verb does with it: "lost" an amount is a loss.
        ("The union said the yard had lost about 700 million euros last year.", "about 700 million", "loss"),
        # "$N in X", "X worth $N", "a $N loan".
        ("The quake caused $700 million in damage across the valley.", "$700 million", "damage"),
        ("The flooded zone holds insured property worth $2.5 billion.", "$2.5 billion", "insured property"),
        ("The lender approved a $300 million loan for reconstruction.", "$300 million", "loan"),
        ("Insurers expect claims of 4 million euros from the hail.", "4 million", "claims"),
    ],
)
def test_an_amount_counts_what_the_clause_says_it_is_the_value_of(extractor, text, figure, what):
    assert counted(extractor, text, figure) == what


def test_a_framing_noun_with_nothing_of_its_own_goes_on_about_the_amount_before(extractor):
    text = ("The firm put insured losses at $3 billion on Monday. Two days later it lifted the figure to "
            "$4 billion. Some 200 people remain in shelters.")
    assert counted(extractor, text, "$4 billion") == "insured losses"
    # A count of people in between does not carry over to money, nor money to people.
    assert counted(extractor, text, "Some 200") == "people"


def test_an_amount_after_a_count_of_people_does_not_take_the_people(extractor):
    text = "The death toll rose to 96. The total was put at $8 billion by the governor's office."
    assert counted(extractor, text, "$8 billion") is None


def test_a_valued_noun_of_its_own_is_no_framing_noun(extractor):
    # "home value" is a value of homes, not an estimate standing for the losses before it.
    text = ("Insurers said losses would be at least $1 billion, citing the area's average home value of "
            "$1.5 million.")
    assert counted(extractor, text, "$1.5 million") == "area's average home value"


@pytest.mark.parametrize(("v", "text"), [(1e9, "1 billion"), (3.5e9, "3.5 billion"), (2.5e6, "2.5 million"),
                                           (12_000, "12,000")])
def test_large_amounts_read_as_people_write_them(v, text):
    assert number(v, millions=True) == text


def test_an_amount_with_a_clause_of_its_own_is_not_the_amount_before(extractor):
    # "the $10.78 billion that visitors spent" is compared with the estimate, not another reading of it.
    text = ("A forecaster put the storm's economic impact at $8 billion. The figure comes close to the "
            "$10.78 billion that visitors spent on the islands last year.")
    assert counted(extractor, text, "$8 billion") == "storm's economic impact"
    assert counted(extractor, text, "$10.78 billion") is None
