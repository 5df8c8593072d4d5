"""`monitor run` as a real subprocess: signals, restarts, reload, status and backlog.

Every test starts the daemon with ``python -m monitor run`` on a config written
into ``tmp_path`` (a folder source on ``tmp_path/inbox``, the ravna-floods topic
of ``config/monitor.yaml``) and checks what it left behind in the real SQLite
store and alert log.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from monitor.records import content_hash

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "monitor" / "data" / "demo"
# Written for this test: the demo's flood story as a German paper would report it.
GERMAN_ARTICLE = (
    "Hochwasser an der Ravna: Behörden melden 80 Tote\n\n"
    "Ostrel. Nach Angaben des Katastrophenschutzes sind beim Hochwasser an der Ravna bislang 80 Menschen "
    "gestorben. Etwa 45.000 Bewohner wurden aus ihren Häusern evakuiert und in Notunterkünften untergebracht. "
    "Die Helfer rechnen damit, dass das Wasser erst in einigen Tagen zurückgeht."
)
START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0


# --- helpers (also used by test_reliability.py) ---------------------------------------


def ravna_topic() -> dict[str, Any]:
    """The ravna-floods topic of the default config, as parsed YAML."""
    data = yaml.safe_load((ROOT / "config" / "monitor.yaml").read_text(encoding="utf-8"))
    return next(t for t in data["topics"] if t["name"] == "ravna-floods")


def write_config(
    tmp_path: Path, *, sources: list[dict[str, Any]] | None = None, name: str = "monitor.yaml", **folder: Any
) -> Path:
    """A config in ``tmp_path``: a folder source on ``tmp_path/inbox`` (debounce 0.2 s) and the ravna-floods topic."""
    src = {"type": "folder", "path": str(tmp_path / "inbox"), "debounce": "0.2s", **folder}
    data = {"sources": [src, *(sources or [])], "topics": [ravna_topic()]}
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def demo_texts() -> list[tuple[str, str]]:
    """(file name, text) of the 9 demo articles, in story order."""
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted(DEMO.glob("0*.txt"))]


def corpus(n_variants: int) -> list[tuple[str, str]]:
    """The demo articles, then variants of them (a unique sentence appended, so a new content hash)."""
    demo = demo_texts()
    out = list(demo)
    for i in range(n_variants):
        name, text = demo[i % len(demo)]
        out.append(
            (
                f"v{i:04d}-{name}",
                f"{text.rstrip()}\n\nArchive note {i}: this copy was filed under reference R-{i:05d}.\n",
            )
        )
    return out


def drop(inbox: Path, files: list[tuple[str, str]], *, mtime_base: float | None = None) -> list[Path]:
    """Write the files into ``inbox`` in order; with ``mtime_base``, give them strictly increasing mtimes."""
    inbox.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, (name, text) in enumerate(files):
        p = inbox / name
        p.write_text(text, encoding="utf-8")
        if mtime_base is not None:
            os.utime(p, (mtime_base + i, mtime_base + i))
        paths.append(p)
    return paths


def wait_until(
    pred: Callable[[], Any],
    timeout: float,
    what: str,
    daemon: MonitorProcess | None = None,
    every: float = 0.05,
) -> Any:
    """Poll ``pred`` until it returns a true value; fail with ``what`` (and the daemon's log) on timeout or death."""
    deadline = time.monotonic() + timeout
    while True:
        value = pred()
        if value:
            return value
        if daemon is not None and daemon.proc is not None and daemon.proc.poll() is not None:
            pytest.fail(
                f"daemon exited ({daemon.proc.returncode}) while waiting for {what}\n{daemon.log_tail()}"
            )
        if time.monotonic() > deadline:
            tail = daemon.log_tail() if daemon is not None else ""
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}\n{tail}")
        time.sleep(every)


