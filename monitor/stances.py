"""Stance maths: where the sources stand on a proposition, and when a new stance opposes them.

The counterpart of :mod:`monitor.consensus` for propositions (claims without a
figure). Each lineage holds its latest stance (affirm or deny); a lineage that
takes a side against more lineages than agree with it contradicts them, and one
that changes its own side is an update. Finding statements in text is
extraction (:mod:`monitor.extract.statements`); wording is :mod:`monitor.alerts`.
Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .records import Stance


@dataclass(frozen=True, kw_only=True)
class StanceJudgement:
    """What a new stance does: whether it is recorded, the verdict, and the stances it opposes."""

    changed: bool  # False: the lineage already holds this stance (nothing to record)
    verdict: str | None = None  # contradiction | update | None
    opposite: tuple[Stance, ...] = ()
    dispute: str | None = None  # contradictions are raised once per dispute key


def judge_stance(current: Sequence[Stance], proposition: str, lineage: str, stance: str) -> StanceJudgement:
    """Judge ``lineage`` taking ``stance`` on ``proposition``, given each lineage's ``current`` stance (in order)."""
    by_lineage = {s.lineage: s for s in current}
    own = by_lineage.get(lineage)
    if own is not None and own.stance == stance:
        return StanceJudgement(changed=False)
    others = [s for name, s in by_lineage.items() if name != lineage]
    opposite = tuple(s for s in others if s.stance != stance)
    same = [s for s in others if s.stance == stance]
    if own is not None:
        return StanceJudgement(changed=True, verdict="update", opposite=opposite)  # a lineage changing its own stance
    if len(opposite) > len(same):
        return StanceJudgement(
            changed=True, verdict="contradiction", opposite=opposite, dispute=f"{proposition}|{lineage}|{stance}"
        )
    return StanceJudgement(changed=True)
