"""`monitor alerts` (and the other readers) on a real state folder made by `monitor ingest` of the demo.

--since compares times, not strings; piped output is one alert per line; unknown names are errors.
"""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta, timezone
from datetime import time as dtime
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import cli

ROOT = Path(__file__).resolve().parents[1]
DEMO = sorted((ROOT / "monitor" / "data" / "demo").glob("*.txt"))
DEFAULT = str(ROOT / "config" / "monitor.yaml")


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    """(state folder, ingest result): the demo articles, copied under a long folder name, ingested once."""
    base = tmp_path_factory.mktemp("alerts")
    # A long article path makes the longest alert line far wider than the 200 columns piped output had.
    articles = base / "articles-of-the-ravna-river-flood-story-as-filed-by-the-wire-services-over-one-week"
    articles.mkdir()
    paths = []
    for p in DEMO:
        shutil.copyfile(p, articles / p.name)
        paths.append(str(articles / p.name))
    state = base / "state"
    res = CliRunner().invoke(cli, ["ingest", *paths, "--config", DEFAULT, "--state", str(state)])
    assert res.exit_code == 0, res.output
    return state, res


@pytest.fixture(scope="module")
def state(ingested):
    return str(ingested[0])


@pytest.fixture(scope="module")
def all_alerts(state):
    res = CliRunner().invoke(cli, ["alerts", "--json", "--state", state])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert len(rows) == 5
    return rows


