"""A faster matcher for spaCy's ``attribute_ruler``, with the same results.

The English pipelines map tags to parts of speech and morphology with an
``AttributeRuler`` of about 180 one- and two-token patterns. spaCy runs them
through its general ``Matcher``, which tests every pattern state on every
token: a quarter of the whole parse time for our short sentences. The patterns
are simple (equality, ``IN``/``NOT_IN`` sets and ``REGEX`` on the tag, lower
form and dependency label, and ``IS_SPACE``), and whether one matches a token
depends only on that token's four values, so each distinct combination is
judged once and remembered.

Only the finding of matches and the loop that applies them are replaced:
spaCy's own ``set_token_attrs`` writes the ruler's own attributes, in the
ruler's rule order. A ruler holding any pattern this module does not
understand is left as spaCy built it. ``tests/test_nlp_speed.py``
checks the result against spaCy's on a few thousand sentences.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_ORDER = ("TAG", "LOWER", "DEP", "IS_SPACE")  # a token's values, as ``Doc.to_array`` gives them
_LOWER = 1
_OTHER = -1  # stands for every lower form no pattern names or searches for; hashes are never negative

Test = Callable[[tuple], bool]


class Unsupported(ValueError):
    """A pattern uses an attribute or operator this matcher does not implement."""


class FastRuleMatcher:
    """Finds the matches of an ``AttributeRuler``'s patterns, in the form its ``match`` returns.

    :param ruler: a loaded ``spacy.pipeline.AttributeRuler``.
    :raises Unsupported: when a pattern is beyond this matcher (use the ruler as is).
    """

    _CACHE_LIMIT = 100_000  # distinct entries remembered; a long stream's vocabulary is unbounded

    def __init__(self, ruler: Any) -> None:
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        self._columns = [TAG, LOWER, DEP, IS_SPACE]
        self._strings = ruler.vocab.strings
        self._ids = [self._strings[str(attr_id)] for attr_id in range(len(ruler.patterns))]
        # Lower forms no pattern names behave alike, so one cache entry stands for all of them.
        self._named_lower: set[int] = set()
        self._lower_searches: list[Callable[[str], Any]] = []
        self._lower_seen: dict[int, int] = {}
        self._rules: list[tuple[int, list[list[Test]]]] = []
        self._cache: dict[tuple, tuple[tuple[int, list[list[Test]]], ...]] = {}
        for attr_id, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                if not pattern:
                    raise Unsupported("an empty pattern")
                self._rules.append((attr_id, [self._compile_token(tok) for tok in pattern]))

    def _hash(self, value: Any) -> int:
        if not isinstance(value, str):
            raise Unsupported(f"unsupported value {value!r}")
        return self._strings[value]

    def _compile_token(self, token: dict) -> list[Test]:
        tests = []
        for attr, spec in token.items():
            if attr not in _ORDER:
                raise Unsupported(f"unsupported attribute {attr}")
            tests.append(self._test(_ORDER.index(attr), spec))
        return tests

    def _test(self, slot: int, spec: Any) -> Test:
        if _ORDER[slot] == "IS_SPACE":
            if not isinstance(spec, bool):
                raise Unsupported(f"unsupported predicate {spec!r} on IS_SPACE")
            return lambda v, x=int(spec): v[3] == x
        if isinstance(spec, str):
            h = self._hash(spec)
            if slot == _LOWER:
                self._named_lower.add(h)
            return lambda v, s=slot, x=h: v[s] == x
        if not (isinstance(spec, dict) and len(spec) == 1):
            raise Unsupported(f"unsupported predicate {spec!r} on {_ORDER[slot]}")
        ((op, arg),) = spec.items()
        if op in ("IN", "NOT_IN"):
            hashes = frozenset(self._hash(x) for x in arg)
            if slot == _LOWER:
                self._named_lower |= hashes
            if op == "IN":
                return lambda v, s=slot, a=hashes: v[s] in a
            return lambda v, s=slot, b=hashes: v[s] not in b
        if op == "REGEX":
            search = re.compile(arg).search
            if slot == _LOWER:
                self._lower_searches.append(search)
            strings = self._strings
            return lambda v, s=slot, f=search: v[s] != _OTHER and f(strings[v[s]]) is not None
        raise Unsupported(f"unsupported operator {op} on {_ORDER[slot]}")

    def _lower_key(self, h: int) -> int:
        """The lower form's hash if some pattern could tell it apart, else :data:`_OTHER`."""
        if h in self._named_lower:
            return h
        key = self._lower_seen.get(h)
        if key is None:
            if len(self._lower_seen) > self._CACHE_LIMIT:
                self._lower_seen.clear()
            text = self._strings[h]
            key = self._lower_seen[h] = h if any(f(text) for f in self._lower_searches) else _OTHER
        return key

    def _starting(self, v: tuple) -> tuple[tuple[int, list[list[Test]]], ...]:
        if len(self._cache) > self._CACHE_LIMIT:
            self._cache.clear()
        hits = tuple((a, tokens) for a, tokens in self._rules if all(test(v) for test in tokens[0]))
        self._cache[v] = hits
        return hits

    def match(self, doc: Any) -> list[tuple[int, int, int, int]]:
        """``(attr_id, match_id, start, end)`` for every match, sorted as the ruler sorts them."""
        lower_key = self._lower_key
        values = [(tag, lower_key(low), dep, space) for tag, low, dep, space in doc.to_array(self._columns).tolist()]
        n = len(values)
        ids, cache = self._ids, self._cache
        found = []
        for i, v in enumerate(values):
            hits = cache.get(v)
            if hits is None:
                hits = self._starting(v)
            for a, tokens in hits:
                end = i + len(tokens)
                if end == i + 1 or (
                    end <= n and all(test(values[i + k]) for k in range(1, len(tokens)) for test in tokens[k])
                ):
                    found.append((a, ids[a], i, end))
        found.sort()
        return found


class _FastAnnotations:
    """The ruler's ``set_annotations`` without a ``Span`` per match: the same writes, in the same order."""

    def __init__(self, ruler: Any) -> None:
        from spacy.tokens._retokenize import set_token_attrs

        self._ruler = ruler
        self._set = set_token_attrs
        self._stock = type(ruler).set_annotations

    def __call__(self, doc: Any, matches: list[tuple[int, int, int, int]]) -> None:
        attrs, indices = self._ruler.attrs, self._ruler.indices
        for match in matches:
            attr_id, _, start, end = match
            index = indices[attr_id]
            at = start + index if index >= 0 else end + index
            if not start <= at < end:
                self._stock(self._ruler, doc, [match])  # raises spaCy's own error for a bad index
                continue
            self._set(doc[at], attrs[attr_id])


def speed_up(nlp: Any) -> bool:
    """Give the pipeline's ``attribute_ruler`` the fast matcher; False if it has none or it cannot."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe("attribute_ruler")
    try:
        fast = FastRuleMatcher(ruler)
    except Unsupported:
        return False
    # Instance attributes shadow the class's methods, which AttributeRuler.__call__ looks up on self.
    ruler.match = fast.match
    ruler.set_annotations = _FastAnnotations(ruler)
    return True
