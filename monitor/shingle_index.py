"""An in-memory index of the latest articles' sampled shingle hashes, for the syndication check.

The store keeps each article's hashes as one append-only row (cheap to write and
prune); this index answers "which recent article shares most of these hashes"
without a B-tree on disk, where every new hash was a random page write and the
commit of a topic article grew with the store. It is rebuilt from those rows when
first needed and whenever the store's contents may have changed under it.

Pure: numpy arrays and a dict, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

_MERGE_AT = 50_000  # hashes buffered in a dict before they are merged into the sorted array
_ID_MASK = np.uint64(0xFFFFFFFF)  # article ids stay below 2**32


class ShingleIndex:
    """Hashes of articles by id, keeping only ids within ``window`` of the newest.

    Each entry is one 64-bit integer, ``hash << 32 | article_id``, in one sorted
    array: 8 bytes per hash, sorted in place, and a hash's articles are one slice.

    :param window: how many article ids back an article is still compared with.
    """

    def __init__(self, window: int) -> None:
        self.window = window
        self._pairs = np.empty(0, dtype=np.uint64)  # sorted hash << 32 | article_id
        self._recent: dict[int, list[int]] = {}  # hash -> article ids added since the last merge
        self._recent_count = 0
        self.newest = 0

    def __len__(self) -> int:
        return int(self._pairs.size) + self._recent_count

    def add(self, article_id: int, hashes: Iterable[int]) -> None:
        """Index an article's hashes (each hash once per article)."""
        for h in hashes:
            self._recent.setdefault(h, []).append(article_id)
            self._recent_count += 1
        self.newest = max(self.newest, article_id)
        if self._recent_count >= _MERGE_AT:
            self._merge()

    def load(self, rows: Iterable[tuple[int, bytes]]) -> None:
        """Index many ``(article_id, packed hashes)`` rows at once (see :func:`pack`)."""
        article_ids, blobs = [], []
        for article_id, blob in rows:
            article_ids.append(article_id)
            blobs.append(blob)
        if not blobs:
            return
        sizes = np.fromiter((len(b) // 4 for b in blobs), dtype=np.int64, count=len(blobs))
        pairs = np.frombuffer(b"".join(blobs), dtype="<u4").astype(np.uint64)
        del blobs
        pairs <<= np.uint64(32)
        pairs |= np.repeat(np.asarray(article_ids, dtype=np.uint64), sizes)
        self.newest = max(self.newest, max(article_ids))
        self._merge(pairs)

    def _merge(self, more: np.ndarray | None = None) -> None:
        parts = [self._pairs]
        if more is not None:
            parts.append(more)
        if self._recent:
            parts.append(
                np.fromiter(
                    ((h << 32) | a for h, aids in self._recent.items() for a in aids),
                    dtype=np.uint64,
                    count=self._recent_count,
                )
            )
        pairs = np.concatenate(parts) if len(parts) > 1 else parts[0]
        floor = self.newest - self.window
        if floor > 0:
            pairs = pairs[(pairs & _ID_MASK) > np.uint64(floor)]
        pairs.sort()
        self._pairs = pairs
        self._recent.clear()
        self._recent_count = 0

    def best(self, hashes: Iterable[int], newest: int | None = None) -> tuple[int | None, float]:
        """The article sharing the most of ``hashes`` and the share of them it holds.

        Only articles with an id above ``newest - window`` count (``newest`` defaults
        to the newest indexed); ties go to the earliest article, the original.
        """
        uniq = sorted(set(hashes))
        if not uniq:
            return None, 0.0
        floor = (self.newest if newest is None else newest) - self.window
        counts: dict[int, int] = {}
        if self._pairs.size:
            q = np.asarray(uniq, dtype=np.uint64) << np.uint64(32)
            lo = np.searchsorted(self._pairs, q, side="left")
            hi = np.searchsorted(self._pairs, q | _ID_MASK, side="right")
            spans = [np.arange(a, b) for a, b in zip(lo.tolist(), hi.tolist(), strict=True) if b > a]
            if spans:
                found = (self._pairs[np.concatenate(spans)] & _ID_MASK).astype(np.int64)
                aids, n = np.unique(found[found > floor], return_counts=True)
                counts = dict(zip(aids.tolist(), n.tolist(), strict=True))
        for h in uniq:
            for a in self._recent.get(h, ()):
                if a > floor:
                    counts[a] = counts.get(a, 0) + 1
        if not counts:
            return None, 0.0
        aid, n = max(counts.items(), key=lambda kv: (kv[1], -kv[0]))
        return aid, n / len(uniq)


def pack(hashes: Iterable[int]) -> bytes:
    """Hashes (32-bit) as the bytes stored with an article."""
    return np.asarray(sorted(set(hashes)), dtype="<u4").tobytes()


def unpack(blob: bytes) -> np.ndarray:
    """The hashes packed by :func:`pack`."""
    return np.frombuffer(blob, dtype="<u4").astype(np.uint32)
