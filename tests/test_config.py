"""Config validation: every error names the key path, the bad value and what was expected."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.config import ConfigError, load_config, parse_duration, parse_size, validate_config

BASE = {"topics": [{"name": "t", "match": ["x"], "metrics": [{"key": "a", "counts": ["troops"]}]}]}


def _problems(data) -> list[str]:
    with pytest.raises(ConfigError) as exc:
        validate_config(data)
    return exc.value.problems


def test_tolerance_error_names_path_value_and_fix():
    data = {"topics": [{"name": "t", "match": "x", "metrics": [{"key": "a", "counts": "t"}, {"key": "b", "counts": "t", "tolerance": "5%"}]}]}
    assert _problems(data) == ['topics[0].metrics[1].tolerance: expected a number between 0 and 1, got "5%"']


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"topics": [{"name": "t", "match": "x", "metrics": [{"key": "a", "counts": "t", "kidn": "level"}]}]},
         "topics[0].metrics[0].kidn: unknown key; did you mean 'kind'? (remove it or fix its spelling)"),
        ({"topics": [{"name": "t", "match": "x", "metrics": [{"key": "a", "counts": "t", "kind": "total"}]}]},
         "topics[0].metrics[0].kind: expected one of 'level', 'estimate', 'cumulative', 'forecast', 'increment' or 'rate', got \"total\""),
        ({"sources": [{"type": "feed", "url": "ftp://example.org/rss"}]},
         'sources[0].url: expected an http:// or https:// URL, got "ftp://example.org/rss"'),
        ({"sources": [{"type": "folder"}]}, "sources[0].path: required key is missing; add a folder path"),
        ({"sources": [{"type": "feed", "url": "https://e.org/", "every": "soon"}]},
         'sources[0].every: expected a duration such as "5m", got "soon"'),
        ({"topics": [{"name": "t", "match": "x", "metrics": [{"key": "a"}]}]},
         "topics[0].metrics[0]: metric 'a' says neither what it counts nor its state: add counts: [people] or state: killed (or both)"),
        ([1, 2], "(top level): expected a mapping of keys to values, got [1, 2]"),
    ],
)
def test_error_messages(data, message):
    assert message in _problems(data)


def test_every_problem_is_reported_at_once():
    data = {"topics": [{"name": "t", "match": "x", "metrics": [{"key": "a", "counts": "t", "tolerance": 2}]}],
            "sources": [{"type": "folder", "path": "in", "debounce": -1}]}
    problems = _problems(data)
    assert len(problems) == 2
    assert problems[0].startswith("topics[0].metrics[0].tolerance: expected a number between 0 and 1, got 2")


def test_yaml_syntax_error_has_line(tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text("topics:\n  - name: t\n   match: [x\n")
    with pytest.raises(ConfigError) as exc:
        load_config(p)
    assert "line" in str(exc.value) and "indentation" in str(exc.value)


def test_missing_file_says_how_to_fix(tmp_path):
    with pytest.raises(ConfigError, match="does not exist; pass --config"):
        load_config(tmp_path / "nope.yaml")


def test_shipped_configs_are_valid(nk_config, default_config):
    assert {m.key for m in nk_config.topics[0].metrics} >= {
        "nk_troops_for_russia", "nk_troops_in_kursk", "nk_officers", "nk_generals", "nk_active_troops", "nk_weapons_containers"}
    assert default_config.sources[0].type == "folder"


def test_year_in_a_word_list_is_read_as_text():
    cfg = validate_config({"topics": [{"name": "t", "match": ["x"], "metrics": [{"key": "a", "counts": ["t"], "not_near": [2019]}]}]})
    assert cfg.topics[0].metrics[0].not_near == ["2019"]


@pytest.mark.parametrize(("text", "seconds"), [("30s", 30), ("5m", 300), ("2h", 7200), ("1d", 86400), (45, 45), ("250ms", 0.25)])
def test_durations(text, seconds):
    assert parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize(("text", "size"), [("10MB", 10_000_000), ("512KiB", 524_288), (1024, 1024)])
def test_sizes(text, size):
    assert parse_size(text) == size


_yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(["topics", "sources", "lineages", "notify", "nlp", "report", "bogus"]), _yaml_values, max_size=4))
def test_malformed_configs_give_clear_errors_never_tracebacks(data):
    try:
        validate_config(yaml.safe_load(yaml.safe_dump(data)))
    except ConfigError as exc:
        for p in exc.problems:
            assert ": " in p, p


def _string_pattern(prop: dict) -> str:
    return next(a["pattern"] for a in prop["anyOf"] if a.get("type") == "string")


def _accepts(parse, text: str) -> bool:
    try:
        parse(text)
    except ValueError:
        return False
    return True


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789. smhdSMHDkKbBgGiIx", min_size=1, max_size=7))
def test_the_schema_lets_editors_accept_what_the_parser_accepts(text):
    """`every: 5m`, `max_bytes: 10MB`: the JSON Schema's string patterns agree with the parsers."""
    import re

    from monitor.config import json_schema

    props = json_schema()["$defs"]
    for prop, parse in ((props["FeedSource"]["properties"]["every"], parse_duration),
                        (props["FolderSource"]["properties"]["max_bytes"], parse_size)):
        if re.fullmatch(r"\s*0*(\.0*)?\s*\D*", text):
            continue  # zero: the pattern cannot say "positive"; the parser refuses it
        assert bool(re.search(_string_pattern(prop), text)) == _accepts(parse, text), (text, prop)


def test_the_schema_offers_auto_processes():
    from monitor.config import json_schema

    prop = json_schema()["$defs"]["NLP"]["properties"]["processes"]
    assert {"const": "auto"} in prop["anyOf"]
    assert prop["default"] == "auto"
