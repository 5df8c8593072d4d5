"""The store: articles, claims, statements, votes, stances, consensus snapshots, alerts.

The only schema boundary: no other module holds SQL or a table name (a test
greps for them). :class:`StateStore` is what the rest of the monitor needs of a
store; :class:`Store` is its SQLite implementation. Its methods take and give
records (:class:`~monitor.records.Article`, :class:`~monitor.records.Claim`,
:class:`~monitor.records.StoredVote`, :class:`~monitor.records.Stance`,
:class:`~monitor.records.Snapshot`, :class:`~monitor.alerts.Alert`); the listings
behind ``monitor claims``, ``status`` and the report's tables (stored claims and
statements, counts, rejections) give rows as dicts, the form those commands print.
SQLite's errors leave it as :class:`~monitor.errors.StoreError`
(:class:`~monitor.errors.StoreWriteError` when a write cannot be made: a full
disk, a read-only folder).

One process writes (the pipeline worker); readers (``monitor alerts``,
``consensus``, ``status``) open their own connections, which WAL mode lets run
beside the writer.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import sqlite_utils

from . import consensus as cons
from .alerts import Alert
from .errors import StoreError, StoreWriteError
from .records import Article, Claim, Quote, Snapshot, Stance, Statement, StoredVote, now_utc
from .shingle_index import ShingleIndex, pack

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    uri TEXT NOT NULL,
    source TEXT,
    source_kind TEXT,
    guid TEXT,
    title TEXT,
    published TEXT,
    seen TEXT NOT NULL,
    status TEXT NOT NULL,          -- parsed | off_topic | syndicated
    topics TEXT,                   -- JSON list of matched topic names
    copy_of INTEGER                -- the article it syndicates, if any
);
CREATE INDEX IF NOT EXISTS articles_guid ON articles(source, guid);
CREATE TABLE IF NOT EXISTS claims (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    idx INTEGER NOT NULL,
    start INTEGER, "end" INTEGER,
    text TEXT, sentence TEXT,
    low REAL, high REAL, qualifier TEXT, kind TEXT, unit TEXT, vague INTEGER,
    counted TEXT, speaker TEXT, speaker_key TEXT, lineage TEXT, hedged INTEGER,
    part_of INTEGER, topic TEXT, metric TEXT,
    verdict TEXT
);
CREATE INDEX IF NOT EXISTS claims_metric ON claims(metric, id);
CREATE INDEX IF NOT EXISTS claims_article ON claims(article_id);
CREATE TABLE IF NOT EXISTS statements (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    idx INTEGER NOT NULL,
    start INTEGER, "end" INTEGER, sentence TEXT,
    topic TEXT, proposition TEXT, stance TEXT,
    speaker TEXT, speaker_key TEXT, lineage TEXT, hedged INTEGER,
    verdict TEXT
);
CREATE INDEX IF NOT EXISTS statements_prop ON statements(proposition, id);
CREATE TABLE IF NOT EXISTS votes (
    metric TEXT NOT NULL,
    lineage TEXT NOT NULL,
    claim_id INTEGER NOT NULL,
    low REAL, high REAL, value REAL, seq INTEGER,
    PRIMARY KEY (metric, lineage)
);
CREATE TABLE IF NOT EXISTS stances (
    proposition TEXT NOT NULL,
    lineage TEXT NOT NULL,
    statement_id INTEGER NOT NULL,
    stance TEXT,
    seq INTEGER,
    PRIMARY KEY (proposition, lineage)
);
CREATE TABLE IF NOT EXISTS consensus (
    id INTEGER PRIMARY KEY,
    topic TEXT, metric TEXT, time TEXT, claim_id INTEGER,
    low REAL, high REAL, center REAL, values_low REAL, values_high REAL,
    supporters TEXT, dissenters TEXT
);
CREATE INDEX IF NOT EXISTS consensus_metric ON consensus(metric, id);
CREATE TABLE IF NOT EXISTS alerts (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    time TEXT NOT NULL,
    kind TEXT, topic TEXT, metric TEXT, proposition TEXT,
    claim_id INTEGER, statement_id INTEGER,
    dispute TEXT, severity TEXT, message TEXT,
    body TEXT NOT NULL,
    logged INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS alerts_dispute ON alerts(dispute);
CREATE TABLE IF NOT EXISTS shingle_sets (article_id INTEGER PRIMARY KEY, hashes BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS rejected (         -- what is rejected now: one row per uri, gone once it is read
    id INTEGER PRIMARY KEY, time TEXT, source TEXT, uri TEXT, reason TEXT
);
CREATE INDEX IF NOT EXISTS rejected_uri ON rejected(uri);
CREATE TABLE IF NOT EXISTS seen_files (        -- the version of each folder file handled, so a restart skips it
    path TEXT PRIMARY KEY,                     -- absolute
    kind TEXT NOT NULL,                        -- file | dir | loop | dangling | special
    size INTEGER, mtime_ns INTEGER, ctime_ns INTEGER,
    rejected INTEGER NOT NULL,
    time TEXT
);
CREATE TABLE IF NOT EXISTS seen_entries (
    source TEXT NOT NULL, key TEXT NOT NULL, time TEXT, PRIMARY KEY (source, key)
);
"""

