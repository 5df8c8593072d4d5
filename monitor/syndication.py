"""Syndication: is an article a copy (a wire rewrite) of one already stored?

A copy is no new source: its figures are stored but do not vote. A copy is the
same *report*: what makes it is its lead (the first paragraph or two, where a
report says who says what) and its figures, not the background paragraphs that
every story on an event repeats. Each article's sampled word shingles
(:func:`shingles`) are kept; the store finds the recent article containing the
most of the new article's :func:`lead` shingles (an in-memory
:class:`ShingleIndex`), and :func:`is_copy` decides. Pure: no I/O.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterable

from .records import Claim

MIN_SHARED_SHINGLES = 5  # sampled 1 in 4: about 20 words of running text in common
MIN_REPEATED_FIGURES = 3  # a rewrite that shares no wording is known by repeating this many figures, same sources
LEAD_WORDS = 20  # a lead paragraph shorter than this (a dateline, a kicker) takes the next one with it
_WORD = re.compile(r"\w+")
_CLOSED = re.compile(r"[.!?\"\u201d'\u2019)]\s*$")


def lead(text: str) -> str:
    """The article's lead: its first paragraph (two, when the first is short), without a headline.

    A headline is a first line that does not end like a sentence. The lead is what a
    syndicated copy keeps and a different report on the same event does not.
    """
    paras = [p.strip() for p in re.split(r"\n", text) if p.strip()]
    if len(paras) > 1 and not _CLOSED.search(paras[0]):
        paras = paras[1:]
    out: list[str] = []
    for p in paras:
        out.append(p)
        if len(" ".join(out).split()) >= LEAD_WORDS or len(out) >= 2:
            break
    return "\n".join(out)


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
    known: Callable[[set[tuple[str, float | None, float | None]]], set[tuple[str, float | None, float | None]]]
    | None = None,
) -> bool:
    """A syndicated copy: its lead is in the other article, or a rewrite of it repeats its figures.

    ``share`` of this article's lead's ``sampled`` shingles are in the other one; ``mine``
    are this article's :func:`linked_figures`, ``theirs()`` the other's (asked only when needed).

    A report with a figure the other does not give, and no earlier report gave, is never its copy, however much
    background the two share. Wire rewrites are often paraphrased sentence by sentence,
    which leaves few shared shingles; what they keep is the figures, so a modest overlap
    of the lead plus the same figures on the same metrics marks a copy too. A lead too
    short to share ``MIN_SHARED_SHINGLES`` sampled shingles (a one-line summary that
    repeats a stock phrase) is not a copy by its words alone.
    """
    if share < threshold / 4:
        return False
    if mine:
        # Compared by value: a copy keeps the numbers, whatever metric each was linked to; a wire rewrite may
        # add background figures, but only ones some earlier report already gave (``known``).
        values = {f[1:] for f in theirs()}
        extra = {f for f in mine if f[1:] not in values}
        if extra and (known is None or known(extra) != extra):
            return False
    if share >= threshold and round(share * sampled) >= MIN_SHARED_SHINGLES:
        return True
    return len(mine) >= 2
