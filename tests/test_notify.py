"""Notifications through real apprise ``json://`` targets on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from monitor.config import Notify
from monitor.sinks.jsonl import JsonlSink, read_alerts
from monitor.sinks.notify import NotifySink, format_alert, read_mutes, read_status, send_test, unmute


def _alert(n: int, topic: str = "ravna-floods", kind: str = "contradiction", severity: str = "high") -> dict:
    return {
        "id": f"alert{n:04d}",
        "time": "2026-01-01T00:00:00+00:00",
        "kind": kind,
        "topic": topic,
        "metric": "displaced_people",
        "claim": {
            "text": "about 8,000",
            "counted": "people",
            "speaker": "Social Affairs Minister Lena Korvac",
            "lineage": "korvac",
            "sentence": f"Minister Korvac said about 8,000 people had been displaced (case {n}).",
            "article": "demo/05-minister.txt",
        },
        "consensus": {
            "low": 36000.0,
            "high": 48000.0,
            "values": [40000.0, 45000.0],
            "supporters": ["ostrel red cross"],
            "lineages": [
                {
                    "lineage": "ostrel red cross",
                    "speaker": "Ostrel Red Cross",
                    "figure": "around 45,000",
                    "quote": "The Ostrel Red Cross said around 45,000 people were living in shelters.",
                    "article": "demo/04-aid.txt",
                }
            ],
        },
        "severity": severity,
        "message": f"Social Affairs Minister Lena Korvac: about 8,000 people; consensus 40,000-45,000 (case {n})",
    }


class _Recorder(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
        length = int(self.headers.get("Content-Length") or 0)
        self.server.received.append((self.path, json.loads(self.rfile.read(length))))  # type: ignore[attr-defined]
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    srv.received = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def _url(srv: ThreadingHTTPServer, path: str = "hook") -> str:
    return f"json://127.0.0.1:{srv.server_address[1]}/{path}"


@pytest.fixture
def closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def _wait(pred, timeout: float = 10.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.02)
    return pred()


def test_failing_target_is_retried_and_reported_while_the_log_is_complete(tmp_path, closed_port):
    jsonl = JsonlSink(tmp_path / "alerts.jsonl")
    sink = NotifySink([Notify(url=f"json://127.0.0.1:{closed_port}/hook")], tmp_path, retries=3, backoff=0.01)
    alerts = [_alert(i) for i in range(5)]
    for a in alerts:
        # The pipeline's order: the log first, then the notifier, each isolated.
        jsonl.emit([a])
        sink.emit([a])
    assert [a["id"] for a in read_alerts(tmp_path / "alerts.jsonl")] == [a["id"] for a in alerts]
    assert sink.flush(timeout=30)
    sink.close()
    status = read_status(tmp_path)
    assert status is not None
    (target,) = status["targets"]
    assert target["url"].startswith(f"json://127.0.0.1:{closed_port}/hook")
    assert target["delivered"] == 0
    assert target["failed"] == 5
    assert target["failed_attempts"] == 15  # three attempts per message
    assert "connection" in target["last_error"].lower()
    assert target["last_error_time"]


class _Holding(BaseHTTPRequestHandler):
    """Answers only once the test releases it: a target that hangs."""

    def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
        self.server.arrived.set()  # type: ignore[attr-defined]
        self.server.release.wait(60)  # type: ignore[attr-defined]
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: object) -> None:
        pass


def test_emit_never_waits_for_a_hanging_target(tmp_path):
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Holding)
    srv.arrived, srv.release = threading.Event(), threading.Event()  # type: ignore[attr-defined]
    threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    sink = NotifySink([Notify(url=_url(srv))], tmp_path, retries=1)
    try:
        sink.emit([_alert(0)])
        assert srv.arrived.wait(30), "the first alert never reached the target"
        # The target now holds the notifier's thread; more alerts must still be taken at once.
        emitter = threading.Thread(target=lambda: [sink.emit([_alert(i)]) for i in range(1, 50)])
        emitter.start()
        emitter.join(30)
        assert not emitter.is_alive(), "emit waited for the hanging target"
        assert not srv.release.is_set()
    finally:
        srv.release.set()
        sink.close()
        srv.shutdown()
        srv.server_close()
    (target,) = read_status(tmp_path)["targets"]
    assert target["delivered"] == 50


def test_working_target_receives_title_and_body(tmp_path, server):
    sink = NotifySink([Notify(url=_url(server, "alerts/in"))], tmp_path, retries=2, backoff=0.01)
    alert = _alert(1)
    sink.emit([alert])
    sink.close()
    assert len(server.received) == 1
    path, payload = server.received[0]
    assert path == "/alerts/in"
    assert payload["title"] == "Contradiction (high): ravna-floods/displaced_people"
    body = payload["message"]
    assert body == format_alert(alert).body
    assert body.startswith(alert["message"])
    assert "Social Affairs Minister Lena Korvac reported about 8,000 people" in body
    assert "Consensus 40,000–45,000 (tolerated 36,000–48,000), held by 1 source(s)" in body
    assert "Ostrel Red Cross: around 45,000" in body
    assert "Article: demo/05-minister.txt" in body
    assert "Article: demo/04-aid.txt" in body
    (target,) = read_status(tmp_path)["targets"]
    assert target["delivered"] == 1 and target["failed"] == 0 and target["last_success"]


@pytest.mark.parametrize(
    ("notify", "expected"),
    [
        ({}, ["a1", "a3"]),  # default: contradictions of any severity
        ({"kinds": ["contradiction", "update"]}, ["a1", "a2", "a3"]),
        ({"min_severity": "high"}, ["a1"]),
        ({"topics": ["other"]}, ["a3"]),
    ],
)
def test_filters(tmp_path, server, notify, expected):
    alerts = [
        {**_alert(1), "id": "a1"},
        {**_alert(2, kind="update", severity="low"), "id": "a2"},
        {**_alert(3, topic="other", severity="medium"), "id": "a3"},
    ]
    sink = NotifySink([Notify(url=_url(server), **notify)], tmp_path, retries=1)
    sink.emit(alerts)
    sink.close()
    got = [p["message"] for _, p in server.received]
    assert len(got) == len(expected)
    for msg, want in zip(got, expected, strict=True):
        assert next(a for a in alerts if a["id"] == want)["message"] in msg


def test_digest_groups_alerts_into_one_message_per_period(tmp_path, server):
    # A period far longer than the test: nothing can be due by itself while the alerts are checked.
    sink = NotifySink([Notify(url=_url(server), digest=3600)], tmp_path, retries=1)
    for i in range(4):
        sink.emit([_alert(i)])
    assert sink.flush()
    assert server.received == []  # held until the period ends
    assert sink.status()[0]["pending"] == 4
    assert sink.flush(digests=True)  # what the end of the period does
    assert len(server.received) == 1
    _, payload = server.received[0]
    assert payload["title"] == "4 alerts (high at worst): ravna-floods"
    for i in range(4):
        assert f"(case {i})" in payload["message"]
    sink.emit([_alert(9)])  # a new period
    sink.close()  # closing sends what is pending
    assert len(server.received) == 2
    assert "(case 9)" in server.received[1][1]["message"]


def test_a_digest_is_sent_when_its_period_ends(tmp_path, server):
    sink = NotifySink([Notify(url=_url(server), digest=0.3)], tmp_path, retries=1)
    try:
        sink.emit([_alert(1), _alert(2)])
        assert _wait(lambda: len(server.received) == 1, timeout=60), "the period ended without a digest"
    finally:
        sink.close()
    assert len(server.received) == 1
    assert server.received[0][1]["title"] == "2 alerts (high at worst): ravna-floods"


def test_muted_topic_gets_nothing_until_the_mute_expires(tmp_path, server):
    sink = NotifySink([Notify(url=_url(server))], tmp_path, retries=1)
    sink.mute("ravna-floods", 3600)
    assert "ravna-floods" in read_mutes(tmp_path)
    sink.emit([_alert(1), _alert(2, topic="other")])
    assert sink.flush()
    assert len(server.received) == 1
    assert "(case 2)" in server.received[0][1]["message"]
    sink.mute("ravna-floods", 0.3)  # now a short mute, to see one expire
    assert _wait(lambda: "ravna-floods" not in read_mutes(tmp_path), timeout=60)
    sink.emit([_alert(3)])
    sink.close()
    assert len(server.received) == 2
    assert "(case 3)" in server.received[1][1]["message"]
    (target,) = read_status(tmp_path)["targets"]
    assert target["muted"] == 1 and target["delivered"] == 2


def test_unmute_and_corrupt_mutes_file(tmp_path):
    (tmp_path / "mutes.json").write_text("{not json")
    assert read_mutes(tmp_path) == {}
    NotifySink([], tmp_path).mute("t", 3600)
    assert set(read_mutes(tmp_path)) == {"t"}
    assert unmute(tmp_path, "t") is True
    assert unmute(tmp_path, "t") is False
    assert read_mutes(tmp_path) == {}


def test_send_test_reports_per_target(server, closed_port):
    targets = [
        Notify(url=_url(server, "ok")),
        Notify(url=f"json://127.0.0.1:{closed_port}/down"),
        Notify(url="nosuchscheme://x"),
    ]
    results = send_test(targets, retries=2, backoff=0.01)
    assert [(url.split("?")[0], ok) for url, ok, _ in results] == [
        (f"json://127.0.0.1:{server.server_address[1]}/ok", True),
        (f"json://127.0.0.1:{closed_port}/down", False),
        ("nosuchscheme://…", False),
    ]
    assert results[0][2] is None
    assert "connection" in results[1][2].lower()
    assert "not a valid apprise url" in results[2][2].lower()
    assert len(server.received) == 1 and "test" in server.received[0][1]["title"]


def test_passwords_never_reach_the_status_file(tmp_path, closed_port):
    sink = NotifySink([Notify(url=f"json://user:s3cretpw@127.0.0.1:{closed_port}/x")], tmp_path, retries=1)
    sink.emit([_alert(1)])
    sink.close()
    text = (tmp_path / "notify_status.json").read_text()
    assert "s3cretpw" not in text
    assert json.loads(text)["targets"][0]["failed"] == 1


def test_mute_and_unmute_commands(tmp_path):
    from click.testing import CliRunner

    from monitor.cli_notify import mute, unmute

    runner = CliRunner()
    before = datetime.now(UTC)
    result = runner.invoke(mute, ["ravna-floods", "--for", "2h", "--state", str(tmp_path)])
    after = datetime.now(UTC)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("muted ravna-floods until ")
    until = read_mutes(tmp_path)["ravna-floods"]
    # Two hours from the moment the command ran, whatever the machine's load.
    assert before + timedelta(hours=2) - timedelta(seconds=1) <= until <= after + timedelta(hours=2)
    bad = runner.invoke(mute, ["x", "--for", "soon", "--state", str(tmp_path)])
    assert bad.exit_code == 2 and '"2h"' in bad.output
    assert runner.invoke(unmute, ["ravna-floods", "--state", str(tmp_path)]).output == "unmuted ravna-floods\n"
    assert runner.invoke(unmute, ["ravna-floods", "--state", str(tmp_path)]).output == "ravna-floods was not muted\n"


# A config must track something; the notify tests need one topic and nothing more.
TOPIC = "topics:\n  - name: t\n    match: [Ravna]\n    metrics:\n      - {key: deaths, counts: [people]}\n"


def test_notify_test_command(tmp_path, server, closed_port):
    from click.testing import CliRunner

    from monitor.cli_notify import notify_test

    good = tmp_path / "good.yaml"
    good.write_text(f"{TOPIC}notify:\n  - url: {_url(server)}\n")
    result = CliRunner().invoke(notify_test, ["--config", str(good)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("delivered  json://127.0.0.1:")
    both = tmp_path / "both.yaml"
    both.write_text(f"{TOPIC}notify:\n  - url: {_url(server)}\n  - url: json://127.0.0.1:{closed_port}/x\n")
    result = CliRunner().invoke(notify_test, ["--config", str(both)])
    assert result.exit_code == 1
    assert "FAILED     json://127.0.0.1:" in result.output
    none = tmp_path / "none.yaml"
    none.write_text(TOPIC)
    result = CliRunner().invoke(notify_test, ["--config", str(none)])
    assert result.exit_code == 1 and "no notification targets" in result.output
    broken = tmp_path / "broken.yaml"
    broken.write_text(TOPIC + "notify: [{url: 5, bogus: 1}]\n")
    result = CliRunner().invoke(notify_test, ["--config", str(broken)])
    assert result.exit_code == 1 and "invalid config" in result.output


def test_pipeline_with_a_dead_notifier_logs_every_alert(tmp_path, closed_port):
    from pathlib import Path

    from monitor.config import load_config
    from monitor.documents import read_document
    from monitor.pipeline import open_pipeline

    root = Path(__file__).resolve().parents[1]
    sink = NotifySink([Notify(url=f"json://127.0.0.1:{closed_port}/x")], tmp_path, retries=2, backoff=0.01)
    pipe = open_pipeline(load_config(root / "config" / "monitor.yaml"), tmp_path, sinks=[sink])
    raised = []
    try:
        for path in sorted((root / "monitor" / "data" / "demo").glob("*.txt")):
            raised += pipe.process(read_document(path)).alerts
    finally:
        pipe.close()  # closes the notifier too, after it has tried everything queued
    assert raised, "the demo raises alerts"
    assert [a["id"] for a in read_alerts(tmp_path / "alerts.jsonl")] == [a["id"] for a in raised]
    (target,) = read_status(tmp_path)["targets"]
    contradictions = sum(a["kind"] == "contradiction" for a in raised)
    assert contradictions >= 1
    assert target["failed"] == contradictions and target["delivered"] == 0


def test_counts_carry_over_a_restart(tmp_path, server):
    for n in range(2):
        sink = NotifySink([Notify(url=_url(server))], tmp_path, retries=1)
        sink.emit([_alert(n)])
        sink.close()
    (target,) = read_status(tmp_path)["targets"]
    assert target["delivered"] == 2
