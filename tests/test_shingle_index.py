"""The in-memory shingle index answers as a plain scan over every article would."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import monitor.shingle_index as shingle_index
from monitor.shingle_index import ShingleIndex, pack, unpack

articles = st.lists(st.sets(st.integers(0, 40), max_size=12), min_size=0, max_size=30)


def reference(stored: list[set[int]], query: set[int], window: int, newest: int) -> tuple[int | None, float]:
    counts = {aid: len(hs & query) for aid, hs in enumerate(stored, 1) if aid > newest - window and hs & query}
    if not query or not counts:
        return None, 0.0
    aid, n = max(counts.items(), key=lambda kv: (kv[1], -kv[0]))
    return aid, n / len(query)


@settings(max_examples=200, deadline=None)
@given(stored=articles, query=st.sets(st.integers(0, 40), max_size=12), window=st.integers(1, 40),
       split=st.integers(0, 30), merge_at=st.sampled_from([1, 5, 50_000]))
def test_best_matches_a_plain_scan(stored, query, window, split, merge_at):
    old = shingle_index._MERGE_AT
    shingle_index._MERGE_AT = merge_at
    try:
        index = ShingleIndex(window)
        # Part read back from packed rows (as at start-up), the rest added one by one (as articles arrive).
        index.load((aid, pack(hs)) for aid, hs in enumerate(stored[:split], 1))
        for aid, hs in enumerate(stored[split:], split + 1):
            index.add(aid, sorted(hs))
        newest = len(stored)
        assert index.best(query, newest) == reference(stored, query, window, newest)
    finally:
        shingle_index._MERGE_AT = old


def test_pack_round_trips_32_bit_hashes():
    hashes = [0, 1, 2**31, 2**32 - 1, 123456789]
    assert unpack(pack(hashes)).tolist() == sorted(hashes)
    assert unpack(pack([])).tolist() == []
