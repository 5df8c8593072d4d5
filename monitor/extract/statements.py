"""Statements: sentences that affirm or deny a tracked proposition, found in the parse.

A proposition is declared in YAML as subject phrases ("North Korean soldiers")
and predicate phrases ("fighting", "involved in the fight"). A parsed sentence
that holds both states it; the parse decides the stance: a negation on the
predicate, "no evidence that", a governing "deny"/"dismiss"/"reject", or a
negated "confirm" deny it; a clause that only reports that others claim it
("reports that ... were being evaluated") takes no stance. Who states it is
resolved as for figure claims (:func:`~monitor.extract.extractor.speaker_of`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..config import MonitorConfig, Proposition
from ..records import Statement
from . import claims as rules
from .extractor import speaker_of

DENY_VERBS = {"deny", "dismiss", "reject", "refute", "debunk", "rebut", "dispute"}
STANCE_VERBS = DENY_VERBS | {"confirm", "say", "tell", "claim", "report", "state", "insist", "assert", "add", "warn", "believe", "know"}
NO_EVIDENCE = re.compile(r"\bno (?:evidence|sign|signs|indication|proof|confirmation)\b|\bnothing to (?:suggest|indicate)\b", re.I)
FAKE = re.compile(r"\b(?:fake|false|lies?|baseless|nonsense|fabricat\w+|groundless|propaganda)\b", re.I)
REPORT_NOUNS = {"report", "claim", "allegation", "rumour", "rumor", "suggestion", "speculation", "question", "possibility"}
_HEDGE_AUX = {"may", "might", "could"}
_FILLER = {"in", "at", "the", "a", "an", "of", "on", "to", "from", "for", "by", "with", "and", "or", "is", "are", "be", "was", "were"}
_OPEN_WORDS = {"what", "where", "when", "how", "why", "whether", "who", "whom"}
_GAP_POS = {"NUM", "DET", "ADJ", "ADV"}


def _lemma(word: str) -> str:
    w = word.lower()
    for suf, rep in (("ing", ""), ("ed", ""), ("ies", "y"), ("es", ""), ("s", "")):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: len(w) - len(suf)] + rep
    return w


class _Phrases:
    """Phrases matched as token sequences (by text or lemma), ignoring punctuation."""

    def __init__(self, phrases: Sequence[str]) -> None:
        words = [[w.lower() for w in re.findall(r"[\w'’-]+", p)] for p in phrases if p.strip()]
        # Each phrase word as the set of forms that match it, computed once.
        self.phrases = [[{w, _lemma(w)} for w in p] for p in words if p]
        # Only content words filter: "in combat" must not let every "in" through.
        content = [[w for w in p if not w & _FILLER] or p for p in self.phrases]
        forms = sorted({f for p in content for w in p for f in w}, key=len, reverse=True)
        # Word-initial match: "fight" also finds "fighting"; a cheap filter before any parse.
        self.quick = re.compile(r"\b(?:" + "|".join(re.escape(f) for f in forms) + r")", re.I) if forms else None

    def find(self, keys: list[frozenset[str]], pos: list[str]) -> list[tuple[int, int]]:
        """(first, last) token positions of every match, given each token's :func:`token_keys`.

        Words of a phrase match in order; up to three numbers, determiners,
        adjectives or adverbs may stand between them ("send 12,000 troops").
        """
        out = []
        n = len(keys)
        for phrase in self.phrases:
            first = phrase[0]
            for i in range(n):
                if keys[i].isdisjoint(first):
                    continue
                j, ok = i, True
                for word in phrase[1:]:
                    k = j + 1
                    while k < n and k - j <= 4 and keys[k].isdisjoint(word) and pos[k] in _GAP_POS:
                        k += 1
                    if k < n and k - j <= 4 and not keys[k].isdisjoint(word):
                        j = k
                    else:
                        ok = False
                        break
                if ok:
                    out.append((i, j))
        return out


def token_keys(tok: Any) -> frozenset[str]:
    """The forms a token matches a phrase word by: its text, its lemma, and their crude stems."""
    low, lem = tok.lower_, tok.lemma_.lower()
    return frozenset((low, lem, _lemma(low), _lemma(lem)))


class StatementFinder:
    """Finds statements on the config's propositions in parsed sentences."""

    def __init__(self, config: MonitorConfig) -> None:
        self.props: list[tuple[str, Proposition, _Phrases, _Phrases]] = [
            (t.name, p, _Phrases(p.subjects), _Phrases(p.predicates)) for t in config.topics for p in t.propositions
        ]
        self._quick = [(subj.quick, pred.quick) for _, _, subj, pred in self.props if subj.quick and pred.quick]

    def wants(self, text: str) -> bool:
        """Cheap test: could this sentence state a proposition (a subject and a predicate word both occur)?"""
        return any(subj.search(text) and pred.search(text) for subj, pred in self._quick)

    def find(self, doc: Any, sent: Any, span: Any, no: int, ctx: Any, base: int) -> list[Statement]:
        """Statements in one parsed sentence (``sent`` is its :class:`~monitor.extract.text.Sentence`, ``span`` its
        parse, ``no`` its number, ``ctx`` the article's context for :func:`~monitor.extract.extractor.speaker_of`)."""
        toks = [t for t in span if not t.is_punct]
        keys = [token_keys(t) for t in toks]
        pos = [t.pos_ for t in toks]
        out: list[Statement] = []
        for topic, prop, subjects, predicates in self.props:
            subj_hits = subjects.find(keys, pos)
            if not subj_hits:
                continue
            pred_hits = predicates.find(keys, pos)
            if not subj_hits or not pred_hits:
                continue
            # The closest subject-predicate pair states the proposition.
            s, p = min(
                ((s, p) for s in subj_hits for p in pred_hits if s[1] < p[0] or p[1] < s[0]),
                key=lambda sp: abs(sp[0][0] - sp[1][0]),
                default=(None, None),
            )
            if s is None or p is None:
                continue
            first, last = toks[min(s[0], p[0])], toks[max(s[1], p[1])]
            stance = stance_of(toks[p[0]], toks[s[0]], span)
            if stance is None:
                continue
            speaker, key = speaker_of(ctx, toks[p[0]], no)
            head = toks[p[0]].head
            modal = any(t.lower_ in _HEDGE_AUX for t in head.children) and not _negated(head)
            hedge = rules.hedged(sent.text) or modal
            out.append(
                Statement(
                    article=doc.uri,
                    start=sent.start + first.idx,
                    end=sent.start + last.idx + len(last.text),
                    sentence=sent.text,
                    proposition=prop.key,
                    topic=topic,
                    stance=stance,
                    speaker=speaker,
                    speaker_key=key,
                    hedged=hedge,
                    index=base + len(out),
                )
            )
        return out


