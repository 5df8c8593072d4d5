"""Library functions behind the read-only CLI commands (extract, consensus, alerts, status)."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from .config import MonitorConfig
from .errors import DocumentError
from .link import Decision, Linker
from .records import Claim, Statement
from .store import Store


def extract_paths(
    config: MonitorConfig, paths: Sequence[str]
) -> list[tuple[str, list[Claim], list[Statement], list[Decision], str | None]]:
    """Extract and link the claims of each file; ``(path, claims, statements, decisions, error)`` per file.

    Unlike the pipeline, every article is parsed, whether or not it matches a topic,
    so that ``monitor extract`` shows what the text holds.
    """
    from .documents import read_document
    from .pipeline import build_extractor

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


def consensus_view(store: Store, topic: str | None = None) -> list[dict[str, Any]]:
    """Each metric's latest consensus with its sources (latest figure and quote per lineage)."""
    rows = []
    for snap in store.latest_snapshots(topic):
        lineages = []
        for v in store.votes(snap["metric"]):
            c = store.claim(v["claim_id"]) or {}
            lineages.append(
                {
                    "lineage": v["lineage"],
                    "speaker": c.get("speaker"),
                    "figure": c.get("text"),
                    "value": v["value"],
                    "quote": c.get("sentence"),
                    "article": c.get("article"),
                }
            )
        rows.append(
            {
                "type": "metric",
                "topic": snap["topic"],
                "metric": snap["metric"],
                "low": snap["low"],
                "high": snap["high"],
                "values": [snap["values_low"], snap["values_high"]] if snap["values_low"] is not None else None,
                "supporters": json.loads(snap["supporters"] or "[]"),
                "dissenters": json.loads(snap["dissenters"] or "[]"),
                "lineages": lineages,
                "updated": snap["time"],
            }
        )
    from .stances import proposition_view

    rows.extend(proposition_view(store, topic))
    return rows


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
    import os
    from datetime import datetime

    from .errors import StoreError

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
    from .sinks.notify import read_mutes, read_status

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


# --- names the store knows -------------------------------------------------------------


def known_names(store: Store) -> dict[str, list[str]]:
    """The topics, metrics and propositions the store has seen (``topics``, ``metrics``, ``propositions``).

    A topic is known once an article matched it, a metric once a claim was linked to it,
    a proposition once a statement was found on it. The store keeps no copy of the config.
    """
    db = store.db
    topics: set[str] = set()
    for (raw,) in db.execute("SELECT DISTINCT topics FROM articles WHERE topics IS NOT NULL").fetchall():
        try:
            names = json.loads(raw)
        except (TypeError, ValueError):
            continue
        if isinstance(names, list):
            topics.update(str(n) for n in names)
    topics.update(r[0] for r in db.execute("SELECT DISTINCT topic FROM consensus WHERE topic IS NOT NULL").fetchall())
    metrics = {r[0] for r in db.execute("SELECT DISTINCT metric FROM claims WHERE metric IS NOT NULL").fetchall()}
    metrics.update(r[0] for r in db.execute("SELECT DISTINCT metric FROM consensus WHERE metric IS NOT NULL").fetchall())
    props = {r[0] for r in db.execute("SELECT DISTINCT proposition FROM statements WHERE proposition IS NOT NULL").fetchall()}
    return {"topics": sorted(topics), "metrics": sorted(metrics), "propositions": sorted(props)}


def unknown_name(store: Store, what: str, name: str) -> str | None:
    """Why ``name`` is not a known ``topic``, ``metric`` or ``metric or proposition``; ``None`` when it is known."""
    known = known_names(store)
    if what == "topic":
        names, label = known["topics"], "topics"
    elif what == "metric":
        names, label = known["metrics"], "metrics"
    else:
        names, label = sorted({*known["metrics"], *known["propositions"]}), "metrics and propositions"
    if name in names:
        return None
    close = difflib.get_close_matches(name, names, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    listed = f"known {label}: {', '.join(names)}" if names else f"no {label} are stored yet"
    return f"unknown {what} {name!r} in {store.path}; {hint}{listed}"
