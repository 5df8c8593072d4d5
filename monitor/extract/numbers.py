"""Find the numbers in news text, with hedges, ranges, units and what kind of number each is.

Design
------
Three layers, each importing only the ones below it:

- :mod:`~monitor.extract.number_words`: the word tables (number words, multipliers,
  currencies, hedge phrases, vague amounts, context words).
- :mod:`~monitor.extract.number_lexer`: one pass of a precompiled tokenizer splits the
  text into numeric literals ("10,000", "1.28", "1e-3", "2.48×10−5"), words, vulgar
  fractions and punctuation; a small grammar reads runs of number words.
- :mod:`~monitor.extract.number_scan`: the scanner that reads number cores and their units.

This module walks the tokens and assembles the mentions:

1. **Cores.** At a digit or number word the scanner reads the longest number it can
   ("$3.5bn", "one hundred and five", "two thirds", "one in five"). Dates, times, phone
   numbers, vague amounts ("tens of thousands") and numbers glued into codes ("G20") are
   recognised at the same point so their digits are never read as quantities.
2. **Units.** A currency before ("$", "US$", "€") or a percent after sets ``unit``.
3. **Ranges.** "between X and Y", "from X to Y", "X to Y", "X-Y", "X~Y", "two or three",
   with a shared unit ("44 mg to 50 mg"). "11 to 12,000" borrows the scale of the second
   figure (11,000-12,000); "rose from X to Y" is a change, not a range.
4. **Hedges** around a core set the qualifier: see ``number_words.PREFIX_HEDGES`` and
   ``SUFFIX_HEDGES``. "approx" keeps low == high (callers widen); "at_least" leaves high
   open, "at_most" leaves low open. "about" after a verb of knowing or talking ("we know
   about 10,000") is a preposition. "more than 10 and less than 20" becomes one range.
5. **Kinds.** Context words decide: year ("in 2022", "Russia's 2022 invasion"), date,
   time, duration ("three months", "two-year"), age ("aged 45", "5-year-old"), ordinal,
   name ("Boeing 737", "F-16", "Voyager 2"), phone, else quantity.

Vague amounts (``vague=True``, qualifier ``approx``; ``number_words.VAGUE``):

    dozens 24-99          scores (of) 40-99        a handful 3-5
    hundreds 200-999      a few hundred 200-500    several hundred 200-999
    thousands 2,000-9,999 a few thousand 2,000-5,000  several thousand 2,000-9,999
    low thousands 1,000-3,999   tens of thousands 10,000-99,999
    hundreds of thousands 100,000-999,999   millions 2e6-9.99e6   billions 2e9-9.99e9
    several / a few / a couple of + time unit -> vague duration (3-9 / 2-5 / 2)

``find_numbers`` returns every mention with its kind; ``parse_numbers`` is the plain number
recogniser the peer suites score: no dates, times, ordinals or vague amounts, and phone
numbers / numeric dates split into their digit groups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from monitor.extract import number_words as W
from monitor.extract.number_lexer import HYPHENS, QUICK_RE
from monitor.extract.number_scan import VAGUE_FIRST, Core, Scanner, attach_units, dotted, world_war

__all__ = ["NumberMention", "find_numbers", "parse_numbers"]


@dataclass(frozen=True, kw_only=True, slots=True)
class NumberMention:
    """One number found in a text.

    ``text == source[start:end]`` (end exclusive) and includes hedge words ("more than
    3,000"); ``value_start``/``value_end`` delimit the number itself ("3,000"). ``low`` and
    ``high`` bound the value (None = open side); ``qualifier`` is exact, approx, at_least,
    at_most or range; ``kind`` is quantity, date, year, time, ordinal, duration, age, name or
    phone; ``unit`` is "%" or a currency code; ``vague`` marks amounts like "thousands".
    """

    start: int
    end: int
    text: str
    low: float | None
    high: float | None
    qualifier: str
    kind: str = "quantity"
    unit: str | None = None
    vague: bool = False
    value_start: int = -1
    value_end: int = -1

    def __post_init__(self) -> None:
        if self.value_start < 0:
            object.__setattr__(self, "value_start", self.start)
        if self.value_end < 0:
            object.__setattr__(self, "value_end", self.end)


# --------------------------------------------------------------------------- assembly

_CONNECT_RANGE = {"to": "to", "through": "to", "thru": "to", "till": "to", "until": "to",
                  "-": "-", "–": "-", "—": "-", "~": "~", "or": "or", "and": "and"}


def _prefix_hedge(sc: Scanner, i: int) -> tuple[str | None, int]:
    """(qualifier, first token index) of a hedge phrase ending just before token i."""
    toks = sc.toks
    for ln in range(min(W.HEDGE_MAX_LEN, i), 0, -1):
        key = tuple(toks[k].lo for k in range(i - ln, i))
        q = W.PREFIX_HEDGES.get(key)
        if q is None:
            continue
        first = toks[i - ln]
        if first.k == "p" and i - ln > 0 and first.glued and toks[i - ln - 1].t in "<>=":
            return None, i                                    # "<>30", "=>30"
        if key == ("about",) and (sc.word(i - 2) in W.ABOUT_VERBS or sc.word(i - 2) in _OBJECTS
                                  and sc.word(i - 3) in W.ABOUT_VERBS):
            return None, i
        if key[-1] in ("over", "under") and i - ln > 0 and sc.word(i - ln - 1) in ("all", "hand", "take"):
            return None, i
        return q, i - ln
    return None, i


_OBJECTS = frozenset({"us", "me", "him", "her", "them", "you", "it", "reporters", "journalists"})


def _suffix_hedge(sc: Scanner, j: int) -> tuple[str | None, int]:
    toks, n = sc.toks, sc.n
    for ln in (2, 1):
        if j + ln > n:
            continue
        key = tuple(toks[k].lo for k in range(j, j + ln))
        q = W.SUFFIX_HEDGES.get(key)
        if q is None:
            continue
        if key[0] in ("+", "-") and not toks[j].glued:
            continue
        after = j + ln
        if after < n and (toks[after].k == "n" or toks[after].lo in W.NUMBER_WORDS):
            continue
        if after < n and toks[after].lo in ("or", "equal"):
            continue                                # "and less or equal than 35"
        if after < n and toks[after].lo == "than":
            if after + 1 < n and toks[after + 1].k != "p":
                continue                            # "or greater than 190"
            after += 1
        return q, after
    return None, j


def _or_equal(sc: Scanner, j: int) -> int:
    """Extend over "or equal (to) (it)" when no number follows."""
    toks, n = sc.toks, sc.n
    if j + 1 < n and toks[j].lo == "or" and toks[j + 1].lo == "equal":
        k = j + 2
        if k < n and toks[k].lo == "to":
            k += 1
        if k < n and (toks[k].k == "n" or toks[k].lo in W.NUMBER_WORDS):
            return j
        if k < n and toks[k].lo == "it":
            k += 1
        return k
    return j


def _unit_tokens(sc: Scanner, j: int, limit: int = 3) -> list[str]:
    out = []
    k = j
    while k < sc.n and len(out) < limit:
        t = sc.toks[k]
        if t.k == "n" or t.lo in _CONNECT_RANGE or t.lo in W.NUMBER_WORDS or t.t in "$£€¥,.;:()":
            break
        out.append(t.t)
        k += 1
    return out


def _scale_of(c: Core) -> float:
    if c.mult != 1.0:
        return c.mult
    if c.grp and c.v >= 1000:                     # "12,000" in "11 to 12,000"
        return 1000.0
    return 1.0


def _make_range(sc: Scanner, a: Core, b: Core, start: int) -> Core | None:
    lo, hi = a.v, b.v
    if a.kind not in ("quantity", "year", "duration", "age") or b.kind != a.kind and not (
            a.kind == "quantity" and b.kind in ("duration", "age")):
        return None
    if a.vague or b.vague:
        return None
    sb = _scale_of(b)
    if sb > 1 and a.mult == 1.0 and not a.grp and lo > 0 and lo < hi:
        if b.mult != 1.0 and lo * sb <= hi:
            lo *= sb
        elif b.mult == 1.0 and lo < 1000 and hi / 10 <= lo * sb <= hi:
            lo *= sb
    if not (lo < hi or (lo > hi and hi < 0)):
        return None
    r = Core(start, b.j, lo)
    r.lo, r.hi = (lo, hi) if lo <= hi else (hi, lo)
    r.qual = "range"
    r.kind = b.kind if b.kind != "quantity" else a.kind
    r.unit = b.unit or a.unit
    r.hs, r.he = start, b.he
    r.word = a.word or b.word
    return r


def _ranges(sc: Scanner, cores: list[Core]) -> list[Core]:
    out: list[Core] = []
    k = 0
    while k < len(cores):
        a = cores[k]
        if k + 1 < len(cores) and not a.skip and not cores[k + 1].skip:
            b = cores[k + 1]
            r = _try_range(sc, a, b)
            if r is not None:
                out.append(r)
                k += 2
                continue
        out.append(a)
        k += 1
    return out


def _try_range(sc: Scanner, a: Core, b: Core) -> Core | None:
    toks = sc.toks
    ii = a.i - 1
    while sc.word(ii) in ("about", "around", "some", "roughly", "approximately", "nearly", "almost"):
        ii -= 1
    intro = sc.word(ii)
    gap = list(range(a.j, b.i))
    unit: list[str] = []
    if gap and toks[gap[0]].lo not in _CONNECT_RANGE and toks[gap[0]].t not in HYPHENS:
        unit = _unit_tokens(sc, a.j)
        if not unit:
            return None
        gap = gap[len(unit):]
        after = [t.t for t in toks[b.j:b.j + len(unit)]]
        if after != unit:
            return None
    words = [toks[g].lo for g in gap]
    if words and words[0] in ("-", "–") and len(words) == 2 and words[1] == "to" \
            and toks[gap[0]].glued:
        words = ["to"]                              # "8- to 16-meter"
    if len(words) != 1:
        return None
    conn = _CONNECT_RANGE.get(words[0]) or ("-" if words[0] in HYPHENS else None)
    if conn is None:
        return None
    if conn == "-" and (a.word or b.word):
        return None
    if conn == "and" and intro != "between":
        return None
    if conn == "to" and intro == "from" and sc.word(ii - 1) in W.CHANGE_VERBS:
        return None
    if conn == "to" and sc.word(a.i - 1) in W.CHANGE_VERBS | {"by"} and intro != "from":
        return None
    if conn == "or" and not (a.plain_int or a.word) or conn == "or" and not (
            b.plain_int or b.word) or conn == "or" and not (a.v < b.v <= 3 * a.v + 2):
        return None
    if conn == "-" and (a.dec >= 0) != (b.dec >= 0) and b.dec >= 0:
        return None
    if a.qual != "exact" or b.qual != "exact":
        return None
    start = a.i
    if intro in ("between", "from") and not (a.i > 0 and toks[a.i - 1].glued):
        start = a.i - 1
    r = _make_range(sc, a, b, start)
    if r is not None:
        r.i = a.i
        if unit:
            r.he = r.j = b.j + len(unit)             # "from 44 mg to 50 mg"
            if a.unit is None:
                r.unit = b.unit
    return r


def _hedges(sc: Scanner, c: Core) -> None:
    if c.qual == "range" or c.kind in ("date", "time", "phone", "ordinal", "name"):
        return
    q, first = _prefix_hedge(sc, c.hs)
    if q is not None and q != "exact":
        nxt = sc.word(c.j)
        if sc.word(first) in ("over", "under") and sc.toks[first].lo == sc.word(c.hs - 1) \
                and nxt in W.TIME_UNITS and sc.word(c.j + 1) != "old":
            q = None                                # "over three years" = during
    if q is not None and not c.vague:
        c.qual = q
        c.hs = first
    elif q == "exact":
        c.hs = first
    sq, after = _suffix_hedge(sc, c.he)
    if sq is not None and not c.vague:
        c.qual = sq
        c.he = after
    if c.qual in ("at_least", "at_most"):
        c.he = _or_equal(sc, c.he)
    if c.qual == "at_least":
        c.hi = None
    elif c.qual == "at_most":
        c.lo = None


def _combine_bounds(sc: Scanner, cores: list[Core]) -> list[Core]:
    """ "more than 10 and less than 20" -> one range."""
    out: list[Core] = []
    k = 0
    while k < len(cores):
        a = cores[k]
        if k + 1 < len(cores):
            b = cores[k + 1]
            between = [sc.toks[g].lo for g in range(a.he, b.hs)]
            if between in (["and"], [","], ["but"], [", ", "and"], [",", "and"]) and \
                    {a.qual, b.qual} == {"at_least", "at_most"}:
                lo = a.lo if a.qual == "at_least" else b.lo
                hi = a.hi if a.qual == "at_most" else b.hi
                low_core = a if a.qual == "at_least" else b
                high_core = b if low_core is a else a
                if lo is not None and hi is not None and high_core.mult > 1 \
                        and low_core.mult == 1.0 and not low_core.grp and lo * high_core.mult <= hi:
                    lo *= high_core.mult                # "more than 10 and fewer than 20 thousand"
                if lo is not None and hi is not None and lo < hi:
                    r = Core(a.i, b.j, lo)
                    r.lo, r.hi, r.qual = lo, hi, "range"
                    r.hs, r.he, r.kind, r.unit = a.hs, b.he, a.kind, a.unit or b.unit
                    out.append(r)
                    k += 2
                    continue
        out.append(a)
        k += 1
    return out


def _year_after(sc: Scanner, c: Core) -> None:
    """Extend a date over ", 2024" or " 2024"."""
    toks, j = sc.toks, c.j
    if j < sc.n and toks[j].t == "," and j + 1 < sc.n:
        j += 1
    if j < sc.n and toks[j].k == "n" and len(toks[j].t) == 4 and toks[j].t.isdigit():
        c.j = c.he = j + 1


def _classify(sc: Scanner, c: Core) -> None:
    toks, n = sc.toks, sc.n
    if c.kind == "ordinal" and c.j - c.i == 2 and toks[c.i].k == "n":
        prev = sc.word(c.i - 1)
        if prev in W.MONTHS and toks[c.i - 1].t[:1].isupper():
            c.kind, c.i, c.hs = "date", c.i - 1, c.i - 1        # "May 4th"
            _year_after(sc, c)
        elif sc.word(c.j) == "of" and sc.word(c.j + 1) in W.MONTHS:
            c.kind, c.j, c.he = "date", c.j + 2, c.j + 2        # "the 4th of June"
            _year_after(sc, c)
        return
    if c.kind != "quantity":
        return
    j = c.j
    nxt = sc.word(j)
    if c.unit:
        nxt = ""                                    # "12 per cent year-on-year"
    elif j < n and toks[j].t in HYPHENS and toks[j].glued and j + 1 < n and toks[j + 1].glued:
        w = sc.word(j + 1)
        if w in ("year", "years") and sc.word(j + 2) in HYPHENS and sc.word(j + 3) == "old":
            c.kind = "age"
            return
        if w in W.TIME_UNITS:
            c.kind = "duration"
            return
    if nxt in W.TIME_UNITS:
        if sc.word(j + 1) == "old" or sc.word(j + 1) in HYPHENS and sc.word(j + 2) == "old":
            c.kind = "age"
        else:
            c.kind = "duration"
        return
    if c.vague:
        return
    prev = sc.word(c.i - 1)
    if prev in W.AGE_WORDS or (prev == "of" and sc.word(c.i - 2) == "age"):
        c.kind = "age"
        return
    if c.qual == "range" or not c.plain_int or c.unit:
        return
    t = toks[c.i]
    if t.k != "n":
        return
    v = c.v
    if prev in W.MONTHS and 1 <= v <= 31 and toks[c.i - 1].t[:1].isupper():
        c.kind = "date"
        c.i = c.hs = c.i - 1
        _year_after(sc, c)
        return
    if prev == "." and c.i > 1 and sc.word(c.i - 2) in W.MONTHS and toks[c.i - 2].t[:1].isupper() and 1 <= v <= 31:
        c.kind = "date"                             # "Aug. 8", "Sept. 12"
        c.i = c.hs = c.i - 2
        _year_after(sc, c)
        return
    if (nxt in W.MONTHS and toks[j].t[:1].isupper()) and 1 <= v <= 31:
        c.kind = "date"
        c.j = c.he = j + 1
        if j + 1 < n and toks[j + 1].k == "n" and len(toks[j + 1].t) == 4:
            c.j = c.he = j + 2
        return
    if len(t.t) == 4 and 1000 <= v <= 2100:
        ptok = toks[c.i - 1] if c.i > 0 else None
        if prev in W.YEAR_PREPS or prev in W.MONTHS or prev in HYPHENS and sc.word(c.i - 2) in (
                "mid", "pre", "post", "early", "late") or (ptok is not None and ptok.k == "w" and (
                ptok.lo.endswith(("'s", "’s")))) or nxt in ("'s", "’s") or \
                (ptok is not None and ptok.t == "," and sc.word(c.i - 2) in W.MONTHS) or \
                (ptok is not None and ptok.k == "n" and sc.word(c.i - 2) in W.MONTHS):
            c.kind = "year"
            return
    if c.i > 0:
        p = toks[c.i - 1]
        if p.t in HYPHENS and p.glued and t.glued and c.i > 1 and toks[c.i - 2].k == "w" \
                and any(ch.isupper() for ch in toks[c.i - 2].t):
            c.kind = "name"                         # F-16, COVID-19, SCP-173
            c.i = c.hs = c.i - 2
            return
        if p.k == "w" and not t.glued:
            if p.lo in W.NAME_PREFIXES and p.t[:1].isupper() or p.lo in ("s&p",) or (
                    p.t == "P" and c.i > 2 and toks[c.i - 2].t == "&"):
                c.kind = "name"
                return
            pp = toks[c.i - 2] if c.i > 1 else None
            sentence_start = pp is None or pp.t in ".!?\"“”:;—–-("
            if p.t[:1].isupper() and not sentence_start and p.lo not in W.MONTHS \
                    and p.lo not in W.WEEKDAYS and p.lo not in W.NUMBER_WORDS \
                    and (j >= n or not (toks[j].k == "w" and toks[j].t.islower() and toks[j].t.endswith("s"))) \
                    and not _listed_count(toks, c.i, j):
                c.kind = "name"                     # Boeing 737, Voyager 2, English 101
                return


def _listed_count(toks: list, i: int, j: int) -> bool:
    """Whether the number at token ``i`` (ending before ``j``) is one count in a list of named counts after a
    first figure: "North Carolina had 117 deaths, South Carolina 48, Georgia 33 and Virginia 2"."""
    k = i - 1
    while k >= 0 and toks[k].k == "w" and toks[k].t[:1].isupper():
        k -= 1
    if k < 1 or k == i - 1 or not (toks[k].t == "," or toks[k].lo == "and"):
        return False
    if j < len(toks) and not (toks[j].t in (",", ".", ";") or toks[j].lo == "and"):
        return False
    return any(t.k == "n" for t in toks[max(0, k - 40) : k])


def _scan(text: str) -> tuple[Scanner, list[Core]]:
    sc = Scanner(text)
    toks = sc.toks
    cores: list[Core] = []
    i = 0
    n = sc.n
    while i < n:
        t = toks[i]
        c = None
        if t.k == "n" or t.t in "+(" or t.k == "w" and (t.lo in VAGUE_FIRST):
            c = sc.special(i)
        if c is None and t.k == "d":
            c = dotted(sc, i, cores)
            if c is None:
                i += 1
                continue
        if c is None and t.t == "World":
            c = world_war(sc, i)
        if c is None and (t.k == "n" or t.t in "-−+" or t.k == "w" and (
                t.lo in W.NUMBER_WORDS or t.lo in ("a", "an", "minus", "negative", "half", "quarter"))):
            c = sc.core_at(i)
        if c is None:
            if t.k == "n":
                # skip the rest of a masked code ("LGA1156", "J1149.5+6663")
                i += 1
                while i < n and toks[i].glued and toks[i].k != "w" and not (
                        toks[i].k == "p" and toks[i].t in ",;)]}"):
                    i += 1
                continue
            i += 1
            continue
        cores.append(c)
        i = max(c.j, i + 1)
    # plus/minus readings: "9.83e-3 +/- 1e-5"
    merged: list[Core] = []
    for c in cores:
        if merged:
            a = merged[-1]
            gap = "".join(toks[g].t for g in range(a.j, c.i))
            if gap in ("±", "+/-", "+-") and a.kind == "quantity" and c.kind == "quantity":
                a.lo, a.hi = a.v - abs(c.v), a.v + abs(c.v)
                a.qual, a.j, a.he = "range", c.j, c.j
                continue
        merged.append(c)
    for c in merged:
        c.hs, c.he = min(c.hs, c.i), max(c.he, c.j)
        attach_units(sc, c)
        c.he = max(c.he, c.j)
    for c in merged:
        _classify(sc, c)
    cores = _ranges(sc, merged)
    for c in cores:
        _hedges(sc, c)
    cores = _combine_bounds(sc, cores)
    for k, c in enumerate(cores):
        if c.kind == "quantity" and c.qual == "range" and sc.word(c.hs - 1) in W.AGE_WORDS:
            c.kind = "age"                          # "aged between 15 and 66", "aged from 3 to 80"
        elif c.kind == "quantity" and k and cores[k - 1].kind == "age" and cores[k - 1].he == c.hs - 1 \
                and sc.word(c.hs - 1) in ("to", "and", "-", "–"):
            c.kind = "age"                          # "aged 15 to 66"
    return sc, cores


def _mention(sc: Scanner, c: Core) -> NumberMention:
    toks, text = sc.toks, sc.text
    if c.chars is not None:
        s, e = c.chars
        return NumberMention(start=s, end=e, text=text[s:e], low=c.lo, high=c.hi, qualifier="exact",
                             kind=c.kind)
    s = toks[c.hs].s
    e = toks[min(c.he, sc.n) - 1].e
    vs = toks[c.i].s
    ve = toks[min(c.j, sc.n) - 1].e
    return NumberMention(start=s, end=e, text=text[s:e], low=c.lo, high=c.hi, qualifier=c.qual,
                         kind=c.kind, unit=c.unit, vague=c.vague, value_start=vs, value_end=ve)


def find_numbers(text: str) -> list[NumberMention]:
    """Every numeric mention in ``text``, in order and non-overlapping, each with its kind.

    Dates, years, times, ordinals, durations, ages, names and phone numbers are returned
    too, classified by ``kind``, so callers can tell figure claims from furniture.
    """
    if not text or not QUICK_RE.search(text):
        return []
    sc, cores = _scan(text)
    out: list[NumberMention] = []
    last_end = -1
    for c in cores:
        if c.skip or c.hs >= sc.n or c.he <= c.hs:
            continue
        m = _mention(sc, c)
        if m.start < last_end:
            continue
        out.append(m)
        last_end = m.end
    return out


_DROPPED_KINDS = frozenset({"date", "time", "ordinal"})
_DIGIT_GROUP_RE = re.compile(r"\d+")
_SLASH_DATE_RE = re.compile(r"\d{1,2}/\d{1,2}/\d{2,4}$")


def parse_numbers(text: str) -> list[NumberMention]:
    """The plain numbers in ``text``: what a number recogniser returns.

    ``find_numbers`` without dates, times, ordinals and vague amounts; phone numbers and
    numeric dates ("5/17/2018") come back as their separate digit groups.
    """
    out: list[NumberMention] = []
    for m in find_numbers(text):
        if m.kind == "phone" or m.kind == "date" and _SLASH_DATE_RE.match(m.text):
            for g in _DIGIT_GROUP_RE.finditer(m.text):
                v = float(g.group())
                s = m.start + g.start()
                out.append(NumberMention(start=s, end=s + len(g.group()), text=g.group(), low=v,
                                         high=v, qualifier="exact", kind=m.kind))
            continue
        if m.kind in _DROPPED_KINDS or m.vague:
            continue
        out.append(m)
    return out
