"""End-to-end ingest speed through ``open_pipeline`` with a real SQLite store.

    .venv/bin/python bench/ingest.py [--quick] [--repeats 3] [--profile] [--json]

Three measurements, each over documents already in memory (reading files is
not timed; everything from ``Pipeline.process`` on is: content hash, topic
match, extraction, linking, consensus, the SQLite transaction, the alert log):

(a) a mixed stream where 1 article in 20 is on the topic of
    ``config/examples/north-korean-troops.yaml`` (target >= 500 articles/s);
(b) topic-matching articles only;
(c) the same fresh matching articles ingested into an empty store and into a
    store already holding 1,000,000 claims (target: within 20%).

For (c) the full store is bulk-loaded with ``executemany`` in one transaction.
Its rows are copies of what the pipeline itself wrote for a sample of matching
articles (so columns hold realistic values), spread over many articles, with
figures jittered and speakers drawn from a pool of lineages per metric. It also
gets the votes of those lineages, a consensus snapshot per linked claim, some
alerts, and the articles' sampled shingles (the syndication check looks them up
on every matching article). Each repeat ingests into a fresh copy of it.

Every run uses a fresh state folder; the spaCy pipeline is loaded and warmed
once, outside the clock.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import gc
import io
import json
import os
import pstats
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import make_corpus  # noqa: E402
from latency import proc_memory  # noqa: E402

from monitor.config import load_config  # noqa: E402
from monitor.pipeline import open_pipeline  # noqa: E402
from monitor.records import Document  # noqa: E402
from monitor.shingle_index import pack, unpack  # noqa: E402
from monitor.store import SHINGLE_WINDOW, Store  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "config" / "examples" / "north-korean-troops.yaml"
TARGET_MIXED = 500.0
TARGET_FULL_RATIO = 0.8


def docs_for(n: int, seed: int, ratio: float, tag: str) -> list[Document]:
    return [Document(uri=f"{tag}/{name}", text=text) for name, text in make_corpus(n, seed, ratio)]


def single_process(config: Any) -> Any:
    """``config`` with ``nlp.processes: 1``: the writer extracts everything itself."""
    return config.model_copy(update={"nlp": config.nlp.model_copy(update={"processes": 1})})


def ingest(config: Any, state: Path, docs: list[Document], profile: cProfile.Profile | None = None,
           warm_helpers: bool = True) -> dict[str, Any]:
    """Process ``docs`` in order into the store under ``state``; returns the rate and what happened.

    With ``warm_helpers`` the extraction helpers (``nlp.processes``) are started and
    loaded before the clock starts, as spaCy is for the writer; without it they
    start inside the clock, at the first backlog, as in a daemon's first minutes.
    """
    docs = [dataclasses.replace(d) for d in docs]  # new objects: no content hash cached by an earlier run
    pipe = open_pipeline(config, state)
    if warm_helpers:
        pipe.extractor.start_helpers()
    statuses: dict[str, int] = {}
    alerts = 0
    gc.collect()
    try:
        if profile:
            profile.enable()
        t0, c0 = time.perf_counter(), time.process_time()
        for out in pipe.process_many(docs):
            statuses[out.status] = statuses.get(out.status, 0) + 1
            alerts += len(out.alerts)
        elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
        if profile:
            profile.disable()
        share = pipe.extractor.summary()
        share["helper_rss_mb"] = [proc_memory(pid).get("VmHWM", 0.0) for pid in share["helper_pids"]]
        share["writer_rss_mb"] = proc_memory(os.getpid()).get("VmHWM", 0.0)
    finally:
        pipe.close()
    return {"rate": len(docs) / elapsed, "cpu_rate": len(docs) / cpu, "seconds": elapsed, "statuses": statuses,
            "alerts": alerts, "extracted": share}


def fresh_dir(root: Path, name: str) -> Path:
    d = root / name
    if d.exists():
        shutil.rmtree(d)
    d.mkdir(parents=True)
    return d


# --- the full store ----------------------------------------------------------------


def template_rows(config: Any, root: Path, n: int, seed: int) -> dict[str, list[dict[str, Any]]]:
    """What the pipeline writes for ``n`` matching articles: rows to copy into the full store."""
    state = fresh_dir(root, "template")
    ingest(config, state, docs_for(n, seed, 1.0, "template"))
    db = sqlite3.connect(state / "monitor.db")
    db.row_factory = sqlite3.Row
    out = {t: [dict(r) for r in db.execute(f"SELECT * FROM {t} ORDER BY rowid")]
           for t in ("articles", "claims", "shingle_sets", "alerts")}
    db.close()
    return out


def build_full_store(path: Path, n_claims: int, lineages_per_metric: int, tpl: dict, seed: int,
                     shingle_model: str) -> dict[str, Any]:
    """Bulk-load ``n_claims`` claim rows (and their articles, votes, snapshots, shingles) into ``path``.

    ``shingle_model``: ``unique`` gives each article as many shingles as its
    template but random ones, so no stored article shares a phrase with a new
    one; ``corpus`` copies the template's own shingles, so every stored copy
    shares the generator's stock phrases with the new articles (the worst case
    for the syndication check); ``none`` stores none. Either way only the
    latest ``SHINGLE_WINDOW`` articles keep theirs, as in a store the monitor
    has pruned while it grew.
    """
    Store(path).close()  # the pipeline's own schema
    rng = random.Random(seed)
    by_article: dict[int, list[dict[str, Any]]] = {}
    for c in tpl["claims"]:
        by_article.setdefault(c["article_id"], []).append(c)
    tpl_articles = [a for a in tpl["articles"] if a["id"] in by_article]
    shingles_of: dict[int, list[int]] = {}
    for s in tpl["shingle_sets"]:
        shingles_of[s["article_id"]] = unpack(s["hashes"]).tolist()
    linked = [c for c in tpl["claims"] if c["metric"]]
    metrics = sorted({c["metric"] for c in linked})
    topic_of = {c["metric"]: c["topic"] for c in linked}
    # Each metric's figures sit around the median of what the sample said.
    center = {m: statistics.median([c["low"] if c["low"] is not None else c["high"] for c in linked
                                    if c["metric"] == m and (c["low"], c["high"]) != (None, None)] or [1000.0])
              for m in metrics}
    pool = {m: [f"bulk source {m[:6]} {k}" for k in range(lineages_per_metric)] for m in metrics}

    t0 = time.perf_counter()
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = OFF")
    # Indexes are rebuilt once after the load, which is much faster than row by row.
    indexes = db.execute("SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL").fetchall()
    db.execute("BEGIN")
    for name, _ in indexes:
        db.execute(f"DROP INDEX {name}")

    claim_cols = [k for k in tpl["claims"][0] if k != "id"]
    article_cols = [k for k in tpl["articles"][0] if k != "id"]
    claim_rows: list[tuple] = []
    article_rows: list[tuple] = []
    shingle_rows: list[tuple[int, bytes]] = []
    snapshot_rows: list[tuple] = []
    last_vote: dict[tuple[str, str], tuple[int, float, float, float]] = {}
    claim_id = article_id = 0
    t_start = 1_700_000_000.0
    while claim_id < n_claims:
        a = tpl_articles[article_id % len(tpl_articles)]
        article_id += 1
        row = dict(a)
        row["hash"] = f"{article_id:064x}"
        row["uri"] = f"bulk/article-{article_id:07d}.txt"
        row["seen"] = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(t_start + article_id * 60))
        row["copy_of"] = None
        row["status"] = "parsed"
        article_rows.append((article_id, *(row[k] for k in article_cols)))
        hs = shingles_of.get(a["id"], ())
        if shingle_model == "corpus":
            shingle_rows.append((article_id, pack(hs)))
        elif shingle_model == "unique":
            shingle_rows.append((article_id, pack(rng.getrandbits(32) for _ in hs)))
        for c in by_article[a["id"]]:
            if claim_id >= n_claims:
                break
            claim_id += 1
            r = dict(c)
            r["article_id"] = article_id
            if r["metric"]:
                m = r["metric"]
                lineage = rng.choice(pool[m])
                r["lineage"] = r["speaker_key"] = lineage
                r["speaker"] = lineage.title()
                # Most sources near the centre, a tail of outliers: a band with dissenters.
                f = rng.lognormvariate(0, 0.15 if rng.random() < 0.8 else 0.6)
                v = center[m] * f
                r["low"] = r["low"] and r["low"] / (r["high"] or r["low"]) * v
                r["high"] = r["high"] and v
                r["verdict"] = rng.choice(("agrees", "agrees", "agrees", "first", "update", "contradiction"))
                lo, hi = v * 0.8, v * 1.2
                last_vote[(m, lineage)] = (claim_id, lo, hi, v)
                snapshot_rows.append((topic_of[m], m, row["seen"], claim_id, center[m] * 0.9, center[m] * 1.1,
                                      center[m], center[m] * 0.9, center[m] * 1.1,
                                      json.dumps(pool[m][:5]), json.dumps(pool[m][5:7])))
            claim_rows.append(tuple(r[k] for k in claim_cols))
        if len(claim_rows) >= 50_000:
            flush(db, claim_cols, claim_rows, article_cols, article_rows, shingle_rows)
    flush(db, claim_cols, claim_rows, article_cols, article_rows, shingle_rows)

    db.executemany(
        "INSERT INTO votes(metric, lineage, claim_id, low, high, value, seq) VALUES (?,?,?,?,?,?,?)",
        [(m, lin, cid, lo, hi, v, cid) for (m, lin), (cid, lo, hi, v) in last_vote.items()],
    )
    db.executemany(
        "INSERT INTO consensus(topic, metric, time, claim_id, low, high, center, values_low, values_high, "
        "supporters, dissenters) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        snapshot_rows,
    )
    alert_cols = [k for k in tpl["alerts"][0] if k != "id"] if tpl["alerts"] else []
    alert_rows = []
    for i in range(min(len(snapshot_rows) // 50, 20_000) if alert_cols else 0):
        r = dict(tpl["alerts"][i % len(tpl["alerts"])])
        r["uid"] = f"bulk{i:012x}"
        r["dispute"] = f"{r['metric']}|bulk source {i}|above" if r["dispute"] else None
        r["logged"] = 1
        alert_rows.append(tuple(r[k] for k in alert_cols))
    if alert_rows:
        db.executemany(f"INSERT INTO alerts({', '.join(alert_cols)}) VALUES ({', '.join('?' * len(alert_cols))})",
                       alert_rows)
    # The store forgets the shingles of all but the latest SHINGLE_WINDOW articles as it goes, so a store
    # that grew to this size holds only those: leave it as the monitor would have.
    db.execute("DELETE FROM shingle_sets WHERE article_id <= ?", [article_id - SHINGLE_WINDOW])
    for _, sql in indexes:
        db.execute(sql)
    db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    counts = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("articles", "claims", "votes", "consensus", "alerts")}
    counts["shingles"] = db.execute("SELECT coalesce(sum(length(hashes)), 0) / 4 FROM shingle_sets").fetchone()[0]
    db.close()
    counts["seconds"] = time.perf_counter() - t0
    counts["mb"] = path.stat().st_size / 2**20
    return counts


def flush(db: sqlite3.Connection, claim_cols: list[str], claims: list[tuple], article_cols: list[str],
          articles: list[tuple], shingle_rows: list[tuple[int, bytes]]) -> None:
    db.executemany(f"INSERT INTO articles(id, {', '.join(article_cols)}) VALUES "
                   f"({', '.join('?' * (len(article_cols) + 1))})", articles)
    db.executemany(f"INSERT INTO claims({', '.join(f'{c!r}' if c == 'end' else c for c in claim_cols)}) VALUES "
                   f"({', '.join('?' * len(claim_cols))})", claims)
    db.executemany("INSERT INTO shingle_sets(article_id, hashes) VALUES (?, ?)", shingle_rows)
    claims.clear()
    articles.clear()
    shingle_rows.clear()


# --- reporting ---------------------------------------------------------------------


def summary(runs: list[dict[str, Any]], key: str = "rate") -> tuple[float, float, float]:
    rates = [r[key] for r in runs]
    return statistics.median(rates), min(rates), max(rates)


def fmt_row(name: str, runs: list[dict[str, Any]], note: str = "") -> str:
    med, lo, hi = summary(runs)
    return f"{name:<52}{med:>10.1f}{f'{lo:.1f}-{hi:.1f}':>14}{summary(runs, 'cpu_rate')[0]:>10.1f}  {note}"


def top_functions(profile: cProfile.Profile, n: int = 25) -> str:
    buf = io.StringIO()
    st = pstats.Stats(profile, stream=buf)
    st.sort_stats("cumulative").print_stats(n)
    st.sort_stats("tottime").print_stats(n)
    return "\n".join(line for line in buf.getvalue().splitlines() if line.strip())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mixed-n", type=int, default=2000, help="articles in the mixed stream (a)")
    ap.add_argument("--match-n", type=int, default=80, help="articles in the matching-only stream (b)")
    ap.add_argument("--full-claims", type=int, default=1_000_000, help="claims preloaded for (c)")
    ap.add_argument("--full-n", type=int, default=60, help="fresh matching articles ingested in (c)")
    ap.add_argument("--lineages", type=int, default=100, help="sources (lineages) per metric in the full store")
    ap.add_argument("--shingles", choices=("unique", "corpus", "none"), default="unique",
                    help="shingles of the preloaded articles (see build_full_store; default unique)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--config", type=Path, default=CONFIG)
    ap.add_argument("--skip-full", action="store_true", help="skip (c)")
    ap.add_argument("--profile", action="store_true", help="cProfile (a) and (c) once more and print the hot spots")
    ap.add_argument("--quick", action="store_true", help="about 25 s: smaller streams, 50,000 stored claims, one run")
    ap.add_argument("--tmp", type=Path, default=None, help="folder for the state folders (default: a temp dir)")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object as well")
    args = ap.parse_args(argv)
    if args.quick:
        args.mixed_n, args.match_n, args.full_claims, args.full_n, args.repeats = 400, 15, 50_000, 15, 1
    warnings.simplefilter("ignore")
    config = load_config(args.config)
    root = Path(tempfile.mkdtemp(prefix="bench-ingest-", dir=args.tmp))
    try:
        return run(args, config, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def run(args: argparse.Namespace, config: Any, root: Path) -> int:
    # Load and warm spaCy (cached per process) on articles no measurement uses.
    t0 = time.perf_counter()
    ingest(config, fresh_dir(root, "warm"), docs_for(8, args.seed + 900, 1.0, "warm"))
    warm_s = time.perf_counter() - t0

    mixed = docs_for(args.mixed_n, args.seed + 1, 0.05, "mixed")
    matching = docs_for(args.match_n, args.seed + 2, 1.0, "matching")
    one = single_process(config)
    res: dict[str, list[dict[str, Any]]] = {k: [] for k in ("mixed", "mixed1", "mixed_cold", "matching", "matching1",
                                                           "empty", "full")}
    for i in range(args.repeats):
        res["mixed"].append(ingest(config, fresh_dir(root, f"mixed{i}"), mixed))
        res["mixed1"].append(ingest(one, fresh_dir(root, f"mixed1_{i}"), mixed))
        res["mixed_cold"].append(ingest(config, fresh_dir(root, f"mixedcold{i}"), mixed, warm_helpers=False))
        res["matching"].append(ingest(config, fresh_dir(root, f"matching{i}"), matching))
        res["matching1"].append(ingest(one, fresh_dir(root, f"matching1_{i}"), matching))

    full_info: dict[str, Any] = {}
    prof_full = None
    if not args.skip_full:
        tpl = template_rows(config, root, 40, args.seed + 3)
        full_state = fresh_dir(root, "full")
        full_info = build_full_store(full_state / "monitor.db", args.full_claims, args.lineages, tpl, args.seed,
                                     args.shingles)
        for i in range(args.repeats):
            # Each repeat takes a new batch into a new empty store and into the one full store,
            # which grows by a few hundred claims a repeat, nothing beside its million.
            fresh = docs_for(args.full_n, args.seed + 10 + i, 1.0, f"fresh{i}")
            # Alternate the order so that neither store always runs on a warmer cache.
            for which in (("empty", "full") if i % 2 == 0 else ("full", "empty")):
                state = full_state if which == "full" else fresh_dir(root, f"empty{i}")
                res[which].append(ingest(one, state, fresh))
        if args.profile:
            prof_full = cProfile.Profile()
            ingest(one, full_state, docs_for(args.full_n, args.seed + 9, 1.0, "freshprof"), prof_full)

    prof_mixed = None
    if args.profile:
        prof_mixed = cProfile.Profile()
        ingest(one, fresh_dir(root, "mixedprof"), mixed, prof_mixed)

    def statuses(runs: list[dict[str, Any]]) -> str:
        s = runs[0]["statuses"]
        return ", ".join(f"{k} {v}" for k, v in sorted(s.items())) + f"; {runs[0]['alerts']} alerts; " + shares(runs)

    def shares(runs: list[dict[str, Any]]) -> str:
        x = runs[0]["extracted"]
        return f"extracted by helpers {x['by_helpers']}, by the writer {x['by_writer']}"

    print(f"load average (1, 5, 15 min): {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    print(f"config: {args.config.relative_to(ROOT) if args.config.is_relative_to(ROOT) else args.config}; "
          f"repeats={args.repeats}; spaCy load + warm-up {warm_s:.1f} s (not timed); "
          f"nlp.processes: {config.nlp.processes} (the writer and {config.nlp.processes - 1} helper(s))")
    print()
    print(f"{'stream':<52}{'articles/s':>10}{'range':>14}{'cpu a/s':>10}  what happened (first run)")
    print(fmt_row(f"(a) mixed, 1 in 20 on topic ({len(mixed)})", res["mixed"], statuses(res["mixed"])))
    print(fmt_row("    same, helpers starting inside the clock", res["mixed_cold"], shares(res["mixed_cold"])))
    print(fmt_row("    same, one process (nlp.processes: 1)", res["mixed1"]))
    print(fmt_row(f"(b) topic-matching only ({len(matching)})", res["matching"], statuses(res["matching"])))
    print(fmt_row("    same, one process", res["matching1"]))
    ratio = cpu_ratio = None
    if res["full"]:
        print(fmt_row(f"(c) {args.full_n} matching into an empty store, 1 process", res["empty"], statuses(res["empty"])))
        print(fmt_row(f"(c) same into a store of {full_info['claims']:,} claims", res["full"], statuses(res["full"])))
        ratio = summary(res["full"])[0] / summary(res["empty"])[0]
        per_run = [f["rate"] / e["rate"] for e, f in zip(res["empty"], res["full"], strict=True)]
        cpu_ratio = summary(res["full"], "cpu_rate")[0] / summary(res["empty"], "cpu_rate")[0]
        print()
        print(f"full store: {full_info['articles']:,} articles, {full_info['claims']:,} claims, "
              f"{full_info['votes']:,} votes ({args.lineages} lineages per metric), {full_info['consensus']:,} "
              f"snapshots, {full_info['alerts']:,} alerts, {full_info['shingles']:,} shingles ({args.shingles}); "
              f"{full_info['mb']:.0f} MB, bulk-loaded in {full_info['seconds']:.1f} s")
        print(f"full / empty rate: {ratio:.2f} (per run {', '.join(f'{r:.2f}' for r in per_run)}; "
              f"target >= {TARGET_FULL_RATIO:g}); by CPU time {cpu_ratio:.2f}")
    mixed_rate = summary(res["mixed"])[0]
    match_rate = summary(res["matching1"])[0]
    on_topic = sum(v for k, v in res["mixed"][0]["statuses"].items() if k != "off_topic")
    one_s = len(mixed) / summary(res["mixed1"])[0]
    x = res["mixed"][0]["extracted"]
    print(f"memory (peak, first mixed run): writer {x['writer_rss_mb']:.0f} MB, helper(s) "
          f"{', '.join(f'{m:.0f}' for m in x['helper_rss_mb']) or 'none'} MB")
    print(f"mixed stream: {len(mixed) - on_topic} off-topic + {on_topic} on-topic articles took "
          f"{len(mixed) / mixed_rate:.2f} s; one process takes {one_s:.2f} s, of which "
          f"the on-topic ones alone (at (b)'s one-process rate) {on_topic / match_rate:.2f} s")
    verdicts = [f"mixed {'MET' if mixed_rate >= TARGET_MIXED else 'MISSED'} (target >= {TARGET_MIXED:g}/s)"]
    if ratio is not None:
        verdicts.append(f"{full_info['claims']:,}-claims {'MET' if ratio >= TARGET_FULL_RATIO else 'MISSED'}")
    print("verdict: " + ", ".join(verdicts))
    if prof_mixed:
        print("\n--- cProfile, mixed stream ---")
        print(top_functions(prof_mixed))
    if prof_full:
        print("\n--- cProfile, matching articles into the full store ---")
        print(top_functions(prof_full))
    if args.json:
        print(json.dumps({
            "bench": "ingest", "repeats": args.repeats,
            "processes": config.nlp.processes,
            "mixed_aps": mixed_rate, "mixed_aps_runs": [r["rate"] for r in res["mixed"]],
            "mixed_cold_aps": summary(res["mixed_cold"])[0], "mixed_one_process_aps": summary(res["mixed1"])[0],
            "matching_aps": summary(res["matching"])[0], "matching_aps_runs": [r["rate"] for r in res["matching"]],
            "matching_one_process_aps": match_rate,
            "empty_aps": summary(res["empty"])[0] if res["empty"] else None,
            "full_aps": summary(res["full"])[0] if res["full"] else None,
            "full_ratio": ratio, "full_ratio_cpu": cpu_ratio, "full_store": full_info,
            "mixed_cpu_aps": summary(res["mixed"], "cpu_rate")[0], "loadavg": os.getloadavg(),
            "writer_rss_mb": x["writer_rss_mb"], "helper_rss_mb": x["helper_rss_mb"],
        }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
