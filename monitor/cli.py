"""The ``monitor`` command: a thin shell over the library.

Each command imports the library modules it runs inside its own body (each such
import says ``# lazy``): ``monitor --help``, ``status`` and ``alerts`` start
without loading spaCy, SQLite, the daemon or rich's renderers, which a command
that never uses them would otherwise pay for at every start.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import click

from .cli_notify import COMMANDS
from .config import MonitorConfig, default_config_path, json_schema, load_config
from .errors import DocumentError, MonitorError
from .logs import setup_logging

STATE_HELP = "folder of the database and alert log (default: state/)"
CONFIG_HELP = "YAML config (default: config/monitor.yaml here, else the example shipped with the monitor)"


def _config(path: str | None) -> MonitorConfig:
    try:
        return load_config(path)
    except MonitorError as exc:
        raise click.ClickException(str(exc)) from None


def _echo_json(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, default=str))


def _console_err() -> Any:
    from rich.console import Console  # lazy

    return Console(stderr=True)


def _console() -> Any:
    from rich.console import Console  # lazy

    # Wide tables in pipes and files; the terminal's own width when there is one.
    return Console(highlight=False, soft_wrap=False, width=None if sys.stdout.isatty() else 200)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", count=True, help="more log output (-vv for debug)")
@click.option("--log-format", type=click.Choice(["text", "json"]), default="text", help="log line format on stderr")
def cli(verbose: int, log_format: str) -> None:
    """Watch news as it arrives and alert when a figure or claim contradicts the other sources."""
    setup_logging(verbose, log_format)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="one JSON object per line per claim")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help=CONFIG_HELP)
@click.option("--explain", is_flag=True, help="say how each claim's frame was read and why it was or was not linked to a metric")
@click.option("--all", "show_all", is_flag=True, help="also list dates, years, ordinals and other non-claims")
def extract(paths: tuple[str, ...], as_json: bool, config_path: str | None, explain: bool, show_all: bool) -> None:
    """Print the figure claims (and statements) of article files."""
    from .queries import explain_lines, extract_paths  # lazy

    config = _config(config_path)
    try:
        results = extract_paths(config, paths)
    except MonitorError as exc:
        raise click.ClickException(str(exc)) from None
    rows: list[dict[str, Any]] = []
    for path, claims, statements, decisions, error in results:
        if error:
            click.echo(f"{path}: skipped: {error}", err=True)
            continue
        for c, d in zip(claims, decisions, strict=True):
            if not show_all and not as_json and c.kind != "quantity":
                continue
            row = c.to_dict()
            if explain:
                row["explain"] = explain_lines(c, d)  # how the frame was read, then the link reasons
            rows.append(row)
        rows.extend(s.to_dict() for s in statements)
    if as_json:
        for r in rows:
            _echo_json(r)
        return
    from .render import claims_table  # lazy

    _console().print(claims_table(rows, explain))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help=CONFIG_HELP)
@click.option("--state", "state_dir", default="state", type=click.Path(file_okay=False), help=STATE_HELP)
@click.option("--json", "as_json", is_flag=True, help="print alerts as JSON lines")
def ingest(paths: tuple[str, ...], config_path: str | None, state_dir: str, as_json: bool) -> None:
    """Run article files, in the order given, through the daemon's pipeline; print alerts as they happen."""
    from .documents import read_document  # lazy
    from .pipeline import open_pipeline  # lazy

    config = _config(config_path)
    try:
        pipe = open_pipeline(config, state_dir)
    except MonitorError as exc:
        raise click.ClickException(str(exc)) from None
    console = _console()
    counts = {"parsed": 0, "off_topic": 0, "syndicated": 0, "duplicate": 0, "skipped": 0, "rejected": 0, "alerts": 0}
    progress = None
    if sys.stderr.isatty() and len(paths) > 1:
        from rich.progress import Progress  # lazy

        progress = Progress(console=_console_err(), transient=True)
        progress.start()
        task = progress.add_task("ingesting", total=len(paths))

    def documents() -> Iterator[Any]:
        # Read lazily: the pipeline reads a few files ahead so that extraction helpers can work on them.
        for path in paths:
            try:
                yield read_document(path)
            except DocumentError as exc:
                counts["rejected"] += 1
                if progress is not None:
                    progress.advance(task)
                with pipe.store.transaction():
                    pipe.store.reject("cli", path, exc.reason)
                click.echo(f"{path}: rejected: {exc.reason}", err=True)

    try:
        for out in pipe.process_many(documents()):
            if progress is not None:
                progress.advance(task)
            counts[out.status] += 1
            counts["alerts"] += len(out.alerts)
            if out.status == "skipped":
                click.echo(f"{out.uri}: skipped: {out.reason}", err=True)
            for alert in out.alerts:
                if as_json:
                    _echo_json(alert)
                else:
                    _print_alert(console, alert)
    finally:
        if progress is not None:
            progress.stop()
        pipe.close()
    click.echo(
        f"{len(paths)} file(s): {counts['parsed']} parsed, {counts['syndicated']} syndicated, "
        f"{counts['off_topic']} off-topic, {counts['skipped']} skipped (not English), {counts['duplicate']} already seen, "
        f"{counts['rejected']} rejected; "
        f"{counts['alerts']} alert(s)",
        err=True,
    )


