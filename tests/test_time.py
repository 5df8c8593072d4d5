"""Publication time of articles and the consensus that knows time (issue 15)."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime

from monitor.consensus import Interval, Vote, day, in_force
from monitor.documents import read_document, text_date
from monitor.sources.feed import oldest_first

NEAR = datetime(2021, 5, 20, tzinfo=UTC)


def test_datelines_and_date_headers_give_the_publication_day():
    cases = {
        "Ferry strike ends\n\nORSK, Kelmar, May 18 (Tidewire) - The strike ended on Tuesday.": "2021-05-18",
        "May 17 — Harbour pilots said the walkout was over.": "2021-05-17",
        "Published: 2021-05-12\nThe ferries resumed.": "2021-05-12",
        "Date: May 3, 2020\nThe ferries resumed.": "2020-05-03",
        "11 May 2021 — The port reopened.": "2021-05-11",
        "Dec. 30 - Late in the year the port closed.": "2020-12-30",  # not months after the file
    }
    for text, want in cases.items():
        got = text_date(text, NEAR)
        assert got is not None and got.date().isoformat() == want, text


def test_a_date_inside_the_story_is_no_dateline():
    assert text_date("The port said on May 12 - a Wednesday - that it would reopen.", NEAR) is None
    assert text_date("Ferries resumed on Tuesday after a week.", NEAR) is None


def test_a_file_without_a_dateline_is_published_at_its_mtime(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Ferries resumed on Tuesday after a strike of nine days, the operator said.", encoding="utf-8")
    noon = datetime(2022, 3, 4, 12, tzinfo=UTC).timestamp()
    os.utime(path, (noon, noon))
    assert read_document(path).published == datetime(2022, 3, 4, 12, tzinfo=UTC)
    assert read_document(path).undated  # only the file's time: a copy or a checkout resets it
    path.write_text("ORSK, Feb 27 - Ferries resumed after a strike, the operator said.", encoding="utf-8")
    os.utime(path, (noon, noon))
    assert read_document(path).published.date().isoformat() == "2022-02-27"
    assert not read_document(path).undated


def test_feed_entries_are_taken_oldest_first():
    def entry(name, y=None):
        return {"id": name, "published_parsed": time.struct_time((y, 1, 1, 0, 0, 0, 0, 1, 0)) if y else None}

    got = [e["id"] for e in oldest_first([entry("c", 2023), entry("x"), entry("a", 2021), entry("b", 2022)])]
    assert got == ["a", "b", "c", "x"]


def vote(lineage, value, when):
    return Vote(lineage=lineage, interval=Interval(low=value * 0.95, high=value * 1.05), value=value, time=when)


def test_level_votes_go_stale_and_later_votes_do_not_judge_an_earlier_figure():
    votes = [vote("port", 100, "2021-05-01"), vote("union", 300, "2021-05-09T12:00:00+00:00"), vote("city", 200, None)]
    week = 7 * 86400
    assert [v.lineage for v in in_force(votes, "2021-05-10", "level", week)] == ["union", "city"]
    assert [v.lineage for v in in_force(votes, "2021-05-10", "cumulative", week)] == ["port", "union", "city"]
    assert [v.lineage for v in in_force(votes, "2021-05-05", "level", week)] == ["port", "city"]
    assert len(in_force(votes, None, "level", week)) == 3
    assert day("2021-05-09T23:59:00+00:00") == day("2021-05-09") and day("soon") is None
