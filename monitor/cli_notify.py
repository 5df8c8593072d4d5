"""CLI commands for notifications: ``mute``, ``unmute``, ``notify-test``.

Registered on the main group with ``for c in COMMANDS: cli.add_command(c)``. As in
:mod:`monitor.cli`, each command imports the notifier in its body (``# lazy``), so
that ``monitor --help`` does not load it.
"""

from __future__ import annotations

import click

from .config import load_config, parse_duration
from .errors import MonitorError

STATE_HELP = "folder of the database and alert log (default: state/)"
CONFIG_HELP = "YAML config (default: config/monitor.yaml)"


def _state_option(f):  # type: ignore[no-untyped-def]
    return click.option("--state", "state_dir", default="state", type=click.Path(file_okay=False), help=STATE_HELP)(f)


def _duration(ctx: click.Context, param: click.Parameter, value: str) -> float:
    try:
        return parse_duration(value)
    except ValueError:
        raise click.BadParameter(f'expected a duration such as "30m", "2h" or "1d", got {value!r}') from None


@click.command()
@click.argument("topic")
@click.option("--for", "seconds", required=True, callback=_duration, help='how long, e.g. "30m", "2h", "1d"')
@_state_option
def mute(topic: str, seconds: float, state_dir: str) -> None:
    """Stop notifications on TOPIC for a while (alerts are still logged)."""
    from .sinks.notify import mute as mute_topic  # lazy

    try:
        until = mute_topic(state_dir, topic, seconds)
    except OSError as exc:
        raise click.ClickException(f"cannot write the mutes of {state_dir}: {exc}") from None
    click.echo(f"muted {topic} until {until.isoformat(timespec='seconds')}")


@click.command()
@click.argument("topic")
@_state_option
def unmute(topic: str, state_dir: str) -> None:
    """Notify on TOPIC again."""
    from .sinks.notify import unmute as unmute_topic  # lazy

    try:
        found = unmute_topic(state_dir, topic)
    except OSError as exc:
        raise click.ClickException(f"cannot write the mutes of {state_dir}: {exc}") from None
    click.echo(f"unmuted {topic}" if found else f"{topic} was not muted")


@click.command("notify-test")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help=CONFIG_HELP)
def notify_test(config_path: str | None) -> None:
    """Send a test message to every notification target; exit 1 if any fails."""
    from .sinks.notify import send_test  # lazy

    try:
        config = load_config(config_path)
    except MonitorError as exc:
        raise click.ClickException(str(exc)) from None
    if not config.notify:
        raise click.ClickException('no notification targets; add to the config: notify: [{url: "json://host/path"}]')
    failed = 0
    for url, ok, error in send_test(config.notify):
        if ok:
            click.echo(f"delivered  {url}")
        else:
            failed += 1
            click.echo(f"FAILED     {url}: {error}")
    if failed:
        click.echo(f"{failed} of {len(config.notify)} target(s) failed", err=True)
        raise SystemExit(1)


COMMANDS = [mute, unmute, notify_test]
