"""Consensus maths: intervals, independent sources, verdicts (with Hypothesis properties)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.consensus import Interval, Verdict, Vote, claim_interval, consensus, judge, severity


def vote(lineage: str, low, high, qualifier="exact", seq=0, tol=0.25, text="") -> Vote:
    iv = claim_interval(low, high, qualifier, tol, text)
    value = low if low is not None else high
    return Vote(lineage=lineage, interval=iv, value=value, seq=seq)


@pytest.mark.parametrize(
    ("low", "high", "qualifier", "text", "expect"),
    [
        (10000, 10000, "exact", "", (7500, 12500)),
        (12000, 12000, "approx", "around 12,000", (9000, 15000)),
        (12000, 12000, "approx", "around 12,000 (tight tolerance)", (9600, 14400)),
        (3000, None, "at_least", "more than 3,000", (3000, 4500)),
        (None, 11000, "at_most", "almost 11,000", (8250, 11000)),
        (None, 700, "at_most", "up to 700", (350, 700)),
        (None, 1_030_000, "at_most", "as many as 1.03 million", (515_000, 1_030_000)),
        (2000, 12000, "range", "between 2,000 and 12,000", (2000, 12000)),
    ],
)
def test_claim_intervals(low, high, qualifier, text, expect):
    iv = claim_interval(low, high, qualifier, 0.1 if "tight" in text else 0.25, text)
    assert (iv.low, iv.high) == pytest.approx(expect)


def test_more_than_agrees_with_a_figure_inside_its_reading():
    votes = [vote("a", 4000, 4000)]
    assert judge(vote("b", 3000, None, "at_least", 1), votes).verdict is Verdict.AGREES


def test_more_than_3000_does_not_contradict_a_range_that_contains_it():
    votes = [vote("a", 2000, 12000, "range")]
    assert judge(vote("b", 3000, None, "at_least", 1), votes).verdict is not Verdict.CONTRADICTION


def test_wide_range_informs_but_does_not_define():
    votes = [vote("official", 2000, 12000, "range", 1)]
    assert consensus(votes).band is None
    assert judge(vote("a", 10000, 10000, seq=2), votes).verdict is Verdict.AGREES


def test_figure_far_below_the_majority_contradicts():
    votes = [vote("zelensky", 10000, 10000, seq=1), vote("spy", 12000, 12000, seq=2)]
    j = judge(vote("europe", 1000, 3999, "range", seq=3), votes)
    assert j.verdict is Verdict.CONTRADICTION and j.direction == "below"
    assert j.against.supporters == ("spy", "zelensky")


def test_one_vote_per_lineage_latest_replaces():
    votes = [vote("a", 100, 100, seq=1), vote("a", 200, 200, seq=5), vote("b", 200, 200, seq=2)]
    c = consensus(votes)
    assert c.supporters == ("a", "b")


def test_restatement_by_the_same_lineage():
    votes = [vote("a", 10000, 10000, seq=1), vote("b", 3000, 3000, seq=2)]
    assert judge(vote("a", 10000, 10000, seq=3), votes).verdict is Verdict.RESTATEMENT


def test_lineage_revising_its_own_figure_is_an_update():
    votes = [vote("a", 10000, 10000, seq=1)]
    assert judge(vote("a", 20000, 20000, seq=2), votes).verdict is Verdict.UPDATE


def test_cumulative_rise_is_an_update_and_fall_a_contradiction():
    toll = [vote("service", 31, 31, seq=1, tol=0.1), vote("red cross", 30, 30, seq=2, tol=0.1)]
    assert judge(vote("agency", 58, 58, seq=3, tol=0.1), toll, cumulative=True).verdict is Verdict.UPDATE
    later = [*toll, vote("agency", 58, 58, seq=3, tol=0.1)]
    j = judge(vote("governor", None, 20, "at_most", seq=4, tol=0.1, text="fewer than 20"), later, cumulative=True)
    assert j.verdict is Verdict.CONTRADICTION and j.direction == "below"


def test_a_source_rounding_its_own_count_down_to_a_floor_is_no_fall():
    own = [vote("ministry", 1270, 1270, seq=1, tol=0.05)]
    # "more than 1,200" after its own 1,270: the floor of a count, rounded down
    j = judge(vote("ministry", 1200, None, "at_least", seq=2, tol=0.05), own, cumulative=True)
    assert j.verdict is not Verdict.CONTRADICTION
    # "more than 900" after its own 1,270 is a fall, whatever room "more than" leaves above it
    j = judge(vote("ministry", 900, None, "at_least", seq=2, tol=0.05), own, cumulative=True)
    assert j.verdict is Verdict.CONTRADICTION and j.direction == "below"


def test_even_split_is_contested_not_a_verdict_on_either_side():
    votes = [vote("police", 15000, 15000, seq=1), vote("organisers", 100000, None, "at_least", seq=2)]
    c = consensus(votes)
    assert len(c.bands) == 2
    assert judge(vote("press", 110000, 110000, seq=3), votes).verdict is Verdict.AGREES


def test_severity_grows_with_distance_and_support():
    assert severity(3.0, 3) == "high"
    assert severity(1.1, 1) == "low"
    assert severity(3.0, 3, hedged=True) == "medium"


positive = st.floats(min_value=1, max_value=1e7, allow_nan=False)
qualifiers = st.sampled_from(["exact", "approx", "at_least", "at_most", "range"])


@st.composite
def votes_st(draw, n_max=6):
    n = draw(st.integers(min_value=1, max_value=n_max))
    out = []
    for i in range(n):
        q = draw(qualifiers)
        a = draw(positive)
        b = draw(positive) if q == "range" else a
        lo, hi = (min(a, b), max(a, b)) if q == "range" else ((a, a) if q in ("exact", "approx") else (a, None) if q == "at_least" else (None, a))
        out.append(vote(f"l{i}", lo, hi, q, seq=i, text="almost" if q == "at_most" else ""))
    return out


@settings(max_examples=200, deadline=None)
@given(votes_st(), st.randoms(use_true_random=False), st.booleans())
def test_order_of_independent_sources_does_not_change_the_consensus(votes, rnd, cumulative):
    shuffled = list(votes)
    rnd.shuffle(shuffled)
    a, b = consensus(votes, cumulative), consensus(shuffled, cumulative)
    assert a.band == b.band and a.supporters == b.supporters and set(a.bands) == set(b.bands)


@settings(max_examples=200, deadline=None)
@given(votes_st(), st.floats(min_value=0, max_value=1), st.booleans())
def test_a_figure_inside_the_band_never_contradicts(votes, where, cumulative):
    c = consensus(votes, cumulative)
    if c.band is None:
        return
    hi = c.band.high if not math.isinf(c.band.high) else c.band.low * 2
    x = c.band.low + where * (hi - c.band.low)
    new = Vote(lineage="newcomer", interval=Interval(low=x, high=x), value=x, seq=99)
    assert judge(new, votes, cumulative).verdict is not Verdict.CONTRADICTION


@settings(max_examples=100, deadline=None)
@given(votes_st())
def test_supporters_and_dissenters_partition_defining_votes(votes):
    c = consensus(votes)
    defining = {v.lineage for v in votes if not v.interval.wide}
    assert set(c.supporters) | set(c.dissenters) == defining
    assert not set(c.supporters) & set(c.dissenters)