def _negated(tok: Any) -> bool:
    for c in tok.children:
        if c.dep_ == "neg":
            nxt = tok.doc[c.i + 1] if c.i + 1 < len(tok.doc) else None
            if nxt is not None and nxt.lower_ == "only":
                continue  # "not only ... but also" affirms
            return True
    return False


def stance_of(pred: Any, subj: Any, span: Any) -> str | None:
    """``affirm``, ``deny`` or ``None`` (mentioned without a stance) for a predicate token."""
    text = span.text
    chain = [pred, *pred.ancestors]
    # "did not know in what capacity troops would be deployed": an open question, not a stance.
    verb = next((t for t in chain[1:] if t.lemma_.lower() in STANCE_VERBS), None)
    lo, hi = (verb.i, pred.i) if verb is not None else (span[0].i, pred.i)
    doc = pred.doc
    if any(doc[i].lower_ in _OPEN_WORDS for i in range(min(lo, hi) + 1, max(lo, hi))):
        return None
    if any(_negated(t) for t in chain[:3] if t.pos_ in ("VERB", "AUX", "ADJ", "NOUN")):
        return "deny"
    # "no plans to close", "no evidence that ... are involved", "no sign of": a "no" on a governing noun.
    for t in chain[1:4]:
        if t.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "no" for c in t.children):
            return "deny"
    upto = min(pred.idx, subj.idx) - span[0].idx
    if NO_EVIDENCE.search(text[: max(upto, 0)]):
        return "deny"
    for t in chain[1:]:
        lemma = t.lemma_.lower()
        if lemma in DENY_VERBS:
            return "deny"
        if lemma == "confirm":
            return "deny" if _negated(t) or any(c.lower_ in ("unable", "cannot") for c in t.children) else "affirm"
        if t.pos_ == "NOUN" and lemma in REPORT_NOUNS:
            gov = t.head
            if gov.lemma_.lower() in DENY_VERBS or (gov.lemma_.lower() == "confirm"):
                continue
            if FAKE.search(text):
                return "deny"
            return None
        if lemma in STANCE_VERBS:
            # The speaker's own verb: what lies above it is context, not stance.
            return "deny" if _negated(t) else "affirm"
    return "affirm"
