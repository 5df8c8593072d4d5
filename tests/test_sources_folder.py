"""FolderWatcher against real watchdog events on temporary folders.

No test asserts how fast anything happens (speed is measured in bench/): each waits
for the condition it needs, up to a deadline that only a real defect exceeds.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from collections import Counter
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
    rec.wait_for(n + 1)
    time.sleep(0.6)
    assert len(rec.items) == n + 1
    assert Path(rec.items[-1].uri).name == "renamed.txt"
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
