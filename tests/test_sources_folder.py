"""FolderWatcher against real watchdog events on temporary folders.

No test asserts how fast anything happens (speed is measured in bench/): each waits
for the condition it needs, up to a deadline that only a real defect exceeds.
"""

from __future__ import annotations

import ctypes
import logging
import os
import queue
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest

from monitor.config import FolderSource
from monitor.records import Document
from monitor.sources import Rejected, build_sources
from monitor.sources.folder import FolderWatcher

DEADLINE = 30.0
"""Seconds a test waits for something that takes well under one on an idle machine."""


def wait_until(condition, what: str, timeout: float = DEADLINE) -> None:
    """Poll ``condition`` until it is true; fail after ``timeout`` seconds saying ``what`` never happened."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not after {timeout:g} s")
        time.sleep(0.02)


class Recorder:
    """An emit function that keeps every item, in order."""

    def __init__(self) -> None:
        self.items: list[Document | Rejected] = []
        self.lock = threading.Lock()

    def __call__(self, item: Document | Rejected) -> None:
        with self.lock:
            self.items.append(item)

    def docs(self) -> list[Document]:
        with self.lock:
            return [i for i in self.items if isinstance(i, Document)]

    def rejected(self) -> list[Rejected]:
        with self.lock:
            return [i for i in self.items if isinstance(i, Rejected)]

    def wait_for(self, n: int, timeout: float = DEADLINE) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.items) >= n:
                    return
            time.sleep(0.02)
        raise AssertionError(f"expected {n} items, got {len(self.items)}: {self.items[:5]}")


def folder(tmp_path: Path, **kw) -> FolderSource:
    return FolderSource(type="folder", path=tmp_path / "inbox", **kw)


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def _drop_read_override() -> None:
    """Drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the calling thread (Linux keeps them per thread)."""
    libc = ctypes.CDLL(None, use_errno=True)
    header, data = _CapHeader(0x20080522, 0), (_CapData * 2)()  # _LINUX_CAPABILITY_VERSION_3, this thread
    if libc.capget(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capget")
    data[0].effective &= ~((1 << 1) | (1 << 2)) & 0xFFFFFFFF
    if libc.capset(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capset")


def start_unprivileged(w: FolderWatcher, emit, probe: Path) -> None:
    """Start ``w`` so that its threads are refused unreadable files, as any user is.

    Tests run as root in the project's container, and root reads a mode-000 file. Its
    threads are started from one that gave up root's override of file modes (threads
    inherit it), after checking on ``probe`` (a mode-000 file) that it took effect.
    """
    if os.geteuid() != 0:
        w.start(emit)
        return
    errors: list[BaseException] = []

    def run() -> None:
        try:
            _drop_read_override()
            try:
                probe.read_bytes()
            except PermissionError:
                w.start(emit)
                return
            raise AssertionError("a mode-000 file is still readable without CAP_DAC_OVERRIDE")
        except BaseException as exc:  # noqa: BLE001 - re-raised on the test's thread
            errors.append(exc)

    t = threading.Thread(target=run)
    t.start()
    t.join()
    if errors:
        raise errors[0]


@pytest.fixture
def watch(tmp_path):
    started: list[FolderWatcher] = []

    def _start(emit, **kw) -> FolderWatcher:
        w = FolderWatcher(folder(tmp_path, **kw))
        w.start(emit)
        started.append(w)
        return w

    yield _start
    for w in started:
        w.stop()


@pytest.mark.timeout(60)
def test_chunked_write_is_emitted_once_after_it_is_complete(tmp_path, watch):
    rec = Recorder()
    # Pauses longer than the debounce: only close-write (and the open count) can tell it is unfinished.
    w = watch(rec, debounce=0.1)
    chunks = [f"Paragraph {i}: officials said {i * 100} people were displaced.\n" for i in range(8)]
    target = w.root / "story.txt"
    with open(target, "w", encoding="utf-8") as fh:
        for chunk in chunks:
            fh.write(chunk)
            fh.flush()
            time.sleep(0.28)  # ~2.2 s in all
    rec.wait_for(1)
    time.sleep(1.0)
    docs = rec.docs()
    assert len(docs) == 1, [d.text[:40] for d in docs]
    assert docs[0].text == "".join(chunks)
    assert docs[0].source == w.source_id and docs[0].source_kind == "file"
    assert docs[0].arrived is not None


@pytest.mark.timeout(300)
def test_burst_of_1000_files_is_emitted_exactly_once_through_a_small_queue(tmp_path, watch):
    q: queue.Queue = queue.Queue(maxsize=50)
    got: list[Document | Rejected] = []

    def consume() -> None:
        while True:
            item = q.get()
            if item is None:
                return
            time.sleep(0.0005)  # a slow consumer, so the queue fills and put() blocks
            got.append(item)

    consumer = threading.Thread(target=consume, daemon=True)
    consumer.start()
    w = watch(q.put, debounce=0.2)
    n = 1000
    for i in range(n):
        (w.root / f"a{i:04d}.txt").write_text(f"Article {i} reports {i} figures.\n", encoding="utf-8")
    deadline = time.monotonic() + 240
    while len(got) < n and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    q.put(None)
    consumer.join(timeout=DEADLINE)
    uris = Counter(item.uri for item in got)
    assert len(uris) == n, f"{n - len(uris)} file(s) missing"
    assert max(uris.values()) == 1, [u for u, c in uris.items() if c > 1][:5]
    assert all(isinstance(i, Document) for i in got)
    assert w.status()["documents"] == n


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_burst_of_10000_files_loses_nothing(tmp_path, watch):
    q: queue.Queue = queue.Queue(maxsize=100)
    got: list[Document | Rejected] = []
    consumer = threading.Thread(target=lambda: [got.append(i) for i in iter(q.get, None)], daemon=True)
    consumer.start()
    w = watch(q.put, debounce=0.3)
    n = 10_000
    for i in range(n):
        (w.root / f"b{i:05d}.txt").write_text(f"Burst article {i}.\n", encoding="utf-8")
    deadline = time.monotonic() + 240
    while len(got) < n and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    q.put(None)
    consumer.join(timeout=DEADLINE)
    uris = Counter(item.uri for item in got)
    assert len(uris) == n and max(uris.values()) == 1


class CountingQueue(queue.Queue):
    """A queue that counts the calls to ``put``, so a test knows when a producer is blocked in one."""

    def __init__(self, maxsize: int) -> None:
        super().__init__(maxsize)
        self.puts = 0

    def put(self, item, block: bool = True, timeout: float | None = None) -> None:
        self.puts += 1
        super().put(item, block, timeout)


def test_stop_returns_while_emit_is_blocked(tmp_path, watch):
    q = CountingQueue(maxsize=1)
    w = watch(q.put, debounce=0.05)
    for i in range(5):
        (w.root / f"s{i}.txt").write_text(f"Story {i}.\n")
    wait_until(lambda: q.full() and q.puts >= 2, "the worker blocked in put() on the full queue")
    stopper = threading.Thread(target=w.stop)
    stopper.start()
    # Nobody drains the queue: a stop() that waited for the blocked put() would never return.
    stopper.join(timeout=DEADLINE)
    assert not stopper.is_alive(), "stop() waited for the blocked emit"
    assert q.qsize() == 1


def test_restart_reads_the_backlog_again_and_new_files_once(tmp_path):
    cfg = folder(tmp_path, debounce=0.1)
    first, second = Recorder(), Recorder()
    w = FolderWatcher(cfg)
    w.start(first)
    (w.root / "one.txt").write_text("Day one: 10 dead.\n")
    first.wait_for(1)
    w.stop()
    (w.root / "two.txt").write_text("While down: 12 dead.\n")
    w2 = FolderWatcher(cfg)
    w2.start(second)
    try:
        second.wait_for(2)
        time.sleep(0.5)
        # A new process re-reads what is there; the pipeline drops one.txt by content hash.
        assert sorted(Path(d.uri).name for d in second.items) == ["one.txt", "two.txt"]
    finally:
        w2.stop()


def test_backlog_is_emitted_oldest_first(tmp_path, watch):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    names = ["c.txt", "a.md", "b.txt", "d.txt"]
    base = time.time() - 1000
    for i, name in enumerate(names):
        p = inbox / name
        p.write_text(f"Backlog article {name} counts {i} items.\n", encoding="utf-8")
        os.utime(p, (base + i * 10, base + i * 10))
    (inbox / "ignored.pdf").write_bytes(b"%PDF-1.4")
    (inbox / ".hidden.txt").write_text("editor temp file")
    rec = Recorder()
    watch(rec)
    rec.wait_for(len(names))
    time.sleep(0.5)
    assert [Path(d.uri).name for d in rec.items] == names


def test_backlog_in_subfolders_only_when_recursive(tmp_path, watch):
    sub = tmp_path / "inbox" / "sub"
    sub.mkdir(parents=True)
    (sub / "deep.txt").write_text("A deep article about 12 boats.\n")
    flat, deep = Recorder(), Recorder()
    w_flat = watch(flat)
    # The backlog is armed inside start(): nothing pending means nothing will be read.
    assert w_flat.status()["pending"] == 0 and flat.items == []
    w = FolderWatcher(folder(tmp_path, recursive=True))
    w.start(deep)
    try:
        deep.wait_for(1)
        assert Path(deep.items[0].uri).name == "deep.txt"
    finally:
        w.stop()


def test_bad_files_are_rejected_with_a_reason_and_the_watcher_keeps_going(tmp_path, watch):
    rec = Recorder()
    w = watch(rec, max_bytes=1000, debounce=0.1)
    (w.root / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (w.root / "empty.txt").write_bytes(b"")
    (w.root / "huge.txt").write_text("x" * 5000)
    (w.root / "blank.md").write_text("   \n\n  ")
    (w.root / "good.txt").write_text("After all that, 40 people were rescued.\n")
    rec.wait_for(5)
    time.sleep(0.5)
    reasons = {Path(r.uri).name: r.reason for r in rec.rejected()}
    assert set(reasons) == {"binary.txt", "empty.txt", "huge.txt", "blank.md"}, reasons
    assert "too large" in reasons["huge.txt"]
    assert "empty" in reasons["empty.txt"]
    assert all(r.source == w.source_id for r in rec.rejected())
    assert [Path(d.uri).name for d in rec.docs()] == ["good.txt"]
    assert w.status()["rejected"] == 4 and w.status()["running"]
    assert rec.rejected()[0].to_dict()["reason"]


def test_touch_rename_and_chmod_re_emit_at_most_once(tmp_path, watch):
    rec = Recorder()
    w = watch(rec, debounce=0.1)
    p = w.root / "one.txt"
    p.write_text("The council approved 3 budgets.\n")
    rec.wait_for(1)
    os.chmod(p, 0o600)  # no new version: not read again
    time.sleep(0.6)
    assert len(rec.items) == 1
    p.touch()  # a new mtime: read once more; the pipeline drops it by content hash
    time.sleep(0.6)
    assert len(rec.items) <= 2
    n = len(rec.items)
    p.rename(w.root / "renamed.txt")
    # Read under its new name, and the old name's record cleared (for the store's list of handled files).
    rec.wait_for(n + 2)
    time.sleep(0.6)
    assert len(rec.items) == n + 2
    assert {(type(i).__name__, Path(i.uri).name) for i in rec.items[n:]} == {
        ("FileDocument", "renamed.txt"),
        ("Cleared", "one.txt"),
    }
    assert {d.text for d in rec.docs()} == {"The council approved 3 budgets.\n"}


def test_moved_in_from_outside_does_not_wait_for_the_debounce(tmp_path, watch):
    rec = Recorder()
    # A debounce far longer than the wait: a move from outside is complete at once and must not wait for it.
    w = watch(rec, debounce=3600)
    outside = tmp_path / "draft.txt"
    outside.write_text("Drafted elsewhere: 7 bridges closed.\n")
    outside.rename(w.root / "final.txt")
    rec.wait_for(1)
    time.sleep(0.5)
    assert len(rec.items) == 1 and rec.items[0].text.startswith("Drafted elsewhere")


def test_folder_is_created_and_build_sources_makes_watchers(tmp_path):
    cfg = folder(tmp_path, id="inbox")
    (src,) = build_sources([cfg], scheduler=None)
    assert isinstance(src, FolderWatcher)
    src.start(Recorder())
    try:
        assert cfg.path.is_dir()
        st = src.status()
        assert st["id"] == "inbox" and st["kind"] == "folder" and st["running"]
    finally:
        src.stop()
    assert not src.status()["running"]


def test_status_shows_the_current_state_not_a_past_rejection(tmp_path, watch):
    rec = Recorder()
    w = watch(rec, debounce=0.1)
    st = w.status()
    assert st["state"] == "ok" and st["last_ok"] is None
    assert st["last_error"] is None and st["last_error_time"] is None
    (w.root / "binary.txt").write_bytes(bytes(range(256)) * 8)
    rec.wait_for(1)
    st = w.status()
    assert st["state"] == "failing" and "binary.txt" in st["last_error"] and st["last_error_time"]
    (w.root / "good.txt").write_text("Later, 40 people were rescued.\n")
    rec.wait_for(2)
    st = w.status()
    # A later file was read: the folder works, and the past rejection stays on record with its time.
    assert st["state"] == "ok" and "binary.txt" in st["last_error"]
    assert datetime.fromisoformat(st["last_ok"]) >= datetime.fromisoformat(st["last_error_time"])
    w.stop()
    assert w.status()["state"] == "stopped"


@pytest.mark.timeout(120)
def test_an_unreadable_file_is_read_once_its_permissions_are_fixed(tmp_path):
    probe = tmp_path / "probe"
    probe.write_text("x")
    probe.chmod(0o000)
    rec = Recorder()
    w = FolderWatcher(folder(tmp_path, debounce=0.1))
    start_unprivileged(w, rec, probe)
    try:
        draft = tmp_path / "draft.txt"
        draft.write_text("Officials said 12 roads were closed.\n")
        draft.chmod(0o000)
        draft.rename(w.root / "locked.txt")
        rec.wait_for(1)
        (rej,) = rec.rejected()
        assert Path(rej.uri).name == "locked.txt" and "Permission denied" in rej.reason
        assert w.status()["state"] == "failing"
        (w.root / "locked.txt").chmod(0o644)  # no new content, no new mtime: only the fix
        rec.wait_for(2)
        (doc,) = rec.docs()
        assert doc.text == "Officials said 12 roads were closed.\n"
        assert w.status()["state"] == "ok"
    finally:
        w.stop()


@pytest.mark.timeout(120)
def test_entries_that_are_not_files_are_rejected_with_a_reason(tmp_path, watch, caplog):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    os.symlink("loop.txt", inbox / "loop.txt")  # in the backlog
    (inbox / "folder.txt").mkdir()
    rec = Recorder()
    with caplog.at_level(logging.INFO, logger="monitor.sources.folder"):
        w = watch(rec, debounce=0.1)
        rec.wait_for(2)
        # The same while watching, and a FIFO, which a reader would wait on forever.
        os.symlink("b.md", w.root / "a.md")
        os.symlink("a.md", w.root / "b.md")
        (w.root / "later.html").mkdir()
        os.symlink(tmp_path / "missing.txt", w.root / "dangling.txt")
        os.mkfifo(w.root / "pipe.txt")
        (w.root / "good.txt").write_text("Meanwhile, 9 bridges reopened.\n")
        rec.wait_for(8)
        time.sleep(0.5)
    reasons = {Path(r.uri).name: r.reason for r in rec.rejected()}
    assert set(reasons) == {"loop.txt", "a.md", "b.md", "folder.txt", "later.html", "dangling.txt", "pipe.txt"}
    for name in ("loop.txt", "a.md", "b.md"):
        assert "symbolic link loop" in reasons[name], reasons
    for name in ("folder.txt", "later.html"):
        assert "directory" in reasons[name], reasons
    assert "broken symbolic link" in reasons["dangling.txt"]
    assert "not a regular file" in reasons["pipe.txt"]
    assert [Path(d.uri).name for d in rec.docs()] == ["good.txt"]
    logged = "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING)
    assert all(f"{name}: {reason}" in logged for name, reason in reasons.items()), logged


def test_a_directory_named_like_an_article_is_read_into_when_recursive(tmp_path, watch):
    (tmp_path / "inbox" / "2024.txt").mkdir(parents=True)
    (tmp_path / "inbox" / "2024.txt" / "inner.txt").write_text("Inside, 5 ships docked.\n")
    rec = Recorder()
    watch(rec, recursive=True)
    rec.wait_for(1)
    time.sleep(0.5)
    assert [Path(d.uri).name for d in rec.items] == ["inner.txt"]


@contextmanager
def rescanning(tmp_path: Path, debounce: float, every: float) -> Iterator[tuple[FolderWatcher, Recorder]]:
    """A started watcher on ``tmp_path``'s inbox that rescans every ``every`` seconds; stopped on exit."""
    rec = Recorder()
    w = FolderWatcher(folder(tmp_path, debounce=debounce))
    w.rescan_every = every
    w.start(rec)
    try:
        yield w, rec
    finally:
        w.stop()


