"""Consensus maths: what a figure claims as an interval, where independent sources stand, and verdicts.

Pure functions over small frozen records, no I/O. The rules (from the labelling
conventions the project follows):

* each figure stands for an interval: an exact ``v`` is ``v`` within the metric's
  tolerance; "around v" is ±20% or the tolerance if larger; "more than v" is
  ``v..1.5v`` (as readers take it); "almost v" is just below ``v``, "up to v"
  anywhere below it; ranges and vague amounts as stated;
* each independent source (a speaker lineage) votes once, with its latest figure;
* a range so wide that it fits every report (high/low >= 3) informs but does
  not define the consensus;
* the consensus is the band covered by the most lineages; a figure whose
  interval misses it contradicts the consensus;
* on a cumulative metric (a death toll) an earlier figure is compatible with any
  later, higher one, so a rise is an update and only a fall is a contradiction;
  a fall below an earlier figure of any lineage (its own included) beyond
  tolerance contradicts it, unless the figure is presented as a correction;
* votes carry the time their figure refers to: a figure is judged only against
  votes at or before its time (:func:`in_force`), and level and estimate votes
  older than ``stale_after`` no longer make the consensus.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

WIDE_RATIO = 3.0
_TIGHT_AT_MOST = ("almost", "nearly", "close to", "just under", "approaching", "some")


class Verdict(StrEnum):
    """How a new figure relates to its metric's consensus."""

    FIRST = "first"
    AGREES = "agrees"
    RESTATEMENT = "restatement"
    CONTRADICTION = "contradiction"
    UPDATE = "update"
    EXCLUDED = "excluded"  # vague, hypothetical or retracted: informs, never votes or alerts


@dataclass(frozen=True, kw_only=True, slots=True)
class Interval:
    """A closed interval; ``math.inf`` for an open top."""

    low: float
    high: float

    @property
    def wide(self) -> bool:
        """True when it fits almost any report (high/low >= 3, or open)."""
        if math.isinf(self.high) or self.low <= 0:
            return True
        return self.high / self.low >= WIDE_RATIO

    @property
    def center(self) -> float:
        """Geometric middle (figures are compared by ratio, not difference)."""
        if math.isinf(self.high):
            return self.low
        if self.low <= 0:
            return self.high / 2
        return math.sqrt(self.low * self.high)

    def overlaps(self, other: Interval) -> bool:
        """True when the two intervals share at least one point."""
        return self.low <= other.high and other.low <= self.high


def claim_interval(
    low: float | None, high: float | None, qualifier: str, tolerance: float, text: str = "", vague: bool = False
) -> Interval | None:
    """The interval a figure stands for, or ``None`` when it has no number."""
    tol = max(0.0, tolerance)
    if low is None and high is None:
        return None
    if vague or qualifier == "range":
        lo = low if low is not None else 0.0
        hi = high if high is not None else math.inf
        return Interval(low=min(lo, hi), high=max(lo, hi))
    if qualifier == "at_least":
        v = low if low is not None else high
        assert v is not None
        return Interval(low=v, high=v * 1.5 if v > 0 else v + 1)
    if qualifier == "at_most":
        v = high if high is not None else low
        assert v is not None
        words = text.lower()
        if any(w in words for w in _TIGHT_AT_MOST):
            return Interval(low=v * (1 - max(tol, 0.2)), high=v)
        # "up to 700", "as many as 1.03 million": a ceiling, of which half is still the same claim.
        return Interval(low=v * 0.5, high=v)
    v = low if low is not None else high
    assert v is not None
    if low is not None and high is not None and low != high:
        v = (low + high) / 2
    spread = max(tol, 0.2) if qualifier == "approx" else tol
    a, b = v * (1 - spread), v * (1 + spread)
    return Interval(low=min(a, b), high=max(a, b))


@dataclass(frozen=True, kw_only=True, slots=True)
class Vote:
    """A lineage's latest figure on a metric."""

    lineage: str
    interval: Interval
    value: float  # the central figure as reported, for messages
    claim_id: int | None = None
    seq: int = 0  # arrival order; later replaces earlier within a lineage
    time: str | None = None  # ISO date (or date-time) the figure refers to; None: unknown


@dataclass(frozen=True, kw_only=True)
class Consensus:
    """Where most independent sources stand on one metric.

    ``band`` is ``None`` when no vote defines a consensus yet (none, or only wide
    ranges). When lineages split evenly, ``bands`` holds every band with the top
    support and ``band`` is the first of them. ``supporters`` are the lineages
    whose interval covers ``band``; ``values`` spans their reported figures (what
    a reader calls "the consensus").
    """

    band: Interval | None
    bands: tuple[Interval, ...] = ()
    supporters: tuple[str, ...] = ()
    dissenters: tuple[str, ...] = ()
    values: tuple[float, float] | None = None
    votes: tuple[Vote, ...] = field(default_factory=tuple)

    @property
    def center(self) -> float | None:
        """Middle of the band."""
        return self.band.center if self.band else None


