"""The store, through the :class:`~monitor.store.StateStore` protocol only.

Every test takes the ``store`` fixture, parametrized over the implementations: today SQLite;
a second store (PostgreSQL) adds its factory to ``IMPLEMENTATIONS`` and runs the same tests.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest

from monitor.alerts import Alert
from monitor.consensus import Consensus, Interval, Vote
from monitor.errors import StoreError
from monitor.records import Article, Claim, Stance, Statement
from monitor.store import StateStore, Store

SEEN = datetime(2026, 1, 1, tzinfo=UTC)


def _sqlite(tmp_path):
    return Store(tmp_path / "monitor.db")


IMPLEMENTATIONS = {"sqlite": _sqlite}


@pytest.fixture(params=sorted(IMPLEMENTATIONS))
def store(request, tmp_path) -> StateStore:
    s = IMPLEMENTATIONS[request.param](tmp_path)
    yield s
    s.close()


def article(uri: str = "a.txt", digest: str = "h1", status: str = "parsed", topics: tuple[str, ...] = ("t",)) -> Article:
    return Article(hash=digest, uri=uri, seen=SEEN, status=status, topics=topics)


def claim(index: int, low: float, high: float | None = None, speaker: str = "Police", metric: str | None = "m") -> Claim:
    return Claim(article="a.txt", start=index, end=index + 1, text=f"{low:g}", sentence=f"{speaker} said {low:g} people.",
                 low=low, high=low if high is None else high, qualifier="exact", counted="people", speaker=speaker,
                 topic="t" if metric else None, metric=metric, index=index)


def test_it_is_a_state_store(store):
    assert isinstance(store, StateStore)


def test_articles_are_found_by_content_hash_and_feed_entries_by_key(store):
    with store.transaction():
        aid = store.add_article(article())
        store.mark_entry("feed", "guid-1")
    assert aid > 0
    assert store.article_by_hash("h1")["uri"] == "a.txt"
    assert store.article_by_hash("h2") is None
    assert store.entry_seen("feed", "guid-1") and not store.entry_seen("feed", "guid-2")


def test_a_rolled_back_transaction_leaves_nothing_and_changes_the_generation(store):
    before = store.generation
    with pytest.raises(RuntimeError), store.transaction():
        store.add_article(article())
        raise RuntimeError("the article failed half-way")
    assert store.article_by_hash("h1") is None
    assert store.generation != before


def test_votes_come_back_as_records_with_the_quote_of_their_claim(store):
    with store.transaction():
        aid = store.add_article(article())
        c1 = store.add_claim(aid, claim(0, 100.0), "police")
        c2 = store.add_claim(aid, claim(1, 200.0, speaker="Organisers"), "organisers")
        store.put_vote("m", Vote(lineage="police", interval=Interval(low=90.0, high=110.0), value=100.0, claim_id=c1, seq=c1))
        store.put_vote("m", Vote(lineage="organisers", interval=Interval(low=180.0, high=math.inf), value=200.0,
                                 claim_id=c2, seq=c2))
        store.set_verdict(c2, "contradiction")
    votes = store.votes("m")
    assert [v.lineage for v in votes] == ["police", "organisers"]
    assert votes[0].vote.interval == Interval(low=90.0, high=110.0) and votes[0].vote.claim_id == c1
    assert votes[1].vote.interval.high == math.inf, "an open side survives the round trip"
    assert votes[0].quote.speaker == "Police" and votes[0].quote.article == "a.txt"
    assert (votes[0].quote.low, votes[0].quote.high, votes[0].quote.text) == (100.0, 100.0, "100")
    assert store.article_figures(aid) == {("m", 100.0, 100.0), ("m", 200.0, 200.0)}
    assert store.votes("other") == []


def test_a_newer_vote_replaces_its_lineage_s_older_one(store):
    with store.transaction():
        aid = store.add_article(article())
        c1 = store.add_claim(aid, claim(0, 100.0), "police")
        c2 = store.add_claim(aid, claim(1, 120.0), "police")
        for cid, value in ((c1, 100.0), (c2, 120.0)):
            store.put_vote("m", Vote(lineage="police", interval=Interval(low=value, high=value), value=value,
                                     claim_id=cid, seq=cid))
    (vote,) = store.votes("m")
    assert vote.vote.claim_id == c2 and vote.vote.value == 120.0


def test_stances_taken_by_statements_and_by_figures_keep_their_source(store):
    st = Statement(article="a.txt", start=0, end=5, sentence="Officials deny it.", proposition="p", topic="t",
                   stance="deny", speaker="Officials")
    with store.transaction():
        aid = store.add_article(article())
        sid = store.add_statement(aid, st, "officials")
        cid = store.add_claim(aid, claim(0, 100.0, speaker="Kyiv"), "kyiv")
        store.put_stance("p", Stance(lineage="officials", stance="deny", statement_id=sid))
        store.put_stance("p", Stance(lineage="kyiv", stance="affirm", claim_id=cid))
    by_lineage = {s.lineage: s for s in store.stances("p")}
    deny, affirm = by_lineage["officials"], by_lineage["kyiv"]
    assert (deny.lineage, deny.stance, deny.statement_id, deny.claim_id) == ("officials", "deny", sid, None)
    assert (affirm.lineage, affirm.stance, affirm.statement_id, affirm.claim_id) == ("kyiv", "affirm", None, cid)
    assert deny.quote.sentence == "Officials deny it." and affirm.quote.speaker == "Kyiv"
    assert store.propositions() == [("p", "t")] and store.propositions("other") == []


def test_alerts_wait_unlogged_until_marked_and_disputes_are_remembered(store):
    alert = Alert(id="a1", time="2026-01-01T00:00:00+00:00", kind="contradiction", topic="t", metric="m",
                  message="Organisers: 200 people; consensus 100 (Police)", dispute="m|organisers|above")
    with store.transaction():
        store.add_alert(alert)
    assert store.dispute_alerted("m|organisers|above") and not store.dispute_alerted("m|police|below")
    assert store.unlogged_alerts() == [alert.to_dict()]
    with store.transaction():
        store.mark_logged(["a1"])
    assert store.unlogged_alerts() == []


def test_a_snapshot_is_the_consensus_after_a_vote(store):
    with store.transaction():
        aid = store.add_article(article())
        cid = store.add_claim(aid, claim(0, 100.0), "police")
        store.add_snapshot("t", "m", cid, Consensus(band=Interval(low=90.0, high=math.inf), supporters=("police",),
                                                    values=(100.0, 100.0)), "2026-01-01T00:00:00+00:00")
    (snap,) = store.snapshots("m")
    assert (snap.low, snap.high, snap.values, snap.claim_id, snap.supporters) == (90.0, None, (100.0, 100.0), cid, ("police",))
    assert store.latest_snapshots("t") == [snap] and store.latest_snapshots("other") == []


def test_syndication_finds_the_article_sharing_most_shingles(store):
    with store.transaction():
        first = store.add_article(article("a.txt", "h1"))
        store.add_shingles(first, [1, 2, 3, 4])
        second = store.add_article(article("b.txt", "h2"))
        store.add_shingles(second, [9])
    assert store.best_containment([1, 2, 3, 5]) == (first, 0.75)
    assert store.best_containment([]) == (None, 0.0)


def test_the_latest_article_giving_the_same_figures_from_the_same_sources_is_found(store):
    with store.transaction():
        first = store.add_article(article("a.txt", "h1"))
        store.add_claim(first, claim(0, 12.0), "police")
        store.add_claim(first, claim(1, 31.0, speaker="Hospital"), "hospital")
        second = store.add_article(article("b.txt", "h2"))
        store.add_claim(second, claim(0, 12.0), "police")
        store.add_claim(second, claim(1, 31.0, speaker="Hospital"), "hospital")
        third = store.add_article(article("c.txt", "h3"))
        store.add_claim(third, claim(0, 12.0), "police")
    both = {(12.0, 12.0, "police"), (31.0, 31.0, "hospital")}
    assert store.article_repeating(both) == second
    assert store.article_repeating({(12.0, 12.0, "police")}) == third
    assert store.article_repeating({(12.0, 12.0, "hospital"), (31.0, 31.0, "hospital")}) is None  # not its source
    assert store.article_repeating({(12.0, 12.0, "police"), (40.0, 40.0, "hospital")}) is None
    assert store.article_repeating(set()) is None
    assert store.figures_known({("m", 12.0, 12.0), ("m", 13.0, 13.0), ("other", 12.0, 12.0)}) == {("m", 12.0, 12.0)}


def test_rejections_and_handled_files_are_remembered_and_forgotten(store, tmp_path):
    folder = str(tmp_path / "inbox")
    with store.transaction():
        store.reject("inbox", f"{folder}/x.txt", "binary")
        store.mark_file(f"{folder}/x.txt", "file", 10, 1, 2, rejected=True)
        store.mark_file(f"{folder}-other/y.txt", "file", 10, 1, 2, rejected=False)
    assert store.seen_files(folder) == [(f"{folder}/x.txt", "file", 10, 1, 2, True)]
    with store.transaction():
        store.resolve_rejected(f"{folder}/x.txt")
        store.forget_file(f"{folder}/x.txt")
    assert store.seen_files(folder) == []


def test_an_article_stored_clears_the_rejection_of_its_uri(store):
    with store.transaction():
        store.reject("cli", "a.txt", "Permission denied")
        store.add_article(article("a.txt"))
    assert all(r["uri"] != "a.txt" for r in store.rejected())


def test_its_errors_are_the_monitor_s_own(store):
    with store.transaction():
        store.add_article(article())
    with pytest.raises(StoreError), store.transaction():
        store.add_article(article())  # the same content hash twice
