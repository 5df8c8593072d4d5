"""Sinks: where alerts go once the transaction that raised them has committed.

Every sink has the verbs of :class:`Sink`. The alert log (:class:`~monitor.sinks.jsonl.JsonlSink`,
``state/alerts.jsonl``) is always there and is *durable*: alerts it fails to take
stay pending in the store and are sent again. Other sinks are built from the
config by :data:`SINK_TYPES`, one entry per config key; adding a kind of sink
(a webhook of your own, a Kafka topic) is one new module plus one line there.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from ..config import MonitorConfig
from ..errors import MonitorError
from .jsonl import JsonlSink
from .notify import NotifySink

log = logging.getLogger(__name__)


@runtime_checkable
class Sink(Protocol):
    """The verbs every alert sink has."""

    durable: bool
    """True for a sink that must hold every alert (the alert log): the pipeline retries what it failed to take."""

    def emit(self, alerts: list[dict[str, Any]]) -> None:
        """Take committed alerts (as the alert log holds them); raise when they could not be taken."""

    def close(self) -> None:
        """Finish what is pending and release what the sink holds."""


class Fanout:
    """Hands committed alerts to every sink; one that fails never stops the others.

    ``error`` says why the durable sinks (the alert log) could not take the last alerts
    (``None``: they could); each new reason is logged once, as one line, not once per alert.
    """

    def __init__(self, sinks: Sequence[Sink]) -> None:
        self.sinks = list(sinks)
        self.error: str | None = None
        self._logged: str | None = None

    def emit(self, alerts: list[dict[str, Any]]) -> bool:
        """Send ``alerts`` to every sink; False when a durable sink failed (they stay pending, to send again)."""
        taken = True
        for sink in self.sinks:
            try:
                sink.emit(alerts)
            except Exception as exc:  # noqa: BLE001 - one failing sink must not stop the others
                self._failed(sink, exc, len(alerts))
                taken = taken and not sink.durable
            else:
                if sink.durable:
                    self.error = self._logged = None
        return taken

    def close(self) -> None:
        """Close every sink."""
        for sink in self.sinks:
            sink.close()

    def _failed(self, sink: Sink, exc: Exception, n: int) -> None:
        # An unwritable alert log is an expected fault (full disk, read-only folder): one line, no traceback.
        if isinstance(exc, MonitorError | OSError):
            problem = str(exc) if isinstance(exc, MonitorError) else f"{type(sink).__name__}: {exc}"
        else:
            problem = f"alert sink {type(sink).__name__} failed: {type(exc).__name__}: {exc}"
            log.debug("alert sink %s failed", type(sink).__name__, exc_info=True)
        if not sink.durable:
            log.error("%s", problem)
            return
        self.error = problem
        if problem != self._logged:
            log.error(
                "%s; %d alert(s) stay pending and are appended once it can be written "
                "(is the disk full or the folder read-only?)",
                problem,
                n,
            )
        self._logged = problem


def alert_log(state_dir: str | Path) -> JsonlSink:
    """The alert log of a state folder: ``alerts.jsonl``."""
    return JsonlSink(Path(state_dir) / "alerts.jsonl")


def _notify(config: MonitorConfig, state_dir: Path) -> list[Sink]:
    return [NotifySink(config.notify, state_dir)] if config.notify else []


SINK_TYPES: dict[str, Callable[[MonitorConfig, Path], list[Sink]]] = {"notify": _notify}
"""For each config key that declares sinks, what builds them from the config and the state folder."""


def build_sinks(config: MonitorConfig, state_dir: str | Path) -> list[Sink]:
    """The sinks the config declares, beside the alert log (the daemon's notifications)."""
    return [sink for build in SINK_TYPES.values() for sink in build(config, Path(state_dir))]


__all__ = ["SINK_TYPES", "Fanout", "JsonlSink", "NotifySink", "Sink", "alert_log", "build_sinks"]