def query(state: Path, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Rows of a read-only query on ``state/monitor.db`` ([] while the database does not exist)."""
    db_path = state / "monitor.db"
    if not db_path.exists():
        return []
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def article_count(state: Path) -> int:
    rows = query(state, "SELECT count(*) FROM articles")
    return rows[0][0] if rows else 0


def read_status(state: Path) -> dict[str, Any] | None:
    try:
        return json.loads((state / "status.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def alert_log(state: Path) -> list[dict[str, Any]]:
    """Every line of ``state/alerts.jsonl``; each line must be one JSON object."""
    path = state / "alerts.jsonl"
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    out = []
    for i, line in enumerate(lines, 1):
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            pytest.fail(f"alerts.jsonl line {i} is not JSON (torn write?): {line[:200]!r}")
    return out


def assert_no_duplicate_alerts(alerts: list[dict[str, Any]]) -> None:
    ids = Counter(a["id"] for a in alerts)
    assert not [i for i, n in ids.items() if n > 1], f"alert ids logged twice: {ids.most_common(3)}"
    keys = Counter((a["claim"].get("article"), a["claim"].get("text"), a["kind"]) for a in alerts)
    twice = [k for k, n in keys.items() if n > 1]
    assert not twice, f"alerts raised twice for one claim: {twice}"


def alert_keys(alerts: list[dict[str, Any]]) -> list[tuple[str, str, str, str]]:
    """(kind, metric, claim article base name, claim text) of each alert, in log order."""
    return [
        (a["kind"], a["metric"], os.path.basename(a["claim"].get("article") or ""), a["claim"].get("text"))
        for a in alerts
    ]


def assert_exactly_once(state: Path, paths: list[Path]) -> None:
    """Every file's content hash is in the articles table once, and nothing else is; no claim stored twice."""
    expected = {content_hash(p.read_text(encoding="utf-8")) for p in paths}
    rows = query(state, "SELECT hash FROM articles")
    hashes = Counter(r[0] for r in rows)
    assert len(rows) == len(expected), f"{len(rows)} article rows for {len(expected)} distinct files"
    assert set(hashes) == expected, (
        f"missing: {len(expected - set(hashes))}, unexpected: {len(set(hashes) - expected)}"
    )
    assert max(hashes.values()) == 1
    dup_claims = query(
        state, "SELECT article_id, idx, count(*) FROM claims GROUP BY article_id, idx HAVING count(*) > 1"
    )
    assert not dup_claims, f"claims stored twice: {dup_claims[:5]}"
    assert query(state, "SELECT count(*) FROM alerts WHERE logged = 0") == [(0,)], (
        "alerts committed but never logged"
    )
    uids = {r[0] for r in query(state, "SELECT uid FROM alerts")}
    logged = alert_log(state)
    assert {a["id"] for a in logged} == uids, "the alert log and the alerts table disagree"


class MonitorProcess:
    """``python -m monitor -v run --config CFG --state STATE`` as a subprocess, logging to a file."""

    def __init__(self, tmp_path: Path, config: Path, state: Path) -> None:
        self.preexec: Callable[[], None] | None = None  # e.g. set a resource limit in the child
        self.prefix: list[str] = []  # e.g. setpriv to drop root's capabilities
        self.new_session = False  # its own process group, as a terminal's foreground job has
        self.tmp_path = tmp_path
        self.config = config
        self.state = state
        self.proc: subprocess.Popen[bytes] | None = None
        self.runs = 0
        self.log_path = tmp_path / "daemon-0.log"

    def start(self, timeout: float = START_TIMEOUT) -> MonitorProcess:
        self.runs += 1
        self.log_path = self.tmp_path / f"daemon-{self.runs}.log"
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        cmd = [
            *self.prefix,
            sys.executable,
            "-m",
            "monitor",
            "-v",
            "run",
            "--config",
            str(self.config),
            "--state",
            str(self.state),
        ]
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                cmd,
                cwd=self.tmp_path,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=self.preexec,
                start_new_session=self.new_session,
            )
        pid = self.proc.pid
        # A status file of an earlier run may exist: wait for this process's own.
        wait_until(
            lambda: (s := read_status(self.state)) and s.get("pid") == pid and s.get("running"),
            timeout,
            "status.json",
            self,
        )
        return self

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def send(self, sig: int) -> None:
        assert self.proc is not None
        self.proc.send_signal(sig)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = STOP_TIMEOUT, group: bool = False) -> int:
        """Send ``sig`` (with ``group``, to its whole process group, as Ctrl-C in a terminal does) and
        return the exit code; fail when it takes longer than ``timeout``."""
        assert self.proc is not None
        if group:
            assert self.new_session, "signalling the group of a daemon sharing ours would hit the test"
            os.killpg(self.proc.pid, sig)
        else:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            pytest.fail(f"daemon still running {timeout} s after signal {sig}\n{self.log_tail()}")

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait(timeout=10)

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def log_tail(self, n: int = 40) -> str:
        return "\n".join(self.log().splitlines()[-n:])

    def cleanup(self) -> None:
        if self.alive():
            assert self.proc is not None
            self.proc.kill()
            self.proc.wait()