def _shingle_rows_to_sets(conn: sqlite3.Connection) -> None:
    """3: one packed row of hashes per article (read into memory) instead of one indexed row per hash."""
    newest = conn.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
    rows = conn.execute(
        "SELECT article_id, hash FROM shingles WHERE article_id > ? ORDER BY article_id", [newest - SHINGLE_WINDOW]
    )
    # Streamed an article at a time: an old store may hold millions of rows.
    conn.executemany(
        "INSERT OR REPLACE INTO shingle_sets(article_id, hashes) VALUES (?, ?)",
        ((a, pack(h for _, h in group)) for a, group in itertools.groupby(rows, key=lambda r: r[0])),
    )
    conn.execute("DROP TABLE shingles")


# Each entry upgrades the schema from version i+1 to i+2 (SQL, or a function of the connection);
# append, never edit. The shingles table was part of version 1; a new file gets it from migration 2
# (a no-op for every file that had version 1) only for migration 3 to convert and drop it.
_MIGRATIONS: list[str | Callable[[sqlite3.Connection], None]] = [
    # 2: look-ups by shingle answered from the index alone (no table reads).
    "CREATE TABLE IF NOT EXISTS shingles (hash INTEGER NOT NULL, article_id INTEGER NOT NULL);"
    "DROP INDEX IF EXISTS shingles_hash; CREATE INDEX IF NOT EXISTS shingles_hash_article ON shingles(hash, article_id)",
    _shingle_rows_to_sets,
    # 4: a claim keeps its frame (JSON); a vote keeps the time its figure refers to (ISO, for staleness).
    "ALTER TABLE claims ADD COLUMN frame TEXT; ALTER TABLE votes ADD COLUMN time TEXT",
    # 5: 'which recent article gave these very figures from these sources' answered by the index.
    "CREATE INDEX IF NOT EXISTS claims_figure ON claims(low, high, lineage, article_id)",
]
SCHEMA_VERSION = 1 + len(_MIGRATIONS)
WAL_CHECKPOINT_PAGES = 4000
Figure = tuple[str, float | None, float | None]  # (metric, low, high) of a figure claim
SHINGLE_WINDOW = 20_000  # wire copies arrive within days: only the latest topic articles are compared


