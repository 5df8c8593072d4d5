"""Labelled streams scored through the command line with ../shared/eval/score.py.

The seed articles (real reports, labelled in ../shared), three fictional streams written
for this project (tests/data/gold: a rising quake toll, police-vs-organiser march counts,
competing company-loss figures and a closure dispute) and the eight streams of real events in
../shared/streams (each with the config a user would write from its outline, in
config/examples/) are scored exactly as the project is judged. Floors sit at the issue's
targets for the seeds and at today's figures for the streams (for the shared streams these are
still far below the issue's targets), so a change that loses generality fails here; raise them
as the scores rise.
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
# Must-not violations allowed per fresh stream (none now: march-count's bare "police" in a clause set in
# Marrowgate is Marrowgate's police, not the Lindhaven police named before it).
FRESH_VIOLATIONS: dict[str, int] = {}
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


def check(figures: dict[str, float], floors: dict[str, float], violations: int = 0) -> None:
    low = {k: (figures.get(k), v) for k, v in floors.items() if k in figures and figures[k] < v}
    assert not low, f"below the floor (got, floor): {low}"
    assert figures["violations"] <= violations


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
    check(figures, STREAM_FLOORS, FRESH_VIOLATIONS.get(stream, 0))
    if "disputes_R" in figures:
        assert figures["disputes_R"] == 1.0 and figures["stance"] >= 0.85


SHARED = ROOT.parent / "shared" / "streams"
# Measured on the eight shared streams (see the README's Scores); floors are those figures.
SHARED_FLOORS: dict[str, tuple[dict[str, float], int]] = {
    'derna-floods': ({'claim_R': 0.98, 'speaker': 0.91, 'metric': 0.92, 'alerts_P': 0.73, 'alerts_R': 0.98}, 0),
    'hong-kong-protests': ({'claim_R': 0.98, 'speaker': 0.83, 'metric': 0.85, 'alerts_P': 0.98, 'alerts_R': 0.98}, 0),
    'hurricane-helene': ({'claim_R': 0.98, 'speaker': 0.81, 'metric': 0.91, 'alerts_P': 0.98, 'alerts_R': 0.98}, 0),
    'maui-wildfires': ({'claim_R': 0.98, 'speaker': 0.89, 'metric': 0.89, 'alerts_P': 0.65, 'alerts_R': 0.98}, 0),
    'morocco-quake': ({'claim_R': 0.98, 'speaker': 0.86, 'metric': 0.94, 'alerts_P': 0.98, 'alerts_R': 0.98}, 0),
    'myanmar-quake': ({'claim_R': 0.98, 'speaker': 0.78, 'metric': 0.9, 'alerts_P': 0.98, 'alerts_R': 0.98}, 0),
    'paris-pension-protests': ({'claim_R': 0.98, 'speaker': 0.9, 'metric': 0.94, 'alerts_P': 0.98, 'alerts_R': 0.98}, 0),
    'turkey-syria-quake': ({'claim_R': 0.97, 'speaker': 0.84, 'metric': 0.87, 'alerts_P': 0.98, 'alerts_R': 0.98}, 0),
}


@pytest.mark.slow
@pytest.mark.parametrize("stream", sorted(SHARED_FLOORS))
def test_shared_streams_of_real_events(stream):
    gold = SHARED / stream / "score.gold.yaml"
    if not gold.exists():
        pytest.skip(f"{gold} not found: ../shared lives beside the project in CI")
    floors, violations = SHARED_FLOORS[stream]
    check(score(gold, ROOT / "config" / "examples" / f"{stream}.yaml"), floors, violations)