@pytest.fixture()
def india_time():
    """Local time UTC+05:30 (a POSIX TZ string: no tz database needed), so "local" differs from UTC."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "IST-5:30"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


def _when(alert: dict) -> datetime:
    return datetime.fromisoformat(alert["time"])


def _since(state: str, value: str) -> tuple[int, list[str]]:
    res = CliRunner().invoke(cli, ["alerts", "--json", "--state", state, "--since", value])
    return res.exit_code, [json.loads(line)["id"] for line in res.stdout.splitlines()]


def _ids_at_or_after(alerts: list[dict], t: datetime) -> list[str]:
    return [a["id"] for a in alerts if _when(a) >= t]


# --- defect 2: --since ----------------------------------------------------------


def test_since_with_an_offset_compares_times(state, all_alerts):
    third = _when(all_alerts[2])
    assert _when(all_alerts[0]) < third  # the cut falls inside the stream
    want = _ids_at_or_after(all_alerts, third)
    assert 0 < len(want) < len(all_alerts)
    for tz in (timezone(timedelta(hours=1)), timezone(timedelta(hours=-7)), UTC):
        assert _since(state, third.astimezone(tz).isoformat()) == (0, want), tz
    assert _since(state, third.astimezone(UTC).isoformat().replace("+00:00", "Z")) == (0, want)


def test_since_without_an_offset_is_local_time(state, all_alerts, india_time):
    third = _when(all_alerts[2])
    want = _ids_at_or_after(all_alerts, third)
    local = third.astimezone().replace(tzinfo=None)
    assert local.utcoffset() is None and local != third.replace(tzinfo=None)
    assert _since(state, local.isoformat(sep=" ")) == (0, want)
    assert _since(state, local.isoformat()) == (0, want)


def test_since_a_date_is_local_midnight(state, all_alerts, india_time):
    today = date.today()
    midnight = datetime.combine(today, dtime(0)).astimezone()
    assert _since(state, today.isoformat()) == (0, _ids_at_or_after(all_alerts, midnight))
    assert _since(state, (today + timedelta(days=1)).isoformat()) == (0, [])
    assert _since(state, (today - timedelta(days=1)).isoformat()) == (0, [a["id"] for a in all_alerts])


@pytest.mark.parametrize(("value", "back"), [("2h", timedelta(hours=2)), ("30m", timedelta(minutes=30)),
                                             ("3d", timedelta(days=3)), ("90s", timedelta(seconds=90)),
                                             ("2h ago", timedelta(hours=2))])
def test_since_an_age(state, all_alerts, value, back):
    cut = datetime.now(UTC) - back
    code, ids = _since(state, value)
    assert code == 0
    assert ids == _ids_at_or_after(all_alerts, cut)


def test_since_today_and_yesterday(state, all_alerts):
    today = date.today()
    for word, day in (("today", today), ("yesterday", today - timedelta(days=1))):
        cut = datetime.combine(day, dtime(0)).astimezone()
        code, ids = _since(state, word)
        assert code == 0 and ids == _ids_at_or_after(all_alerts, cut), word
    assert _since(state, "yesterday")[1] == [a["id"] for a in all_alerts]


@pytest.mark.parametrize("value", ["2026-13-45", "soon", "12", "", "2026-12-05 25:00", "3 fortnights"])
def test_since_rejects_what_is_not_a_time(state, value):
    res = CliRunner().invoke(cli, ["alerts", "--state", state, "--since", value])
    assert res.exit_code != 0
    assert res.stdout == ""
    assert "--since" in res.stderr and repr(value) in res.stderr
    assert "2h" in res.stderr and "yesterday" in res.stderr  # says what a time looks like
    assert "Traceback" not in res.output


def test_since_parser_with_a_fixed_clock(india_time):
    from monitor.queries import parse_since

    now = datetime(2026, 12, 5, 11, 54, 30, tzinfo=UTC)
    ist = timezone(timedelta(hours=5, minutes=30))
    assert parse_since("2h", now) == now - timedelta(hours=2)
    assert parse_since("1.5h", now) == now - timedelta(minutes=90)
    assert parse_since("1w", now) == now - timedelta(days=7)
    assert parse_since("today", now) == datetime(2026, 12, 5, tzinfo=ist)
    assert parse_since("Yesterday", now) == datetime(2026, 12, 4, tzinfo=ist)
    assert parse_since("2026-12-05", now) == datetime(2026, 12, 5, tzinfo=ist)
    assert parse_since("2026-12-05 11:54:30", now) == datetime(2026, 12, 5, 11, 54, 30, tzinfo=ist)
    assert parse_since("2026-12-05T11:54:30+01:00", now) == datetime(2026, 12, 5, 10, 54, 30, tzinfo=UTC)
    for bad in ("2026-13-45", "tomorrowish", "-2h", "0x10"):
        with pytest.raises(ValueError):
            parse_since(bad, now)


# --- defect 8: piped output is one alert per line ------------------------------------


def test_piped_alerts_are_one_per_line(state, all_alerts):
    res = CliRunner().invoke(cli, ["alerts", "--state", state])
    assert res.exit_code == 0
    out = res.stdout.splitlines()
    assert max(map(len, out)) > 200
    assert len(out) == len(all_alerts)
    for line, alert in zip(out, all_alerts, strict=True):
        assert alert["message"] in line and alert["claim"]["article"] in line
        assert line.startswith(_when(alert).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    # grep finds each contradiction with its article on the same line.
    contradictions = [line for line in out if "CONTRADICTION" in line]
    assert [line.rsplit("/", 1)[-1] for line in contradictions] == [
        "05-minister-disputes-displaced.txt)", "06-governor-lower-toll.txt)"]


def test_ingest_prints_one_alert_per_line(ingested, all_alerts):
    _, res = ingested
    out = res.stdout.splitlines()
    assert len(out) == len(all_alerts)
    for line, alert in zip(out, all_alerts, strict=True):
        assert alert["message"] in line and line.endswith(f"({alert['claim']['article']})")


def test_a_terminal_gets_the_coloured_look(state):
    main, other = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")}
    env.update(TERM="xterm-256color", COLUMNS="120")
    proc = subprocess.Popen([sys.executable, "-m", "monitor", "alerts", "--state", state],
                            stdout=other, stderr=other, stdin=subprocess.DEVNULL, env=env, cwd=ROOT)
    os.close(other)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO once the child has closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    assert proc.wait(60) == 0
    out = b"".join(chunks).decode()
    assert "\x1b[" in out and "CONTRADICTION" in out
    # Rich wraps at the terminal's width: the long lines continue on the next one.
    assert len([line for line in out.splitlines() if line.strip()]) > 5


# --- defect 9: unknown names ------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["alerts", "--topic", "ravna-flood"], ["unknown topic 'ravna-flood'", "ravna-floods", "did you mean"]),
        (["alerts", "--metric", "nope"], ["unknown metric or proposition 'nope'",
                                          "displaced_people, flood_deaths, rescue_workers"]),
        (["alerts", "--metric", "flood_death"], ["did you mean 'flood_deaths'?"]),
        (["alerts", "--follow", "--metric", "nope"], ["unknown metric or proposition 'nope'"]),
        (["consensus", "nope"], ["unknown topic 'nope'", "ravna-floods"]),
        (["claims", "--metric", "nope"], ["unknown metric 'nope'", "displaced_people, flood_deaths, rescue_workers"]),
        (["claims", "--topic", "nope"], ["unknown topic 'nope'", "ravna-floods"]),
        (["report", "--topic", "nope"], ["unknown topic 'nope'", "ravna-floods"]),
    ],
)
@pytest.mark.timeout(60)  # --follow on a name that is never stored would otherwise wait forever
def test_unknown_names_are_errors(state, tmp_path, args, says):
    extra = ["--out", str(tmp_path / "r.html")] if args[0] == "report" else []
    res = CliRunner().invoke(cli, [*args, "--state", state, *extra])
    assert res.exit_code != 0
    assert res.stdout == ""
    for s in says:
        assert s in res.stderr, (s, res.stderr)
    assert "Traceback" not in res.output
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["alerts", "--metric", "rescue_workers"],
        ["alerts", "--topic", "ravna-floods", "--metric", "rescue_workers"],
        ["alerts", "--topic", "ravna-floods", "--since", "1d"],
    ],
)
def test_known_names_with_nothing_to_show_are_not_errors(state, all_alerts, args):
    assert "rescue_workers" not in {a["metric"] for a in all_alerts}
    res = CliRunner().invoke(cli, [*args, "--state", state])
    assert res.exit_code == 0, res.output
    if "rescue_workers" in args:
        assert res.stdout == ""


def test_known_names_still_list(state):
    runner = CliRunner()
    cons = runner.invoke(cli, ["consensus", "ravna-floods", "--json", "--state", state])
    assert cons.exit_code == 0 and {json.loads(x)["metric"] for x in cons.stdout.splitlines()} == {
        "flood_deaths", "displaced_people", "rescue_workers"}
    claims = runner.invoke(cli, ["claims", "--metric", "rescue_workers", "--json", "--state", state])
    assert claims.exit_code == 0 and claims.stdout
