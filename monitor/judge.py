"""Judging: a linked figure or a stance against what the other sources said, and the alert it raises.

Pure: the caller reads the votes (or stances) from the store, hands them in with
the new claim and its lineage, and writes back what comes out: the verdict, the
vote to record, the consensus to snapshot and the alert, if any. The maths is
:mod:`monitor.consensus` (figures) and :mod:`monitor.stances` (propositions);
the wording is :mod:`monitor.alerts`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from . import consensus as cons
from .alerts import Alert, alert_id, figure_alert, side, stance_alert, stance_evidence
from .config import Metric, Topic
from .lineages import UNATTRIBUTED
from .records import Claim, Quote, Stance, Statement, StoredVote
from .stances import StanceJudgement, judge_stance

Votes = Mapping[str, StoredVote]
"""The latest vote of each lineage on one metric, oldest first."""


@dataclass(frozen=True, kw_only=True)
class FigureVerdict:
    """What judging one figure decided."""

    verdict: cons.Verdict
    vote: StoredVote | None = None  # the claim's vote, to record (None: it does not vote)
    after: cons.Consensus | None = None  # the metric's consensus once the vote is in, to snapshot
    alert: Alert | None = None  # raised unless its dispute was already alerted
    drop: tuple[str, ...] = ()  # lineages whose vote leaves the consensus (their figure was retracted)


def figure_interval(claim: Claim, metric: Metric) -> cons.Interval | None:
    """The interval a linked claim stands for on ``metric`` (``None``: it cannot be judged)."""
    return cons.claim_interval(claim.low, claim.high, claim.qualifier, metric.tolerance, claim.text, claim.vague)


def _value(claim: Claim) -> float:
    value = claim.low if claim.low is not None else claim.high
    if claim.low is not None and claim.high is not None and claim.low != claim.high:
        value = (claim.low + claim.high) / 2
    assert value is not None
    return value


def informs_only(claim: Claim, metric: Metric) -> bool:
    """A figure that is judged for information but never votes or alerts.

    A vague amount ("several hundred", "thousands"), and a hypothetical or forecast
    figure ("could climb to 10,000") on a metric that is not itself a forecast.
    """
    vague = claim.vague and not _BOUNDED.search(claim.text)
    return vague or (claim.frame.modality in ("hypothetical", "forecast") and not metric.takes_forecasts)


# "In the low thousands", "the high hundreds": the speaker bounds the figure within a stretch of one
# order of magnitude (1,000-3,999), an estimate that can be judged, unlike a bare "thousands".
_BOUNDED = re.compile(r"\b(?:low|lower|mid|middle|high|upper)[- ](?:tens|teens|twenties|hundreds|thousands|millions)\b", re.I)


def retracted_lineages(claim: Claim, votes: Votes) -> tuple[str, ...]:
    """The lineages whose current vote is the figure ``claim`` retracts (the same value, any lineage)."""
    value = _value(claim)
    # Within 5%: a retracted "11,300" also takes back the same source's rounded "11,000".
    return tuple(name for name, sv in votes.items() if math.isclose(sv.vote.value, value, rel_tol=0.05))


def judge_figure(
    *,
    claim: Claim,
    claim_id: int,
    lineage: str,
    interval: cons.Interval,
    topic: Topic,
    metric: Metric,
    votes: Votes,
    article_hash: str,
    now: str,
    time: str | None = None,
    stale_after: float = 7 * 86400,
) -> FigureVerdict:
    """Judge a stored, linked figure (``interval``: its :func:`figure_interval`) against the metric's ``votes``.

    ``time`` is when the figure refers to (its stated time, else its article's publication);
    the figure is judged against the votes in force then (:func:`monitor.consensus.in_force`).
    Vague, hypothetical and retracted figures never vote or alert; a restated one never
    alerts and does not replace a newer vote of its lineage.
    """
    frame = claim.frame
    time = frame.time or time  # a time the sentence states outranks its article's
    new = cons.Vote(lineage=lineage, interval=interval, value=_value(claim), claim_id=claim_id, seq=claim_id, time=time)
    settled = _settled(claim, new, metric, votes, lineage)
    if settled is not None:
        return settled
    own = votes.get(lineage)
    stored = cons.in_force([sv.vote for sv in votes.values()], time, metric.kind, stale_after)
    cumulative = metric.kind == "cumulative"
    if cumulative and _a_part(new, stored):
        return FigureVerdict(verdict=cons.Verdict.EXCLUDED)
    # An unattributed figure may be judged, but "unattributed" is no source to fall below itself.
    # A source does not contradict itself within one report: "72 injured ... 50 men" is a part.
    same_report = own is not None and own.quote is not None and own.quote.article == claim.article
    j = cons.judge(new, stored, cumulative, correction=frame.correction,
                   self_falls=lineage != UNATTRIBUTED and not same_report)
    if cumulative and j.verdict is cons.Verdict.UPDATE and j.direction == "above" and _same_report_rival(
            claim, new, votes, lineage):
        # A higher count is a rise only if it comes later: two sources' counts in one report are of one moment.
        j = cons.Judgement(verdict=cons.Verdict.CONTRADICTION, against=j.against, direction="above",
                           deviation=j.deviation)
    if frame.explained and metric.kind == "level" and j.verdict is cons.Verdict.CONTRADICTION:
        # "245 people from the list had been located": a level that moved for a reason given with it.
        j = cons.Judgement(verdict=cons.Verdict.UPDATE, against=j.against, direction=j.direction)
    if frame.restated:
        j = cons.Judgement(verdict=cons.Verdict.RESTATEMENT, against=j.against)
    hedged = hedged_claim(claim, metric)
    vote = after = None
    if j.verdict is cons.Verdict.RESTATEMENT and not frame.restated:
        # The same figure said again: it only refreshes the time of its lineage's vote.
        own = votes.get(lineage)
        if hedged or own is None or not _later(new, own.vote):
            return FigureVerdict(verdict=j.verdict)
    # An unattributed figure informs but does not vote: no source stands behind it, and a figure whose
    # speaker was missed would otherwise anchor the consensus as a source of its own.
    if not hedged and lineage != UNATTRIBUTED and _replaces(new, votes.get(lineage), frame.restated):
        quote = Quote(speaker=claim.speaker, sentence=claim.sentence, article=claim.article, text=claim.text,
                      low=claim.low, high=claim.high)
        vote = StoredVote(vote=new, quote=quote)
        after = cons.consensus([*[v for v in stored if v.lineage != lineage], new], cumulative)
    kind = _alert_kind(j, new, stored, lineage, metric, hedged)
    alert = None
    if kind is not None:
        alert = figure_alert(
            alert_id=alert_id(article_hash, topic.name, metric.key, f"claim {claim.index}", kind),
            time=now,
            kind=kind,
            topic=topic.name,
            metric=metric.key,
            claim=claim,
            claim_id=claim_id,
            lineage=lineage,
            judgement=j,
            quotes={name: sv.quote for name, sv in votes.items()},
            dispute=dispute_key(metric.key, lineage, j) if kind == "contradiction" else None,
            cumulative=cumulative,
        )
    return FigureVerdict(verdict=j.verdict, vote=vote, after=after, alert=alert)


def _settled(claim: Claim, new: cons.Vote, metric: Metric, votes: Votes, lineage: str) -> FigureVerdict | None:
    """The verdict on a figure that needs no consensus: retracted, informing only, or its source's own
    figure again (``None``: judge it)."""
    if claim.frame.retracted:
        return FigureVerdict(verdict=cons.Verdict.EXCLUDED, drop=retracted_lineages(claim, votes))
    if informs_only(claim, metric):
        return FigureVerdict(verdict=cons.Verdict.EXCLUDED)
    own = votes.get(lineage)
    if own is None or not cons.same_figure(own.vote, new) or claim.frame.restated:
        return None
    # A source repeating its own figure, however old, adds nothing: its vote's time is refreshed.
    if hedged_claim(claim, metric) or not _later(new, own.vote):
        return FigureVerdict(verdict=cons.Verdict.RESTATEMENT)
    others = [sv.vote for name, sv in votes.items() if name != lineage]
    after = cons.consensus([*others, new], metric.kind == "cumulative")
    return FigureVerdict(verdict=cons.Verdict.RESTATEMENT, vote=StoredVote(vote=new, quote=own.quote), after=after)


PART_RATIO = 0.25
"""On a cumulative metric, a figure under this share of the standing count is taken for a part of it."""


def _alert_kind(j: cons.Judgement, new: cons.Vote, stored: Sequence[cons.Vote], lineage: str, metric: Metric,
                hedged: bool) -> str | None:
    """The kind of alert a judgement raises: ``contradiction``, ``update`` or none."""
    # Projections differ by what each modeller assumes: they inform the consensus, but one projection is no
    # contradiction of another, and none is compared with what happened (a forecast metric holds only them).
    # Nobody stands behind an unattributed figure, so it accuses no source of being out of line; but a
    # cumulative count reported below what was already counted is wrong whoever reports it.
    fall = metric.kind == "cumulative" and any(new.interval.high < v.interval.low for v in stored)
    if j.verdict is cons.Verdict.CONTRADICTION and (lineage != UNATTRIBUTED or fall) and metric.kind != "forecast":
        return "contradiction"
    if j.verdict is cons.Verdict.UPDATE and not hedged:
        return "update"  # a hedged figure above the band ("the toll could pass 100") is a projection, not a count
    return None


def _same_report_rival(claim: Claim, new: cons.Vote, votes: Votes, lineage: str) -> bool:
    """Whether another source's count in the same report, for the same time, leaves no overlap with ``new``."""
    if lineage == UNATTRIBUTED or new.interval.wide or claim.hedged or claim.frame.modality != "asserted":
        return False  # "a 35 percent chance of between 100 and 1,000 deaths" informs, it disputes nothing
    return any(
        name != lineage and sv.quote is not None and sv.quote.article == claim.article
        and (sv.vote.time or "")[:10] == (new.time or "")[:10] and not sv.vote.interval.overlaps(new.interval)
        for name, sv in votes.items()
    )


def _a_part(new: cons.Vote, stored: Sequence[cons.Vote]) -> bool:
    """A toll far below the standing one ("10 deaths" against 2,400) counts one town, site or day, not the
    whole: a source revising the same toll by three quarters would be extraordinary, a sub-count is common.
    It informs but neither votes nor alerts."""
    floors = [v.interval.low for v in stored if v.lineage != new.lineage and not v.interval.wide]
    return bool(floors) and new.interval.high < PART_RATIO * max(floors)


def hedged_claim(claim: Claim, metric: Metric | None = None) -> bool:
    """A figure said with a hedge ("possible", "if verified"): it is judged but never votes.

    On a forecast metric "could reach" is the figure itself, not a hedge on it.
    """
    if metric is not None and metric.kind == "forecast":
        return claim.frame.modality == "hedged"
    return claim.hedged or claim.frame.modality == "hedged"


def _replaces(new: cons.Vote, own: StoredVote | None, restated: bool) -> bool:
    """Does ``new`` become its lineage's vote? Not over a vote of a later time; a restatement only over an
    older vote of its lineage (an earlier report is no current figure on its own)."""
    if restated:
        # An earlier report re-reported: a current figure only when it states a time after its lineage's vote.
        return own is not None and _later(new, own.vote)
    if own is None:
        return True
    mine, theirs = cons.day(new.time), cons.day(own.vote.time)
    return mine is None or theirs is None or mine >= theirs


def _later(new: cons.Vote, old: cons.Vote) -> bool:
    mine, theirs = cons.day(new.time), cons.day(old.time)
    return mine is not None and theirs is not None and mine > theirs


def dispute_key(metric: str, lineage: str, j: cons.Judgement) -> str:
    """The dispute(s) a contradiction raises, one key per pair of lineages, newline-separated.

    A key names the metric and which lineage stands above which (``deaths|red_crescent>eastern``),
    so either side moving the same way again continues the same dispute and alerts no more.
    """
    keys = []
    for other in j.against.supporters or (lineage,):
        high, low = (lineage, other) if j.direction == "above" else (other, lineage)
        keys.append(f"{metric}|{high}>{low}")
    return "\n".join(sorted(set(keys)))


def restated_link(
    claim: Claim, candidates: Sequence[tuple[str, str]], lineage: str, votes_of: Callable[[str, str], Votes]
) -> tuple[str, str] | None:
    """Among the metrics a claim fits, the one where its lineage already gave this very figure (``None``: none).

    "Its estimate of between 20,000 and 30,000" in a later article restates the
    first march's figure even when the second march was named closer to it.
    ``votes_of(topic, metric)`` gives a metric's votes.
    """
    if len(candidates) < 2 or claim.kind != "quantity":
        return None
    for topic, metric in candidates:
        own = votes_of(topic, metric).get(lineage)
        if own is not None and own.quote is not None and (own.quote.low, own.quote.high) == (claim.low, claim.high):
            return topic, metric
    return None


def judge_stance_alert(
    *,
    source: Claim | Statement,
    proposition: str,
    stance: str,
    lineage: str,
    topic: str,
    current: Sequence[Stance],
    article_hash: str,
    now: str,
    statement_id: int | None = None,
) -> tuple[StanceJudgement, Alert | None]:
    """Judge ``lineage`` taking ``stance`` (through a statement, or a figure that affirms) against the ``current`` stances."""
    j = judge_stance(current, proposition, lineage, stance)
    if j.verdict is None:
        return j, None
    place = f"claim {source.index}" if isinstance(source, Claim) else f"statement {source.index}"
    alert = stance_alert(
        alert_id=alert_id(article_hash, topic, proposition, place, j.verdict),
        time=now,
        kind=j.verdict,
        topic=topic,
        proposition=proposition,
        lineage=lineage,
        stance=stance,
        evidence=stance_evidence(source, proposition, stance),
        opposite=[side(s, s.quote) for s in j.opposite],
        statement_id=statement_id,
        dispute=j.dispute,
    )
    return j, alert