def test_a_rescan_rejects_an_entry_once_and_reads_a_link_whose_target_appears(tmp_path):
    with rescanning(tmp_path, debounce=0.1, every=0.2) as (w, rec):
        os.symlink(tmp_path / "later.txt", w.root / "link.txt")
        rec.wait_for(1)
        time.sleep(1.0)  # five rescans: none rejects it again
        (rej,) = rec.rejected()
        assert "broken symbolic link" in rej.reason
        # The target appears outside the folder: no event in it, the rescan finds the link readable.
        (tmp_path / "later.txt").write_text("At last, 3 trains ran.\n")
        rec.wait_for(2)
        assert rec.docs()[0].text == "At last, 3 trains ran.\n"


def test_a_rescan_waits_out_the_debounce_for_a_file_still_being_written(tmp_path):
    with rescanning(tmp_path, debounce=0.6, every=0.1) as (w, rec):
        # The target lives outside the folder, so only a rescan can see it: created empty, filled a moment later.
        os.symlink(tmp_path / "slow.txt", w.root / "slow.txt")
        rec.wait_for(1)  # the broken link, rejected once
        with open(tmp_path / "slow.txt", "w") as fh:
            fh.flush()
            time.sleep(0.4)  # several rescans see it empty
            fh.write("By noon, 4 ferries sailed.\n")
        rec.wait_for(2)
        time.sleep(0.3)
        assert [d.text for d in rec.docs()] == ["By noon, 4 ferries sailed.\n"]
        assert len(rec.rejected()) == 1
