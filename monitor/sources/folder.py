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
job (content hash). A rejected file is also read again when its ctime changes:
a ``chmod`` that cures "Permission denied" changes nothing else. Attribute
events report that at once; the periodic rescan is the safety net.

With a store, the versions the writer handled (:func:`~monitor.sources.record_handled`)
are loaded at start, so a restart or SIGHUP skips those files without opening
them and the backlog counts only what is new.

When a file handled before is deleted or moved away (also while the daemon was
stopped), the source emits :class:`~monitor.sources.Cleared`: its rejection, if
any, leaves ``monitor status`` and its remembered version is dropped.

An entry matching the patterns that is not a regular file (a directory when not
recursive, a symbolic link loop, a dangling link, a FIFO) is rejected with the
reason; a FIFO is never opened, since reading it would wait forever.

The worker alone calls ``emit``, which may block on a full queue; the watchdog
thread never blocks, so no event is lost while we wait.
"""

from __future__ import annotations

import errno
import fnmatch
import logging
import os
import stat
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
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
from . import Cleared, Emit, FileDocument, FileVersion, Rejected

log = logging.getLogger(__name__)

RESCAN_EVERY = 30.0
"""Seconds between full rescans, a safety net for events the kernel dropped (inotify overflow)."""
OPEN_QUIET = 10.0
"""Seconds without change after which a file still reported open is read anyway."""

_EVENTS = [
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileCreatedEvent,
    FileModifiedEvent,
    FileAttribEvent,
    FileMovedEvent,
    FileClosedEvent,
    FileClosedNoWriteEvent,
    FileOpenedEvent,
    FileDeletedEvent,
]

NOT_A_FILE = {
    "dir": "a directory, not a file (with recursive: true the files inside it are read)",
    "loop": "a symbolic link loop: the link cannot be followed to a file",
    "dangling": "a broken symbolic link: its target does not exist",
    "special": "not a regular file (a FIFO, socket or device); only regular files are read",
}
"""The reason a matching entry of each kind but ``file`` is rejected."""


@dataclass
class _Pending:
    due: float  # time.monotonic() at which to look at the file again
    version: tuple[str, int, int] | None  # (kind, size, mtime_ns): unchanged means the write has settled
    changed: float  # time.monotonic() of the last change seen
    closed: bool = False  # a close-write came after the last change
    order: float = 0.0  # mtime, so a backlog is read oldest first


def _observer() -> Any:
    """inotify with unmatched moves reported as moves, else the platform's observer.

    A file moved in from outside the folder is complete at once; plain inotify
    reports it as ``created``, which must wait out the debounce.
    """
    try:
        from watchdog.observers.inotify import InotifyObserver  # Linux only: elsewhere the ImportError below

        return InotifyObserver(generate_full_events=True)
    except (ImportError, OSError):
        return Observer()


def _probe(path: str) -> FileVersion | None:
    """What ``path`` is now, following symbolic links (the link itself when it cannot be followed); ``None`` if gone."""
    try:
        st = os.stat(path)
    except OSError as exc:
        try:
            st = os.lstat(path)
        except OSError:
            return None
        if not stat.S_ISLNK(st.st_mode):
            return None  # replaced between the two calls; the next event says what it is now
        kind = "loop" if exc.errno == errno.ELOOP else "dangling"
    else:
        kind = "file" if stat.S_ISREG(st.st_mode) else "dir" if stat.S_ISDIR(st.st_mode) else "special"
    return FileVersion(os.path.abspath(path), kind, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _settled(v: FileVersion | None) -> tuple[str, int, int] | None:
    return None if v is None else (v.kind, v.size, v.mtime_ns)


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: FolderWatcher) -> None:
        self.w = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        # A directory matters only as an entry that looks like an article (recursive: its files do).
        if event.is_directory and (
            self.w.cfg.recursive or not isinstance(event, DirCreatedEvent | DirMovedEvent | DirDeletedEvent)
        ):
            return
        try:
            self.w._on_event(event)
        except Exception:  # noqa: BLE001 - a bad event must not kill the observer thread
            log.exception("folder %s: cannot handle %r", self.w.source_id, event)


class FolderWatcher:
    """Watches ``cfg.path`` and emits a :class:`~monitor.sources.FileDocument` per complete file.

    :param cfg: the folder's config (path, patterns, recursive, debounce, max_bytes).
    :param store: the writer's :class:`~monitor.store.Store`, read once at start for the files
        already handled; without it, every file present at start is read.

    ``rescan_every`` is the seconds between full rescans (:data:`RESCAN_EVERY`).
    """

    needs_scheduler = False

    def __init__(self, cfg: FolderSource, store: Any = None) -> None:
        self.cfg = cfg
        self.source_id = cfg.source_id
        self.root = Path(cfg.path)
        self.rescan_every = RESCAN_EVERY
        self._store = store
        self._patterns = [p.lower() for p in cfg.patterns]
        self._lock = threading.Condition()
        self._pending: dict[str, _Pending] = {}
        self._opens: dict[str, int] = {}
        # Versions read (or handled before a restart), by absolute path; True when rejected.
        self._done: dict[str, tuple[FileVersion, bool]] = {}
        self._gone: list[tuple[str, str]] = []  # (path, absolute path) of handled files deleted: to emit Cleared
        self._emit: Emit | None = None
        self._stopping = threading.Event()
        self._observer: Any = None
        self._worker: threading.Thread | None = None
        self._counts = {"documents": 0, "rejected": 0}
        self._backlog = {"new": 0, "already_seen": 0}
        self._last_ok: datetime | None = None
        self._last_error: str | None = None
        self._last_error_time: datetime | None = None

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
        self._load_handled()
        backlog, seen = self._scan()
        self._backlog = {"new": len(backlog), "already_seen": seen}
        log.info(
            "folder %s: watching %s; backlog: %d new file(s), %d already seen (skipped unread)",
            self.source_id, self.root, len(backlog), seen,
        )
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

    def _load_handled(self) -> None:
        if self._store is None:
            return
        try:
            rows = self._store.seen_files(os.path.abspath(self.root))
        except Exception as exc:  # noqa: BLE001 - without the list every file is read again, deduped by hash
            log.warning("folder %s: cannot read the files already handled (%s); reading all again", self.source_id, exc)
            return
        root = os.path.abspath(self.root)
        with self._lock:
            for path, kind, size, mtime_ns, ctime_ns, rejected in rows:
                if os.path.lexists(path):
                    self._done[path] = (FileVersion(path, kind, size, mtime_ns, ctime_ns), rejected)
                else:  # deleted while the daemon was stopped
                    self._gone.append((os.path.join(str(self.root), os.path.relpath(path, root)), path))

    @property
    def state(self) -> str:
        """The folder's current state, in words.

        * ``ok``: watching; the latest file read was an article (or none was read yet);
        * ``failing``: the latest error (a rejected file, a folder that cannot be listed) is
          newer than the latest file read;
        * ``stopped``: not watching.
        """
        if self._worker is None or not self._worker.is_alive():
            return "stopped"
        if self._last_error_time is not None and (self._last_ok is None or self._last_error_time > self._last_ok):
            return "failing"
        return "ok"

    def status(self) -> dict[str, Any]:
        """The folder for ``monitor status`` (times ISO 8601, ``None`` when never).

        ``id``, ``kind`` (``folder``), ``path``, ``running``, ``state`` (see :attr:`state`),
        ``pending`` (files waiting to be complete), ``documents`` / ``rejected`` (emitted since
        start), ``backlog`` (``new`` / ``already_seen``: files found at start, to read and
        skipped unread), ``last_ok`` (latest file read), ``last_error`` (the latest error,
        ``"PATH: reason"``, kept after later successes) and ``last_error_time``.
        """
        with self._lock:
            pending = len(self._pending)
        return {
            "id": self.source_id,
            "kind": "folder",
            "path": str(self.root),
            "running": self._worker is not None and self._worker.is_alive(),
            "state": self.state,
            "pending": pending,
            **self._counts,
            "backlog": dict(self._backlog),
            "last_ok": self._last_ok.isoformat() if self._last_ok else None,
            "last_error": self._last_error,
            "last_error_time": self._last_error_time.isoformat() if self._last_error_time else None,
        }

    def _error(self, message: str) -> None:
        if message != self._last_error:
            log.warning("folder %s: %s", self.source_id, message)
        self._last_error, self._last_error_time = message, now_utc()

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
        if isinstance(event, FileMovedEvent | DirMovedEvent):
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
        if isinstance(event, FileDeletedEvent | DirDeletedEvent):
            self._forget(path)
        elif isinstance(event, FileClosedEvent):
            self._arm(path, now, due=now, closed=True)
        else:
            self._arm(path, now, due=now + self.cfg.debounce)

    def _arm(self, path: str, now: float, *, due: float, closed: bool = False, order: float = 0.0) -> None:
        if not self._wanted(path):
            return
        version = _settled(_probe(path))
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
        abspath = os.path.abspath(path)
        with self._lock:
            self._pending.pop(path, None)
            self._opens.pop(path, None)
            if self._done.pop(abspath, None) is not None:
                self._gone.append((path, abspath))
                self._lock.notify_all()

    def _is_done(self, version: FileVersion) -> bool:
        seen = self._done.get(version.path)
        return seen is not None and version.unchanged_since(*seen)

    def _scan(self) -> tuple[list[str], int]:
        """Arm every wanted entry not handled in its current version, oldest mtime first.

        Returns the paths armed and how many were skipped as handled already.
        """
        found: list[tuple[int, str, FileVersion]] = []
        try:
            for p in self.root.rglob("*") if self.cfg.recursive else self.root.iterdir():
                path = str(p)
                if not self._wanted(path):
                    continue
                version = _probe(path)
                if version is None or (version.kind == "dir" and self.cfg.recursive):
                    continue
                found.append((version.mtime_ns, path, version))
        except OSError as exc:
            self._error(f"cannot list {self.root}: {exc.strerror or exc}")
            return [], 0
        found.sort()
        now = time.monotonic()
        wall = time.time_ns()
        out = []
        seen = 0
        for mtime, path, version in found:
            with self._lock:
                if path in self._pending:
                    continue
                if self._is_done(version):
                    seen += 1
                    continue
            # A file modified within the debounce may be mid-write (created empty, then filled):
            # it waits out the debounce like an event would; an older one is read at once.
            young = version.kind == "file" and wall - mtime < self.cfg.debounce * 1e9
            self._arm(path, now, due=now + self.cfg.debounce if young else now, order=mtime)
            out.append(path)
        return out, seen

    # --- the worker: decides when a file is complete, reads and emits it --------

    def _run(self) -> None:
        next_scan = time.monotonic() + self.rescan_every
        while not self._stopping.is_set():
            try:
                self._clear_gone()
                ready = self._take_ready(max(0.0, next_scan - time.monotonic()))
                for i, (path, version) in enumerate(ready):
                    if self._stopping.is_set():
                        with self._lock:
                            for _, unread in ready[i:]:
                                self._done.pop(unread.path, None)
                        break
                    self._process(path, version)
                if time.monotonic() >= next_scan:
                    next_scan = time.monotonic() + self.rescan_every
                    if self._scan()[0]:
                        log.info("folder %s: rescan found files that no event reported", self.source_id)
            except Exception:  # noqa: BLE001 - the watcher must outlive any one bad file
                log.exception("folder %s: worker error", self.source_id)
                time.sleep(0.1)

    def _clear_gone(self) -> None:
        with self._lock:
            gone, self._gone = self._gone, []
        for path, abspath in gone:
            if self._stopping.is_set():
                return  # still in the store: found gone again at the next start
            assert self._emit is not None
            self._emit(Cleared(self.source_id, path, abspath))

    def _take_ready(self, longest: float = 1.0) -> list[tuple[str, FileVersion]]:
        """Wait (at most ``longest`` seconds, the time to the next rescan) until some pending file is due;
        return the complete ones with their versions, re-arm the rest."""
        with self._lock:
            if self._gone:
                return []
            if not self._pending:
                self._lock.wait(timeout=min(longest, 1.0))
                return []
            now = time.monotonic()
            soonest = min(e.due for e in self._pending.values())
            if soonest > now:
                self._lock.wait(timeout=min(soonest - now, longest, 1.0))
                return []
            due = [(e.order, e.due, p) for p, e in self._pending.items() if e.due <= now]
        due.sort()
        ready = []
        for _, _, path in due:
            version = _probe(path)
            with self._lock:
                entry = self._pending.get(path)
                if entry is None:
                    continue
                if version is None:
                    del self._pending[path]
                    continue
                if not entry.closed and version.kind == "file":  # only a regular file is written in steps
                    if _settled(version) != entry.version:
                        entry.version, entry.changed, entry.due = _settled(version), now, now + self.cfg.debounce
                        continue
                    held_open = self._opens.get(path, 0) > 0
                    if held_open and now - entry.changed < OPEN_QUIET:
                        entry.due = now + self.cfg.debounce
                        continue
                del self._pending[path]
                if self._is_done(version):
                    continue  # this version was read already; more events of one burst
                self._done[version.path] = (version, False)
            ready.append((path, version))
        return ready

    def _process(self, path: str, version: FileVersion) -> None:
        assert self._emit is not None
        item: Any
        if version.kind != "file":
            item = Rejected(self.source_id, path, NOT_A_FILE[version.kind], version=version)
        else:
            try:
                doc = read_document(path, max_bytes=self.cfg.max_bytes, source=self.source_id, arrived=time.monotonic())
                item = FileDocument.of(doc, version)
            except DocumentError as exc:
                item = Rejected(self.source_id, path, exc.reason, version=version)
            except Exception as exc:  # noqa: BLE001 - one odd file must not stop the folder
                log.exception("folder %s: cannot read %s", self.source_id, path)
                item = Rejected(self.source_id, path, f"cannot read: {exc}", version=version)
        if isinstance(item, Rejected):
            log.warning("folder %s: rejected %s: %s", self.source_id, path, item.reason)
            with self._lock:
                self._done[version.path] = (version, True)
            self._counts["rejected"] += 1
            self._last_error, self._last_error_time = f"{path}: {item.reason}", now_utc()
        else:
            self._counts["documents"] += 1
            self._last_ok = now_utc()
        self._emit(item)  # blocks while the daemon's queue is full
