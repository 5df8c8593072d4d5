"""An RSS/Atom feed polled on an APScheduler 3.x interval job.

Each poll is one conditional GET (ETag / Last-Modified), parsed by feedparser;
every entry not seen in this process becomes a :class:`~monitor.records.Document`
carrying its GUID, so the pipeline can also drop entries seen before a restart.
A failing feed is never parked: it backs off exponentially (with jitter, or as
long as ``Retry-After`` asks) up to a ceiling and keeps trying at that ceiling.

Every poll ends with one outcome and a reason in words, which ``status()`` shows
as ``last_poll``: ``ok`` (entries read), ``not_modified`` (HTTP 304),
``no_entries`` (a readable feed without entries), ``rejected`` (not a usable
feed) or ``error`` (the fetch failed).
"""

from __future__ import annotations

import calendar
import email.utils
import hashlib
import io
import logging
import math
import random
import socket
import threading
import time
import weakref
import xml.parsers.expat
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import feedparser
import httpx
from feedparser.encodings import convert_to_utf8
from feedparser.sanitizer import replace_doctype

from ..config import FeedSource
from ..documents import html_to_text, strip_tags, text_date
from ..records import Document, now_utc
from . import Cleared, Emit, Rejected

log = logging.getLogger(__name__)

USER_AGENT = "news-monitor/0.1 (+https://example.invalid/news-monitor)"
ACCEPT = "application/rss+xml, application/atom+xml, application/rdf+xml, application/feed+json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
MAX_BACKOFF = 3600.0
"""The backoff ceiling in seconds (or the poll interval, if that is longer)."""
MAX_RETRY_AFTER = 86400.0
MAX_REDIRECTS = 5
SEEN_LIMIT = 10_000
"""Entry keys remembered per feed; older ones fall out (the pipeline still dedupes them by GUID and hash)."""
ENTITIES_REFUSED = "feed declares XML entities (DTD); refused for safety"


class _PrologDone(Exception):
    pass


def _expat_sees_entity_declaration(doc: bytes) -> bool:
    """Whether expat, reading ``doc``, meets an entity declaration before the root element."""
    parser = xml.parsers.expat.ParserCreate()
    found = False

    def on_entity(*args: Any) -> None:
        nonlocal found
        found = True
        raise _PrologDone

    def on_start(*args: Any) -> None:
        raise _PrologDone  # the prolog is over: no DTD can follow

    parser.EntityDeclHandler = on_entity
    parser.UnparsedEntityDeclHandler = on_entity
    parser.StartElementHandler = on_start
    try:
        parser.Parse(doc, True)
    except (_PrologDone, xml.parsers.expat.ExpatError):
        pass
    return found


def declares_entities(data: bytes, content_type: str) -> bool:
    """Whether the feed declares XML entities, as feedparser would read it.

    Entities are how a feed expands itself exponentially (billion laughs) or
    quadratically (one long entity referenced often; feedparser keeps such
    "safe" entities, and its fallback parser expands them without limit), or
    names files and URLs (XXE). No real feed needs them, so such a feed is
    refused before feedparser sees it. The document is decoded exactly as
    feedparser decodes it (UTF-16, a charset in the header, ...), then checked
    both as feedparser's strict parser would get it (expat, which reports every
    declaration in the internal subset) and as its fallback parser would (the
    entities feedparser lifts from the DOCTYPE).
    """
    text = convert_to_utf8({"content-type": content_type}, data, {"bozo": False})
    _, stripped, entities = replace_doctype(text)
    if entities or b"<!ENTITY" not in text:
        return bool(entities)
    return _expat_sees_entity_declaration(text) or _expat_sees_entity_declaration(stripped)