def monitor_procs(tmp_path: Path) -> Iterator[Callable[..., MonitorProcess]]:
    """Body of the ``monitor_proc`` fixture (shared with test_reliability.py)."""
    made: list[MonitorProcess] = []

    def _make(config: Path | None = None, state: Path | None = None) -> MonitorProcess:
        d = MonitorProcess(tmp_path, config or write_config(tmp_path), state or tmp_path / "state")
        made.append(d)
        return d

    yield _make
    for d in made:
        d.cleanup()


@pytest.fixture
def monitor_proc(tmp_path):
    """Make daemons on tmp_path; any still running at the end are killed."""
    yield from monitor_procs(tmp_path)


def wait_all_processed(d: MonitorProcess, n: int, timeout: float = 60.0) -> None:
    """Wait until ``n`` articles are stored, the queue is empty and every alert is logged."""
    wait_until(lambda: article_count(d.state) >= n, timeout, f"{n} articles", d, every=0.2)

    def settled() -> bool:
        s = read_status(d.state) or {}
        return s.get("queue_depth") == 0 and query(
            d.state, "SELECT count(*) FROM alerts WHERE logged = 0"
        ) == [(0,)]

    wait_until(settled, 60, "an empty queue and all alerts logged", d, every=0.2)


def wait_helpers_running(d: MonitorProcess, timeout: float = 90.0) -> list[int]:
    """Wait until status.json shows an extraction helper running; returns the helper pids."""

    def running() -> list[int]:
        ex = (read_status(d.state) or {}).get("extraction") or {}
        return list(ex.get("helper_pids") or []) if ex.get("helpers_running") else []

    return wait_until(running, timeout, "an extraction helper to run", d, every=0.1)


