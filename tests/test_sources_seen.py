"""A folder source with the store: files already handled are skipped after a restart, fixed files leave the rejected list.

Real parts only: a real SQLite store, real watchdog events on a temporary folder.
``Writer`` does with each item what the daemon's worker does: it stores the item
(a rejection, or an article unless its content is stored already), then calls
:func:`~monitor.sources.record_handled`.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from test_sources_folder import start_unprivileged

from monitor.config import FolderSource
from monitor.records import Article, Document
from monitor.sources import Cleared, FileDocument, Rejected, record_handled
from monitor.sources.folder import FolderWatcher
from monitor.store import Store

DEADLINE = 30.0
"""Seconds a test waits for something that takes well under one on an idle machine."""

GOOD = {
    "a.txt": "Officials said 31 people died in the flood.\n",
    "b.txt": "Aid agencies counted 58 dead by the evening.\n",
    "c.md": "The minister said 12,000 people were displaced.\n",
}
BINARY = bytes(range(256)) * 8


class Writer:
    """Stores each item as the daemon's worker does, then records it as handled."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.handled: list[tuple[str, str]] = []  # (file name, parsed | duplicate | rejected)
        self.lock = threading.Lock()

    def __call__(self, item: Document | Rejected | Cleared) -> None:
        with self.store.transaction():
            if isinstance(item, Cleared):
                status = "cleared"
            elif isinstance(item, Rejected):
                self.store.reject(item.source, item.uri, item.reason)
                status = "rejected"
            elif self.store.article_by_hash(item.content_hash) is not None:
                status = "duplicate"
            else:
                self.store.add_article(
                    Article(hash=item.content_hash, uri=item.uri, source=item.source, source_kind=item.source_kind,
                            seen=datetime(2026, 1, 1, tzinfo=UTC), status="parsed")
                )
                status = "parsed"
        record_handled(self.store, item)
        with self.lock:
            self.handled.append((Path(item.uri).name, status))

    def wait_for(self, n: int) -> None:
        deadline = time.monotonic() + DEADLINE
        while len(self.handled) < n:
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {n} items handled, got {self.handled}")
            time.sleep(0.02)


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "state" / "monitor.db")
    yield s
    s.close()


def cfg(tmp_path: Path) -> FolderSource:
    return FolderSource(type="folder", id="inbox", path=tmp_path / "inbox", debounce=0.1)


def fill(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name, text in GOOD.items():
        (inbox / name).write_text(text)
    (inbox / "binary.txt").write_bytes(BINARY)
    return inbox


def run_once(tmp_path: Path, store: Store, n: int) -> tuple[FolderWatcher, Writer]:
    """Start a watcher (a daemon start or a SIGHUP), wait for ``n`` items handled, stop it."""
    w = FolderWatcher(cfg(tmp_path), store=store)
    writer = Writer(store)
    w.start(writer)
    try:
        writer.wait_for(n)
        time.sleep(0.3)
    finally:
        w.stop()
    return w, writer


def rejected_rows(store: Store) -> list[tuple[str, str]]:
    return [(Path(r["uri"]).name, r["reason"]) for r in store.rejected(100)]


def test_a_restart_skips_the_files_already_handled_without_reading_them(tmp_path, store, caplog):
    fill(tmp_path)
    _, first = run_once(tmp_path, store, 4)
    assert sorted(first.handled) == [("a.txt", "parsed"), ("b.txt", "parsed"), ("binary.txt", "rejected"),
                                     ("c.md", "parsed")]
    w = FolderWatcher(cfg(tmp_path), store=store)
    writer = Writer(store)
    with caplog.at_level(logging.INFO, logger="monitor.sources.folder"):
        w.start(writer)
    try:
        # The backlog is decided inside start(): nothing pending is nothing to open, read or hash.
        st = w.status()
        assert st["pending"] == 0 and st["backlog"] == {"new": 0, "already_seen": 4}
        assert any("0 new file(s), 4 already seen" in r.getMessage() for r in caplog.records), caplog.text
        time.sleep(0.5)
        assert writer.handled == []
    finally:
        w.stop()
    # The binary file is listed once, not once per start.
    assert rejected_rows(store) == [("binary.txt", store.rejected()[0]["reason"])]


def test_a_file_changed_while_stopped_is_read_again_and_a_touched_one_is_a_duplicate(tmp_path, store):
    inbox = fill(tmp_path)
    run_once(tmp_path, store, 4)
    (inbox / "a.txt").write_text("Officials now say 35 people died in the flood.\n")
    st = (inbox / "b.txt").stat()
    os.utime(inbox / "b.txt", ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))  # same bytes, new mtime
    w, writer = run_once(tmp_path, store, 2)
    assert sorted(writer.handled) == [("a.txt", "parsed"), ("b.txt", "duplicate")]
    assert w.status()["backlog"] == {"new": 2, "already_seen": 2}


