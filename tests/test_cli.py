"""The command line, in-process with click's runner: the contract score.py relies on, and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import cli

ROOT = Path(__file__).resolve().parents[1]
DEMO = sorted((ROOT / "monitor" / "data" / "demo").glob("*.txt"))
DEFAULT = str(ROOT / "config" / "monitor.yaml")


@pytest.fixture()
def runner():
    return CliRunner()


def lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_extract_json_has_the_contract_fields(runner):
    res = runner.invoke(cli, ["extract", str(DEMO[0]), "--json", "--config", DEFAULT])
    assert res.exit_code == 0, res.output
    rows = lines(res.output)
    assert rows
    want = {"article", "start", "end", "text", "sentence", "low", "high", "qualifier", "counted", "speaker",
            "speaker_key", "hedged", "kind", "metric", "topic"}
    text = DEMO[0].read_text(encoding="utf-8")
    for r in rows:
        assert want <= set(r)
        assert text[r["start"] : r["end"]] == r["text"]
    assert any(r["metric"] == "flood_deaths" for r in rows)


def test_extract_explain_says_why(runner):
    res = runner.invoke(cli, ["extract", str(DEMO[0]), "--json", "--explain", "--config", DEFAULT])
    rows = lines(res.output)
    assert all(r["explain"] for r in rows)
    assert any("linked to flood_deaths" in r["explain"][-1] for r in rows)
    assert any(r["explain"] == [f"not a figure claim: {r['kind']}"] for r in rows if r["kind"] != "quantity")


def test_extract_table(runner):
    res = runner.invoke(cli, ["extract", str(DEMO[0]), "--config", DEFAULT])
    assert res.exit_code == 0 and "flood_deaths" in res.output


def test_ingest_then_alerts_consensus_claims(runner, tmp_path):
    state = str(tmp_path / "state")
    res = runner.invoke(cli, ["ingest", *map(str, DEMO), "--config", DEFAULT, "--state", state])
    assert res.exit_code == 0, res.output
    assert "9 file(s): 8 parsed, 1 syndicated" in res.output
    alerts = lines(runner.invoke(cli, ["alerts", "--json", "--state", state]).output)
    # The demo's story: three rises of the toll (the spokesman restating his service's figure is not one,
    # nor is an official's "could pass 100"), the minister's low displaced figure, the governor's low toll.
    assert [(a["kind"], a["metric"]) for a in alerts] == [
        ("update", "flood_deaths"),
        ("update", "flood_deaths"),
        ("contradiction", "displaced_people"),
        ("contradiction", "flood_deaths"),
        ("update", "flood_deaths"),
    ]
    contradictions = [a for a in alerts if a["kind"] == "contradiction"]
    assert [(a["metric"], Path(a["claim"]["article"]).name) for a in contradictions] == [
        ("displaced_people", "05-minister-disputes-displaced.txt"),
        ("flood_deaths", "06-governor-lower-toll.txt"),
    ]
    assert lines(runner.invoke(cli, ["alerts", "--json", "--state", state, "--metric", "flood_deaths"]).output)
    unknown = runner.invoke(cli, ["alerts", "--json", "--state", state, "--topic", "nope"])
    assert unknown.exit_code == 1 and not lines(unknown.output) and "unknown topic 'nope'" in unknown.output
    cons = lines(runner.invoke(cli, ["consensus", "--json", "--state", state]).output)
    assert {c["metric"] for c in cons} == {"flood_deaths", "displaced_people", "rescue_workers"}
    claims = lines(runner.invoke(cli, ["claims", "--metric", "displaced_people", "--json", "--state", state]).output)
    assert any(c["text"] == "about 8,000" for c in claims)
    # Idempotent: the same files again change nothing.
    again = runner.invoke(cli, ["ingest", *map(str, DEMO), "--config", DEFAULT, "--state", state])
    assert "9 already seen" in again.output
    assert len(lines(runner.invoke(cli, ["alerts", "--json", "--state", state]).output)) == len(alerts)


def test_check_config_reports_path_value_and_fix(runner, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("topics:\n  - name: t\n    match: [x]\n    metrics:\n      - {key: a, counts: [t], tolerance: 5%}\n")
    res = runner.invoke(cli, ["check-config", "--config", str(bad)])
    assert res.exit_code == 1
    assert 'topics[0].metrics[0].tolerance: expected a number between 0 and 1, got "5%"' in res.output


def test_check_config_ok_and_schema(runner):
    assert "ok:" in runner.invoke(cli, ["check-config", "--config", DEFAULT]).output
    schema = json.loads(runner.invoke(cli, ["schema"]).output)
    assert "topics" in schema["properties"]


def test_readers_need_a_store(runner, tmp_path):
    res = runner.invoke(cli, ["alerts", "--state", str(tmp_path / "none")])
    assert res.exit_code == 1 and "does not exist yet" in res.output


def test_bad_files_are_skipped_with_a_reason(runner, tmp_path):
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00" * 50)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    res = runner.invoke(cli, ["ingest", str(binary), str(empty), "--config", DEFAULT, "--state", str(tmp_path / "s")])
    assert res.exit_code == 0
    assert "binary" in res.output and "empty file" in res.output and "2 rejected" in res.output


def test_every_command_has_help(runner):
    for name, cmd in cli.commands.items():
        assert cmd.help, name
        assert runner.invoke(cli, [name, "--help"]).exit_code == 0
