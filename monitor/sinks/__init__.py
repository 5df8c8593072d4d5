"""Sinks: where alerts go once the transaction that raised them has committed.

Every sink has the verbs of :class:`Sink`. The alert log (:class:`~monitor.sinks.jsonl.JsonlSink`,
``state/alerts.jsonl``) is always there and is *durable*: alerts it fails to take
stay pending in the store and are sent again. Other sinks are built from the
config by :data:`SINK_TYPES`, one entry per config key; adding a kind of sink
(a webhook of your own, a Kafka topic) is one new module plus one line there.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from ..config import MonitorConfig
from .jsonl import JsonlSink
from .notify import NotifySink


@runtime_checkable
class Sink(Protocol):
    """The verbs every alert sink has."""

    durable: bool
    """True for a sink that must hold every alert (the alert log): the pipeline retries what it failed to take."""

    def emit(self, alerts: list[dict[str, Any]]) -> None:
        """Take committed alerts (as the alert log holds them); raise when they could not be taken."""

    def close(self) -> None:
        """Finish what is pending and release what the sink holds."""


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


__all__ = ["SINK_TYPES", "JsonlSink", "NotifySink", "Sink", "alert_log", "build_sinks"]