def process_gone(pid: int) -> bool:
    """True when ``pid`` no longer runs (exited and reaped, or a zombie about to be)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")


def assert_stopped_status(d: MonitorProcess, helper_pids: list[int]) -> None:
    """The final status says not running and no helper running, and the helpers are indeed gone."""
    status = read_status(d.state)
    assert status is not None and status["running"] is False, "no final status written"
    ex = status.get("extraction") or {}
    assert ex.get("helpers_running") == 0 and not ex.get("helper_pids"), f"final status shows helpers: {ex}"
    wait_until(lambda: all(process_gone(p) for p in helper_pids), 30, "the helpers to exit")


# --- tests -------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_sigterm_mid_ingest_then_restart_processes_every_article_once(tmp_path, monitor_proc):
    files = corpus(150)
    d = monitor_proc().start()
    paths = drop(tmp_path / "inbox", files)
    # SIGTERM while the worker is busy, items are still waiting and a helper extracts ahead.
    helpers = wait_helpers_running(d)
    wait_until(lambda: article_count(d.state) >= 15, 60, "ingest to get going", d)
    before = article_count(d.state)
    assert before < len(files), "everything was processed before SIGTERM; the test needs a busy queue"
    t0 = time.monotonic()
    assert d.stop(signal.SIGTERM) == 0, d.log_tail()
    took = time.monotonic() - t0
    assert_stopped_status(d, helpers)
    stopped_at = article_count(d.state)
    print(f"SIGTERM at {before} articles, stopped at {stopped_at}/{len(files)} after {took:.1f} s")

    d.start()
    wait_all_processed(d, len(files))
    assert d.stop(signal.SIGTERM) == 0, d.log_tail()
    assert_exactly_once(d.state, paths)
    alerts = alert_log(d.state)
    assert alerts, "the demo story raises alerts"
    assert_no_duplicate_alerts(alerts)
    assert "Traceback" not in d.log()


def _run_to_completion(
    monitor_proc, tmp_path: Path, files: list[tuple[str, str]], kills: list[Callable[[Path], bool]]
) -> tuple[list[Path], Path]:
    """Drop ``files`` as a backlog (fixed order), run the daemon, SIGKILL it at each condition, then finish."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    paths = drop(tmp_path / "inbox", files, mtime_base=time.time() - 10_000)
    d = monitor_proc(write_config(tmp_path), tmp_path / "state")
    for cond in kills:
        d.start()
        wait_until(lambda c=cond: c(d.state), 60, "the kill point", d, every=0.005)
        d.kill()
    d.start()
    wait_all_processed(d, len(files))
    assert d.stop() == 0, d.log_tail()
    return paths, d.state


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_sigkill_loses_nothing_and_logs_each_alert_once(tmp_path, monitor_proc):
    files = corpus(120)
    ref_paths, ref_state = _run_to_completion(monitor_proc, tmp_path / "ref", files, [])
    reference = alert_log(ref_state)
    assert len(reference) >= 3, "the demo story should raise several alerts"

    def alerts_at_least(n: int) -> Callable[[Path], bool]:
        # Polled every 5 ms: the kill often lands between the append and the 'logged' commit.
        return lambda state: (
            (state / "alerts.jsonl").exists() and len((state / "alerts.jsonl").read_bytes().splitlines()) >= n
        )

    def articles_at_least(n: int) -> Callable[[Path], bool]:
        return lambda state: article_count(state) >= n

    kills = [
        articles_at_least(1),
        alerts_at_least(1),
        alerts_at_least(3),
        articles_at_least(8),
        articles_at_least(40),
        articles_at_least(90),
    ]
    paths, state = _run_to_completion(monitor_proc, tmp_path / "killed", files, kills)
    assert_exactly_once(state, paths)
    killed = alert_log(state)
    assert_no_duplicate_alerts(killed)
    assert alert_keys(killed) == alert_keys(reference)

    # The store agrees with the never-killed run too: same status and claim count per article.
    def per_article(st: Path) -> dict[str, tuple[str, int]]:
        rows = query(
            st,
            "SELECT a.hash, a.status, count(c.id) FROM articles a LEFT JOIN claims c ON c.article_id = a.id GROUP BY a.id",
        )
        return {h: (s, n) for h, s, n in rows}

    mine, ref = per_article(state), per_article(ref_state)
    names = {content_hash(p.read_text(encoding="utf-8")): p.name for p in paths}
    differ = {
        names.get(h, h): (mine.get(h), ref.get(h)) for h in set(mine) | set(ref) if mine.get(h) != ref.get(h)
    }
    assert not differ, (
        f"articles stored differently than in the never-killed run (killed, reference): {differ}"
    )
    verdicts = "SELECT c.verdict, count(*) FROM claims c GROUP BY c.verdict ORDER BY 1"
    assert query(state, verdicts) == query(ref_state, verdicts)


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_sighup_with_broken_config_keeps_old_one_then_valid_reload_is_used(tmp_path, monitor_proc):
    cfg = write_config(tmp_path)
    good = cfg.read_text(encoding="utf-8")
    d = monitor_proc(cfg).start()
    inbox = tmp_path / "inbox"
    demo = demo_texts()
    drop(inbox, demo[:1])
    wait_until(lambda: article_count(d.state) >= 1, 30, "the first article", d)

    broken = yaml.safe_load(good)
    broken["topics"][0]["metrics"][0]["tolerance"] = "5%"
    cfg.write_text(yaml.safe_dump(broken, sort_keys=False), encoding="utf-8")
    before = read_status(d.state)
    assert before is not None
    d.send(signal.SIGHUP)
    wait_until(
        lambda: any("reload failed" in e for e in (read_status(d.state) or {}).get("errors", [])),
        60,
        "the reload error in status.json",
        d,
    )
    assert d.alive()
    s = read_status(d.state)
    assert s is not None and s["updated"] > before["updated"] and s["running"]
    assert "tolerance" in d.log(), "the log should say which key is wrong"
    # Still running on the old config: its folder is still watched.
    drop(inbox, demo[1:2])
    wait_until(lambda: article_count(d.state) >= 2, 30, "an article dropped after the failed reload", d)
    assert [s["path"] for s in read_status(d.state)["sources"]] == [str(inbox)]

    # A valid changed config (a second folder) is picked up.
    inbox2 = tmp_path / "inbox2"
    write_config(tmp_path, sources=[{"type": "folder", "path": str(inbox2), "debounce": "0.2s"}])
    d.send(signal.SIGHUP)
    wait_until(
        lambda: len((read_status(d.state) or {}).get("sources", [])) == 2,
        60,
        "two sources after the reload",
        d,
    )
    assert inbox2.is_dir(), "the new folder source was not started"
    drop(inbox2, demo[2:3])
    wait_until(lambda: article_count(d.state) >= 3, 30, "an article in the new folder", d)
    uris = [r[0] for r in query(d.state, "SELECT uri FROM articles ORDER BY id")]
    assert uris[-1] == str(inbox2 / demo[2][0])
    assert "config reloaded" in d.log()
    assert d.stop() == 0


