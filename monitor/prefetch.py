"""Extraction ahead of the writer, in helper processes: a wrapper around the extractor.

Extraction is pure (text in, claims and statements out) and takes nine tenths
of the time an on-topic article costs, so when articles queue up it can run
ahead of the pipeline's single writer. :class:`ReadAhead` wraps an extractor:
``extract(doc)`` as before, plus ``expect(doc)``, a hint of a document that
comes later. It keeps the documents the writer will reach soon, in order;
helper processes extract the earliest ones, and when the writer reaches a
document a helper is still working on, it extracts a later one itself instead
of waiting. Each document is extracted exactly once, by whoever gets to it
first, and the writer still stores every document in arrival order, so the
store and the alert log are the same as without helpers.

:class:`Lookahead` is the one read-ahead loop, shared by ``monitor ingest``
(:meth:`~monitor.pipeline.Pipeline.process_many`) and the daemon: it takes items
from wherever they wait a little ahead of the one being processed, and hints
each to the pipeline, while the helpers could use more.

Helpers start only once a backlog has lasted (:data:`START_AFTER` on-topic
documents taken while more were waiting), so a monitor that sees one article at
a time, or a short batch, never pays for them; the daemon stops them again
after ten minutes without a backlog. A helper that fails to start or
dies is dropped with a log line; its documents are then extracted by the
writer. Helpers are fresh interpreters (see :mod:`monitor.prefetch_helper`)
that exit when the writer's end of their socket closes, so a killed monitor
leaves none behind.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.connection import wait as wait_ready
from pathlib import Path
from typing import Any, Protocol

from .config import MonitorConfig
from .records import Claim, Document, Statement

log = logging.getLogger(__name__)

IN_FLIGHT = 2  # documents sent to one helper at a time: one in work, one ready so it never idles
LOOKAHEAD_PER_PROCESS = 4  # on-topic documents kept ahead per extracting process
# Starting a helper costs a core a few seconds (a fresh interpreter loading spaCy), the time
# to extract some fifty articles: start them once a backlog has lasted this many articles.
START_AFTER = 16
READ_AHEAD_MAX = 512  # items a Lookahead takes ahead at most, whatever their topics
ANSWER_TIMEOUT = 60.0  # seconds the writer waits on a helper's document before it drops the helper

Extracted = tuple[list[Claim], list[Statement]]
_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)


class Extracts(Protocol):
    """An extractor: a document's claims and statements."""

    def extract(self, doc: Document) -> Extracted: ...


class _Helper:
    """One helper process and the writer's end of its socket."""

    def __init__(self, config: Any) -> None:
        ours, theirs = socket.socketpair()
        try:
            # The helper imports the very package this process runs, installed or not.
            path = os.pathsep.join(p for p in (_PACKAGE_ROOT, os.environ.get("PYTHONPATH")) if p)
            self.process = subprocess.Popen(
                [sys.executable, "-m", "monitor.prefetch_helper", str(theirs.fileno())],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                env={**os.environ, "PYTHONPATH": path},
                # Its own process group: a terminal's Ctrl-C goes to the writer, which stops the helpers
                # itself; a helper still importing spaCy would die of it with a traceback in the log.
                process_group=0,
            )
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()  # only the helper holds its end: when we die, its recv() sees EOF
        self.conn = Connection(ours.detach())
        self.ready = False
        self.sent: list[tuple[str, str]] = []
        try:
            self.conn.send(config)
        except OSError:
            self.process.kill()
            self.process.wait()
            self.conn.close()
            raise

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self, timeout: float = 1.0) -> None:
        if not self.ready:  # still loading: nothing to finish
            self.process.terminate()
        try:
            self.conn.send(None)
        except OSError:
            pass
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout)
        self.conn.close()


