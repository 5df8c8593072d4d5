"""The pipeline: document -> claims -> linked claims -> consensus store -> alerts -> sinks.

``monitor ingest`` and the daemon's single worker both call
:meth:`Pipeline.process`; everything a document changes is written in one
transaction, and alerts reach the sinks only after it commits.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
import zlib
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import consensus as cons
from .config import Metric, MonitorConfig, Topic
from .errors import MonitorError
from .extract.speakers import fold
from .language import foreign_language
from .language import load as load_language_detector
from .link import Linker
from .prefetch import READ_AHEAD_MAX, Prefetcher
from .records import Claim, Document, Statement, now_utc
from .store import Store

log = logging.getLogger(__name__)

UNATTRIBUTED = "unattributed"
MIN_SHARED_SHINGLES = 5  # sampled 1 in 4: about 20 words of running text in common
_WORD = re.compile(r"\w+")


def shingles(text: str, k: int = 4, keep: int = 4) -> list[int]:
    """Hashes of the article's k-word shingles, sampled (1 in ``keep``) to keep the index small.

    Sampling by hash value keeps the same shingles in every copy, so containment
    survives it. 1 in 4 keeps the in-memory index of 20,000 articles near 20 MB and
    still leaves a 100-word wire summary ~25 samples. Stores written with 1 in 2 stay
    comparable: their hashes include every hash sampled now.
    """
    words = [w.lower() for w in _WORD.findall(text)]
    out = []
    for i in range(max(0, len(words) - k + 1)):
        h = zlib.crc32(" ".join(words[i : i + k]).encode())
        if h % keep == 0:
            out.append(h)
    return sorted(set(out))


@dataclass(frozen=True, kw_only=True)
class Outcome:
    """What processing one document did."""

    uri: str
    status: str  # parsed | off_topic | syndicated | duplicate | skipped
    reason: str | None = None  # why a document was skipped ("language: de")
    claims: int = 0
    linked: int = 0
    statements: int = 0
    alerts: tuple[dict[str, Any], ...] = field(default_factory=tuple)


class Lineages:
    """Maps speakers to lineages (groups of speakers that are one source)."""

    def __init__(self, config: MonitorConfig) -> None:
        self._groups = []
        self._tails = [
            (lin.name, fold(sp.split()[-1]).rstrip("s")) for lin in config.lineages for sp in lin.speakers if len(sp.split()) > 1
        ]
        for lin in config.lineages:
            alts = "|".join(re.escape(fold(s)).replace(r"\ ", r"\s+") for s in lin.speakers)
            self._groups.append((lin.name, re.compile(rf"(?<!\w)(?:{alts})(?!\w)")))

    def of(self, speaker: str | None, key: str | None) -> str:
        """The lineage of a speaker: a configured group, else its own key."""
        if not speaker and not key:
            return UNATTRIBUTED
        text = " ".join(fold(w) for w in f"{speaker or ''} {key or ''}".split())
        for name, pat in self._groups:
            if pat.search(text):
                return name
        # A bare "Police" or "Officials" is the one configured group whose speaker ends in that word.
        bare = (key or "").split()
        if len(bare) == 1:
            owners = {name for name, alias in self._tails if alias == bare[0]}
            if len(owners) == 1:
                return owners.pop()
        return key or fold(speaker or "") or UNATTRIBUTED


def _fmt(v: float | None) -> str:
    if v is None:
        return "?"
    if v >= 1_000_000 and v % 10_000 == 0:
        return f"{v / 1_000_000:g} million"
    return f"{v:,.0f}" if float(v).is_integer() or v >= 100 else f"{v:g}"


def _span(lo: float | None, hi: float | None) -> str:
    if lo is None and hi is None:
        return "?"
    if lo is None or hi is None or abs(lo - hi) < 1e-9:
        return _fmt(lo if lo is not None else hi)
    return f"{_fmt(lo)}-{_fmt(hi)}"


class Pipeline:
    """Runs documents through extraction, linking, consensus and alerting.

    :param config: the validated config.
    :param store: the SQLite store (this pipeline is its only writer).
    :param extractor: a :class:`monitor.extract.Extractor`.
    :param sinks: objects with ``emit(alerts: list[dict])``, fired after the commit.
    """

    def __init__(self, config: MonitorConfig, store: Store, extractor: Any, sinks: list[Any] | None = None) -> None:
        self.config = config
        self.store = store
        self.extractor = extractor
        self.sinks = list(sinks or [])
        self.linker = Linker(config)
        self.lineages = Lineages(config)
        self._metrics: dict[str, tuple[Topic, Metric]] = {
            m.key: (t, m) for t in config.topics for m in t.metrics
        }
        # The latest vote of each lineage per metric, in vote order: read once, then kept in step with put_vote.
        self._votes: dict[str, dict[str, cons.Vote]] = {}
        self._votes_generation = -1
        self._prefetch = Prefetcher(config, extractor.extract, config.nlp.processes)
        # Topics and skip reason found by expect(), used once by process().
        self._triage_ahead: dict[tuple[str, str], tuple[list[Topic], str | None]] = {}
        self.sink_error: str | None = None
        """Why the alert log could not be written the last time it was tried (``None``: it could)."""
        self._sink_error_logged: str | None = None
        if config.topics:
            self.store.shingle_index()
            load_language_detector()
        self.flush_unlogged()

    # --- public -----------------------------------------------------------------

    def process_many(self, docs: Iterable[Document]) -> Iterator[Outcome]:
        """Process documents in order, as :meth:`process` would one by one, yielding each outcome.

        Reads ahead of the one being stored, so that helper processes (``nlp.processes``)
        can extract the on-topic documents coming next.
        """
        it = iter(docs)
        window: deque[Document] = deque()
        exhausted = False
        while True:
            while not exhausted and (not window or (len(window) < READ_AHEAD_MAX and self.wants_more())):
                doc = next(it, None)
                if doc is None:
                    exhausted = True
                    break
                window.append(doc)
                self.expect(doc)
            if not window:
                return
            yield self.process(window.popleft())

    def expect(self, doc: Document) -> None:
        """Note a document that :meth:`process` will get later, so it can be extracted ahead."""
        if not self._prefetch.enabled:
            return
        topics, skip = self._triage_ahead[self._prefetch.key(doc)] = self._triage(doc)
        if topics and skip is None and self.store.article_by_hash(doc.content_hash) is None:
            self._prefetch.add(doc)

    def _triage(self, doc: Document) -> tuple[list[Topic], str | None]:
        """The document's topics, and why it is skipped rather than parsed (``None``: parse it).

        The language is looked at only for on-topic documents: off-topic ones are the
        bulk of a news stream and are not parsed anyway.
        """
        topics = self.linker.topics_for(f"{doc.title or ''}\n{doc.text}")
        if not topics:
            return topics, None
        lang = foreign_language(doc.text, doc.title)
        return topics, (f"language: {lang}" if lang else None)

    def start_helpers(self, wait: bool = True) -> int:
        """Start the extraction helpers now rather than at the first backlog; returns how many are ready."""
        return self._prefetch.start(wait=wait)

    def extraction(self) -> dict[str, Any]:
        """Who extracts: ``processes``, ``helpers_running``, ``helper_pids``, ``read_ahead`` (on-topic
        documents noted and not yet processed), ``by_helpers``, ``by_writer``."""
        return self._prefetch.summary()

    def release_idle_helpers(self, seconds: float) -> bool:
        """Stop the extraction helpers if they had nothing to do for ``seconds``; True if they were stopped."""
        return self._prefetch.release_if_idle(seconds)

    def stop_helpers(self) -> None:
        """Stop the extraction helpers (documents noted with :meth:`expect` are then extracted by the writer)."""
        self._prefetch.close()

    def wants_more(self) -> bool:
        """Whether reading further ahead (:meth:`expect`) could keep extraction helpers busy."""
        return self._prefetch.wants_more()

    def process(self, doc: Document) -> Outcome:
        """Process one document exactly once (by content hash); returns what happened."""
        try:
            return self._process(doc)
        finally:
            self._prefetch.discard(doc)  # a duplicate or a failure never takes what was extracted ahead
            self._triage_ahead.pop(self._prefetch.key(doc), None)

    def _process(self, doc: Document) -> Outcome:
        digest = doc.content_hash
        if self.store.article_by_hash(digest) is not None:
            return Outcome(uri=doc.uri, status="duplicate")
        if doc.guid and self.store.entry_seen(doc.source, doc.guid):
            return Outcome(uri=doc.uri, status="duplicate")
        triage = self._triage_ahead.get(self._prefetch.key(doc))
        topics, skip = triage if triage is not None else self._triage(doc)
        alerts: list[dict[str, Any]] = []
        with self.store.transaction():
            row = {
                "hash": digest,
                "uri": doc.uri,
                "source": doc.source,
                "source_kind": doc.source_kind,
                "guid": doc.guid,
                "title": doc.title,
                "published": doc.published.isoformat() if doc.published else None,
                "seen": now_utc().isoformat(),
                "status": "off_topic",
                "topics": json.dumps([t.name for t in topics]),
                "copy_of": None,
            }
            if doc.guid:
                self.store.mark_entry(doc.source, doc.guid)
            if not topics:
                self.store.add_article(row)
                return Outcome(uri=doc.uri, status="off_topic")
            if skip is not None:
                row["status"] = "skipped"
                self.store.add_article(row)
                return Outcome(uri=doc.uri, status="skipped", reason=skip)
            claims, statements = self._prefetch.take(doc)
            decisions = self.linker.decide_all(claims, doc.text, topics)
            claims = [self._restated(c, d) for c, d in zip(claims, decisions, strict=True)]
            hashes = shingles(doc.text)
            copy_of, share = self.store.best_containment(hashes)
            syndicated = copy_of is not None and self._is_copy(claims, copy_of, share, len(hashes))
            row["status"] = "syndicated" if syndicated else "parsed"
            row["copy_of"] = copy_of if syndicated else None
            article_id = self.store.add_article(row)
            self.store.add_shingles(article_id, hashes)
            linked = 0
            for claim in claims:
                if claim.kind != "quantity":
                    continue
                claim_id, verdict_alert = self._claim(article_id, claim, syndicated)
                linked += claim.metric is not None
                if verdict_alert:
                    alerts.append(verdict_alert)
                stance_alert = self._affirms(claim, claim_id, syndicated)
                if stance_alert:
                    alerts.append(stance_alert)
            for st in statements:
                alert = self._statement(article_id, st, syndicated)
                if alert:
                    alerts.append(alert)
        self._emit(alerts)
        return Outcome(
            uri=doc.uri,
            status=row["status"],
            claims=sum(c.kind == "quantity" for c in claims),
            linked=linked,
            statements=len(statements),
            alerts=tuple(alerts),
        )

    def _restated(self, claim: Claim, d: Any) -> Claim:
        """Link a claim; among metrics that fit, one where its source already gave this very figure wins.

        "Its estimate of between 20,000 and 30,000" in a later article restates the
        first march's figure even when the second march was named closer to it.
        """
        if len(d.candidates) < 2 or claim.kind != "quantity":
            return claim.with_link(d.topic, d.metric) if d.metric else claim
        lineage = self.lineages.of(claim.speaker, claim.speaker_key)
        for topic, metric in d.candidates:
            own = self._stored_votes(metric).get(lineage)
            if own is not None and own.claim_id is not None and self._same_value(own.claim_id, claim):
                return claim.with_link(topic, metric)
        return claim.with_link(d.topic, d.metric) if d.metric else claim

    def _same_value(self, claim_id: int, claim: Claim) -> bool:
        row = self.store.db.execute("SELECT low, high FROM claims WHERE id = ?", [claim_id]).fetchone()
        return row is not None and (row[0], row[1]) == (claim.low, claim.high)

    def _is_copy(self, claims: list[Claim], copy_of: int, share: float, sampled: int) -> bool:
        """A syndicated copy: most of its text is in ``copy_of``, or a rewrite of it repeats its figures.

        Wire rewrites are often paraphrased sentence by sentence, which leaves few
        shared shingles; what they keep is the figures, so a modest text overlap plus
        the same figures on the same metrics marks a copy too. A text too short to
        share ``MIN_SHARED_SHINGLES`` sampled shingles (a one-line summary that
        repeats a stock phrase) is not a copy by its words alone.
        """
        threshold = self.config.syndication_threshold
        if share >= threshold and round(share * sampled) >= MIN_SHARED_SHINGLES:
            return True
        if share < threshold / 4:
            return False
        mine = {(c.metric, c.low, c.high) for c in claims if c.metric and c.kind == "quantity"}
        if len(mine) < 2:
            return False
        theirs = self.store.article_figures(copy_of)
        return len(mine & theirs) / len(mine) >= 0.6

    def flush_unlogged(self) -> bool:
        """Send alerts that were committed but not logged (the process died in between, or the alert
        log could not be written); False when they could not all be logged."""
        pending = self.store.unlogged_alerts()
        if not pending:
            self.sink_error = None  # nothing waits for the log: no outage to report
            return True
        log.info("appending %d alert(s) committed but not yet logged", len(pending))
        return self._emit(pending)

    # --- figures ----------------------------------------------------------------

    def _claim(self, article_id: int, claim: Claim, syndicated: bool) -> tuple[int, dict[str, Any] | None]:
        lineage = self.lineages.of(claim.speaker, claim.speaker_key)
        row = claim.to_dict()
        for k in ("article", "index", "sentence_start"):
            row.pop(k, None)
        row.update(article_id=article_id, idx=claim.index, lineage=lineage, verdict=None)
        if claim.metric is None:
            return self.store.add_claim(row), None
        topic, metric = self._metrics[claim.metric]
        interval = cons.claim_interval(claim.low, claim.high, claim.qualifier, metric.tolerance, claim.text, claim.vague)
        if interval is None:
            return self.store.add_claim(row), None
        if syndicated:
            row["verdict"] = "syndicated"
            return self.store.add_claim(row), None
        claim_id = self.store.add_claim(row)
        value = claim.low if claim.low is not None else claim.high
        if claim.low is not None and claim.high is not None and claim.low != claim.high:
            value = (claim.low + claim.high) / 2
        assert value is not None
        new = cons.Vote(lineage=lineage, interval=interval, value=value, claim_id=claim_id, seq=claim_id)
        by_lineage = self._stored_votes(metric.key)
        stored = list(by_lineage.values())
        cumulative = metric.kind == "cumulative"
        j = cons.judge(new, stored, cumulative)
        self.store.db.execute("UPDATE claims SET verdict = ? WHERE id = ?", [j.verdict.value, claim_id])
        if j.verdict is cons.Verdict.RESTATEMENT:
            return claim_id, None
        # A hedged figure ("could rise to 150", "if verified") is judged but does not vote.
        if not claim.hedged:
            self.store.put_vote(metric.key, lineage, claim_id, interval.low, interval.high, value)
            by_lineage.pop(lineage, None)
            by_lineage[lineage] = new
            self._snapshot(topic, metric, claim_id, [*[v for v in stored if v.lineage != lineage], new], cumulative)
        if j.verdict is cons.Verdict.CONTRADICTION:
            dispute = f"{metric.key}|{lineage}|{j.direction}"
            if self.store.dispute_alerted(dispute):
                return claim_id, None
            return claim_id, self._figure_alert("contradiction", topic, metric, claim, claim_id, lineage, j, dispute)
        # A hedged figure above the band ("the toll could pass 100") is a projection, not a new count.
        if j.verdict is cons.Verdict.UPDATE and not claim.hedged:
            return claim_id, self._figure_alert("update", topic, metric, claim, claim_id, lineage, j, None)
        return claim_id, None

    def _snapshot(self, topic: Topic, metric: Metric, claim_id: int, votes: list[cons.Vote], cumulative: bool) -> None:
        after = cons.consensus(votes, cumulative)
        self.store.add_snapshot(
            {
                "topic": topic.name,
                "metric": metric.key,
                "time": now_utc().isoformat(),
                "claim_id": claim_id,
                "low": after.band.low if after.band else None,
                "high": after.band.high if after.band and after.band.high != float("inf") else None,
                "center": after.center,
                "values_low": after.values[0] if after.values else None,
                "values_high": after.values[1] if after.values else None,
                "supporters": json.dumps(list(after.supporters)),
                "dissenters": json.dumps(list(after.dissenters)),
            }
        )

    def _stored_votes(self, metric: str) -> dict[str, cons.Vote]:
        """The stored votes of ``metric`` by lineage, oldest first (cached while the store's generation holds)."""
        if self.store.generation != self._votes_generation:
            self._votes.clear()
            self._votes_generation = self.store.generation
        votes = self._votes.get(metric)
        if votes is None:
            votes = self._votes[metric] = {r["lineage"]: self._vote(r) for r in self.store.votes(metric)}
        return votes

    @staticmethod
    def _vote(r: dict[str, Any]) -> cons.Vote:
        return cons.Vote(
            lineage=r["lineage"],
            interval=cons.Interval(low=r["low"], high=r["high"] if r["high"] is not None else float("inf")),
            value=r["value"],
            claim_id=r["claim_id"],
            seq=r["seq"],
        )

    def _lineage_evidence(self, votes: tuple[cons.Vote, ...]) -> list[dict[str, Any]]:
        out = []
        rows = self.store.claim_evidence([v.claim_id for v in votes if v.claim_id is not None])
        for v in votes:
            c = rows.get(v.claim_id) if v.claim_id is not None else None
            speaker, figure, quote, article = c if c else (None, None, None, None)
            out.append(
                {
                    "lineage": v.lineage,
                    "speaker": speaker,
                    "figure": figure if c else _fmt(v.value),
                    "value": v.value,
                    "low": v.interval.low,
                    "high": None if v.interval.high == float("inf") else v.interval.high,
                    "quote": quote,
                    "article": article,
                }
            )
        return out

    def _figure_alert(
        self,
        kind: str,
        topic: Topic,
        metric: Metric,
        claim: Claim,
        claim_id: int,
        lineage: str,
        j: cons.Judgement,
        dispute: str | None,
    ) -> dict[str, Any]:
        against = j.against
        evidence = self._lineage_evidence(against.votes)
        names = {e["lineage"]: e["speaker"] or e["lineage"] for e in evidence}
        who = "; ".join(names.get(s, s) for s in against.supporters)
        speaker = claim.speaker or "Unattributed"
        figure = f"{claim.text} {claim.counted or ''}".strip()
        if kind == "contradiction":
            band = _span(*(against.values or (None, None)))
            message = f"{speaker}: {figure}; consensus {band} ({who})"
        else:
            own = next((e for e in evidence if e["lineage"] == lineage), None)
            before = f" (was {own['figure']})" if own else ""
            message = f"{speaker}: {figure}{before}; {metric.key} {'rose' if j.direction == 'above' else 'changed'}"
            if against.values:
                message += f"; others {_span(*against.values)} ({who})"
        claim_dict = claim.to_dict()
        claim_dict["id"] = claim_id
        claim_dict["lineage"] = lineage
        alert = {
            "id": uuid.uuid4().hex[:16],
            "time": now_utc().isoformat(),
            "kind": kind,
            "topic": topic.name,
            "metric": metric.key,
            "claim": claim_dict,
            "consensus": {
                "low": against.band.low if against.band else None,
                "high": against.band.high if against.band and against.band.high != float("inf") else None,
                "center": against.center,
                "values": list(against.values) if against.values else None,
                "supporters": list(against.supporters),
                "lineages": evidence,
            },
            "direction": j.direction,
            "severity": cons.severity(j.deviation, len(against.supporters), claim.hedged) if kind == "contradiction" else "low",
            "message": message,
        }
        self.store.add_alert(
            {
                "uid": alert["id"],
                "time": alert["time"],
                "kind": kind,
                "topic": topic.name,
                "metric": metric.key,
                "proposition": None,
                "claim_id": claim_id,
                "statement_id": None,
                "dispute": dispute,
                "severity": alert["severity"],
                "message": message,
                "body": json.dumps(alert),
                "logged": 0,
            }
        )
        return alert

    # --- statements -------------------------------------------------------------

    def _affirms(self, claim: Claim, claim_id: int, syndicated: bool) -> dict[str, Any] | None:
        """A figure on a metric declared to affirm a proposition takes the affirm stance for its lineage."""
        if claim.metric is None or syndicated or claim.hedged:
            return None
        topic, metric = self._metrics[claim.metric]
        if not metric.affirms:
            return None
        from .stances import record_stance

        evidence = claim.to_dict()
        evidence["proposition"] = metric.affirms
        evidence["stance"] = "affirm"
        lineage = self.lineages.of(claim.speaker, claim.speaker_key)
        # Negative ids in the stances table point at figure claims rather than statements.
        return record_stance(self, topic.name, metric.affirms, lineage, "affirm", -claim_id, evidence)

    def _statement(self, article_id: int, st: Statement, syndicated: bool) -> dict[str, Any] | None:
        from .stances import judge_statement

        return judge_statement(self, article_id, st, syndicated)

    # --- sinks ------------------------------------------------------------------

    def _emit(self, alerts: list[dict[str, Any]]) -> bool:
        """Send committed alerts to every sink; False when a durable sink (the alert log) failed.

        The alerts then stay unlogged in the store and :meth:`flush_unlogged` sends them later.
        """
        if not alerts:
            return True
        logged = True
        for sink in self.sinks:
            try:
                sink.emit(alerts)
            except Exception as exc:  # noqa: BLE001 - one failing sink must not stop the others
                durable = getattr(sink, "durable", False)
                self._sink_failed(sink, exc, len(alerts), durable)
                # The alert log must hold every alert: leave them unlogged to retry later.
                logged = logged and not durable
            else:
                if getattr(sink, "durable", False):
                    self.sink_error = self._sink_error_logged = None
        if logged:
            with self.store.transaction():
                self.store.mark_logged([a["id"] for a in alerts])
        return logged

    def _sink_failed(self, sink: Any, exc: Exception, n: int, durable: bool) -> None:
        # An unwritable alert log is an expected fault (full disk, read-only folder): one line, no traceback.
        if isinstance(exc, MonitorError | OSError):
            problem = str(exc) if isinstance(exc, MonitorError) else f"{type(sink).__name__}: {exc}"
        else:
            problem = f"alert sink {type(sink).__name__} failed: {type(exc).__name__}: {exc}"
            log.debug("alert sink %s failed", type(sink).__name__, exc_info=True)
        if durable:
            self.sink_error = problem
            if problem != self._sink_error_logged:
                log.error(
                    "%s; %d alert(s) stay pending and are appended once it can be written "
                    "(is the disk full or the folder read-only?)",
                    problem,
                    n,
                )
            self._sink_error_logged = problem
        else:
            log.error("%s", problem)

    def close(self) -> None:
        """Stop extraction helpers, close sinks and the store."""
        self._prefetch.close()
        for sink in self.sinks:
            close = getattr(sink, "close", None)
            if close:
                close()
        self.store.close()


def open_pipeline(config: MonitorConfig, state_dir: str | Path, sinks: list[Any] | None = None) -> Pipeline:
    """A pipeline over ``state_dir/monitor.db`` that appends alerts to ``state_dir/alerts.jsonl``."""
    from .sinks.jsonl import JsonlSink

    state = Path(state_dir)
    if config.topics:
        # Before spaCy: unpacking the detector's model briefly takes twice what it keeps.
        load_language_detector()
    store = Store(state / "monitor.db")
    return Pipeline(config, store, build_extractor(config), [JsonlSink(state / "alerts.jsonl"), *(sinks or [])])


def build_extractor(config: MonitorConfig, nlp: Any = None) -> Any:
    """The :class:`~monitor.extract.Extractor` a config asks for (``nlp``: a loaded spaCy pipeline to reuse)."""
    from .extract import Extractor, load_pipeline
    from .stances import StatementFinder

    finder = StatementFinder(config) if any(t.propositions for t in config.topics) else None
    nlp = nlp if nlp is not None else load_pipeline(config.nlp.pipelines)
    return Extractor(nlp, batch_size=config.nlp.batch_size, statement_finder=finder)
