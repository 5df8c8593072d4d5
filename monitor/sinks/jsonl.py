"""The alert log: ``state/alerts.jsonl``, one JSON object per line, append-only."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


class JsonlSink:
    """Appends alerts to a JSON-lines file, flushed and fsynced, never rewritten.

    An alert whose id is already in the file's tail is skipped, so replaying
    alerts after a crash between commit and append writes each one once.
    """

    durable = True  # the pipeline retries alerts this sink failed to write

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)

    def _recent_ids(self, tail_bytes: int = 256_000) -> set[str]:
        try:
            with open(self.path, "rb") as fh:
                fh.seek(0, os.SEEK_END)
                size = fh.tell()
                fh.seek(max(0, size - tail_bytes))
                tail = fh.read().decode("utf-8", errors="replace")
        except FileNotFoundError:
            return set()
        ids = set()
        for line in tail.splitlines():
            try:
                ids.add(json.loads(line).get("id"))
            except (json.JSONDecodeError, AttributeError):
                continue
        return ids

    def emit(self, alerts: list[dict[str, Any]]) -> None:
        """Append ``alerts`` and fsync."""
        seen = self._recent_ids()
        lines = [json.dumps(a, ensure_ascii=False) + "\n" for a in alerts if a.get("id") not in seen]
        if not lines:
            return
        with open(self.path, "a+b") as fh:
            # A line torn by a crash or a full disk must not swallow the next alert: start a fresh line.
            if fh.tell() > 0:
                fh.seek(-1, os.SEEK_END)
                if fh.read(1) != b"\n":
                    lines.insert(0, "\n")
            fh.write("".join(lines).encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())


def read_alerts(path: str | Path) -> list[dict[str, Any]]:
    """Every alert in an alert log (lines that do not parse are skipped)."""
    out = []
    try:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError:
                    continue
    except FileNotFoundError:
        return []
    return out
