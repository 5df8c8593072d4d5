"""The daemon: sources -> one bounded queue -> one pipeline worker (the only SQLite writer).

Signals: SIGTERM/SIGINT stop the sources, drain the queue and exit 0; SIGHUP
reloads the config, keeping the old one when the new one is invalid. The worker
writes ``state/status.json`` for ``monitor status``.

When the state folder or the alert log cannot be written (a read-only folder or
mount, an immutable flag, a full disk, something else where the log should be),
the worker pauses intake: items wait in the queue (a folder's files stay on disk
and are found again after a restart), one line says why, and once writes work
again the waiting items are processed and the alerts committed meanwhile are
appended to the log.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import signal
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler

from .alerts import log_line
from .config import MonitorConfig, default_config_path, load_config
from .errors import MonitorError, StoreError, StoreWriteError
from .extract import build_extractor
from .pipeline import Pipeline, open_pipeline
from .prefetch import Lookahead
from .records import Document, now_utc
from .report import write_report
from .sinks import build_sinks
from .sources import Cleared, Rejected, build_sources, record_handled
from .store import Store

log = logging.getLogger(__name__)

QUEUE_SIZE = 256
HELPER_IDLE_SECONDS = 600.0  # extraction helpers hold ~150 MB each: give it back when the backlog is gone
DRAIN_SECONDS = 8.0
WRITABLE_CHECK_SECONDS = 0.25
"""How long a check that the state folder and alert log are writable is trusted (a few access(2) calls)."""
PAUSED_RECHECK_SECONDS = 1.0
"""While paused, how often writing is tried again."""
WAITING_LOG_SECONDS = 10.0
"""While paused, how often at most a line says how many items wait."""
STOP_GRACE = 9.0
"""Seconds from SIGTERM/SIGINT to a forced exit while one article still holds the worker."""


@dataclass
class Counters:
    """What the worker has done since it started."""

    processed: int = 0
    parsed: int = 0
    off_topic: int = 0
    syndicated: int = 0
    duplicate: int = 0
    skipped: int = 0
    rejected: int = 0
    alerts: int = 0
    last_article: dict[str, Any] | None = None
    errors: list[str] = field(default_factory=list)


class _Metrics:
    """Prometheus metrics, created only when ``--metrics-port`` is given."""

    def __init__(self, port: int, host: str = "127.0.0.1") -> None:
        # Only with --metrics-port: a daemon without metrics never loads the client.
        from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server

        self.registry = CollectorRegistry()
        self.articles = Counter("monitor_articles_total", "Articles processed", ["status"], registry=self.registry)
        self.claims = Counter("monitor_claims_total", "Figure claims extracted", registry=self.registry)
        self.alerts = Counter("monitor_alerts_total", "Alerts raised", ["kind"], registry=self.registry)
        self.source_errors = Counter("monitor_source_errors_total", "Rejected files and entries", registry=self.registry)
        self.queue = Gauge("monitor_queue_depth", "Items waiting for the worker", registry=self.registry)
        self.latency = Histogram(
            "monitor_arrival_to_alert_seconds",
            "From the source seeing an article to its alerts being logged",
            buckets=(0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5, 10),
            registry=self.registry,
        )
        start_http_server(port, addr=host, registry=self.registry)


class Daemon:
    """Runs the monitor until a signal stops it.

    :param config_path: the YAML config (``None``: the default one).
    :param state_dir: folder of the database, alert log and status file.
    :param metrics_port: serve Prometheus metrics on 127.0.0.1 at this port.
    :param extra_sinks: more alert sinks (tests use a recording one).
    """

    def __init__(
        self,
        config_path: str | None,
        state_dir: str | Path,
        metrics_port: int | None = None,
        queue_size: int = QUEUE_SIZE,
        extra_sinks: list[Any] | None = None,
    ) -> None:
        self.config_path = config_path
        self.state_dir = Path(state_dir)
        self.config: MonitorConfig = load_config(config_path)
        self.queue: queue.Queue[Any] = queue.Queue(maxsize=queue_size)
        self.stopping = threading.Event()
        self.reload_requested = threading.Event()
        self.counters = Counters()
        self.metrics = _Metrics(metrics_port) if metrics_port else None
        self.extra_sinks = list(extra_sinks or [])
        self.started = now_utc()
        self.sources: list[Any] = []
        self.scheduler: Any = None
        self.pipeline: Any = None
        self._status_due = 0.0
        self._source_status: list[dict[str, Any]] = []
        self._status_problem: str | None = None
        self._force_timer: threading.Timer | None = None
        self._current: str | None = None  # the item the worker is busy with
        # Items taken off the queue early so extraction helpers can work ahead; processed first, in order.
        self._ahead = Lookahead(self._expect, self._wants_more)
        self.alert_log = self.state_dir / "alerts.jsonl"
        self._paused: dict[str, Any] | None = None  # why intake is paused, since when
        self._pause_logged: str | None = None  # the pause reason last logged (each is logged once)
        self._pause_since = ""
        self._writable_due = 0.0
        self._waiting_logged = (0.0, 0)  # (when, how many) items waiting were last logged while paused

    # --- lifecycle --------------------------------------------------------------

    def install_signal_handlers(self) -> None:
        """SIGTERM/SIGINT: stop; SIGHUP: reload the config."""
        signal.signal(signal.SIGTERM, lambda *_: self._stop_by_signal())
        signal.signal(signal.SIGINT, lambda *_: self._stop_by_signal())
        if hasattr(signal, "SIGHUP"):
            signal.signal(signal.SIGHUP, lambda *_: self.reload_requested.set())

    def stop(self) -> None:
        """Ask the daemon to stop (safe from a signal handler)."""
        self.stopping.set()

    def _stop_by_signal(self) -> None:
        # The worker checks ``stopping`` between articles only; one pathological article can
        # hold it for minutes. Exit anyway after STOP_GRACE: its transaction never commits, so
        # nothing is half-written, and the file is read again at the next start.
        if not self.stopping.is_set() and self._force_timer is None:
            self._force_timer = threading.Timer(STOP_GRACE, self._force_exit)
            self._force_timer.daemon = True
            self._force_timer.start()
        self.stop()

    def _force_exit(self) -> None:
        log.error(
            "still busy %.1f s after the stop signal with %s; exiting without finishing it",
            STOP_GRACE,
            self._current or "the shutdown",
        )
        try:
            # Helpers exit as soon as this process is gone (their socket closes): record them as stopped.
            self._write_status(running=False, helpers_stopped=True)
        except Exception:  # noqa: BLE001 - best effort on the way out
            pass
        logging.shutdown()
        os._exit(0)

    def run(self) -> int:
        """Start everything, work until stopped, drain and close. Returns the exit code."""
        try:
            sinks = [*build_sinks(self.config, self.state_dir), *self.extra_sinks]
            self.pipeline = open_pipeline(self.config, self.state_dir, sinks=sinks)
        except OSError as exc:  # the folder cannot be created or written: say so, without a traceback
            raise StoreError(f"cannot use the state folder {self.state_dir}: {exc.strerror or exc}") from None
        self.scheduler = BackgroundScheduler(timezone=UTC)
        self.scheduler.start()
        if self.config.report is not None:
            self.scheduler.add_job(
                self._write_report, "interval", seconds=self.config.report.every, id="report",
                coalesce=True, max_instances=1, misfire_grace_time=60, next_run_time=now_utc(),
            )
        self._start_sources()
        log.info(
            "monitor running on %s; state folder %s; alert log %s; %d source(s): %s",
            self.config_description(),
            self.state_dir.resolve(),
            self.alert_log.resolve(),
            len(self.sources),
            ", ".join(str(getattr(s, "source_id", None) or getattr(s, "id", None) or type(s).__name__) for s in self.sources),
        )
        self._write_status()
        try:
            while not self.stopping.is_set():
                if self.reload_requested.is_set():
                    self.reload_requested.clear()
                    self._reload()
                if not self._writable():
                    self._log_waiting()
                    self._maybe_status()
                    self.stopping.wait(0.2)
                    continue
                item = self._next_item(timeout=0.2)
                if item is None:
                    self.pipeline.extractor.release_if_idle(HELPER_IDLE_SECONDS)
                    self._maybe_status()
                    continue
                self._handle(item)
                self._maybe_status()
        finally:
            self._shutdown()
        return 0

    def config_description(self) -> str:
        """The config in use, for the start-up line: its file, or the embedded default and where it is."""
        if self.config_path:
            return f"config {Path(self.config_path).resolve()}"
        return f"the embedded default config ({default_config_path().resolve()})"

    def _next_item(self, timeout: float | None) -> Any:
        """The next item in arrival order (``None``: nothing came); reads ahead while the helpers could use it.

        ``timeout=None`` never blocks.
        """

        def take(first: bool) -> Any:
            try:
                return self.queue.get(timeout=timeout) if first and timeout is not None else self.queue.get_nowait()
            except queue.Empty:
                return None

        return self._ahead.next(take)

    def _expect(self, item: Any) -> None:
        try:
            self.pipeline.expect(item)
        except Exception:  # noqa: BLE001 - reading ahead is only a speed-up; the item is still processed
            log.debug("could not read ahead %s", getattr(item, "uri", item), exc_info=True)

    def _wants_more(self) -> bool:
        return self.pipeline is not None and self.pipeline.extractor.wants_more()

    def _start_sources(self) -> None:
        self.sources = build_sources(self.config.sources, self.scheduler, store=self.pipeline.store)
        for src in self.sources:
            src.start(self._emit)

    def _emit(self, item: Any) -> None:
        # Blocks while the queue is full (backpressure); gives up only when stopping,
        # and then the item is found again at the next start (backlog / next poll).
        while True:
            try:
                self.queue.put(item, timeout=0.5)
                return
            except queue.Full:
                if self.stopping.is_set():
                    return

    def _stop_sources(self) -> None:
        for src in self.sources:
            try:
                src.stop()
            except Exception:  # noqa: BLE001 - stopping one source must not keep the others running
                log.exception("error while stopping source %s", type(src).__name__)
        self.sources = []

    def _shutdown(self) -> None:
        self._stop_sources()
        deadline = time.monotonic() + DRAIN_SECONDS
        drained = 0
        while time.monotonic() < deadline and self.pipeline is not None and self._writable():
            item = self._next_item(timeout=None)
            if item is None:
                break
            self._handle(item)
            drained += 1
        if drained:
            log.info("drained %d queued item(s) before exit", drained)
        if self._paused is not None and self._waiting():
            log.warning(
                "stopping while paused (%s): %d item(s) not processed; a folder's files are found again at the next start",
                self._paused["reason"],
                self._waiting(),
            )
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
        if self.pipeline is not None:
            self.pipeline.extractor.close()  # before the last status, so that it shows the helpers stopped
        self._write_status(running=False)
        if self.pipeline is not None:
            self.pipeline.close()
        if self._force_timer is not None:
            self._force_timer.cancel()
        log.info("monitor stopped")

    def _reload(self) -> None:
        try:
            new = load_config(self.config_path)
        except MonitorError as exc:
            log.error("config reload failed; still running on the old config: %s", exc)
            self.counters.errors = [*self.counters.errors[-9:], f"reload failed: {exc}"]
            return
        self._stop_sources()
        old = self.pipeline
        old.extractor.close()  # its helpers extract with the old config's topics
        self.config = new
        self.pipeline = Pipeline(new, old.store, build_extractor(new, nlp=old.extractor.extractor.nlp), old.sinks)
        self._start_sources()
        log.info("config reloaded: %d topic(s), %d source(s)", len(new.topics), len(self.sources))

    def _write_report(self) -> None:
        # Runs on the scheduler's thread with its own read-only connection; the worker stays the only writer.
        report = self.config.report
        if report is None:
            return
        path = report.path if report.path.is_absolute() else self.state_dir / report.path
        try:
            store = Store(self.state_dir / "monitor.db", readonly=True)
            try:
                write_report(store, path)
            finally:
                store.close()
        except Exception:  # noqa: BLE001 - a failed report must not stop the daemon
            log.exception("could not write the report to %s", path)

    # --- work -------------------------------------------------------------------

    def _handle(self, item: Any) -> None:
        c = self.counters
        self._current = getattr(item, "uri", None)
        try:
            if isinstance(item, Cleared):
                record_handled(self.pipeline.store, item)
                return
            if isinstance(item, Rejected):
                with self.pipeline.store.transaction():
                    self.pipeline.store.reject(item.source, item.uri, item.reason)
                record_handled(self.pipeline.store, item)
                c.rejected += 1
                self._wrote()
                if self.metrics:
                    self.metrics.source_errors.inc()
                return
            if isinstance(item, Document):
                out = self.pipeline.process(item)
                c.processed += 1
                setattr(c, out.status, getattr(c, out.status) + 1)
                c.alerts += len(out.alerts)
                if out.status != "duplicate":
                    c.last_article = {"uri": item.uri, "status": out.status, "time": now_utc().isoformat()}
                    if out.reason:
                        c.last_article["reason"] = out.reason
                        log.info("%s: %s (%s)", item.uri, out.status, out.reason)
                    else:
                        log.info("%s: %s, %d claim(s), %d alert(s)", item.uri, out.status, out.claims, len(out.alerts))
                # The article is committed whatever its alerts' fate: remember it, so a restart skips it unread.
                record_handled(self.pipeline.store, item)
                for a in out.alerts:
                    log.info("ALERT %s", log_line(a))
                if self.pipeline.sink_error is not None:
                    # Stored, but its alerts could not be logged: they wait in the store, and so does intake.
                    self._pause(self.pipeline.sink_error)
                else:
                    self._wrote()
                if self.metrics:
                    self.metrics.articles.labels(out.status).inc()
                    self.metrics.claims.inc(out.claims)
                    for a in out.alerts:
                        self.metrics.alerts.labels(a.get("kind", "")).inc()
                    if out.alerts and item.arrived is not None:
                        self.metrics.latency.observe(time.monotonic() - item.arrived)
        except StoreWriteError as exc:
            # Disk full, a read-only state folder: the transaction was rolled back, nothing half-written.
            # The item waits at the head of the line and intake pauses until a write goes through.
            uri = getattr(item, "uri", "?")
            self._ahead.put_back(item)
            self._pause(
                f"cannot write {self.state_dir / 'monitor.db'}: {exc} (is the disk full or the state folder read-only?)",
                first=f"{uri}: not stored",
            )
        except StoreError as exc:
            uri = getattr(item, "uri", "?")
            log.error("%s: not stored, %s: %s", uri, self.state_dir / "monitor.db", exc)
            c.errors = [*c.errors[-9:], f"{uri}: cannot write the store: {exc}"]
        except MonitorError as exc:
            log.error("%s", exc)
            c.errors = [*c.errors[-9:], str(exc)]
        except Exception as exc:  # noqa: BLE001 - one bad article must not stop the daemon
            log.exception("failed to process %s", getattr(item, "uri", item))
            c.errors = [*c.errors[-9:], f"{getattr(item, 'uri', '?')}: {exc}"]
        finally:
            self._current = None

    # --- writable state -------------------------------------------------------------

    def _waiting(self) -> int:
        return self.queue.qsize() + len(self._ahead)

    def _writable(self, force: bool = False) -> bool:
        """Whether items may be processed: the state folder and the alert log can be written.

        Trusted for :data:`WRITABLE_CHECK_SECONDS` (a few access(2) calls per check). While
        paused, tried again every :data:`PAUSED_RECHECK_SECONDS`: first the permissions, then
        the alerts that wait in the store (an append to the log proves it can be written).
        """
        now = time.monotonic()
        if not force and now < self._writable_due:
            return self._paused is None
        problem = unwritable(self.state_dir, self.alert_log)
        if problem is None and self._paused is not None and self.pipeline is not None:
            try:
                if not self.pipeline.flush_unlogged():
                    problem = self.pipeline.sink_error or f"cannot write the alert log {self.alert_log}"
            except StoreWriteError as exc:
                problem = f"cannot write {self.state_dir / 'monitor.db'}: {exc}"
        self._writable_due = now + (PAUSED_RECHECK_SECONDS if problem else WRITABLE_CHECK_SECONDS)
        if problem is not None:
            self._pause(problem)
            return False
        if self._paused is not None:
            self._paused = None
            self._waiting_logged = (0.0, 0)
            if not len(self._ahead):
                self._wrote()  # nothing was held back: writing works, say so now
        return True

    def _pause(self, problem: str, first: str | None = None) -> None:
        """Pause intake because of ``problem``; the first time for a reason, one line says so."""
        if self._paused is None or self._paused["reason"] != problem:
            # A retry that fails the same way continues the same pause.
            since = self._pause_since if problem == self._pause_logged else now_utc().isoformat()
            self._paused = {"reason": problem, "since": since}
            self._pause_since = since
        self._writable_due = time.monotonic() + PAUSED_RECHECK_SECONDS
        if problem != self._pause_logged:
            log.error(
                "%s%s; intake paused with %d item(s) waiting: they are processed once it can be written again",
                f"{first}: " if first else "",
                problem,
                self._waiting(),
            )
            self.counters.errors = [*self.counters.errors[-9:], f"paused: {problem}"]
            self._pause_logged = problem

    def _wrote(self) -> None:
        """A write went through: if a pause was announced, say that it is over."""
        if self._pause_logged is not None:
            log.info("writing works again (was: %s); resuming with %d item(s) waiting", self._pause_logged, self._waiting())
            self._pause_logged = None

    def _log_waiting(self) -> None:
        n = self._waiting()
        when, logged = self._waiting_logged
        if n != logged and time.monotonic() - when >= WAITING_LOG_SECONDS:
            log.info("paused: %d item(s) waiting", n)
            self._waiting_logged = (time.monotonic(), n)

    # --- status -----------------------------------------------------------------

    def _maybe_status(self) -> None:
        now = time.monotonic()
        if now >= self._status_due:
            self._status_due = now + 1.0
            self._write_status()
            if self.metrics:
                self.metrics.queue.set(self.queue.qsize() + len(self._ahead))

    def _write_status(self, running: bool = True, helpers_stopped: bool = False) -> None:
        c = self.counters
        extraction = self.pipeline.extractor.summary() if self.pipeline is not None else None
        if extraction is not None and helpers_stopped:
            extraction = {**extraction, "helpers_running": 0, "helper_pids": []}
        status = {
            "pid": os.getpid(),
            "running": running,
            "started": self.started.isoformat(),
            "updated": now_utc().isoformat(),
            "config": self.config_path or "(default)",
            "queue_depth": self._waiting(),
            "paused": self._paused,
            "extraction": extraction,
            "counts": {
                k: getattr(c, k)
                for k in ("processed", "parsed", "off_topic", "syndicated", "duplicate", "skipped", "rejected", "alerts")
            },
            "last_article": c.last_article,
            "errors": c.errors,
            "sources": [_safe_status(s) for s in self.sources] or self._source_status,
        }
        self._source_status = status["sources"]
        try:
            write_json_atomic(self.state_dir / "status.json", status)
        except OSError as exc:
            # A full disk or read-only state folder must not stop the daemon; say so once per new error.
            problem = f"cannot write {self.state_dir / 'status.json'}: {exc.strerror or exc}"
            if problem != self._status_problem:
                log.error("%s (is the disk full or the state folder read-only?)", problem)
            self._status_problem = problem
        else:
            self._status_problem = None


def unwritable(state_dir: Path, alert_log: Path) -> str | None:
    """Why the state folder or the alert log cannot be written now, or ``None`` when they can.

    SQLite keeps writing through the files it holds open even after the folder was made
    read-only, so the files' own permissions are what tells; access(2) also sees an
    immutable flag and a read-only mount.
    """
    if not os.access(state_dir, os.W_OK):
        return f"cannot write to the state folder {state_dir} (read-only?)"
    for path in (state_dir / "monitor.db", state_dir / "monitor.db-wal", state_dir / "monitor.db-shm", alert_log):
        if path.is_dir():
            return f"cannot write {path}: a folder is in its place"
        if not os.access(path, os.W_OK) and path.exists():
            return f"cannot write {path} (read-only?)"
    return None


def _safe_status(src: Any) -> dict[str, Any]:
    try:
        return src.status()
    except Exception as exc:  # noqa: BLE001 - status is best effort
        return {"id": getattr(src, "id", "?"), "error": str(exc)}


def write_json_atomic(path: Path, data: Any) -> None:
    """Write JSON so that a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + f".{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        if tmp.is_file():
            tmp.unlink(missing_ok=True)
        raise
