"""Faults and hostile input against a real `monitor run` subprocess (issue 7), each bounded in time.

Readers beside a busy writer, a full disk, an unwritable state folder or alert
log, and files built to hurt the reader: the daemon must stay up, say what went
wrong, keep the store and the alert log intact, and stay under 500 MB.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from test_daemon import (
    alert_log,
    article_count,
    assert_exactly_once,
    assert_no_duplicate_alerts,
    corpus,
    demo_texts,
    drop,
    monitor_procs,
    query,
    read_status,
    wait_all_processed,
    wait_until,
    write_config,
)

RSS_LIMIT_KB = 500 * 1024
ENV = {**os.environ, "PYTHONUNBUFFERED": "1"}


@pytest.fixture
def monitor_proc(tmp_path):
    """Make daemons on tmp_path; any still running at the end are killed."""
    yield from monitor_procs(tmp_path)


def monitor_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "monitor", *args]


def peak_rss_kb(pid: int) -> int:
    """VmHWM (peak resident set) of a live process, in kB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError(f"no VmHWM for pid {pid}")


def integrity(state: Path) -> str:
    conn = sqlite3.connect(f"file:{state / 'monitor.db'}?mode=ro", uri=True, timeout=30)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


# --- readers beside a busy writer --------------------------------------------------------


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_readers_in_parallel_with_busy_ingest_never_see_a_locked_database(tmp_path, monitor_proc):
    """`monitor alerts --json`, `consensus --json`, `status --json` and `report` run in a loop, and
    `alerts --follow` throughout, while the daemon ingests 200 files."""
    files = corpus(191)
    d = monitor_proc().start()
    follow_out = open(tmp_path / "follow.out", "wb")  # noqa: SIM115 - closed below
    follow_err = open(tmp_path / "follow.err", "wb")  # noqa: SIM115
    follow = subprocess.Popen(
        monitor_cmd("alerts", "--follow", "--json", "--state", str(d.state)),
        stdout=follow_out,
        stderr=follow_err,
        env=ENV,
    )
    paths = drop(tmp_path / "inbox", files)
    results: list[tuple[str, int, str, bool]] = []
    lock = threading.Lock()
    done = threading.Event()

    def reader(args: list[str]) -> None:
        while not done.is_set():
            busy = article_count(d.state) < len(files)
            r = subprocess.run(monitor_cmd(*args), capture_output=True, text=True, timeout=60, env=ENV)
            with lock:
                results.append((" ".join(args[:1]), r.returncode, r.stdout[-2000:] + r.stderr, busy))

    state = str(d.state)
    threads = [
        threading.Thread(target=reader, args=(a,))
        for a in (
            ["alerts", "--json", "--state", state],
            ["consensus", "--json", "--state", state],
            ["status", "--json", "--state", state],
            ["report", "--out", str(tmp_path / "report.html"), "--state", state],
        )
    ]
    for t in threads:
        t.start()
    try:
        wait_all_processed(d, len(files), timeout=120)
    finally:
        done.set()
        for t in threads:
            t.join(timeout=70)
    time.sleep(1.5)  # one more poll of --follow
    follow.send_signal(signal.SIGINT)
    follow_rc = follow.wait(timeout=10)
    follow_out.close()
    follow_err.close()
    assert d.stop() == 0

    locked = [r for r in results if "locked" in r[2].lower()]
    assert not locked, f"{len(locked)} reader run(s) saw a locked database: {locked[0][2][:500]}"
    failed = [r for r in results if r[1] != 0]
    assert not failed, f"{len(failed)} reader run(s) failed: {failed[0]}"
    during = [r for r in results if r[3]]
    assert len({r[0] for r in during}) == 4 and len(during) >= 8, (
        f"readers barely overlapped the ingest: {len(during)} runs"
    )
    follow_errors = (tmp_path / "follow.err").read_text()
    assert "locked" not in follow_errors.lower() and "Traceback" not in follow_errors
    assert follow_rc in (0, 130, -signal.SIGINT), follow_errors
    followed = [line for line in (tmp_path / "follow.out").read_text().splitlines() if line.strip()]
    assert len(followed) == len(alert_log(d.state)) > 0, "--follow missed alerts or printed some twice"
    assert_exactly_once(d.state, paths)
    assert (
        (tmp_path / "report.html").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    )
    print(f"{len(results)} reader runs, {len(during)} during the ingest")


