"""`monitor check-config` on files a user could write: each mistake is named by its key path, with the fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import cli

ROOT = Path(__file__).resolve().parents[1]

TOPIC = """\
topics:
  - name: floods
    match: [flood]
    metrics:
      - key: deaths
        counts: [people, deaths]
"""


def check(tmp_path: Path, text: str) -> tuple[int, str]:
    path = tmp_path / "monitor.yaml"
    path.write_text(text, encoding="utf-8")
    res = CliRunner().invoke(cli, ["check-config", "--config", str(path)])
    assert "Traceback" not in res.output
    return res.exit_code, res.output


def problems(tmp_path: Path, text: str) -> list[str]:
    code, out = check(tmp_path, text)
    assert code == 1, out
    head, *rest = out.splitlines()
    assert head.startswith("Error: invalid config ") and head.endswith("monitor.yaml:"), out
    assert rest and all(line.startswith("  ") for line in rest), out
    return [line.strip() for line in rest]


@pytest.mark.parametrize("text", ["", "\n\n", "# nothing here yet\n", "---\n", "{}\n"])
def test_an_empty_config_is_an_error_that_says_what_to_add(tmp_path, text):
    [problem] = problems(tmp_path, text)
    assert problem.startswith("(top level): the config is empty")
    assert "topics:" in problem and "sources:" in problem


def test_a_config_without_topics_has_nothing_to_track(tmp_path):
    [problem] = problems(tmp_path, "sources:\n  - type: folder\n    path: inbox/\n")
    assert problem.startswith("topics: no topic, so nothing to track")
    assert "add at least one topic" in problem
    assert problems(tmp_path, "topics: []\n")[0].startswith("topics: no topic")


def test_a_config_with_topics_and_no_source_is_valid_but_run_would_watch_nothing(tmp_path):
    code, out = check(tmp_path, TOPIC)
    assert code == 0 and out.startswith("ok: ")
    assert "no sources" in out and "`monitor run` would watch nothing" in out


def test_a_speaker_in_two_lineages_names_both_places(tmp_path):
    text = TOPIC + """\
lineages:
  - name: US government
    speakers: [White House, Pentagon]
  - name: Defence
    speakers: [Ministry of Defence, pentagon]
"""
    assert problems(tmp_path, text) == [
        "lineages[1].speakers[1]: speaker \"pentagon\" is already in lineages[0].speakers[1] (\"Pentagon\", "
        "lineage 'US government'); a speaker belongs to one lineage: remove it from one of them"
    ]


def test_a_mistyped_source_type_names_the_key_and_the_choices(tmp_path):
    [problem] = problems(tmp_path, TOPIC + "sources:\n  - type: foldr\n    path: inbox/\n    recursive: true\n")
    assert problem == "sources[0].type: expected one of 'folder' or 'feed', got \"foldr\"; did you mean 'folder'?"
    [problem] = problems(tmp_path, TOPIC + "sources:\n  - type: 3\n    path: inbox/\n")
    assert problem == "sources[0].type: expected one of 'folder' or 'feed', got 3"


def test_the_same_metric_key_in_two_topics_names_both_places(tmp_path):
    text = TOPIC + """\
  - name: storms
    match: [storm]
    metrics:
      - key: injured
        counts: [people]
      - key: deaths
        counts: [people, deaths]
"""
    assert problems(tmp_path, text) == [
        "topics[1].metrics[1].key: metric key \"deaths\" is also topics[0].metrics[0].key (topic 'floods'); "
        "the store keeps one consensus per key, so the two would merge their votes: give one of them another key"
    ]


def test_a_proposition_key_used_twice_or_as_a_metric_key_names_both_places(tmp_path):
    text = TOPIC + """\
    propositions:
      - key: deaths
        subjects: [the dam]
        predicates: [burst]
"""
    [problem] = problems(tmp_path, text)
    assert problem.startswith("topics[0].propositions[0].key: proposition key \"deaths\" is also topics[0].metrics[0].key")


def test_duplicate_topic_names_name_both_places(tmp_path):
    [problem] = problems(tmp_path, TOPIC + "  - name: floods\n    match: [flooding]\n")
    assert problem.startswith("topics[1].name: topic name \"floods\" is also topics[0].name")


def test_a_key_with_a_line_break_stays_on_its_line(tmp_path):
    [problem] = problems(tmp_path, TOPIC + '"bo\\ngus": 1\n')
    assert problem.startswith('"bo\\ngus": unknown key')


def test_an_impossible_date_in_yaml_is_a_yaml_error_not_a_traceback(tmp_path):
    [problem] = problems(tmp_path, TOPIC + "        description: 2026-13-45\n")
    assert problem.startswith("(yaml) line 7, column 22: \"2026-13-45\" is not a valid date (month must be in 1..12)")
    assert "quote it" in problem


@pytest.mark.parametrize(
    "path",
    [ROOT / "config" / "monitor.yaml", ROOT / "config" / "examples" / "north-korean-troops.yaml",
     *sorted((ROOT / "tests" / "data" / "gold").glob("*/config.yaml"))],
    ids=lambda p: p.parent.name + "/" + p.name,
)
def test_shipped_configs_pass(path):
    res = CliRunner().invoke(cli, ["check-config", "--config", str(path)])
    assert res.exit_code == 0, res.output
    assert res.output.startswith(f"ok: {path}: ")


@pytest.mark.parametrize(
    ("extra", "start"),
    [
        ("        unit: !!int\n", '(yaml) line 7, column 15: "" is not a valid int'),
        ("        unit: !!float abc\n", '(yaml) line 7, column 15: "abc" is not a valid float'),
        ("# a note\x1f\n", "(yaml) line 7, column 9: unacceptable character '\\x1f'"),
        ('"\\u2028": 1\n', '"\\u2028": unknown key'),
    ],
)
def test_what_the_text_fuzz_found_is_one_line_each(tmp_path, extra, start):
    [problem] = problems(tmp_path, TOPIC + extra)
    assert problem.startswith(start), problem
