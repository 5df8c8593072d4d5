"""Records passed between the stages of the pipeline.

Every stage hands the next one frozen, keyword-only dataclasses: sources make
:class:`Document`, extraction makes :class:`Claim` and :class:`Statement`, the
store keeps :class:`Article`, :class:`StoredVote` and :class:`Stance` and quotes
what it holds as :class:`Quote`; judging makes :class:`~monitor.alerts.Alert`.
Each has ``to_dict()`` for JSON; plain dicts exist only at the I/O edges.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from .consensus import Vote


def now_utc() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def content_hash(text: str) -> str:
    """A stable hash of an article's text, blind to whitespace and Unicode form.

    Two copies of one article that differ only in line ends, spacing or NFC/NFD
    form hash alike, so a touched, renamed or re-fetched article is seen once.
    """
    # str.split() breaks on exactly the characters r"\s" matches, a few times faster than re.sub.
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return value.to_dict() if hasattr(value, "to_dict") else dataclasses.asdict(value)
    return value


class _Record:
    def to_dict(self) -> dict[str, Any]:
        """The record as a plain, JSON-ready dict."""
        return {f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self)}  # type: ignore[arg-type]


@dataclass(frozen=True, kw_only=True)
class Document(_Record):
    """One article as a source delivers it.

    :param uri: the file path or URL it came from (shown to users as ``article``).
    :param text: the decoded article text that offsets refer to.
    :param source: the id of the source that delivered it (``cli``, a folder or a feed id).
    :param source_kind: ``file`` or ``feed``.
    :param guid: the feed entry's GUID, when it came from a feed.
    :param undated: neither the text nor its feed states when it was published: ``published`` is only the
        file's modification time, which a copy or a checkout resets.
    """

    uri: str
    text: str
    title: str | None = None
    source: str = "cli"
    source_kind: str = "file"
    published: datetime | None = None
    fetched: datetime = field(default_factory=now_utc)
    guid: str | None = None
    undated: bool = False
    arrived: float | None = None  # time.monotonic() when the source saw it; for latency

    @functools.cached_property
    def content_hash(self) -> str:
        """:func:`content_hash` of the text (computed once per document)."""
        return content_hash(self.text)


@dataclass(frozen=True, kw_only=True)
class Frame(_Record):
    """How a figure is framed in its sentence, read from the parse (see :mod:`monitor.extract.frames`).

    :param states: what happened to what is counted, as state names (``killed``, ``injured``,
        ``missing``, ``displaced``, ``present``...); empty when the sentence says none.
    :param places: the place names attached to the figure ("in Derna", "Kursk region").
    :param sites: location phrases in common nouns attached to the figure ("at the collapsed tower",
        "in the country", "there"); linking matches them to ``where`` words and resolves "the country".
    :param scene: proper names that may be where the figure was counted, though they may as well be who
        counted it: the subject of its verb ("Georgia reported 33 deaths"), a possessive ("Lahaina's toll").
    :param setting: for a figure placed nowhere, the places of the figure before it in its paragraph ("11,300
        died in Derna alone. [...] 10,100 people were still missing"); linking takes them only when its
        own sentence names no place of the topic.
    :param time: the ISO date the figure refers to ("by mid-January", "on Tuesday"), when stated.
    :param time_words: the words ``time`` was read from ("on Tuesday"), to read again against another day.
    :param published: the ISO date of the article's publication, when known (the figure's day when
        ``time`` is not stated).
    :param modality: ``asserted``, ``hedged`` ("possible", "if verified"), ``hypothetical``
        ("could bring another 30,000") or ``forecast`` ("expected to reach").
    :param aggregation: ``level`` (a count or total), ``increment`` ("another 2,000", "in the past
        week"), ``rate`` ("per day") or ``part`` ("58 of them").
    :param mixed: the counted group mixes two groups ("Russian and allied soldiers").
    :param restated: the figure is attributed to an earlier time or report ("last week", "had put").
    :param correction: the sentence presents the figure as a correction or revision.
    :param retracted: the figure is withdrawn ("never given that figure").
    :param undated: the article states no publication date (``published`` is its file's time).
    :param weekdays: in an undated article, the days of the week the figure's day may be: the one its own time
        words name, and those the article's title and lead name ("after Sunday's march", "on Monday").
    :param weekend: in an undated article, the figure is of the weekend before the day its ``weekdays`` name
        ("Over a million marched at the weekend", in a story of Wednesday's clashes).
    :param earlier: the figure is of the occasion before the one reported, with no day said ("down from 25,000
        the previous time").
    :param explained: the article says with it why a level moved ("245 people had been located and taken off
        the list"): a fall or rise of a level that comes with its reason is an update, not a contradiction.
    :param notes: one line per slot saying how it was read (``monitor extract --explain``).
    """

    states: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()
    scene: tuple[str, ...] = ()
    setting: tuple[str, ...] = ()
    time: str | None = None
    time_words: str | None = None
    published: str | None = None
    undated: bool = False
    weekdays: tuple[str, ...] = ()
    weekend: bool = False
    earlier: bool = False
    modality: str = "asserted"
    aggregation: str = "level"
    mixed: bool = False
    restated: bool = False
    correction: bool = False
    retracted: bool = False
    explained: bool = False
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Claim(_Record):
    """A figure asserted in an article: the number as an interval, what it counts, who says it.

    ``low``/``high`` are ``None`` for an open side. ``kind`` is ``quantity`` for a
    real figure; anything else marks a number that is not a claim about a level and
    is never linked to a metric: ``date``, ``year``, ``time``, ``ordinal``,
    ``duration``, ``age``, ``name``, ``phone``, ``furniture``, ``headline``,
    ``increment`` ("13 more bodies"), ``subset`` ("four of the people"), ``rate``
    ("two per square metre"), ``ratio`` ("one in five"), ``hypothetical``
    ("whether it was 20,000"), ``historical`` ("in 1994, when 61 died") and
    ``table`` (a run of figures too long to be a sentence). ``part_of`` is the index (in the
    article's claim list) of the whole a part-figure belongs to ("500 officers"
    within "around 12,000").
    """

    article: str
    start: int
    end: int
    text: str
    sentence: str
    low: float | None
    high: float | None
    qualifier: str
    kind: str = "quantity"
    unit: str | None = None
    vague: bool = False
    counted: str | None = None
    speaker: str | None = None
    speaker_key: str | None = None
    hedged: bool = False
    part_of: int | None = None
    index: int = 0
    sentence_start: int = 0
    metric: str | None = None
    topic: str | None = None
    frame: Frame = field(default_factory=Frame)

    def with_link(self, topic: str | None, metric: str | None) -> Claim:
        """A copy linked to ``topic``/``metric``."""
        return dataclasses.replace(self, topic=topic, metric=metric)


@dataclass(frozen=True, kw_only=True)
class Statement(_Record):
    """A sentence that affirms or denies a tracked proposition, with no figure needed."""

    article: str
    start: int
    end: int
    sentence: str
    proposition: str
    topic: str
    stance: str  # affirm | deny
    speaker: str | None = None
    speaker_key: str | None = None
    hedged: bool = False
    index: int = 0


@dataclass(frozen=True, kw_only=True)
class Article(_Record):
    """What the store keeps of a processed document (its text is not kept).

    :param status: ``parsed``, ``off_topic``, ``syndicated`` or ``skipped``.
    :param topics: the names of the topics it matched.
    :param copy_of: the id of the stored article it syndicates, if any.
    """

    hash: str
    uri: str
    seen: datetime
    status: str
    source: str | None = None
    source_kind: str | None = None
    guid: str | None = None
    title: str | None = None
    published: datetime | None = None
    topics: tuple[str, ...] = ()
    copy_of: int | None = None

    @classmethod
    def of(cls, doc: Document, status: str, topics: tuple[str, ...], copy_of: int | None = None) -> Article:
        """The article record of ``doc``, seen now."""
        return cls(
            hash=doc.content_hash, uri=doc.uri, source=doc.source, source_kind=doc.source_kind, guid=doc.guid,
            title=doc.title, published=doc.published, seen=now_utc(), status=status, topics=topics, copy_of=copy_of,
        )


@dataclass(frozen=True, kw_only=True)
class Quote(_Record):
    """What an alert or a view quotes of a stored claim or statement: who, what, where."""

    speaker: str | None
    sentence: str | None
    article: str | None
    text: str | None = None  # the figure as written (claims only)
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True, kw_only=True)
class StoredVote:
    """A lineage's latest vote on a metric, with the quote of the claim behind it."""

    vote: Vote
    quote: Quote | None = None

    @property
    def lineage(self) -> str:
        return self.vote.lineage


@dataclass(frozen=True, kw_only=True)
class Snapshot(_Record):
    """A metric's consensus as it stood after one vote (the report draws the band from these).

    :param low: the tolerated band's low end; ``high`` its high end (``None``: open above).
    :param values: the lowest and highest figure its supporters reported (``None``: no consensus).
    """

    topic: str | None
    metric: str
    time: str
    claim_id: int | None
    low: float | None
    high: float | None
    center: float | None = None
    values: tuple[float, float] | None = None
    supporters: tuple[str, ...] = ()
    dissenters: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Stance:
    """A lineage's latest stance on a proposition, taken by a statement or by a figure claim that affirms it."""

    lineage: str
    stance: str  # affirm | deny
    statement_id: int | None = None
    claim_id: int | None = None
    seq: int = 0
    quote: Quote | None = None  # what the statement or claim says, when read from the store