def _effective(v: Vote, cumulative: bool) -> Interval:
    # An earlier count on a cumulative metric is a floor: any later, higher toll agrees with it.
    return Interval(low=v.interval.low, high=math.inf) if cumulative else v.interval


def day(time: str | None) -> int | None:
    """The day number of an ISO date or date-time (``None`` when unknown or unreadable).

    Times are compared by day: a figure "as of Tuesday" and an article published on
    Tuesday afternoon refer to the same moment.
    """
    if not time:
        return None
    try:
        return date.fromisoformat(time[:10]).toordinal()
    except ValueError:
        return None


STALE_KINDS = ("level", "estimate")
"""Metric kinds whose figures go stale: a crowd count or a loss estimate describes its own moment."""


def in_force(votes: Iterable[Vote], at: str | None, kind: str, stale_after: float) -> list[Vote]:
    """The votes a figure referring to time ``at`` is judged against.

    None whose time is later than ``at`` (a figure about Monday is not judged against
    Wednesday's); on a level or estimate metric none older than ``stale_after`` seconds
    before ``at``. A vote or a figure without a known time is always in force.
    """
    t = day(at)
    if t is None:
        return list(votes)
    out = []
    for v in votes:
        vt = day(v.time)
        if vt is not None and (vt > t or (kind in STALE_KINDS and (t - vt) * 86400 > stale_after)):
            continue
        out.append(v)
    return out


def latest_votes(votes: Iterable[Vote]) -> list[Vote]:
    """One vote per lineage: the latest (highest ``seq``)."""
    best: dict[str, Vote] = {}
    for v in votes:
        cur = best.get(v.lineage)
        if cur is None or v.seq >= cur.seq:
            best[v.lineage] = v
    return sorted(best.values(), key=lambda v: (v.lineage, v.seq))


def consensus(votes: Iterable[Vote], cumulative: bool = False) -> Consensus:
    """The band(s) covered by the most lineages, with who stands there."""
    latest = latest_votes(votes)
    defining = [(_effective(v, cumulative), v) for v in latest if not v.interval.wide]
    if not defining:
        return Consensus(band=None, votes=tuple(latest))
    # The coverage count only changes at an interval's low end, so those are the candidate points;
    # counting with two sorted lists keeps this O(n log n) for metrics with many sources.
    lows = sorted(iv.low for iv, _ in defining)
    highs = sorted(iv.high for iv, _ in defining)
    points = sorted(set(lows))
    counts = [bisect.bisect_right(lows, p) - bisect.bisect_left(highs, p) for p in points]
    top = max(counts)
    found: dict[frozenset[str], Interval] = {}
    for p, n in zip(points, counts, strict=True):
        if n != top:
            continue
        covering = [(iv, v) for iv, v in defining if iv.low <= p <= iv.high]
        names = frozenset(v.lineage for _, v in covering)
        found.setdefault(names, Interval(low=p, high=min(iv.high for iv, _ in covering)))
    # For a toll the highest band is the current one; otherwise report the first.
    ordered = sorted(found.items(), key=lambda kv: kv[1].low, reverse=cumulative)
    names, band = ordered[0]
    support = [v for _, v in defining if v.lineage in names]
    vals = [v.value for v in support]
    return Consensus(
        band=band,
        bands=tuple(b for _, b in ordered),
        supporters=tuple(sorted(names)),
        dissenters=tuple(sorted(v.lineage for _, v in defining if v.lineage not in names)),
        values=(min(vals), max(vals)),
        votes=tuple(latest),
    )


@dataclass(frozen=True, kw_only=True)
class Judgement:
    """The verdict on a new figure, with the consensus it was judged against."""

    verdict: Verdict
    against: Consensus
    direction: str | None = None  # "below" or "above" the band, for contradictions and updates
    deviation: float = 0.0  # ratio gap between the figure and the band (1.0 = touching)


def _gap(iv: Interval, band: Interval) -> tuple[str | None, float]:
    if iv.overlaps(band):
        return None, 1.0
    if iv.high < band.low:
        return "below", band.low / iv.high if iv.high > 0 else math.inf
    return "above", iv.low / band.high if band.high > 0 else math.inf


