"""The SQLite store: articles, claims, votes, consensus snapshots, alerts.

Only this module knows table names. One process writes (the pipeline worker);
readers (``monitor alerts``, ``consensus``, ``status``) open their own
connections, which WAL mode lets run beside the writer.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

from .errors import StoreError
from .records import now_utc
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
]
SCHEMA_VERSION = 1 + len(_MIGRATIONS)
WAL_CHECKPOINT_PAGES = 4000
SHINGLE_WINDOW = 20_000  # wire copies arrive within days: only the latest topic articles are compared


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
        conn.execute("BEGIN IMMEDIATE")
        version = conn.execute("PRAGMA data_version").fetchone()[0]
        if version != self._data_version:
            # Another connection committed since our last transaction: what callers cached may be stale.
            self._data_version = version
            self.generation += 1
        try:
            yield
            conn.execute("COMMIT")
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

    def add_article(self, row: dict[str, Any]) -> int:
        """Insert an article row; returns its id. An earlier rejection of its ``uri`` is cleared (it was fixed)."""
        self.resolve_rejected(row["uri"])
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
        """The (metric, low, high) of an article's linked claims."""
        rows = self.db.execute(
            "SELECT metric, low, high FROM claims WHERE article_id = ? AND metric IS NOT NULL", [article_id]
        ).fetchall()
        return {(m, lo, hi) for m, lo, hi in rows}

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

    def add_claim(self, row: dict[str, Any]) -> int:
        """Insert a claim row; returns its id."""
        return self._insert("claims", row)

    def add_statement(self, row: dict[str, Any]) -> int:
        """Insert a statement row; returns its id."""
        return self._insert("statements", row)

    def votes(self, metric: str) -> list[dict[str, Any]]:
        """The latest vote of each lineage on ``metric``."""
        return list(self.db.query("SELECT * FROM votes WHERE metric = ? ORDER BY seq", [metric]))

    def put_vote(self, metric: str, lineage: str, claim_id: int, low: float, high: float, value: float) -> None:
        """Make ``claim_id`` the latest vote of ``lineage`` on ``metric``."""
        self.db.execute(
            "INSERT OR REPLACE INTO votes(metric, lineage, claim_id, low, high, value, seq) VALUES (?,?,?,?,?,?,?)",
            [metric, lineage, claim_id, low, high, value, claim_id],
        )

    def stances(self, proposition: str) -> list[dict[str, Any]]:
        """The latest stance of each lineage on ``proposition``."""
        return list(self.db.query("SELECT * FROM stances WHERE proposition = ? ORDER BY seq", [proposition]))

    def put_stance(self, proposition: str, lineage: str, statement_id: int, stance: str) -> None:
        """Make ``statement_id`` the latest stance of ``lineage``."""
        self.db.execute(
            "INSERT OR REPLACE INTO stances(proposition, lineage, statement_id, stance, seq) VALUES (?,?,?,?,?)",
            [proposition, lineage, statement_id, stance, statement_id],
        )

    def claim(self, claim_id: int) -> dict[str, Any] | None:
        """One claim row joined with its article's uri and title."""
        rows = list(
            self.db.query(
                "SELECT c.*, a.uri AS article, a.title AS title, a.published AS published FROM claims c "
                "JOIN articles a ON a.id = c.article_id WHERE c.id = ?",
                [claim_id],
            )
        )
        return rows[0] if rows else None

    def claim_evidence(self, ids: list[int]) -> dict[int, tuple[str | None, str | None, str | None, str]]:
        """``(speaker, text, sentence, article uri)`` of several claims, by id: what an alert quotes."""
        out: dict[int, tuple[str | None, str | None, str | None, str]] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            q = (
                "SELECT c.id, c.speaker, c.text, c.sentence, a.uri FROM claims c JOIN articles a ON a.id = c.article_id "
                f"WHERE c.id IN ({','.join('?' * len(chunk))})"
            )
            out.update((r[0], r[1:]) for r in self.db.conn.execute(q, chunk))
        return out

    def statement(self, statement_id: int) -> dict[str, Any] | None:
        """One statement row joined with its article's uri."""
        rows = list(
            self.db.query(
                "SELECT s.*, a.uri AS article, a.title AS title FROM statements s "
                "JOIN articles a ON a.id = s.article_id WHERE s.id = ?",
                [statement_id],
            )
        )
        return rows[0] if rows else None

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

    def add_snapshot(self, row: dict[str, Any]) -> None:
        """Record the consensus of a metric as it stands after a vote."""
        self._insert("consensus", row)

    def latest_snapshots(self, topic: str | None = None) -> list[dict[str, Any]]:
        """The newest consensus snapshot of every metric."""
        q = "SELECT * FROM consensus WHERE id IN (SELECT max(id) FROM consensus GROUP BY metric)"
        args: list[Any] = []
        if topic:
            q += " AND topic = ?"
            args.append(topic)
        return list(self.db.query(q + " ORDER BY topic, metric", args))

    def snapshots(self, metric: str) -> list[dict[str, Any]]:
        """Every consensus snapshot of a metric, oldest first."""
        return list(self.db.query("SELECT * FROM consensus WHERE metric = ? ORDER BY id", [metric]))

    def dispute_alerted(self, dispute: str) -> bool:
        """True when an alert with this dispute key was already raised."""
        return self.db.execute("SELECT 1 FROM alerts WHERE dispute = ? LIMIT 1", [dispute]).fetchone() is not None

    def add_alert(self, row: dict[str, Any]) -> int:
        """Insert an alert (``body`` is its JSON); returns its id."""
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
