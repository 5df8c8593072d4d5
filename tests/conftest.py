"""Shared fixtures: paths, a loaded spaCy pipeline, configs written to tmp files."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = Path(__file__).parent / "data"


def shared_or_skip(*parts: str) -> Path:
    """A path under ../shared, or skip the test when the folder is absent."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} not found: ../shared lives beside the project in CI")
    return p


@pytest.fixture(scope="session")
def nlp():
    from monitor.extract import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def nk_config():
    from monitor.config import load_config

    return load_config(ROOT / "config" / "examples" / "north-korean-troops.yaml")


@pytest.fixture(scope="session")
def default_config():
    from monitor.config import load_config

    return load_config(ROOT / "config" / "monitor.yaml")
