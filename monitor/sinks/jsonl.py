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

    _REMEMBERED = 10_000  # ids kept in memory between writes, at least as many as a 256 kB tail holds

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # The ids of the tail as of our last write, and the file (inode, size) they describe.
        # While the file is as we left it, no need to read and parse the tail again.
        self._ids: dict[str, None] = {}
        self._as_of: tuple[int, int] | None = None

    def _file_state(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        return st.st_ino, st.st_size

    def _recent_ids(self, tail_bytes: int = 256_000) -> dict[str, None]:
        state = self._file_state()
        if state is None:
            self._ids, self._as_of = {}, None
            return self._ids
        if state == self._as_of:
            return self._ids
        try:
            with open(self.path, "rb") as fh:
                fh.seek(0, os.SEEK_END)
                size = fh.tell()
                fh.seek(max(0, size - tail_bytes))
                tail = fh.read().decode("utf-8", errors="replace")
        except FileNotFoundError:
            self._ids, self._as_of = {}, None
            return self._ids
        ids: dict[str, None] = {}
        for line in tail.splitlines():
            try:
                ids[json.loads(line).get("id")] = None
            except (json.JSONDecodeError, AttributeError, TypeError):
                continue
        self._ids, self._as_of = ids, state
        return ids

    def emit(self, alerts: list[dict[str, Any]]) -> None:
        """Append ``alerts`` and fsync."""
        seen = self._recent_ids()
        fresh = [a for a in alerts if a.get("id") not in seen]
        lines = [json.dumps(a, ensure_ascii=False) + "\n" for a in fresh]
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
            state = os.fstat(fh.fileno())
        for a in fresh:
            self._ids[a.get("id")] = None
        while len(self._ids) > self._REMEMBERED:
            del self._ids[next(iter(self._ids))]
        self._as_of = (state.st_ino, state.st_size)


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
