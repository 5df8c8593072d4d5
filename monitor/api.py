"""Library functions behind the read-only CLI commands (extract, consensus)."""

from __future__ import annotations

import json
from collections.abc import Sequence
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
