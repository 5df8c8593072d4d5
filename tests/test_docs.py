"""The README documents every command and every config key (so docs cannot drift)."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor import config as cfg
from monitor.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_is_in_the_readme(name):
    assert f"monitor {name}" in README


MODELS = [cfg.Topic, cfg.Metric, cfg.Proposition, cfg.Lineage, cfg.FolderSource, cfg.FeedSource, cfg.Notify,
          cfg.Report, cfg.NLP, cfg.MonitorConfig]


@pytest.mark.parametrize(("model", "key"), [(m, k) for m in MODELS for k in m.model_fields])
def test_every_config_key_is_in_the_readme(model, key):
    assert f"{key}:" in README or f"`{key}`" in README, f"{model.__name__}.{key} is not documented"
