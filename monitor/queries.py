"""Read-only queries behind the commands that look rather than write: extract, consensus, status, alerts --since.

Each returns plain, JSON-ready data that ``monitor ... --json`` prints as it is
and :mod:`monitor.render` draws for a terminal.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from .alerts import side
from .config import MonitorConfig
from .errors import DocumentError, StoreError
from .link import Decision
from .records import Claim, Statement
from .sinks.notify import read_mutes, read_status
from .store import Store


def extract_paths(
    config: MonitorConfig, paths: Sequence[str]
) -> list[tuple[str, list[Claim], list[Statement], list[Decision], str | None]]:
    """Extract and link the claims of each file; ``(path, claims, statements, decisions, error)`` per file.

    Unlike the pipeline, every article is parsed, whether or not it matches a topic,
    so that ``monitor extract`` shows what the text holds.
    """
    # Here, not at the top: spaCy and the extraction rules load for `monitor extract` only, so that
    # `monitor status`, `alerts` and `consensus` start in a fraction of the time.
    from .documents import read_document
    from .extract import build_extractor
    from .link import Linker

    extractor = build_extractor(config)
    linker = Linker(config)
    out = []
    for path in paths:
        try:
            doc = read_document(path)
        except DocumentError as exc:
            out.append((path, [], [], [], exc.reason))
            continue
        claims, statements = extractor.extract(doc)
        topics = linker.topics_for(f"{doc.title or ''}\n{doc.text}")
        decisions = linker.decide_all(claims, doc.text, topics)
        linked = [c.with_link(d.topic, d.metric) if d.metric else c for c, d in zip(claims, decisions, strict=True)]
        out.append((path, linked, statements, decisions, None))
    return out


FRAMED_KINDS = ("quantity", "increment", "hypothetical", "rate")
"""Claim kinds that linking reads a frame for (the others are never linked)."""


def explain_lines(claim: Claim, decision: Decision) -> list[str]:
    """What ``monitor extract --explain`` says of one claim: how its frame was read, then why it was
    (not) linked to each metric.

    The frame lines come first, one per slot the extractor read (``frame: state killed from 'died'``),
    plus, for a figure that states no date, the publication date it is judged at; the link reasons
    follow, the verdict last (``linked to ...``, ``unlinked: ...``).
    """
    lines: list[str] = []
    if claim.kind in FRAMED_KINDS:
        frame = claim.frame
        lines.extend(f"frame: {note}" for note in frame.notes)
        if frame.time is None:
            lines.append(f"frame: no date of its own; published {frame.published}" if frame.published
                         else "frame: no date of its own, and the article's publication date is unknown")
    return [*lines, *decision.reasons]


def consensus_view(store: Store, topic: str | None = None) -> list[dict[str, Any]]:
    """Each metric's latest consensus with its sources (latest figure and quote per lineage), then each
    proposition with who affirms and who denies it."""
    rows = []
    for snap in store.latest_snapshots(topic):
        lineages = []
        for sv in store.votes(snap.metric):
            q = sv.quote
            lineages.append(
                {
                    "lineage": sv.lineage,
                    "speaker": q.speaker if q else None,
                    "figure": q.text if q else None,
                    "value": sv.vote.value,
                    "quote": q.sentence if q else None,
                    "article": q.article if q else None,
                }
            )
        rows.append(
            {
                "type": "metric",
                "topic": snap.topic,
                "metric": snap.metric,
                "low": snap.low,
                "high": snap.high,
                "values": list(snap.values) if snap.values is not None else None,
                "supporters": list(snap.supporters),
                "dissenters": list(snap.dissenters),
                "lineages": lineages,
                "updated": snap.time,
            }
        )
    rows.extend(proposition_view(store, topic))
    return rows


def proposition_view(store: Store, topic: str | None = None) -> list[dict[str, Any]]:
    """Each proposition with who affirms and who denies, for ``monitor consensus`` and the report."""
    return [
        {"type": "proposition", "topic": t, "proposition": prop, "stances": [side(s, s.quote) for s in store.stances(prop)]}
        for prop, t in store.propositions(topic)
    ]


def _moment(value: Any) -> datetime | None:
    try:
        when = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def source_state(src: dict[str, Any]) -> str:
    """A source's current state: its own ``state`` when it reports one, else derived from its times.

    Status files of older daemons carry no ``state``: there a source is ``backing off`` while it
    counts failures in a row, ``failing`` when its last error is newer than its last success (or
    it never succeeded), and ``ok`` otherwise: an error it has recovered from is history, not a state.
    """
    if src.get("state"):
        return str(src["state"])
    if src.get("running") is False:
        return "stopped"
    if src.get("failures"):
        return "backing off"
    last_ok = src.get("last_ok") or src.get("last_seen")
    ok = _moment(last_ok) if last_ok else None
    if src.get("last_error"):
        err = _moment(src.get("last_error_time")) if src.get("last_error_time") else None
        if ok is None:
            return "failing"
        if err is not None and err > ok:
            return "failing"
        return "ok"
    if ok is None and src.get("kind") == "feed":
        return "not polled yet"
    return "ok"


def status_view(state_dir: Path) -> dict[str, Any]:
    """Everything ``monitor status`` shows, from the status file, the store and the notifier's file."""

    def read(name: str) -> dict[str, Any] | None:
        try:
            return json.loads((state_dir / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    daemon = read("status.json")
    alive = False
    if daemon and daemon.get("running"):
        try:
            os.kill(int(daemon["pid"]), 0)
            alive = True
        except (OSError, ValueError, KeyError):
            alive = False
        updated = datetime.fromisoformat(daemon["updated"])
        daemon["stale_seconds"] = round((datetime.now(updated.tzinfo) - updated).total_seconds(), 1)
    for src in (daemon or {}).get("sources") or []:
        if isinstance(src, dict):
            src["state"] = source_state(src)
    view: dict[str, Any] = {"state": str(state_dir), "daemon": daemon, "daemon_alive": alive}
    try:
        store = Store(state_dir / "monitor.db", readonly=True)
    except StoreError as exc:
        view["store_error"] = str(exc)
        return view
    try:
        view["counts"] = store.counts()
        view["last_article"] = store.last_article()
        view["rejected"] = store.rejected(10)
    finally:
        store.close()
    view["notify"] = read_status(state_dir)
    view["mutes"] = {k: v.isoformat() for k, v in read_mutes(state_dir).items()}
    return view


# --- times given on the command line ---------------------------------------------------

SINCE_FORMS = (
    'an ISO 8601 time such as "2026-12-05T11:54" or "2026-12-05 11:54:30+01:00" (no offset: local time), '
    'a date such as "2026-12-05" (local midnight), "today", "yesterday", or an age such as "30m", "2h", "3d"'
)
_AGE = re.compile(r"^(\d+(?:\.\d+)?)\s*(s|sec|secs|m|min|mins|h|hr|hrs|d|w)(?:\s+ago)?$")
_AGE_SECONDS = {"s": 1, "sec": 1, "secs": 1, "m": 60, "min": 60, "mins": 60, "h": 3600, "hr": 3600, "hrs": 3600,
                "d": 86400, "w": 7 * 86400}


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """The moment ``text`` names, timezone-aware; raises ``ValueError`` when it names none.

    ISO 8601 with an offset or ``Z`` is taken as written; without one it is local time (what
    a person typing "11:54" means). A date alone is local midnight; ``today`` and ``yesterday``
    are local midnights too; an age (``30m``, ``2h``, ``3d``, ``1w``, optionally followed by
    ``ago``) counts back from ``now``.
    """
    now = now or datetime.now(UTC)
    word = " ".join(text.split()).lower()
    if word in ("today", "yesterday"):
        day = now.astimezone().date() - timedelta(days=1 if word == "yesterday" else 0)
        return datetime(day.year, day.month, day.day).astimezone()
    age = _AGE.match(word)
    if age:
        return now - timedelta(seconds=float(age.group(1)) * _AGE_SECONDS[age.group(2)])
    # fromisoformat would read "12" or "2026" as nothing useful or fail obscurely: insist on a date first.
    if not re.match(r"^\d{4}-?\d{2}-?\d{2}", text.strip()):
        raise ValueError(f"not a time: {text!r}")
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"not a time: {text!r}") from None
    return when.astimezone() if when.tzinfo is None else when


def alert_time(alert: dict[str, Any]) -> datetime | None:
    """When an alert was raised (aware), or ``None`` when its ``time`` is missing or unreadable."""
    try:
        when = datetime.fromisoformat(str(alert.get("time") or ""))
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)