class ReadAhead:
    """An extractor that extracts the documents the writer will process soon in helper processes.

    :param extractor: the writer's own extractor (used for what no helper got to).
    :param config: the :class:`~monitor.config.MonitorConfig` helpers build their extractor from.
    :param processes: extracting processes in all, the writer included (default: ``config.nlp.processes``);
        1 means no helpers: then this is the extractor alone.
    """

    def __init__(self, extractor: Extracts, config: MonitorConfig, processes: int | None = None) -> None:
        self.extractor = extractor
        self._config = config
        self._extract = extractor.extract
        processes = config.nlp.processes if processes is None else processes
        self._helpers_wanted = max(0, processes - 1)
        self._helpers: list[_Helper] = []
        self._started = False
        self._backlogged = 0
        self._last_work = time.monotonic()
        # key -> [document, state, result]; state is "waiting", "sent" or "done"; in arrival order.
        self._entries: OrderedDict[tuple[str, str], list[Any]] = OrderedDict()
        self.lookahead = LOOKAHEAD_PER_PROCESS * processes if self._helpers_wanted else 0
        self._stats = {"helper": 0, "writer": 0}

    @staticmethod
    def key(doc: Document) -> tuple[str, str]:
        """What identifies a document here: its URI and content hash."""
        return (doc.uri, doc.content_hash)

    @property
    def enabled(self) -> bool:
        """Whether helpers may run at all."""
        return self._helpers_wanted > 0

    def wants_more(self) -> bool:
        """True while fewer on-topic documents are waiting than the helpers could use."""
        return self.enabled and len(self._entries) < self.lookahead

    def expect(self, doc: Document) -> None:
        """Note an on-topic document the writer will extract later (in the order noted), to extract it ahead."""
        if not self.enabled:
            return
        k = self.key(doc)
        if k in self._entries:
            return
        self._entries[k] = [doc, "waiting", None]
        self._dispatch()

    def extract(self, doc: Document) -> Extracted:
        """The claims and statements of ``doc``, which the writer is processing now."""
        self._last_work = time.monotonic()
        if self._helpers:
            self._collect(block=False)
        elif self.enabled and not self._started and len(self._entries) > 1:
            self._backlogged += 1
            if self._backlogged >= START_AFTER:
                self._start()
        k = self.key(doc)
        entry = self._entries.get(k)
        if entry is None or entry[1] == "waiting":
            self._entries.pop(k, None)
            return self._by_writer(doc)
        while entry[1] == "sent":
            self._collect(block=False)
            if entry[1] == "sent" and not self._extract_last_waiting() and not self._collect(block=True):
                stuck = next((h for h in self._helpers if k in h.sent), None)
                if stuck is None:
                    entry[1] = "waiting"
                else:
                    self._drop(stuck, f"no answer in {ANSWER_TIMEOUT:.0f} s", kill=True)
        self._entries.pop(k, None)
        self._dispatch()
        if entry[1] == "done":
            return entry[2]
        return self._by_writer(doc)  # the helper failed on it or died: the writer's own error handling applies

    def forget(self, doc: Document) -> None:
        """Forget ``doc`` (the writer is done with it without needing its extraction: a duplicate, an error)."""
        self._entries.pop(self.key(doc), None)

    def summary(self) -> dict[str, Any]:
        """Processes configured, helpers running, and how many documents each side extracted ahead."""
        return {
            "processes": self._helpers_wanted + 1,
            "helpers_running": len(self._helpers),
            "helper_pids": [h.pid for h in self._helpers],
            "read_ahead": len(self._entries),
            "by_helpers": self._stats["helper"],
            "by_writer": self._stats["writer"],
        }

    def start_helpers(self, wait: bool = True, timeout: float = 60.0) -> int:
        """Start the helpers now instead of at the first backlog; with ``wait``, until they are ready.

        Returns how many helpers are ready (0 when none are configured or none could start).
        """
        if self.enabled and not self._started:
            self._start()
        deadline = time.monotonic() + timeout
        while wait and any(not h.ready for h in self._helpers) and time.monotonic() < deadline:
            conns = [h.conn for h in self._helpers if not h.ready]
            if wait_ready(conns, timeout=max(0.0, deadline - time.monotonic())):
                self._collect(block=False)
        return sum(h.ready for h in self._helpers)

    def release_if_idle(self, seconds: float) -> bool:
        """Stop the helpers when nothing was extracted for ``seconds`` (a later backlog starts them again)."""
        if self._helpers and not self._entries and time.monotonic() - self._last_work >= seconds:
            log.info("no backlog for %.0f s: stopping %d extraction helper(s)", seconds, len(self._helpers))
            self.close()
            return True
        return False

    def close(self) -> None:
        """Stop the helpers and forget what was waiting (documents noted are then extracted by the writer)."""
        for h in self._helpers:
            h.stop()
        self._helpers = []
        self._started = False
        self._backlogged = 0
        self._entries.clear()

    # --- internals ---------------------------------------------------------------

    def _start(self) -> None:
        self._started = True
        for _ in range(self._helpers_wanted):
            try:
                self._helpers.append(_Helper(self._config))
            except OSError as exc:
                log.warning("cannot start an extraction helper (%s); the writer extracts alone", exc)
                break
        if self._helpers:
            log.info("backlog: started %d extraction helper process(es)", len(self._helpers))

    def _by_writer(self, doc: Document) -> Extracted:
        self._stats["writer"] += 1
        return self._extract(doc)

    def _extract_last_waiting(self) -> bool:
        # Work from the far end, so the helpers keep the documents the writer reaches first.
        for entry in reversed(self._entries.values()):
            if entry[1] == "waiting":
                entry[2] = self._by_writer(entry[0])
                entry[1] = "done"
                return True
        return False

    def _dispatch(self) -> None:
        waiting = (k for k, e in self._entries.items() if e[1] == "waiting")
        for h in list(self._helpers):
            while h.ready and len(h.sent) < IN_FLIGHT:
                k = next(waiting, None)
                if k is None:
                    return
                try:
                    h.conn.send((k, self._entries[k][0]))
                except OSError:
                    self._drop(h, "its pipe closed")
                    break
                self._entries[k][1] = "sent"
                h.sent.append(k)

    def _collect(self, block: bool) -> bool:
        """Read what the helpers sent (with ``block``, waiting up to :data:`ANSWER_TIMEOUT`); False if nothing came."""
        conns = [h.conn for h in self._helpers]
        if not conns:
            return False
        ready = wait_ready(conns, timeout=ANSWER_TIMEOUT if block else 0)
        for conn in ready:
            h = next(x for x in self._helpers if x.conn is conn)
            try:
                msg = conn.recv()
            except (EOFError, OSError):
                self._drop(h, "it exited")
                continue
            if msg[0] == "ready":
                h.ready = True
            elif msg[0] == "failed":
                self._drop(h, msg[1])
            else:
                kind, k, payload = msg
                if k in h.sent:
                    h.sent.remove(k)
                entry = self._entries.get(k)
                if entry is not None and entry[1] == "sent":
                    if kind == "done":
                        entry[1], entry[2] = "done", payload
                        self._stats["helper"] += 1
                    else:
                        log.warning("extraction helper failed on %s (%s); the writer retries it", k[0], payload)
                        entry[1] = "waiting"
        self._dispatch()
        return bool(ready)

    def _drop(self, h: _Helper, why: str, kill: bool = False) -> None:
        log.warning("extraction helper %s stopped: %s; the writer extracts its documents", h.pid, why)
        for k in h.sent:
            if k in self._entries and self._entries[k][1] == "sent":
                self._entries[k][1] = "waiting"
        h.sent = []
        self._helpers.remove(h)
        if kill:
            h.process.kill()
        h.stop(timeout=0.2)


