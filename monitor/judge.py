"""Judging: a linked figure or a stance against what the other sources said, and the alert it raises.

Pure: the caller reads the votes (or stances) from the store, hands them in with
the new claim and its lineage, and writes back what comes out: the verdict, the
vote to record, the consensus to snapshot and the alert, if any. The maths is
:mod:`monitor.consensus` (figures) and :mod:`monitor.stances` (propositions);
the wording is :mod:`monitor.alerts`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from . import consensus as cons
from .alerts import Alert, alert_id, figure_alert, side, stance_alert, stance_evidence
from .config import Metric, Topic
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


def figure_interval(claim: Claim, metric: Metric) -> cons.Interval | None:
    """The interval a linked claim stands for on ``metric`` (``None``: it cannot be judged)."""
    return cons.claim_interval(claim.low, claim.high, claim.qualifier, metric.tolerance, claim.text, claim.vague)


def _value(claim: Claim) -> float:
    value = claim.low if claim.low is not None else claim.high
    if claim.low is not None and claim.high is not None and claim.low != claim.high:
        value = (claim.low + claim.high) / 2
    assert value is not None
    return value


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
) -> FigureVerdict:
    """Judge a stored, linked figure (``interval``: its :func:`figure_interval`) against the metric's ``votes``."""
    new = cons.Vote(lineage=lineage, interval=interval, value=_value(claim), claim_id=claim_id, seq=claim_id)
    stored = [sv.vote for sv in votes.values()]
    cumulative = metric.kind == "cumulative"
    j = cons.judge(new, stored, cumulative)
    if j.verdict is cons.Verdict.RESTATEMENT:
        return FigureVerdict(verdict=j.verdict)
    vote = after = None
    # A hedged figure ("could rise to 150", "if verified") is judged but does not vote.
    if not claim.hedged:
        quote = Quote(speaker=claim.speaker, sentence=claim.sentence, article=claim.article, text=claim.text,
                      low=claim.low, high=claim.high)
        vote = StoredVote(vote=new, quote=quote)
        after = cons.consensus([*[v for v in stored if v.lineage != lineage], new], cumulative)
    kind = None
    if j.verdict is cons.Verdict.CONTRADICTION:
        kind = "contradiction"
    elif j.verdict is cons.Verdict.UPDATE and not claim.hedged:
        kind = "update"  # a hedged figure above the band ("the toll could pass 100") is a projection, not a count
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
            dispute=f"{metric.key}|{lineage}|{j.direction}" if kind == "contradiction" else None,
        )
    return FigureVerdict(verdict=j.verdict, vote=vote, after=after, alert=alert)


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
