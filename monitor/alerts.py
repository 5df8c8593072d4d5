"""Alerts: the record judging makes, its id, its wording, and how numbers are written.

One place says how a figure reads ("12,000", "1.5 million", "40,000-45,000") and
how an alert is worded, for the alert log, the daemon's log, notifications, the
report and the command line alike. Pure: no I/O.

An alert's id is a hash of what it is about (the article's content hash, the
topic, the metric or proposition, the claim's place in the article and the
kind), so a replay, a restart or a second worker gives the same alert the same
id and the alert log's dedupe holds across processes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from . import consensus as cons
from .records import Claim, Quote, Stance, Statement

# --- numbers ------------------------------------------------------------------------


def number(v: float | None, none: str = "?", millions: bool = False) -> str:
    """A figure as people write it: ``12,000``, ``2.5``; with ``millions``, ``1.28 million``, ``3.5 billion``."""
    if v is None:
        return none
    if millions and v >= 1_000_000_000 and v % 10_000_000 == 0:
        return f"{v / 1_000_000_000:g} billion"
    if millions and v >= 1_000_000 and v % 10_000 == 0:
        return f"{v / 1_000_000:g} million"
    v = float(v)
    return f"{v:,.0f}" if v.is_integer() or abs(v) >= 100 else f"{v:g}"


def span(lo: float | None, hi: float | None) -> str:
    """An alert message's range: ``58``, ``40,000-45,000`` (``?`` when unknown)."""
    if lo is None and hi is None:
        return "?"
    if lo is None or hi is None or abs(lo - hi) < 1e-9:
        return number(lo if lo is not None else hi, millions=True)
    return f"{number(lo, millions=True)}-{number(hi, millions=True)}"


def band_text(values: tuple[float, float] | list[float] | None, open_top: bool = False) -> str:
    """A consensus as people read it: ``40,000-45,000``; on a cumulative metric (``open_top``: every
    count is a floor) ``at least 40`` rather than ``15-40``."""
    if not values:
        return "none yet"
    if open_top:
        return f"at least {number(max(values), millions=True)}"
    return span(*values)


def compact(v: float | None) -> str:
    """A chart tick: ``1.2k``, ``3M``."""
    if v is None:
        return "?"
    a = abs(v)
    for div, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if a >= div:
            return f"{v / div:.3g}{suffix}"
    return f"{v:g}" if a >= 1 or a == 0 else f"{v:.2g}"


def one_line(value: Any) -> str:
    """Text with every run of whitespace as one space: a quote with a line break never splits a log line."""
    return " ".join(str(value or "").split())


# --- the record ---------------------------------------------------------------------


def alert_id(article_hash: str, topic: str, subject: str, place: str, kind: str) -> str:
    """The id of an alert: the same in every process that raises it (16 hex digits)."""
    key = "\x1f".join((article_hash, topic, subject, place, kind))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, kw_only=True)
class Alert:
    """A figure or a stance that opposes the consensus, or a source that changed its own.

    ``to_dict()`` is what the alert log holds (one JSON object per line). ``claim_id``,
    ``statement_id`` and ``dispute`` tie it to the store and stay out of the log.
    """

    id: str
    time: str
    kind: str  # contradiction | update
    topic: str
    metric: str | None = None
    proposition: str | None = None
    claim: dict[str, Any] = field(default_factory=dict)
    consensus: dict[str, Any] = field(default_factory=dict)
    direction: str | None = None
    severity: str = "low"
    message: str = ""
    claim_id: int | None = None
    statement_id: int | None = None
    dispute: str | None = None  # raised once per dispute key (a contradiction)

    def to_dict(self) -> dict[str, Any]:
        """The alert as the log holds it (the key order is the log's format)."""
        if self.proposition is None:
            return {
                "id": self.id, "time": self.time, "kind": self.kind, "topic": self.topic, "metric": self.metric,
                "claim": self.claim, "consensus": self.consensus, "direction": self.direction,
                "severity": self.severity, "message": self.message,
            }
        return {
            "id": self.id, "time": self.time, "kind": self.kind, "topic": self.topic, "proposition": self.proposition,
            "metric": None, "claim": self.claim, "consensus": self.consensus, "severity": self.severity,
            "message": self.message,
        }


# --- wording ------------------------------------------------------------------------


def _evidence(votes: tuple[cons.Vote, ...], quotes: dict[str, Quote | None]) -> list[dict[str, Any]]:
    out = []
    for v in votes:
        q = quotes.get(v.lineage)
        out.append(
            {
                "lineage": v.lineage,
                "speaker": q.speaker if q else None,
                "figure": q.text if q else number(v.value, millions=True),
                "value": v.value,
                "low": v.interval.low,
                "high": None if v.interval.high == float("inf") else v.interval.high,
                "quote": q.sentence if q else None,
                "article": q.article if q else None,
            }
        )
    return out


def _who(lineages: Iterable[str], speakers: dict[str, str | None]) -> str:
    """Lineages by their configured name, each with the speaker behind its vote: ``police (Police chief Lo)``."""
    out = []
    for name in lineages:
        speaker = speakers.get(name)
        if speaker and name.casefold() in speaker.casefold():
            out.append(speaker)  # "Social Affairs Minister Lena Korvac", not "korvac (Social Affairs ...)"
        else:
            out.append(f"{name} ({speaker})" if speaker else name)
    return "; ".join(out)