def _status_json(state: Path) -> dict[str, Any]:
    r = subprocess.run(
        [sys.executable, "-m", "monitor", "status", "--json", "--state", str(state)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_status_json_while_running_lists_source_queue_counts_and_rejected_files(tmp_path, monitor_proc):
    d = monitor_proc().start()
    started = d.log()
    assert f"config {d.config.resolve()}" in started, started
    assert f"state folder {d.state.resolve()}" in started and f"alert log {d.state.resolve() / 'alerts.jsonl'}" in started
    inbox = tmp_path / "inbox"
    drop(inbox, [*demo_texts()[:3], ("ravna-de.txt", GERMAN_ARTICLE)])
    (inbox / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (inbox / "empty.txt").write_bytes(b"")
    wait_until(
        lambda: query(d.state, "SELECT count(*) FROM rejected") == [(2,)] and article_count(d.state) == 4,
        30,
        "4 articles and 2 rejected files",
        d,
    )
    # status.json is rewritten about once a second by the worker.
    wait_until(
        lambda: (read_status(d.state) or {}).get("counts", {}).get("processed") == 4,
        30,
        "status.json counts",
        d,
    )
    assert f"{inbox / 'ravna-de.txt'}: skipped (language: de)" in d.log()
    assert query(d.state, "SELECT status FROM articles WHERE uri LIKE '%ravna-de.txt'") == [("skipped",)]

    view = _status_json(d.state)
    assert view["daemon_alive"] is True
    daemon = view["daemon"]
    assert daemon["pid"] == d.pid and daemon["running"] is True
    assert daemon["queue_depth"] == 0
    assert daemon["counts"]["processed"] == 4 and daemon["counts"]["rejected"] == 2
    assert (daemon["counts"]["skipped"], daemon["counts"]["parsed"], daemon["counts"]["syndicated"]) == (1, 2, 1)
    assert daemon["paused"] is None
    folder = [s for s in daemon["sources"] if s["kind"] == "folder"]
    assert len(folder) == 1 and folder[0]["path"] == str(inbox) and folder[0]["running"] is True
    assert folder[0]["documents"] == 4 and folder[0]["rejected"] == 2
    assert view["counts"]["articles"] == 4
    assert view["last_article"]["uri"].endswith(".txt")
    rejected = {os.path.basename(r["uri"]): r["reason"] for r in view["rejected"]}
    assert set(rejected) == {"binary.txt", "empty.txt"}
    assert "empty" in rejected["empty.txt"]
    assert "binary" in rejected["binary.txt"] or "printable" in rejected["binary.txt"]
    assert d.alive()
    assert d.stop() == 0
    after = _status_json(d.state)
    assert after["daemon"]["running"] is False and after["daemon_alive"] is False


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_backlog_is_processed_at_start_and_not_again_after_restart(tmp_path, monitor_proc):
    files = corpus(30)
    paths = drop(tmp_path / "inbox", files, mtime_base=time.time() - 1000)
    d = monitor_proc().start()
    wait_all_processed(d, len(files))
    assert d.stop() == 0
    assert_exactly_once(d.state, paths)
    # Oldest first: the articles were stored in mtime order.
    uris = [os.path.basename(r[0]) for r in query(d.state, "SELECT uri FROM articles ORDER BY id")]
    assert uris == [name for name, _ in files]
    # Each alert's one-line text is in the daemon's log as it is raised.
    raised = [line for line in d.log().splitlines() if " ALERT " in line]
    assert len(raised) == len(alert_log(d.state)), raised
    assert any(
        "ALERT CONTRADICTION [high] ravna-floods/displaced_people: Social Affairs Minister Lena Korvac: about 8,000"
        in line and "05-minister-disputes-displaced.txt" in line
        for line in raised
    ), raised
    log_before = (d.state / "alerts.jsonl").read_bytes()
    rows_before = query(d.state, "SELECT id, hash, status FROM articles ORDER BY id")
    claims_before = query(d.state, "SELECT count(*) FROM claims")

    # Touch one file (a new version of a seen article) and restart: the untouched files are skipped unread,
    # the touched one is read again and found to be a duplicate by its content; nothing is stored again.
    os.utime(paths[0])
    d.start()
    wait_until(
        lambda: (read_status(d.state) or {}).get("counts", {}).get("duplicate", 0) >= 1,
        30,
        "the touched file to be re-read",
        d,
    )
    wait_until(lambda: "already seen (skipped unread)" in d.log(), 30, "the backlog line", d)
    assert f"backlog: 1 new file(s), {len(files) - 1} already seen (skipped unread)" in d.log()
    # SIGHUP reloads the config and scans the folder again: nothing new, nothing counted as a duplicate.
    lines_before = d.log().count("already seen (skipped unread)")
    d.send(signal.SIGHUP)
    wait_until(lambda: d.log().count("already seen (skipped unread)") > lines_before, 30, "the reload's backlog line", d)
    assert d.stop() == 0
    assert f"backlog: 0 new file(s), {len(files)} already seen (skipped unread)" in d.log()
    final = read_status(d.state)
    assert final is not None
    assert final["counts"]["duplicate"] == 1
    assert final["counts"]["parsed"] == final["counts"]["syndicated"] == final["counts"]["alerts"] == 0
    assert query(d.state, "SELECT id, hash, status FROM articles ORDER BY id") == rows_before
    assert query(d.state, "SELECT count(*) FROM claims") == claims_before
    assert (d.state / "alerts.jsonl").read_bytes() == log_before


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_sigterm_exits_within_10_s_while_one_article_holds_the_worker(tmp_path, monitor_proc):
    """A long article (2 MB of news prose, ~40 s of extraction) must not keep the daemon from stopping."""
    d = monitor_proc().start()
    inbox = tmp_path / "inbox"
    demo = demo_texts()
    paths = drop(inbox, demo[:3])
    wait_until(lambda: article_count(d.state) == 3, 30, "the normal articles", d)
    sections, size = [], 0
    while size < 2_000_000:
        text = demo[len(sections) % len(demo)][1].replace("\n\n", f" (part {len(sections)}).\n\n")
        sections.append(text)
        size += len(text)
    slow = inbox / "long-read.txt"
    slow.write_text("\n\n".join(sections), encoding="utf-8")
    time.sleep(2.0)  # picked up (debounce 0.2 s) and being extracted
    assert article_count(d.state) == 3, "the slow article finished already; the test needs a busy worker"
    assert d.stop(signal.SIGTERM, timeout=STOP_TIMEOUT) == 0, d.log_tail()
    assert query(d.state, "PRAGMA integrity_check") == [("ok",)]
    assert_exactly_once(d.state, paths)  # the unfinished article left nothing behind
    assert not query(d.state, "SELECT 1 FROM articles WHERE uri = ?", (str(slow),))
    assert "exiting without finishing" in d.log() and "long-read.txt" in d.log()


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_sigint_mid_ingest_from_a_terminal_drains_and_restart_processes_every_article_once(tmp_path, monitor_proc):
    """Ctrl-C reaches the terminal's whole foreground process group: here the daemon's own group."""
    files = corpus(150)
    d = monitor_proc()
    d.new_session = True
    d.start()
    paths = drop(tmp_path / "inbox", files)
    helpers = wait_helpers_running(d)
    wait_until(lambda: article_count(d.state) >= 15, 60, "ingest to get going", d)
    assert article_count(d.state) < len(files), "everything was processed before SIGINT; the test needs a busy queue"
    assert d.stop(signal.SIGINT, group=True) == 0, d.log_tail()
    assert_stopped_status(d, helpers)
    log = d.log()
    assert "Traceback" not in log and "KeyboardInterrupt" not in log, log[-3000:]
    assert query(d.state, "PRAGMA integrity_check") == [("ok",)]
    stopped_at = article_count(d.state)
    assert_no_duplicate_alerts(alert_log(d.state))

    d.start()
    wait_all_processed(d, len(files), timeout=180)
    assert d.stop(signal.SIGINT, group=True) == 0, d.log_tail()
    assert_exactly_once(d.state, paths)
    assert_no_duplicate_alerts(alert_log(d.state))
    assert "Traceback" not in d.log()
    print(f"SIGINT stopped the first run at {stopped_at}/{len(files)} articles")


def test_start_up_names_the_embedded_default_config(tmp_path):
    from monitor.config import default_config_path
    from monitor.daemon import Daemon

    described = Daemon(None, tmp_path / "state").config_description()
    assert "embedded default config" in described
    assert str(default_config_path().resolve()) in described
