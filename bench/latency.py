"""Drop-to-alert latency of the running daemon: from a file's close in the inbox to its alert line.

    .venv/bin/python bench/latency.py [--drops 200] [--quick] [--json]

Starts ``monitor run --config CFG --state DIR`` as a subprocess on a config
written to a temp folder: one folder source on a temp inbox and one topic with
one metric. Every article is by the same invented source, which alternates its
figure between 1,000 and 100,000 troops, so every article after the first
revises that source's own figure and raises exactly one ``update`` alert (the
daemon's verdict rules: a lineage changing its own figure is an update, and
updates are never deduplicated). Each article carries enough invented filler
that no two look like syndicated copies.

Articles are dropped one at a time (write, close, then wait for the alert), so
the figure is latency without queueing. A thread in this process tails
``state/alerts.jsonl`` and stamps each alert line when it reads it; both stamps
come from this process's monotonic clock. The tail polls every millisecond.

Also printed: launch-to-first-alert (the daemon starts with two articles in
its inbox backlog) and the daemon's RSS after the drops (VmRSS; VmHWM is its
peak).
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET_P95_MS = 300.0

CONFIG = """\
sources:
  - type: folder
    path: {inbox}
    patterns: ["*.txt"]
    recursive: false
topics:
  - name: velmark-border
    match: [Velmark]
    metrics:
      - key: velmark_troops
        description: Velmark troops sent to the Orsk border
        counts: [troops, soldiers]
        unit: people
        kind: estimate
        tolerance: 0.2
"""

_SYLLABLES = "ka lo mi ne ru ta vo shi pe da gor lin bar tes mon quil fen dor sa ri".split()


def article(i: int) -> str:
    """Article ``i``: the source's figure (1,000 or 100,000) in one sentence, then invented filler."""
    rng = random.Random(f"latency-{i}")

    def word() -> str:
        return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))

    filler = []
    for _ in range(8):
        words = [word() for _ in range(rng.randint(8, 14))]
        filler.append(f"{words[0].capitalize()} {' '.join(words[1:])}.")
    figure = "1,000" if i % 2 == 0 else "100,000"
    return (
        f"Velmark border build-up, day {i}\n\n"
        # No weekday in the sentence: "on Monday" a week later would date the figure to the previous Monday.
        f"The Norvale Institute said in its bulletin no. {i} that {figure} Velmark troops had been sent to the Orsk border.\n\n"
        f"{' '.join(filler)}\n"
    )


class AlertTail(threading.Thread):
    """Reads new lines of the alert log as they land; stamps each article's first alert."""

    def __init__(self, path: Path, poll: float = 0.001) -> None:
        super().__init__(daemon=True)
        self.path = path
        self.poll = poll
        self.seen: dict[str, float] = {}
        self.cond = threading.Condition()
        self.stopping = threading.Event()
        self.bad_lines = 0

    def run(self) -> None:
        buf = b""
        fh = None
        while not self.stopping.is_set():
            if fh is None:
                try:
                    fh = open(self.path, "rb")  # noqa: SIM115 - held open while tailing
                except FileNotFoundError:
                    time.sleep(self.poll)
                    continue
            chunk = fh.read()
            if not chunk:
                time.sleep(self.poll)
                continue
            now = time.monotonic()
            buf += chunk
            *lines, buf = buf.split(b"\n")
            with self.cond:
                for line in lines:
                    try:
                        name = Path(json.loads(line)["claim"]["article"]).name
                    except (ValueError, KeyError, TypeError):
                        self.bad_lines += 1
                        continue
                    self.seen.setdefault(name, now)
                self.cond.notify_all()
        if fh is not None:
            fh.close()

    def wait_for(self, name: str, timeout: float) -> float | None:
        deadline = time.monotonic() + timeout
        with self.cond:
            while name not in self.seen:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.cond.wait(left)
            return self.seen[name]


def drop(inbox: Path, i: int) -> tuple[str, float]:
    name = f"drop-{i:04d}.txt"
    with open(inbox / name, "w", encoding="utf-8") as fh:
        fh.write(article(i))
    return name, time.monotonic()


def proc_memory(pid: int) -> dict[str, float]:
    out = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, val = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(val.split()[0]) / 1024
    except OSError:
        pass
    return out


def stop_daemon(proc: subprocess.Popen) -> float:
    """SIGTERM the daemon (SIGKILL after 15 s); seconds until it exited."""
    t0 = time.monotonic()
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return time.monotonic() - t0


def monitor_command() -> list[str]:
    exe = ROOT / ".venv" / "bin" / "monitor"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "monitor"]


def percentile(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q / 100 * len(s) + 0.5) - 1))]


