"""Tokenizer and number-word grammar for :mod:`monitor.extract.numbers`.

Tokenizer
---------
One pass of a precompiled regex splits the text into numeric literals ("10,000",
"1.28", "1e-3", "2.48×10−5", "1.111,11", "1,3"), dotted digit runs ("192.168.1.2"),
words, vulgar fractions ("½", valued like numbers) and punctuation. Each token records
whether it is glued to the one before, which is how the scanner tells "G20" or "12k"
from "G 20" or "12 k". ``QUICK_RE`` is a cheap test for texts with no number at all.

Word grammar
------------
``atoms`` turns a run of tokens into typed atoms (unit, teen, tens, compound, hundred,
scale, dozen, ordinal, "and", "a", "point", or a digit literal), joining hyphenated
"twenty-one" / "twenty-first". ``words_value`` reads the longest number from them:
cardinals through a small grammar ("one hundred and five", "twenty-one trillion three
hundred", "3 hundred and 21"), fractions with a word denominator ("two thirds", "one and a
half", "half a million", "three quarters million") and decimals in words ("five point
five"). The word tables are in :mod:`monitor.extract.number_words`.
"""

from __future__ import annotations

import math
import re
import unicodedata

from monitor.extract import number_words as W

__all__ = ["HYPHENS", "QUICK_RE", "VULGAR", "Tok", "atoms", "tokenize", "words_value"]

# --------------------------------------------------------------------------- tokenizer

VULGAR = "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅐⅛⅜⅝⅞⅑⅒"
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
    rf"(?P<d>\d+(?:\.\d+){{2,}})|(?P<n>{_NUM})|(?P<f>[{VULGAR}])"
    r"|(?P<w>[^\W\d_]+(?:['’][^\W\d_]+)*)|(?P<p>\S)", re.X)
_LIT_RE = re.compile(
    r"(?P<m>[^eE^x×]+?)(?:[eE](?P<e>[-+]?\d+))?"
    r"(?:\^(?P<p>[-+−]*\d+)|\x20?[x×]\x20?(?P<b>\d+)(?:\^(?P<bp>[-+−]*\d+)|(?P<bm>[-−]\d+)))?$")
_GROUP_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
QUICK_RE = re.compile(
    r"\d|[" + VULGAR + r"]|World\s+War|\b(?:" + "|".join(sorted(
        set(W.UNITS) | set(W.TEENS) | set(W.TENS) | set(W.SCALES) | {"hundred", "dozen", "dozens"}
        | {"half", "quarter", "hundreds", "thousands", "millions", "billions", "scores",
           "handful", "several", "few", "couple", "third", "thirds", "fifth"}
        | {o for o in W.ORDINALS}, key=len, reverse=True)) + r")\b", re.I)

HYPHENS = frozenset("-–—‐‑")


class Tok:
    """One token.

    ``k`` is its kind ("n" number, "d" dotted digits, "w" word, "p" punctuation; a vulgar
    fraction becomes "n"), ``s``/``e`` its character span, ``t`` its text, ``lo`` the text
    lower-cased, ``v`` the value of a number, ``glued`` whether it touches the token before.
    """

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


def _lit_value(s: str, tok: Tok) -> float | None:
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


def tokenize(text: str) -> list[Tok]:
    """The tokens of ``text`` in order, numbers already valued."""
    toks: list[Tok] = []
    prev_end = -1
    for m in _TOKEN_RE.finditer(text):
        k = m.lastgroup or "p"
        s, e = m.span()
        t = Tok(k, s, e, m.group(), s == prev_end)
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


def _word_atom(tok: Tok, i: int) -> _Atom | None:
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


def atoms(toks: list[Tok], i: int, limit: int = 40) -> list[_Atom]:
    """The run of number-word atoms starting at token i (digits allowed as numbers)."""
    out: list[_Atom] = []
    n = len(toks)
    k = i
    while k < n and len(out) < limit:
        tok = toks[k]
        if out and k > i:
            prev = toks[k - 1]
            if tok.k == "p" and tok.t in HYPHENS and k + 1 < n and toks[k + 1].k == "w" \
                    and out[-1].typ != "n":
                k += 1          # hyphen between two words: "twenty-one", "one - fourth"
                continue
            if tok.k == "p" and tok.t == "," and out[-1].typ == "s" and k + 1 < n \
                    and toks[k + 1].k == "w" and not toks[k + 1].glued \
                    and all(a.typ != "n" for a in out) and not (k + 2 < n and toks[k + 2].lo == "of"):
                k += 1          # "three million, two hundred"; not "$14 billion, one of the highest"
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
            if a.typ == "u" and out and out[-1].typ == "d" and k > i and toks[k - 1].t in HYPHENS:
                prev_a = out.pop()      # twenty-one
                a = _Atom("c", prev_a.val + a.val, prev_a.i, k + 1, prev_a.word + "-" + a.word)
            elif a.typ == "o" and a.val < 10 and out and out[-1].typ == "d" \
                    and toks[k - 1].t in HYPHENS:
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


def words_value(at: list[_Atom]) -> tuple[float, int, str] | None:
    """Value of the atom run, the number of atoms used, and a kind hint ("ordinal" or "")."""
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