# --- full disk, read-only state, unwritable alert log ------------------------------------------


def _limit_file_size(limit: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of death, as on a full disk

    return apply


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_full_disk_pauses_intake_and_nothing_is_lost_or_corrupted(tmp_path, monitor_proc):
    """A file-size limit (RLIMIT_FSIZE) makes every write past 400 kB fail, like a full disk."""
    files = corpus(51)
    d = monitor_proc()
    d.preexec = _limit_file_size(400_000)
    d.start()
    paths = drop(tmp_path / "inbox", files)

    paused = wait_until(lambda: (read_status(d.state) or {}).get("paused"), 120, "intake to pause", d)
    assert d.alive(), "the daemon died on a full disk"
    stored = article_count(d.state)
    assert stored < len(files), "the limit should have stopped the store from growing"
    log = d.log()
    errors = [line for line in log.splitlines() if "ERROR" in line and "intake paused" in line]
    assert len(errors) >= 1, log[-3000:]
    assert "monitor.db" in errors[0] or "alerts.jsonl" in errors[0], errors[0]
    assert any(w in errors[0] for w in ("disk I/O error", "full", "too large")), errors[0]
    assert "monitor.db" in paused["reason"] or "alerts.jsonl" in paused["reason"], paused
    assert "Traceback" not in log, "a full disk is an expected fault: one clear line, no traceback"
    assert d.stop() == 0, d.log_tail()
    assert integrity(d.state) == "ok"
    assert_no_duplicate_alerts(alert_log(d.state))

    # Space again: the files still in the inbox are processed, each once.
    d.preexec = None
    d.start()
    wait_all_processed(d, len(files), timeout=120)
    assert d.stop() == 0
    assert integrity(d.state) == "ok"
    assert_exactly_once(d.state, paths)
    assert_no_duplicate_alerts(alert_log(d.state))
    assert "Traceback" not in d.log()


def test_state_folder_that_cannot_be_created_is_a_clear_error(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the state folder should go\n")
    cfg = write_config(tmp_path)
    r = subprocess.run(
        monitor_cmd("run", "--config", str(cfg), "--state", str(blocker / "state")),
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env=ENV,
    )
    assert r.returncode != 0
    assert "Traceback" not in r.stderr, r.stderr
    assert "not-a-folder" in r.stderr and "state" in r.stderr, r.stderr
    assert blocker.read_text() == "a file where the state folder should go\n"


def _set_writable(state: Path, writable: bool) -> None:
    os.chmod(state, 0o755 if writable else 0o555)
    for f in state.iterdir():
        os.chmod(f, 0o644 if writable else 0o444)


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_read_only_state_folder_mid_run_pauses_then_processes_the_waiting_files_once(tmp_path, monitor_proc):
    """SQLite keeps writing through the files it holds open after a chmod: the daemon must notice,
    keep the new files waiting, and process each once when the folder is writable again."""
    d = monitor_proc()
    probe = [sys.executable, "-c", "import sys; open(sys.argv[1], 'w')", str(d.state / "probe")]
    if os.geteuid() == 0:
        # chmod does not stop root; run the daemon without the capabilities that let it ignore modes.
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: chmod cannot make the state folder read-only")
        d.prefix = [setpriv, "--bounding-set", "-dac_override,-dac_read_search", "--inh-caps=-all", "--"]
    d.start()
    inbox = tmp_path / "inbox"
    demo = demo_texts()
    paths = drop(inbox, demo[:3])
    wait_all_processed(d, 3, timeout=60)
    logged_before = alert_log(d.state)
    _set_writable(d.state, False)
    try:
        if subprocess.run([*d.prefix, *probe], capture_output=True, timeout=30).returncode == 0:
            pytest.skip("chmod does not stop the daemon's user from writing")
        wait_until(lambda: "intake paused" in d.log(), 60, "the daemon to notice the read-only folder", d)
        paths += drop(inbox, demo[3:])
        waiting = f"paused: {len(demo) - 3} item(s) waiting"
        wait_until(lambda: waiting in d.log(), 60, "the new files to wait in the queue", d)
        assert article_count(d.state) == 3, "files were stored while the state folder was read-only"
        assert alert_log(d.state) == logged_before
        log = d.log()
        pause = next(line for line in log.splitlines() if "intake paused" in line)
        assert "ERROR" in pause and str(d.state) in pause and "read-only" in pause, pause
        assert log.count("intake paused") == 1, "one line for the outage, not one per file or check"
        assert "Traceback" not in log, log[-3000:]
    finally:
        _set_writable(d.state, True)
    # Writable again, without a restart: each waiting file once, its alerts logged once.
    wait_all_processed(d, len(demo), timeout=120)
    assert "writing works again" in d.log()
    assert d.stop() == 0, d.log_tail()
    assert "Traceback" not in d.log()
    assert integrity(d.state) == "ok"
    assert_exactly_once(d.state, paths)
    assert_no_duplicate_alerts(alert_log(d.state))
    assert len(alert_log(d.state)) > len(logged_before), "the rest of the story raises alerts"


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_immutable_state_folder_pauses_intake_until_it_is_writable_again(tmp_path, monitor_proc):
    """``chattr +i`` stops root too, and writes through already open files as well, like a read-only mount."""
    chattr = shutil.which("chattr")
    if chattr is None:
        pytest.skip("no chattr")
    d = monitor_proc().start()
    inbox = tmp_path / "inbox"
    demo = demo_texts()
    paths = drop(inbox, demo[:3])
    wait_all_processed(d, 3, timeout=60)
    targets = [str(d.state), *(str(f) for f in d.state.iterdir())]
    if subprocess.run([chattr, "+i", *targets], capture_output=True, timeout=30).returncode != 0:
        pytest.skip("chattr +i is not permitted here")
    try:
        wait_until(lambda: "intake paused" in d.log(), 60, "the daemon to notice the immutable folder", d)
        paths += drop(inbox, demo[3:])
        wait_until(lambda: f"paused: {len(demo) - 3} item(s) waiting" in d.log(), 60, "the files to wait", d)
        assert article_count(d.state) == 3
        assert "Traceback" not in d.log()
    finally:
        subprocess.run([chattr, "-i", *targets], check=True, timeout=30)
    wait_all_processed(d, len(demo), timeout=120)
    assert d.stop() == 0, d.log_tail()
    assert "Traceback" not in d.log()
    assert integrity(d.state) == "ok"
    assert_exactly_once(d.state, paths)
    assert_no_duplicate_alerts(alert_log(d.state))


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_unwritable_alert_log_pauses_intake_and_loses_no_alert(tmp_path, monitor_proc):
    """While alerts.jsonl cannot be written, new files wait; once it can, each is processed once."""
    d = monitor_proc().start()
    inbox = tmp_path / "inbox"
    demo = demo_texts()
    paths = drop(inbox, demo[:2])
    wait_until(lambda: article_count(d.state) == 2 and alert_log(d.state), 30, "the first alert", d)
    log_path = d.state / "alerts.jsonl"
    saved = log_path.read_bytes()
    log_path.unlink()
    log_path.mkdir()  # opening it for append now fails (EISDIR), for root too
    wait_until(lambda: (read_status(d.state) or {}).get("paused"), 60, "the pause in status.json", d)
    paths += drop(inbox, demo[2:])
    wait_until(
        lambda: (read_status(d.state) or {}).get("queue_depth") == len(demo) - 2, 60, "the files to wait", d
    )
    assert article_count(d.state) == 2, "files were processed while their alerts could not be logged"
    status = read_status(d.state)
    assert "alerts.jsonl" in status["paused"]["reason"], status["paused"]
    assert any("alerts.jsonl" in e for e in status["errors"]), status["errors"]
    log = d.log()
    pause = [line for line in log.splitlines() if "intake paused" in line]
    assert len(pause) == 1 and "ERROR" in pause[0] and str(log_path) in pause[0], pause
    assert "Traceback" not in log, log[-3000:]
    log_path.rmdir()
    log_path.write_bytes(saved)

    wait_all_processed(d, len(demo))
    assert (read_status(d.state) or {}).get("paused") is None
    assert "writing works again" in d.log()
    assert d.stop() == 0
    assert "Traceback" not in d.log()
    assert integrity(d.state) == "ok"
    assert_exactly_once(d.state, paths)  # every alert in the table is in the log
    assert_no_duplicate_alerts(alert_log(d.state))


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_status_file_that_cannot_be_written_does_not_stop_the_daemon(tmp_path, monitor_proc):
    """status.json is replaced through a temporary file; when that cannot be created (read-only or
    full state folder; here a directory in its place, which stops root too) the daemon keeps working."""
    d = monitor_proc().start()
    blocker = d.state / f"status.json.{d.pid}.tmp"
    blocker.mkdir()
    time.sleep(2.5)  # the worker rewrites the status about once a second
    assert d.alive(), f"the daemon died when status.json could not be written\n{d.log_tail()}"
    inbox = tmp_path / "inbox"
    paths = drop(inbox, demo_texts()[:2])
    wait_until(lambda: article_count(d.state) == 2, 30, "articles while status.json is stuck", d)
    log = d.log()
    assert "status.json" in log and "ERROR" in log, log[-2000:]
    assert log.count("cannot write") == 1, "the same status problem should be logged once, not every second"
    blocker.rmdir()
    wait_until(
        lambda: (read_status(d.state) or {}).get("counts", {}).get("processed") == 2,
        60,
        "status.json again",
        d,
    )
    assert d.stop() == 0
    assert_exactly_once(d.state, paths)


def _set_unlogged(state: Path, uids: list[str]) -> None:
    conn = sqlite3.connect(state / "monitor.db", timeout=30)
    with conn:
        conn.executemany("UPDATE alerts SET logged = 0 WHERE uid = ?", [(u,) for u in uids])
    conn.close()


def _finished_demo_run(tmp_path: Path, monitor_proc) -> tuple[Any, list[Path], list[str]]:
    d = monitor_proc().start()
    paths = drop(tmp_path / "inbox", demo_texts())
    wait_all_processed(d, len(paths))
    assert d.stop() == 0
    uids = [a["id"] for a in alert_log(d.state)]
    assert len(uids) >= 3
    return d, paths, uids


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_alerts_appended_but_not_marked_logged_are_not_appended_again(tmp_path, monitor_proc):
    """Crash window 1, recreated exactly: appended to the log, killed before the 'logged' commit."""
    d, paths, uids = _finished_demo_run(tmp_path, monitor_proc)
    _set_unlogged(d.state, uids[-2:])
    d.start()
    wait_all_processed(d, len(paths))
    assert d.stop() == 0
    assert [a["id"] for a in alert_log(d.state)] == uids
    assert_exactly_once(d.state, paths)


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_torn_alert_log_line_is_repaired_by_the_replay(tmp_path, monitor_proc):
    """Crash window 2: the last append was torn half-way (a kill or a full disk mid-write)."""
    d, paths, uids = _finished_demo_run(tmp_path, monitor_proc)
    log_path = d.state / "alerts.jsonl"
    data = log_path.read_bytes()
    last = data.rstrip(b"\n").rsplit(b"\n", 1)[-1]
    fragment = last[: len(last) // 2]
    log_path.write_bytes(data[: len(data) - len(last) - 1] + fragment)
    _set_unlogged(d.state, uids[-1:])
    d.start()
    wait_all_processed(d, len(paths))
    assert d.stop() == 0
    # Every line whole (alert_log fails on any line that is not JSON), each alert once, in order.
    assert [a["id"] for a in alert_log(d.state)] == uids
    torn = d.state / "alerts.jsonl.torn"
    assert torn.read_bytes() == fragment + b"\n", "the fragment is kept beside the log"
    repaired = [line for line in d.log().splitlines() if "last line was torn" in line]
    assert len(repaired) == 1 and str(log_path) in repaired[0] and str(torn) in repaired[0], repaired
    assert "Traceback" not in d.log()


# --- hostile files -----------------------------------------------------------------------------

_PARA = "The Ravna floods have killed {n} people, officials in Ostrel said on Tuesday. "


def _story(n: int, reps: int) -> str:
    return "".join(_PARA.format(n=n + i % 3) for i in range(reps))


def _nested_html() -> bytes:
    body = "<div>" * 10_000 + f"<p>{_story(40, 5)}</p>" + "</div>" * 10_000
    return f"<!doctype html><html><head><title>Ravna</title></head><body>{body}</body></html>".encode()


def _one_gigabyte(path: Path) -> None:
    # Sparse past the story: a real 1 GiB file to stat and open, without 1 GiB of disk or test memory.
    with path.open("wb") as f:
        f.write(_story(30, 20).encode())
        f.truncate(1 << 30)


HOSTILE: dict[str, tuple[str, Callable[[], bytes] | Callable[[Path], None], str]] = {
    # case: (file name, content or a writer taking the path, expected end: rejected | processed | either)
    "1GB": ("gigabyte.txt", _one_gigabyte, "rejected"),
    "20MB-over-limit": ("huge.txt", lambda: (_story(31, 1) * 300_000)[:20_000_000].encode(), "rejected"),
    "binary": ("binary.txt", lambda: bytes(range(256)) * 4000, "rejected"),
    "invalid-utf8": (
        "bad-utf8.txt",
        lambda: _story(32, 20).encode() + b"\xff\xfe\xc3\x28\x80\x81 " + _story(32, 5).encode(),
        "either",
    ),
    "utf16-bom": ("utf16-bom.txt", lambda: _story(33, 20).encode("utf-16"), "processed"),
    "utf16-no-bom": ("utf16-nobom.txt", lambda: _story(34, 20).encode("utf-16-le"), "processed"),
    "nul-bytes": (
        "nul.txt",
        lambda: _story(35, 10).encode() + b"\x00" * 64 + _story(35, 10).encode(),
        "either",
    ),
    "1MB-single-line": (
        "oneline.txt",
        lambda: ("Ravna flood: the water rose and residents waited " * 25_000)[:1_000_000].encode(),
        "either",
    ),
    "nested-html-10000": ("nested.html", _nested_html, "either"),
    "100000-numbers": (
        "numbers.txt",
        lambda: ("Ravna flood figures: " + ", ".join(str(i) for i in range(100_000)) + ".").encode(),
        "either",
    ),
}


def _outcome(state: Path, path: Path) -> tuple[str, Any] | None:
    if query(state, "SELECT 1 FROM articles WHERE uri = ?", (str(path),)):
        return "processed", None
    rows = query(state, "SELECT reason FROM rejected WHERE uri = ?", (str(path),))
    if rows:
        return "rejected", rows[0][0]
    return None


def _hostile_params() -> list[Any]:
    out = []
    for case in HOSTILE:
        marks: list[Any] = [pytest.mark.slow]
        out.append(pytest.param(case, marks=marks, id=case))
    return out


@pytest.mark.timeout(120)
@pytest.mark.parametrize("case", _hostile_params())
def test_hostile_file_is_rejected_or_processed_within_bounded_memory(tmp_path, monitor_proc, case):
    name, make, expected = HOSTILE[case]
    d = monitor_proc().start()
    inbox = tmp_path / "inbox"
    path = inbox / name
    if make is _one_gigabyte:
        _one_gigabyte(path)
    else:
        path.write_bytes(make())  # type: ignore[call-arg]

    def ended() -> tuple[str, Any] | None:
        rss = peak_rss_kb(d.pid)
        assert rss <= RSS_LIMIT_KB, f"{case}: peak RSS {rss / 1024:.0f} MB > 500 MB"
        return _outcome(d.state, path)

    outcome = wait_until(ended, 60, f"{name} to be processed or rejected", d, every=0.1)
    kind, reason = outcome
    if expected != "either":
        assert kind == expected, (outcome, d.log_tail())
    if kind == "rejected":
        assert reason and reason.strip(), "a rejected file needs a reason"
        assert name in d.log(), "a log line should say which file was skipped"
    # Still up and working: a normal article dropped afterwards is processed.
    (first_name, first_text) = demo_texts()[0]
    drop(inbox, [(first_name, first_text)])
    wait_until(lambda: _outcome(d.state, inbox / first_name), 30, "a normal article after the hostile one", d)
    rss = peak_rss_kb(d.pid)
    assert d.stop() == 0, d.log_tail()
    assert rss <= RSS_LIMIT_KB, f"{case}: peak RSS {rss / 1024:.0f} MB > 500 MB"
    print(f"{case}: {kind} {reason or ''} peak RSS {rss / 1024:.0f} MB")
