"""Extraction speed: our Extractor versus quantulum3 on the same sentences, one process.

    .venv/bin/python bench/extract.py [--n 200] [--repeats 3] [--match-ratio R] [--quick] [--json]

The corpus comes from ``bench/corpus.py`` (a natural topic mix unless
``--match-ratio`` is given). Each repeat times, in turn:

* ``ours``: ``Extractor(nlp).extract(Document)`` on every article (sentence
  split, number prefilter, spaCy parse of the figure sentences, claim rules);
* ``parse_numbers``: ``monitor.extract.numbers.parse_numbers`` alone on every
  sentence (the number reader without the parse);
* ``quantulum3``: ``quantulum3.parser.parse`` on every sentence, the sentences
  split with ``monitor.extract.text.split_sentences`` as ours are;
* ``quantulum3 (figure sentences)``: quantulum3 on only the sentences our cheap
  number regex lets through, a peer given our prefilter for free.

Peak RSS is ``ru_maxrss`` read after our extractor's runs and before quantulum3
is imported, so it is the whole process (Python, spaCy and its pipeline, the
corpus) while extracting. ``tracemalloc`` then measures the peak of Python
allocations while extracting a sample of articles, untimed.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import make_corpus  # noqa: E402

from monitor.extract import Extractor, load_pipeline  # noqa: E402
from monitor.extract.extractor import _QUICK_NUMBER  # noqa: E402
from monitor.extract.numbers import parse_numbers  # noqa: E402
from monitor.extract.text import split_sentences  # noqa: E402
from monitor.records import Document  # noqa: E402

TARGET_RATIO = 2.0
TARGET_RSS_MB = 400.0


def rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


CPU: dict[str, list[float]] = {}


def timed(fn: Callable[[], int], label: str) -> tuple[float, int]:
    """Wall seconds and result of ``fn()``; its CPU seconds go to ``CPU[label]``."""
    gc.collect()
    t0, c0 = time.perf_counter(), time.process_time()
    found = fn()
    CPU.setdefault(label, []).append(time.process_time() - c0)
    return time.perf_counter() - t0, found


def spread(values: list[float]) -> str:
    if len(values) < 2:
        return ""
    med = statistics.median(values)
    return f"±{(max(values) - min(values)) / 2 / med * 100:.0f}%" if med else ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200, help="articles in the corpus (default 200)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--match-ratio", type=float, default=None,
                    help="share of articles on the target topic (default: the corpus's natural mix)")
    ap.add_argument("--repeats", type=int, default=3, help="timed runs of each contender (median reported)")
    ap.add_argument("--tracemalloc-sample", type=int, default=40,
                    help="articles extracted under tracemalloc after the timed runs (0: skip)")
    ap.add_argument("--quick", action="store_true", help="about 20 s: 60 articles, one run")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object as well")
    args = ap.parse_args(argv)
    if args.quick:
        args.n, args.repeats, args.tracemalloc_sample = 60, 1, 15

    corpus = make_corpus(args.n, args.seed, args.match_ratio)
    docs = [Document(uri=name, text=text) for name, text in corpus]
    sentences = [s.text for d in docs for s in split_sentences(d.text)]
    figure_sentences = [s for s in sentences if _QUICK_NUMBER.search(s)]
    words = sum(len(d.text.split()) for d in docs)

    t0 = time.perf_counter()
    nlp = load_pipeline()
    load_s = time.perf_counter() - t0
    extractor = Extractor(nlp)
    # Warm-up outside the clock: spaCy's first batches allocate its arenas.
    for d in docs[:5]:
        extractor.extract(d)

    def ours() -> int:
        return sum(sum(c.kind == "quantity" for c in extractor.extract(d)[0]) for d in docs)

    def numbers_only() -> int:
        return sum(len(parse_numbers(s)) for s in sentences)

    ours_s: list[float] = []
    numbers_s: list[float] = []
    ours_claims = numbers_found = 0
    for _ in range(args.repeats):
        dt, ours_claims = timed(ours, "ours")
        ours_s.append(dt)
        dt, numbers_found = timed(numbers_only, "numbers")
        numbers_s.append(dt)
    peak_rss = rss_mb()

    traced_peak = None
    if args.tracemalloc_sample:
        tracemalloc.start()
        for d in docs[: args.tracemalloc_sample]:
            extractor.extract(d)
        traced_peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()

    warnings.simplefilter("ignore")  # quantulum3 warns that its optional classifier is absent
    from quantulum3 import parser as q3

    q3.parse("about 10,000 troops")  # loads its unit tables outside the clock

    def quantulum(texts: list[str]) -> Callable[[], int]:
        return lambda: sum(len(q3.parse(s)) for s in texts)

    q_all_s: list[float] = []
    q_fig_s: list[float] = []
    q_found = 0
    for _ in range(args.repeats):
        dt, q_found = timed(quantulum(sentences), "q_all")
        q_all_s.append(dt)
        dt, _ = timed(quantulum(figure_sentences), "q_fig")
        q_fig_s.append(dt)

    n = len(docs)

    def rates(times: list[float]) -> list[float]:
        return [n / t for t in times]

    rows = [
        ("ours (Extractor.extract)", rates(ours_s), "ours", f"{ours_claims} quantity claims"),
        ("ours: parse_numbers only", rates(numbers_s), "numbers", f"{numbers_found} numbers"),
        ("quantulum3, all sentences", rates(q_all_s), "q_all", f"{q_found} quantities"),
        ("quantulum3, figure sentences", rates(q_fig_s), "q_fig", f"{len(figure_sentences)} sentences"),
    ]
    ratio_cpu = statistics.median(rates(CPU["q_all"])) and (
        statistics.median(rates(CPU["ours"])) / statistics.median(rates(CPU["q_all"])))
    ours_rate = statistics.median(rates(ours_s))
    ratio_all = ours_rate / statistics.median(rates(q_all_s))
    ratio_fig = ours_rate / statistics.median(rates(q_fig_s))
    # Per-run ratios (runs are interleaved) show how much the ratio itself moves.
    ratios = [q / o for o, q in zip(ours_s, q_all_s, strict=True)]

    print(f"corpus: {n} articles, {len(sentences)} sentences ({len(figure_sentences)} with a figure), "
          f"{words} words; match_ratio={args.match_ratio}; seed={args.seed}; repeats={args.repeats}")
    print(f"spaCy pipeline load: {load_s:.2f} s (not timed below)")
    print()
    print(f"load average (1, 5, 15 min): {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    print()
    print(f"{'contender':<32}{'articles/s':>12}{'spread':>9}{'cpu a/s':>9}{'sentences/s':>13}  output")
    for name, rs, label, note in rows:
        med = statistics.median(rs)
        per_sent = len(figure_sentences) if "figure" in name else len(sentences)
        cpu = statistics.median(rates(CPU[label]))
        print(f"{name:<32}{med:>12.1f}{spread(rs):>9}{cpu:>9.1f}{med / n * per_sent:>13.0f}  {note}")
    print()
    print(f"ratio ours / quantulum3 (all sentences):    {ratio_all:.2f}x "
          f"(per run {', '.join(f'{r:.2f}' for r in ratios)}; target >= {TARGET_RATIO:g}x)")
    print(f"ratio ours / quantulum3 (figure sentences): {ratio_fig:.2f}x")
    print(f"ratio by CPU time (all sentences):          {ratio_cpu:.2f}x")
    print(f"peak RSS while extracting (ru_maxrss): {peak_rss:.0f} MB (target <= {TARGET_RSS_MB:g} MB)")
    if traced_peak is not None:
        print(f"tracemalloc peak over {min(args.tracemalloc_sample, n)} articles: {traced_peak:.1f} MB of Python allocations")
    print(f"verdict: speed {'MET' if ratio_all >= TARGET_RATIO else 'MISSED'}, "
          f"memory {'MET' if peak_rss <= TARGET_RSS_MB else 'MISSED'}")
    if args.json:
        print(json.dumps({
            "bench": "extract", "articles": n, "sentences": len(sentences), "repeats": args.repeats,
            "ours_aps": ours_rate, "ours_aps_runs": rates(ours_s),
            "parse_numbers_aps": statistics.median(rates(numbers_s)),
            "quantulum3_aps": statistics.median(rates(q_all_s)), "quantulum3_aps_runs": rates(q_all_s),
            "quantulum3_figure_aps": statistics.median(rates(q_fig_s)),
            "ratio": ratio_all, "ratio_figure_sentences": ratio_fig, "ratio_cpu": ratio_cpu,
            "loadavg": os.getloadavg(),
            "peak_rss_mb": peak_rss, "tracemalloc_peak_mb": traced_peak, "load_s": load_s,
        }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
