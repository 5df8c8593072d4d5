"""`monitor extract` shows each claim's frame: in full with --json, as the notes of how it was read with --explain."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from monitor.cli import cli

# An invented story: a storm on a fictional coast, with three states of one noun, a town and a forecast.
ARTICLE = """VARNA, March 4, 2026 (Coastwire) - At least 41 people were killed and 120 people were injured when the storm struck the coast, the civil protection agency said on Tuesday.
In the town of Orlo, 12 people died, the mayor said.
Officials warned the toll could reach 60 people.
"""

CONFIG = """
topics:
  - name: varna-storm
    match: [Varna, storm]
    metrics:
      - {key: storm_deaths, counts: [people], state: killed, kind: cumulative}
      - {key: storm_injured, counts: [people], state: injured, kind: cumulative}
      - {key: deaths_orlo, counts: [people], state: killed, where: [Orlo], kind: cumulative}
      - {key: deaths_forecast, counts: [people], state: killed, kind: forecast}
"""


@pytest.fixture()
def story(tmp_path):
    article = tmp_path / "storm.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    config = tmp_path / "storm.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    return str(article), str(config)


def _figures(output: str) -> dict[str, dict]:
    rows = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    return {r["text"]: r for r in rows if r.get("kind") == "quantity"}


def test_json_prints_each_claims_frame(story):
    article, config = story
    res = CliRunner().invoke(cli, ["extract", article, "--json", "--config", config])
    assert res.exit_code == 0, res.output
    figures = _figures(res.output)
    killed, injured, orlo, forecast = figures["At least 41"], figures["120"], figures["12"], figures["60"]
    assert killed["frame"]["states"] == ["killed"] and killed["metric"] == "storm_deaths"
    assert injured["frame"]["states"] == ["injured"] and injured["metric"] == "storm_injured"
    assert injured["frame"]["time"] == "2026-03-03"  # "on Tuesday", before the Wednesday dateline
    assert killed["frame"]["published"] == "2026-03-04"
    assert orlo["frame"]["places"] == ["Orlo"] and orlo["metric"] == "deaths_orlo"
    assert forecast["frame"]["modality"] == "forecast" and forecast["metric"] == "deaths_forecast"
    for r in figures.values():
        assert {"states", "places", "scene", "time", "published", "modality", "aggregation", "mixed", "restated",
                "correction", "retracted", "notes"} <= set(r["frame"])
        assert "explain" not in r


def test_explain_prints_the_frame_notes_before_the_link_reasons(story):
    article, config = story
    res = CliRunner().invoke(cli, ["extract", article, "--json", "--explain", "--config", config])
    assert res.exit_code == 0, res.output
    figures = _figures(res.output)
    for r in figures.values():
        frame_lines = [line for line in r["explain"] if line.startswith("frame: ")]
        assert frame_lines == r["explain"][: len(frame_lines)], "the frame comes first"
        assert [f"frame: {note}" for note in r["frame"]["notes"]] == frame_lines[: len(r["frame"]["notes"])]
        assert r["explain"][-1] == f"linked to {r['metric']}"
    assert "frame: places Orlo" in figures["12"]["explain"]
    assert "frame: time 2026-03-03 from 'on Tuesday'" in figures["120"]["explain"]
    assert any(line.startswith("frame: modality forecast") for line in figures["60"]["explain"])
    # A figure stating no day of its own is judged at its article's publication, and says so.
    assert "frame: no date of its own; published 2026-03-04" in figures["At least 41"]["explain"]
    assert "storm_injured: the figure counts the killed, the metric the injured" in figures["At least 41"]["explain"]


def test_explain_table_shows_the_frame_notes(story):
    article, config = story
    res = CliRunner().invoke(cli, ["extract", article, "--explain", "--config", config])
    assert res.exit_code == 0, res.output
    assert "frame: state injured from 'injured'" in res.output
    assert "frame: places Orlo" in res.output
    assert "linked to deaths_orlo" in res.output
