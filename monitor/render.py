"""Terminal output for the CLI: rich tables and coloured lines of what :mod:`monitor.queries` returns."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from rich.table import Table
from rich.text import Text

from .alerts import article_of, band_text, number, one_line, subject
from .queries import source_state


def _num(v: Any) -> str:
    return number(v, none="-")


def claims_table(rows: list[dict[str, Any]], explain: bool = False) -> Table:
    """Extracted claims (and statements) as a table."""
    t = Table(show_lines=explain, expand=False)
    for col in ("article", "figure", "low", "high", "qualifier", "counted", "speaker", "metric"):
        t.add_column(col, overflow="fold")
    if explain:
        t.add_column("why", overflow="fold")
    for r in rows:
        if r.get("proposition"):
            cells = [
                str(r.get("article", "")).rsplit("/", 1)[-1],
                Text(f"[{r['stance']}]", style="magenta"),
                "", "", "", r["sentence"][:60] + "…", r.get("speaker") or "", r["proposition"],
            ]
        else:
            style = "bold" if r.get("metric") else ("dim" if r.get("kind") != "quantity" else "")
            cells = [
                str(r.get("article", "")).rsplit("/", 1)[-1],
                Text(r["text"], style=style),
                _num(r.get("low")),
                _num(r.get("high")),
                r.get("qualifier", "") + (" (hedged)" if r.get("hedged") else "") + ("" if r.get("kind") == "quantity" else f" [{r.get('kind')}]"),
                r.get("counted") or "",
                r.get("speaker") or "",
                r.get("metric") or "",
            ]
        if explain:
            cells.append("\n".join(r.get("explain", [])))
        t.add_row(*cells)
    return t


def utc_text(value: Any) -> str:
    """An ISO time as ``2026-12-05T11:54:30Z`` (UTC, to the second); other text cut to 19 characters."""
    try:
        when = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value or "")[:19]
    if when.tzinfo is None:
        return when.isoformat(timespec="seconds")
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def alert_line(alert: dict[str, Any]) -> Text:
    """One alert as one coloured line (its time in UTC, ending in Z)."""
    style = {"contradiction": "bold red", "update": "yellow"}.get(alert.get("kind", ""), "")
    t = Text()
    t.append(f"{utc_text(alert.get('time', ''))} ", style="dim")
    t.append(f"{str(alert.get('kind', '')).upper():13}", style=style)
    # A quote or file name with a line break would split one alert over two lines of a log or a pipe.
    t.append(f" [{alert.get('severity', '')}] {one_line(alert.get('topic'))}/{one_line(subject(alert))}: ")
    t.append(one_line(alert.get("message")))
    article = article_of(alert)
    if article:
        t.append(f"  ({one_line(article)})", style="dim")
    return t


def consensus_tables(rows: list[dict[str, Any]]) -> list[Table]:
    """One table per metric or proposition."""
    out = []
    for r in rows:
        if r.get("type") == "proposition":
            t = Table(title=f"{r['topic']} / {r['proposition']}: who affirms, who denies", title_justify="left")
            for col in ("stance", "lineage", "speaker", "quote", "article"):
                t.add_column(col, overflow="fold")
            for s in r["stances"]:
                t.add_row(s["stance"], s["lineage"], s.get("speaker") or "", (s.get("quote") or "")[:120], s.get("article") or "")
        else:
            band = band_text(r["values"], open_top=r.get("high") is None) if r.get("values") else "no consensus yet"
            t = Table(title=f"{r['topic']} / {r['metric']}: consensus {band}", title_justify="left")
            for col in ("", "lineage", "speaker", "figure", "quote", "article"):
                t.add_column(col, overflow="fold")
            for s in r["lineages"]:
                mark = "✓" if s["lineage"] in r["supporters"] else ("✗" if s["lineage"] in r["dissenters"] else "·")
                t.add_row(mark, s["lineage"], s.get("speaker") or "", s.get("figure") or "", (s.get("quote") or "")[:120], s.get("article") or "")
        out.append(t)
    return out


def stored_claims_table(rows: list[dict[str, Any]]) -> Table:
    """Stored claims of a metric."""
    t = Table()
    for col in ("id", "seen", "figure", "counted", "speaker", "lineage", "verdict", "article"):
        t.add_column(col, overflow="fold")
    for r in rows:
        t.add_row(str(r["id"]), (r.get("seen") or "")[:19], r["text"], r.get("counted") or "", r.get("speaker") or "",
                  r.get("lineage") or "", r.get("verdict") or "", r.get("article") or "")
    return t


_STATE_STYLE = {"ok": "green", "failing": "red", "backing off": "yellow"}


def _source_cells(s: dict[str, Any]) -> list[Any]:
    """State, last success and last error (with when) of one source of ``monitor status``."""
    state = source_state(s)
    label = state
    if state == "backing off":
        extra = [f"{s['failures']} failure(s) in a row"] if s.get("failures") else []
        if s.get("next_try"):
            extra.append(f"next try {utc_text(s['next_try'])}")
        label += f" ({', '.join(extra)})" if extra else ""
    error = ""
    if s.get("last_error"):
        when = s.get("last_error_time")
        error = f"{utc_text(when)} {s['last_error']}" if when else str(s["last_error"])
    # A past error the source has recovered from stays visible, but dimmed: it is history, not the state.
    error_style = "red" if state in ("failing", "backing off") else "dim"
    return [
        Text(label, style=_STATE_STYLE.get(state, "dim")),
        utc_text(s.get("last_ok") or s.get("last_seen") or ""),
        Text(error, style=error_style),
    ]


def status_panel(view: dict[str, Any]) -> list[Any]:
    """``monitor status`` as a few rich renderables."""
    out: list[Any] = []
    d = view.get("daemon")
    if d is None:
        out.append(Text("daemon: never started with this state folder", style="yellow"))
    else:
        alive = view.get("daemon_alive")
        style = "green" if alive else "red"
        state = f"running (pid {d['pid']})" if alive else "not running"
        out.append(Text(f"daemon: {state}, started {utc_text(d['started'])}, config {d['config']}", style=style))
        out.append(Text(f"queue depth: {d['queue_depth']}   counts since start: " + ", ".join(f"{k} {v}" for k, v in d["counts"].items())))
        ex = d.get("extraction")
        if ex and ex.get("processes", 1) > 1:
            out.append(Text(f"extraction: {ex['helpers_running']} of {ex['processes'] - 1} helper process(es) running; "
                            f"extracted by helpers {ex['by_helpers']}, by the writer {ex['by_writer']}"))
        paused = d.get("paused")
        if paused:
            out.append(Text(f"intake paused since {utc_text(paused.get('since'))}: {paused.get('reason')}", style="red"))
        for err in d.get("errors") or []:
            out.append(Text(f"error: {err}", style="red"))
        t = Table(title="sources", title_justify="left")
        for col in ("source", "kind", "state", "last ok", "last error"):
            t.add_column(col, overflow="fold")
        for s in d.get("sources") or []:
            t.add_row(str(s.get("id", "?")), str(s.get("kind", "")), *_source_cells(s))
        out.append(t)
    if "counts" in view:
        c = view["counts"]
        out.append(Text(f"store: {c['articles']} articles, {c['claims']} claims ({c['linked_claims']} linked), "
                        f"{c['statements']} statements, {c['alerts']} alerts, {c['rejected']} rejected"))
        last = view.get("last_article")
        if last:
            out.append(Text(f"last article: {last['uri']} ({last['status']}, {utc_text(last['seen'])})"))
        if view.get("rejected"):
            t = Table(title="rejected files and entries (latest first)", title_justify="left")
            for col in ("time", "source", "file or URL", "reason"):
                t.add_column(col, overflow="fold")
            for r in view["rejected"]:
                t.add_row(utc_text(r["time"]), r["source"] or "", r["uri"], r["reason"])
            out.append(t)
    elif view.get("store_error"):
        out.append(Text(view["store_error"], style="yellow"))
    n = view.get("notify")
    if n:
        t = Table(title="notifications", title_justify="left")
        for col in ("target", "delivered", "failed", "pending", "last success", "last error"):
            t.add_column(col, overflow="fold")
        for st in n.get("targets") or []:
            failing = bool(st.get("failed"))
            t.add_row(
                str(st.get("url")),
                str(st.get("delivered", 0)),
                Text(str(st.get("failed", 0)), style="red" if failing else ""),
                str(st.get("pending", 0)),
                utc_text(st.get("last_success") or ""),
                str(st.get("last_error") or ""),
            )
        out.append(t)
    return out
