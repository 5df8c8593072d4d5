"""Crash safety (issue 7): 1,000 articles, 20 seeded random SIGKILLs, compared with a run never killed.

A real ``python -m monitor run`` watches ``tmp_path/.../inbox`` with the
north-korean-troops example topics. ``bench/corpus.py`` writes 1,000 articles
(about 100 on topic). The killed run gets them in batches of 50 while it runs;
at each of 20 kill points (a stored-article count or an alert-log line count,
drawn from a seeded RNG) it is SIGKILLed and started again. At the end every
article is stored once, no claim or statement twice, no alert is logged twice,
and the store and alert log match a run of the same files that was never killed.

Processing order decides which claims raise alerts, so both runs read the
files in corpus order: each file has its own mtime (a restart reads its backlog
oldest first) and is renamed into the inbox in corpus order (a rename is
complete at once: no debounce to reorder files in a batch). Batches are moved
in only while the daemon is down or after it is up, never during its backlog
scan.
"""

from __future__ import annotations

import importlib.util
import os
import random
import signal
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_daemon import (
    MonitorProcess,
    alert_log,
    article_count,
    assert_exactly_once,
    drop,
    query,
    read_status,
    wait_all_processed,
    wait_until,
)

from monitor.records import content_hash

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "config" / "examples" / "north-korean-troops.yaml"
SEED = 20241007
N_ARTICLES = 1000
N_KILLS = 20
BATCH = 50
KILL_POINT_TIMEOUT = 60.0

AlertKey = tuple[str, str | None, str, str | None]


def _make_corpus(n: int, seed: int) -> list[tuple[str, str]]:
    """``bench/corpus.py``'s ``make_corpus`` (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench" / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make_corpus(n, seed=seed, match_ratio=0.1)


def _nk_config(run_dir: Path) -> Path:
    """The north-korean-troops example plus a folder source on ``run_dir/inbox``."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["sources"] = [{"type": "folder", "path": str(run_dir / "inbox"), "debounce": "0.2s"}]
    path = run_dir / "monitor.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _alert_key(a: dict[str, Any]) -> AlertKey:
    """(kind, metric or proposition, claim article base name, claim text): equal across runs."""
    claim = a.get("claim") or {}
    return (
        a["kind"],
        a.get("metric") or a.get("proposition"),
        os.path.basename(claim.get("article") or ""),
        claim.get("text"),
    )


def _assert_each_alert_once(alerts: list[dict[str, Any]], run: str) -> None:
    """No alert id twice, and no alert of one kind on one metric/proposition twice for one claim."""
    ids = Counter(a["id"] for a in alerts)
    assert max(ids.values(), default=1) == 1, f"{run}: alert ids logged twice: {ids.most_common(3)}"
    # One article may repeat a figure ("approximately 8,000" twice): the claim's offset tells them apart.
    per_claim = Counter((*_alert_key(a), (a.get("claim") or {}).get("start")) for a in alerts)
    twice = [k for k, n in per_claim.items() if n > 1]
    assert not twice, f"{run}: alerts raised twice for one claim: {twice[:5]}"


def _alert_lines(state: Path) -> int:
    path = state / "alerts.jsonl"
    return len(path.read_bytes().splitlines()) if path.exists() else 0


def _per_article(state: Path) -> dict[str, tuple[str, int, int]]:
    """content hash -> (status, stored claims, stored statements)."""
    rows = query(
        state,
        "SELECT a.hash, a.status,"
        " (SELECT count(*) FROM claims c WHERE c.article_id = a.id),"
        " (SELECT count(*) FROM statements s WHERE s.article_id = a.id)"
        " FROM articles a",
    )
    return {h: (s, nc, ns) for h, s, nc, ns in rows}


def _assert_store_sound(state: Path, paths: list[Path], run: str) -> list[dict[str, Any]]:
    """Exactly once per article, claim, statement and alert; returns the alert log."""
    assert query(state, "PRAGMA integrity_check") == [("ok",)], run
    assert_exactly_once(state, paths)
    dup_statements = query(
        state, "SELECT article_id, idx, count(*) FROM statements GROUP BY article_id, idx HAVING count(*) > 1"
    )
    assert not dup_statements, f"{run}: statements stored twice: {dup_statements[:5]}"
    alerts = alert_log(state)
    _assert_each_alert_once(alerts, run)
    return alerts


def _check_logs(run_dir: Path) -> None:
    for log in sorted(run_dir.glob("daemon-*.log")):
        text = log.read_text(encoding="utf-8", errors="replace")
        assert "Traceback" not in text, f"{log.name}:\n{text[-4000:]}"


@pytest.fixture
def daemons():
    """Daemons made by the test; any still running at the end are killed."""
    made: list[MonitorProcess] = []
    yield made
    for d in made:
        d.cleanup()


def _reference_run(
    daemons: list[MonitorProcess], run_dir: Path, files: list[tuple[str, str]], mtime_base: float
):
    """All files as a backlog (oldest first), one daemon, never killed."""
    run_dir.mkdir(parents=True)
    paths = drop(run_dir / "inbox", files, mtime_base=mtime_base)
    d = MonitorProcess(run_dir, _nk_config(run_dir), run_dir / "state")
    daemons.append(d)
    d.start()
    wait_all_processed(d, len(files), timeout=180)
    assert d.stop(signal.SIGTERM) == 0, d.log_tail()
    # With a CPU to spare, a 1,000-article backlog starts extraction helpers: the killed run is then
    # compared with a run that used them (and its own lives use them or not, as their backlogs go).
    ex = (read_status(d.state) or {}).get("extraction") or {}
    if ex.get("processes", 1) > 1:
        assert ex["by_helpers"] > 0, f"the backlog should have started extraction helpers: {ex}"
    return paths, d.state


