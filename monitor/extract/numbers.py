"""Find the numbers in news text, with hedges, ranges, units and what kind of number each is.

Design
------
One pass of a precompiled tokenizer splits the text into numeric literals ("10,000",
"1.28", "1e-3", "2.48×10−5"), words, vulgar fractions and punctuation. A scanner then
walks the tokens:

1. **Cores.** At a digit or number word it reads the longest number it can: digits with
   glued or spaced multipliers ("$3.5bn", "12k", "1.5 million"), English number words
   through a small grammar ("one hundred and five", "twenty-one trillion three hundred"),
   fractions ("two thirds", "2 1/4", "one and a half", "half a million"), decimals in words
   ("five point five") and ratios ("one in five", "1 over 3"). Dates, times, phone numbers,
   vague amounts ("tens of thousands") and numbers glued into codes ("G20", "LGA1156")
   are recognised at the same point so their digits are never read as quantities.
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

import math
import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass

from monitor.extract import number_words as W

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


# --------------------------------------------------------------------------- tokenizer

_VULGAR = "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅐⅛⅜⅝⅞⅑⅒"
_NUM = r"""
(?:\d{1,3}(?:,\d{3})+(?!\d)(?:\.\d+)?
  |\d{1,3}(?:\.\d{3})+,\d+(?!\d)(?!,\d)
  |(?<![^\W\d_])\d{1,3}(?:[\u00a0\u202f\u2009\x20]\d{3}(?!\d))+(?:\.\d+)?
  |(?<!\d,)\d+,\d{1,2}(?!\d)(?!,\d)
  |\d+(?:\.\d+)?
  |(?<!\d)\.\d+)
