"""Which topics an article belongs to: the match words, on word boundaries, in any case."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.config import validate_config
from monitor.link import Linker


def linker(*topics: tuple[str, list[str]]) -> Linker:
    config = validate_config(
        {
            "topics": [
                {"name": name, "match": words, "metrics": [{"key": f"{name}_count", "counts": ["people"]}]}
                for name, words in topics
            ]
        }
    )
    return Linker(config)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Flooding in the Ravna valley forced 900 people from their homes.", ["floods"]),
        ("RAVNA: the river burst its banks.", ["floods"]),
        ("The Ravnas were spared.", ["floods"]),  # plural-tolerant
        ("Ravnaville held its summer fair.", []),  # not a word of its own
        ("Miners at Kessel Deep went on strike.", ["strike"]),
        ("Miners at Kessel\n  Deep walked out.", ["strike"]),  # a phrase across a line break
        ("The harbour at Kessel reopened.", []),
        ("Ravna and Kessel Deep both reported losses.", ["floods", "strike"]),
    ],
)
def test_topics_for(text, expected):
    lk = linker(("floods", ["Ravna", "flood"]), ("strike", ["Kessel Deep", "walkout"]))
    assert [t.name for t in lk.topics_for(text)] == expected


def test_letters_a_case_blind_regex_reads_as_ascii_still_match():
    # K (Kelvin sign), dotless and dotted I, long s: re.IGNORECASE matches them to k, i, s.
    lk = linker(("kiss", ["Kiss"]), ("isle", ["Isle"]))
    assert [t.name for t in lk.topics_for("\u212aI\u017f\u017f and \u0130SLE")] == ["kiss", "isle"]
    assert [t.name for t in lk.topics_for("K\u0131SS")] == ["kiss"]


def test_words_without_a_plain_first_letter_still_match():
    lk = linker(("nk", ["(DPRK)", "Åland"]))
    assert [t.name for t in lk.topics_for("Officials of the (DPRK) said so.")] == ["nk"]
    assert [t.name for t in lk.topics_for("Ferries to ÅLAND were cancelled.")] == ["nk"]


WORDS = ["Ravna", "North Korea", "Kessel Deep", "G20", "flood"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["RAVNA", "ravnas", "north  korea", "NORTH\nKOREA", "\u212aessel deep", "g20", "Floodes"]),
            st.text(alphabet=st.sampled_from(list("RrAaVvNnKkOoTtHhEeSsLlDdPpGg20 \n.-\u212a\u0130\u0131\u017f")), max_size=6),
        ),
        max_size=8,
    ).map("".join)
)
def test_the_quick_test_never_hides_what_the_regex_finds(text):
    lk = linker(("t", WORDS))
    alts = "|".join(re.escape(w).replace(r"\ ", r"\s+") + (r"(?:s|es)?" if w[-1].isalpha() else "") for w in WORDS)
    regex_says = re.search(r"(?<![\w])(?:" + alts + r")(?![\w])", text, re.I) is not None
    assert bool(lk.topics_for(text)) == regex_says