def measure(drops: int, timeout: float, pause: float, workdir: Path) -> dict[str, Any]:
    inbox, state = workdir / "inbox", workdir / "state"
    inbox.mkdir()
    config = workdir / "config.yaml"
    config.write_text(CONFIG.format(inbox=json.dumps(str(inbox))), encoding="utf-8")
    # Two articles wait in the backlog: the first sets the figure, the second raises the first alert.
    for i in (0, 1):
        drop(inbox, i)
    log = open(workdir / "daemon.log", "wb")  # noqa: SIM115 - closed in finally
    tail = AlertTail(state / "alerts.jsonl")
    tail.start()
    launched = time.monotonic()
    proc = subprocess.Popen([*monitor_command(), "run", "--config", str(config), "--state", str(state)],
                            stdout=log, stderr=subprocess.STDOUT, cwd=workdir)
    result: dict[str, Any] = {"drops": drops, "latencies_ms": [], "missed": []}
    try:
        first = tail.wait_for("drop-0001.txt", 120)
        if first is None:
            raise RuntimeError(f"no alert within 120 s of launch; see the daemon log:\n{tail_log(workdir)}")
        result["launch_to_first_alert_s"] = first - launched
        for i in range(2, drops + 2):
            name, closed = drop(inbox, i)
            seen = tail.wait_for(name, timeout)
            if seen is None:
                result["missed"].append(name)
            else:
                result["latencies_ms"].append((seen - closed) * 1000)
            if proc.poll() is not None:
                raise RuntimeError(f"the daemon exited with {proc.returncode}:\n{tail_log(workdir)}")
            time.sleep(pause)
        result["memory_mb"] = proc_memory(proc.pid)
    finally:
        result["shutdown_s"] = stop_daemon(proc)
        result["exit_code"] = proc.returncode
        tail.stopping.set()
        tail.join(2)
        log.close()
    result["bad_lines"] = tail.bad_lines
    result["alert_lines"] = len(tail.seen)
    return result


def tail_log(workdir: Path, n: int = 20) -> str:
    try:
        return "\n".join((workdir / "daemon.log").read_text(errors="replace").splitlines()[-n:])
    except OSError:
        return "(no log)"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--drops", type=int, default=200, help="timed drops, each expected to raise one alert")
    ap.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for one drop's alert")
    ap.add_argument("--pause", type=float, default=0.02, help="seconds between an alert and the next drop")
    ap.add_argument("--quick", action="store_true", help="about 15 s: 40 drops")
    ap.add_argument("--keep", action="store_true", help="keep the temp folder (config, inbox, state, daemon log)")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object as well")
    args = ap.parse_args(argv)
    if args.quick:
        args.drops = 40
    workdir = Path(tempfile.mkdtemp(prefix="bench-latency-"))
    try:
        res = measure(args.drops, args.timeout, args.pause, workdir)
    finally:
        if not args.keep:
            import shutil

            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print(f"kept {workdir}")
    lat = res["latencies_ms"]
    print(f"daemon: {' '.join(monitor_command())} run; {args.drops} drops, one at a time, "
          f"{args.pause * 1000:.0f} ms apart; tail polls every 1 ms")
    print(f"launch to first alert (2 backlog articles): {res['launch_to_first_alert_s']:.2f} s")
    if lat:
        p50, p95 = statistics.median(lat), percentile(lat, 95)
        print(f"{'drop-to-alert':<16}{'p50':>9}{'p95':>9}{'p99':>9}{'max':>9}{'min':>9}   n")
        print(f"{'ms':<16}{p50:>9.1f}{p95:>9.1f}{percentile(lat, 99):>9.1f}{max(lat):>9.1f}{min(lat):>9.1f}   {len(lat)}")
        res.update(p50_ms=p50, p95_ms=p95, max_ms=max(lat))
        print(f"verdict: p95 {'MET' if p95 <= TARGET_P95_MS else 'MISSED'} (target <= {TARGET_P95_MS:g} ms)")
    if res["missed"]:
        print(f"MISSED {len(res['missed'])} drop(s) with no alert within {args.timeout:g} s: {res['missed'][:5]}")
    mem = res.get("memory_mb", {})
    if mem:
        print(f"daemon memory after the drops: RSS {mem.get('VmRSS', 0):.0f} MB, peak {mem.get('VmHWM', 0):.0f} MB")
    print(f"SIGTERM to exit: {res['shutdown_s']:.2f} s, exit code {res['exit_code']}")
    if args.json:
        out = {k: v for k, v in res.items() if k != "latencies_ms"}
        print(json.dumps({"bench": "latency", **out}))
    return 0 if lat and not res["missed"] else 1


if __name__ == "__main__":
    sys.exit(main())