@runtime_checkable
class StateStore(Protocol):
    """What the monitor needs of a store; a second implementation (PostgreSQL) would provide the same.

    Writes happen inside :meth:`transaction`; ``generation`` changes whenever what a caller
    cached may be stale (a rollback, another writer's commit). ``tests/test_store_protocol.py``
    runs against every implementation.
    """

    generation: int

    def transaction(self) -> AbstractContextManager[None]: ...
    def close(self) -> None: ...
    # articles and syndication
    def article_by_hash(self, digest: str) -> dict[str, Any] | None: ...
    def entry_seen(self, source: str, key: str) -> bool: ...
    def mark_entry(self, source: str, key: str) -> None: ...
    def add_article(self, article: Article) -> int: ...
    def add_shingles(self, article_id: int, hashes: list[int]) -> None: ...
    def best_containment(self, hashes: list[int]) -> tuple[int | None, float]: ...
    def article_figures(self, article_id: int) -> set[tuple[str, float | None, float | None]]: ...
    def article_repeating(self, figures: set[tuple[float | None, float | None, str]]) -> int | None: ...
    def figures_known(self, figures: set[Figure]) -> set[Figure]: ...
    # claims, statements, votes, stances, consensus
    def add_claim(self, article_id: int, claim: Claim, lineage: str, verdict: str | None = None) -> int: ...
    def set_verdict(self, claim_id: int, verdict: str) -> None: ...
    def add_statement(self, article_id: int, statement: Statement, lineage: str, verdict: str | None = None) -> int: ...
    def votes(self, metric: str) -> list[StoredVote]: ...
    def put_vote(self, metric: str, vote: cons.Vote) -> None: ...
    def drop_vote(self, metric: str, lineage: str) -> None: ...
    def stances(self, proposition: str) -> list[Stance]: ...
    def put_stance(self, proposition: str, stance: Stance) -> None: ...
    def add_snapshot(self, topic: str, metric: str, claim_id: int, after: cons.Consensus, time: str) -> None: ...
    # alerts
    def dispute_alerted(self, dispute: str) -> bool: ...
    def add_alert(self, alert: Alert) -> int: ...
    def unlogged_alerts(self) -> list[dict[str, Any]]: ...
    def mark_logged(self, uids: list[str]) -> None: ...
    # what sources handed over
    def reject(self, source: str, uri: str, reason: str) -> None: ...
    def resolve_rejected(self, uri: str) -> None: ...
    def mark_file(self, path: str, kind: str, size: int, mtime_ns: int, ctime_ns: int, rejected: bool) -> None: ...
    def forget_file(self, path: str) -> None: ...
    def seen_files(self, folder: str) -> list[tuple[str, str, int, int, int, bool]]: ...


