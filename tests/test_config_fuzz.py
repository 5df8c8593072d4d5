"""Fuzzing the YAML text of real configs through `monitor check-config`: ok, or one clean error block; never a traceback.

tests/test_config.py fuzzes already-parsed values; here the text itself is mangled the way
an editor or a careless copy does: lines deleted, duplicated, swapped or re-indented, tabs,
unicode, YAML punctuation and odd scalars, truncation.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.cli import cli

ROOT = Path(__file__).resolve().parents[1]
BASES = [
    (ROOT / "config" / "monitor.yaml").read_text(encoding="utf-8"),
    (ROOT / "config" / "examples" / "north-korean-troops.yaml").read_text(encoding="utf-8"),
]
# Things that change what YAML reads: punctuation, tags, anchors, scalars of other types.
TOKENS = [
    "\t", ":", ": ", "- ", "-", "[", "]", "{", "}", ",", "'", '"', "#", "&a ", "*a", "!!str ", "!!int ", "!!binary ",
    "!!python/object:os.system ", "? ", "|", ">", "%YAML 1.1", "---", "...", "~", "null", "yes", "no", "on",
    "2026-13-45", "2026-02-30", "0000-01-01", "12:30:00", "0x1F", "0o17", "1e999", ".inf", ".nan", "-1",
    "99999999999999999999", "0.5", "5%", "10MB", "5m", "auto", "folder", "feed", "type: foldr", "key: x",
    '"x\\ny"', '"\\u2028"', '"\\x85"', "'it''s'", "\u00e9", "\u202e", "\u200b", "\U0001f30a", "\x00", "\x85", "\ufeff", "\r", "\r\n",
]


@st.composite
def mangled(draw) -> str:
    lines = draw(st.sampled_from(BASES)).splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "dedent", "tab", "token", "text", "value", "key", "truncate"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent":
            lines[i] = " " * draw(st.integers(1, 6)) + lines[i]
        elif op == "dedent":
            lines[i] = lines[i].lstrip(" ")
        elif op == "tab":
            lines[i] = "\t" + lines[i].lstrip(" ")
        elif op in ("value", "key") and ": " in lines[i]:
            # The value (or the key) of a `key: value` line becomes a token or short text.
            piece = draw(st.sampled_from(TOKENS) | st.text(max_size=6))
            key, _, value = lines[i].partition(": ")
            if op == "value":
                lines[i] = f"{key}: {piece}\n"
            else:
                lines[i] = key[: len(key) - len(key.lstrip(" -"))] + piece + ": " + value
        elif op in ("token", "text"):
            piece = draw(st.sampled_from(TOKENS)) if op == "token" else draw(st.text(max_size=6))
            at = draw(st.integers(0, len(lines[i])))
            cut = draw(st.integers(0, 3))
            lines[i] = lines[i][:at] + piece + lines[i][at + cut:]
        else:
            text = "".join(lines)
            lines = [text[: draw(st.integers(0, len(text)))]]
    return "".join(lines)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=mangled())
def test_mangled_config_text_is_ok_or_one_clean_error(tmp_path_factory, text):
    path = tmp_path_factory.getbasetemp() / "fuzzed.yaml"
    # Lone surrogates cannot be UTF-8: write them as the bytes an editor might, to be refused as undecodable.
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    res = CliRunner().invoke(cli, ["check-config", "--config", str(path)])
    assert "Traceback" not in res.output
    if res.exit_code == 0:
        assert res.stdout.startswith(f"ok: {path}: ")
        return
    assert res.exit_code == 1, (res.exit_code, res.output, res.exception)
    assert isinstance(res.exception, SystemExit), repr(res.exception)
    assert res.stdout == ""
    # One block: the heading, then one indented line per problem (splitlines also splits on U+2028, U+0085).
    head, *rest = res.stderr.splitlines()
    assert head.startswith("Error: invalid config") and head.endswith(":"), res.stderr
    assert rest, res.stderr
    for line in rest:
        assert line.startswith("  ") and not line.startswith("   "), (line, res.stderr)
        key, sep, _ = line.strip().partition(": ")
        assert sep and key, line
