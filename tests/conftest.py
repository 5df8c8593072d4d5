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


@pytest.fixture(scope="session")
def linked(nlp):
    """``linked(config, text, published=None, undated=False)``: each figure of ``text`` (first mention) and the metric it links
    to under ``config`` (a dict or a MonitorConfig), through the real extractor and linker."""
    from monitor.config import MonitorConfig
    from monitor.extract import Extractor
    from monitor.link import Linker
    from monitor.records import Document

    extractor = Extractor(nlp)

    def run(config, text: str, published=None, undated: bool = False) -> dict[str, str | None]:
        if not isinstance(config, MonitorConfig):
            config = MonitorConfig.model_validate(config)
        linker = Linker(config)
        claims, _ = extractor.extract(Document(uri="t.txt", text=text, published=published, undated=undated))
        out: dict[str, str | None] = {}
        for c, d in zip(claims, linker.decide_all(claims, text, linker.topics_for(text)), strict=True):
            out.setdefault(c.text, d.metric)
        return out

    return run
