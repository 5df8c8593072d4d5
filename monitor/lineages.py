"""Lineages: which speakers are one source.

Consensus counts each independent source once. A lineage is a group of speakers
the config declares as one (a government and its spokespeople); any other
speaker is its own lineage, by its speaker key. Pure: regexes over the config.
"""

from __future__ import annotations

import re

from .config import MonitorConfig
from .extract.speakers import fold

UNATTRIBUTED = "unattributed"


class Lineages:
    """Maps speakers to lineages (groups of speakers that are one source)."""

    def __init__(self, config: MonitorConfig) -> None:
        self._groups = []
        self._tails = [
            (lin.name, fold(sp.split()[-1]).rstrip("s")) for lin in config.lineages for sp in lin.speakers if len(sp.split()) > 1
        ]
        for lin in config.lineages:
            alts = "|".join(re.escape(fold(s)).replace(r"\ ", r"\s+") for s in lin.speakers)
            self._groups.append((lin.name, re.compile(rf"(?<!\w)(?:{alts})(?!\w)")))

    def of(self, speaker: str | None, key: str | None) -> str:
        """The lineage of a speaker: a configured group, else its own key."""
        if not speaker and not key:
            return UNATTRIBUTED
        text = " ".join(fold(w) for w in f"{speaker or ''} {key or ''}".split())
        for name, pat in self._groups:
            if pat.search(text):
                return name
        # A bare "Police" or "Officials" is the one configured group whose speaker ends in that word.
        bare = (key or "").split()
        if len(bare) == 1:
            owners = {name for name, alias in self._tails if alias == bare[0]}
            if len(owners) == 1:
                return owners.pop()
        return key or fold(speaker or "") or UNATTRIBUTED
