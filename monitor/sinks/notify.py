"""Notifications: alerts delivered through apprise URLs, off the pipeline's thread.

``emit`` only puts alerts on a queue; one worker thread filters them per target
(topics, kinds, minimum severity, mutes), groups them into digests where a
target asks for one, and delivers with retries. apprise's ``notify()`` reports
failure by returning False, so every result is checked; what happened to each
target is written to ``state/notify_status.json`` for ``monitor status``.
Mutes live in ``state/mutes.json`` so that ``monitor mute`` (another process)
can set them while the daemon runs.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from ..alerts import number, subject
from ..config import Notify
from ..records import now_utc

log = logging.getLogger(__name__)

MUTES_FILE = "mutes.json"
STATUS_FILE = "notify_status.json"
SEVERITY = {"low": 0, "medium": 1, "high": 2}
_QUOTE_CHARS = 280
_STOP = object()


# --- small files in the state folder ---------------------------------------------


def _write_json(path: Path, data: Any) -> None:
    """Write ``data`` so that a reader sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=2, ensure_ascii=False)
            fh.write("\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.warning("ignoring unreadable %s: %s", path, exc)
        return None


def read_mutes(state_dir: str | Path, now: datetime | None = None) -> dict[str, datetime]:
    """The topics muted now, each with its expiry; expired mutes are left out."""
    now = now or now_utc()
    data = _read_json(Path(state_dir) / MUTES_FILE)
    out = {}
    for topic, until in (data or {}).items() if isinstance(data, dict) else ():
        try:
            expiry = datetime.fromisoformat(str(until))
        except ValueError:
            continue
        if expiry > now:
            out[topic] = expiry
    return out


def mute(state_dir: str | Path, topic: str, seconds: float) -> datetime:
    """Mute ``topic`` for ``seconds`` from now; returns the expiry."""
    until = now_utc() + timedelta(seconds=seconds)
    mutes = read_mutes(state_dir)
    mutes[topic] = until
    _write_json(Path(state_dir) / MUTES_FILE, {k: v.isoformat() for k, v in sorted(mutes.items())})
    return until


def unmute(state_dir: str | Path, topic: str) -> bool:
    """Lift the mute on ``topic``; False when it was not muted."""
    mutes = read_mutes(state_dir)
    found = mutes.pop(topic, None) is not None
    _write_json(Path(state_dir) / MUTES_FILE, {k: v.isoformat() for k, v in sorted(mutes.items())})
    return found


def read_status(state_dir: str | Path) -> dict[str, Any] | None:
    """The delivery status the notifier last wrote, or None when it never ran."""
    data = _read_json(Path(state_dir) / STATUS_FILE)
    return data if isinstance(data, dict) else None


# --- messages --------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Message:
    """One notification: a title and a plain-text body."""

    title: str
    body: str


def _range(lo: Any, hi: Any) -> str:
    if lo is None and hi is None:
        return "?"
    if lo is None:
        return f"up to {number(hi)}"
    if hi is None:
        return f"at least {number(lo)}"
    return number(lo) if abs(float(lo) - float(hi)) < 1e-9 else f"{number(lo)}–{number(hi)}"


def _quote(text: Any) -> str:
    text = " ".join(str(text or "").split())
    if len(text) > _QUOTE_CHARS:
        text = text[: _QUOTE_CHARS - 1].rstrip() + "…"
    return f"“{text}”" if text else ""


def _subject(alert: dict[str, Any]) -> str:
    return f"{alert.get('topic') or '?'}/{subject(alert) or '?'}"


def format_alert(alert: dict[str, Any]) -> Message:
    """Title and body of one alert: what was said, by whom, against which consensus and its supporters."""
    kind = str(alert.get("kind") or "alert")
    title = f"{kind.capitalize()} ({alert.get('severity', 'low')}): {_subject(alert)}"
    claim = alert.get("claim") or {}
    cons = alert.get("consensus") or {}
    lines = [str(alert.get("message") or title), ""]
    speaker = claim.get("speaker") or claim.get("lineage") or "Unattributed"
    if alert.get("proposition"):
        verb = "denies" if claim.get("stance") == "deny" else "affirms"
        lines.append(f"{speaker} {verb} {alert['proposition']}:")
    else:
        figure = f"{claim.get('text', '?')} {claim.get('counted') or ''}".strip()
        lines.append(f"{speaker} reported {figure}:")
    if claim.get("sentence"):
        lines.append(f"  {_quote(claim['sentence'])}")
    if claim.get("article"):
        lines.append(f"  Article: {claim['article']}")
    lines.append("")
    others = cons.get("lineages") or []
    if alert.get("proposition"):
        side = "deny" if cons.get("stance") == "deny" else "affirm"
        lines.append(f"Against those who {side} it:" if others else "No other source has taken a side yet.")
    elif cons.get("values") or cons.get("low") is not None:
        values = cons.get("values") or [None, None]
        head = f"Consensus {_range(*values)}"
        if cons.get("low") is not None or cons.get("high") is not None:
            head += f" (tolerated {_range(cons.get('low'), cons.get('high'))})"
        supporters = cons.get("supporters") or []
        lines.append(head + (f", held by {len(supporters)} source(s):" if supporters else ":"))
    elif others:
        lines.append("Other sources:")
    supporters = set(cons.get("supporters") or [])
    for e in others:
        if supporters and e.get("lineage") not in supporters and not alert.get("proposition"):
            continue
        who = e.get("speaker") or e.get("lineage") or "?"
        said = f": {e['figure']}" if e.get("figure") else (f" ({e['stance']})" if e.get("stance") else "")
        lines.append(f"  - {who}{said}")
        if e.get("quote"):
            lines.append(f"    {_quote(e['quote'])}")
        if e.get("article"):
            lines.append(f"    Article: {e['article']}")
    return Message(title=title, body="\n".join(lines).rstrip())


def format_digest(alerts: Sequence[dict[str, Any]]) -> Message:
    """One message for several alerts: a summary line each, then each alert in full."""
    if len(alerts) == 1:
        return format_alert(alerts[0])
    topics = sorted({str(a.get("topic") or "?") for a in alerts})
    worst = max((str(a.get("severity") or "low") for a in alerts), key=lambda s: SEVERITY.get(s, 0))
    title = f"{len(alerts)} alerts ({worst} at worst): {', '.join(topics)}"
    summary = [f"- [{a.get('severity', 'low')}] {a.get('kind', 'alert')} {_subject(a)}: {a.get('message', '')}" for a in alerts]
    parts = ["\n".join(summary)]
    for i, a in enumerate(alerts, 1):
        m = format_alert(a)
        parts.append(f"--- {i}. {m.title}\n{m.body}")
    return Message(title=title, body="\n\n".join(parts))


# --- delivery ----------------------------------------------------------------------


def redact(url: str) -> str:
    """The URL as apprise shows it with passwords and tokens hidden (safe for logs and status files)."""
    import apprise  # loads its plugins (~0.4 s): only when a target is labelled or notified

    try:
        plugin = apprise.Apprise.instantiate(url)
    except Exception:  # noqa: BLE001 - a malformed URL must still get a label
        plugin = None
    if not plugin:
        return url.split("://", 1)[0] + "://…"
    return str(plugin.url(privacy=True)).split("?", 1)[0]


def notify_once(url: str, message: Message) -> tuple[bool, str | None]:
    """One delivery attempt: ``(ok, error)``; apprise's warnings become the error text."""
    import apprise  # see redact()

    app = apprise.Apprise()
    if not app.add(url):
        return False, "not a valid apprise URL (see https://github.com/caronc/apprise/wiki)"
    try:
        with apprise.LogCapture(level=logging.WARNING) as captured:
            ok = bool(app.notify(title=message.title, body=message.body))
        text = captured.getvalue()
    except Exception as exc:  # noqa: BLE001 - a plugin bug is a failed delivery, not a crash
        return False, f"{type(exc).__name__}: {exc}"
    if ok:
        return True, None
    lines = [ln.split(" - ", 2)[-1].strip() for ln in str(text).splitlines() if ln.strip()]
    return False, lines[-1] if lines else "apprise reported a failure"


def deliver(
    url: str, message: Message, retries: int = 3, backoff: float = 1.0, max_delay: float = 30.0
) -> tuple[bool, str | None, int]:
    """Deliver with up to ``retries`` attempts, doubling the delay after each failure: ``(ok, error, attempts)``."""
    error = None
    for attempt in range(max(1, retries)):
        ok, error = notify_once(url, message)
        if ok:
            return True, None, attempt + 1
        if attempt + 1 < retries:
            time.sleep(min(backoff * 2**attempt, max_delay))
    return False, error, max(1, retries)


def send_test(targets: Sequence[Notify], retries: int = 2, backoff: float = 0.5) -> list[tuple[str, bool, str | None]]:
    """Send a test message to every target: ``(redacted url, delivered, error)`` for each."""
    message = Message(
        title="news-monitor: test notification",
        body=f"This is a test from `monitor notify-test` at {now_utc().isoformat(timespec='seconds')}.\n"
        "If you can read it, alerts will reach you here.\n",
    )
    out = []
    for t in targets:
        ok, error, _ = deliver(t.url, message, retries=retries, backoff=backoff)
        out.append((redact(t.url), ok, error))
    return out


@dataclass(frozen=True, kw_only=True)
class _Flush:
    done: threading.Event
    digests: bool


class NotifySink:
    """Alert sink that notifies apprise targets from a background thread.

    :param targets: the config's ``notify`` entries.
    :param state_dir: folder of ``mutes.json`` and ``notify_status.json``.
    :param retries: delivery attempts per message.
    :param backoff: seconds before the first retry; doubled after each failure.
    :param max_queue: alert batches held before new ones are dropped (and counted).
    """

    durable = False  # a notification that fails is counted and retried here, never held against the alert log

    def __init__(
        self,
        targets: Sequence[Notify],
        state_dir: str | Path,
        *,
        retries: int = 4,
        backoff: float = 1.0,
        max_queue: int = 10_000,
    ) -> None:
        self.targets = list(targets)
        self.state_dir = Path(state_dir)
        self.retries = retries
        self.backoff = backoff
        self._labels = [redact(t.url) for t in self.targets]
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=max_queue)
        self._pending: dict[int, list[dict[str, Any]]] = {}
        self._due: dict[int, float] = {}
        self._lock = threading.Lock()
        # Counts carry over from the previous run so that `monitor status` shows totals.
        before = {t.get("url"): t for t in (read_status(self.state_dir) or {}).get("targets", []) if isinstance(t, dict)}
        self._status = []
        for label, t in zip(self._labels, self.targets, strict=True):
            old = before.get(label, {})
            entry: dict[str, Any] = {"url": label, "digest": t.digest, "pending": 0}
            for key in ("delivered", "failed", "failed_attempts", "muted"):
                entry[key] = old.get(key, 0) if isinstance(old.get(key), int) else 0
            for key in ("last_error", "last_error_time", "last_success"):
                entry[key] = old.get(key)
            self._status.append(entry)
        self._dropped = 0
        self._write_status()
        self._thread = threading.Thread(target=self._run, name="notify", daemon=True)
        self._thread.start()

    # --- the sink interface ---------------------------------------------------------

    def emit(self, alerts: list[dict[str, Any]]) -> None:
        """Queue ``alerts`` for delivery; never waits on the network."""
        if not alerts or not self.targets:
            return
        try:
            self._queue.put_nowait(list(alerts))
        except queue.Full:
            with self._lock:
                self._dropped += len(alerts)
            log.warning("notification queue full; %d alert(s) not notified", len(alerts))

    def flush(self, timeout: float = 30.0, digests: bool = False) -> bool:
        """Wait until queued alerts are handled (and, with ``digests``, pending digests sent)."""
        done = threading.Event()
        try:
            self._queue.put(_Flush(done=done, digests=digests), timeout=timeout)
        except queue.Full:
            return False
        return done.wait(timeout)

    def close(self, timeout: float = 30.0) -> None:
        """Send pending digests, then stop the worker (waiting at most ``timeout`` seconds)."""
        if self._thread.is_alive():
            try:
                self._queue.put(_STOP, timeout=timeout)
            except queue.Full:
                log.warning("notifier queue still full after %.0fs; leaving it", timeout)
                return
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning("notifier still busy after %.0fs; leaving it", timeout)

    def mute(self, topic: str, seconds: float) -> datetime:
        """Mute ``topic`` for ``seconds`` (shared with ``monitor mute`` through ``mutes.json``)."""
        return mute(self.state_dir, topic, seconds)

    def status(self) -> list[dict[str, Any]]:
        """A copy of the per-target delivery status."""
        with self._lock:
            return [dict(s) for s in self._status]

    # --- the worker -----------------------------------------------------------------

    def _run(self) -> None:
        while True:
            wait = min(self._due.values(), default=None)
            try:
                item = self._queue.get(timeout=None if wait is None else max(0.0, wait - time.monotonic()))
            except queue.Empty:
                item = None
            try:
                if item is _STOP:
                    self._send_digests(force=True)
                    return
                if isinstance(item, _Flush):
                    if item.digests:
                        self._send_digests(force=True)
                    item.done.set()
                    continue
                if item:
                    self._route(item)
                self._send_digests(force=False)
            except Exception:  # noqa: BLE001 - the worker must outlive any one bad alert
                log.exception("notifier failed on a batch of alerts")

    @staticmethod
    def _wants(target: Notify, alert: dict[str, Any]) -> bool:
        if target.topics and alert.get("topic") not in target.topics:
            return False
        if alert.get("kind") not in target.kinds:
            return False
        return SEVERITY.get(str(alert.get("severity")), 0) >= SEVERITY[target.min_severity]

    def _route(self, alerts: list[dict[str, Any]]) -> None:
        mutes = read_mutes(self.state_dir)
        any_muted = False
        for i, target in enumerate(self.targets):
            chosen = [a for a in alerts if self._wants(target, a)]
            muted = [a for a in chosen if a.get("topic") in mutes]
            chosen = [a for a in chosen if a.get("topic") not in mutes]
            if muted:
                any_muted = True
                with self._lock:
                    self._status[i]["muted"] += len(muted)
                log.info("%d alert(s) not sent to %s: topic muted", len(muted), self._labels[i])
            if not chosen:
                continue
            if target.digest:
                self._pending.setdefault(i, []).extend(chosen)
                self._due.setdefault(i, time.monotonic() + target.digest)
                with self._lock:
                    self._status[i]["pending"] = len(self._pending[i])
                continue
            for alert in chosen:
                self._send(i, format_alert(alert))
        if any_muted:
            self._write_status()

    def _send_digests(self, force: bool) -> None:
        now = time.monotonic()
        for i in sorted(self._due):
            if force or self._due[i] <= now:
                batch = self._pending.pop(i, [])
                del self._due[i]
                with self._lock:
                    self._status[i]["pending"] = 0
                if batch:
                    self._send(i, format_digest(batch))

    def _send(self, i: int, message: Message) -> None:
        ok, error, attempts = deliver(self.targets[i].url, message, self.retries, self.backoff)
        stamp = now_utc().isoformat()
        with self._lock:
            s = self._status[i]
            s["failed_attempts"] += attempts - 1 if ok else attempts
            if ok:
                s["delivered"] += 1
                s["last_success"] = stamp
            else:
                s["failed"] += 1
                s["last_error"] = error
                s["last_error_time"] = stamp
        if not ok:
            log.warning("notification to %s failed after %d attempt(s): %s", self._labels[i], attempts, error)
        self._write_status()

    def _write_status(self) -> None:
        with self._lock:
            data = {"updated": now_utc().isoformat(), "dropped": self._dropped, "targets": [dict(s) for s in self._status]}
        try:
            _write_json(self.state_dir / STATUS_FILE, data)
        except OSError as exc:
            log.warning("cannot write %s: %s", self.state_dir / STATUS_FILE, exc)
