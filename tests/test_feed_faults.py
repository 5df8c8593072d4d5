"""FeedPoller against hostile servers and hostile feeds, all real sockets on 127.0.0.1.

Servers that hang, drip, reset, loop redirects or stream 50 MB of garbage; feeds
with billion-laughs, quadratic and external (XXE) entities. No HTTP is mocked.

No test asserts how fast a poll is (speed is measured in bench/). A server that
would hold a poll for minutes or forever is given a deadline of DEADLINE seconds
instead: only a poller without its own bound exceeds it, however busy the machine.
"""

from __future__ import annotations

import os
import socket
import struct
import threading
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from apscheduler.schedulers.background import BackgroundScheduler

from monitor.config import FeedSource
from monitor.records import Document
from monitor.sources import Rejected
from monitor.sources.feed import MAX_REDIRECTS, FeedPoller

pytestmark = pytest.mark.timeout(180)

RSS_TYPE = {"Content-Type": "application/rss+xml"}
ENTITY_REASON = "entities"


def rss(items: list[tuple[str, str, str]]) -> bytes:
    body = "".join(
        f"<item><guid>urn:faults:{g}</guid><title>{t}</title><description>{d}</description></item>"
        for g, t, d in items
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        f"<link>http://news.invalid/</link><description>d</description>{body}</channel></rss>"
    ).encode()


GOOD = rss([("g1", "Flood toll rises", "Officials said 31 people died.")])
DEADLINE = 30.0
"""Seconds a poll may take here; every server below would hold it far longer if the poller let it."""


def timed_poll(p: FeedPoller):
    """``p.poll_once()`` and the seconds it took."""
    t0 = time.monotonic()
    result = p.poll_once()
    return result, time.monotonic() - t0


