"""Turning bytes into article text: decoding, HTML extraction, and rejecting what is not an article.

For ``.txt`` and ``.md`` files the text is the decoded file, so claim offsets
point into it. HTML goes through trafilatura, which keeps the article body and
drops navigation, footers and comment sections.
"""

from __future__ import annotations

import codecs
import dataclasses
import logging
import os
import re
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from .errors import DocumentError
from .records import Document

log = logging.getLogger(__name__)

MAX_BYTES = 10_000_000
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


def _utf16_guess(data: bytes) -> str | None:
    # UTF-16 without a BOM: half the bytes of ASCII-heavy text are NUL, all on one side.
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / (len(sample) / 2)
    odd = sample[1::2].count(0) / (len(sample) / 2)
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def decode(data: bytes, uri: str = "(bytes)") -> str:
    """Decode article bytes of any common encoding; raise :class:`DocumentError` for binary data."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(enc, errors="replace")
    enc16 = _utf16_guess(data)
    if enc16:
        return data.decode(enc16, errors="replace")
    if b"\x00" in data[:8192]:
        raise DocumentError(uri, "binary file (NUL bytes), not an article")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # only for the rare file that is not UTF-8

    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise DocumentError(uri, "undecodable bytes: no text encoding fits")
    return data.decode(best.encoding, errors="replace")


def _printable_share(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    if sample.replace("\n", "").replace("\r", "").replace("\t", "").isprintable():  # the usual case, at C speed
        return 1.0
    good = sum(1 for ch in sample if ch.isprintable() or ch in "\n\r\t")
    return good / len(sample)


class _TextOf(HTMLParser):
    """Plain text of an HTML fragment: tags dropped, block ends become line breaks."""

    _BLOCKS = {
        "p",
        "div",
        "br",
        "li",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "section",
    }
    _SKIP = {"script", "style", "nav", "footer", "aside", "form", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def strip_tags(html: str) -> str:
    """Text of an HTML fragment, one paragraph per line."""
    parser = _TextOf()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # noqa: BLE001 - html.parser rarely fails; the raw text beats nothing
        return html
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def html_to_text(html: str) -> tuple[str, str | None]:
    """The article text and title of an HTML page (navigation, footers and comments dropped)."""
    import trafilatura  # ~0.5 s to import: only once an HTML page or feed entry needs it

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True) or ""
    if not text.strip():
        # trafilatura finds no article body in some pages (odd markup, very deep nesting); plain text beats nothing.
        text = strip_tags(html)
    title = None
    try:
        meta = trafilatura.extract_metadata(html)
        title = meta.title if meta is not None else None
    except Exception:  # noqa: BLE001 - metadata is optional; a odd page must not lose its text
        title = None
    return text, title


def document_from_bytes(
    data: bytes,
    uri: str,
    *,
    suffix: str = "",
    source: str = "cli",
    source_kind: str = "file",
    title: str | None = None,
    published: datetime | None = None,
    guid: str | None = None,
    arrived: float | None = None,
) -> Document:
    """A :class:`Document` from raw bytes, or :class:`DocumentError` saying why it is not one."""
    if not data.strip():
        raise DocumentError(uri, "empty file")
    text = decode(data, uri)
    if _printable_share(text) < 0.9:
        raise DocumentError(uri, "binary or garbled content (too few printable characters)")
    if suffix.lower() in HTML_SUFFIXES or (not suffix and text.lstrip()[:15].lower().startswith(("<!doctype", "<html"))):
        text, html_title = html_to_text(text)
        title = title or html_title
        if not text.strip():
            raise DocumentError(uri, "HTML page without article text")
    if not text.strip():
        raise DocumentError(uri, "no text")
    return Document(
        uri=uri,
        text=text,
        title=title,
        source=source,
        source_kind=source_kind,
        published=published,
        guid=guid,
        arrived=arrived,
    )


def read_document(
    path: str | Path, *, max_bytes: int = MAX_BYTES, source: str = "cli", arrived: float | None = None
) -> Document:
    """Read an article file (``.txt``, ``.md``, ``.html``)."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise DocumentError(str(p), f"cannot read: {exc.strerror or exc}") from None
    if size > max_bytes:
        raise DocumentError(str(p), f"too large: {size:,} bytes, limit {max_bytes:,} (raise max_bytes to accept it)")
    try:
        with open(p, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise DocumentError(str(p), f"cannot read: {exc.strerror or exc}") from None
    doc = document_from_bytes(data, str(p), suffix=p.suffix, source=source, title=None, arrived=arrived)
    try:
        mtime: datetime | None = datetime.fromtimestamp(os.stat(p).st_mtime, UTC)
    except OSError:
        mtime = None
    stated = text_date(doc.text, mtime)
    if stated is not None:
        return dataclasses.replace(doc, published=stated)
    return dataclasses.replace(doc, published=mtime, undated=True) if mtime is not None else doc


# --- publication time ---------------------------------------------------------------

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DASH = r"\s*(?:\([A-Z][\w .&'-]{1,40}\)\s*)?(?:[-\u2013\u2014:]|$)"  # "(Reuters) -", " —"
# A dateline opens a paragraph: "DERNA, Libya, Sept 13 (Reuters) -", "Sept. 12, 2023 —", "12 September 2023 —";
# a date header is a line of its own: "Published: 2023-09-12", "Date: Sept 12, 2023".
_LEAD = r"^(?:[A-Z][A-Za-z.'\- ]*,\s*)*"  # "DERNA, Libya, "
_HEADER = r"^(?:Published|Updated|Posted|Date|Dated)(?:\s+on)?\s*:?\s*"
_DATELINES = (
    re.compile(rf"{_LEAD}{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?{_DASH}", re.M),
    re.compile(rf"{_LEAD}{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?{_DASH}", re.M),
    re.compile(rf"{_HEADER}{_MONTH}\s+{_DAY},?\s+{_YEAR}", re.M | re.I),
    re.compile(rf"{_HEADER}{_DAY}\s+{_MONTH},?\s+{_YEAR}", re.M | re.I),
    re.compile(rf"{_HEADER}(?P<iso>\d{{4}}-\d\d-\d\d)", re.M | re.I),
)
_HEAD_CHARS = 600  # a dateline or date header sits at the top; later dates are what the story is about


def text_date(text: str, near: datetime | None = None) -> datetime | None:
    """The publication date a text states at its top (a dateline or a date header), at noon UTC.

    A dateline without a year ("PARIS, Jan 19 -") takes the year that puts it closest to
    ``near`` (the file's mtime, else now) without being more than two days after it. ``None`` when the top of the text states no date.
    """
    head = text[:_HEAD_CHARS]
    for pattern in _DATELINES:
        for m in pattern.finditer(head):
            found = _date_of(m, near or datetime.now(UTC))
            if found is not None:
                return datetime(found.year, found.month, found.day, 12, tzinfo=UTC)
    return None


def _date_of(m: re.Match[str], near: datetime) -> date | None:
    groups = m.groupdict()
    try:
        if groups.get("iso"):
            return date.fromisoformat(groups["iso"])
        month = _MONTHS[groups["month"].lower()[:3]]
        day = int(groups["day"])
        if groups.get("year"):
            return date(int(groups["year"]), month, day)
        ref = near.date()
    except (KeyError, ValueError):
        return None
    candidates = []
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:  # Feb 29 of a common year, Sept 31
            continue
    candidates = [d for d in candidates if d <= ref + timedelta(days=2)]
    if not candidates:
        return None
    # A dateline is not much later than the file: the latest such year (Dec 31 read on Jan 1 is last year's).
    return max(candidates)
