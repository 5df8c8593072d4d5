"""Number cores for :mod:`monitor.extract.numbers`: the scanner over the tokens.

Cores
-----
At a digit or number word, :class:`Scanner` reads the longest number it can: digits with
glued or spaced multipliers ("$3.5bn", "12k", "1.5 million", "13 lakh"), English number
words through the grammar in :mod:`monitor.extract.number_lexer`, slash and mixed
fractions ("3/4", "2 1/4", "2½"), signs ("-5", "minus three") and ratios ("one in five",
"1 over 3", "two out of five hundred"). Dates, times, phone numbers, vague amounts
("tens of thousands"), dotted codes ("192.168.1.2") and numbers glued into codes ("G20",
"LGA1156") are recognised at the same point so their digits are never read as
quantities. A glued "m" or "b" is million / billion only with a currency, a decimal or a
word that rules out metres ("$3m", "1.2m people" but "a 2m wall").

Units
-----
A currency before ("$", "US$", "€", "GBP") or a percent ("%", "per cent", "percentage
points") or currency word after sets ``unit`` (:func:`attach_units`).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from monitor.extract import number_words as W
from monitor.extract.number_lexer import HYPHENS, VULGAR, Tok, atoms, tokenize, words_value

__all__ = ["VAGUE_FIRST", "Core", "Scanner", "attach_units", "dotted", "world_war"]


class Core:
    """A number being assembled.

    Token span ``[i, j)`` of the value and ``[hs, he)`` with its hedges, value ``v`` and
    bounds ``lo``/``hi``, and what the later passes decide (kind, unit, qualifier). ``mult``
    is the scale written with it, kept so ranges can borrow it.
    """

    __slots__ = ("i", "j", "v", "lo", "hi", "kind", "unit", "mult", "word", "grp", "dec",
                 "qual", "hs", "he", "vague", "plain_int", "skip", "chars")

    def __init__(self, i: int, j: int, v: float) -> None:
        self.i, self.j, self.v = i, j, v          # token span [i, j)
        self.lo: float | None = v
        self.hi: float | None = v
        self.kind = "quantity"
        self.unit: str | None = None
        self.mult = 1.0
        self.word = False
        self.grp = False
        self.dec = -1
        self.qual = "exact"
        self.hs, self.he = i, j                   # span incl. hedges
        self.vague = False
        self.plain_int = False
        self.skip = False
        self.chars: tuple[int, int] | None = None   # character span when not whole tokens


_TIME_RE = re.compile(r"(?:[01]?\d|2[0-3])[:.][0-5]\d(?:[:.][0-5]\d)?(?:\s*[ap]\.?\s?m\b\.?)?"
                      r"|(?:1[0-2]|0?\d)(?:[.][0-5]\d)?\s*[ap]\.?m\b\.?", re.I)
_DATE_NUM_RE = re.compile(r"(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{4}/\d{1,2}/\d{1,2})"
                          r"(?![\d/])|\d{4}-(?:0[1-9]|1[0-2])(?![\d-])|\d{4}[-–/]\d{2}(?![\d/-])")
_PHONE_RE = re.compile(r"\+\d{1,3}(?:[-\s./]\(?\d{1,4}\)?){2,}(?![\d,])"
                       r"|\(\d{3}\)\s?\d{3}[-.\s]\d{4}(?!\d)|\d{3}[-.]\d{3}[-.]\d{4}(?!\d)")
_VAGUE_RE = re.compile(
    r"(?:the\s+)?(?:(?:low|mid|high|upper|lower)[\s-]+(?:tens\s+of\s+)?(?:hundreds|thousands|millions)"
    r"|(?:tens|hundreds)\s+of\s+(?:thousands|millions|billions)"
    r"|(?:a\s+few|several|many|a\s+couple\s+of|a\s+couple)\s+(?:dozen|hundred|thousand|million|billion)"
    r"(?!\s+(?:and|[a-z]+teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b)"
    r"|dozens|hundreds|thousands|millions|billions|trillions|scores(?=\s+of\b)|a\s+handful"
    r"|(?:several|a\s+few|a\s+couple\s+of)(?=[\s-]+(?:more\s+)?(?:"
    + "|".join(sorted(W.TIME_UNITS, key=len, reverse=True)) + r")\b))\b", re.I)
VAGUE_FIRST = frozenset({"the", "low", "mid", "high", "upper", "lower", "tens", "hundreds", "a",
                         "several", "many", "dozens", "thousands", "millions", "billions",
                         "trillions", "scores"})
_ORD_SUFFIX = frozenset({"st", "nd", "rd", "th"})
_MINUS = frozenset("-−")


class Scanner:
    """The tokens of one text and the readers of number cores over them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = tokenize(text)
        self.starts = [t.s for t in self.toks]
        self.n = len(self.toks)

    def tok_index(self, pos: int) -> int:
        """Index of the first token starting at or after character ``pos``."""
        return bisect_left(self.starts, pos)

    def word(self, k: int) -> str:
        """Token k lower-cased, or "" outside the text."""
        return self.toks[k].lo if 0 <= k < self.n else ""

    # ---------------------------------------------------------------- special spans
    def special(self, i: int) -> Core | None:
        """Phone numbers, numeric dates, times and vague amounts starting at token i."""
        tok, text = self.toks[i], self.text
        if tok.k == "n" or (tok.t in "+(" and i + 1 < self.n and self.toks[i + 1].k == "n"):
            if tok.k == "n" or tok.t == "(" or not (i > 0 and tok.glued and self.toks[i - 1].k != "p"):
                m = _PHONE_RE.match(text, tok.s)
                if m and sum(ch.isdigit() for ch in m.group()) >= 7:
                    return self._span_core(m.end(), i, "phone")
            if tok.k == "n" and not tok.grp:
                m = _DATE_NUM_RE.match(text, tok.s)
                if m:
                    return self._span_core(m.end(), i, "date")
                m = _TIME_RE.match(text, tok.s)
                if m and (":" in m.group() or m.group()[-1:].lower() in "m."):
                    if tok.dec in (-1, 2):
                        return self._span_core(m.end(), i, "time")
        if tok.k == "w" and tok.lo in VAGUE_FIRST:
            m = _VAGUE_RE.match(text, tok.s)
            if m:
                if tok.lo in ("hundreds", "thousands", "millions") and i > 0 \
                        and self.toks[i - 1].lo in W.UNITS:
                    return None
                key = " ".join(m.group().lower().replace("-", " ").split())
                if key.startswith("the "):
                    key = key[4:]
                key = key.replace("upper ", "high ").replace("lower ", "low ")
                key = key.replace("a couple hundred", "a couple of hundred") \
                    .replace("a couple thousand", "a couple of thousand")
                lo_hi = W.VAGUE.get(key)
                if lo_hi is None:
                    return None
                c = self._span_core(m.end(), i, "quantity")
                c.lo, c.hi = float(lo_hi[0]), float(lo_hi[1])
                c.vague, c.qual = True, "approx"
                if tok.lo == "the":
                    c.i = c.hs = i + 1
                return c
        return None

    def _span_core(self, end_char: int, i: int, kind: str) -> Core:
        j = self.tok_index(end_char)
        while j < self.n and self.toks[j].s < end_char:
            j += 1
        c = Core(i, max(j, i + 1), self.toks[i].v or 0.0)
        c.kind = kind
        if kind == "phone":
            c.lo = c.hi = None                      # a phone number is not an amount
        return c

    # ---------------------------------------------------------------- numeric cores
    def masked(self, i: int) -> bool:
        """Digits glued into a code: "G20", "LGA1156", "06F6", "km2", "s-1", "^3"."""
        toks = self.toks
        t = toks[i]
        if not t.glued or i == 0:
            if i + 2 < self.n and toks[i + 1].glued and toks[i + 1].k == "w" \
                    and toks[i + 2].glued and toks[i + 2].k == "n":
                return True
            return False
        p = toks[i - 1]
        if p.k in ("w", "n"):
            return True
        if p.t in "^/" and i > 1 and toks[i - 2].k in ("w", "n") and p.glued:
            return True
        if p.t == "^":
            return True
        if p.t in HYPHENS | {"−", "+", "."} and i > 1 and p.glued and toks[i - 2].k == "w":
            if toks[i - 2].lo in ("mid", "pre", "post", "early", "late"):
                return False                        # "mid-2024"
            if toks[i - 2].glued and i > 2 and toks[i - 3].k == "n":
                return False                        # "5k-20k", "10kg-12kg"
            return not any(ch.isupper() for ch in toks[i - 2].t)
        if p.t in "-+." and i > 1 and p.glued and toks[i - 2].k == "n" and self._masked_chain(i - 2):
            return True
        return False

    def _masked_chain(self, i: int) -> bool:
        while i > 0 and self.toks[i].glued:
            if self.toks[i].k == "n" and self.toks[i - 1].k == "w":
                return True
            i -= 1
        return False

    def numeric(self, i: int) -> Core | None:
        """A core starting at a digit token i (sign and currency handled by the caller)."""
        toks, n = self.toks, self.n
        t = toks[i]
        v = t.v or 0.0
        j = i + 1
        # slash fractions and mixed numbers: "3/4", "2 1/4"
        if j + 1 < n and toks[j].t == "/" and toks[j].glued and toks[j + 1].k == "n" \
                and toks[j + 1].glued and t.dec < 0 and toks[j + 1].dec < 0:
            den = toks[j + 1].v or 0.0
            if den == 0:
                c = Core(i, j + 2, 0.0)
                c.skip = True
                return c
            v = v / den
            j += 2
            c = Core(i, j, v)
            c.dec = 1
            return self._tail(c)
        if t.dec < 0 and j < n and toks[j].k == "n" and not toks[j].glued and toks[j].t not in VULGAR:
            if j + 2 < n and toks[j + 1].t == "/" and toks[j + 1].glued and toks[j + 2].glued \
                    and toks[j + 2].k == "n" and toks[j].dec < 0:
                num, den = toks[j].v or 0.0, toks[j + 2].v or 0.0
                if 0 < num < den:
                    c = Core(i, j + 3, v + num / den)
                    c.dec = 1
                    return self._tail(c)
        if j < n and toks[j].glued and toks[j].k == "n" and toks[j].t in VULGAR:
            c = Core(i, j + 1, v + (toks[j].v or 0.0))
            c.dec = 1
            return self._tail(c)
        c = Core(i, j, v)
        c.grp, c.dec = t.grp, t.dec
        c.plain_int = t.dec < 0 and not t.grp and t.t.isdigit()
        # glued suffix letters
        if j < n and toks[j].glued and toks[j].k == "w":
            suf = toks[j].t
            low = suf.lower()
            if low in _ORD_SUFFIX and t.dec < 0:
                c.j, c.kind = j + 1, "ordinal"
                return c
            if low == "s" and len(t.t) == 4 and c.plain_int:
                c.j, c.kind = j + 1, "year"
                return c
            if suf == "G" and c.plain_int and 2 <= v <= 6:
                c.j, c.kind = j + 1, "name"
                return c
            mult = W.GLUED_MULT.get(suf) or W.GLUED_MULT.get(low if low in ("bn", "mn", "tn") else suf)
            if mult is None and suf in W.AMBIGUOUS_MULT and self._money_context(i, j, t):
                mult = W.AMBIGUOUS_MULT[suf]
            if mult is not None:
                c.v *= mult
                c.mult = mult
                c.j = j + 1
                return self._tail(c)
            return self._tail(c)
        # words after: "1.5 million", "3 hundred and 21", "13 lakh", "3 dozens", "2.33 k"
        if j < n and not toks[j].glued and toks[j].k == "w":
            w = toks[j].t
            if w in W.SPACED_MULT and (j + 1 >= n or toks[j + 1].k != "w" or toks[j + 1].lo not in W.UNITS):
                c.v *= W.SPACED_MULT[w]
                c.mult = W.SPACED_MULT[w]
                c.j = j + 1
                return self._tail(c)
            if toks[j].lo in ("hundred", "thousand", "million", "billion", "trillion", "lakh", "crore",
                              "lakhs", "crores", "dozen", "dozens", "dz", "dzs", "doz", "dozs") \
                    or toks[j].lo in ("hundreds", "thousands"):
                at = atoms(self.toks, i)
                res = words_value(at) if at else None
                if res and res[1] > 1:
                    c.v, c.j = res[0], at[res[1] - 1].j
                    c.word = True
                    c.plain_int = False
                    last = at[res[1] - 1]
                    if last.typ in ("h", "s", "z"):
                        c.mult = last.val           # lets "2 to 3 million" borrow the scale
                    return self._tail(c)
        return self._tail(c)

    def _money_context(self, i: int, j: int, t: Tok) -> bool:
        """Whether a glued "m"/"b" is million/billion rather than metres/bits."""
        if self.currency_before(i)[0] is not None or t.dec >= 0:
            return True
        nxt = j + 1
        if self.toks[j].t == "m" and nxt < self.n and not self.toks[nxt].glued \
                and self.toks[nxt].k == "w" and self.toks[nxt].t.islower():
            return self.toks[nxt].lo not in W.METRE_CONTEXT     # "4m people" vs "2m tall"
        return False

    @staticmethod
    def _tail(c: Core) -> Core:
        c.lo = c.hi = c.v
        return c

    def currency_before(self, i: int) -> tuple[str | None, int]:
        """(currency code, index of its first token) for a currency written before token i."""
        toks = self.toks
        k = i - 1
        if k >= 0 and toks[k].t in _MINUS and toks[i].glued and toks[k].glued and k > 0:
            k -= 1          # "$-99.99"
        if k < 0:
            return None, i
        t = toks[k]
        if t.t in W.CURRENCY_SYMBOLS:
            if k > 0 and toks[k].glued and toks[k - 1].k == "w" and len(toks[k - 1].t) <= 3 \
                    and toks[k - 1].t.isupper():
                return W.CURRENCY_SYMBOLS[t.t], k - 1          # US$, A$, HK$
            return W.CURRENCY_SYMBOLS[t.t], k
        if t.k == "w" and t.lo in W.CURRENCY_CODES and (t.t.isupper() or t.t == "Rs"):
            return W.CURRENCY_CODES[t.lo], k
        return None, i

    def core_at(self, i: int) -> Core | None:
        """The number core starting at token i, with sign, currency and percent."""
        toks, n = self.toks, self.n
        t = toks[i]
        neg = False
        start = i
        k = i
        if t.k == "p" and t.t in "-−+":
            if k + 1 >= n or toks[k + 1].k not in ("n", "w"):
                return None
            left_ok = i == 0 or not t.glued or toks[i - 1].k == "p" and toks[i - 1].t in "([{<>=~$£€¥:;,"
            at_text_start = self.text[:t.s].strip() == ""
            if toks[k + 1].glued and left_ok and toks[k + 1].k == "n":
                neg = t.t != "+"
                k += 1
            elif at_text_start and not toks[k + 1].glued and t.t != "+":
                neg = True
                k += 1
            else:
                return None
        elif t.k == "w" and t.lo in ("minus", "negative"):
            if k + 1 < n and (toks[k + 1].k == "n" or toks[k + 1].lo in W.NUMBER_WORDS):
                neg = True
                k += 1
            else:
                return None
        tk = toks[k]
        if tk.k == "n":
            if self.masked(k):
                return None
            c = self.numeric(k)
            if c is None:
                return None
        elif tk.k == "w":
            c = self.words(k)
            if c is None:
                return None
        else:
            return None
        if c.kind in ("ordinal", "name", "year") and not neg:
            return c
        c = self.ratio(c)
        if neg:
            c.v, c.lo, c.hi = -c.v, -(c.lo or 0.0), -(c.hi or 0.0)
        c.i = c.hs = start
        return c

    def words(self, i: int) -> Core | None:
        """A core of number words starting at token i ("two thirds", "a million")."""
        toks = self.toks
        tok = toks[i]
        if tok.lo not in W.NUMBER_WORDS and tok.lo not in ("a", "an", "half", "quarter"):
            return None
        if tok.lo == "quarter" and not (i + 1 < self.n and toks[i + 1].lo in W.SCALES):
            return None
        at = atoms(toks, i)
        res = words_value(at)
        if res is None:
            return None
        v, used, hint = res
        last = at[used - 1]
        c = Core(i, last.j, v)
        c.word = True
        if hint == "ordinal":
            c.kind = "ordinal"
            return c
        if at[0].typ == "a" and used >= 2 and at[1].typ == "o" and not at[1].plural \
                and at[1].word not in ("half", "quarter") and not self._fraction_context(last.j):
            c.kind, c.i, c.v = "ordinal", at[1].i, at[1].val   # "a third country"
            c.lo = c.hi = c.v
            c.hs = c.i
            return c
        if used == 1 and at[0].word == "one" and self._one_pronoun(i):
            return None
        if used == 1 and at[0].word == "half" and self.word(i - 1) in (
                "the", "first", "second", "last", "other", "latter", "former", "this", "that", "each"):
            return None
        if used == 1 and at[0].typ == "o" and at[0].word in ("half",) and i + 1 < self.n \
                and toks[i + 1].glued and toks[i + 1].t in HYPHENS:
            return None
        if last.typ == "s":
            c.mult = last.val
        elif last.typ == "o" and last.j + 2 < self.n and toks[last.j].lo == "of" \
                and toks[last.j + 1].lo in ("a", "an") and toks[last.j + 2].lo in W.SCALES:
            c.mult = W.SCALES[toks[last.j + 2].lo]
            c.v = v = v * c.mult                    # "two thirds of a million"
            c.j = last.j + 3
        c.lo = c.hi = v
        return c

    def _fraction_context(self, j: int) -> bool:
        if j >= self.n:
            return True
        t = self.toks[j]
        return t.k != "w" or t.lo in ("of", "and", "or", "than", "as", "the")

    def _one_pronoun(self, i: int) -> bool:
        prev = self.word(i - 1)
        nxt = self.word(i + 1)
        return prev in W.ONE_PRONOUN_BEFORE or nxt in W.ONE_PRONOUN_AFTER or (
            i + 1 < self.n and self.toks[i + 1].glued and self.toks[i + 1].t in "'’")

    def ratio(self, c: Core) -> Core:
        """ "one in five", "1 over 3", "two out of five hundred"."""
        toks, n = self.toks, self.n
        j = c.j
        if j >= n or c.kind != "quantity" or c.unit or c.mult != 1.0:
            return c
        w = toks[j].lo
        k = j + 1
        if w == "out" and k < n and toks[k].lo == "of":
            k += 1
        elif w not in ("over", "in"):
            return c
        if k >= n or toks[k].k not in ("n", "w") or self.currency_before(c.i)[0]:
            return c
        if toks[k].k == "w" and toks[k].lo not in W.NUMBER_WORDS:
            return c
        d = self.numeric(k) if toks[k].k == "n" else self.words(k)
        if d is None or d.kind != "quantity" or not d.v or d.mult != 1.0 and w != "out":
            return c
        if d.j < n and toks[d.j].lo in W.TIME_UNITS:
            return c
        if d.plain_int and 1000 <= d.v <= 2100:
            return c
        if w in ("in", "out") and not (c.v < d.v or (c.v == d.v and w == "out")):
            return c
        if w == "in" and c.v > 100:
            return c
        r = Core(c.i, d.j, c.v / d.v)
        r.word = True
        return r