def wait_until(condition, what: str, timeout: float = DEADLINE) -> None:
    """Poll ``condition`` until it is true; fail after ``timeout`` seconds saying ``what`` never happened."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not after {timeout:g} s")
        time.sleep(0.02)


# --- servers -------------------------------------------------------------------


class Server:
    """A ThreadingHTTPServer whose routes are (status, headers, body) or a callable on the handler."""

    def __init__(self) -> None:
        self.routes: dict[str, object] = {}
        self.requests: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
                outer.requests.append(self.path)
                route = outer.routes.get(self.path)
                if route is None:
                    self.send_error(404)
                    return
                if callable(route):
                    route(self)
                    return
                status, headers, body = route
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def count(self, path: str) -> int:
        return sum(1 for p in self.requests if p == path)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class RawServer:
    """A TCP server on 127.0.0.1 that hands each accepted socket to ``handle(conn, server)`` in a thread."""

    def __init__(self, handle: Callable[[socket.socket, RawServer], None]) -> None:
        self.handle = handle
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self.accepted_at: list[float] = []  # time.monotonic() of each connection
        self.conns: list[socket.socket] = []
        self.closing = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.closing.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted_at.append(time.monotonic())
            self.accepted += 1
            self.conns.append(conn)
            threading.Thread(target=self._run, args=(conn,), daemon=True).start()

    def _run(self, conn: socket.socket) -> None:
        try:
            self.handle(conn, self)
        except OSError:
            pass  # the client went away: expected when it gives up

    def url(self, path: str = "/feed") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self.closing.set()
        self.sock.close()
        for c in self.conns:
            try:
                c.close()
            except OSError:
                pass
        self.thread.join(timeout=2)


def hang(conn: socket.socket, server: RawServer) -> None:
    """Accept, never answer, keep the connection open until the test ends."""
    server.closing.wait(300)


def read_request(conn: socket.socket) -> None:
    conn.settimeout(5)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            return
        data += chunk


def reset(conn: socket.socket) -> None:
    """Close with SO_LINGER 0: the peer gets a TCP RST, not a FIN."""
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


@pytest.fixture
def server():
    s = Server()
    yield s
    s.close()


@pytest.fixture
def raw_servers():
    made: list[RawServer] = []

    def make(handle: Callable[[socket.socket, RawServer], None]) -> RawServer:
        s = RawServer(handle)
        made.append(s)
        return s

    yield make
    for s in made:
        s.close()


class Recorder(list):
    def __call__(self, item) -> None:
        self.append(item)

    def docs(self) -> list[Document]:
        return [i for i in self if isinstance(i, Document)]

    def texts(self) -> list[str]:
        return [i.text if isinstance(i, Document) else f"{i.uri} {i.reason}" for i in self]


def poller(url: str, scheduler=None, **kw) -> tuple[FeedPoller, Recorder]:
    p = FeedPoller(FeedSource(type="feed", url=url, **kw), scheduler)
    rec = Recorder()
    p.start(rec)
    return p, rec


# --- hanging, dripping and resetting servers -----------------------------------------


def test_a_server_that_never_answers_times_out_and_backs_off(raw_servers):
    srv = raw_servers(hang)
    p, rec = poller(srv.url(), every=10, timeout=1)
    waits = []
    for attempt in (1, 2):
        before = datetime.now(UTC)
        result, elapsed = timed_poll(p)
        assert 0.9 <= elapsed < DEADLINE, elapsed  # waited its 1 s timeout, not the server's 300 s
        assert result.outcome == "error" and "timed out" in result.error
        st = p.status()
        assert st["failures"] == attempt and "timed out" in st["last_error"]
        waits.append((datetime.fromisoformat(st["next_try"]) - before).total_seconds())
    assert srv.accepted == 2  # it really connected and waited for an answer
    # every * 2**failures less at most 20% jitter: 16 s, then 32 s, both longer than the interval.
    assert waits[0] >= 16 and waits[1] >= 32 and waits[1] > waits[0]
    assert rec == [] and p.status()["last_ok"] is None


def test_headers_dripped_byte_by_byte_are_cut_at_the_timeout(raw_servers):
    """Each byte arrives well within the read timeout; the poll as a whole must still end."""

    def drip(conn: socket.socket, server: RawServer) -> None:
        read_request(conn)
        for byte in b"HTTP/1.1 200 OK\r\nX-Pad: " + b"a" * 10_000:
            if server.closing.is_set():
                return
            conn.sendall(bytes([byte]))
            time.sleep(0.1)

    srv = raw_servers(drip)
    p, rec = poller(srv.url(), timeout=1)
    result, elapsed = timed_poll(p)
    assert elapsed < DEADLINE, elapsed  # the drip would take 1,000 s
    assert result.outcome == "error" and "timed out" in result.error
    assert p.status()["failures"] == 1 and rec == []


def test_a_body_dripped_forever_is_cut_at_the_timeout(raw_servers):
    def drip(conn: socket.socket, server: RawServer) -> None:
        read_request(conn)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nConnection: close\r\n\r\n")
        conn.sendall(GOOD[:-20])
        while not server.closing.is_set():
            conn.sendall(b" ")
            time.sleep(0.05)

    srv = raw_servers(drip)
    p, rec = poller(srv.url(), timeout=1)
    result, elapsed = timed_poll(p)
    assert elapsed < DEADLINE, elapsed  # the drip never ends
    assert result.outcome == "error" and "timed out" in result.error
    assert rec == []  # a cut-off body is not parsed as if it were the whole feed


def reset_on_accept(conn: socket.socket, server: RawServer) -> None:
    reset(conn)


def reset_after_request(conn: socket.socket, server: RawServer) -> None:
    read_request(conn)
    reset(conn)


def reset_mid_body(conn: socket.socket, server: RawServer) -> None:
    read_request(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 100000\r\n\r\n")
    conn.sendall(GOOD[:60])
    time.sleep(0.1)
    reset(conn)


def reset_mid_close_delimited_body(conn: socket.socket, server: RawServer) -> None:
    read_request(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nConnection: close\r\n\r\n")
    conn.sendall(GOOD[: len(GOOD) // 2])
    time.sleep(0.1)
    reset(conn)


@pytest.mark.parametrize(
    "handle", [reset_on_accept, reset_after_request, reset_mid_body, reset_mid_close_delimited_body]
)
def test_connection_resets_are_recorded_not_raised(raw_servers, handle):
    srv = raw_servers(handle)
    # A timeout beyond the deadline: a reset must end the poll at once, not leave it waiting for the timeout.
    p, rec = poller(srv.url(), timeout=2 * DEADLINE)
    for attempt in (1, 2, 3):
        result, elapsed = timed_poll(p)  # would raise if an exception escaped
        assert elapsed < DEADLINE, elapsed
        assert result.outcome == "error" and result.error, result
        assert p.status()["failures"] == attempt and p.status()["last_error"] == result.error
    assert srv.accepted >= 3
    assert rec == []  # half a feed is not a feed


# --- redirects -----------------------------------------------------------------


@pytest.mark.parametrize(
    "routes, start",
    [
        ({"/loop": "/loop"}, "/loop"),
        ({"/a": "/b", "/b": "/a"}, "/a"),
        ({"/a": "/b?x=1", "/b?x=1": "/c", "/c": "/a"}, "/a"),
    ],
    ids=["self", "a-b-a", "a-b-c-a"],
)
def test_redirect_loops_stop_at_the_cap(server, routes, start):
    for path, target in routes.items():
        server.routes[path] = (302, {"Location": server.url(target)}, b"")
    p, rec = poller(server.url(start))
    result = p.poll_once()
    assert result.outcome == "error" and f"more than {MAX_REDIRECTS} redirects" in result.error
    assert len(server.requests) == MAX_REDIRECTS + 1
    assert p.status()["failures"] == 1 and rec == []


def test_a_redirect_to_a_local_file_is_not_followed(server):
    secret = Path(__file__)  # any local file the poller must not read
    server.routes["/feed"] = (302, {"Location": secret.as_uri()}, b"")
    p, rec = poller(server.url("/feed"))
    result = p.poll_once()
    assert result.outcome == "error" and rec == []
    assert p.status()["failures"] == 1


# --- 50 MB of garbage ------------------------------------------------------------

GARBAGE_SIZE = 50 * 1024 * 1024
CHUNK = os.urandom(64 * 1024)


def garbage_route(sent: list[int], pause: float, declare: bool, done: threading.Event):
    def handle(h: BaseHTTPRequestHandler) -> None:
        try:
            send(h)
        finally:
            done.set()

    def send(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        if declare:
            h.send_header("Content-Length", str(GARBAGE_SIZE))
        h.end_headers()  # otherwise HTTP/1.0, body delimited by the close: only streaming can cap it
        try:
            while sent[0] < GARBAGE_SIZE:
                h.wfile.write(CHUNK)
                sent[0] += len(CHUNK)
                if pause:
                    time.sleep(pause)
        except OSError:
            pass  # the poller hung up: what we want

    return handle


@pytest.mark.parametrize(
    "pause, declare", [(0, False), (0.002, False), (0, True)], ids=["fast", "slow", "declared-length"]
)
def test_50mb_of_garbage_is_cut_at_max_bytes(server, pause, declare):
    limit = 1_000_000
    sent = [0]
    done = threading.Event()
    server.routes["/garbage"] = garbage_route(sent, pause, declare, done)
    p, rec = poller(server.url("/garbage"), max_bytes=limit, timeout=DEADLINE)
    tracemalloc.start()
    try:
        result = p.poll_once()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.outcome == "error" and "too large" in result.error
    assert p.status()["failures"] == 1 and "too large" in p.status()["last_error"]
    assert peak < 3 * limit, f"peak {peak:,} bytes"
    assert done.wait(DEADLINE), "the server is still sending"
    assert sent[0] < 20 * limit  # it hung up long before the 50 MB (socket buffers hold a few MB)
    assert rec == []


def test_50mb_of_garbage_is_cut_at_the_default_max_bytes(server):
    sent = [0]
    done = threading.Event()
    server.routes["/garbage"] = garbage_route(sent, 0, False, done)
    p, rec = poller(server.url("/garbage"))
    limit = p.cfg.max_bytes
    assert limit == 10_000_000  # the documented default
    tracemalloc.start()
    try:
        result = p.poll_once()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.outcome == "error" and "too large" in result.error
    assert peak < 3 * limit, f"peak {peak:,} bytes"
    assert done.wait(DEADLINE), "the server is still sending"
    assert sent[0] < GARBAGE_SIZE
    assert rec == []


# --- one bad feed does not hold up the others -------------------------------------------


def test_other_feeds_keep_their_schedule_while_one_hangs(server, raw_servers):
    server.routes["/good"] = (200, RSS_TYPE, GOOD)
    hung = raw_servers(hang)
    sched = BackgroundScheduler(timezone=UTC)
    sched.start()
    try:
        # The hanging poll holds its job for 2 * DEADLINE s, longer than this test waits for the good feed.
        bad, _ = poller(hung.url(), sched, every=1, timeout=2 * DEADLINE)
        good, rec = poller(server.url("/good"), sched, every=1)
        wait_until(lambda: hung.accepted == 1, "the hanging feed's first poll")
        wait_until(lambda: server.count("/good") >= 4, "four polls of the good feed while the other hangs")
        assert bad.status()["failures"] == 0 and hung.accepted == 1  # still hung in its first poll
        assert len(rec.docs()) == 1  # the entry once; later polls find nothing new
        assert good.status()["failures"] == 0
        bad.stop()
        good.stop()
    finally:
        sched.shutdown(wait=False)


def test_a_hanging_feed_is_tried_again_only_after_its_backoff(raw_servers):
    hung = raw_servers(hang)
    sched = BackgroundScheduler(timezone=UTC)
    sched.start()
    try:
        bad, _ = poller(hung.url(), sched, every=1, timeout=1)
        wait_until(lambda: hung.accepted >= 2, "the retry after the backoff")
        assert "timed out" in bad.status()["last_error"]
        # The 1 s timeout, then every * 2 less at most 20% jitter: not tried again at the next 1 s tick.
        gap = hung.accepted_at[1] - hung.accepted_at[0]
        assert gap >= 1 + 1.6, gap
        bad.stop()
    finally:
        sched.shutdown(wait=False)


# --- hostile XML: entity expansion and external entities --------------------------------


def feed_with_dtd(decls: list[str], title: str, description: str, sep: str = "\n") -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>{sep}<!DOCTYPE rss [{sep}' + sep.join(decls) + f"{sep}]>{sep}"
        '<rss version="2.0"><channel><title>c</title><link>http://news.invalid/</link>'
        f"<item><guid>urn:faults:x1</guid><title>{title}</title><description>{description}</description></item>"
        f"<item><guid>urn:faults:x2</guid><title>Plain item</title><description>Nothing here.</description></item>"
        "</channel></rss>"
    )


def laughs(levels: int = 9, fanout: int = 10) -> list[str]:
    decls = ['<!ENTITY lol0 "lol">']
    for i in range(1, levels + 1):
        decls.append(f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * fanout + '">')
    return decls


BILLION_LAUGHS = {
    "one-per-line": feed_with_dtd(laughs(), "&lol9;", "&lol9;").encode(),
    "all-on-one-line": feed_with_dtd(laughs(), "&lol9;", "&lol9;", sep="").encode(),
    "one-byte-deep": feed_with_dtd(
        ['<!ENTITY a "x">']
        + [f'<!ENTITY {c} "' + f"&{p};" * 16 + '">' for p, c in zip("abcdefg", "bcdefgh", strict=True)],
        "&h;",
        "&h;" * 10,
        sep="",
    ).encode(),
    # A plain literal entity: feedparser keeps such "safe" entities; referenced often, it grows quadratically.
    "quadratic": feed_with_dtd(['<!ENTITY big "' + "A" * 10_000 + '">'], "t", "&big;" * 2_000).encode(),
    "quadratic-malformed": (feed_with_dtd(['<!ENTITY big "' + "A" * 10_000 + '">'], "t", "&big;" * 2_000))
    .replace("</channel>", "<unclosed></channel>")
    .encode(),
    "utf-16": feed_with_dtd(laughs(), "&lol9;", "&lol9;", sep="")
    .replace('encoding="utf-8"', 'encoding="utf-16"')
    .encode("utf-16"),
}


@pytest.mark.parametrize("name", list(BILLION_LAUGHS))
def test_entity_expansion_bombs_are_refused_quickly_in_bounded_memory(server, name):
    server.routes["/bomb"] = (200, RSS_TYPE, BILLION_LAUGHS[name])
    p, rec = poller(server.url("/bomb"))
    tracemalloc.start()
    try:
        result, elapsed = timed_poll(p)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # Bounded memory is the proof that nothing was expanded; the deadline only catches a runaway parse.
    assert elapsed < DEADLINE, f"{elapsed:.1f} s"
    assert peak < 20_000_000, f"peak {peak:,} bytes"
    assert all("lollollol" not in t and "A" * 20_000 not in t for t in rec.texts())
    assert result.outcome == "rejected" and rec.docs() == []
    (rej,) = rec
    assert isinstance(rej, Rejected) and ENTITY_REASON in rej.reason and "refused" in rej.reason
    assert p.status()["failures"] == 0  # the server is fine; the document is refused
    assert p.poll_once().rejected == 0  # recorded once, not on every poll


@pytest.fixture
def secret_file(tmp_path):
    f = tmp_path / "secret.txt"
    f.write_text("XXE-SECRET-7f3a9c")
    return f


def xxe_feeds(target: str) -> dict[str, bytes]:
    decl = f'<!ENTITY xxe SYSTEM "{target}">'
    return {
        "one-per-line": feed_with_dtd([decl], "News &xxe;", "Body &xxe; end").encode(),
        "all-on-one-line": feed_with_dtd([decl], "News &xxe;", "Body &xxe; end", sep="").encode(),
        "parameter-entity": feed_with_dtd(
            [f'<!ENTITY % p SYSTEM "{target}">', "%p;"], "News &xxe;", "Body &xxe; end"
        ).encode(),
    }


@pytest.mark.parametrize("variant", ["one-per-line", "all-on-one-line", "parameter-entity"])
@pytest.mark.parametrize("which", ["etc-hostname", "tmp-secret"])
def test_xxe_does_not_read_local_files(server, secret_file, variant, which):
    if which == "etc-hostname":
        host = Path("/etc/hostname")
        if not host.is_file() or not host.read_text().strip():
            pytest.skip("/etc/hostname is missing or empty")
        target, secret = "file:///etc/hostname", host.read_text().strip()
    else:
        target, secret = secret_file.as_uri(), secret_file.read_text()
    server.routes["/feed"] = (200, RSS_TYPE, xxe_feeds(target)[variant])
    p, rec = poller(server.url("/feed"))
    tracemalloc.start()
    try:
        result, elapsed = timed_poll(p)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert elapsed < DEADLINE and peak < 50_000_000
    assert all(secret not in t for t in rec.texts())
    assert result.outcome == "rejected" and rec.docs() == []
    assert ENTITY_REASON in rec[0].reason


def test_external_dtd_and_entities_are_never_fetched(server):
    server.routes["/evil.dtd"] = (
        200,
        {"Content-Type": "application/xml-dtd"},
        b'<!ENTITY x "EVIL-FROM-DTD">',
    )
    server.routes["/evil.ent"] = (200, {"Content-Type": "text/plain"}, b"EVIL-FROM-ENTITY")
    dtd, ent = server.url("/evil.dtd"), server.url("/evil.ent")
    feeds = {
        "/general": feed_with_dtd([f'<!ENTITY ext SYSTEM "{ent}">'], "News &ext;", "Body &ext;"),
        "/general-inline": feed_with_dtd(
            [f'<!ENTITY ext SYSTEM "{ent}">'], "News &ext;", "Body &ext;", sep=""
        ),
        "/public": feed_with_dtd([f'<!ENTITY ext PUBLIC "-//EVIL//X" "{ent}">'], "News &ext;", "Body &ext;"),
        "/parameter": feed_with_dtd([f'<!ENTITY % p SYSTEM "{dtd}">', "%p;"], "News &x;", "Body &x;"),
    }
    for path, body in feeds.items():
        server.routes[path] = (200, RSS_TYPE, body.encode())
        p, rec = poller(server.url(path))
        result = p.poll_once()
        assert result.outcome == "rejected", (path, result)
        assert all("EVIL" not in t for t in rec.texts()), path
    # A DOCTYPE that only names an external DTD declares nothing here: the feed is read, the DTD never fetched.
    system_only = (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss SYSTEM "{dtd}">\n'
        '<rss version="2.0"><channel><title>c</title><item><guid>urn:faults:s1</guid>'
        "<title>System doctype &x;</title><description>Body.</description></item></channel></rss>"
    )
    server.routes["/system"] = (200, RSS_TYPE, system_only.encode())
    p, rec = poller(server.url("/system"))
    p.poll_once()
    assert all("EVIL" not in t for t in rec.texts())
    assert server.count("/evil.dtd") == 0 and server.count("/evil.ent") == 0
    assert len(server.requests) == len(feeds) + 1


def test_netscape_rss_091_doctype_is_still_read_and_its_dtd_not_fetched(server):
    dtd = server.url("/rss-0.91.dtd")
    server.routes["/rss-0.91.dtd"] = (200, {"Content-Type": "application/xml-dtd"}, b"<!ENTITY x 'y'>")
    feed = (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n'
        f'<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "{dtd}">\n'
        '<rss version="0.91"><channel><title>Old</title><link>http://news.invalid/</link>'
        "<description>d</description><language>en</language>"
        "<item><title>Old style feed</title><link>http://news.invalid/1</link>"
        "<description>Officials counted 12 boats.</description></item></channel></rss>"
    )
    server.routes["/feed"] = (200, {"Content-Type": "text/xml"}, feed.encode("latin-1"))
    p, rec = poller(server.url("/feed"))
    result = p.poll_once()
    assert result.outcome == "ok" and result.documents == 1
    assert rec.docs()[0].text == "Old style feed\n\nOfficials counted 12 boats."
    assert server.count("/rss-0.91.dtd") == 0


def test_a_linked_page_with_entities_leaks_nothing_into_the_full_text(server, secret_file):
    """fetch_full_text reads the linked HTML page; its DTD must not read files or expand bombs."""
    body = "<p>" + "Officials said the flood damaged 40 homes in the valley overnight. " * 6 + "</p>"
    decls = [f'<!ENTITY xxe SYSTEM "{secret_file.as_uri()}">', *laughs()]
    page = (
        f"<!DOCTYPE html [{''.join(decls)}]><html><head><title>Flood</title></head><body><article>"
        f"<h1>Flood &xxe;</h1>{body}<p>More &xxe; and &lol9;</p></article></body></html>"
    )
    server.routes["/page"] = (200, {"Content-Type": "text/html"}, page.encode())
    feed = rss([("p1", "Flood", "short summary")]).replace(
        b"</title><description>", f"</title><link>{server.url('/page')}</link><description>".encode()
    )
    server.routes["/feed"] = (200, RSS_TYPE, feed)
    p, rec = poller(server.url("/feed"), fetch_full_text=True)
    tracemalloc.start()
    try:
        result, elapsed = timed_poll(p)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.outcome == "ok" and server.count("/page") == 1
    (doc,) = rec.docs()
    assert "damaged 40 homes" in doc.text  # the page was read
    assert secret_file.read_text() not in doc.text and "lollollol" not in doc.text
    assert elapsed < DEADLINE and peak < 50_000_000
