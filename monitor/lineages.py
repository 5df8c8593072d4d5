"""Lineages: which speakers are one source.

Consensus counts each independent source once. A lineage is a group of speakers
the config declares as one (a government and its spokespeople); any other
speaker is its own lineage, by its speaker key. Pure: word matching over the config.

A configured speaker matches word by word, wherever its words stand together in
the speaker as the article gives it: "Red Crescent" and "el-Drese" both find
"Libyan Red Crescent spokesman Tawfik el-Drese"; spellings meet as speaker keys
do (case, accents, "'s", plurals, hyphens). When a speaker holds more than one
configured name, the one it names first wins: "UN OCHA, citing the Red Crescent"
is OCHA's.
"""

from __future__ import annotations

import re

from .config import MonitorConfig
from .extract.speakers import fold

UNATTRIBUTED = "unattributed"
_SKIP = {"the", "a", "an"}


def words(text: str) -> list[str]:
    """A phrase as comparable words: folded, singular, split at hyphens, without articles."""
    out = []
    for raw in re.split(r"[\s\-‐–—/,;:()]+", text):
        w = fold(raw)
        if not w or w in _SKIP:
            continue
        if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.append(w)
    return out


def _find(needle: list[str], hay: list[str]) -> int | None:
    """Where ``needle`` stands as consecutive words of ``hay``, or None."""
    n = len(needle)
    for i in range(len(hay) - n + 1):
        if hay[i : i + n] == needle:
            return i
    return None


class Lineages:
    """Maps speakers to lineages (groups of speakers that are one source)."""

    def __init__(self, config: MonitorConfig) -> None:
        self._names = [(lin.name, words(sp)) for lin in config.lineages for sp in lin.speakers]
        self._names = [(name, ws) for name, ws in self._names if ws]
        # A bare "Police" or "Officials" is the one configured group whose speaker ends in that word.
        self._tails = [(name, ws[-1]) for name, ws in self._names if len(ws) > 1]

    def of(self, speaker: str | None, key: str | None) -> str:
        """The lineage of a speaker: a configured group, else its own key."""
        if not speaker and not key:
            return UNATTRIBUTED
        for text in (speaker or "", key or ""):
            found = self._configured(words(text))
            if found is not None:
                return found
        bare = words(key or "")
        if len(bare) == 1:
            owners = {name for name, tail in self._tails if tail == bare[0]}
            if len(owners) == 1:
                return owners.pop()
        return key or fold(speaker or "") or UNATTRIBUTED

    def _configured(self, said: list[str]) -> str | None:
        """The configured lineage named first in a speaker's words (the longer name where two start alike)."""
        best: tuple[int, int, str] | None = None
        for name, ws in self._names:
            at = _find(ws, said)
            if at is not None and (best is None or (at, -len(ws)) < best[:2]):
                best = (at, -len(ws), name)
        return best[2] if best else None
