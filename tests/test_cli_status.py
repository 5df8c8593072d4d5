"""`monitor status` shows each source's current state and its last error with when it happened.

A source that failed once and recovered is ``ok`` again (its last error is still listed). Status
files written by older daemons (no ``state`` key) get a state derived from their times; newer
ones (``state``, ``last_error_time``) are shown as they report themselves. The state folder is
made by `monitor ingest`; one test runs the real daemon on a feed nothing answers.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import cli

ROOT = Path(__file__).resolve().parents[1]
DEMO = sorted((ROOT / "monitor" / "data" / "demo").glob("*.txt"))
DEFAULT = str(ROOT / "config" / "monitor.yaml")

T_ERROR_OLD = "2026-12-01T08:00:00+00:00"
T_OK = "2026-12-01T09:30:00+00:00"
T_ERROR_NEW = "2026-12-01T10:15:00+00:00"

SOURCES = [
    # Written before sources reported a state: an error, then a success.
    {"id": "old-recovered", "kind": "feed", "url": "https://a.example/rss", "last_ok": T_OK,
     "last_error": "HTTP 503", "failures": 0},
    {"id": "old-recovered-timed", "kind": "feed", "url": "https://b.example/rss", "last_ok": T_OK,
     "last_error": "timed out", "last_error_time": T_ERROR_OLD, "failures": 0},
    {"id": "old-broken-since", "kind": "feed", "url": "https://c.example/rss", "last_ok": T_OK,
     "last_error": "not a feed", "last_error_time": T_ERROR_NEW, "failures": 0},
    {"id": "old-retrying", "kind": "feed", "url": "https://d.example/rss", "last_ok": T_OK,
     "last_error": "connection refused", "failures": 3},
    {"id": "old-folder", "kind": "folder", "path": "inbox", "running": True, "last_ok": T_OK, "last_error": None},
    # Written by sources that report their state.
    {"id": "new-ok", "kind": "feed", "url": "https://e.example/rss", "state": "ok", "last_ok": T_ERROR_NEW,
     "last_error": "HTTP 502", "last_error_time": T_OK, "failures": 0},
    {"id": "new-backing-off", "kind": "feed", "url": "https://f.example/rss", "state": "backing off",
     "last_ok": T_OK, "last_error": "connection reset", "last_error_time": T_ERROR_NEW, "failures": 2,
     "next_try": "2026-12-01T10:25:00+00:00"},
    {"id": "new-failing", "kind": "feed", "url": "https://g.example/rss", "state": "failing", "last_ok": T_OK,
     "last_error": "entities refused", "last_error_time": T_ERROR_NEW, "failures": 0},
]

# source id -> (state cell, last error cell)
EXPECTED = {
    "old-recovered": ("ok", "HTTP 503"),
    "old-recovered-timed": ("ok", "2026-12-01T08:00:00Z timed out"),
    "old-broken-since": ("failing", "2026-12-01T10:15:00Z not a feed"),
    "old-retrying": ("backing off (3 failure(s) in a row)", "connection refused"),
    "old-folder": ("ok", ""),
    "new-ok": ("ok", "2026-12-01T09:30:00Z HTTP 502"),
    "new-backing-off": ("backing off (2 failure(s) in a row, next try 2026-12-01T10:25:00Z)",
                        "2026-12-01T10:15:00Z connection reset"),
    "new-failing": ("failing", "2026-12-01T10:15:00Z entities refused"),
}


@pytest.fixture(scope="module")
def state(tmp_path_factory):
    state = tmp_path_factory.mktemp("status") / "state"
    res = CliRunner().invoke(cli, ["ingest", *map(str, DEMO[:2]), "--config", DEFAULT, "--state", str(state)])
    assert res.exit_code == 0, res.output
    now = datetime.now(UTC).isoformat()
    status = {
        "pid": os.getpid(), "running": True, "started": now, "updated": now, "config": DEFAULT,
        "queue_depth": 0, "paused": None, "extraction": None,
        "counts": {"processed": 2, "parsed": 2, "alerts": 1}, "errors": [], "sources": SOURCES,
    }
    (state / "status.json").write_text(json.dumps(status), encoding="utf-8")
    return state


def source_rows(output: str) -> dict[str, list[str]]:
    """The cells of the sources table, by source id."""
    rows = {}
    for line in output.splitlines():
        cells = [c.strip() for c in line.strip().strip("│").split("│")]
        if len(cells) == 5 and cells[0] and cells[0] not in ("source",):
            rows[cells[0]] = cells
    return rows


def test_status_shows_the_current_state_and_the_last_error_with_its_time(state):
    res = CliRunner().invoke(cli, ["status", "--state", str(state)])
    assert res.exit_code == 0, res.output
    rows = source_rows(res.stdout)
    assert {k: (v[2], v[4]) for k, v in rows.items()} == EXPECTED
    assert rows["old-recovered"][3] == "2026-12-01T09:30:00Z"


def test_status_json_gives_every_source_a_state(state):
    res = CliRunner().invoke(cli, ["status", "--state", str(state), "--json"])
    assert res.exit_code == 0, res.output
    sources = {s["id"]: s for s in json.loads(res.stdout)["daemon"]["sources"]}
    assert {k: s["state"] for k, s in sources.items()} == {k: v[0].split(" (")[0] for k, v in EXPECTED.items()}
    assert sources["new-backing-off"]["last_error_time"] == T_ERROR_NEW  # what the daemon wrote is kept


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.timeout(180)
def test_a_feed_nothing_answers_is_shown_backing_off_with_its_error(tmp_path):
    port = _free_port()  # closed again: connections are refused
    cfg = tmp_path / "monitor.yaml"
    cfg.write_text(
        "sources:\n"
        f"  - {{type: feed, id: dead-feed, url: 'http://127.0.0.1:{port}/rss.xml', every: 1h, timeout: 2s}}\n"
        "topics:\n  - {name: t, match: [flood], metrics: [{key: deaths, counts: [people]}]}\n",
        encoding="utf-8",
    )
    state = tmp_path / "state"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "monitor", "run", "--config", str(cfg), "--state", str(state)],
                            cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        source = None
        deadline = time.monotonic() + 150
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                sources = json.loads((state / "status.json").read_text())["sources"]
            except (OSError, ValueError, KeyError):
                sources = []
            source = next((s for s in sources if s.get("id") == "dead-feed" and s.get("last_error")), None)
            if source:
                break
            time.sleep(0.2)
        assert source, proc.stderr.read() if proc.poll() is not None else "no error recorded"
        res = CliRunner().invoke(cli, ["status", "--state", str(state)])
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=60)
    assert res.exit_code == 0, res.output
    row = source_rows(res.stdout)["dead-feed"]
    assert row[2].startswith("backing off")
    when = datetime.fromisoformat(source["last_error_time"]).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert row[4].startswith(when)  # the error text follows (folded over lines when long)
