"""Exceptions the library raises; the CLI turns each into a one-line message."""

from __future__ import annotations


class MonitorError(Exception):
    """Base class of every error the monitor reports to its user."""


class ConfigError(MonitorError):
    """The config is invalid: one or more ``key.path: problem, got value`` lines."""

    def __init__(self, problems: list[str], source: str | None = None) -> None:
        self.problems = problems
        self.source = source
        head = f"invalid config {source}" if source else "invalid config"
        super().__init__(head + ":\n" + "\n".join(f"  {p}" for p in problems))


class NLPUnavailable(MonitorError):
    """No spaCy pipeline could be loaded."""


class DocumentError(MonitorError):
    """A file or entry could not be turned into an article (binary, empty, too large...)."""

    def __init__(self, uri: str, reason: str) -> None:
        self.uri = uri
        self.reason = reason
        super().__init__(f"{uri}: {reason}")


class StoreError(MonitorError):
    """The state folder or its database cannot be used (the store's own errors all become this)."""


class StoreWriteError(StoreError):
    """The store cannot be written now (a full disk, a read-only folder, a lock held too long).

    Nothing was half-written: the transaction rolled back. Writing may work again later.
    """


class AlertLogError(MonitorError):
    """The alert log cannot be written (full disk, read-only folder, something else in its place)."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"cannot write the alert log {path}: {reason}")
