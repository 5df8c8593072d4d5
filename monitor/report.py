"""The timeline report: one self-contained HTML file, charts drawn as inline SVG.

Nothing is loaded from elsewhere (no scripts, fonts or stylesheets), so the file
opens offline and can be mailed around. Per metric it shows every reported
figure in order of arrival with its interval, the consensus band as it moved,
where alerts fired, and the sources with their quotes; per proposition, who
affirms it and who denies it.
"""

from __future__ import annotations

import math
import os
import re
import tempfile
from collections.abc import Iterable
from html import escape
from pathlib import Path
from typing import Any

from .alerts import compact, number
from .queries import proposition_view
from .records import Snapshot, now_utc
from .store import Store

# Tableau 10: distinct on screen and in grey print.
PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#7f7f7f"]
MAX_POINTS = 400
W, H, H_SMALL = 960, 300, 200
ML, MR, MT, MB = 64, 16, 22, 34
PW = W - ML - MR

CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;margin:0;background:#f6f7f9}
main{max-width:1100px;margin:0 auto;padding:16px 24px 48px}
h1{font-size:22px;margin:8px 0 2px}h2{font-size:18px;margin:0 0 4px}h3{font-size:15px;margin:12px 0 4px}
.meta,.sub{color:#667;font-size:12.5px}
section{background:#fff;border:1px solid #dde;border-radius:8px;padding:14px 18px;margin:16px 0}
nav a{margin-right:12px;white-space:nowrap}
svg.chart{width:100%;height:auto;display:block}
svg text{font:11px system-ui,sans-serif;fill:#555}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12.5px;margin:4px 0 8px}
.sw{display:inline-block;width:11px;height:11px;border-radius:50%;margin-right:5px;vertical-align:-1px}
.band{border-radius:2px;background:#c9d8ec}.alert{background:#d62728;border-radius:1px}.update{background:#8c8c8c;border-radius:1px}
table{border-collapse:collapse;width:100%;font-size:12.5px}
th,td{border-bottom:1px solid #e5e7eb;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f1f3f6;font-weight:600}td.n{text-align:right;color:#889}
td.q{min-width:260px;max-width:480px}td.a{word-break:break-all;min-width:120px}mark{background:#fff2a8;padding:0 1px}
.v-contradiction{color:#c62828;font-weight:600}.v-syndicated,.v-restatement{color:#889}
ul.alerts{margin:4px 0 10px;padding-left:20px;font-size:13px}
.sides{display:grid;grid-template-columns:1fr 1fr;gap:14px}
.side{border-radius:6px;padding:6px 10px}.affirm{background:#eef6ee}.deny{background:#fbeeee}
.side>div{margin-bottom:10px}
blockquote{margin:4px 0 4px;padding-left:8px;border-left:3px solid #ccd;color:#333}
a{color:#1f5fa8}
"""


def _range(lo: float | None, hi: float | None) -> str:
    if lo is None and hi is None:
        return "?"
    if lo is None:
        return f"≤ {number(hi)}"
    if hi is None:
        return f"≥ {number(lo)}"
    return number(lo) if abs(lo - hi) < 1e-9 else f"{number(lo)} – {number(hi)}"


def _href(uri: str | None) -> str | None:
    """A link for an article: web addresses as they are, files as file:// URLs."""
    if not uri:
        return None
    if re.match(r"^https?://", uri, re.I):
        return uri
    try:
        return Path(uri).resolve().as_uri()
    except ValueError:
        return None


def _link(uri: str | None) -> str:
    href = _href(uri)
    if not href:
        return escape(uri or "")
    assert uri is not None
    if href.startswith("file:"):
        label = Path(uri).name
    else:
        label = re.sub(r"^https?://(www\.)?", "", uri)
        label = label if len(label) <= 48 else label[:47] + "…"
    return f'<a href="{escape(href)}" title="{escape(uri)}">{escape(label)}</a>'


def _quote_html(sentence: str | None, figure: str | None) -> str:
    text = sentence or ""
    if figure and figure in text:
        i = text.index(figure)
        return escape(text[:i]) + "<mark>" + escape(figure) + "</mark>" + escape(text[i + len(figure) :])
    return escape(text)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


class _Scale:
    """Log scale of the values on the chart."""

    def __init__(self, values: Iterable[float | None], ph: float) -> None:
        self.ph = ph
        pos = [v for v in values if v is not None and v > 0]
        lo, hi = (min(pos), max(pos)) if pos else (1.0, 10.0)
        self.lo, self.hi = math.log10(lo / 1.6), math.log10(hi * 1.6)

    def y(self, v: float | None) -> float:
        if v is None or v <= 0:
            return MT + self.ph
        t = (math.log10(v) - self.lo) / (self.hi - self.lo)
        return round(MT + self.ph - min(1.0, max(0.0, t)) * self.ph, 1)

    def ticks(self) -> list[float]:
        out = []
        for exp in range(math.floor(self.lo), math.ceil(self.hi) + 1):
            for m in (1, 2, 5):
                v = m * 10.0**exp
                if self.lo <= math.log10(v) <= self.hi:
                    out.append(v)
        return [t for t in out if math.log10(t).is_integer()] if len(out) > 9 else out


def _point_value(c: dict[str, Any]) -> float | None:
    lo, hi = c["low"], c["high"]
    if lo is not None and hi is not None:
        return math.sqrt(lo * hi) if lo > 0 and hi > 0 else (lo + hi) / 2
    return lo if lo is not None else hi


def _arrow(x: float, y: float, up: bool, color: str) -> str:
    d = -6 if up else 6
    return f'<path d="M{x - 4} {y - d}L{x} {y}L{x + 4} {y - d}" fill="none" stroke="{color}" stroke-width="1.6"/>'


def _chart(claims: list[dict[str, Any]], snaps: list[Snapshot], alerts: list[dict[str, Any]], colors: dict[str, str]) -> str:
    n = len(claims)
    step = PW / max(n, 1)
    pos = {c["id"]: i for i, c in enumerate(claims)}
    xs = [round(ML + (i + 0.5) * step, 1) for i in range(n)]
    values: list[float | None] = []
    for c in claims:
        values += [c["low"], c["high"]]
    for s in snaps:
        values += [s.low, s.high, *(s.values or (None, None))]
    # Few figures from few sources need less height to read.
    h = H if n >= 6 or len(colors) >= 3 else H_SMALL
    ph = h - MT - MB
    sc = _Scale(values, ph)
    out = [f'<svg class="chart" viewBox="0 0 {W} {h}" xmlns="http://www.w3.org/2000/svg" role="img">']
    for t in sc.ticks():
        y = sc.y(t)
        out.append(f'<line x1="{ML}" x2="{W - MR}" y1="{y}" y2="{y}" stroke="#e6e8ec"/>')
        out.append(f'<text x="{ML - 6}" y="{y + 4}" text-anchor="end">{compact(t)}</text>')
    # Consensus band: each snapshot holds until the next one.
    placed = [(pos[s.claim_id], s) for s in snaps if s.claim_id in pos]
    for k, (i, s) in enumerate(placed):
        if s.low is None and s.high is None:
            continue
        x0 = ML + i * step
        x1 = ML + placed[k + 1][0] * step if k + 1 < len(placed) else W - MR
        top, bottom = (sc.y(s.high) if s.high is not None else MT), sc.y(s.low)
        tip = f"consensus after #{i + 1}: {_range(s.low, s.high)}"
        out.append(
            f'<rect x="{x0:.1f}" y="{top}" width="{max(x1 - x0, 1):.1f}" height="{max(bottom - top, 1):.1f}" '
            f'fill="#c9d8ec" opacity=".7"><title>{escape(tip)}</title></rect>'
        )
        if s.values is not None:
            vt, vb = sc.y(s.values[1]), sc.y(s.values[0])
            out.append(f'<rect x="{x0:.1f}" y="{vt}" width="{max(x1 - x0, 1):.1f}" height="{max(vb - vt, 1.5):.1f}" fill="#8fb0d9" opacity=".8"/>')
    for a in alerts:
        i = pos.get((a.get("claim") or {}).get("id"))
        if i is None:
            continue
        x = xs[i]
        tip = f"{a.get('kind')} ({a.get('severity')}): {a.get('message')}"
        color = "#d62728" if a.get("kind") == "contradiction" else "#8c8c8c"
        out.append(
            f'<g class="alert-mark"><title>{escape(tip)}</title><line x1="{x}" x2="{x}" y1="{MT}" y2="{MT + ph}" '
            f'stroke="{color}" stroke-dasharray="3 3"/><path d="M{x - 5} {MT - 12}L{x + 5} {MT - 12}L{x} {MT - 3}Z" '
            f'fill="{color}"/></g>'
        )
    for c, x in zip(claims, xs, strict=True):
        color = colors[c["lineage"] or "unattributed"]
        lo, hi = c["low"], c["high"]
        y = sc.y(_point_value(c))
        parts = [f"<title>{escape(_tooltip(pos[c['id']], c))}</title>"]
        top = sc.y(hi) if hi is not None else MT
        bottom = sc.y(lo) if lo is not None else MT + ph
        if bottom - top > 0.5:
            parts.append(f'<line x1="{x}" x2="{x}" y1="{top}" y2="{bottom}" stroke="{color}" stroke-width="2"/>')
        if hi is None:
            parts.append(_arrow(x, MT, True, color))
        if lo is None:
            parts.append(_arrow(x, MT + ph, False, color))
        hollow = c["verdict"] in ("restatement", "syndicated")
        fill = "#fff" if hollow else color
        parts.append(f'<circle cx="{x}" cy="{y}" r="4.5" fill="{fill}" stroke="{color}" stroke-width="1.8"/>')
        out.append("<g>" + "".join(parts) + "</g>")
    out.append(f'<line x1="{ML}" x2="{W - MR}" y1="{MT + ph}" y2="{MT + ph}" stroke="#99a"/>')
    every = max(1, math.ceil(n / 12))
    for i in range(0, n, every):
        out.append(f'<text x="{xs[i]}" y="{MT + ph + 14}" text-anchor="middle">#{i + 1}</text>')
    out.append(f'<text x="{W - MR}" y="{h - 4}" text-anchor="end">figures in order of arrival →</text>')
    out.append(f'<text x="12" y="{MT + ph / 2}" transform="rotate(-90 12 {MT + ph / 2})" text-anchor="middle">value (log scale)</text>')
    out.append("</svg>")
    return "\n".join(out)


def _tooltip(i: int, c: dict[str, Any]) -> str:
    who = c["speaker"] or c["lineage"] or "unattributed"
    return f"#{i + 1} {who}: {c['text']} {c['counted'] or ''} [{_range(c['low'], c['high'])}] ({c['verdict'] or 'unjudged'})\n{c['sentence'] or ''}"


def _metric_section(store: Store, topic: str, metric: str, claims: list[dict[str, Any]]) -> str:
    total = len(claims)
    claims = claims[-MAX_POINTS:]
    snaps = store.snapshots(metric)
    alerts = [a for _, a in store.alerts(metric=metric) if a.get("metric") == metric]
    lineages = list(dict.fromkeys(c["lineage"] or "unattributed" for c in claims))
    colors = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(lineages)}
    out = [f'<section id="m-{_slug(metric)}"><h2>{escape(metric)}</h2>']
    sub = f"topic {escape(topic)} · {total} figure(s) from {len(lineages)} source(s)"
    if total > len(claims):
        sub += f" · chart shows the last {len(claims)}"
    out.append(f'<div class="sub">{sub}</div>')
    if snaps:
        s = snaps[-1]
        sup = ", ".join(s.supporters) or "none"
        dis = ", ".join(s.dissenters)
        now = escape(_range(*(s.values or (None, None))))
        line = f"Consensus now: <b>{now}</b> (tolerated {escape(_range(s.low, s.high))}); held by {escape(sup)}"
        out.append(f"<p>{line}" + (f"; disputed by {escape(dis)}" if dis else "") + "</p>")
    legend = [f'<span><i class="sw" style="background:{colors[n]}"></i>{escape(n)}</span>' for n in lineages]
    legend.append('<span><i class="sw band"></i>consensus band</span>')
    legend.append('<span><i class="sw alert"></i>contradiction alert</span>')
    legend.append('<span><i class="sw update"></i>update alert</span>')
    legend.append('<span><i class="sw" style="border:2px solid #888;width:7px;height:7px"></i>repeat / syndicated copy</span>')
    out.append(_chart(claims, snaps, alerts, colors))
    out.append('<div class="legend">' + "".join(legend) + "</div>")
    if alerts:
        out.append('<ul class="alerts">')
        for a in alerts:
            out.append(f'<li><b>{escape(str(a.get("kind")))}</b> [{escape(str(a.get("severity")))}] {escape(str(a.get("message")))}</li>')
        out.append("</ul>")
    out.append(_sources_table(claims, colors))
    out.append("</section>")
    return "\n".join(out)


def _sources_table(claims: list[dict[str, Any]], colors: dict[str, str]) -> str:
    rows = ['<table class="sources"><thead><tr><th>#</th><th>Source</th><th>Speaker</th><th>Figure</th>'
            "<th>Interval</th><th>Verdict</th><th>Quote</th><th>Article</th></tr></thead><tbody>"]
    for i, c in enumerate(claims):
        lin = c["lineage"] or "unattributed"
        verdict = c["verdict"] or ""
        figure = f"{c['text']} {c['counted'] or ''}".strip()
        rows.append(
            f'<tr><td class="n">{i + 1}</td><td><i class="sw" style="background:{colors[lin]}"></i>{escape(lin)}</td>'
            f"<td>{escape(c['speaker'] or '')}</td><td>{escape(figure)}</td><td>{escape(_range(c['low'], c['high']))}</td>"
            f'<td class="v-{escape(verdict)}">{escape(verdict)}</td><td class="q">{_quote_html(c["sentence"], c["text"])}</td>'
            f"<td class=a>{_link(c['article'])}</td></tr>"
        )
    rows.append("</tbody></table>")
    return "\n".join(rows)


def _proposition_section(prop: dict[str, Any]) -> str:
    out = [f'<section id="p-{_slug(prop["proposition"])}"><h2>{escape(prop["proposition"])}</h2>']
    out.append(f'<div class="sub">proposition · topic {escape(str(prop.get("topic") or ""))}</div><div class="sides">')
    for stance, label in (("affirm", "Affirms"), ("deny", "Denies")):
        side = [s for s in prop["stances"] if s["stance"] == stance]
        out.append(f'<div class="side {stance}"><h3>{label} ({len(side)})</h3>')
        for s in side:
            who = s.get("speaker") or s["lineage"]
            out.append(f"<div><b>{escape(who)}</b> <span class=sub>({escape(s['lineage'])})</span>")
            if s.get("quote"):
                out.append(f"<blockquote>{escape(s['quote'])}</blockquote>")
            if s.get("article"):
                out.append(f'<div class="sub">{_link(s["article"])}</div>')
            out.append("</div>")
        out.append("</div>")
    out.append("</div></section>")
    return "\n".join(out)


def _interesting_first(
    store: Store, by_metric: dict[tuple[str, str], list[dict[str, Any]]]
) -> list[tuple[tuple[str, str], list[dict[str, Any]]]]:
    """Metrics with contradictions first, then those with more sources; by name within a rank."""

    def rank(item: tuple[tuple[str, str], list[dict[str, Any]]]) -> tuple[int, int, str, str]:
        (topic, metric), claims = item
        contradictions = sum(a.get("kind") == "contradiction" for _, a in store.alerts(metric=metric))
        return (-contradictions, -len({c["lineage"] for c in claims}), topic, metric)

    return sorted(by_metric.items(), key=rank)


def render_report(store: Store, topic: str | None = None) -> str:
    """The report of ``store`` (one topic, or all) as one self-contained HTML page.

    :param store: an open store (read-only is enough).
    :param topic: only this topic's metrics and propositions.
    """
    by_metric: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for c in store.claims_for(topic=topic, limit=1_000_000):
        if c["low"] is None and c["high"] is None:
            continue
        by_metric.setdefault((c["topic"] or "", c["metric"]), []).append(c)
    props = proposition_view(store, topic)
    title = f"News monitor report{': ' + topic if topic else ''}"
    stamp = now_utc().isoformat(timespec="seconds")
    head = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1"><link rel="icon" href="data:,">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body><main>"
    )
    parts = [head, f"<h1>{escape(title)}</h1>"]
    parts.append(f'<div class="meta">generated {escape(stamp)} · {len(by_metric)} metric(s) · {len(props)} proposition(s)</div>')
    nav = [f'<a href="#m-{_slug(m)}">{escape(m)}</a>' for (_, m), _ in _interesting_first(store, by_metric)]
    nav += [f'<a href="#p-{_slug(p["proposition"])}">{escape(p["proposition"])}</a>' for p in props]
    if nav:
        parts.append("<nav>" + " ".join(nav) + "</nav>")
    if not by_metric and not props:
        parts.append("<section><p>No figures or statements on the tracked topics yet.</p></section>")
    for (t, m), claims in _interesting_first(store, by_metric):
        parts.append(_metric_section(store, t, m, claims))
    for p in props:
        parts.append(_proposition_section(p))
    parts.append("</main></body></html>\n")
    return "\n".join(parts)


def write_report(store: Store, path: str | Path, topic: str | None = None) -> Path:
    """Render the report and replace ``path`` with it in one step (readers never see half a file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    html = render_report(store, topic)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(html)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
