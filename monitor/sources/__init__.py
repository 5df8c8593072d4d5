"""Sources: what puts articles on the daemon's queue.

A source watches one place (a folder, a feed) and hands each article it finds to
``emit``, the daemon's put onto its bounded queue. ``emit`` blocks while the queue
is full; that is the backpressure, so a source never drops an item to keep up.
What a source cannot turn into an article (a binary file, a broken feed) is
emitted as :class:`Rejected`, so that the single writer records it and
``monitor status`` can list it.

Sources only deliver; deduplication by GUID and by content hash is the
pipeline's job, because only it knows what was seen before a restart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from ..records import Document, _Record, now_utc


@dataclass(frozen=True)
class Rejected(_Record):
    """A file or feed entry that is not an article, with the reason why.

    :param source: the id of the source that found it.
    :param uri: the file path or URL.
    :param reason: what is wrong, in words a user can act on.
    """

    source: str
    uri: str
    reason: str
    when: datetime = field(default_factory=now_utc)


Item = Document | Rejected
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
        """A JSON-ready dict for ``monitor status``: at least ``id`` and ``kind``."""


# Imported after Rejected and Source exist, since the modules import them from here.
from .feed import FeedPoller  # noqa: E402
from .folder import FolderWatcher  # noqa: E402

SOURCE_TYPES: dict[str, type] = {"folder": FolderWatcher, "feed": FeedPoller}
"""The class for each ``type:`` of a source in the config."""


def build_sources(configs: Iterable[Any], scheduler: Any = None) -> list[Source]:
    """One source per config entry (``config.sources``), not yet started.

    :param configs: :class:`~monitor.config.FolderSource` / :class:`~monitor.config.FeedSource` models.
    :param scheduler: the APScheduler 3.x scheduler that feed polls run on.
    """
    out: list[Source] = []
    for cfg in configs:
        cls = SOURCE_TYPES[cfg.type]
        out.append(cls(cfg, scheduler) if getattr(cls, "needs_scheduler", False) else cls(cfg))
    return out


__all__ = [
    "SOURCE_TYPES",
    "Emit",
    "FeedPoller",
    "FolderWatcher",
    "Item",
    "Rejected",
    "Source",
    "build_sources",
]