class Store:
    """The monitor's state in one SQLite file (``state/monitor.db``).

    :param path: the database file; its folder is created.
    :param readonly: open for reading only (CLI readers), never migrating.
    """

    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        try:
            if not readonly:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            elif not self.path.exists():
                raise StoreError(f"{self.path} does not exist yet; run `monitor ingest` or `monitor run` first")
            uri = f"file:{self.path}?mode=ro" if readonly else str(self.path)
            conn = sqlite3.connect(uri, uri=readonly, timeout=30, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout = 30000")
            if not readonly:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
                # Topic articles keep rewriting the same index pages (votes, claims by metric, alerts by dispute);
                # checkpointing every ~16 MB rather than SQLite's 4 MB writes each of them back once, not four times.
                conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
            self.db = sqlite_utils.Database(conn)
            self.generation = 0
            self._data_version: int | None = None
            self._shingles: ShingleIndex | None = None
            self._shingles_generation = -1
            if not readonly:
                self._migrate()
            self._data_version = conn.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open {self.path}: {exc}") from exc

    def _migrate(self) -> None:
        with self.transaction():
            for stmt in _SCHEMA.split(";"):
                if stmt.strip():
                    self.db.execute(stmt)
            row = self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            version = int(row[0]) if row else 1  # a new file starts from the base schema above
            if version > SCHEMA_VERSION:
                raise StoreError(f"{self.path} has schema version {version}; this monitor knows up to {SCHEMA_VERSION}")
            for i in range(version - 1, len(_MIGRATIONS)):
                step = _MIGRATIONS[i]
                if callable(step):
                    step(self.db.conn)
                else:
                    for stmt in step.split(";"):
                        if stmt.strip():
                            self.db.execute(stmt)
                version = i + 2
            self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)", [str(version)])

    def _insert(self, table: str, row: dict[str, Any]) -> int:
        # Plain SQL rather than Table.insert(): sqlite-utils commits inside its
        # own ``with conn:`` block, which would end our transaction half-way.
        cols = ", ".join(f'"{k}"' for k in row)
        cur = self.db.execute(f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
        return int(cur.lastrowid or 0)

    @property
    def schema_version(self) -> int:
        """The schema version recorded in the file."""
        row = self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return int(row[0]) if row else 0

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic write: everything inside commits together or not at all.

        ``generation`` changes when a transaction rolls back or begins after another
        connection wrote to the file, so a caller may cache what it read while the
        generation stays the same.
        """
        conn = self.db.conn
        if conn.in_transaction:
            yield
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreWriteError(str(exc)) from exc
        version = conn.execute("PRAGMA data_version").fetchone()[0]
        if version != self._data_version:
            # Another connection committed since our last transaction: what callers cached may be stale.
            self._data_version = version
            self.generation += 1
        try:
            yield
            try:
                conn.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                raise StoreWriteError(str(exc)) from exc
        except BaseException:
            # A failed COMMIT (disk full) may or may not have rolled back already; make sure it has,
            # or the next transaction would silently nest inside this one.
            if conn.in_transaction:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            self.generation += 1
            raise

    def close(self) -> None:
        """Close the connection."""
        self.db.conn.close()

    # --- articles ---------------------------------------------------------------

    def article_by_hash(self, digest: str) -> dict[str, Any] | None:
        """The stored article with this content hash, if any."""
        rows = list(self.db.query("SELECT * FROM articles WHERE hash = ?", [digest]))
        return rows[0] if rows else None

    def entry_seen(self, source: str, key: str) -> bool:
        """True when a feed entry (GUID or link) of ``source`` was processed before."""
        return self.db.execute("SELECT 1 FROM seen_entries WHERE source=? AND key=?", [source, key]).fetchone() is not None

    def mark_entry(self, source: str, key: str) -> None:
        """Remember a feed entry key."""
        self.db.execute(
            "INSERT OR IGNORE INTO seen_entries(source, key, time) VALUES (?, ?, ?)", [source, key, now_utc().isoformat()]
        )

    def add_article(self, article: Article) -> int:
        """Store an article; returns its id. An earlier rejection of its ``uri`` is cleared (it was fixed)."""
        self.resolve_rejected(article.uri)
        row = {
            "hash": article.hash,
            "uri": article.uri,
            "source": article.source,
            "source_kind": article.source_kind,
            "guid": article.guid,
            "title": article.title,
            "published": article.published.isoformat() if article.published else None,
            "seen": article.seen.isoformat(),
            "status": article.status,
            "topics": json.dumps(list(article.topics)),
            "copy_of": article.copy_of,
        }
        return self._insert("articles", row)

    def add_shingles(self, article_id: int, hashes: list[int]) -> None:
        """Record an article's sampled shingle hashes for syndication checks, forgetting the oldest."""
        self.db.execute("INSERT OR REPLACE INTO shingle_sets(article_id, hashes) VALUES (?, ?)", [article_id, pack(hashes)])
        if self._shingles is not None and self._shingles_generation == self.generation:
            self._shingles.add(article_id, hashes)
        if article_id % 1000 == 0:
            # Keeps the table the same size however old the store gets (article_id is its primary key).
            self.db.execute("DELETE FROM shingle_sets WHERE article_id <= ?", [article_id - SHINGLE_WINDOW])

    def best_containment(self, hashes: list[int]) -> tuple[int | None, float]:
        """The recent article (within ``SHINGLE_WINDOW`` ids) sharing the most of ``hashes``, and the share."""
        if not hashes:
            return None, 0.0
        index = self.shingle_index()
        newest = self.db.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
        return index.best(hashes, newest)

    def shingle_index(self) -> ShingleIndex:
        """The in-memory index of the window's shingles, read from the file on first use.

        Read again after a rolled-back write or another writer's commit (see ``generation``).
        The pipeline calls this when it opens, so its first article does not pay for the read.
        """
        if self._shingles is None or self._shingles_generation != self.generation:
            newest = self.db.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
            index = ShingleIndex(SHINGLE_WINDOW)
            index.load(
                self.db.execute("SELECT article_id, hashes FROM shingle_sets WHERE article_id > ?", [newest - SHINGLE_WINDOW])
            )
            self._shingles, self._shingles_generation = index, self.generation
        return self._shingles

    def article_figures(self, article_id: int) -> set[tuple[str, float | None, float | None]]:
        """The (metric, low, high) of an article's figure claims (``metric`` ``None`` for an unlinked one)."""
        rows = self.db.execute(
            "SELECT metric, low, high FROM claims WHERE article_id = ? AND kind = 'quantity'", [article_id]
        ).fetchall()
        return {(m, lo, hi) for m, lo, hi in rows}

    def article_repeating(self, figures: set[tuple[float | None, float | None, str]]) -> int | None:
        """The latest recent article (within ``SHINGLE_WINDOW`` ids) whose figure claims hold every
        ``(low, high, lineage)`` of ``figures``; ``None`` when none does (or ``figures`` is empty)."""
        if not figures:
            return None
        newest = self.db.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
        # One indexed look-up per figure (claims_figure), intersected: no scan of the window's claims.
        one = "SELECT article_id FROM claims WHERE lineage IS ? AND low IS ? AND high IS ? AND article_id > ? " \
              "AND kind = 'quantity'"
        args = [x for lo, hi, lineage in sorted(figures, key=repr) for x in (lineage, lo, hi, newest - SHINGLE_WINDOW)]
        row = self.db.execute(
            " INTERSECT ".join(one for _ in figures) + " ORDER BY 1 DESC LIMIT 1", args
        ).fetchone()
        return int(row[0]) if row else None

    def figures_known(self, figures: set[Figure]) -> set[Figure]:
        """Those ``(metric, low, high)`` figures that some stored article already gave."""
        return {f for f in figures if self.db.execute(
            "SELECT 1 FROM claims WHERE low IS ? AND high IS ? AND metric IS ? AND kind = 'quantity' LIMIT 1",
            [f[1], f[2], f[0]]).fetchone() is not None}

    def reject(self, source: str, uri: str, reason: str) -> None:
        """Record a file or entry that could not be read.

        It replaces an earlier rejection of the same ``uri``: a file rejected again (after a
        restart, a chmod that did not help) is listed once, with its latest reason and time.
        """
        self.db.execute("DELETE FROM rejected WHERE uri = ?", [uri])
        self._insert("rejected", {"time": now_utc().isoformat(), "source": source, "uri": uri, "reason": reason})

    def resolve_rejected(self, uri: str) -> None:
        """Forget the rejection of ``uri``: it has been read after all."""
        self.db.execute("DELETE FROM rejected WHERE uri = ?", [uri])

    def mark_file(self, path: str, kind: str, size: int, mtime_ns: int, ctime_ns: int, rejected: bool) -> None:
        """Remember the version of a folder's file that was handled (see :meth:`seen_files`)."""
        self.db.execute(
            "INSERT OR REPLACE INTO seen_files(path, kind, size, mtime_ns, ctime_ns, rejected, time) VALUES (?,?,?,?,?,?,?)",
            [path, kind, size, mtime_ns, ctime_ns, int(rejected), now_utc().isoformat()],
        )

    def forget_file(self, path: str) -> None:
        """Forget the version remembered for ``path`` (the file is gone)."""
        self.db.execute("DELETE FROM seen_files WHERE path = ?", [path])

    def seen_files(self, folder: str) -> list[tuple[str, str, int, int, int, bool]]:
        """``(path, kind, size, mtime_ns, ctime_ns, rejected)`` of the files handled under the absolute ``folder``."""
        prefix = folder.rstrip("/") + "/"
        rows = self.db.execute(
            "SELECT path, kind, size, mtime_ns, ctime_ns, rejected FROM seen_files WHERE path >= ? AND path < ?",
            [prefix, prefix[:-1] + "0"],  # '0' follows '/': every path that starts with the prefix
        )
        return [(p, k, sz, m, c, bool(r)) for p, k, sz, m, c, r in rows]

    # --- claims and votes -------------------------------------------------------

    def add_claim(self, article_id: int, claim: Claim, lineage: str, verdict: str | None = None) -> int:
        """Store a claim of an article with its lineage (and ``syndicated`` as its verdict for a copy); returns its id."""
        row = claim.to_dict()
        for k in ("article", "index", "sentence_start"):
            row.pop(k, None)
        row.update(article_id=article_id, idx=claim.index, lineage=lineage, verdict=verdict)
        row["frame"] = json.dumps(row.get("frame") or {}, sort_keys=True)
        return self._insert("claims", row)

    def set_verdict(self, claim_id: int, verdict: str) -> None:
        """Record how a claim was judged (a :class:`~monitor.consensus.Verdict` value)."""
        self.db.execute("UPDATE claims SET verdict = ? WHERE id = ?", [verdict, claim_id])

    def add_statement(self, article_id: int, statement: Statement, lineage: str, verdict: str | None = None) -> int:
        """Store a statement of an article with its lineage; returns its id."""
        row = statement.to_dict()
        for k in ("article", "index"):
            row.pop(k, None)
        row.update(article_id=article_id, idx=statement.index, lineage=lineage, verdict=verdict)
        return self._insert("statements", row)

    def votes(self, metric: str) -> list[StoredVote]:
        """The latest vote of each lineage on ``metric``, oldest first, each with the quote of its claim."""
        q = (
            "SELECT v.lineage, v.low, v.high, v.value, v.claim_id, v.seq, v.time, c.speaker, c.sentence, a.uri, c.text, "
            "c.low, c.high FROM votes v LEFT JOIN claims c ON c.id = v.claim_id "
            "LEFT JOIN articles a ON a.id = c.article_id WHERE v.metric = ? ORDER BY v.seq"
        )
        out = []
        for lineage, lo, hi, value, claim_id, seq, time, speaker, sentence, uri, text, c_lo, c_hi in self.db.execute(
            q, [metric]
        ):
            vote = cons.Vote(
                lineage=lineage,
                interval=cons.Interval(low=lo, high=hi if hi is not None else float("inf")),
                value=value,
                claim_id=claim_id,
                seq=seq,
                time=time,
            )
            quote = None
            if uri is not None:
                quote = Quote(speaker=speaker, sentence=sentence, article=uri, text=text, low=c_lo, high=c_hi)
            out.append(StoredVote(vote=vote, quote=quote))
        return out

    def put_vote(self, metric: str, vote: cons.Vote) -> None:
        """Make ``vote`` (its claim's) the latest vote of its lineage on ``metric``."""
        self.db.execute(
            "INSERT OR REPLACE INTO votes(metric, lineage, claim_id, low, high, value, seq, time) VALUES (?,?,?,?,?,?,?,?)",
            [metric, vote.lineage, vote.claim_id, vote.interval.low, vote.interval.high, vote.value, vote.claim_id,
             vote.time],
        )

    def drop_vote(self, metric: str, lineage: str) -> None:
        """Take ``lineage``'s vote on ``metric`` out of the consensus (its figure was retracted)."""
        self.db.execute("DELETE FROM votes WHERE metric = ? AND lineage = ?", [metric, lineage])

    def stances(self, proposition: str) -> list[Stance]:
        """The latest stance of each lineage on ``proposition``, oldest first, each with its quote."""
        # A stance taken by a figure claim (a metric that affirms the proposition) is kept with the
        # claim's id negated in ``statement_id``; only this method and put_stance know that.
        q = (
            "SELECT s.lineage, s.stance, s.statement_id, s.seq, coalesce(st.speaker, c.speaker), "
            "coalesce(st.sentence, c.sentence), coalesce(sa.uri, ca.uri), st.id IS NOT NULL OR c.id IS NOT NULL "
            "FROM stances s LEFT JOIN statements st ON st.id = s.statement_id "
            "LEFT JOIN articles sa ON sa.id = st.article_id LEFT JOIN claims c ON c.id = -s.statement_id "
            "LEFT JOIN articles ca ON ca.id = c.article_id WHERE s.proposition = ? ORDER BY s.seq"
        )
        out = []
        for lineage, stance, sid, seq, speaker, sentence, uri, found in self.db.execute(q, [proposition]):
            quote = Quote(speaker=speaker, sentence=sentence, article=uri) if found else None
            out.append(
                Stance(
                    lineage=lineage,
                    stance=stance,
                    statement_id=sid if sid > 0 else None,
                    claim_id=-sid if sid < 0 else None,
                    seq=seq,
                    quote=quote,
                )
            )
        return out

    def put_stance(self, proposition: str, stance: Stance) -> None:
        """Make ``stance`` (taken by its statement or its claim) the latest of its lineage on ``proposition``."""
        ref = stance.statement_id if stance.statement_id is not None else -(stance.claim_id or 0)
        self.db.execute(
            "INSERT OR REPLACE INTO stances(proposition, lineage, statement_id, stance, seq) VALUES (?,?,?,?,?)",
            [proposition, stance.lineage, ref, stance.stance, ref],
        )

    def propositions(self, topic: str | None = None) -> list[tuple[str, str | None]]:
        """``(proposition, topic)`` of every proposition someone took a stance on, by name."""
        out = []
        for (prop,) in self.db.execute("SELECT DISTINCT proposition FROM stances ORDER BY proposition").fetchall():
            topics = {r[0] for r in self.db.execute("SELECT DISTINCT topic FROM statements WHERE proposition = ?", [prop])}
            t = next(iter(topics), None)
            if topic and t != topic:
                continue
            out.append((prop, t))
        return out

    def claims_for(self, metric: str | None = None, topic: str | None = None, limit: int = 1000) -> list[dict[str, Any]]:
        """Claims linked to a metric (or a topic), oldest first."""
        where, args = ["c.metric IS NOT NULL"], []
        if metric:
            where.append("c.metric = ?")
            args.append(metric)
        if topic:
            where.append("c.topic = ?")
            args.append(topic)
        return list(
            self.db.query(
                "SELECT c.*, a.uri AS article, a.published AS published, a.seen AS seen FROM claims c "
                f"JOIN articles a ON a.id = c.article_id WHERE {' AND '.join(where)} ORDER BY c.id LIMIT ?",
                [*args, limit],
            )
        )

    def statements_for(self, proposition: str | None = None, topic: str | None = None) -> list[dict[str, Any]]:
        """Statements on a proposition (or a topic), oldest first."""
        where, args = ["1"], []
        if proposition:
            where.append("s.proposition = ?")
            args.append(proposition)
        if topic:
            where.append("s.topic = ?")
            args.append(topic)
        return list(
            self.db.query(
                "SELECT s.*, a.uri AS article, a.seen AS seen FROM statements s "
                f"JOIN articles a ON a.id = s.article_id WHERE {' AND '.join(where)} ORDER BY s.id",
                args,
            )
        )

    # --- consensus and alerts ---------------------------------------------------

    def add_snapshot(self, topic: str, metric: str, claim_id: int, after: cons.Consensus, time: str) -> None:
        """Record the consensus of a metric as it stands after the vote of ``claim_id``."""
        row = {
            "topic": topic,
            "metric": metric,
            "time": time,
            "claim_id": claim_id,
            "low": after.band.low if after.band else None,
            "high": after.band.high if after.band and after.band.high != float("inf") else None,
            "center": after.center,
            "values_low": after.values[0] if after.values else None,
            "values_high": after.values[1] if after.values else None,
            "supporters": json.dumps(list(after.supporters)),
            "dissenters": json.dumps(list(after.dissenters)),
        }
        self._insert("consensus", row)

    def latest_snapshots(self, topic: str | None = None) -> list[Snapshot]:
        """The newest consensus snapshot of every metric (of ``topic``), by topic and metric."""
        q = "SELECT * FROM consensus WHERE id IN (SELECT max(id) FROM consensus GROUP BY metric)"
        args: list[Any] = []
        if topic:
            q += " AND topic = ?"
            args.append(topic)
        return [_snapshot(r) for r in self.db.query(q + " ORDER BY topic, metric", args)]

    def snapshots(self, metric: str) -> list[Snapshot]:
        """Every consensus snapshot of a metric, oldest first."""
        return [_snapshot(r) for r in self.db.query("SELECT * FROM consensus WHERE metric = ? ORDER BY id", [metric])]

    def dispute_alerted(self, dispute: str) -> bool:
        """True when an alert with this dispute key (or holding it among its keys) was already raised."""
        # A figure's alert holds one key per pair of lineages, newline-separated.
        row = self.db.execute(
            "SELECT 1 FROM alerts WHERE dispute = ? OR instr(char(10) || dispute || char(10), char(10) || ? || char(10)) > 0 "
            "LIMIT 1",
            [dispute, dispute],
        ).fetchone()
        return row is not None

    def add_alert(self, alert: Alert) -> int:
        """Store an alert, not yet logged; returns its row id."""
        row = {
            "uid": alert.id,
            "time": alert.time,
            "kind": alert.kind,
            "topic": alert.topic,
            "metric": alert.metric,
            "proposition": alert.proposition,
            "claim_id": alert.claim_id,
            "statement_id": alert.statement_id,
            "dispute": alert.dispute,
            "severity": alert.severity,
            "message": alert.message,
            "body": json.dumps(alert.to_dict()),
            "logged": 0,
        }
        return self._insert("alerts", row)

    def unlogged_alerts(self) -> list[dict[str, Any]]:
        """Alerts committed but not yet appended to the alert log (after a crash)."""
        return [json.loads(r["body"]) for r in self.db.query("SELECT body FROM alerts WHERE logged = 0 ORDER BY id")]

    def mark_logged(self, uids: list[str]) -> None:
        """Record that these alerts are in the alert log."""
        self.db.conn.executemany("UPDATE alerts SET logged = 1 WHERE uid = ?", [[u] for u in uids])

    def alerts(
        self,
        since: str | None = None,
        topic: str | None = None,
        metric: str | None = None,
        after_id: int = 0,
    ) -> list[tuple[int, dict[str, Any]]]:
        """Alerts, oldest first, as ``(row id, alert)`` pairs."""
        where, args = ["id > ?"], [after_id]
        if since:
            where.append("time >= ?")
            args.append(since)
        if topic:
            where.append("topic = ?")
            args.append(topic)
        if metric:
            where.append("(metric = ? OR proposition = ?)")
            args += [metric, metric]
        q = f"SELECT id, body FROM alerts WHERE {' AND '.join(where)} ORDER BY id"
        return [(r["id"], json.loads(r["body"])) for r in self.db.query(q, args)]

    def counts(self) -> dict[str, int]:
        """Row counts of the main tables, for ``monitor status``."""
        out = {}
        for t in ("articles", "claims", "statements", "alerts", "rejected"):
            out[t] = self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        out["linked_claims"] = self.db.execute("SELECT count(*) FROM claims WHERE metric IS NOT NULL").fetchone()[0]
        return out

    def last_article(self) -> dict[str, Any] | None:
        """The most recently stored article."""
        rows = list(self.db.query("SELECT uri, title, seen, status FROM articles ORDER BY id DESC LIMIT 1"))
        return rows[0] if rows else None

    def rejected(self, limit: int = 20) -> list[dict[str, Any]]:
        """The files and entries rejected now (not read since), latest first."""
        return list(self.db.query("SELECT * FROM rejected ORDER BY id DESC LIMIT ?", [limit]))

    # --- names the store knows ------------------------------------------------------

    def known_names(self) -> dict[str, list[str]]:
        """The topics, metrics and propositions the store has seen (``topics``, ``metrics``, ``propositions``).

        A topic is known once an article matched it, a metric once a claim was linked to it,
        a proposition once a statement was found on it. The store keeps no copy of the config.
        """
        db = self.db
        topics: set[str] = set()
        for (raw,) in db.execute("SELECT DISTINCT topics FROM articles WHERE topics IS NOT NULL").fetchall():
            try:
                names = json.loads(raw)
            except (TypeError, ValueError):
                continue
            if isinstance(names, list):
                topics.update(str(n) for n in names)
        topics.update(r[0] for r in db.execute("SELECT DISTINCT topic FROM consensus WHERE topic IS NOT NULL").fetchall())
        metrics = {r[0] for r in db.execute("SELECT DISTINCT metric FROM claims WHERE metric IS NOT NULL").fetchall()}
        metrics.update(r[0] for r in db.execute("SELECT DISTINCT metric FROM consensus WHERE metric IS NOT NULL").fetchall())
        props = {
            r[0] for r in db.execute("SELECT DISTINCT proposition FROM statements WHERE proposition IS NOT NULL").fetchall()
        }
        return {"topics": sorted(topics), "metrics": sorted(metrics), "propositions": sorted(props)}

    def unknown_name(self, what: str, name: str) -> str | None:
        """Why ``name`` is not a known ``topic``, ``metric`` or ``metric or proposition``; ``None`` when it is known."""
        known = self.known_names()
        if what == "topic":
            names, label = known["topics"], "topics"
        elif what == "metric":
            names, label = known["metrics"], "metrics"
        else:
            names, label = sorted({*known["metrics"], *known["propositions"]}), "metrics and propositions"
        if name in names:
            return None
        close = difflib.get_close_matches(name, names, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        listed = f"known {label}: {', '.join(names)}" if names else f"no {label} are stored yet"
        return f"unknown {what} {name!r} in {self.path}; {hint}{listed}"


def _snapshot(row: dict[str, Any]) -> Snapshot:
    lo, hi = row["values_low"], row["values_high"]
    return Snapshot(
        topic=row["topic"],
        metric=row["metric"],
        time=row["time"],
        claim_id=row["claim_id"],
        low=row["low"],
        high=row["high"],
        center=row["center"],
        values=(lo, hi) if lo is not None else None,
        supporters=tuple(json.loads(row["supporters"] or "[]")),
        dissenters=tuple(json.loads(row["dissenters"] or "[]")),
    )


# --- SQLite's errors leave the store as the monitor's own ----------------------------------


def _converting(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except sqlite3.OperationalError as exc:
            raise StoreWriteError(str(exc)) from exc
        except sqlite3.Error as exc:
            raise StoreError(str(exc)) from exc

    return call


for _name, _method in list(vars(Store).items()):
    if not _name.startswith("_") and callable(_method) and _name != "transaction":
        setattr(Store, _name, _converting(_method))