def judge(
    new: Vote, votes: Sequence[Vote], cumulative: bool = False, correction: bool = False, self_falls: bool = True
) -> Judgement:
    """Judge ``new`` against the earlier ``votes`` of the metric.

    The figure is compared with the consensus of the *other* lineages; a lineage
    that changes its own figure without leaving that consensus makes an update.
    On a cumulative metric a fall below an earlier figure beyond tolerance (its own
    lineage's too, unless ``self_falls`` is false) contradicts; a ``correction``
    turns what would be a contradiction into an update.
    """
    latest = latest_votes(votes)
    own = next((v for v in latest if v.lineage == new.lineage), None)
    if own is not None and same_figure(own, new):
        return Judgement(verdict=Verdict.RESTATEMENT, against=consensus(latest, cumulative))
    j = _judge_others(new, latest, own, cumulative)
    if cumulative and self_falls and own is not None and j.verdict is not Verdict.CONTRADICTION:
        # A source's own toll falls when the figure it now gives ("more than 3,800") is below the one it gave
        # ("at least 5,300"), whatever room "more than" leaves above it.
        fall = _fall(new, own, by_value=True)
        if fall is not None:
            j = Judgement(verdict=Verdict.CONTRADICTION, against=consensus([own], cumulative), direction="below",
                          deviation=fall)
    if correction and j.verdict is Verdict.CONTRADICTION:
        return Judgement(verdict=Verdict.UPDATE, against=j.against, direction=j.direction)
    return j


ROUNDED_DOWN = 0.1  # how far below a count a floor said of it ("more than 3,000") may be rounded


def _fall(new: Vote, earlier: Vote, by_value: bool = False) -> float | None:
    """How far (as a ratio) ``new`` lies below an earlier figure beyond tolerance; ``None``: it does not.

    ``by_value``: compare the figure as given (the floor of "more than v") rather than its interval's top.
    """
    top = min(new.value, new.interval.high) if by_value else new.interval.high
    # "more than 3,000" said after "3,190": a floor rounded down, not a fall (one from 5,300 to "more than 3,800" is)
    margin = 1 + ROUNDED_DOWN if by_value and new.value < new.interval.high else 1
    if earlier.interval.wide or top * margin >= earlier.interval.low:
        return None
    return earlier.interval.low / top if top > 0 else math.inf


def _judge_others(new: Vote, latest: list[Vote], own: Vote | None, cumulative: bool) -> Judgement:
    others = [v for v in latest if v.lineage != new.lineage]
    cons = consensus(others, cumulative)
    if cons.band is None:
        if own is None and not others:
            return Judgement(verdict=Verdict.FIRST, against=cons)
        if own is not None:
            return Judgement(verdict=Verdict.UPDATE, against=cons, direction=_direction(own, new))
        return Judgement(verdict=Verdict.AGREES if _fits_any(new, others) else Verdict.FIRST, against=cons)
    gaps = [_gap(new.interval, b) for b in cons.bands]
    direction, deviation = min(gaps, key=lambda g: g[1])
    if direction is None:
        if cumulative:
            # Every earlier count is a floor, so overlap is guaranteed; a rise past all of them is news.
            top = max(v.interval.high for v in others if not v.interval.wide)
            if new.interval.low > top:
                return Judgement(verdict=Verdict.UPDATE, against=cons, direction="above", deviation=new.interval.low / top)
        if own is not None and not own.interval.overlaps(new.interval):
            return Judgement(verdict=Verdict.UPDATE, against=cons, direction=_direction(own, new))
        return Judgement(verdict=Verdict.AGREES, against=cons)
    if cumulative and direction == "above":
        return Judgement(verdict=Verdict.UPDATE, against=cons, direction="above", deviation=deviation)
    return Judgement(verdict=Verdict.CONTRADICTION, against=cons, direction=direction, deviation=deviation)


def _direction(old: Vote, new: Vote) -> str:
    return "above" if new.interval.center > old.interval.center else "below"


def _fits_any(new: Vote, others: Sequence[Vote]) -> bool:
    return any(new.interval.overlaps(v.interval) for v in others)


def same_figure(a: Vote, b: Vote) -> bool:
    """Whether two votes give the same figure (the same value, much the same interval)."""
    return math.isclose(a.value, b.value, rel_tol=0.01) and math.isclose(
        a.interval.center, b.interval.center, rel_tol=0.25
    )


def severity(deviation: float, supporters: int, hedged: bool = False) -> str:
    """``high``, ``medium`` or ``low``: how far off the figure is, and how many sources stand against it."""
    level = 2 if deviation >= 2.0 else 1 if deviation >= 1.25 else 0
    if supporters >= 3:
        level = min(2, level + 1)
    if hedged:
        level -= 1
    return ("low", "medium", "high")[max(0, min(2, level))]
