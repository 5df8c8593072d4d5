"""Extraction helpers (``nlp.processes``): the same store and alerts as one process, and no loose ends.

Real helper processes, spawned and loading spaCy: each test pays a few seconds for them.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from monitor.config import MonitorConfig
from monitor.pipeline import open_pipeline
from monitor.records import Document

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = Path(__file__).parent / "data" / "articles"


def _corpus(n: int, seed: int, ratio: float) -> list[Document]:
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench" / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [Document(uri=f"corpus/{name}", text=text) for name, text in module.make_corpus(n, seed=seed, match_ratio=ratio)]


def _with_processes(config: MonitorConfig, n: int) -> MonitorConfig:
    return config.model_copy(update={"nlp": config.nlp.model_copy(update={"processes": n})})


def _stored(pipe: Any) -> dict[str, Any]:
    db = pipe.store.db
    claims = db.execute(
        "SELECT a.uri, c.idx, c.text, c.low, c.high, c.qualifier, c.counted, c.speaker, c.metric, c.lineage, c.verdict"
        " FROM claims c JOIN articles a ON a.id = c.article_id ORDER BY a.id, c.idx"
    ).fetchall()
    statements = db.execute(
        "SELECT a.uri, s.idx, s.proposition, s.stance, s.speaker FROM statements s JOIN articles a ON a.id = s.article_id"
        " ORDER BY a.id, s.idx"
    ).fetchall()
    articles = db.execute("SELECT uri, status, copy_of FROM articles ORDER BY id").fetchall()
    return {"articles": articles, "claims": claims, "statements": statements}


def _alert_keys(outcomes: list[Any]) -> list[tuple]:
    return [
        (a["kind"], a.get("metric") or a.get("proposition"), a["claim"]["article"], a["claim"].get("text"), a["message"])
        for o in outcomes
        for a in o.alerts
    ]


def test_helpers_give_the_store_and_alerts_one_process_gives(nk_config, tmp_path):
    docs = _corpus(60, seed=7, ratio=0.5)
    one = open_pipeline(_with_processes(nk_config, 1), tmp_path / "one")
    try:
        alone = list(one.process_many(docs))
        expected = _stored(one)
        assert one.extractor.summary()["by_helpers"] == 0
    finally:
        one.close()

    two = open_pipeline(_with_processes(nk_config, 2), tmp_path / "two")
    try:
        assert two.extractor.start_helpers() == 1
        helped = list(two.process_many(docs))
        got = _stored(two)
        counts = two.extractor.summary()
    finally:
        two.close()
    assert counts["by_helpers"] > 5, counts  # the helper did its share, else this proves nothing
    assert [o.status for o in helped] == [o.status for o in alone]
    assert _alert_keys(helped) == _alert_keys(alone)
    assert len(_alert_keys(alone)) >= 5
    assert got == expected


def test_copies_in_the_read_ahead_window_leave_nothing_behind(nk_config, tmp_path):
    # Each article arrives twice under two names: the copy is a duplicate by the time the writer
    # reaches it, so its read-ahead entry is never taken and must not hold the window.
    originals = _corpus(30, seed=13, ratio=1.0)
    docs = [d for o in originals for d in (o, Document(uri=o.uri + ".copy", text=o.text))]
    pipe = open_pipeline(_with_processes(nk_config, 2), tmp_path / "state")
    try:
        assert pipe.extractor.start_helpers() == 1
        statuses = [o.status for o in pipe.process_many(docs)]
        assert statuses[1::2] == ["duplicate"] * len(originals)
        assert "duplicate" not in statuses[::2]
        assert pipe.extractor.summary()["read_ahead"] == 0, "read-ahead entries of the duplicates were left behind"
        assert pipe.extractor.summary()["by_helpers"] > 0
    finally:
        pipe.close()


def test_a_helper_killed_mid_stream_loses_nothing(nk_config, tmp_path):
    docs = _corpus(40, seed=11, ratio=1.0)
    ref = open_pipeline(_with_processes(nk_config, 1), tmp_path / "ref")
    try:
        list(ref.process_many(docs))
        expected = _stored(ref)
    finally:
        ref.close()

    pipe = open_pipeline(_with_processes(nk_config, 2), tmp_path / "killed")
    try:
        assert pipe.extractor.start_helpers() == 1
        (helper,) = pipe.extractor._helpers
        outcomes = []
        for i, out in enumerate(pipe.process_many(docs)):
            outcomes.append(out)
            if i == 5:
                os.kill(helper.pid, signal.SIGKILL)
        assert pipe.extractor.summary()["helpers_running"] == 0
        assert len(outcomes) == len(docs)
        assert _stored(pipe) == expected
    finally:
        pipe.close()


def test_idle_helpers_are_released_and_come_back_with_the_next_backlog(nk_config, tmp_path):
    pipe = open_pipeline(_with_processes(nk_config, 2), tmp_path / "state")
    try:
        docs = _corpus(60, seed=5, ratio=1.0)
        list(pipe.process_many(docs[:30]))  # a backlog long enough to start the helper on its own
        first = pipe.extractor.summary()
        assert first["helpers_running"] == 1, first
        assert not pipe.extractor.release_if_idle(3600)
        assert pipe.extractor.release_if_idle(0)
        assert pipe.extractor.summary()["helpers_running"] == 0
        assert not any(_alive(pid) for pid in first["helper_pids"])
        list(pipe.process_many(docs[30:]))
        again = pipe.extractor.summary()
        assert again["helpers_running"] == 1 and again["helper_pids"] != first["helper_pids"], again
    finally:
        pipe.close()


def test_short_batches_start_no_helper(nk_config, tmp_path):
    pipe = open_pipeline(_with_processes(nk_config, 2), tmp_path / "state")
    try:
        list(pipe.process_many(_corpus(10, seed=3, ratio=1.0)))
        assert pipe.extractor.summary() == {
            "processes": 2, "helpers_running": 0, "helper_pids": [], "read_ahead": 0, "by_helpers": 0, "by_writer": 10
        }
    finally:
        pipe.close()


def test_helpers_exit_when_the_writer_is_killed(tmp_path):
    script = tmp_path / "writer.py"
    script.write_text(textwrap.dedent(f"""
        import sys, time
        from monitor.config import load_config
        from monitor.pipeline import open_pipeline
        config = load_config({str(ROOT / "config" / "examples" / "north-korean-troops.yaml")!r})
        config = config.model_copy(update={{"nlp": config.nlp.model_copy(update={{"processes": 2}})}})
        pipe = open_pipeline(config, {str(tmp_path / "state")!r})
        assert pipe.extractor.start_helpers() == 1
        print(pipe.extractor.summary()['helper_pids'][0], flush=True)
        time.sleep(600)
    """), encoding="utf-8")
    writer = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        helper_pid = int(writer.stdout.readline())
        assert _alive(helper_pid)
        writer.kill()
        writer.wait(30)
        deadline = time.monotonic() + 30  # a bound on a loaded machine, not a speed claim
        while _alive(helper_pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(helper_pid), "the helper outlived its writer"
    finally:
        if writer.poll() is None:
            writer.kill()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by its dead parent's reaper) counts as gone.
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().split(") ", 1)[1][:1] != "Z"
    except OSError:
        return False


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("many", 'nlp.processes: expected "auto" (one per CPU, at most 4) or a whole number from 1 to 16, got "many"'),
        (0, 'nlp.processes: expected "auto" (one per CPU, at most 4) or a whole number from 1 to 16, got 0'),
    ],
)
def test_bad_process_counts_are_config_errors(value, message):
    from monitor.config import validate_config
    from monitor.errors import ConfigError

    with pytest.raises(ConfigError) as err:
        validate_config({"nlp": {"processes": value}})
    assert message in str(err.value)


def test_auto_is_one_process_per_cpu_at_most_four():
    from monitor.config import usable_cpus, validate_config

    assert validate_config({}).nlp.processes == max(1, min(usable_cpus(), 4))
    assert validate_config({"nlp": {"processes": 3}}).nlp.processes == 3
