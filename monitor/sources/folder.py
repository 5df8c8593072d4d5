"""A watched folder: files dropped into it become documents, once each file is complete.

Watchdog reports several events per save and reports ``created`` before a byte
is written, so events never trigger a read directly. They only (re)arm a
per-path entry in a pending table; one worker thread reads a file when it is
complete:

* at once after a close-write (``FileClosedEvent``, Linux inotify), or
* once its size and mtime have not changed for ``debounce`` seconds and no one
  is known to hold it open (a writer that pauses mid-file keeps it open), or
* after a long quiet period whatever the open count says, so that a file held
  open forever is still read.

Each version of a file, ``(path, size, mtime_ns)``, is read at most once, so a
burst of events for one save reads it once. A touched or renamed file has a
new version and is read again; dropping it as a duplicate is the pipeline's
job (content hash). The worker alone calls ``emit``, which may block on a full
queue; the watchdog thread never blocks, so no event is lost while we wait.
"""

from __future__ import annotations

import fnmatch
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from watchdog.events import (
    FileAttribEvent,
    FileClosedEvent,
    FileClosedNoWriteEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileOpenedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

from ..config import FolderSource
from ..documents import read_document
from ..errors import DocumentError
from ..records import now_utc
from . import Emit, Rejected

log = logging.getLogger(__name__)

RESCAN_EVERY = 30.0
"""Seconds between full rescans, a safety net for events the kernel dropped (inotify overflow)."""
OPEN_QUIET = 10.0
"""Seconds without change after which a file still reported open is read anyway."""

_EVENTS = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileAttribEvent,
    FileMovedEvent,
    FileClosedEvent,
    FileClosedNoWriteEvent,
    FileOpenedEvent,
    FileDeletedEvent,
]

Version = tuple[int, int]  # (size, mtime_ns)


@dataclass
class _Pending:
    due: float  # time.monotonic() at which to look at the file again
    version: Version | None
    changed: float  # time.monotonic() of the last change seen
    closed: bool = False  # a close-write came after the last change
    order: float = 0.0  # mtime, so a backlog is read oldest first


def _observer() -> Any:
    """inotify with unmatched moves reported as moves, else the platform's observer.

    A file moved in from outside the folder is complete at once; plain inotify
    reports it as ``created``, which must wait out the debounce.
    """
    try:
        from watchdog.observers.inotify import InotifyObserver

        return InotifyObserver(generate_full_events=True)
    except (ImportError, OSError):
        return Observer()


def _version(path: str) -> Version | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: FolderWatcher) -> None:
        self.w = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory:
            return
        try:
            self.w._on_event(event)
        except Exception:  # noqa: BLE001 - a bad event must not kill the observer thread
            log.exception("folder %s: cannot handle %r", self.w.source_id, event)


