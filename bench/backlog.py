"""How fast the running daemon drains a backlog: a burst of articles already in its inbox at start.

    .venv/bin/python bench/backlog.py [--n 2000] [--repeats 2] [--processes auto,1] [--quick] [--json]

Writes ``--n`` articles of ``bench/corpus.py`` (1 in 20 on the topic of
``config/examples/north-korean-troops.yaml``) into a temp inbox, oldest first,
and starts ``monitor run`` on that example config plus a folder source on the
inbox, once per ``nlp.processes`` value. Unlike ``bench/ingest.py`` this is
the whole daemon: the folder scan, reading and decoding each file, the queue,
the pipeline, the alert log and the status file; and extraction helpers start
the way they do in use, once a backlog has lasted, inside the clock.

A reader polls the store (read-only, every 20 ms) for the stored-article count.
Printed per run: launch to the first article stored (start-up: imports, spaCy,
the inbox scan), the drain rate from the first to the last article stored, and
launch to done; then the peak memory of the daemon and of each helper, and who
extracted what (from ``monitor status``'s file).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import make_corpus  # noqa: E402
from latency import monitor_command, proc_memory, stop_daemon  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "config" / "examples" / "north-korean-troops.yaml"


def stored(db: Path) -> int:
    """Articles stored so far (0 before the database exists)."""
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def run_once(n: int, seed: int, processes: str, workdir: Path, timeout: float) -> dict[str, Any]:
    inbox, state = workdir / "inbox", workdir / "state"
    inbox.mkdir(parents=True)
    base = time.time() - 10 * n
    for i, (name, text) in enumerate(make_corpus(n, seed=seed, match_ratio=0.05)):
        path = inbox / name
        path.write_text(text, encoding="utf-8")
        os.utime(path, (base + i, base + i))  # the backlog is read oldest first: corpus order
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["sources"] = [{"type": "folder", "path": str(inbox)}]
    data["nlp"] = {**data.get("nlp", {}), "processes": processes if processes == "auto" else int(processes)}
    config = workdir / "config.yaml"
    config.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")

    log = open(workdir / "daemon.log", "wb")  # noqa: SIM115 - closed in finally
    launched = time.monotonic()
    proc = subprocess.Popen([*monitor_command(), "run", "--config", str(config), "--state", str(state)],
                            stdout=log, stderr=subprocess.STDOUT, cwd=workdir)
    out: dict[str, Any] = {"processes": processes, "n": n}
    try:
        db = state / "monitor.db"
        first = done = None
        deadline = launched + timeout
        while time.monotonic() < deadline:
            count = stored(db)
            now = time.monotonic()
            if first is None and count > 0:
                first = now
            if count >= n:
                done = now
                break
            if proc.poll() is not None:
                raise RuntimeError(f"the daemon exited with {proc.returncode}; see {workdir / 'daemon.log'}")
            time.sleep(0.02)
        if first is None or done is None:
            raise RuntimeError(f"{stored(db)} of {n} articles stored within {timeout:g} s")
        out.update(startup_s=first - launched, drain_s=done - first, total_s=done - launched,
                   rate=(n - 1) / max(done - first, 1e-9))
        time.sleep(1.2)  # the status file is rewritten every second
        status = json.loads((state / "status.json").read_text(encoding="utf-8"))
        ex = status.get("extraction") or {}
        out["extraction"] = ex
        out["daemon_mb"] = proc_memory(proc.pid).get("VmHWM", 0.0)
        out["helper_mb"] = [proc_memory(pid).get("VmHWM", 0.0) for pid in ex.get("helper_pids", [])]
        out["alerts"] = status.get("counts", {}).get("alerts")
    finally:
        stop_daemon(proc)
        log.close()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000, help="articles in the backlog")
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--processes", default="auto,1", help="nlp.processes values to compare, comma-separated")
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--timeout", type=float, default=300.0)
    ap.add_argument("--quick", action="store_true", help="about 30 s: 600 articles, one run each")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object as well")
    args = ap.parse_args(argv)
    if args.quick:
        args.n, args.repeats = 600, 1
    values = [v.strip() for v in args.processes.split(",") if v.strip()]
    runs: dict[str, list[dict[str, Any]]] = {v: [] for v in values}
    root = Path(tempfile.mkdtemp(prefix="bench-backlog-"))
    try:
        for i in range(args.repeats):
            for v in values:
                runs[v].append(run_once(args.n, args.seed, v, root / f"{v}-{i}", args.timeout))
    finally:
        shutil.rmtree(root, ignore_errors=True)

    print(f"load average (1, 5, 15 min): {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    print(f"daemon: {' '.join(monitor_command())} run; a backlog of {args.n} articles, 1 in 20 on topic; "
          f"{args.repeats} run(s) per setting")
    print()
    print(f"{'nlp.processes':<15}{'drain a/s':>10}{'range':>14}{'start-up s':>12}{'launch-done s':>15}"
          f"{'daemon MB':>11}{'helpers MB':>12}  extracted by helpers / writer")
    figures: dict[str, Any] = {}
    for v, rs in runs.items():
        rates = [r["rate"] for r in rs]
        ex = rs[0]["extraction"]
        helpers = ", ".join(f"{m:.0f}" for m in rs[0]["helper_mb"]) or "-"
        print(f"{v:<15}{statistics.median(rates):>10.0f}{f'{min(rates):.0f}-{max(rates):.0f}':>14}"
              f"{statistics.median(r['startup_s'] for r in rs):>12.2f}{statistics.median(r['total_s'] for r in rs):>15.2f}"
              f"{rs[0]['daemon_mb']:>11.0f}{helpers:>12}  {ex.get('by_helpers', 0)} / {ex.get('by_writer', 0)}")
        figures[v] = {"rate": statistics.median(rates), "rates": rates,
                      "startup_s": statistics.median(r["startup_s"] for r in rs),
                      "total_s": statistics.median(r["total_s"] for r in rs),
                      "daemon_mb": rs[0]["daemon_mb"], "helper_mb": rs[0]["helper_mb"], "extraction": ex,
                      "alerts": [r["alerts"] for r in rs]}
    alerts = {v: f["alerts"] for v, f in figures.items()}
    if len({a for al in alerts.values() for a in al}) > 1:
        print(f"NOTE: the runs raised different numbers of alerts: {alerts}")
    if args.json:
        print(json.dumps({"bench": "backlog", "n": args.n, "repeats": args.repeats, "runs": figures}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