def consensus_text(against: cons.Consensus, speakers: dict[str, str | None], cumulative: bool = False) -> str:
    """The consensus a figure is judged against, in words: its band and who stands there.

    On an even split every side is shown (``100 (police) vs 300 (organisers)``).
    """
    if len(against.bands) > 1:
        sides = []
        for band in against.bands:
            here = [v for v in against.votes if not v.interval.wide and
                    (v.interval.low <= band.low <= v.interval.high or (cumulative and v.interval.low <= band.low))]
            vals = [v.value for v in here]
            sides.append(f"{band_text((min(vals), max(vals)) if vals else None, cumulative)} "
                         f"({_who(sorted(v.lineage for v in here), speakers)})")
        return "split: " + " vs ".join(sides)
    return f"{band_text(against.values, cumulative)} ({_who(against.supporters, speakers)})"


def figure_alert(
    *,
    alert_id: str,
    time: str,
    kind: str,
    topic: str,
    metric: str,
    claim: Claim,
    claim_id: int,
    lineage: str,
    judgement: cons.Judgement,
    quotes: dict[str, Quote | None],
    dispute: str | None,
    cumulative: bool = False,
) -> Alert:
    """The alert on a figure judged ``kind`` (contradiction or update); ``quotes`` by lineage of the votes against it.

    The message names the claim's speaker and lineage and the lineages it stands against by their
    configured names; on a ``cumulative`` metric the consensus reads "at least N".
    """
    against = judgement.against
    evidence = _evidence(against.votes, quotes)
    speakers = {e["lineage"]: e["speaker"] for e in evidence}
    speaker = claim.speaker or "Unattributed"
    # The lineage is shown when it says more than the speaker does ("Gov. Cooper (nc_state)", not "Korvac (korvac)").
    if lineage.casefold() != "unattributed" and lineage.casefold() not in speaker.casefold():
        speaker = f"{speaker} ({lineage})"
    figure = f"{claim.text} {claim.counted or ''}".strip()
    if kind == "contradiction":
        message = f"{speaker}: {figure}; consensus {consensus_text(against, speakers, cumulative)}"
    else:
        own = next((e for e in evidence if e["lineage"] == lineage), None)
        before = f" (was {own['figure']})" if own else ""
        message = f"{speaker}: {figure}{before}; {metric} {'rose' if judgement.direction == 'above' else 'changed'}"
        if against.values:
            message += f"; others {consensus_text(against, speakers, cumulative)}"
    claim_dict = claim.to_dict()
    claim_dict["id"] = claim_id
    claim_dict["lineage"] = lineage
    return Alert(
        id=alert_id,
        time=time,
        kind=kind,
        topic=topic,
        metric=metric,
        claim=claim_dict,
        consensus={
            "low": against.band.low if against.band else None,
            "high": against.band.high if against.band and against.band.high != float("inf") else None,
            "center": against.center,
            "values": list(against.values) if against.values else None,
            "supporters": list(against.supporters),
            "lineages": evidence,
        },
        direction=judgement.direction,
        severity=(
            cons.severity(judgement.deviation, len(against.supporters), claim.hedged) if kind == "contradiction" else "low"
        ),
        message=message,
        claim_id=claim_id,
        dispute=dispute,
    )


def side(stance: Stance, quote: Quote | None) -> dict[str, Any]:
    """One lineage's side on a proposition, as alerts and views show it."""
    q = quote or Quote(speaker=None, sentence=None, article=None)
    return {"lineage": stance.lineage, "stance": stance.stance, "speaker": q.speaker, "quote": q.sentence, "article": q.article}


def stance_evidence(source: Claim | Statement, proposition: str, stance: str) -> dict[str, Any]:
    """What a stance alert quotes as its claim: the statement, or the figure that affirms the proposition."""
    out = source.to_dict()
    if isinstance(source, Claim):
        out["proposition"] = proposition
        out["stance"] = stance
    return out


def stance_alert(
    *,
    alert_id: str,
    time: str,
    kind: str,
    topic: str,
    proposition: str,
    lineage: str,
    stance: str,
    evidence: dict[str, Any],
    opposite: list[dict[str, Any]],
    statement_id: int | None,
    dispute: str | None,
) -> Alert:
    """The alert on a lineage's stance; ``opposite`` are the sides (see :func:`side`) it stands against."""
    claim = dict(evidence)
    claim["lineage"] = lineage
    speaker = claim.get("speaker") or lineage
    verb = "denies" if stance == "deny" else "affirms"
    against = "; ".join(q["speaker"] or q["lineage"] for q in opposite)
    return Alert(
        id=alert_id,
        time=time,
        kind=kind,
        topic=topic,
        proposition=proposition,
        claim=claim,
        consensus={
            "stance": "affirm" if stance == "deny" else "deny",
            "lineages": opposite,
            "supporters": sorted(q["lineage"] for q in opposite),
        },
        severity="medium" if len(opposite) >= 2 else "low",
        message=f"{speaker} {verb} {proposition}" + (f", against {against}" if against else ""),
        statement_id=statement_id,
        dispute=dispute,
    )


# --- one line -----------------------------------------------------------------------


def subject(alert: dict[str, Any]) -> str:
    """What an alert is about: its metric or proposition."""
    return alert.get("metric") or alert.get("proposition") or ""


def article_of(alert: dict[str, Any]) -> str | None:
    """The article an alert quotes."""
    return (alert.get("claim") or alert.get("statement") or {}).get("article")


def log_line(alert: dict[str, Any]) -> str:
    """One alert as one line of the daemon's log: kind, severity, topic/metric, message, article."""
    article = article_of(alert)
    where = f"  ({article})" if article else ""
    line = (
        f"{str(alert.get('kind', '')).upper()} [{alert.get('severity', '')}] "
        f"{alert.get('topic', '')}/{subject(alert)}: {alert.get('message', '')}{where}"
    )
    return " ".join(line.split())  # one alert, one log line, whatever its quote holds