def attach_units(sc: Scanner, c: Core) -> None:
    """Set ``c.unit`` from a currency before the core or a percent / currency after it."""
    if c.kind not in ("quantity",):
        return
    toks, n = sc.toks, sc.n
    first = c.i
    while first < c.j and toks[first].t in "-−+" or toks[first].lo in ("minus", "negative"):
        first += 1
        if first >= n:
            return
    code, k = sc.currency_before(first)
    if code is not None and k < c.i:
        c.unit = code
        c.i = c.hs = k
    j = c.j
    if j < n:
        t = toks[j]
        if t.t == "%" or t.lo in W.PERCENT_WORDS:
            c.unit = "%"
            c.j = c.he = j + 1
        elif t.lo == "per" and j + 1 < n and toks[j + 1].lo == "cent":
            c.unit = "%"
            c.j = c.he = j + 2
        elif t.lo == "percentage" and j + 1 < n and toks[j + 1].lo == "points":
            c.unit = "%"
            c.j = c.he = j + 2
        elif t.t in W.CURRENCY_SYMBOLS and t.glued and c.unit is None:
            c.unit = W.CURRENCY_SYMBOLS[t.t]
            c.j = c.he = j + 1
        elif c.unit is None and t.lo in W.CURRENCY_WORDS:
            c.unit = W.CURRENCY_WORDS[t.lo]
        elif c.unit is None and t.lo in ("pounds", "pound") and j + 1 < n and toks[j + 1].lo == "sterling":
            c.unit = "GBP"


