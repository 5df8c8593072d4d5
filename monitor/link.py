"""Linking: which topic an article is about, and which metric each claim measures.

Pure functions over the config and claims. A claim is linked to at most one
metric; when two metrics fit equally well it stays unlinked rather than guess,
and its :class:`Decision`'s ``reasons`` say why (``monitor extract --explain``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .config import Metric, MonitorConfig, Topic
from .records import Claim


def _pattern(words: Sequence[str]) -> re.Pattern[str] | None:
    """One case-insensitive regex for a list of words/phrases, plural-tolerant, on word boundaries."""
    alts = []
    for w in sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True):
        esc = re.escape(w).replace(r"\ ", r"\s+")
        alts.append(esc + r"(?:s|es)?" if w[-1:].isalpha() else esc)
    if not alts:
        return None
    return re.compile(r"(?<![\w])(?:" + "|".join(alts) + r")(?![\w])", re.I)


# The four non-ASCII letters a case-insensitive regex matches to ASCII ones (see the ``re`` docs).
_ASCII_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_SPECIAL = "\u0130\u0131\u017f\u212a"
_FIRST_WORD = re.compile(r"[a-z0-9]+")


def _fold(text: str) -> str:
    """Lower case, with the letters a case-insensitive regex treats as ASCII turned into them."""
    if not text.isascii() and any(c in text for c in _SPECIAL):  # translate() is slow: only when needed
        text = text.translate(_ASCII_FOLD)
    return text.lower()


def _anchors(words: Sequence[str]) -> frozenset[str] | None:
    """A lower-case piece that each word's every match contains, or None when some word has none.

    A substring test on the folded article rules out most off-topic articles
    before the regex, which tries its look-behind at every position, runs.
    """
    anchors = set()
    for w in words:
        first = _FIRST_WORD.match(w.strip().lower())
        if first is None:
            return None
        anchors.add(first.group(0))
    return frozenset(anchors) or None


@dataclass(frozen=True, slots=True)
class _CompiledMetric:
    topic: str
    metric: Metric
    counts: re.Pattern[str] | None
    near: re.Pattern[str] | None
    not_near: re.Pattern[str] | None
    about: re.Pattern[str] | None


@dataclass(frozen=True, slots=True)
class Decision:
    """Why a claim was (not) linked: the metric picked, if any, and one line per metric considered."""

    topic: str | None
    metric: str | None
    reasons: tuple[str, ...]
    candidates: tuple[tuple[str, str], ...] = ()  # (topic, metric) of every fitting metric, best first


class Linker:
    """Compiled topics and metrics of one config."""

    def __init__(self, config: MonitorConfig) -> None:
        self.config = config
        self._topics: list[tuple[Topic, re.Pattern[str] | None, frozenset[str] | None]] = [
            (t, _pattern(t.match), _anchors(t.match)) for t in config.topics
        ]
        self._metrics: dict[str, list[_CompiledMetric]] = {
            t.name: [
                _CompiledMetric(t.name, m, _pattern(m.counts), _pattern(m.near), _pattern(m.not_near), _pattern(m.about))
                for m in t.metrics
            ]
            for t in config.topics
        }

    def topics_for(self, text: str) -> list[Topic]:
        """The topics an article is relevant to (any of a topic's ``match`` words occurs)."""
        folded = _fold(text)
        return [
            t
            for t, pat, anchors in self._topics
            if pat is not None and (anchors is None or any(a in folded for a in anchors)) and pat.search(text)
        ]

    def decide_all(self, claims: Sequence[Claim], text: str, topics: Sequence[Topic]) -> list[Decision]:
        """A :class:`Decision` for each claim of an article (parts never share their whole's metric)."""
        by_sentence: dict[int, list[Claim]] = {}
        for c in claims:
            if c.kind == "quantity":
                by_sentence.setdefault(c.sentence_start, []).append(c)
        decisions = [self.decide(c, by_sentence.get(c.sentence_start, []), text, topics) for c in claims]
        for i, c in enumerate(claims):
            d = decisions[i]
            whole = decisions[c.part_of] if c.part_of is not None and c.part_of < len(decisions) else None
            if d.metric and whole is not None and whole.metric == d.metric:
                # "412 injured, 58 of them seriously": the part is not another report of the whole.
                decisions[i] = Decision(None, None, (*d.reasons, f"unlinked: a part of {claims[c.part_of].text!r}"))
        return decisions

    def decide(self, claim: Claim, siblings: Sequence[Claim], text: str, topics: Sequence[Topic]) -> Decision:
        """Pick the metric of ``claim`` (``siblings`` are the article's claims, ``text`` its text)."""
        if claim.kind != "quantity":
            return Decision(None, None, (f"not a figure claim: {claim.kind}",))
        if not topics:
            return Decision(None, None, ("the article matches no topic",))
        if not claim.counted:
            return Decision(None, None, ("nothing counted: the number has no noun to link by",))
        segment = _segment(claim, siblings)
        window, anchor = _window(claim, text)
        reasons: list[str] = []
        scored: list[tuple[int, int, _CompiledMetric]] = []
        for topic in topics:
            for cm in self._metrics[topic.name]:
                ok, score, distance, why = _fits(cm, claim, segment, window, anchor)
                reasons.append(f"{cm.metric.key}: {why}")
                if ok:
                    scored.append((score, distance, cm))
        if not scored:
            return Decision(None, None, tuple(reasons))
        # Most specific fit first; between equals, the one whose `about` word was named nearest.
        scored.sort(key=lambda sc: (-sc[0], sc[1]))
        candidates = tuple((cm.topic, cm.metric.key) for _, _, cm in scored)
        if len(scored) > 1 and scored[0][:2] == scored[1][:2]:
            tied = ", ".join(cm.metric.key for s, d, cm in scored if (s, d) == scored[0][:2])
            why = f"unlinked: equally good fits ({tied}); add near/not_near words"
            return Decision(None, None, (*reasons, why), candidates)
        best = scored[0][2]
        return Decision(best.topic, best.metric.key, (*reasons, f"linked to {best.metric.key}"), candidates)


def _fits(cm: _CompiledMetric, claim: Claim, segment: str, window: str, anchor: int) -> tuple[bool, int, int, str]:
    """(fits, specificity, distance of the nearest `about` word, reason)."""
    m = cm.metric
    counted = claim.counted or ""
    if cm.counts is None or not cm.counts.search(counted):
        return False, 0, 0, f"counted {counted!r} is none of {m.counts}"
    if m.unit in ("%", "percent") and claim.unit != "%":
        return False, 0, 0, "the metric is a percentage; the figure is not"
    if claim.unit and not _same_unit(claim.unit, m.unit):
        return False, 0, 0, f"unit {claim.unit} does not match the metric's {m.unit or 'count'}"
    scope = segment + " " + counted
    if cm.not_near is not None:
        hit = cm.not_near.search(scope)
        if hit:
            return False, 0, 0, f"excluded by {hit.group(0)!r} near the figure"
    score, distance = 1, 0
    if cm.near is not None:
        hit = cm.near.search(scope)
        if not hit:
            return False, 0, 0, f"none of {m.near} near the figure"
        score += 2
    if cm.about is not None:
        hits = [mt.end() for mt in cm.about.finditer(window)]
        if not hits:
            return False, 0, 0, f"none of {m.about} in the text before the figure"
        # Words in the figure's own sentence count as nearest; otherwise the closest one before it.
        distance = 0 if any(h > anchor for h in hits) else anchor - max(hits)
        score += 1
    return True, score, distance, "fits"


def _same_unit(claim_unit: str, metric_unit: str | None) -> bool:
    if metric_unit is None:
        return False
    return claim_unit.lower() == metric_unit.lower() or (claim_unit == "%" and metric_unit.lower() == "percent")


def _segment(claim: Claim, siblings: Sequence[Claim]) -> str:
    """The part of the sentence that belongs to this figure: between its neighbouring figures."""
    sent = claim.sentence
    base = claim.start - claim.sentence_start
    lo, hi = 0, len(sent)
    for c in siblings:
        if c is claim or c.sentence_start != claim.sentence_start or c.kind != "quantity":
            continue
        # Parts of a whole ("including 500 officers") do not cut their whole's segment short.
        if c.part_of is not None and c.part_of == claim.index:
            continue
        s, e = c.start - c.sentence_start, c.end - c.sentence_start
        if e <= base:
            lo = max(lo, e)
        elif s >= base + (claim.end - claim.start):
            hi = min(hi, s)
    return sent[lo:hi]


ABOUT_REACH = 1500  # characters before the figure's sentence that may name what it is about


def _window(claim: Claim, text: str) -> tuple[str, int]:
    """The text before the figure (a few paragraphs) and its sentence; and where the sentence starts in it."""
    lo = max(0, claim.sentence_start - ABOUT_REACH)
    return text[lo : claim.sentence_start + len(claim.sentence)], claim.sentence_start - lo