class Lookahead:
    """Items in arrival order, taken a little ahead of the one being processed while helpers could use them.

    :param note: called once for each item taken ahead (the pipeline's :meth:`~monitor.pipeline.Pipeline.expect`).
    :param wants_more: whether taking further ahead could keep extraction helpers busy.
    :param limit: items taken ahead at most, whatever their topics.
    """

    def __init__(self, note: Callable[[Any], None], wants_more: Callable[[], bool], limit: int = READ_AHEAD_MAX) -> None:
        self.note = note
        self.wants_more = wants_more
        self.limit = limit
        self._window: deque[Any] = deque()

    def __len__(self) -> int:
        return len(self._window)

    def next(self, take: Callable[[bool], Any]) -> Any:
        """The next item, or ``None`` when none waits. ``take(first)`` gives the next waiting item or
        ``None``; ``first`` says it is the one needed now (so it may wait a little for one)."""
        if not self._window:
            item = take(True)
            if item is None:
                return None
            self._add(item)
        while len(self._window) < self.limit and self.wants_more():
            item = take(False)
            if item is None:
                break
            self._add(item)
        return self._window.popleft()

    def put_back(self, item: Any) -> None:
        """Make ``item`` the next one again (it could not be processed now)."""
        self._window.appendleft(item)

    def _add(self, item: Any) -> None:
        self._window.append(item)
        self.note(item)
