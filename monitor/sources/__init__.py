"""Sources: what puts articles on the daemon's queue.

A source watches one place (a folder, a feed) and hands each article it finds to
``emit``, the daemon's put onto its bounded queue. ``emit`` blocks while the queue
is full; that is the backpressure, so a source never drops an item to keep up.
What a source cannot turn into an article (a binary file, a broken feed) is
emitted as :class:`Rejected`, so that the single writer records it and
``monitor status`` can list it.

Sources only deliver; deduplication by GUID and by content hash is the
pipeline's job, because only it knows what was seen before a restart. Sources
never write the store: after the writer has handled an item it calls
:func:`record_handled`, which remembers the version of a folder's file (so a
restart skips it unread) and clears the earlier rejection of whatever was read.
When something rejected is gone or fixed without a new article (a deleted file,
a feed that reads again), the source emits :class:`Cleared` for the same end.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from ..errors import StoreError
from ..records import Document, _Record, now_utc

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FileVersion(_Record):
    """What a path in a watched folder was when it was read: enough to tell whether it changed since.

    :param path: the absolute path.
    :param kind: ``file``; or what makes it no article file: ``dir``, ``loop`` (a symbolic link
        loop), ``dangling`` (a symbolic link whose target is missing) or ``special`` (FIFO, socket, device).
    :param size: ``st_size``; with ``mtime_ns`` and ``ctime_ns`` of the file (of the link itself
        for ``loop`` and ``dangling``).
    """

    path: str
    kind: str
    size: int
    mtime_ns: int
    ctime_ns: int

    def unchanged_since(self, seen: FileVersion, rejected: bool) -> bool:
        """Whether this is still the version ``seen`` (``rejected``: that version was rejected).

        A file is the same while its size and mtime are; a rejected one also needs the same
        ctime, because a ``chmod`` that cures "Permission denied" changes nothing else. A
        directory stays a directory whatever is added to it.
        """
        if self.kind != seen.kind:
            return False
        if self.kind == "dir":
            return True
        if (self.size, self.mtime_ns) != (seen.size, seen.mtime_ns):
            return False
        return not rejected or self.ctime_ns == seen.ctime_ns


@dataclass(frozen=True, kw_only=True)
class FileDocument(Document):
    """A :class:`~monitor.records.Document` read from a watched folder, with the version of the file read."""

    version: FileVersion

    @classmethod
    def of(cls, doc: Document, version: FileVersion) -> FileDocument:
        """``doc`` with the file's ``version``."""
        return cls(**{f.name: getattr(doc, f.name) for f in dataclasses.fields(Document)}, version=version)

    def __reduce__(self) -> Any:
        # Extraction helpers need the text only: they unpickle a plain Document and never import the sources.
        return functools.partial(Document, **{f.name: getattr(self, f.name) for f in dataclasses.fields(Document)}), ()


@dataclass(frozen=True)
class Rejected(_Record):
    """A file or feed entry that is not an article, with the reason why.

    :param source: the id of the source that found it.
    :param uri: the file path or URL.
    :param reason: what is wrong, in words a user can act on.
    :param version: for a folder's file, the version that was rejected.
    """

    source: str
    uri: str
    reason: str
    when: datetime = field(default_factory=now_utc)
    version: FileVersion | None = None


@dataclass(frozen=True)
class Cleared(_Record):
    """What was rejected is not any more: the file is gone, or the feed reads again.

    The writer forgets the rejection of ``uri`` and, for a folder's file, the version
    remembered for ``path`` (see :func:`record_handled`); nothing else happens.

    :param source: the id of the source.
    :param uri: the file path or URL, as in the rejection.
    :param path: the file's absolute path; ``None`` for a feed.
    """

    source: str
    uri: str
    path: str | None = None


Item = Document | Rejected | Cleared
"""What a source emits."""

Emit = Callable[[Item], None]
"""Put one item on the daemon's queue; blocks while the queue is full."""


@runtime_checkable
class Source(Protocol):
    """The verbs every source has."""

    def start(self, emit: Emit) -> None:
        """Begin delivering items to ``emit``; returns at once (the work runs on other threads)."""

    def stop(self) -> None:
        """Stop delivering; items not emitted yet are found again on the next start."""

    def status(self) -> dict[str, Any]:
        """A JSON-ready dict for ``monitor status``.

        At least ``id``, ``kind``, ``state`` (``ok``, ``failing`` and a few more, in words),
        ``last_ok``, ``last_error`` and ``last_error_time`` (ISO 8601 times, ``None`` when never).
        """


def record_handled(store: Any, item: Item) -> None:
    """Tell the store that the writer has handled ``item``; call it after the item's own commit, for every item.

    For a folder's file (:class:`FileDocument`, or :class:`Rejected` with a ``version``) the
    version is remembered, so that the folder source skips it unread at the next start or
    SIGHUP while it stays the same. For a document (whatever the pipeline made of it, a
    duplicate too) an earlier rejection of its ``uri`` is cleared: the file was fixed. For
    :class:`Cleared`, the rejection and the remembered version are forgotten.

    Losing this write costs a re-read, never an article (the pipeline drops a re-read one by
    its content hash), so a write error is logged, not raised.
    """
    version = getattr(item, "version", None)
    if version is None and not isinstance(item, Document | Cleared):
        return
    try:
        with store.transaction():
            if isinstance(item, Cleared):
                store.resolve_rejected(item.uri)
                if item.path is not None:
                    store.forget_file(item.path)
                return
            if version is not None:
                store.mark_file(
                    version.path, version.kind, version.size, version.mtime_ns, version.ctime_ns,
                    rejected=isinstance(item, Rejected),
                )
            if isinstance(item, Document):
                store.resolve_rejected(item.uri)
    except StoreError as exc:
        log.warning("%s: cannot remember that it was handled (it is read again after a restart): %s", item.uri, exc)


# Imported after Rejected and Source exist, since the modules import them from here.
from .feed import FeedPoller  # noqa: E402
from .folder import FolderWatcher  # noqa: E402

SOURCE_TYPES: dict[str, type] = {"folder": FolderWatcher, "feed": FeedPoller}
"""The class for each ``type:`` of a source in the config."""


def build_sources(configs: Iterable[Any], scheduler: Any = None, store: Any = None) -> list[Source]:
    """One source per config entry (``config.sources``), not yet started.

    :param configs: :class:`~monitor.config.FolderSource` / :class:`~monitor.config.FeedSource` models.
    :param scheduler: the APScheduler 3.x scheduler that feed polls run on.
    :param store: the writer's :class:`~monitor.store.Store`; folder sources read from it, when they
        start, the files already handled (see :func:`record_handled`).
    """
    out: list[Source] = []
    for cfg in configs:
        cls = SOURCE_TYPES[cfg.type]
        out.append(cls(cfg, scheduler) if getattr(cls, "needs_scheduler", False) else cls(cfg, store=store))
    return out


__all__ = [
    "SOURCE_TYPES",
    "Cleared",
    "Emit",
    "FeedPoller",
    "FileDocument",
    "FileVersion",
    "FolderWatcher",
    "Item",
    "Rejected",
    "Source",
    "build_sources",
    "record_handled",
]