def world_war(sc: Scanner, i: int) -> Core | None:
    """ "World War II" at token i, read as a name."""
    toks = sc.toks
    if i + 1 < sc.n and toks[i].t == "World" and toks[i + 1].t == "War" and i + 2 < sc.n:
        t = toks[i + 2]
        val = {"I": 1, "II": 2, "One": 1, "Two": 2, "1": 1, "2": 2}.get(t.t)
        if val:
            c = Core(i, i + 3, float(val))
            c.kind = "name"
            return c
    return None


_DOTTED_DATE_RE = re.compile(r"(?:0?[1-9]|[12]\d|3[01])\.(?:0?[1-9]|1[0-2])\.(?:\d{2}|\d{4})$")


def dotted(sc: Scanner, i: int, cores: list[Core]) -> Core | None:
    """ "18.10.2024" is a date; "192.168.1.2" or "3.11.7" are codes read part by part."""
    t = sc.toks[i]
    if _DOTTED_DATE_RE.match(t.t):
        c = Core(i, i + 1, 0.0)
        c.kind = "date"
        return c
    if sc.masked(i):
        return None
    pos = t.s
    for part in t.t.split("."):
        c = Core(i, i + 1, float(part))
        c.kind = "name"
        c.chars = (pos, pos + len(part))
        cores.append(c)
        pos += len(part) + 1
    return None
