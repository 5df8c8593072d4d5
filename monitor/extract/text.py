"""Article text: sentences and page furniture, found with cheap regular expressions.

Splitting with regexes instead of the parser lets the pipeline parse only the
sentences that hold a figure or a tracked phrase. Offsets always refer to the
article's decoded text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Labels of links and teasers that sites glue into article text.
_FURNITURE_LABEL = re.compile(
    r"^\s*(?:watch|related|listen|read more|read also|also read|see also|more|recommended|"
    r"most read|most popular|trending|advertisement|sponsored|editor'?s picks?|more must-reads[^:]*|"
    r"related stories|related articles|top stories|follow us|sign up|subscribe)\s*:",
    re.I,
)
_FURNITURE_LINE = re.compile(
    r"^\s*(?:advertisement|share this( article)?|comments?|report this comment.*|contact us.*|"
    r"more must-reads.*|read the rules.*|click here.*|sign up.*|newsletter.*|all rights reserved.*|"
    r"copyright .*|©.*|close)\s*$",
    re.I,
)
_BULLET = re.compile(r"^\s*(?:[-*•·▪►]|\d+[.)])\s+")
# A site's label glued to the next sentence without a space: "...says KyivSpeaking alongside..."
_GLUE = re.compile(r"(?:(?<=[a-z0-9)\]’'\"”?!.])|(?<=[A-Z]{2}))(?=[A-Z][a-z]{2})")

_DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "sgt", "capt", "maj", "adm", "rep", "sen", "gov",
    "st", "jr", "sr", "no", "vs", "etc", "inc", "ltd", "co", "corp", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.u", "approx", "est", "fig", "al",
}
# "BRASK, 12 May (Meridian News) - " or "BRUSSELS: " opening a story.
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’-]+(?:[ ][A-Z][A-Z.'’-]+){0,3})(?:,[^-–—:\n]{1,40}?)?(?:\s*\([^)\n]{1,40}\))?\s*(?:[-–—:]|\s[-–—])\s+"
    # a date alone: "Sept 9 — The death toll ...", "12 September 2023 - "
    r"|^(?:(?:Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}|\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|"
    r"June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*)(?:,?\s+\d{4})?\s*[-–—]\s+"
)
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the article: its offsets, text, and whether it is page furniture."""

    start: int
    end: int
    text: str
    furniture: bool = False
    paragraph: int = 0
    headline: bool = False  # a title or subhead: a line with no closing punctuation


def _is_abbrev(text: str, dot: int) -> bool:
    i = dot
    while i > 0 and (text[i - 1].isalpha() or text[i - 1] == "."):
        i -= 1
    word = text[i:dot].lower()
    if word in _ABBREV:
        return True
    if word in ("a.m", "p.m"):
        # "as of 12:30 p.m. ET, according to ...": a time zone or day after the clock time goes on the sentence
        after = re.match(r"\s+([A-Z][A-Za-z]*)", text[dot + 1 :])
        return bool(after) and (after.group(1).isupper() and len(after.group(1)) <= 4
                                or after.group(1).lower() in _DAYS)
    # A single capital initial ("J. Smith"), but not a sentence ending in a capital acronym.
    return len(word) == 1 and text[i - 1 : i] in (" ", "")


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    cur = start
    for m in _BOUNDARY.finditer(text, start, end):
        # The match starts right after the [.!?]; closing quotes stay with the sentence they close.
        if text[m.start() - 1] == "." and _is_abbrev(text, m.start() - 1):
            continue
        close = m.start()
        while close < m.end() and text[close] in "\"”’')]":
            close += 1
        if close > cur:
            out.append((cur, close))
        cur = m.end()
    if cur < end:
        out.append((cur, end))
    return out


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` with their offsets; furniture lines are kept and flagged."""
    sentences: list[Sentence] = []
    para = 0
    in_list = False
    pos = 0
    for line in text.splitlines(keepends=True):
        lstart, lend = pos, pos + len(line.rstrip("\r\n"))
        pos += len(line)
        raw = text[lstart:lend]
        if not raw.strip():
            para += 1
            in_list = False
            continue
        s = lstart + (len(raw) - len(raw.lstrip()))
        e = lend - (len(raw) - len(raw.rstrip()))
        stripped = text[s:e]
        label = _FURNITURE_LABEL.match(stripped)
        if label or _FURNITURE_LINE.match(stripped):
            if re.match(r"(?i)more must-reads|most read|most popular|related stories|top stories|recommended", stripped):
                in_list = True
            cut = e
            if label:
                glue = _GLUE.search(text, s + label.end(), e)
                cut = glue.start() if glue else e
            sentences.append(Sentence(s, cut, text[s:cut], True, para))
            if cut < e:
                for a, b in _split_line(text, cut, e):
                    sentences.append(Sentence(a, b, text[a:b], False, para))
            continue
        if _BULLET.match(stripped) and (in_list or not stripped.rstrip().endswith((".", "!", "?", '"', "”"))):
            sentences.append(Sentence(s, e, stripped, True, para))
            continue
        in_list = False
        if len(stripped.split()) <= 20 and not stripped.rstrip().endswith((".", "!", "?", '"', "”", "’", ":", ";", ",")):
            # Titles restate the body's figures without their speakers; the body carries them.
            sentences.append(Sentence(s, e, stripped, True, para, headline=True))
            continue
        date = _DATELINE.match(stripped)
        if date:
            sentences.append(Sentence(s, s + date.end(), text[s : s + date.end()], True, para))
            s += date.end()
        for a, b in _split_line(text, s, e):
            sentences.append(Sentence(a, b, text[a:b], False, para))
        para += 1
    return sentences