class FetchError(Exception):
    """A fetch failed; ``retry_after`` is the server's requested wait in seconds, if it gave one."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True, kw_only=True)
class PollResult:
    """What one poll did.

    :param outcome: ``ok`` (entries read), ``not_modified`` (HTTP 304), ``no_entries`` (a readable
        feed without entries), ``rejected`` (not a usable feed) or ``error`` (the fetch failed).
    :param reason: the outcome in words, e.g. ``"12 entries, 3 new"`` or the parser's complaint.
    :param entries: entries in the feed; ``documents`` / ``rejected``: items emitted.
    :param error: what went wrong, for ``rejected`` and ``error``.
    """

    outcome: str
    reason: str = ""
    entries: int = 0
    documents: int = 0
    rejected: int = 0
    error: str | None = None


NOT_MODIFIED = "not modified since the last poll (HTTP 304)"


def oldest_first(entries: list[Any]) -> list[Any]:
    """Feed entries in publication order, oldest first (feeds list the newest first); undated ones last, in feed order."""
    def when(entry: Any) -> float:
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        try:
            return calendar.timegm(stamp) if stamp else math.inf
        except (TypeError, ValueError, OverflowError):
            return math.inf

    return sorted(entries, key=when)


def _entries_reason(entries: int, documents: int, rejected: int) -> str:
    parts = [f"{entries} entr{'y' if entries == 1 else 'ies'}"]
    if documents:
        parts.append(f"{documents} new")
    if rejected:
        parts.append(f"{rejected} rejected")
    if not documents and not rejected:
        parts.append("none new")
    return ", ".join(parts)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date; ``None`` if absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or now_utc())).total_seconds())


def fragment_text(value: str, kind: str = "text/html") -> str:
    """Text of an entry's content or summary.

    Short fragments go through :func:`strip_tags`, not trafilatura: trafilatura
    looks for an article body and often returns nothing (or a part) for a
    two-sentence summary, and a lost sentence is a lost figure.
    """
    if not value:
        return ""
    if "html" not in kind and "xml" not in kind:
        return value.strip()
    head = value.lstrip()[:200].lower()
    if head.startswith(("<!doctype", "<html")) or "<body" in value[:2000].lower():
        text, _ = html_to_text(value)
        if text.strip():
            return text.strip()
    return strip_tags(value)


def _when(parsed: Any) -> datetime | None:
    try:
        return datetime(*parsed[:6], tzinfo=UTC) if parsed else None
    except (TypeError, ValueError):
        return None


class FeedPoller:
    """Polls ``cfg.url`` every ``cfg.every`` seconds and emits one document per new entry.

    :param cfg: the feed's config (url, every, timeout, fetch_full_text, max_bytes).
    :param scheduler: an APScheduler 3.x scheduler; ``None`` to call :meth:`poll_once` yourself.
    """

    needs_scheduler = True

    def __init__(self, cfg: FeedSource, scheduler: Any = None) -> None:
        self.cfg = cfg
        self.source_id = cfg.source_id
        self.url = cfg.url
        self.scheduler = scheduler
        self.job: Any = None
        self._emit: Emit | None = None
        self._client = self._new_client()
        self._poll_lock = threading.Lock()
        self._sockets: weakref.WeakSet[socket.socket] = weakref.WeakSet()
        self._sockets_lock = threading.Lock()
        self._stopping = threading.Event()
        self._etag: str | None = None
        self._last_modified: str | None = None
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._last_reject: str | None = None
        self._feed_rejected = False  # the feed itself was rejected since it last read well
        self._content: PollResult | None = None  # what the last full response was, for a 304 to repeat
        self.failures = 0
        self.last_ok: datetime | None = None
        self.last_error: str | None = None
        self.last_error_time: datetime | None = None
        self.last_poll: dict[str, Any] | None = None
        self.next_try: datetime | None = None
        self.bozo: str | None = None
        self.counts = {"documents": 0, "rejected": 0}

    def _new_client(self) -> httpx.Client:
        return httpx.Client(
            timeout=self.cfg.timeout,
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            headers={"User-Agent": USER_AGENT},
        )

    # --- lifecycle ---------------------------------------------------------

    def start(self, emit: Emit) -> None:
        """Add the interval job (first run at once) to the scheduler, if there is one."""
        self._emit = emit
        self._stopping.clear()
        if self._client.is_closed:
            self._client = self._new_client()
        if self.scheduler is None:
            return
        self.job = self.scheduler.add_job(
            self.poll_once,
            "interval",
            seconds=self.cfg.every,
            id=f"feed:{self.source_id}",
            name=f"feed {self.source_id}",
            coalesce=True,
            max_instances=1,
            misfire_grace_time=max(30, int(self.cfg.every)),
            next_run_time=datetime.now(UTC),
            replace_existing=True,
        )

    def stop(self) -> None:
        """Remove the job and return at once; a poll under way emits nothing after its current entry.

        It does not wait for that poll: it may be blocked in ``emit`` on a full
        queue that the daemon drains only after its sources have stopped.
        """
        self._stopping.set()
        if self.job is not None:
            try:
                self.job.remove()
            except Exception:  # noqa: BLE001 - already gone (scheduler shut down) is fine
                pass
            self.job = None
        if self._poll_lock.acquire(blocking=False):
            try:
                self._client.close()
            finally:
                self._poll_lock.release()

    @property
    def state(self) -> str:
        """The feed's current state, in words.

        * ``not polled yet``: started, first poll not finished;
        * ``ok``: the last poll read the feed (entries, no entries, or not modified);
        * ``backing off``: the last fetch failed; the next try is at ``next_try``;
        * ``failing``: the feed is fetched but unusable (not a feed, refused entities)
          since a time after its last success;
        * ``stopped``: the source was stopped.
        """
        if self._stopping.is_set():
            return "stopped"
        if self.failures:
            return "backing off"
        if self.last_error_time is not None and (self.last_ok is None or self.last_error_time > self.last_ok):
            return "failing"
        return "ok" if self.last_ok is not None else "not polled yet"

    def status(self) -> dict[str, Any]:
        """The feed for ``monitor status`` (times ISO 8601, ``None`` when never).

        ``id``, ``kind`` (``feed``), ``url``, ``state`` (see :attr:`state`), ``last_ok`` (last
        usable poll), ``last_error`` (text of the latest error, kept after the feed recovers),
        ``last_error_time``, ``failures`` (fetch failures in a row), ``next_try``, ``bozo`` (the
        parser's complaint about the last feed read), ``last_poll`` (``time``, ``outcome``,
        ``reason``, ``entries``, ``documents``, ``rejected``: see :class:`PollResult`), and the
        ``documents`` / ``rejected`` items emitted since start.
        """
        return {
            "id": self.source_id,
            "kind": "feed",
            "url": self.url,
            "state": self.state,
            "last_ok": self.last_ok.isoformat() if self.last_ok else None,
            "last_error": self.last_error,
            "last_error_time": self.last_error_time.isoformat() if self.last_error_time else None,
            "failures": self.failures,
            "next_try": self.next_try.isoformat() if self.next_try else None,
            "bozo": self.bozo,
            "last_poll": self.last_poll,
            **self.counts,
        }

    # --- one poll ------------------------------------------------------------

    def poll_once(self) -> PollResult:
        """Fetch and parse the feed once and emit its new entries; never raises."""
        with self._poll_lock:
            if self._client.is_closed:
                return PollResult(outcome="error", reason="stopped", error="stopped")
            try:
                return self._poll()
            except FetchError as exc:
                return self._failed(str(exc), exc.retry_after)
            except Exception as exc:  # noqa: BLE001 - a poll must never kill the scheduler's worker
                log.exception("feed %s: poll failed", self.source_id)
                return self._failed(f"{type(exc).__name__}: {exc}", None)
            finally:
                if self._stopping.is_set():
                    self._client.close()

    def _poll(self) -> PollResult:
        headers = {"Accept": ACCEPT}
        if self._etag:
            headers["If-None-Match"] = self._etag
        if self._last_modified:
            headers["If-Modified-Since"] = self._last_modified
        status, resp_headers, data, final_url = self._fetch(self.url, headers)
        if status == 304:
            prev = self._content
            if prev is not None and prev.outcome == "rejected":
                # Still the same unusable document: still failing, and recorded once already.
                reason = f"{NOT_MODIFIED}, still {prev.reason}"
                return self._record(PollResult(outcome="not_modified", reason=reason, error=prev.error), usable=False)
            return self._record(PollResult(outcome="not_modified", reason=NOT_MODIFIED), usable=True)
        if declares_entities(data, resp_headers.get("content-type", "application/xml")):
            return self._unusable(resp_headers, ENTITIES_REFUSED, bozo=ENTITIES_REFUSED)
        # A stream, never bytes: feedparser tries bytes as a local file name first,
        # so a body of "/etc/passwd" would be read from our disk.
        parsed = feedparser.parse(
            io.BytesIO(data),
            response_headers={
                "content-type": resp_headers.get("content-type", "application/xml"),
                "content-location": final_url,
            },
        )
        entries = oldest_first(list(parsed.get("entries") or []))
        if parsed.get("bozo"):
            reason = f"{type(parsed.get('bozo_exception')).__name__}: {parsed.get('bozo_exception')}"
            if not entries:
                return self._unusable(resp_headers, f"not a readable feed: {reason}", bozo=reason)
            log.info("feed %s: malformed but has %d entries: %s", self.source_id, len(entries), reason)
            self.bozo = reason
        else:
            self.bozo = None
        if not entries:
            version = parsed.get("version") or ""
            if not version:
                return self._unusable(resp_headers, "not a feed: no RSS, Atom or JSON Feed found in the document")
            self._keep_validators(resp_headers)
            return self._record(PollResult(outcome="no_entries", reason=f"no entries in the feed ({version})"), usable=True)
        docs = rejected = 0
        for entry in entries:
            if self._stopping.is_set():
                # Keep the old validators, so the next poll fetches the entries not emitted yet.
                reason = f"stopped after {docs + rejected} item(s) of {len(entries)} entries"
                return PollResult(outcome="ok", reason=reason, entries=len(entries), documents=docs, rejected=rejected)
            item = self._entry_item(entry)
            if item is None:
                continue
            if isinstance(item, Rejected):
                rejected += self._reject(item.uri, item.reason)
            else:
                self._put(item)
                self.counts["documents"] += 1
                docs += 1
        self._keep_validators(resp_headers)
        reason = _entries_reason(len(entries), docs, rejected)
        if self.bozo:
            reason += f" (malformed: {self.bozo})"
        return self._record(
            PollResult(outcome="ok", reason=reason, entries=len(entries), documents=docs, rejected=rejected), usable=True
        )

    def _unusable(self, headers: httpx.Headers, reason: str, bozo: str | None = None) -> PollResult:
        """The document fetched is not a usable feed: reject it (once) and say why."""
        self._keep_validators(headers)
        self.bozo = bozo
        self._feed_rejected = True
        rejected = self._reject(self.url, reason)
        return self._record(PollResult(outcome="rejected", reason=reason, rejected=rejected, error=reason), usable=False)

    def _fetch(self, url: str, headers: dict[str, str]) -> tuple[int, httpx.Headers, bytes, str]:
        """GET ``url``, streaming at most ``max_bytes`` within ``timeout`` seconds in all.

        httpx's timeout bounds each read, not the whole response: a server that
        drips a header byte every second would hold the poll for hours. At the
        deadline a watchdog shuts down this client's sockets (only this poll
        uses them), which ends any read at once.
        """
        limit = self.cfg.max_bytes
        deadline = time.monotonic() + self.cfg.timeout
        expired = threading.Event()
        watchdog = threading.Timer(self.cfg.timeout, self._expire, (expired,))
        watchdog.daemon = True
        watchdog.start()
        try:
            with self._client.stream("GET", url, headers=headers, extensions={"trace": self._trace}) as resp:
                if resp.status_code == 304:
                    return 304, resp.headers, b"", str(resp.url)
                if resp.status_code in (429, 503):
                    wait = parse_retry_after(resp.headers.get("retry-after"))
                    raise FetchError(f"HTTP {resp.status_code} {resp.reason_phrase}", wait)
                if resp.status_code >= 400:
                    raise FetchError(f"HTTP {resp.status_code} {resp.reason_phrase}")
                declared = resp.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise FetchError(f"too large: {int(declared):,} bytes, limit {limit:,}")
                chunks: list[bytes] = []
                size = 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise FetchError(f"too large: over the limit of {limit:,} bytes")
                    if time.monotonic() > deadline:
                        raise FetchError(f"timed out: response took over {self.cfg.timeout:g} s")
                    chunks.append(chunk)
                if expired.is_set():  # a body delimited by the close ends "cleanly" at the shutdown
                    raise FetchError(f"timed out: response took over {self.cfg.timeout:g} s")
                return resp.status_code, resp.headers, b"".join(chunks), str(resp.url)
        except httpx.TimeoutException as exc:
            raise FetchError(f"timed out after {self.cfg.timeout:g} s ({type(exc).__name__})") from None
        except httpx.TooManyRedirects:
            raise FetchError(f"more than {MAX_REDIRECTS} redirects") from None
        except httpx.HTTPError as exc:
            if expired.is_set():
                raise FetchError(f"timed out: response took over {self.cfg.timeout:g} s") from None
            raise FetchError(f"{type(exc).__name__}: {exc}") from None
        finally:
            watchdog.cancel()

    def _trace(self, event: str, info: dict[str, Any]) -> None:
        """httpx trace hook: remember the socket of every connection this client opens."""
        if event == "connection.connect_tcp.complete":
            stream = info.get("return_value")
            sock = stream.get_extra_info("socket") if stream is not None else None
            if isinstance(sock, socket.socket):
                with self._sockets_lock:
                    self._sockets.add(sock)

    def _expire(self, expired: threading.Event) -> None:
        expired.set()
        with self._sockets_lock:
            socks = list(self._sockets)
        for sock in socks:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # closed already

    # --- entries -------------------------------------------------------------

    def _entry_item(self, entry: Any) -> Document | Rejected | None:
        """The document for a new entry, ``Rejected`` for one without text, ``None`` if seen already."""
        guid = entry.get("id") or None
        link = entry.get("link") or None
        title = " ".join((entry.get("title") or "").split())
        content = entry.get("content") or []
        if content:
            body = fragment_text(content[0].get("value", ""), content[0].get("type", "text/html"))
        else:
            detail = entry.get("summary_detail") or {}
            body = fragment_text(entry.get("summary", ""), detail.get("type", "text/html"))
        key = guid or link or hashlib.sha256(f"{title}\n{body}".encode()).hexdigest()
        if key in self._seen:
            return None
        self._remember(key)
        uri = link or f"{self.url}#{guid or key[:16]}"
        if self.cfg.fetch_full_text and link:
            body = self._full_text(link) or body
        text = "\n\n".join(part for part in (title, body) if part)
        if not text.strip():
            return Rejected(self.source_id, uri, "feed entry without title or text")
        return Document(
            uri=uri,
            text=text,
            title=title or None,
            source=self.source_id,
            source_kind="feed",
            published=_when(entry.get("published_parsed") or entry.get("updated_parsed")) or text_date(text),
            guid=guid,
            arrived=time.monotonic(),
        )

    def _full_text(self, link: str) -> str:
        """The article text of the linked page; empty on any failure, so the summary is used."""
        if not link.startswith(("http://", "https://")):
            return ""
        try:
            status, headers, data, _ = self._fetch(link, {"Accept": "text/html,*/*;q=0.8"})
            if status != 200:
                return ""
            text, _ = html_to_text(data.decode(headers.encoding or "utf-8", errors="replace"))
            return text.strip()
        except Exception as exc:  # noqa: BLE001 - full text is a bonus; the summary still stands
            log.info(
                "feed %s: full text of %s unavailable (%s); using the summary", self.source_id, link, exc
            )
            return ""

    def _remember(self, key: str) -> None:
        self._seen[key] = None
        while len(self._seen) > SEEN_LIMIT:
            self._seen.popitem(last=False)

    def _put(self, item: Document | Rejected) -> None:
        if self._emit is None:
            raise RuntimeError("FeedPoller.start(emit) was not called")
        self._emit(item)  # blocks while the daemon's queue is full

    def _reject(self, uri: str, reason: str) -> int:
        # A broken feed stays broken for many polls; record it once until it changes.
        if f"{uri}\n{reason}" == self._last_reject:
            return 0
        self._last_reject = f"{uri}\n{reason}"
        log.warning("feed %s: rejected %s: %s", self.source_id, uri, reason)
        self._put(Rejected(self.source_id, uri, reason))
        self.counts["rejected"] += 1
        return 1

    # --- outcomes and scheduling ------------------------------------------------

    def _keep_validators(self, headers: httpx.Headers) -> None:
        # Validators come only from a 200 whose entries were all handed over.
        self._etag = headers.get("etag") or None
        self._last_modified = headers.get("last-modified") or None

    def _record(self, result: PollResult, *, usable: bool) -> PollResult:
        """Note the outcome of a poll that fetched something (a 200 or a 304); returns ``result``.

        ``usable``: the feed was read (``last_ok``); otherwise the document is an error of the
        feed (``last_error``), not of the fetch, so there is nothing to back off from.
        """
        now = now_utc()
        before = self.state
        if result.outcome != "not_modified":
            self._content = result
        self.failures = 0
        if usable:
            self.last_ok = now
            if before in ("backing off", "failing"):
                log.info("feed %s: ok again: %s", self.source_id, result.reason)
            if self._feed_rejected:
                # The feed reads again: its rejection leaves the list, and a new one is recorded anew.
                self._feed_rejected = False
                if self._last_reject is not None and self._last_reject.startswith(f"{self.url}\n"):
                    self._last_reject = None
                self._put(Cleared(self.source_id, self.url))
        else:
            self.last_error, self.last_error_time = result.error or result.reason, now
        if result.outcome == "no_entries" and (self.last_poll or {}).get("reason") != result.reason:
            log.info("feed %s: %s", self.source_id, result.reason)
        self._note_poll(result, now)
        self.next_try = now + timedelta(seconds=self.cfg.every)
        return result

    def _note_poll(self, result: PollResult, when: datetime) -> None:
        self.last_poll = {
            "time": when.isoformat(),
            "outcome": result.outcome,
            "reason": result.reason,
            "entries": result.entries,
            "documents": result.documents,
            "rejected": result.rejected,
        }

    def _failed(self, error: str, retry_after: float | None) -> PollResult:
        now = now_utc()
        self.failures += 1
        self.last_error, self.last_error_time = error, now
        delay = self.backoff(self.failures, retry_after)
        self.next_try = now + timedelta(seconds=delay)
        log.warning(
            "feed %s: %s (failure %d); next try in %.0f s", self.source_id, error, self.failures, delay
        )
        if self.job is not None:
            try:
                self.job.modify(next_run_time=self.next_try)
            except Exception:  # noqa: BLE001 - the job was removed by stop() meanwhile
                log.debug("feed %s: cannot reschedule", self.source_id)
        result = PollResult(outcome="error", reason=error, error=error)
        self._note_poll(result, now)
        return result

    def backoff(self, failures: int, retry_after: float | None = None) -> float:
        """Seconds to wait after ``failures`` failures in a row.

        ``every * 2**failures``, capped at :data:`MAX_BACKOFF` (or ``every``), less up to 20%
        jitter; at least ``retry_after`` (capped at :data:`MAX_RETRY_AFTER`) plus up to 10% jitter
        when the server asked for it.
        """
        ceiling = max(MAX_BACKOFF, self.cfg.every)
        delay = min(ceiling, self.cfg.every * 2 ** min(failures, 32))
        # Jitter spreads feeds that failed together; at most 20% keeps each step longer than the last.
        delay *= random.uniform(0.8, 1.0)
        if retry_after is not None:
            # Retry-After is a minimum: feeds of one rate-limited host spread out after it, never before.
            delay = max(delay, min(retry_after, MAX_RETRY_AFTER) * random.uniform(1.0, 1.1))
        return delay