def _store(state_dir: str) -> Any:
    from .store import Store  # lazy

    try:
        return Store(Path(state_dir) / "monitor.db", readonly=True)
    except MonitorError as exc:
        raise click.ClickException(str(exc)) from None


def _since(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    from .queries import SINCE_FORMS, parse_since  # lazy

    if value is None:
        return None
    try:
        return parse_since(value)
    except ValueError:
        raise click.BadParameter(f"expected {SINCE_FORMS}; got {value!r}") from None


def _require_known(store: Any, what: str, name: str | None) -> None:
    """Exit with an error naming the known names when ``name`` is not in the store."""
    if not name:
        return
    problem = store.unknown_name(what, name)
    if problem:
        raise click.ClickException(problem)


def _print_alert(console: Any, alert: dict[str, Any]) -> None:
    """One alert: coloured (and wrapped) on a terminal, one plain line otherwise so that grep and cut work."""
    from .render import alert_line  # lazy

    if console.is_terminal:
        console.print(alert_line(alert))
    else:
        click.echo(alert_line(alert).plain)


@cli.command()
@click.option("--state", "state_dir", default="state", type=click.Path(file_okay=False), help=STATE_HELP)
@click.option("--json", "as_json", is_flag=True, help="one JSON object per line")
@click.option(
    "--since",
    callback=_since,
    help="only alerts raised at or after this time: ISO 8601 such as 2026-12-05T11:54 or 2026-12-05T11:54+01:00 "
    "(without an offset or Z it is local time), a date such as 2026-12-05 (local midnight), today, yesterday, "
    "or an age such as 30m, 2h, 3d, 1w. Printed alert times are UTC (ending in Z).",
)
@click.option("--topic", help="only this topic")
@click.option("--metric", help="only this metric (or proposition)")
@click.option("--follow", "-f", is_flag=True, help="keep printing new alerts as they come")
def alerts(state_dir: str, as_json: bool, since: Any, topic: str | None, metric: str | None, follow: bool) -> None:
    """List the alerts raised so far (one per line when piped)."""
    from .queries import alert_time  # lazy

    store = _store(state_dir)
    # The store compares ISO text; ask it for a day more than needed and compare as times here.
    coarse = (since - timedelta(days=1)).date().isoformat() if since is not None else None
    last = 0
    checked = False
    console = _console()
    try:
        while True:
            rows = store.alerts(since=coarse, topic=topic, metric=metric, after_id=last)
            if not rows and not checked:
                # Only an empty answer needs the names: a name with alerts is known.
                _require_known(store, "topic", topic)
                _require_known(store, "metric or proposition", metric)
            checked = True
            for row_id, alert in rows:
                last = row_id
                if since is not None:
                    when = alert_time(alert)
                    if when is None or when < since:
                        continue
                if as_json:
                    _echo_json(alert)
                else:
                    _print_alert(console, alert)
            if not follow:
                break
            sys.stdout.flush()
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        store.close()


@cli.command()
@click.argument("topic", required=False)
@click.option("--state", "state_dir", default="state", type=click.Path(file_okay=False), help=STATE_HELP)
@click.option("--json", "as_json", is_flag=True, help="one JSON object per line")
def consensus(topic: str | None, state_dir: str, as_json: bool) -> None:
    """Each metric's consensus and the sources behind it."""
    from .queries import consensus_view  # lazy

    store = _store(state_dir)
    try:
        rows = consensus_view(store, topic)
        if not rows:
            _require_known(store, "topic", topic)
    finally:
        store.close()
    if as_json:
        for r in rows:
            _echo_json(r)
        return
    from .render import consensus_tables  # lazy

    console = _console()
    for table in consensus_tables(rows):
        console.print(table)


@cli.command()
@click.option("--metric", help="the metric whose claims to list")
@click.option("--topic", help="all linked claims of a topic")
@click.option("--state", "state_dir", default="state", type=click.Path(file_okay=False), help=STATE_HELP)
@click.option("--json", "as_json", is_flag=True, help="one JSON object per line")
def claims(metric: str | None, topic: str | None, state_dir: str, as_json: bool) -> None:
    """The stored claims behind a metric, oldest first."""
    store = _store(state_dir)
    try:
        rows = store.claims_for(metric=metric, topic=topic)
        if not rows:
            _require_known(store, "metric", metric)
            _require_known(store, "topic", topic)
    finally:
        store.close()
    if as_json:
        for r in rows:
            _echo_json(r)
        return
    from .render import stored_claims_table  # lazy

    _console().print(stored_claims_table(rows))


@cli.command()
@click.option("--topic", help="only this topic's metrics and propositions")
@click.option("--out", "out", default="report.html", type=click.Path(dir_okay=False), show_default=True, help="HTML file to write")
@click.option("--state", "state_dir", default="state", type=click.Path(file_okay=False), help=STATE_HELP)
def report(topic: str | None, out: str, state_dir: str) -> None:
    """Write the timeline report: one HTML file that opens offline."""
    from .report import write_report  # lazy
    from .store import Store  # lazy

    try:
        store = Store(Path(state_dir) / "monitor.db", readonly=True)
        try:
            problem = store.unknown_name("topic", topic) if topic else None
            if problem:
                raise click.ClickException(problem)
            path = write_report(store, out, topic)
        finally:
            store.close()
    except MonitorError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"cannot write {out}: {exc}") from None
    click.echo(f"wrote {path} ({path.stat().st_size // 1024 + 1} KB)")


