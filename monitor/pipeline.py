"""The pipeline: document -> claims -> linked claims -> judged against the store -> alerts -> sinks.

``monitor ingest`` and the daemon's single worker both call
:meth:`Pipeline.process`; everything a document changes is written in one
transaction, and alerts reach the sinks only after it commits. This module
orchestrates: extraction is :mod:`monitor.extract` (wrapped by
:mod:`monitor.prefetch` to read ahead), linking :mod:`monitor.link`, copies
:mod:`monitor.syndication`, judging :mod:`monitor.judge`, persistence the
store, delivery the sinks.

What the writer keeps in memory besides the store is held per topic
(:class:`TopicState`): the topic is the partition key, so that workers owning
disjoint sets of topics could each keep their own (see ``docs/architecture.md``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import judge
from .alerts import Alert
from .config import Metric, MonitorConfig, Topic
from .documents import text_date
from .extract import build_extractor
from .language import foreign_language
from .language import load as load_language_detector
from .lineages import Lineages
from .link import Decision, Linker
from .prefetch import Extracts, Lookahead, ReadAhead
from .records import Article, Claim, Document, Stance, Statement, StoredVote, now_utc
from .sinks import Fanout, Sink, alert_log
from .store import StateStore, Store
from .syndication import MIN_REPEATED_FIGURES, is_copy, lead, linked_figures, shingles

log = logging.getLogger(__name__)


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


class TopicState:
    """What the writer keeps in memory for one topic: the latest vote of each lineage per metric, in vote order.

    Read from the store once, then kept in step with what the writer records.
    """

    def __init__(self) -> None:
        self.votes: dict[str, dict[str, StoredVote]] = {}


class Pipeline:
    """Runs documents through extraction, linking, judging and alerting.

    :param config: the validated config.
    :param store: the store (this pipeline is its only writer).
    :param extractor: a :class:`~monitor.extract.Extractor`, or one wrapped in a
        :class:`~monitor.prefetch.ReadAhead` (a plain one is wrapped with ``config.nlp.processes``).
    :param sinks: :class:`~monitor.sinks.Sink` objects, fired after the commit.
    """

    def __init__(self, config: MonitorConfig, store: StateStore, extractor: Extracts, sinks: list[Sink] | None = None) -> None:
        self.config = config
        self.store = store
        self.extractor = extractor if isinstance(extractor, ReadAhead) else ReadAhead(extractor, config)
        self.delivery = Fanout(sinks or [])
        self.linker = Linker(config)
        self.lineages = Lineages(config)
        self._metrics: dict[str, tuple[Topic, Metric]] = {m.key: (t, m) for t in config.topics for m in t.metrics}
        self._topics: dict[str, TopicState] = {}
        self._generation = -1  # the store's generation the topic states were read at
        # Topics and skip reason found by expect(), used once by process().
        self._triage_ahead: dict[tuple[str, str], tuple[list[Topic], str | None]] = {}
        self._contradicted: set[str] = set()  # metrics the document being processed raised a contradiction on
        if config.topics:
            self.store.shingle_index()
            load_language_detector()
        self.flush_unlogged()

    # --- public -----------------------------------------------------------------

    def process_many(self, docs: Iterable[Document]) -> Iterator[Outcome]:
        """Process documents in order, as :meth:`process` would one by one, yielding each outcome.

        Reads ahead of the one being stored (:class:`~monitor.prefetch.Lookahead`), so that
        helper processes (``nlp.processes``) can extract the on-topic documents coming next.
        """
        it = iter(docs)
        ahead = self.lookahead()
        while (doc := ahead.next(lambda first: next(it, None))) is not None:
            yield self.process(doc)

    def lookahead(self) -> Lookahead:
        """A read-ahead window that hints each document taken ahead to :meth:`expect`."""
        return Lookahead(self.expect, self.extractor.wants_more)

    def expect(self, doc: Any) -> None:
        """Note an item that :meth:`process` will get later, so an on-topic document can be extracted ahead."""
        if not isinstance(doc, Document) or not self.extractor.enabled:
            return
        topics, skip = self._triage_ahead[ReadAhead.key(doc)] = self._triage(doc)
        if topics and skip is None and self.store.article_by_hash(doc.content_hash) is None:
            self.extractor.expect(doc)

    def process(self, doc: Document) -> Outcome:
        """Process one document exactly once (by content hash); returns what happened."""
        try:
            return self._process(doc)
        finally:
            self.extractor.forget(doc)  # a duplicate or a failure never takes what was extracted ahead
            self._triage_ahead.pop(ReadAhead.key(doc), None)

    def _process(self, doc: Document) -> Outcome:
        if self.store.article_by_hash(doc.content_hash) is not None or (
            doc.guid and self.store.entry_seen(doc.source, doc.guid)
        ):
            return Outcome(uri=doc.uri, status="duplicate")
        topics, skip = self._triage_ahead.get(ReadAhead.key(doc)) or self._triage(doc)
        names = tuple(t.name for t in topics)
        with self.store.transaction():
            if doc.guid:
                self.store.mark_entry(doc.source, doc.guid)
            if not topics or skip is not None:
                status = "skipped" if topics else "off_topic"
                self.store.add_article(Article.of(doc, status, names))
                return Outcome(uri=doc.uri, status=status, reason=skip)
            claims, statements = self.extractor.extract(doc)
            claims = self._link(claims, doc, topics)
            hashes = shingles(doc.text)
            copy_of = self._copy_of(claims, shingles(lead(doc.text)))
            status = "parsed" if copy_of is None else "syndicated"
            article_id = self.store.add_article(Article.of(doc, status, names, copy_of))
            self.store.add_shingles(article_id, hashes)
            alerts: list[Alert] = []
            self._contradicted = set()
            for claim in claims:
                if claim.kind == "quantity":
                    alerts += self._figure(doc, article_id, claim, copy_of is not None)
            for st in statements:
                alerts += self._statement(doc, article_id, st, copy_of is not None)
        sent = tuple(a.to_dict() for a in alerts)
        self._emit(list(sent))
        figures = [c for c in claims if c.kind == "quantity"]
        return Outcome(
            uri=doc.uri,
            status=status,
            claims=len(figures),
            linked=sum(c.metric is not None for c in figures),
            statements=len(statements),
            alerts=sent,
        )

    def flush_unlogged(self) -> bool:
        """Send alerts that were committed but not logged (the process died in between, or the alert
        log could not be written); False when they could not all be logged."""
        pending = self.store.unlogged_alerts()
        if not pending:
            self.delivery.error = None  # nothing waits for the log: no outage to report
            return True
        log.info("appending %d alert(s) committed but not yet logged", len(pending))
        return self._emit(pending)

    def close(self) -> None:
        """Stop extraction helpers, close sinks and the store."""
        self.extractor.close()
        self.delivery.close()
        self.store.close()

    # --- the stages ---------------------------------------------------------------

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

    def _link(self, claims: list[Claim], doc: Document, topics: list[Topic]) -> list[Claim]:
        decisions = self.linker.decide_all(claims, doc.text, topics)
        return [self._linked(c, d) for c, d in zip(claims, decisions, strict=True)]

    def _linked(self, claim: Claim, d: Decision) -> Claim:
        """Link a claim; among metrics that fit, one where its source already gave this very figure wins."""
        if len(d.candidates) >= 2 and claim.kind == "quantity":
            lineage = self.lineages.of(claim.speaker, claim.speaker_key)
            pick = judge.restated_link(claim, d.candidates, lineage, self._votes)
            if pick is not None:
                return claim.with_link(*pick)
        return claim.with_link(d.topic, d.metric) if d.metric else claim

    def _copy_of(self, claims: list[Claim], hashes: list[int]) -> int | None:
        """The stored article this one syndicates (``None``: it is no copy); ``hashes`` are its lead's shingles.

        A copy contains this one's lead (and no figure it lacks), or is a rewrite so paraphrased that
        only its figures show it: every linked figure, from the same lineage, in one recent article.
        """
        copy_of, share = self.store.best_containment(hashes)
        threshold = self.config.syndication_threshold
        mine = linked_figures(claims)
        if copy_of is not None and is_copy(share, len(hashes), threshold, mine,
                                           lambda: self.store.article_figures(copy_of), self.store.figures_known):
            return copy_of
        sourced = {(c.low, c.high, self.lineages.of(c.speaker, c.speaker_key)) for c in claims
                   if c.metric and c.kind == "quantity"}
        return self.store.article_repeating(sourced) if len(sourced) >= MIN_REPEATED_FIGURES else None

    def _figure(self, doc: Document, article_id: int, claim: Claim, syndicated: bool) -> list[Alert]:
        """Store a figure claim; judge a linked one against its metric's votes and take the stance it may affirm."""
        lineage = self.lineages.of(claim.speaker, claim.speaker_key)
        found = self._metrics.get(claim.metric) if claim.metric is not None else None
        interval = judge.figure_interval(claim, found[1]) if found is not None else None
        claim_id = self.store.add_claim(article_id, claim, lineage, "syndicated" if interval is not None and syndicated else None)
        if found is None or syndicated:
            return []
        topic, metric = found
        alerts = []
        if interval is not None:
            now = now_utc().isoformat()
            votes = self._votes(topic.name, metric.key)
            v = judge.judge_figure(claim=claim, claim_id=claim_id, lineage=lineage, interval=interval, topic=topic,
                                   metric=metric, votes=votes, article_hash=doc.content_hash, now=now,
                                   time=figure_time(claim, doc), stale_after=self.config.stale_after)
            self.store.set_verdict(claim_id, v.verdict.value)
            for gone in v.drop:  # a retracted figure leaves the consensus
                self.store.drop_vote(metric.key, gone)
                votes.pop(gone, None)
            if v.vote is not None and v.after is not None:
                self.store.put_vote(metric.key, v.vote.vote)
                votes.pop(lineage, None)
                votes[lineage] = v.vote
                self.store.add_snapshot(topic.name, metric.key, claim_id, v.after, now)
            alerts = self._raise(v.alert)
        if metric.affirms and not claim.hedged:  # a figure on this metric says the proposition is true
            alerts += self._stance(doc, claim, topic.name, metric.affirms, lineage, "affirm", claim_id=claim_id)
        return alerts

    def _statement(self, doc: Document, article_id: int, st: Statement, syndicated: bool) -> list[Alert]:
        """Store a statement; an unhedged one that is no copy takes its lineage's stance."""
        lineage = self.lineages.of(st.speaker, st.speaker_key)
        statement_id = self.store.add_statement(article_id, st, lineage, "syndicated" if syndicated else None)
        if syndicated or st.hedged:
            return []
        return self._stance(doc, st, st.topic, st.proposition, lineage, st.stance, statement_id=statement_id)

    def _stance(
        self, doc: Document, source: Claim | Statement, topic: str, proposition: str, lineage: str, stance: str,
        claim_id: int | None = None, statement_id: int | None = None,
    ) -> list[Alert]:
        j, alert = judge.judge_stance_alert(
            source=source, proposition=proposition, stance=stance, lineage=lineage, topic=topic,
            current=self.store.stances(proposition), article_hash=doc.content_hash, now=now_utc().isoformat(),
            statement_id=statement_id,
        )
        if j.changed:
            self.store.put_stance(proposition, Stance(lineage=lineage, stance=stance, statement_id=statement_id,
                                                      claim_id=claim_id))
        return self._raise(alert)

    def _raise(self, alert: Alert | None) -> list[Alert]:
        """Store ``alert``; the alerts to send after the commit.

        A contradiction is raised once per dispute (a figure's alert carries one key per pair of
        lineages: it is raised while any pair is new) and once per article and metric (one item
        giving two incompatible figures is one alert).
        """
        if alert is None:
            return []
        if alert.dispute is not None and all(self.store.dispute_alerted(k) for k in alert.dispute.split("\n")):
            return []
        if alert.kind == "contradiction" and alert.metric is not None:
            if alert.metric in self._contradicted:
                return []
            self._contradicted.add(alert.metric)
        self.store.add_alert(alert)
        return [alert]

    def _votes(self, topic: str, metric: str) -> dict[str, StoredVote]:
        """The stored votes of ``metric`` by lineage, oldest first (kept per topic while the store's generation holds)."""
        if self.store.generation != self._generation:
            self._topics.clear()
            self._generation = self.store.generation
        state = self._topics.setdefault(topic, TopicState())
        votes = state.votes.get(metric)
        if votes is None:
            votes = state.votes[metric] = {sv.lineage: sv for sv in self.store.votes(metric)}
        return votes

    # --- sinks ------------------------------------------------------------------

    @property
    def sinks(self) -> list[Sink]:
        """The sinks alerts go to, the alert log first."""
        return self.delivery.sinks

    @property
    def sink_error(self) -> str | None:
        """Why the alert log could not be written the last time it was tried (``None``: it could)."""
        return self.delivery.error

    def _emit(self, alerts: list[dict[str, Any]]) -> bool:
        """Send committed alerts to every sink and mark them logged; False when the alert log failed.

        The alerts then stay unlogged in the store and :meth:`flush_unlogged` sends them later.
        """
        if not alerts:
            return True
        logged = self.delivery.emit(alerts)
        if logged:
            with self.store.transaction():
                self.store.mark_logged([a["id"] for a in alerts])
        return logged


def figure_time(claim: Claim, doc: Document) -> str:
    """When a figure refers to: the time its sentence states, else its article's publication (as its source
    gave it, or a dateline at the top of its text), else its arrival."""
    if claim.frame.time:
        return claim.frame.time
    return (doc.published or text_date(doc.text, doc.fetched) or doc.fetched).isoformat()


def open_pipeline(config: MonitorConfig, state_dir: str | Path, sinks: list[Sink] | None = None) -> Pipeline:
    """A pipeline over ``state_dir/monitor.db`` that appends alerts to ``state_dir/alerts.jsonl`` (then ``sinks``)."""
    state = Path(state_dir)
    if config.topics:
        # Before spaCy: unpacking the detector's model briefly takes twice what it keeps.
        load_language_detector()
    store = Store(state / "monitor.db")
    extractor = ReadAhead(build_extractor(config), config)
    return Pipeline(config, store, extractor, [alert_log(state), *(sinks or [])])
