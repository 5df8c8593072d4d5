"""Labelled streams scored through the command line with ../shared/eval/score.py.

The seed articles (real reports, labelled in ../shared) and three fictional streams written
for this project (tests/data/gold: a rising quake toll, police-vs-organiser march counts,
competing company-loss figures and a closure dispute) are scored exactly as the project is
judged. Floors sit at the issue's targets for the seeds and a little under today's figures
for the fresh streams, so a change that loses generality fails here.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCORE = ROOT.parent / "shared" / "eval" / "score.py"
GOLD = Path(__file__).parent / "data" / "gold"

SEED_FLOORS = {
    "claim_R": 0.95, "value": 0.95, "qualifier": 0.90, "counted": 0.90, "speaker": 0.85,
    "linked_P": 0.95, "metric": 0.95, "alerts_P": 1.0, "alerts_R": 1.0,
    "statements_R": 0.80, "stance": 0.90, "disputes_R": 1.0, "disputes_P": 0.5,
}
STREAM_FLOORS = {
    "claim_R": 0.95, "value": 0.95, "qualifier": 0.90, "counted": 0.90, "speaker": 0.75,
    "linked_P": 0.90, "metric": 0.80, "alerts_P": 0.75, "alerts_R": 1.0,
}


def score(gold: Path, config: Path) -> dict[str, float]:
    if not SCORE.exists():
        pytest.skip(f"{SCORE} not found: ../shared lives beside the project in CI")
    monitor = f"{sys.executable} -m monitor"
    env = {**os.environ, "MONITOR": monitor}
    out = subprocess.run(
        [sys.executable, str(SCORE), "--gold", str(gold), "--config", str(config), "--monitor", monitor],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=600,
    )
    assert out.returncode == 0, out.stderr
    last = out.stdout.strip().splitlines()[-1]
    figures = {k: float(v) for k, v in re.findall(r"(\w+)=([0-9.]+)", last)}
    figures["violations"] = float(re.search(r"violations=(\d+)", last).group(1))
    return figures


def check(figures: dict[str, float], floors: dict[str, float]) -> None:
    low = {k: (figures.get(k), v) for k, v in floors.items() if k in figures and figures[k] < v}
    assert not low, f"below the floor (got, floor): {low}"
    assert figures["violations"] == 0


@pytest.mark.slow
def test_seed_articles_meet_the_issue_targets():
    seeds = ROOT.parent / "shared" / "seeds" / "gold.yaml"
    if not seeds.exists():
        pytest.skip(f"{seeds} not found: ../shared lives beside the project in CI")
    check(score(seeds, ROOT / "config" / "examples" / "north-korean-troops.yaml"), SEED_FLOORS)


@pytest.mark.slow
@pytest.mark.parametrize("stream", ["quake-toll", "march-count", "shipyard-losses"])
def test_fresh_streams(stream):
    figures = score(GOLD / stream / "gold.yaml", GOLD / stream / "config.yaml")
    check(figures, STREAM_FLOORS)
    if "disputes_R" in figures:
        assert figures["disputes_R"] == 1.0 and figures["stance"] >= 0.85
