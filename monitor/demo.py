"""``monitor demo``: the daemon on the default config, fed the project's sample articles one by one."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .config import default_config_path, load_config
from .daemon import Daemon
from .errors import MonitorError

DEMO_DIR = Path(__file__).parent / "data" / "demo"
PREFIX = "demo-"


def demo_articles() -> list[Path]:
    """The sample articles, in story order."""
    return sorted(DEMO_DIR.glob("*.txt"))


class _Tail:
    """Calls back once per alert as it reaches the daemon's sinks."""

    durable = False

    def __init__(self, echo: Callable[[dict[str, Any]], None]) -> None:
        self.echo = echo
        self.count = 0

    def emit(self, alerts: list[dict[str, Any]]) -> None:
        for a in alerts:
            self.count += 1
            self.echo(a)

    def close(self) -> None:
        pass


def run_demo(
    state_dir: Path,
    inbox: Path,
    delay: float,
    keep_running: bool,
    echo: Callable[[dict[str, Any]], None],
    say: Callable[[str], None] = print,
) -> int:
    """Run the demo; returns the number of alerts raised."""
    config_path = default_config_path()
    config = load_config(config_path)
    folders = [s for s in config.sources if s.type == "folder"]
    if not folders:
        raise MonitorError(f"{config_path} has no folder source for the demo to drop articles into")
    inbox = Path(folders[0].path)
    if state_dir.exists():
        shutil.rmtree(state_dir)
    inbox.mkdir(parents=True, exist_ok=True)
    for old in inbox.glob(PREFIX + "*"):
        old.unlink()
    tail = _Tail(echo)
    daemon = Daemon(str(config_path), state_dir, extra_sinks=[tail])
    daemon.install_signal_handlers()
    worker = threading.Thread(target=daemon.run, name="monitor-daemon", daemon=True)
    worker.start()
    say(f"monitor running on {config_path}, watching {inbox}/; alert log: {state_dir / 'alerts.jsonl'}")
    articles = demo_articles()
    try:
        for path in articles:
            if daemon.stopping.is_set():
                break
            time.sleep(delay)
            target = inbox / (PREFIX + path.name)
            tmp = inbox / ("." + target.name + ".part")
            shutil.copyfile(path, tmp)
            tmp.rename(target)  # appear complete at once, as a careful writer would
            say(f"-> dropped {target}")
        # Let the last article through before reporting.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and daemon.counters.processed + daemon.counters.rejected < len(articles):
            time.sleep(0.1)
        say(
            f"{daemon.counters.processed} article(s) processed, {tail.count} alert(s); "
            f"see `monitor alerts --state {state_dir}` and `monitor consensus --state {state_dir}`"
        )
        if keep_running:
            say("still watching; Ctrl-C to stop")
            while worker.is_alive():
                worker.join(0.5)
    finally:
        daemon.stop()
        worker.join(15)
    return tail.count
