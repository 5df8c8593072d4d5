"""Syndication: is an article a copy (a wire rewrite) of one already stored?

A copy is no new source: its figures are stored but do not vote. Articles are
compared by their sampled word shingles (:func:`shingles`); the store finds the
recent article sharing the most of them (an in-memory :class:`ShingleIndex`),
and :func:`is_copy` decides. Pure: no I/O.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterable

from .records import Claim

MIN_SHARED_SHINGLES = 5  # sampled 1 in 4: about 20 words of running text in common
_WORD = re.compile(r"\w+")


def shingles(text: str, k: int = 4, keep: int = 4) -> list[int]:
    """Hashes of the article's k-word shingles, sampled (1 in ``keep``) to keep the index small.

    Sampling by hash value keeps the same shingles in every copy, so containment
    survives it. 1 in 4 keeps the in-memory index of 20,000 articles near 20 MB and
    still leaves a 100-word wire summary ~25 samples. Stores written with 1 in 2 stay
    comparable: their hashes include every hash sampled now.
    """
    words = [w.lower() for w in _WORD.findall(text)]
    out = []
    for i in range(max(0, len(words) - k + 1)):
        h = zlib.crc32(" ".join(words[i : i + k]).encode())
        if h % keep == 0:
            out.append(h)
    return sorted(set(out))


def linked_figures(claims: Iterable[Claim]) -> set[tuple[str, float | None, float | None]]:
    """The (metric, low, high) of the linked figure claims: what a rewrite keeps of its original."""
    return {(c.metric, c.low, c.high) for c in claims if c.metric and c.kind == "quantity"}


def is_copy(
    share: float,
    sampled: int,
    threshold: float,
    mine: set[tuple[str, float | None, float | None]],
    theirs: Callable[[], Iterable[tuple[str, float | None, float | None]]],
) -> bool:
    """A syndicated copy: most of its text is in the other article, or a rewrite of it repeats its figures.

    ``share`` of this article's ``sampled`` shingles are in the other one; ``mine`` are this
    article's :func:`linked_figures`, ``theirs()`` the other's (asked only when needed).

    Wire rewrites are often paraphrased sentence by sentence, which leaves few
    shared shingles; what they keep is the figures, so a modest text overlap plus
    the same figures on the same metrics marks a copy too. A text too short to
    share ``MIN_SHARED_SHINGLES`` sampled shingles (a one-line summary that
    repeats a stock phrase) is not a copy by its words alone.
    """
    if share >= threshold and round(share * sampled) >= MIN_SHARED_SHINGLES:
        return True
    if share < threshold / 4 or len(mine) < 2:
        return False
    return len(mine & set(theirs())) / len(mine) >= 0.6