class FolderWatcher:
    """Watches ``cfg.path`` and emits a :class:`~monitor.records.Document` per complete file.

    :param cfg: the folder's config (path, patterns, recursive, debounce, max_bytes).
    """

    needs_scheduler = False

    def __init__(self, cfg: FolderSource) -> None:
        self.cfg = cfg
        self.source_id = cfg.source_id
        self.root = Path(cfg.path)
        self._patterns = [p.lower() for p in cfg.patterns]
        self._lock = threading.Condition()
        self._pending: dict[str, _Pending] = {}
        self._opens: dict[str, int] = {}
        self._done: dict[str, Version] = {}
        self._emit: Emit | None = None
        self._stopping = threading.Event()
        self._observer: Any = None
        self._worker: threading.Thread | None = None
        self._counts = {"documents": 0, "rejected": 0}
        self._last_ok: str | None = None
        self._last_error: str | None = None

    # --- lifecycle ---------------------------------------------------------

    def start(self, emit: Emit) -> None:
        """Create the folder if missing, queue the backlog (oldest first), and start watching."""
        self._emit = emit
        self._stopping.clear()
        self.root.mkdir(parents=True, exist_ok=True)
        observer = _observer()
        observer.schedule(_Handler(self), str(self.root), recursive=self.cfg.recursive, event_filter=_EVENTS)
        # Watch first, then scan: a file dropped in between is seen twice and read once.
        observer.start()
        self._observer = observer
        backlog = self._scan()
        log.info("folder %s: watching %s, %d file(s) in the backlog", self.source_id, self.root, len(backlog))
        self._worker = threading.Thread(target=self._run, name=f"folder:{self.source_id}", daemon=True)
        self._worker.start()

    def stop(self, timeout: float = 1.0) -> None:
        """Stop watching; pending files are left for the backlog of the next start.

        Waits at most ``timeout`` seconds for the worker: it may be blocked in
        ``emit`` on a full queue that the daemon drains only after its sources
        have stopped. It emits nothing after that item.
        """
        self._stopping.set()
        with self._lock:
            self._lock.notify_all()
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=5)
            self._observer = None
        if self._worker is not None:
            self._worker.join(timeout=timeout)
            self._worker = None

    def status(self) -> dict[str, Any]:
        """``id``, ``kind``, ``path``, ``pending``, ``documents``, ``rejected``, ``last_ok``, ``last_error``."""
        with self._lock:
            pending = len(self._pending)
        return {
            "id": self.source_id,
            "kind": "folder",
            "path": str(self.root),
            "running": self._worker is not None and self._worker.is_alive(),
            "pending": pending,
            **self._counts,
            "last_ok": self._last_ok,
            "last_error": self._last_error,
        }

    # --- events (watchdog thread; never blocks) --------------------------------

    def _wanted(self, path: str) -> bool:
        name = os.path.basename(path)
        # Dot-files are editors' and rsync's temporary copies, never articles.
        if not name or name.startswith("."):
            return False
        if not self.cfg.recursive and os.path.dirname(os.path.abspath(path)) != os.path.abspath(self.root):
            return False
        low = name.lower()
        return any(fnmatch.fnmatchcase(low, p) for p in self._patterns)

    def _on_event(self, event: FileSystemEvent) -> None:
        now = time.monotonic()
        if isinstance(event, FileMovedEvent):
            # src or dest is "" when the other side is outside the watch (full events).
            if event.src_path:
                self._forget(os.fsdecode(event.src_path))
            if event.dest_path:
                self._arm(os.fsdecode(event.dest_path), now, due=now)
            return
        path = os.fsdecode(event.src_path)
        with self._lock:
            if isinstance(event, FileOpenedEvent):
                self._opens[path] = self._opens.get(path, 0) + 1
                return
            if isinstance(event, FileClosedEvent | FileClosedNoWriteEvent):
                n = self._opens.pop(path, 0) - 1
                if n > 0:
                    self._opens[path] = n
                if isinstance(event, FileClosedNoWriteEvent):
                    entry = self._pending.get(path)
                    if entry is not None and n <= 0:
                        entry.due = min(entry.due, now + self.cfg.debounce)
                    return
        if isinstance(event, FileDeletedEvent):
            self._forget(path)
        elif isinstance(event, FileClosedEvent):
            self._arm(path, now, due=now, closed=True)
        else:
            self._arm(path, now, due=now + self.cfg.debounce)

    def _arm(self, path: str, now: float, *, due: float, closed: bool = False, order: float = 0.0) -> None:
        if not self._wanted(path):
            return
        version = _version(path)
        with self._lock:
            entry = self._pending.get(path)
            if entry is None:
                self._pending[path] = _Pending(due, version, now, closed, order)
            else:
                if version != entry.version:
                    entry.changed = now
                entry.version = version
                entry.due = due
                entry.closed = closed
            self._lock.notify_all()

    def _forget(self, path: str) -> None:
        with self._lock:
            self._pending.pop(path, None)
            self._done.pop(path, None)
            self._opens.pop(path, None)

    def _scan(self) -> list[str]:
        """Arm every wanted file not read in its current version; oldest mtime first."""
        found: list[tuple[int, str]] = []
        walker = self.root.rglob("*") if self.cfg.recursive else self.root.iterdir()
        for p in walker:
            path = str(p)
            try:
                if not p.is_file() or not self._wanted(path):
                    continue
                mtime = p.stat().st_mtime_ns
            except OSError:
                continue
            found.append((mtime, path))
        found.sort()
        now = time.monotonic()
        out = []
        for mtime, path in found:
            with self._lock:
                if path in self._pending or self._done.get(path) == _version(path):
                    continue
            self._arm(path, now, due=now, order=mtime)
            out.append(path)
        return out

    # --- the worker: decides when a file is complete, reads and emits it --------

    def _run(self) -> None:
        next_scan = time.monotonic() + RESCAN_EVERY
        while not self._stopping.is_set():
            try:
                ready = self._take_ready()
                for i, path in enumerate(ready):
                    if self._stopping.is_set():
                        with self._lock:
                            for unread in ready[i:]:
                                self._done.pop(unread, None)
                        break
                    self._process(path)
                if time.monotonic() >= next_scan:
                    next_scan = time.monotonic() + RESCAN_EVERY
                    if self._scan():
                        log.info("folder %s: rescan found files that no event reported", self.source_id)
            except Exception:  # noqa: BLE001 - the watcher must outlive any one bad file
                log.exception("folder %s: worker error", self.source_id)
                time.sleep(0.1)

    def _take_ready(self) -> list[str]:
        """Wait until some pending file is due; return the complete ones, re-arm the rest."""
        with self._lock:
            if not self._pending:
                self._lock.wait(timeout=1.0)
                return []
            now = time.monotonic()
            soonest = min(e.due for e in self._pending.values())
            if soonest > now:
                self._lock.wait(timeout=min(soonest - now, 1.0))
                return []
            due = [(e.order, e.due, p) for p, e in self._pending.items() if e.due <= now]
        due.sort()
        ready = []
        for _, _, path in due:
            version = _version(path)
            with self._lock:
                entry = self._pending.get(path)
                if entry is None:
                    continue
                if version is None:
                    del self._pending[path]
                    continue
                if not entry.closed:
                    if version != entry.version:
                        entry.version, entry.changed, entry.due = version, now, now + self.cfg.debounce
                        continue
                    held_open = self._opens.get(path, 0) > 0
                    if held_open and now - entry.changed < OPEN_QUIET:
                        entry.due = now + self.cfg.debounce
                        continue
                del self._pending[path]
                if self._done.get(path) == version:
                    continue  # this version was read already; more events of one burst
                self._done[path] = version
            ready.append(path)
        return ready

    def _process(self, path: str) -> None:
        assert self._emit is not None
        arrived = time.monotonic()
        try:
            item: Any = read_document(
                path, max_bytes=self.cfg.max_bytes, source=self.source_id, arrived=arrived
            )
        except DocumentError as exc:
            log.warning("folder %s: skipped %s: %s", self.source_id, path, exc.reason)
            item = Rejected(self.source_id, path, exc.reason)
        except Exception as exc:  # noqa: BLE001 - one odd file must not stop the folder
            log.exception("folder %s: cannot read %s", self.source_id, path)
            item = Rejected(self.source_id, path, f"cannot read: {exc}")
        if isinstance(item, Rejected):
            self._counts["rejected"] += 1
            self._last_error = f"{path}: {item.reason}"
        else:
            self._counts["documents"] += 1
            self._last_ok = now_utc().isoformat()
        self._emit(item)  # blocks while the daemon's queue is full
