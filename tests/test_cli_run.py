"""`monitor run` says what it runs, and does not run the example config by surprise (a real subprocess)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "config" / "monitor.yaml"
# Generous: these only stop a test that would otherwise wait forever on a daemon it should not have started.
GIVE_UP = 90


def _monitor(cwd: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "monitor", *args], cwd=cwd, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _finish(proc: subprocess.Popen[str]) -> tuple[int | None, str]:
    try:
        _, err = proc.communicate(timeout=GIVE_UP)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
        return None, err  # it kept running: it started a daemon
    return proc.returncode, err


def test_run_without_a_config_here_is_an_error_and_creates_nothing(tmp_path):
    code, err = _finish(_monitor(tmp_path, "run"))
    assert code == 2, err
    assert "no config" in err and "--config" in err and "config/monitor.yaml" in err
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no inbox/, no state/


def test_run_on_a_config_without_sources_says_there_is_nothing_to_watch(tmp_path):
    cfg = tmp_path / "topics-only.yaml"
    cfg.write_text("topics:\n  - name: t\n    match: [flood]\n    metrics: [{key: deaths, counts: [people]}]\n")
    code, err = _finish(_monitor(tmp_path, "run", "--config", str(cfg)))
    assert code == 1, err
    assert "has no sources, so there is nothing to watch" in err and "type: folder" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["topics-only.yaml"]


def test_run_on_the_config_of_the_current_folder_says_what_it_reads_and_writes(tmp_path):
    (tmp_path / "config").mkdir()
    shutil.copyfile(DEFAULT, tmp_path / "config" / "monitor.yaml")
    proc = _monitor(tmp_path, "run", "--state", "st")
    status = tmp_path / "st" / "status.json"
    deadline = time.monotonic() + GIVE_UP
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if json.loads(status.read_text()).get("running"):
                    break
            except (OSError, ValueError):
                pass
            time.sleep(0.1)
        assert proc.poll() is None, proc.communicate()
        proc.send_signal(signal.SIGTERM)
        code, err = _finish(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert code == 0, err
    head = err.splitlines()[:4]
    assert head == [
        f"monitor run: config config/monitor.yaml ({tmp_path / 'config' / 'monitor.yaml'})",
        f"  reads: folder {tmp_path / 'inbox'} (*.txt, *.md, *.html)",
        "  tracks: topic ravna-floods (3 metric(s), 0 proposition(s))",
        f"  writes: state folder {tmp_path / 'st'} (database monitor.db, alert log {tmp_path / 'st' / 'alerts.jsonl'}, "
        "status status.json)",
    ], err


@pytest.mark.parametrize("cmd", ["extract", "ingest", "check-config"])
def test_a_copy_of_the_package_without_its_example_config_says_to_pass_one(tmp_path, cmd):
    """As installed from a wheel: the package alone, no config/ beside it and none in the current folder."""
    shutil.copytree(ROOT / "monitor", tmp_path / "pkg" / "monitor", ignore=shutil.ignore_patterns("__pycache__"))
    work = tmp_path / "work"
    work.mkdir()
    (work / "a.txt").write_text("Floods killed 12 people.\n")
    args = {"extract": ["a.txt"], "ingest": ["a.txt", "--state", "s"], "check-config": []}[cmd]
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "pkg")}
    res = subprocess.run([sys.executable, "-m", "monitor", cmd, *args], cwd=work, env=env, text=True,
                         capture_output=True, timeout=GIVE_UP)
    assert res.returncode == 1, res.stderr
    assert "no config/monitor.yaml in" in res.stderr and "pass --config" in res.stderr
    assert "Traceback" not in res.stderr
    assert sorted(p.name for p in work.iterdir()) == ["a.txt"]
