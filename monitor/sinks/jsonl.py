"""The alert log: ``state/alerts.jsonl``, one JSON object per line, append-only."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from ..errors import AlertLogError

log = logging.getLogger(__name__)

TORN_SUFFIX = ".torn"
"""Beside the log, ``alerts.jsonl.torn`` keeps the fragments of torn last lines moved out of it."""


class JsonlSink:
    """Appends alerts to a JSON-lines file, flushed and fsynced, never rewritten.

    An alert whose id is already in the file's tail is skipped, so replaying
    alerts after a crash between commit and append writes each one once. A last
    line torn by a crash or a full disk mid-write is moved to ``alerts.jsonl.torn``
    and cut from the log before anything is appended (at start, or at the first
    append if the log could not be written then); the alert it held is still
    unlogged in the store and is appended again whole.
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
        self._repaired = False
        try:
            self.repair()
        except AlertLogError as exc:
            log.error("%s; alerts stay pending until it can be written", exc)

    def close(self) -> None:
        """Nothing to release: every append opens, writes, fsyncs and closes the file."""

    @property
    def torn_path(self) -> Path:
        """Where fragments of torn last lines are kept."""
        return self.path.with_name(self.path.name + TORN_SUFFIX)

    def repair(self) -> bool:
        """Move a torn last line (no newline, or not JSON) out of the log; True if there was one.

        Raises :class:`~monitor.errors.AlertLogError` when the log cannot be read, or needs
        a repair and cannot be written.
        """
        try:
            with open(self.path, "rb") as fh:
                size = fh.seek(0, os.SEEK_END)
                fh.seek(max(0, size - 1))
                ends_whole = fh.read(1) == b"\n"
                start = self._last_line_start(fh, size - 1 if ends_whole else size)
                fh.seek(start)
                last = fh.read()
            if size == 0 or (ends_whole and _is_json(last)):
                self._repaired = True
                return False
            with open(self.path, "r+b") as fh:
                if _is_json(last):
                    # Written whole but for its newline: keep it, finish the line.
                    fh.seek(0, os.SEEK_END)
                    fh.write(b"\n")
                elif not last.strip():
                    fh.truncate(start)  # a blank last line holds nothing to keep
                else:
                    with open(self.torn_path, "ab") as torn:
                        torn.write(last.rstrip(b"\n") + b"\n")
                        torn.flush()
                        os.fsync(torn.fileno())
                    fh.truncate(start)
                    log.warning(
                        "%s: its last line was torn (%d bytes, a crash or a full disk mid-write); "
                        "moved it to %s, the alert is appended again from the store",
                        self.path,
                        len(last),
                        self.torn_path,
                    )
                fh.flush()
                os.fsync(fh.fileno())
        except FileNotFoundError:
            self._repaired = True
            return False
        except OSError as exc:
            raise AlertLogError(str(self.path), exc.strerror or str(exc)) from None
        self._repaired = True
        self._as_of = None
        return True

    @staticmethod
    def _last_line_start(fh: Any, end: int) -> int:
        """Offset of the first byte after the last newline before ``end``."""
        pos = end
        while pos > 0:
            step = min(65536, pos)
            fh.seek(pos - step)
            chunk = fh.read(step)
            nl = chunk.rfind(b"\n")
            if nl >= 0:
                return pos - step + nl + 1
            pos -= step
        return 0

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
        """Append ``alerts`` and fsync; raises :class:`~monitor.errors.AlertLogError` when it cannot."""
        if not self._repaired:
            self.repair()
        seen = self._recent_ids()
        fresh = [a for a in alerts if a.get("id") not in seen]
        lines = [json.dumps(a, ensure_ascii=False) + "\n" for a in fresh]
        if not lines:
            return
        try:
            with open(self.path, "ab") as fh:
                fh.write("".join(lines).encode("utf-8"))
                fh.flush()
                os.fsync(fh.fileno())
                state = os.fstat(fh.fileno())
        except OSError as exc:
            # Whatever part was written is a torn last line now: repaired before the next append.
            self._repaired = False
            raise AlertLogError(str(self.path), exc.strerror or str(exc)) from None
        for a in fresh:
            self._ids[a.get("id")] = None
        while len(self._ids) > self._REMEMBERED:
            del self._ids[next(iter(self._ids))]
        self._as_of = (state.st_ino, state.st_size)


def _is_json(line: bytes) -> bool:
    try:
        json.loads(line)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError
        return False
    return True


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