RUN_CONFIG_HELP = "YAML config (default: config/monitor.yaml in the current folder; without one, --config is required)"


def _run_config_path(config_path: str | None) -> str:
    """The config ``monitor run`` uses: ``--config``, else ``config/monitor.yaml`` here; never a fallback elsewhere."""
    if config_path:
        return config_path
    local = Path("config/monitor.yaml")
    if local.is_file():
        return str(local)
    # Running the example config from somewhere else would watch (and create) ./inbox for a made-up story.
    example = default_config_path()
    where = f" The example config is {example}; copy it to config/monitor.yaml and edit it." if example.is_file() else ""
    raise click.UsageError(
        f"no config: there is no config/monitor.yaml in {Path.cwd()}; pass --config FILE.{where} "
        "(`monitor demo` runs the example on the sample articles.)"
    )


def describe_run(config: MonitorConfig, config_path: str, state_dir: str) -> list[str]:
    """What ``monitor run`` is about to do: its config, what it reads, what it tracks, where it writes."""
    state = Path(state_dir).resolve()
    lines = [f"monitor run: config {config_path} ({Path(config_path).resolve()})"]
    reads = []
    for src in config.sources:
        if src.type == "folder":
            what = f"folder {Path(src.path).resolve()} ({', '.join(src.patterns)}{', recursive' if src.recursive else ''})"
        else:
            what = f"feed {src.url} every {src.every:g} s"
        reads.append(what)
    lines.append("  reads: " + "; ".join(reads))
    lines.append("  tracks: " + "; ".join(
        f"topic {t.name} ({len(t.metrics)} metric(s), {len(t.propositions)} proposition(s))" for t in config.topics))
    writes = (f"  writes: state folder {state} (database monitor.db, alert log {state / 'alerts.jsonl'}, "
              "status status.json)")
    if config.report is not None:
        report = config.report.path if config.report.path.is_absolute() else state / config.report.path
        writes += f"; report {report} every {config.report.every:g} s"
    lines.append(writes)
    if config.notify:
        lines.append(f"  notifies: {len(config.notify)} target(s); `monitor notify-test` sends a test message")
    return lines