(?:[eE][-+]?\d+(?![^\W\d_]))?
(?:\^[-+−]*\d+|\x20?[x×]\x20?(?:\d+\^[-+−]*\d+|10[-−]\d+))?
"""
_TOKEN_RE = re.compile(
    rf"(?P<d>\d+(?:\.\d+){{2,}})|(?P<n>{_NUM})|(?P<f>[{_VULGAR}])"
    r"|(?P<w>[^\W\d_]+(?:['’][^\W\d_]+)*)|(?P<p>\S)", re.X)
_LIT_RE = re.compile(
    r"(?P<m>[^eE^x×]+?)(?:[eE](?P<e>[-+]?\d+))?"
    r"(?:\^(?P<p>[-+−]*\d+)|\x20?[x×]\x20?(?P<b>\d+)(?:\^(?P<bp>[-+−]*\d+)|(?P<bm>[-−]\d+)))?$")
_GROUP_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_QUICK_RE = re.compile(
    r"\d|[" + _VULGAR + r"]|World\s+War|\b(?:" + "|".join(sorted(
        set(W.UNITS) | set(W.TEENS) | set(W.TENS) | set(W.SCALES) | {"hundred", "dozen", "dozens"}
        | {"half", "quarter", "hundreds", "thousands", "millions", "billions", "scores",
           "handful", "several", "few", "couple", "third", "thirds", "fifth"}
        | {o for o in W.ORDINALS}, key=len, reverse=True)) + r")\b", re.I)

_HYPHENS = frozenset("-–—‐‑")
_MINUS = frozenset("-−")
_CONNECT_RANGE = {"to": "to", "through": "to", "thru": "to", "till": "to", "until": "to",
                  "-": "-", "–": "-", "—": "-", "~": "~", "or": "or", "and": "and"}


class _Tok:
    __slots__ = ("k", "s", "e", "t", "lo", "v", "grp", "dec", "glued")

    def __init__(self, k: str, s: int, e: int, t: str, glued: bool) -> None:
        self.k, self.s, self.e, self.t, self.glued = k, s, e, t, glued
        self.lo = t.lower()
        self.v: float | None = None
        self.grp = False   # written with thousands separators
        self.dec = -1      # digits after the decimal point, -1 for none


def _power(sign_text: str, digits: str) -> int:
    neg = sign_text.count("-") + sign_text.count("−")
    return -int(digits) if neg % 2 else int(digits)


def _lit_value(s: str, tok: _Tok) -> float | None:
    m = _LIT_RE.match(s)
    if not m:
        return None
    mant = m.group("m").strip()
    for ch in "\u00a0\u202f\u2009 ":
        mant = mant.replace(ch, "")
    if "," in mant and "." in mant and mant.index(".") < mant.index(","):
        mant = mant.replace(".", "").replace(",", ".")      # 1.111,11 (European)
        tok.grp = True
    elif "," in mant:
        if _GROUP_RE.match(mant):
            mant = mant.replace(",", "")
            tok.grp = True
        else:
            mant = mant.replace(",", ".")                  # 1,3 (decimal comma)
    elif mant != m.group("m").strip():
        tok.grp = True
    if "." in mant:
        tok.dec = len(mant) - mant.index(".") - 1
    try:
        v = float(mant)
        if m.group("e"):
            v *= 10.0 ** int(m.group("e"))
        p = m.group("p")
        if p:
            v = v ** _power(p[:-len(p.lstrip("-+−"))] if p[0] in "-+−" else "", p.lstrip("-+−"))
        elif m.group("b"):
            base = int(m.group("b"))
            if m.group("bp"):
                bp = m.group("bp")
                v *= float(base) ** _power(bp[:len(bp) - len(bp.lstrip("-+−"))], bp.lstrip("-+−"))
            else:
                v *= 10.0 ** -int(m.group("bm")[1:])
    except (OverflowError, ValueError, ZeroDivisionError):
        return None
    return v if math.isfinite(v) else None


def _tokenize(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    prev_end = -1
    for m in _TOKEN_RE.finditer(text):
        k = m.lastgroup or "p"
        s, e = m.span()
        t = _Tok(k, s, e, m.group(), s == prev_end)
        prev_end = e
        if k == "n":
            t.v = _lit_value(t.t, t)
            if t.v is None:
                t.k = "p"
        elif k == "f":
            t.v = unicodedata.numeric(t.t)
            t.k = "n"
            t.dec = 1
        toks.append(t)
    return toks


# --------------------------------------------------------------------------- word grammar

class _Atom:
    __slots__ = ("typ", "val", "i", "j", "plural", "word", "isint")

    def __init__(self, typ: str, val: float, i: int, j: int, word: str = "",
                 plural: bool = False, isint: bool = True) -> None:
        self.typ, self.val, self.i, self.j = typ, val, i, j
        self.word, self.plural, self.isint = word, plural, isint


def _card_type(v: float) -> str:
    if v < 10:
        return "u"
    if v < 20:
        return "t"
    if v < 100:
        return "d" if v % 10 == 0 else "c"
    return "h" if v == 100 else "s"


def _word_atom(tok: _Tok, i: int) -> _Atom | None:
    w = tok.lo
    if w in W.UNITS:
        return _Atom("u", W.UNITS[w], i, i + 1, w)
    if w in W.TEENS:
        return _Atom("t", W.TEENS[w], i, i + 1, w)
    if w in W.TENS:
        return _Atom("d", W.TENS[w], i, i + 1, w)
    if w == "hundred":
        return _Atom("h", 100, i, i + 1, w)
    if w in W.SCALES:
        return _Atom("s", W.SCALES[w], i, i + 1, w)
    if w in W.DOZEN:
        return _Atom("z", 12, i, i + 1, w)
    if w in W.ORDINALS:
        v, pl = W.ORDINALS[w]
        return _Atom("o", v, i, i + 1, w, pl)
    if w in ("and", "&"):
        return _Atom("and", 0, i, i + 1, w)
    if w in ("a", "an"):
        return _Atom("a", 1, i, i + 1, w)
    if w == "point":
        return _Atom("pt", 0, i, i + 1, w)
    return None


def _atoms(toks: list[_Tok], i: int, limit: int = 40) -> list[_Atom]:
    """The run of number-word atoms starting at token i (digits allowed as numbers)."""
    out: list[_Atom] = []
    n = len(toks)
    k = i
    while k < n and len(out) < limit:
        tok = toks[k]
        if out and k > i:
            prev = toks[k - 1]
            if tok.k == "p" and tok.t in _HYPHENS and k + 1 < n and toks[k + 1].k == "w" \
                    and out[-1].typ != "n":
                k += 1          # hyphen between two words: "twenty-one", "one - fourth"
                continue
            if tok.k == "p" and tok.t == "," and out[-1].typ == "s" and k + 1 < n \
                    and toks[k + 1].k == "w" and not toks[k + 1].glued:
                k += 1          # "three million, two hundred"
                continue
            if tok.glued and prev.k == "w" and tok.k == "w":
                break
        if tok.k == "w" or (tok.k == "p" and tok.t == "&"):
            a = _word_atom(tok, k)
            if a is None:
                if tok.lo in ("hundreds", "thousands", "millions", "billions") and out \
                        and out[-1].typ in ("u", "t", "c", "d"):
                    a = _Atom("h" if tok.lo == "hundreds" else "s",
                              100 if tok.lo == "hundreds" else W.SCALES[tok.lo[:-1]], k, k + 1)
                else:
                    break
            if a.typ == "a" and out and out[-1].typ not in ("and", "o"):
                break
            if a.typ == "u" and out and out[-1].typ == "d" and k > i and toks[k - 1].t in _HYPHENS:
                prev_a = out.pop()      # twenty-one
                a = _Atom("c", prev_a.val + a.val, prev_a.i, k + 1, prev_a.word + "-" + a.word)
            elif a.typ == "o" and a.val < 10 and out and out[-1].typ == "d" \
                    and toks[k - 1].t in _HYPHENS:
                prev_a = out.pop()      # twenty-first
                a = _Atom("o", prev_a.val + a.val, prev_a.i, k + 1,
                          prev_a.word + "-" + a.word, a.plural)
            out.append(a)
            if a.typ == "o":
                k += 1
                # an ordinal ends the run unless a scale follows ("three quarters million",
                # "half a dozen")
                if k < n and toks[k].k == "w" and (toks[k].lo in W.SCALES or len(out) == 1
                                                   and a.word in ("half", "quarter")
                                                   and toks[k].lo in ("a", "an")):
                    continue
                break
            k += 1
            continue
        if tok.k == "n" and (not out or out[-1].typ in ("and", "h", "s") or k == i):
            if out and tok.glued:
                break
            if k + 1 < n and toks[k + 1].glued and toks[k + 1].k in ("w", "n") and k > i:
                break
            out.append(_Atom("n", tok.v or 0.0, k, k + 1, tok.t, isint=tok.dec < 0))
            k += 1
            continue
        break
    return out


class _Card:
    __slots__ = ("value", "end", "last", "scale")

    def __init__(self, value: float, end: int, last: str | None, scale: float) -> None:
        self.value, self.end, self.last, self.scale = value, end, last, scale


def _cardinal(at: list[_Atom], lo: int, hi: int) -> _Card:
    """Greedy cardinal over atoms[lo:hi]; ``end`` is the index after the last atom used."""
    total = 0.0
    grp: float | None = None
    hpart = 0.0
    last: str | None = None
    prev_scale = math.inf
    last_chunk = 0.0
    end = lo
    snap = None
    k = lo
    result_scale = 0.0
    while k < hi:
        a = at[k]
        typ, v = a.typ, a.val
        if typ == "a":
            if k == lo and k + 1 < hi and at[k + 1].typ in ("h", "s", "z"):
                grp, last, k = 1.0, "a", k + 1
                continue
            break
        if typ == "and":
            if last in ("h", "s") and k + 1 < hi:
                snap = (total, grp, hpart, last, prev_scale, last_chunk, end, result_scale)
                k += 1
                continue
            break
        ok = False
        if typ == "u":
            if v == 0:
                ok = last is None
            elif grp is None:
                ok = last in (None, "s")
            else:
                ok = last in ("d", "h")
        elif typ in ("t", "c", "d"):
            ok = (grp is None and last in (None, "s")) or last == "h"
        elif typ == "n":
            if last is None:
                ok = True
            elif last == "h":
                ok = a.isint and 0 < v < 100
            elif last == "s" and grp is None:
                ok = a.isint and 0 < v < prev_scale
        elif typ == "h":
            if grp is not None and hpart == 0 and last in ("u", "t", "c", "d", "n", "a") \
                    and (grp < 100 or last == "n"):
                ok = True
            elif last is None and k + 1 < hi and at[k + 1].typ == "s":
                grp, ok = 1.0, True
        elif typ == "s":
            if grp is not None and v < prev_scale and last != "and":
                ok = True
            elif grp is None and last == "s":
                ok = True
        elif typ == "z":
            ok = grp is not None and last in ("u", "t", "c", "d", "n", "a")
        if not ok:
            if snap is not None and typ in ("h", "s"):
                total, grp, hpart, last, prev_scale, last_chunk, end, result_scale = snap
            break
        if typ in ("u", "t", "c", "d", "n"):
            grp = (grp or 0.0) + v
            result_scale = 0.0
        elif typ == "h":
            grp = (grp or 1.0) * 100
            hpart = grp
            result_scale = 0.0
        elif typ == "s":
            if grp is not None:
                last_chunk = grp * v
                total += last_chunk
            else:
                total += last_chunk * (v - 1)
                last_chunk *= v
            prev_scale = v
            grp, hpart = None, 0.0
            result_scale = v
        elif typ == "z":
            g = grp or 0.0
            rest = g - hpart
            grp = hpart + rest * 12 if rest else g * 12
        last = typ
        if typ in ("h", "s"):
            snap = None
        k += 1
        end = k
    return _Card(total + (grp or 0.0), end, last, result_scale)


def _full(at: list[_Atom], lo: int, hi: int) -> _Card | None:
    if lo >= hi:
        return None
    c = _cardinal(at, lo, hi)
    return c if c.end == hi else None


def _and_chain(at: list[_Atom], lo: int, hi: int) -> _Card | None:
    """Sum of cardinals joined by "and" over atoms[lo:hi] ("twenty and three")."""
    total, k, last = 0.0, lo, None
    while k < hi:
        c = _cardinal(at, k, hi)
        if c.end == k:
            return None
        total += c.value
        last = c
        k = c.end
        if k < hi:
            if at[k].typ != "and":
                return None
            k += 1
            if k >= hi:
                return None
    if last is None:
        return None
    return _Card(total, hi, last.last, last.scale)


def _fraction(at: list[_Atom], lo: int, hi: int) -> tuple[float, int] | None:
    """A fraction with a word denominator: "two thirds", "one and a half", "a twenty-first"."""
    q = next((k for k in range(lo, hi) if at[k].typ == "o"), None)
    if q is None or q == lo:
        return None
    o = at[q]
    ands = [k for k in range(lo, q) if at[k].typ == "and"]
    starts = [lo] + [k + 1 for k in ands]
    prefer_last = o.word in W.AND_DENOMINATORS
    if ands and not prefer_last:
        left = _cardinal(at, lo, ands[-1])
        prefer_last = left.end == ands[-1] and left.scale >= 1e6
    if prefer_last:
        starts.reverse()
    den_atom = _Atom(_card_type(o.val), o.val, o.i, o.j)
    for p in starts:
        left_v, left_scale = 0.0, 0.0
        if p > lo:
            lc = _and_chain(at, lo, p - 1)
            if lc is None:
                continue
            left_v, left_scale = lc.value, (lc.scale if lc.scale >= 1e6 else 0.0)
        for s in range(p + 1, q + 1):
            if at[s - 1].typ == "and" or any(a.typ in ("n", "pt") for a in at[p:q]):
                continue
            if s == p + 1 and at[p].typ == "a":
                nv = 1.0
            else:
                nc = _full(at, p, s)
                if nc is None:
                    continue
                nv = nc.value
            if not o.plural and nv != 1:
                continue
            if s == q:
                if o.word in W.NOT_DENOMINATORS:
                    continue
                dv = o.val
            else:
                if at[s].typ in ("h", "s", "and", "a"):
                    continue
                dc = _full(at[:q] + [den_atom], s, q + 1)
                if dc is None:
                    continue
                dv = dc.value
            if not dv:
                continue
            frac = nv / dv
            end = q + 1
            if end < len(at) and at[end].typ == "s":      # "three quarters million"
                sc = at[end].val
                end += 1
                if left_scale:
                    return left_v + frac * sc, end
                return (left_v + frac) * sc, end
            return left_v + frac * (left_scale or 1.0), end
    return None


def _point_digits(at: list[_Atom], k: int) -> tuple[str, int]:
    digits = ""
    while k < len(at) and at[k].typ in ("u", "t", "c", "d"):
        digits += str(int(at[k].val))
        k += 1
    return digits, k


def _words_value(at: list[_Atom]) -> tuple[float, int, str] | None:
    """Value of the atom run, the number of atoms used, and a kind hint."""
    if not at:
        return None
    first = at[0]
    if first.typ == "o":
        if first.word in ("half", "quarter"):
            if len(at) > 2 and at[1].typ == "a" and at[2].typ in ("s", "z"):
                return first.val and at[2].val / first.val, 3, ""
            if len(at) > 1 and at[1].typ == "s":
                return at[1].val / first.val, 2, ""
            if first.word == "half":
                return 0.5, 1, ""
            return None
        return first.val, 1, "ordinal"
    fr = _fraction(at, 0, len(at))
    if fr is not None:
        return fr[0], fr[1], ""
    c = _cardinal(at, 0, len(at))
    if c.end == 0:
        return None
    val, end = c.value, c.end
    if end + 1 < len(at) and at[end].typ == "pt":
        digits, k2 = _point_digits(at, end + 1)
        if digits:
            val = val + float("0." + digits)
            end = k2
    return val, end, ""


# --------------------------------------------------------------------------- cores

class _Core:
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
_VAGUE_FIRST = frozenset({"the", "low", "mid", "high", "upper", "lower", "tens", "hundreds", "a",
                          "several", "many", "dozens", "thousands", "millions", "billions",
                          "trillions", "scores"})
_ORD_SUFFIX = frozenset({"st", "nd", "rd", "th"})


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _tokenize(text)
        self.starts = [t.s for t in self.toks]
        self.n = len(self.toks)

    def tok_index(self, pos: int) -> int:
        return bisect_left(self.starts, pos)

    def word(self, k: int) -> str:
        return self.toks[k].lo if 0 <= k < self.n else ""

    # ---------------------------------------------------------------- special spans
    def special(self, i: int) -> _Core | None:
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
        if tok.k == "w" and tok.lo in _VAGUE_FIRST:
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

    def _span_core(self, end_char: int, i: int, kind: str) -> _Core:
        j = self.tok_index(end_char)
        while j < self.n and self.toks[j].s < end_char:
            j += 1
        c = _Core(i, max(j, i + 1), self.toks[i].v or 0.0)
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
        if p.t in _HYPHENS | {"−", "+", "."} and i > 1 and p.glued and toks[i - 2].k == "w":
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

    def numeric(self, i: int) -> _Core | None:
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
                c = _Core(i, j + 2, 0.0)
                c.skip = True
                return c
            v = v / den
            j += 2
            c = _Core(i, j, v)
            c.dec = 1
            return self._tail(c)
        if t.dec < 0 and j < n and toks[j].k == "n" and not toks[j].glued and toks[j].t not in _VULGAR:
            if j + 2 < n and toks[j + 1].t == "/" and toks[j + 1].glued and toks[j + 2].glued \
                    and toks[j + 2].k == "n" and toks[j].dec < 0:
                num, den = toks[j].v or 0.0, toks[j + 2].v or 0.0
                if 0 < num < den:
                    c = _Core(i, j + 3, v + num / den)
                    c.dec = 1
                    return self._tail(c)
        if j < n and toks[j].glued and toks[j].k == "n" and toks[j].t in _VULGAR:
            c = _Core(i, j + 1, v + (toks[j].v or 0.0))
            c.dec = 1
            return self._tail(c)
        c = _Core(i, j, v)
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
                at = _atoms(self.toks, i)
                res = _words_value(at) if at else None
                if res and res[1] > 1:
                    c.v, c.j = res[0], at[res[1] - 1].j
                    c.word = True
                    c.plain_int = False
                    last = at[res[1] - 1]
                    if last.typ in ("h", "s", "z"):
                        c.mult = last.val           # lets "2 to 3 million" borrow the scale
                    return self._tail(c)
        return self._tail(c)

    def _money_context(self, i: int, j: int, t: _Tok) -> bool:
        """Whether a glued "m"/"b" is million/billion rather than metres/bits."""
        if self.currency_before(i)[0] is not None or t.dec >= 0:
            return True
        nxt = j + 1
        if self.toks[j].t == "m" and nxt < self.n and not self.toks[nxt].glued \
                and self.toks[nxt].k == "w" and self.toks[nxt].t.islower():
            return self.toks[nxt].lo not in W.METRE_CONTEXT     # "4m people" vs "2m tall"
        return False

    @staticmethod
    def _tail(c: _Core) -> _Core:
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

    def core_at(self, i: int) -> _Core | None:
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

    def words(self, i: int) -> _Core | None:
        toks = self.toks
        tok = toks[i]
        if tok.lo not in W.NUMBER_WORDS and tok.lo not in ("a", "an", "half", "quarter"):
            return None
        if tok.lo == "quarter" and not (i + 1 < self.n and toks[i + 1].lo in W.SCALES):
            return None
        at = _atoms(toks, i)
        res = _words_value(at)
        if res is None:
            return None
        v, used, hint = res
        last = at[used - 1]
        c = _Core(i, last.j, v)
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
                and toks[i + 1].glued and toks[i + 1].t in _HYPHENS:
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

    def ratio(self, c: _Core) -> _Core:
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
        r = _Core(c.i, d.j, c.v / d.v)
        r.word = True
        return r


# --------------------------------------------------------------------------- assembly

def _prefix_hedge(sc: _Scanner, i: int) -> tuple[str | None, int]:
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


def _suffix_hedge(sc: _Scanner, j: int) -> tuple[str | None, int]:
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


def _or_equal(sc: _Scanner, j: int) -> int:
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


def _unit_tokens(sc: _Scanner, j: int, limit: int = 3) -> list[str]:
    out = []
    k = j
    while k < sc.n and len(out) < limit:
        t = sc.toks[k]
        if t.k == "n" or t.lo in _CONNECT_RANGE or t.lo in W.NUMBER_WORDS or t.t in "$£€¥,.;:()":
            break
        out.append(t.t)
        k += 1
    return out


def _attach_units(sc: _Scanner, c: _Core) -> None:
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


def _scale_of(c: _Core) -> float:
    if c.mult != 1.0:
        return c.mult
    if c.grp and c.v >= 1000:                     # "12,000" in "11 to 12,000"
        return 1000.0
    return 1.0


def _make_range(sc: _Scanner, a: _Core, b: _Core, start: int) -> _Core | None:
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
    r = _Core(start, b.j, lo)
    r.lo, r.hi = (lo, hi) if lo <= hi else (hi, lo)
    r.qual = "range"
    r.kind = b.kind if b.kind != "quantity" else a.kind
    r.unit = b.unit or a.unit
    r.hs, r.he = start, b.he
    r.word = a.word or b.word
    return r


def _ranges(sc: _Scanner, cores: list[_Core]) -> list[_Core]:
    out: list[_Core] = []
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


def _try_range(sc: _Scanner, a: _Core, b: _Core) -> _Core | None:
    toks = sc.toks
    ii = a.i - 1
    while sc.word(ii) in ("about", "around", "some", "roughly", "approximately", "nearly", "almost"):
        ii -= 1
    intro = sc.word(ii)
    gap = list(range(a.j, b.i))
    unit: list[str] = []
    if gap and toks[gap[0]].lo not in _CONNECT_RANGE and toks[gap[0]].t not in _HYPHENS:
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
    conn = _CONNECT_RANGE.get(words[0]) or ("-" if words[0] in _HYPHENS else None)
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


def _hedges(sc: _Scanner, c: _Core) -> None:
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


def _combine_bounds(sc: _Scanner, cores: list[_Core]) -> list[_Core]:
    """ "more than 10 and less than 20" -> one range."""
    out: list[_Core] = []
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
                    r = _Core(a.i, b.j, lo)
                    r.lo, r.hi, r.qual = lo, hi, "range"
                    r.hs, r.he, r.kind, r.unit = a.hs, b.he, a.kind, a.unit or b.unit
                    out.append(r)
                    k += 2
                    continue
        out.append(a)
        k += 1
    return out


def _year_after(sc: _Scanner, c: _Core) -> None:
    """Extend a date over ", 2024" or " 2024"."""
    toks, j = sc.toks, c.j
    if j < sc.n and toks[j].t == "," and j + 1 < sc.n:
        j += 1
    if j < sc.n and toks[j].k == "n" and len(toks[j].t) == 4 and toks[j].t.isdigit():
        c.j = c.he = j + 1


def _classify(sc: _Scanner, c: _Core) -> None:
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
    elif j < n and toks[j].t in _HYPHENS and toks[j].glued and j + 1 < n and toks[j + 1].glued:
        w = sc.word(j + 1)
        if w in ("year", "years") and sc.word(j + 2) in _HYPHENS and sc.word(j + 3) == "old":
            c.kind = "age"
            return
        if w in W.TIME_UNITS:
            c.kind = "duration"
            return
    if nxt in W.TIME_UNITS:
        if sc.word(j + 1) == "old" or sc.word(j + 1) in _HYPHENS and sc.word(j + 2) == "old":
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
    if (nxt in W.MONTHS and toks[j].t[:1].isupper()) and 1 <= v <= 31:
        c.kind = "date"
        c.j = c.he = j + 1
        if j + 1 < n and toks[j + 1].k == "n" and len(toks[j + 1].t) == 4:
            c.j = c.he = j + 2
        return
    if len(t.t) == 4 and 1000 <= v <= 2100:
        ptok = toks[c.i - 1] if c.i > 0 else None
        if prev in W.YEAR_PREPS or prev in W.MONTHS or prev in _HYPHENS and sc.word(c.i - 2) in (
                "mid", "pre", "post", "early", "late") or (ptok is not None and ptok.k == "w" and (
                ptok.lo.endswith(("'s", "’s")))) or nxt in ("'s", "’s") or \
                (ptok is not None and ptok.t == "," and sc.word(c.i - 2) in W.MONTHS) or \
                (ptok is not None and ptok.k == "n" and sc.word(c.i - 2) in W.MONTHS):
            c.kind = "year"
            return
    if c.i > 0:
        p = toks[c.i - 1]
        if p.t in _HYPHENS and p.glued and t.glued and c.i > 1 and toks[c.i - 2].k == "w" \
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
                    and (j >= n or not (toks[j].k == "w" and toks[j].t.islower() and toks[j].t.endswith("s"))):
                c.kind = "name"                     # Boeing 737, Voyager 2, English 101
                return


def _world_war(sc: _Scanner, i: int) -> _Core | None:
    toks = sc.toks
    if i + 1 < sc.n and toks[i].t == "World" and toks[i + 1].t == "War" and i + 2 < sc.n:
        t = toks[i + 2]
        val = {"I": 1, "II": 2, "One": 1, "Two": 2, "1": 1, "2": 2}.get(t.t)
        if val:
            c = _Core(i, i + 3, float(val))
            c.kind = "name"
            return c
    return None


_DOTTED_DATE_RE = re.compile(r"(?:0?[1-9]|[12]\d|3[01])\.(?:0?[1-9]|1[0-2])\.(?:\d{2}|\d{4})$")


def _dotted(sc: _Scanner, i: int, cores: list[_Core]) -> _Core | None:
    """ "18.10.2024" is a date; "192.168.1.2" or "3.11.7" are codes read part by part."""
    t = sc.toks[i]
    if _DOTTED_DATE_RE.match(t.t):
        c = _Core(i, i + 1, 0.0)
        c.kind = "date"
        return c
    if sc.masked(i):
        return None
    pos = t.s
    for part in t.t.split("."):
        c = _Core(i, i + 1, float(part))
        c.kind = "name"
        c.chars = (pos, pos + len(part))
        cores.append(c)
        pos += len(part) + 1
    return None


def _scan(text: str) -> tuple[_Scanner, list[_Core]]:
    sc = _Scanner(text)
    toks = sc.toks
    cores: list[_Core] = []
    i = 0
    n = sc.n
    while i < n:
        t = toks[i]
        c = None
        if t.k == "n" or t.t in "+(" or t.k == "w" and (t.lo in _VAGUE_FIRST):
            c = sc.special(i)
        if c is None and t.k == "d":
            c = _dotted(sc, i, cores)
            if c is None:
                i += 1
                continue
        if c is None and t.t == "World":
            c = _world_war(sc, i)
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
    merged: list[_Core] = []
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
        _attach_units(sc, c)
        c.he = max(c.he, c.j)
    for c in merged:
        _classify(sc, c)
    cores = _ranges(sc, merged)
    for c in cores:
        _hedges(sc, c)
    cores = _combine_bounds(sc, cores)
    return sc, cores


def _mention(sc: _Scanner, c: _Core) -> NumberMention:
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
    if not text or not _QUICK_RE.search(text):
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
