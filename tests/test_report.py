"""The timeline report of a real store, checked as text and rendered in headless Chromium."""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import report as report_cmd
from monitor.config import load_config
from monitor.consensus import Consensus, Interval
from monitor.documents import read_document
from monitor.pipeline import open_pipeline
from monitor.records import Article, Claim
from monitor.report import render_report, write_report
from monitor.store import Store

ROOT = Path(__file__).resolve().parents[1]
DEMO = sorted((ROOT / "monitor" / "data" / "demo").glob("*.txt"))
CHROMIUM = "/usr/bin/chromium"
SEEN = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo_state(tmp_path_factory):
    state = tmp_path_factory.mktemp("demo-state")
    pipe = open_pipeline(load_config(ROOT / "config" / "monitor.yaml"), state)
    try:
        for path in DEMO:
            pipe.process(read_document(path))
    finally:
        pipe.close()
    return state


@pytest.fixture
def store(demo_state):
    s = Store(demo_state / "monitor.db", readonly=True)
    yield s
    s.close()


def test_report_has_a_chart_and_a_table_per_metric(store):
    html = render_report(store)
    metrics = sorted({c["metric"] for c in store.claims_for(limit=100_000) if c["low"] is not None or c["high"] is not None})
    assert metrics == ["displaced_people", "flood_deaths", "rescue_workers"]
    sections = re.findall(r'<section id="m-([\w-]+)">(.*?)</section>', html, re.S)
    # Metrics with contradictions lead; among equals, the one with more sources.
    assert [s for s, _ in sections] == ["displaced-people", "flood-deaths", "rescue-workers"]
    for slug, body in sections:
        metric = slug.replace("-", "_")
        assert body.count("<svg") == 1
        claims = [c for c in store.claims_for(metric=metric) if c["low"] is not None or c["high"] is not None]
        rows = re.findall(r"<tbody>(.*?)</tbody>", body, re.S)[0].count("<tr>")
        assert rows == len(claims)
        assert body.count("<circle") == len(claims)
    displaced = dict(sections)["displaced-people"]
    assert "Social Affairs Minister Lena Korvac" in displaced
    assert "<mark>about 8,000</mark>" in displaced
    assert 'class="alert-mark"' in displaced  # the minister's contradiction
    assert "05-minister-disputes-displaced.txt</a>" in displaced


def test_report_is_self_contained_and_small(store):
    html = render_report(store)
    assert not re.search(r"<script|<link[^>]+stylesheet|<img|@import|url\(", html, re.I)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html, re.I)
    assert len(html.encode()) < 300_000


def test_text_is_escaped(tmp_path):
    s = Store(tmp_path / "monitor.db")
    with s.transaction():
        aid = s.add_article(Article(hash="h", uri="<b>x</b>.txt", seen=SEEN, status="parsed"))
        s.add_claim(aid, Claim(article="<b>x</b>.txt", start=0, end=1, text="5", sentence="<script>alert(1)</script> said 5",
                               low=5.0, high=5.0, qualifier="exact", speaker="A & <B>", topic="t<", metric="m1"), "a<b")
    html = render_report(s)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "A &amp; &lt;B&gt;" in html
    s.close()


def test_topic_filter_and_empty_store(store, tmp_path):
    assert "<svg" not in render_report(store, topic="no-such-topic")
    assert "No figures or statements" in render_report(store, topic="no-such-topic")
    assert render_report(store, topic="ravna-floods").count("<svg") == 3


def test_report_command_writes_the_file(demo_state, tmp_path):
    out = tmp_path / "sub" / "r.html"
    result = CliRunner().invoke(report_cmd, ["--state", str(demo_state), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("<!DOCTYPE html>")
    assert not list(out.parent.glob(".*.tmp"))
    missing = CliRunner().invoke(report_cmd, ["--state", str(tmp_path / "nothing"), "--out", str(out)])
    assert missing.exit_code == 1 and "does not exist yet" in missing.output


def _chromium(tmp_path: Path, page: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [
        shutil.which("chromium") or CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0", *args, page.resolve().as_uri(),
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=tmp_path)


def _console(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ":CONSOLE" in ln or "Uncaught" in ln or "net::ERR" in ln]


@pytest.mark.slow
def test_report_renders_in_headless_chromium(store, tmp_path):
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("chromium not installed: apt-get install chromium")
    # A page with a console error first, so that an empty list below means something.
    control = tmp_path / "control.html"
    control.write_text('<html><body><script>console.error("control")</script></body></html>')
    assert any("control" in ln for ln in _console(_chromium(tmp_path, control, "--dump-dom").stderr))

    page = write_report(store, tmp_path / "report.html")
    dom = _chromium(tmp_path, page, "--dump-dom")
    assert _console(dom.stderr) == []
    assert dom.stdout.count("<svg") == 3
    assert dom.stdout.count('<table class="sources">') == 3
    shot = tmp_path / "shot.png"
    proc = _chromium(tmp_path, page, f"--screenshot={shot}", "--window-size=1280,2000")
    assert shot.exists() and shot.stat().st_size > 10_000, proc.stderr[-2000:]
    assert _console(proc.stderr) == []


@pytest.mark.shared
def test_propositions_get_an_affirm_and_deny_panel(tmp_path):
    from conftest import shared_or_skip

    seeds = shared_or_skip("seeds")
    order = ["001_4ce502fbbe2160e4", "000_bf0a44a912904ce9", "003_4fae3ffd92791708", "002_1cb44fc463236903"]
    pipe = open_pipeline(load_config(ROOT / "config" / "examples" / "north-korean-troops.yaml"), tmp_path)
    try:
        for name in order:
            pipe.process(read_document(seeds / f"{name}.txt"))
    finally:
        pipe.close()
    s = Store(tmp_path / "monitor.db", readonly=True)
    html = render_report(s)
    s.close()
    panel = re.search(r'<section id="p-nk-troops-sent">(.*?)</section>', html, re.S)
    assert panel, "no panel for nk_troops_sent"
    affirm, deny = re.split(r'<div class="side deny">', panel.group(1))
    assert "Affirms" in affirm and "Zelensky" in affirm
    assert "Denies (1)" in deny and "<b>Russia</b>" in deny and "one more fake" in deny


def test_many_figures_and_open_intervals_stay_small(tmp_path):
    s = Store(tmp_path / "monitor.db")
    with s.transaction():
        aid = s.add_article(Article(hash="h", uri="https://example.org/a?b=1&c=2", seen=SEEN, status="parsed"))
        for i in range(1000):
            lo, hi = [(100.0 + i, 100.0 + i), (50.0, None), (None, 80.0), (0.0, 0.0), (10.0, 1e6)][i % 5]
            cid = s.add_claim(aid, Claim(article="https://example.org/a?b=1&c=2", start=0, end=1, text="n",
                                         sentence="A long enough sentence. " * 3, low=lo, high=hi, qualifier="exact",
                                         speaker=f"S{i % 13}", topic="t", metric="m", index=i), f"l{i % 13}", "agrees")
            s.add_snapshot("t", "m", cid, Consensus(band=Interval(low=90.0, high=math.inf), values=(100.0, 120.0)), "x")
    html = render_report(s)
    s.close()
    assert html.count("<circle") == 400 and "chart shows the last 400" in html
    assert len(html.encode()) < 450_000, len(html.encode())
    assert 'href="https://example.org/a?b=1&amp;c=2"' in html