@cli.command()
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help=RUN_CONFIG_HELP)
@click.option("--state", "state_dir", default="state", type=click.Path(file_okay=False), help=STATE_HELP)
@click.option("--metrics-port", type=int, help="serve Prometheus metrics on 127.0.0.1 at this port")
@click.option("--log-format", type=click.Choice(["text", "json"]), default=None, help="log line format on stderr")
@click.pass_context
def run(ctx: click.Context, config_path: str | None, state_dir: str, metrics_port: int | None, log_format: str | None) -> None:
    """Run the daemon: watch the configured folders and feeds until SIGTERM or Ctrl-C.

    Says first which config it runs, what it reads and where it writes.
    """
    from .daemon import Daemon  # lazy

    config_path = _run_config_path(config_path)
    config = _config(config_path)
    if not config.sources:
        raise click.ClickException(
            f"{config_path} has no sources, so there is nothing to watch; add for example\n"
            "  sources:\n    - type: folder\n      path: inbox/\n"
            "(`monitor ingest FILES --config ...` processes files without a daemon)"
        )
    for line in describe_run(config, config_path, state_dir):
        click.echo(line, err=True)

    parent = ctx.parent.params if ctx.parent else {}
    # A daemon logs what it does (INFO) unless asked for more.
    setup_logging(max(1, parent.get("verbose", 0)), log_format or parent.get("log_format", "text"))

    try:
        daemon = Daemon(config_path, state_dir, metrics_port=metrics_port)
        daemon.install_signal_handlers()
        code = daemon.run()
    except MonitorError as exc:
        raise click.ClickException(str(exc)) from None
    sys.exit(code)


@cli.command()
@click.option("--state", "state_dir", default="state", type=click.Path(file_okay=False), help=STATE_HELP)
@click.option("--json", "as_json", is_flag=True, help="print the status as one JSON object")
def status(state_dir: str, as_json: bool) -> None:
    """What the daemon watches and has done: sources, queue, counts, failures, rejected files."""
    from .queries import status_view  # lazy

    view = status_view(Path(state_dir))
    if as_json:
        _echo_json(view)
        return
    from .render import status_panel  # lazy

    console = _console()
    for part in status_panel(view):
        console.print(part)


@cli.command()
@click.option("--state", "state_dir", default="state/demo", type=click.Path(file_okay=False), help="state folder of the demo (reset at start)")
@click.option("--inbox", default="inbox", type=click.Path(file_okay=False), help="the folder the demo drops articles into")
@click.option("--delay", default=1.5, type=float, help="seconds between two articles")
@click.option("--keep-running", is_flag=True, help="stay up as a daemon after the last article")
def demo(state_dir: str, inbox: str, delay: float, keep_running: bool) -> None:
    """Start the monitor on the default config and drop the sample articles into its inbox, one by one."""
    from .demo import run_demo  # lazy

    try:
        console = _console()
        run_demo(Path(state_dir), Path(inbox), delay, keep_running, echo=lambda a: _print_alert(console, a))
    except MonitorError as exc:
        raise click.ClickException(str(exc)) from None


@cli.command("check-config")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help=CONFIG_HELP)
def check_config(config_path: str | None) -> None:
    """Validate a config without starting anything."""
    config = _config(config_path)
    name = config_path or f"{default_config_path()} (the default; --config FILE checks another)"
    n_metrics = sum(len(t.metrics) for t in config.topics)
    n_props = sum(len(t.propositions) for t in config.topics)
    click.echo(
        f"ok: {name}: {len(config.topics)} topic(s), {n_metrics} metric(s), {n_props} proposition(s), "
        f"{len(config.sources)} source(s), {len(config.lineages)} lineage(s), {len(config.notify)} notifier(s)"
    )
    if not config.sources:
        click.echo(
            "note: no sources, so `monitor run` would watch nothing (`monitor ingest` and `monitor extract` work); "
            "add sources: - {type: folder, path: inbox/} or a feed",
            err=True,
        )


@cli.command()
def schema() -> None:
    """Print the config's JSON Schema (for editors)."""
    click.echo(json.dumps(json_schema(), indent=2))


for _command in COMMANDS:  # mute, unmute, notify-test
    cli.add_command(_command)


def main() -> None:
    """Entry point of the ``monitor`` command."""
    try:
        cli(standalone_mode=True)
    except MonitorError as exc:  # pragma: no cover - commands translate their own errors
        logging.getLogger("monitor").error("%s", exc)
        sys.exit(1)


if __name__ == "__main__":
    main()