def test_a_rejected_file_fixed_while_stopped_leaves_the_rejected_list(tmp_path, store):
    inbox = fill(tmp_path)
    run_once(tmp_path, store, 4)
    assert [name for name, _ in rejected_rows(store)] == ["binary.txt"]
    (inbox / "binary.txt").write_text("Rewritten: 7 roads reopened on Monday.\n")
    _, writer = run_once(tmp_path, store, 1)
    assert writer.handled == [("binary.txt", "parsed")]
    assert rejected_rows(store) == [] and store.counts()["rejected"] == 0


def test_a_fixed_file_whose_text_is_stored_already_leaves_the_rejected_list_too(tmp_path, store):
    inbox = fill(tmp_path)
    run_once(tmp_path, store, 4)
    (inbox / "binary.txt").write_text(GOOD["a.txt"])  # now a copy of a stored article
    _, writer = run_once(tmp_path, store, 1)
    assert writer.handled == [("binary.txt", "duplicate")]
    assert rejected_rows(store) == []


@pytest.mark.timeout(120)
def test_a_file_fixed_by_chmod_is_read_and_leaves_the_rejected_list(tmp_path, store):
    probe = tmp_path / "probe"
    probe.write_text("x")
    probe.chmod(0o000)
    (tmp_path / "inbox").mkdir()
    locked = tmp_path / "inbox" / "locked.txt"
    locked.write_text("Officials said 12 roads were closed.\n")
    locked.chmod(0o000)
    w = FolderWatcher(cfg(tmp_path), store=store)
    writer = Writer(store)
    start_unprivileged(w, writer, probe)
    try:
        writer.wait_for(1)
        ((name, reason),) = rejected_rows(store)
        assert name == "locked.txt" and "Permission denied" in reason
        locked.chmod(0o644)
        writer.wait_for(2)
        assert writer.handled == [("locked.txt", "rejected"), ("locked.txt", "parsed")]
        assert rejected_rows(store) == []
    finally:
        w.stop()
    # Handled in its readable version: the next start skips it.
    w2 = FolderWatcher(cfg(tmp_path), store=store)
    w2.start(Writer(store))
    try:
        assert w2.status()["backlog"] == {"new": 0, "already_seen": 1}
    finally:
        w2.stop()


def test_a_rejected_file_that_is_deleted_leaves_the_rejected_list(tmp_path, store):
    inbox = fill(tmp_path)
    w = FolderWatcher(cfg(tmp_path), store=store)
    writer = Writer(store)
    w.start(writer)
    try:
        writer.wait_for(4)
        assert [name for name, _ in rejected_rows(store)] == ["binary.txt"]
        (inbox / "binary.txt").unlink()
        writer.wait_for(5)
        assert writer.handled[-1] == ("binary.txt", "cleared")
        assert rejected_rows(store) == []
    finally:
        w.stop()


def test_files_deleted_while_stopped_are_forgotten_at_the_next_start(tmp_path, store):
    inbox = fill(tmp_path)
    run_once(tmp_path, store, 4)
    (inbox / "binary.txt").unlink()
    (inbox / "a.txt").unlink()
    w, writer = run_once(tmp_path, store, 2)
    assert sorted(writer.handled) == [("a.txt", "cleared"), ("binary.txt", "cleared")]
    assert rejected_rows(store) == []
    # The list of handled files holds what is there, not every file that ever was.
    assert sorted(Path(row[0]).name for row in store.seen_files(str(inbox))) == ["b.txt", "c.md"]
    assert w.status()["backlog"] == {"new": 0, "already_seen": 2}


def test_a_file_still_rejected_after_a_chmod_is_listed_once_with_its_latest_reason(store):
    with store.transaction():
        store.reject("inbox", "/in/x.txt", "cannot read: Permission denied")
        store.reject("inbox", "/in/y.txt", "empty file")
    with store.transaction():
        store.reject("inbox", "/in/x.txt", "binary: 3% printable characters")
    assert [(r["uri"], r["reason"]) for r in store.rejected()] == [
        ("/in/x.txt", "binary: 3% printable characters"),
        ("/in/y.txt", "empty file"),
    ]
    assert store.counts()["rejected"] == 2


def test_a_file_document_reaches_extraction_helpers_as_a_plain_document(tmp_path):
    import pickle

    from monitor.sources import FileVersion

    doc = FileDocument(uri="inbox/a.txt", text="31 dead.", source="inbox",
                       version=FileVersion("/abs/inbox/a.txt", "file", 9, 1, 2))
    copy = pickle.loads(pickle.dumps(doc))
    assert type(copy) is Document and copy.uri == doc.uri and copy.text == doc.text
    assert copy.content_hash == doc.content_hash
