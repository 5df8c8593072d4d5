"""Run every benchmark and print one table.

    .venv/bin/python bench/run_all.py [--quick] [--only extract,ingest,latency,startup]

Each benchmark runs in its own process (so one's memory does not show in
another's RSS) with ``--json``; its full output is echoed, and its figures are
gathered in the table at the end. ``--quick`` passes ``--quick`` on (about a
minute and a half in all); the full run takes about seven minutes on two cores.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BENCHES = ("extract", "ingest", "backlog", "latency", "startup")


def run_bench(name: str, quick: bool, extra: list[str]) -> dict[str, Any] | None:
    cmd = [sys.executable, str(HERE / f"{name}.py"), "--json", *(["--quick"] if quick else []), *extra]
    print(f"$ {' '.join(cmd)}", flush=True)
    t0 = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    lines = proc.stdout.splitlines()
    print("\n".join(line for line in lines if not line.startswith('{"bench"')))
    if proc.returncode not in (0, 1) or proc.stderr.strip() and proc.returncode:
        print(proc.stderr[-2000:], file=sys.stderr)
    print(f"({time.monotonic() - t0:.0f} s)\n", flush=True)
    for line in reversed(lines):
        if line.startswith('{"bench"'):
            return json.loads(line)
    return None


def startup(runs: int) -> dict[str, Any]:
    """Wall time of ``monitor --help`` (import and CLI start, no spaCy), median of ``runs``."""
    exe = ROOT / ".venv" / "bin" / "monitor"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "monitor"]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([*cmd, "--help"], capture_output=True, check=True)
        times.append(time.perf_counter() - t0)
    return {"help_s": statistics.median(times), "help_s_min": min(times), "help_s_max": max(times), "runs": runs}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="the quick variant of every benchmark")
    ap.add_argument("--only", default=",".join(BENCHES), help="comma-separated subset of " + ", ".join(BENCHES))
    args = ap.parse_args(argv)
    only = [b.strip() for b in args.only.split(",") if b.strip()]
    unknown = set(only) - set(BENCHES)
    if unknown:
        ap.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")

    got: dict[str, dict[str, Any] | None] = {}
    for name in only:
        if name == "startup":
            got[name] = startup(3 if args.quick else 7)
        else:
            got[name] = run_bench(name, args.quick, [])

    rows: list[tuple[str, str, str, str]] = []

    def add(what: str, value: str, target: str = "", ok: bool | None = None) -> None:
        rows.append((what, value, target, "" if ok is None else ("met" if ok else "MISSED")))

    def rng(vals: list[float], fmt: str = ".1f") -> str:
        return f" ({min(vals):{fmt}}-{max(vals):{fmt}})" if len(vals) > 1 else ""

    e = got.get("extract")
    if e:
        add("extract: ours, articles/s", f"{e['ours_aps']:.1f}{rng(e['ours_aps_runs'])}")
        add("extract: quantulum3, articles/s", f"{e['quantulum3_aps']:.1f}{rng(e['quantulum3_aps_runs'])}")
        add("extract: ours / quantulum3", f"{e['ratio']:.2f}x", ">= 2x", e["ratio"] >= 2)
        add("extract: parse_numbers only, articles/s", f"{e['parse_numbers_aps']:.0f}")
        add("extract: peak RSS", f"{e['peak_rss_mb']:.0f} MB", "<= 400 MB", e["peak_rss_mb"] <= 400)
    i = got.get("ingest")
    if i:
        add(f"ingest: mixed 1-in-20, articles/s, {i['processes']} processes",
            f"{i['mixed_aps']:.0f}{rng(i['mixed_aps_runs'], '.0f')}", ">= 500", i["mixed_aps"] >= 500)
        add("ingest: mixed, helpers starting in the clock", f"{i['mixed_cold_aps']:.0f}")
        add("ingest: mixed, one process", f"{i['mixed_one_process_aps']:.0f}")
        add("ingest: matching only, articles/s", f"{i['matching_aps']:.1f}{rng(i['matching_aps_runs'])}")
        add("ingest: matching only, one process", f"{i['matching_one_process_aps']:.1f}")
        add("ingest: peak RSS, writer + helpers", f"{i['writer_rss_mb']:.0f} + "
            f"{' + '.join(f'{m:.0f}' for m in i['helper_rss_mb']) or '0'} MB")
        if i.get("full_ratio") is not None:
            n = i["full_store"]["claims"]
            add(f"ingest: {n:,} stored claims / empty", f"{i['full_ratio']:.2f} "
                f"({i['full_aps']:.1f} vs {i['empty_aps']:.1f}/s)", ">= 0.80", i["full_ratio"] >= 0.8)
    bl = got.get("backlog")
    if bl:
        for setting, f in bl["runs"].items():
            label = "one process" if setting == "1" else f"nlp.processes {setting}"
            add(f"daemon: {bl['n']:,}-article backlog, {label}, articles/s",
                f"{f['rate']:.0f}{rng(f['rates'], '.0f')}; all done {f['total_s']:.1f} s after launch")
    lat = got.get("latency")
    if lat and "p95_ms" in lat:
        add("latency: drop-to-alert p50", f"{lat['p50_ms']:.0f} ms")
        add("latency: drop-to-alert p95", f"{lat['p95_ms']:.0f} ms", "<= 300 ms", lat["p95_ms"] <= 300)
        add("latency: missed drops", str(len(lat["missed"])), "0", not lat["missed"])
        add("daemon: launch to first alert", f"{lat['launch_to_first_alert_s']:.2f} s")
        mem = lat.get("memory_mb", {})
        if mem:
            add("daemon: RSS after the drops (peak)", f"{mem.get('VmRSS', 0):.0f} MB ({mem.get('VmHWM', 0):.0f} MB)")
    s = got.get("startup")
    if s:
        add("startup: monitor --help", f"{s['help_s']:.2f} s ({s['help_s_min']:.2f}-{s['help_s_max']:.2f})")
    for name in only:
        if name != "startup" and got.get(name) is None:
            add(f"{name}: no figures", "(see its output above)", "", False)

    w = [max(len(r[k]) for r in [("what", "value", "target", "verdict"), *rows]) for k in range(4)]
    print(f"{'what':<{w[0]}}  {'value':<{w[1]}}  {'target':<{w[2]}}  verdict")
    print("  ".join("-" * x for x in w))
    for r in rows:
        print(f"{r[0]:<{w[0]}}  {r[1]:<{w[1]}}  {r[2]:<{w[2]}}  {r[3]}")
    print("(value: median of the runs, range in brackets; --quick figures come from one small run)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