def _kill_points(rng: random.Random, files: list[tuple[str, str]], ref_alerts: list[dict[str, Any]]):
    """20 (corpus index that must be in the inbox, description, condition on the state folder), in order.

    About a third wait for the n-th alert line (the kill then often lands between the
    append and the commit that marks it logged), the rest for the k-th stored article.
    """
    index = {name: i for i, (name, _) in enumerate(files)}
    points = []
    while len(points) < N_KILLS:
        if rng.random() < 0.35:
            n = rng.randint(1, len(ref_alerts))
            need = index[os.path.basename(ref_alerts[n - 1]["claim"]["article"])]
            # Or, should the killed run have lost that alert, once the next article is stored
            # (the final comparison then says which alert is missing).
            after = min(need + 2, len(files))
            points.append(
                (
                    need,
                    f"alert line {n}",
                    lambda st, n=n, after=after: _alert_lines(st) >= n or article_count(st) >= after,
                )
            )
        else:
            k = rng.randint(1, len(files) - 1)
            points.append((k - 1, f"article {k}", lambda st, k=k: article_count(st) >= k))
    points.sort(key=lambda p: p[0])
    return points


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_20_sigkills_during_1000_article_ingest_lose_nothing_and_duplicate_nothing(tmp_path, daemons):
    t_start = time.monotonic()
    files = _make_corpus(N_ARTICLES, SEED)
    assert len({content_hash(t) for _, t in files}) == N_ARTICLES
    mtime_base = time.time() - 100_000

    ref_paths, ref_state = _reference_run(daemons, tmp_path / "reference", files, mtime_base)
    reference = _assert_store_sound(ref_state, ref_paths, "never-killed run")
    assert len(reference) >= 20, f"the corpus should raise plenty of alerts, got {len(reference)}"
    t_ref = time.monotonic() - t_start

    # The killed run: files staged (with their mtimes) beside the inbox, renamed in batch by batch.
    run_dir = tmp_path / "killed"
    run_dir.mkdir()
    staged = drop(run_dir / "staging", files, mtime_base=mtime_base)
    inbox = run_dir / "inbox"
    inbox.mkdir()
    paths = [inbox / p.name for p in staged]
    moved = 0

    def move_batch() -> None:
        nonlocal moved
        for p in staged[moved : moved + BATCH]:
            os.rename(p, inbox / p.name)
        moved = min(moved + BATCH, len(staged))

    rng = random.Random(SEED)
    points = _kill_points(rng, files, reference)
    d = MonitorProcess(run_dir, _nk_config(run_dir), run_dir / "state")
    daemons.append(d)
    landed = []
    d.start()
    for need, what, cond in points:
        while moved <= need:
            move_batch()
        wait_until(lambda c=cond: c(d.state), KILL_POINT_TIMEOUT, f"kill point {what}", d, every=0.005)
        d.kill()
        stored = article_count(d.state)
        unlogged = query(d.state, "SELECT count(*) FROM alerts WHERE logged = 0")[0][0]
        landed.append((what, stored, moved, _alert_lines(d.state), unlogged))
        if moved < len(staged) and rng.random() < 0.3:
            move_batch()  # files that arrive while the daemon is down: the next start's backlog
        d.start()
    while moved < len(staged):
        move_batch()
    wait_all_processed(d, N_ARTICLES, timeout=180)
    assert d.stop(signal.SIGTERM) == 0, d.log_tail()
    final = read_status(d.state)
    assert final is not None and final["running"] is False

    print(
        f"{len(landed)} kills (point: stored/in inbox articles, alert lines, committed but unlogged alerts):"
    )
    for what, stored, inboxed, lines, unlogged in landed:
        print(f"  {what:>14}: {stored:4d}/{inboxed:4d}, {lines:3d} lines, {unlogged} unlogged")
    assert len(landed) == N_KILLS and d.runs == N_KILLS + 1
    mid_ingest = sum(stored < inboxed for _, stored, inboxed, _, _ in landed)
    assert mid_ingest >= N_KILLS // 2, f"only {mid_ingest} kills left dropped files unprocessed: {landed}"

    # Exactly once: one row per content, no claim/statement/alert twice.
    killed = _assert_store_sound(d.state, paths, "killed run")
    _check_logs(run_dir)

    # The same outcome as the run never killed.
    mine, ref = Counter(map(_alert_key, killed)), Counter(map(_alert_key, reference))
    assert mine == ref, (
        f"alerts differ from the never-killed run: extra {list((mine - ref).items())[:5]},"
        f" missing {list((ref - mine).items())[:5]}"
    )
    mine_articles, ref_articles = _per_article(d.state), _per_article(ref_state)
    names = {content_hash(t): name for name, t in files}
    differ = {
        names.get(h, h): (mine_articles.get(h), ref_articles.get(h))
        for h in set(mine_articles) | set(ref_articles)
        if mine_articles.get(h) != ref_articles.get(h)
    }
    assert not differ, f"articles stored differently (killed, reference): {dict(list(differ.items())[:10])}"
    verdicts = "SELECT verdict, count(*) FROM claims GROUP BY verdict ORDER BY 1"
    assert query(d.state, verdicts) == query(ref_state, verdicts)
    table = "SELECT kind, metric, proposition, count(*) FROM alerts GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
    assert query(d.state, table) == query(ref_state, table)
    print(f"reference run {t_ref:.1f} s, whole test {time.monotonic() - t_start:.1f} s; {len(killed)} alerts")
