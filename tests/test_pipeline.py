"""The pipeline end to end on a real SQLite file: consensus, alerts, idempotence, syndication."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.config import validate_config
from monitor.documents import read_document
from monitor.extract import Extractor
from monitor.pipeline import Pipeline
from monitor.records import Document, content_hash
from monitor.sinks.jsonl import JsonlSink, read_alerts
from monitor.store import SCHEMA_VERSION, Store

ARTICLES = Path(__file__).parent / "data" / "articles"

CONFIG = {
    "topics": [
        {
            "name": "halden-fares",
            "match": ["Halden", "fare", "fares"],
            "metrics": [
                {"key": "rally_size", "counts": ["people", "protesters", "marchers", "demonstrators"],
                 "near": ["marched", "took part", "rally", "march", "protest"], "kind": "estimate", "tolerance": 0.2},
            ],
        },
        {
            "name": "aldermoor-quake",
            "match": ["Aldermoor", "earthquake", "quake"],
            "metrics": [
                {"key": "quake_deaths", "counts": ["people", "dead", "deaths", "toll"],
                 "near": ["killed", "dead", "died", "toll"], "not_near": ["more bodies", "hospital", "trapped"],
                 "kind": "cumulative", "tolerance": 0.1},
            ],
        },
        {
            "name": "varno-army",
            "match": ["Varno"],
            "metrics": [
                {"key": "troops_sent", "counts": ["soldiers", "troops"], "not_near": ["army", "active", "standing"],
                 "kind": "estimate", "tolerance": 0.25},
                {"key": "army_size", "counts": ["soldiers", "troops"], "near": ["army", "active", "standing"],
                 "kind": "level", "tolerance": 0.1},
            ],
        },
    ],
    "lineages": [{"name": "Halden police", "speakers": ["police", "Carla Nyberg"]}],
}


@pytest.fixture()
def pipe(tmp_path, nlp):
    config = validate_config(CONFIG)
    store = Store(tmp_path / "monitor.db")
    p = Pipeline(config, store, Extractor(nlp), [JsonlSink(tmp_path / "alerts.jsonl")])
    yield p
    p.close()


def doc(name: str, text: str) -> Document:
    return Document(uri=name, text=text)


def test_crowd_counts_contradict_with_evidence(pipe, tmp_path):
    out = pipe.process(read_document(ARTICLES / "crowd_count.txt"))
    assert out.status == "parsed"
    alerts = [a for a in out.alerts if a["kind"] == "contradiction"]
    assert len(alerts) == 1
    a = alerts[0]
    assert a["metric"] == "rally_size" and a["topic"] == "halden-fares"
    assert a["claim"]["text"] == "more than 100,000" and "Alliance" in a["claim"]["speaker"]
    assert a["consensus"]["supporters"] == ["Halden police"]
    assert a["consensus"]["lineages"][0]["quote"].startswith("Police said about 15,000")
    assert {"id", "time", "kind", "topic", "metric", "claim", "consensus", "severity", "message"} <= set(a)
    assert "15,000" in a["message"] and a["message"].startswith("Fair Fares Alliance")
    assert read_alerts(tmp_path / "alerts.jsonl") == list(out.alerts)


def test_a_headline_figure_is_linked_but_never_votes(pipe):
    pipe.process(doc("a.txt", "Aldermoor earthquake\n\nThe earthquake killed 212 people in Aldermoor, "
                              "the civil defence said."))
    # The headline's 900 is no one's vote: no contradiction of the civil defence's 212, and no vote stored.
    out = pipe.process(doc("b.txt", "Aldermoor quake toll could be 900\n\nRescuers in Aldermoor searched "
                                    "collapsed buildings through the night after the earthquake."))
    assert not [a for a in out.alerts if a["kind"] == "contradiction"]
    assert [v.vote.lineage for v in pipe.store.votes("quake_deaths")] == ["civil defence"]


def test_reingesting_the_same_article_changes_nothing(pipe, tmp_path):
    first = pipe.process(read_document(ARTICLES / "crowd_count.txt"))
    counts = pipe.store.counts()
    again = pipe.process(read_document(ARTICLES / "crowd_count.txt"))
    assert again.status == "duplicate" and not again.alerts
    assert pipe.store.counts() == counts
    assert len(read_alerts(tmp_path / "alerts.jsonl")) == len(first.alerts)


def test_whitespace_only_changes_are_the_same_article(pipe):
    text = (ARTICLES / "crowd_count.txt").read_text()
    pipe.process(doc("a.txt", text))
    assert pipe.process(doc("b.txt", text.replace("\n\n", "\r\n\r\n") + "\n")).status == "duplicate"


def test_the_content_hash_is_the_one_stores_already_hold():
    # Stores written by earlier versions keep their hashes: the normal form may not drift.
    text = "Caf\u00e9  crowd:\u00a0\t 1,200\r\n\r\nmarched.\u2003 "
    assert content_hash(text) == hashlib.sha256("Caf\u00e9 crowd: 1,200 marched.".encode()).hexdigest()
    assert content_hash("Cafe\u0301 crowd") == content_hash("Caf\u00e9\ncrowd")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_the_content_hash_folds_whitespace_as_a_regex_would(text):
    norm = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
    assert content_hash(text) == hashlib.sha256(norm.encode("utf-8")).hexdigest()


def test_syndicated_copy_adds_no_vote_and_no_alert(pipe):
    text = (ARTICLES / "crowd_count.txt").read_text()
    pipe.process(doc("orig.txt", text))
    paragraphs = text.split("\n\n")
    copy = "\n\n".join(["Fare protest draws crowds in Halden", *paragraphs[1:4], "Our reporter contributed to this story."])
    out = pipe.process(doc("copy.txt", copy))
    assert out.status == "syndicated" and not out.alerts
    verdicts = {r[0] for r in pipe.store.db.execute(
        "SELECT verdict FROM claims c JOIN articles a ON a.id = c.article_id WHERE a.uri = 'copy.txt' AND metric IS NOT NULL")}
    assert verdicts == {"syndicated"}


def test_one_line_summaries_sharing_a_stock_phrase_are_not_copies(pipe):
    # Both are short enough that a handful of common words would make most of their sampled shingles.
    first = pipe.process(doc("a.txt", "Varno has sent 3,000 troops to the front line near the dam, General Ilse Brandt said on Monday."))
    second = pipe.process(
        doc("b.txt", "Varno has sent 40,000 troops to the front line near the dam, the opposition leader Tom Aske claimed.")
    )
    assert (first.status, second.status) == ("parsed", "parsed")
    assert [a["kind"] for a in second.alerts] == ["contradiction"]


def test_restatement_by_the_same_speaker_is_quiet(pipe):
    pipe.process(read_document(ARTICLES / "crowd_count.txt"))
    out = pipe.process(read_document(ARTICLES / "council_budget.md"))
    assert not [a for a in out.alerts if a["kind"] == "contradiction"]


def test_a_rising_toll_updates_and_a_lower_one_contradicts(pipe):
    alerts = []
    for day in (1, 2, 3):
        alerts += pipe.process(read_document(ARTICLES / f"quake_toll_day{day}.txt")).alerts
    assert [a["kind"] for a in alerts] and all(a["kind"] == "update" for a in alerts)
    low = doc("mayor.txt", "The Aldermoor earthquake killed only 5 people, the town's mayor said on Sunday, disputing the agency.")
    out = pipe.process(low)
    assert [a["kind"] for a in out.alerts] == ["contradiction"]
    assert out.alerts[0]["direction"] == "below"


def test_a_hedged_projection_above_the_toll_is_not_an_update(pipe):
    for day in (1, 2, 3):
        pipe.process(read_document(ARTICLES / f"quake_toll_day{day}.txt"))
    out = pipe.process(doc("projection.txt", "If the missing are found dead, the Aldermoor earthquake toll could pass "
                                              "900, a rescue coordinator said."))
    assert out.alerts == ()
    verdicts = [r[0] for r in pipe.store.db.execute("SELECT verdict FROM claims WHERE metric = 'quake_deaths'")]
    assert verdicts[-1] == "update"  # judged as a rise, but not alerted


def test_metrics_that_share_a_noun_stay_apart(pipe):
    pipe.process(doc("v1.txt", "Varno has sent 5,000 soldiers to the border, the defence ministry said."))
    out = pipe.process(doc("v2.txt", "Varno maintains an active army of 90,000 soldiers, according to a yearbook."))
    assert not [a for a in out.alerts if a["kind"] == "contradiction"]
    metrics = dict(pipe.store.db.execute("SELECT text, metric FROM claims WHERE metric IS NOT NULL").fetchall())
    assert metrics == {"5,000": "troops_sent", "90,000": "army_size"}


def test_off_topic_articles_are_recorded_but_not_parsed(pipe):
    out = pipe.process(read_document(ARTICLES / "no_topic_sports.txt"))
    assert out.status == "off_topic" and out.claims == 0
    assert pipe.store.counts()["articles"] == 1 and pipe.store.counts()["claims"] == 0


def test_html_keeps_the_story_and_drops_comments(pipe):
    out = pipe.process(read_document(ARTICLES / "rally_page.html"))
    texts = {r[0] for r in pipe.store.db.execute("SELECT text FROM claims")}
    assert out.status == "parsed"
    assert "about 8,000" in texts and "more than 60,000" in texts
    assert "200,000" not in texts


def test_alerts_the_log_failed_to_take_are_written_once_at_the_next_start(tmp_path, nlp):
    config = validate_config(CONFIG)
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / "alerts.jsonl").mkdir()  # appending to a folder fails, as a full disk would
    store = Store(tmp_path / "monitor.db")
    first = Pipeline(config, store, Extractor(nlp), [JsonlSink(blocked / "alerts.jsonl")])
    out = first.process(read_document(ARTICLES / "crowd_count.txt"))
    assert out.alerts and len(store.unlogged_alerts()) == len(out.alerts)
    first.close()
    log = tmp_path / "alerts.jsonl"
    again = Pipeline(config, Store(tmp_path / "monitor.db"), Extractor(nlp), [JsonlSink(log)])
    assert [a["id"] for a in read_alerts(log)] == [a["id"] for a in out.alerts]
    assert again.store.unlogged_alerts() == []
    again.flush_unlogged()
    assert len(read_alerts(log)) == len(out.alerts)
    again.close()


def test_an_unwritable_alert_log_is_one_line_naming_it_and_its_alerts_wait(tmp_path, nlp, caplog):
    config = validate_config(CONFIG)
    log = tmp_path / "alerts.jsonl"
    pipe = Pipeline(config, Store(tmp_path / "monitor.db"), Extractor(nlp), [JsonlSink(log)])
    log.mkdir()  # appending to a folder fails, for root too
    with caplog.at_level("DEBUG", logger="monitor"):
        out = pipe.process(read_document(ARTICLES / "crowd_count.txt"))
        more = pipe.process(doc("low.txt", "HALDEN, 9 March - The transport ministry now says only 2,000 people marched against the fares on Saturday."))
    assert out.alerts and more.alerts
    errors = [r for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1, "one line per outage, not one per alert"
    assert str(log) in errors[0].getMessage() and "pending" in errors[0].getMessage()
    assert all(r.exc_info is None for r in caplog.records if r.levelno >= 30), "no traceback for an expected fault"
    assert pipe.sink_error is not None and str(log) in pipe.sink_error
    assert len(pipe.store.unlogged_alerts()) == len(out.alerts) + len(more.alerts)
    assert pipe.flush_unlogged() is False
    log.rmdir()
    assert pipe.flush_unlogged() is True and pipe.sink_error is None
    assert [a["id"] for a in read_alerts(log)] == [a["id"] for a in (*out.alerts, *more.alerts)]
    assert pipe.store.unlogged_alerts() == []
    pipe.close()


def test_a_torn_last_line_is_moved_aside_and_its_alert_appended_again(tmp_path, nlp, caplog):
    config = validate_config(CONFIG)
    log = tmp_path / "alerts.jsonl"
    first = Pipeline(config, Store(tmp_path / "monitor.db"), Extractor(nlp), [JsonlSink(log)])
    first.process(read_document(ARTICLES / "crowd_count.txt"))
    first.process(doc("low.txt", "HALDEN, 9 March - The transport ministry now says only 2,000 people marched against the fares on Saturday."))
    first.close()
    ids = [a["id"] for a in read_alerts(log)]
    assert len(ids) >= 2
    data = log.read_bytes()
    last = data.rstrip(b"\n").rsplit(b"\n", 1)[-1]
    log.write_bytes(data[: len(data) - len(last) - 1] + last[: len(last) // 2])  # killed mid-append
    conn = sqlite3.connect(tmp_path / "monitor.db")
    with conn:
        conn.execute("UPDATE alerts SET logged = 0 WHERE uid = ?", [ids[-1]])
    conn.close()
    with caplog.at_level("INFO", logger="monitor"):
        again = Pipeline(config, Store(tmp_path / "monitor.db"), Extractor(nlp), [JsonlSink(log)])
    lines = log.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ids, "every line whole, each alert once, in order"
    torn = tmp_path / "alerts.jsonl.torn"
    assert torn.read_bytes() == last[: len(last) // 2] + b"\n"
    warning = next(r.getMessage() for r in caplog.records if "torn" in r.getMessage())
    assert str(log) in warning and str(torn) in warning
    assert again.store.unlogged_alerts() == []
    again.close()
    JsonlSink(log)  # a whole log is left as it is
    assert log.read_text(encoding="utf-8").splitlines() == lines and torn.read_bytes().count(b"\n") == 1


def test_a_last_line_missing_only_its_newline_is_kept(tmp_path):
    log = tmp_path / "alerts.jsonl"
    log.write_text('{"id": "a1"}\n{"id": "a2"}')
    JsonlSink(log).emit([{"id": "a3"}])
    assert [a["id"] for a in read_alerts(log)] == ["a1", "a2", "a3"]
    assert not (tmp_path / "alerts.jsonl.torn").exists()


def test_store_is_wal_with_a_schema_version(tmp_path):
    store = Store(tmp_path / "m.db")
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.schema_version == SCHEMA_VERSION == 5
    store.close()
    reader = sqlite3.connect(tmp_path / "m.db")
    assert reader.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == "5"


def test_alert_log_is_append_only_jsonl(pipe, tmp_path):
    pipe.process(read_document(ARTICLES / "crowd_count.txt"))
    before = (tmp_path / "alerts.jsonl").read_bytes()
    pipe.process(read_document(ARTICLES / "battle_losses.txt"))
    pipe.process(doc("low.txt", "HALDEN, 9 March - The transport ministry now says only 2,000 people marched against the fares on Saturday."))
    after = (tmp_path / "alerts.jsonl").read_bytes()
    assert after.startswith(before)
    for line in after.decode().splitlines():
        json.loads(line)


def test_an_older_schema_is_migrated_in_place(tmp_path):
    from monitor import store as store_mod

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(store_mod._SCHEMA)  # the version-1 schema, as a first release wrote it
    conn.executescript(
        "CREATE TABLE shingles (hash INTEGER NOT NULL, article_id INTEGER NOT NULL);"
        "CREATE INDEX shingles_hash ON shingles(hash);"
    )
    conn.execute("INSERT INTO meta(key, value) VALUES ('schema_version', '1')")
    conn.execute("INSERT INTO articles(hash, uri, seen, status) VALUES ('h', 'a.txt', 'now', 'parsed')")
    conn.executemany("INSERT INTO shingles(hash, article_id) VALUES (?, 1)", [(h,) for h in (11, 12, 13, 14)])
    conn.commit()
    conn.close()
    store = Store(path)
    assert store.schema_version == SCHEMA_VERSION
    tables = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "shingles" not in tables and "shingle_sets" in tables
    assert store.article_by_hash("h")["uri"] == "a.txt"
    # The syndication memory survives the conversion.
    assert store.best_containment([11, 12, 13, 99]) == (1, 0.75)
    store.close()
    assert Store(path).schema_version == SCHEMA_VERSION  # reopening changes nothing


def test_a_newer_schema_is_refused(tmp_path):
    from monitor.errors import StoreError

    Store(tmp_path / "m.db").close()
    conn = sqlite3.connect(tmp_path / "m.db")
    conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="schema version 99"):
        Store(tmp_path / "m.db")


def test_the_alert_log_writes_each_alert_once_across_writers_and_restarts(tmp_path):
    log = tmp_path / "alerts.jsonl"
    first, second = JsonlSink(log), JsonlSink(log)
    first.emit([{"id": "a1"}, {"id": "a2"}])
    first.emit([{"id": "a2"}, {"id": "a3"}])  # a2 again: skipped from memory
    second.emit([{"id": "a3"}, {"id": "b1"}])  # another writer sees what the first wrote
    first.emit([{"id": "b1"}, {"id": "a4"}])  # and the first sees the second's line
    JsonlSink(log).emit([{"id": "a1"}, {"id": "a4"}, {"id": "c1"}])  # a restart replays
    log.write_text(log.read_text() + '{"id": "d1"}\n')  # appended by hand
    first.emit([{"id": "d1"}, {"id": "a5"}])
    assert [a["id"] for a in read_alerts(log)] == ["a1", "a2", "a3", "b1", "a4", "c1", "d1", "a5"]
    log.unlink()
    first.emit([{"id": "a1"}])  # a rotated-away log starts afresh
    assert [a["id"] for a in read_alerts(log)] == ["a1"]


def test_shingles_older_than_the_window_are_forgotten(tmp_path, monkeypatch):
    import monitor.shingle_index as index_module
    import monitor.store as store_module

    monkeypatch.setattr(store_module, "SHINGLE_WINDOW", 5)
    monkeypatch.setattr(index_module, "_MERGE_AT", 10)  # merge into the sorted arrays often
    store = Store(tmp_path / "monitor.db")
    with store.transaction():
        assert store.best_containment([1, 2]) == (None, 0.0)  # loads the (empty) index before the adds
        for article_id in range(1, 2001):
            store.db.execute(
                "INSERT INTO articles(id, hash, uri, seen, status) VALUES (?, ?, 'u', 'now', 'parsed')",
                [article_id, f"h{article_id}"],
            )
            store.add_shingles(article_id, [article_id * 10 + k for k in range(3)] + [7])
        built_while_adding = (store.best_containment([19990, 19991, 19992, 7]), store.best_containment([19950, 19951, 7]))
    left = {r[0] for r in store.db.execute("SELECT article_id FROM shingle_sets")}
    assert left == set(range(1996, 2001))
    store.close()
    store = Store(tmp_path / "monitor.db")
    read_back = (store.best_containment([19990, 19991, 19992, 7]), store.best_containment([19950, 19951, 7]))
    # Only the window counts: article 1995 shares nothing any more; 7, in every article, goes to the oldest kept.
    assert built_while_adding == read_back == ((1999, 1.0), (1996, 1 / 3))
    store.close()


def test_a_rolled_back_article_leaves_no_shingles_behind(tmp_path):
    store = Store(tmp_path / "monitor.db")
    with store.transaction():
        store.db.execute("INSERT INTO articles(id, hash, uri, seen, status) VALUES (1, 'a', 'u', 'now', 'parsed')")
        store.add_shingles(1, [5, 6, 7])
    assert store.best_containment([5, 6, 7]) == (1, 1.0)
    with pytest.raises(RuntimeError), store.transaction():
        store.db.execute("INSERT INTO articles(id, hash, uri, seen, status) VALUES (2, 'b', 'u', 'now', 'parsed')")
        store.add_shingles(2, [8, 9])
        assert store.best_containment([8, 9]) == (2, 1.0)
        raise RuntimeError("crash mid-article")
    assert store.best_containment([8, 9]) == (None, 0.0)
    # Another writer's article is seen at the next transaction.
    other = Store(tmp_path / "monitor.db")
    with other.transaction():
        other.db.execute("INSERT INTO articles(id, hash, uri, seen, status) VALUES (3, 'c', 'u', 'now', 'parsed')")
        other.add_shingles(3, [8, 9, 10])
    other.close()
    with store.transaction():
        assert store.best_containment([8, 9]) == (3, 1.0)
    store.close()


def test_votes_written_by_another_process_are_seen(tmp_path, nlp):
    # The pipeline keeps each metric's votes in memory; a second writer on the same file (a `monitor ingest`
    # beside the daemon) must not leave it judging against a stale consensus.
    config = validate_config(CONFIG)
    a = Pipeline(config, Store(tmp_path / "monitor.db"), Extractor(nlp))
    b = Pipeline(config, Store(tmp_path / "monitor.db"), Extractor(nlp))
    a.process(doc("1.txt", "Varno has sent 3,000 troops to the border, General Ilse Brandt said."))
    b.process(doc("2.txt", "About 3,200 Varno troops have been sent to the border, the monitoring group Lookout said."))
    out = a.process(doc("3.txt", "Varno has sent 40,000 troops to the border, opposition leader Tom Aske claimed."))
    assert [al["kind"] for al in out.alerts] == ["contradiction"]
    assert len(out.alerts[0]["consensus"]["supporters"]) == 2, out.alerts[0]["consensus"]
    a.close()
    b.close()
