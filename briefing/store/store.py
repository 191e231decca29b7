"""Store: articles, their briefs and feeds in one SQLite file, through sqlite-utils.

WAL lets the TUI read while a refresh writes; a busy timeout makes a writer wait for
another instead of failing. Every multi-row change runs in one transaction, so a crash
leaves either the old story or the new one, never half of it.
"""

from __future__ import annotations

import itertools
import json
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing.clock import Clock, system_clock
from briefing.errors import BriefingError
from briefing.models import Brief, Document, IngestResult, StoredArticle
from briefing.store.failures import FailureStoreMixin
from briefing.store.feeds import FeedStoreMixin
from briefing.store.llm import LlmStoreMixin
from briefing.store.stories import StoryStoreMixin

if TYPE_CHECKING:
    from sqlite_utils import Database

BUSY_TIMEOUT_MS = 30_000
_SAVEPOINTS = itertools.count()
MIGRATIONS = ("m001_initial", "m002_article_aliases", "m003_stories", "m004_feed_body_hash",
              "m005_llm_answers", "m006_cluster_totals", "m007_articles_to_cluster",
              "m008_seed_failures", "m009_item_failures", "m010_article_page_error")
"""The names of `schema`'s migrations, in order (a test keeps the two lists equal): a
database that records another name comes from a newer briefing."""
SCHEMA_VERSION = len(MIGRATIONS)
"""A database at this `user_version` needs no migration, so opening it imports neither
sqlite-migrate nor sqlite-utils (the reader starts faster)."""


class StoreError(BriefingError):
    """The database cannot be opened or used; the message says why."""

    def __init__(self, message: str = "", *, read_only: bool = False) -> None:
        super().__init__(message)
        self.read_only = read_only
        """It failed because the file or its folder cannot be written (it may still be
        read: see `Store.open_for_reading`)."""


_SQLITE_READONLY = 8
_SQLITE_CANTOPEN = 14


def _unwritten_log(path: Path) -> bool:
    """A write-ahead log beside the database that may hold commits: `immutable=1` would
    read the file without them, showing old data as current."""
    try:
        return path.with_name(path.name + "-wal").stat().st_size > 0
    except OSError:
        return False


def cannot_write(err: sqlite3.Error | OSError, path: Path) -> bool:
    """The error says the database, its folder or its journal cannot be written."""
    import errno

    if isinstance(err, OSError):
        return err.errno in (errno.EROFS, errno.EACCES, errno.EPERM)
    code = getattr(err, "sqlite_errorcode", 0) & 0xFF
    return code == _SQLITE_READONLY or (code == _SQLITE_CANTOPEN and not _writable(path))


def _writable(path: Path) -> bool:
    import os

    folder = path.parent
    return os.access(folder, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def read_only_reason(path: Path) -> str:
    """Which of the file and its folder cannot be written, in the user's words."""
    import os

    if path.parent.exists() and not os.access(path.parent, os.W_OK):
        return f"its folder {path.parent} is read-only (a read-only mount or not yours)"
    if path.exists() and not os.access(path, os.W_OK):
        return "the file is read-only (a read-only mount or not yours)"
    return "the file or its folder is read-only (a read-only mount or not yours)"


def _cannot_open(path: Path, err: sqlite3.Error) -> str:
    """Why the database cannot be opened and, for a damaged file, what to do."""
    text = str(err)
    if "malformed" in text or "not a database" in text:
        import shlex

        aside = shlex.quote(f"{path}.damaged")
        return (f"{path}: the database is damaged or not a briefing database ({text}); it "
                f"was left as it is: move it aside (mv {shlex.quote(str(path))} {aside}) and "
                "run `briefing refresh` to start afresh, or restore a copy")
    return f"{path}: cannot open the database: {text}"


@dataclass(frozen=True)
class ArticleRow:
    """One line of the story list: what a list needs, without the full text."""

    id: str
    title: str
    source: str | None
    published: datetime | None
    first_seen: datetime
    method: str | None
    read: bool
    starred: bool
    text_origin: str

    @property
    def when(self) -> datetime:
        return self.published or self.first_seen


def article_id(key: str) -> str:
    """The stable id of an article: a short hash of its identity key."""
    import hashlib  # here: the reader never hashes, and its startup need not import it

    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def content_hash(doc: Document) -> str:
    """What decides whether a stored article changed: its source bytes' digest when it
    has one, else its title and text."""
    if doc.digest:
        return doc.digest
    import hashlib

    return hashlib.sha256(f"{doc.title}\n{doc.text}".encode()).hexdigest()


def fts_phrase(query: str) -> str:
    """A user's words as a safe FTS5 query: each word quoted, the last one as a prefix.

    Quoting makes FTS syntax (AND, NEAR, *, stray quotes) plain words; the prefix on the
    last word gives results while the user is still typing it.
    """
    words = [w.replace('"', "") for w in query.split()]
    words = [w for w in words if w]
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat(timespec="seconds") if value else None


def _parse_iso(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


_ARTICLE_COLUMNS = ("id", "key", "url", "guid", "path", "title", "text", "author", "source", "site",
                    "language", "published", "updated", "content_hash", "text_origin",
                    "page_error")
"""The columns `ingest_many` writes (and `first_seen` for a new article)."""

_LIST_COLUMNS = """
    a.id, a.title, a.source, a.published, a.first_seen, a.read, a.starred, a.text_origin,
    b.method
"""


class NewerDatabase(sqlite3.DatabaseError):
    """The database was written by a newer briefing: migrating it would lose its schema."""


def _refuse_newer(conn: sqlite3.Connection) -> None:
    """Raise NewerDatabase for a schema this version does not know: a higher user_version
    or a migration it never had. Opening such a file would reset its version."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise NewerDatabase(f"its schema version {version} is newer than this briefing's "
                            f"({SCHEMA_VERSION}); upgrade briefing to open it")
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = '_sqlite_migrations'"
                        ).fetchone():
        return
    recorded = {name for (name,) in conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = 'briefing'")}
    unknown = sorted(recorded - set(MIGRATIONS))
    if unknown:
        raise NewerDatabase(f"it records migration {unknown[0][:80]!r}, which this briefing "
                            "does not have; upgrade briefing to open it")


class Store(FeedStoreMixin, StoryStoreMixin, LlmStoreMixin, FailureStoreMixin):
    """One connection to the database. Use one Store per thread."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None,
                 clock: Clock = system_clock) -> None:
        self.conn = conn
        self.path = path
        self.clock = clock
        """The app's clock: it stamps rows, and the refresh and the reader read it too."""
        self.read_only = False
        """Opened read-only by `open_for_reading`: writes fail."""
        self._db: Database | None = None

    @property
    def db(self) -> Database:
        """The connection as a sqlite-utils Database, for writes through its table API.

        Made on first use: reads go straight to `conn`, so the reader never imports it.
        """
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn)  # also sets recursive_triggers, as open does
        return self._db

    @classmethod
    def open(cls, path: Path, *, clock: Clock = system_clock) -> Store:
        """Open (creating if needed) and migrate the database at `path`; `clock` is the
        app's one clock (see `briefing.clock`)."""
        conn = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            # As sqlite-utils does: REPLACE fires delete triggers, keeping the FTS in sync.
            conn.execute("PRAGMA recursive_triggers = ON")
            _refuse_newer(conn)  # before anything is written to it
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = wal")
            store = cls(conn, path, clock)
            if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                from briefing.store import schema

                schema.apply(store.db)
        except sqlite3.DatabaseError as err:
            if conn is not None:
                conn.close()
            if cannot_write(err, path):
                raise StoreError(f"{path}: cannot write to the database: "
                                 f"{read_only_reason(path)}", read_only=True) from None
            raise StoreError(_cannot_open(path, err)) from None
        except OSError as err:
            raise StoreError(f"{path}: cannot create the database: {err.strerror}",
                             read_only=cannot_write(err, path)) from None
        return store

    @classmethod
    def open_for_reading(cls, path: Path, *, clock: Clock = system_clock) -> Store:
        """The store for work that only reads: opened as `open` does when the database
        can be written, else read-only (a read-only mount, a file that is not ours).
        Read-only, SQLite is asked for `mode=ro`; when even the write-ahead log's index
        cannot be made beside the file, for `immutable=1`, which reads the file as it is."""
        try:
            return cls.open(path, clock=clock)
        except StoreError as err:
            if not err.read_only or not path.is_file():
                raise
        failure: sqlite3.Error | None = None
        for options in ("mode=ro", "immutable=1"):
            if options == "immutable=1" and _unwritten_log(path):
                raise StoreError(
                    f"{path}: the database has changes not yet written into the file (in "
                    f"{path.name}-wal) and {read_only_reason(path)}; open it once where it "
                    "can be written") from None
            try:
                conn = sqlite3.connect(f"{path.as_uri()}?{options}", uri=True,
                                       timeout=BUSY_TIMEOUT_MS / 1000)
            except sqlite3.Error as err:
                failure = err
                continue
            try:
                conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                _refuse_newer(conn)  # the first read: it opens the write-ahead log too
                version = conn.execute("PRAGMA user_version").fetchone()[0]
            except sqlite3.Error as err:
                conn.close()
                if isinstance(err, NewerDatabase) or not cannot_write(err, path):
                    raise StoreError(_cannot_open(path, err)) from None
                failure = err
                continue
            if version != SCHEMA_VERSION:
                conn.close()
                raise StoreError(f"{path}: the database is from an older briefing and must "
                                 f"be upgraded, which needs writing, but "
                                 f"{read_only_reason(path)}; open it once where it can "
                                 "be written")
            store = cls(conn, path, clock)
            store.read_only = True
            return store
        raise StoreError(f"{path}: cannot open the database read-only: {failure}")

    def close(self) -> None:
        self.conn.close()

    def held_elsewhere(self) -> bool:
        """True when another connection holds the write lock right now (a sqlite3 shell
        or another program mid-transaction): a write here would wait for it."""
        wait = self.conn.execute("PRAGMA busy_timeout").fetchone()[0]
        self.conn.execute("PRAGMA busy_timeout = 0")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError as err:
            if "locked" in str(err) or "busy" in str(err):
                return True
            raise
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {int(wait)}")

    def wait_for_writers(self, seconds: float) -> None:
        """How long a write on this connection waits for another writer before it fails
        with "database is locked" (`open` sets the store's usual, longer wait)."""
        self.conn.execute(f"PRAGMA busy_timeout = {max(0, int(seconds * 1000))}")

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        """Run one statement; a write outside `transaction()` is committed at once."""
        was_in_transaction = self.conn.in_transaction
        try:
            cursor = self.conn.execute(sql, params)
        except Exception:
            if not was_in_transaction and self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        if not was_in_transaction and self.conn.in_transaction:
            self.conn.execute("COMMIT")  # Python's sqlite3 opened one implicitly
        return cursor

    def _query(self, sql: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        """Rows as dicts of column name to value."""
        cursor = self.conn.execute(sql, params)
        keys = [d[0] for d in cursor.description]
        for row in cursor:
            yield dict(zip(keys, row, strict=True))

    def _query_in(self, sql: str, values: Sequence[Any]) -> Iterator[dict[str, Any]]:
        """`_query` for a statement whose one `{}` is the list of an IN (...), over all
        `values`, 500 at a time (SQLite limits the parameters of a statement)."""
        for start in range(0, len(values), 500):
            chunk = values[start:start + 500]
            yield from self._query(sql.format(", ".join("?" * len(chunk))), chunk)

    def data_version(self) -> int:
        """A number that changes when another connection (a cron refresh) commits."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction, taking the write lock up front (BEGIN IMMEDIATE).

        A deferred transaction that reads and then writes fails at once with "database is
        locked" when another connection wrote in between (busy_timeout cannot help then);
        an immediate one waits its turn instead. Nested calls become savepoints.
        """
        if self.conn.in_transaction:
            with self._savepoint():
                yield
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    @contextmanager
    def _savepoint(self) -> Iterator[None]:
        name = f"nested_{next(_SAVEPOINTS)}"
        self.conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            # An error can end the whole transaction, savepoints included.
            if self.conn.in_transaction:
                self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                self.conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        else:
            self.conn.execute(f"RELEASE SAVEPOINT {name}")

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing -------------------------------------------------------------------

    def stored_hash(self, key: str) -> str | None:
        """The content hash stored for an identity key, to skip unchanged documents."""
        row = self._execute(
            "SELECT content_hash FROM articles WHERE key = ?", [key]
        ).fetchone()
        return row[0] if row else None

    def ingest(
        self, doc: Document, brief: Brief, *, source: str | None = None,
        feed_id: int | None = None, now: datetime | None = None,
    ) -> IngestResult:
        """Store a document and its brief in one transaction: new, updated or unchanged;
        linked to `feed_id`'s feed when given."""
        with self.transaction():
            result = self.ingest_many([(doc, brief, source)], now=now)[0]
            self._link(feed_id, result.article_id)  # after the row: the link is a foreign key
        return result

    def ingest_many(
        self, items: Sequence[tuple[Document, Brief, str | None]], *,
        now: datetime | None = None,
    ) -> list[IngestResult]:
        """Store each (document, brief, source) in order, without feed links, in one
        transaction and a handful of statements: new, updated or unchanged, as its content
        hash says. The one write path for articles (`ingest` is this for one document)."""
        now = now or self.clock()
        stamp = _iso(now)
        results: list[IngestResult] = []
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        briefs: list[tuple[Any, ...]] = []
        with self.transaction():
            stored = self._stored_states([article_id(doc.key) for doc, _, _ in items])
            origins: list[tuple[Any, ...]] = []
            for doc, brief, source in items:
                ident = article_id(doc.key)
                digest = content_hash(doc)
                before, *origin = stored.get(ident) or (None, None, None)
                if before == digest:
                    if tuple(origin) != (doc.text_origin, doc.page_error):
                        origins.append((doc.text_origin, doc.page_error, ident))
                    results.append(IngestResult(ident, "unchanged"))
                    continue
                # The same article again in this batch: an update.
                stored[ident] = (digest, doc.text_origin, doc.page_error)
                values = (doc.key, doc.url, doc.guid, doc.path, doc.title, doc.text, doc.author,
                          source or doc.site, doc.site, doc.language, _iso(doc.published),
                          stamp, digest, doc.text_origin, doc.page_error)
                if before is None:
                    inserts.append((ident, *values, stamp))
                else:
                    updates.append((*values, ident))
                briefs.append((ident, brief.method, brief.version,
                               json.dumps(brief.to_dict(), ensure_ascii=False), stamp))
                results.append(IngestResult(ident, "new" if before is None else "updated"))
            # Inserts before updates: an article updated later in the batch exists by then.
            self.conn.executemany(
                f"INSERT INTO articles ({', '.join(_ARTICLE_COLUMNS)}, first_seen) "
                f"VALUES ({', '.join('?' * (len(_ARTICLE_COLUMNS) + 1))})", inserts)
            self.conn.executemany(
                f"UPDATE articles SET {', '.join(c + ' = ?' for c in _ARTICLE_COLUMNS[1:])} "
                "WHERE id = ?", updates)
            self.conn.executemany(
                """INSERT INTO briefs (article_id, method, version, brief, created)
                   VALUES (?, ?, ?, ?, ?) ON CONFLICT (article_id) DO UPDATE SET
                   method = excluded.method, version = excluded.version,
                   brief = excluded.brief, created = excluded.created""", briefs)
            self._note_origin(origins)
            # An updated article's story no longer holds its brief: it is merged again.
            self.conn.executemany(
                """UPDATE stories SET merged = NULL WHERE id IN
                     (SELECT story_id FROM story_articles WHERE article_id = ?)""",
                [(u[-1],) for u in updates])
        return results

    def _stored_states(self, idents: list[str]) -> dict[str, tuple[Any, ...]]:
        """Each stored article's content hash, text origin and page error."""
        return {r["id"]: (r["content_hash"], r["text_origin"], r["page_error"])
                for r in self._query_in("SELECT id, content_hash, text_origin, page_error "
                                        "FROM articles WHERE id IN ({})", idents)}

    def _note_origin(self, rows: list[tuple[Any, ...]]) -> None:
        """Where unchanged articles' text now comes from, and why a page failed: an item
        whose feed summary stands in again may have failed for another reason."""
        self.conn.executemany(
            "UPDATE articles SET text_origin = ?, page_error = ? WHERE id = ?", rows)

    def _link(self, feed_id: int | None, ident: str) -> None:
        if feed_id is not None:
            self._execute(
                "INSERT OR IGNORE INTO feed_articles (feed_id, article_id) VALUES (?, ?)",
                [feed_id, ident],
            )

    def _write_brief(self, ident: str, brief: Brief, now: datetime) -> None:
        self.db["briefs"].upsert(
            {
                "article_id": ident,
                "method": brief.method,
                "version": brief.version,
                "brief": json.dumps(brief.to_dict(), ensure_ascii=False),
                "created": _iso(now),
            },
            pk="article_id",
        )
        # Its story's merged brief no longer holds this one: merge it again.
        self._execute("""UPDATE stories SET merged = NULL WHERE id IN
                           (SELECT story_id FROM story_articles WHERE article_id = ?)""",
                      [ident])

    def set_article_source(self, ident: str, source: str) -> None:
        """Credit an article to another source (its story's merge shows it again)."""
        with self.transaction():
            self._execute("UPDATE articles SET source = ? WHERE id = ?", [source, ident])
            self._execute("""UPDATE stories SET merged = NULL WHERE id IN
                               (SELECT story_id FROM story_articles WHERE article_id = ?)""",
                          [ident])

    def replace_brief(self, ident: str, brief: Brief) -> None:
        with self.transaction():
            self._write_brief(ident, brief, self.clock())

    # --- reading -------------------------------------------------------------------

    @staticmethod
    def _filter(unread_only: bool, source: str | None) -> tuple[str, list[Any]]:
        """WHERE clause for the list filters: unread only, and a source name or "#tag"."""
        clauses: list[str] = []
        args: list[Any] = []
        if unread_only:
            clauses.append("a.read = 0")
        if source and source.startswith("#"):
            clauses.append(
                """a.id IN (SELECT fa.article_id FROM feed_articles fa
                   JOIN feeds f ON f.id = fa.feed_id, json_each(f.tags) t WHERE t.value = ?)"""
            )
            args.append(source[1:])
        elif source:
            clauses.append("a.source = ?")
            args.append(source)
        return ("WHERE " + " AND ".join(clauses)) if clauses else "", args

    def count(self, *, unread_only: bool = False, source: str | None = None) -> int:
        where, args = self._filter(unread_only, source)
        return self._execute(f"SELECT count(*) FROM articles a {where}", args).fetchone()[0]

    def list_articles(
        self, *, limit: int = 50, offset: int = 0, unread_only: bool = False,
        source: str | None = None,
    ) -> list[ArticleRow]:
        """Stories newest first (by published time, else when first seen)."""
        where, args = self._filter(unread_only, source)
        sql = f"""
            SELECT {_LIST_COLUMNS} FROM articles a LEFT JOIN briefs b ON b.article_id = a.id
            {where} ORDER BY coalesce(a.published, a.first_seen) DESC, a.id
            LIMIT ? OFFSET ?
        """
        return [self._row(r) for r in self._query(sql, [*args, limit, offset])]

    def sources(self) -> list[tuple[str, int]]:
        """Source names with their story counts, then feed tags as "#tag", for filtering."""
        names = self._execute(
            """SELECT source, count(*) FROM articles WHERE source IS NOT NULL
               GROUP BY source ORDER BY count(*) DESC, source"""
        ).fetchall()
        tags = self._execute(
            """SELECT '#' || t.value, count(DISTINCT fa.article_id)
               FROM feeds f, json_each(f.tags) t JOIN feed_articles fa ON fa.feed_id = f.id
               GROUP BY t.value ORDER BY t.value"""
        ).fetchall()
        return [(n, c) for n, c in names] + [(t, c) for t, c in tags]

    def search(self, query: str, *, limit: int = 50) -> list[ArticleRow]:
        """Full-text search over titles and text, best match first and, among equals, the
        newest first; any user input is safe (quoted)."""
        fts_query = fts_phrase(query)
        if not fts_query:
            return []
        sql = f"""
            SELECT {_LIST_COLUMNS} FROM articles_fts f
            JOIN articles a ON a.rowid = f.rowid
            LEFT JOIN briefs b ON b.article_id = a.id
            WHERE articles_fts MATCH ?
            ORDER BY f.rank, coalesce(a.published, a.first_seen) DESC, a.id LIMIT ?
        """
        return [self._row(r) for r in self._query(sql, [fts_query, limit])]

    def get(self, ident: str) -> StoredArticle | None:
        """One article with its brief; an unambiguous id prefix is accepted."""
        sql = """SELECT a.*, b.brief FROM articles a LEFT JOIN briefs b ON b.article_id = a.id
                 WHERE {} LIMIT 2"""
        rows = list(self._query(sql.format("a.id = ?"), [ident]))
        prefix = ident.lower()
        if not rows and re.fullmatch(r"[0-9a-f]{4,15}", prefix):
            # A range, not LIKE or substr, so the primary-key index answers it.
            rows = list(self._query(sql.format("a.id >= ? AND a.id < ?"),
                                      [prefix, prefix + "g"]))
        exact = [r for r in rows if r["id"] == ident]
        if exact:
            rows = exact
        if len(rows) != 1:
            return None
        r = rows[0]
        return StoredArticle(
            id=r["id"],
            key=r["key"],
            title=r["title"],
            text=r["text"],
            url=r["url"],
            source=r["source"],
            published=_parse_iso(r["published"]),
            first_seen=_parse_iso(r["first_seen"]) or self.clock(),
            text_origin=r["text_origin"] or "file",
            brief=Brief.from_dict(json.loads(r["brief"])) if r["brief"] else None,
            read=bool(r["read"]),
            starred=bool(r["starred"]),
            author=r["author"],
            updated=_parse_iso(r["updated"]),
            page_error=r["page_error"],
        )

    def iter_texts(self) -> Iterator[tuple[str, str, str | None, int | None]]:
        """(id, text, method, version) of every article, for re-briefing."""
        yield from self._execute(
            """SELECT a.id, a.text, b.method, b.version FROM articles a
               LEFT JOIN briefs b ON b.article_id = a.id"""
        ).fetchall()

    def _row(self, r: dict[str, Any]) -> ArticleRow:
        return ArticleRow(
            id=r["id"],
            title=r["title"],
            source=r["source"],
            published=_parse_iso(r["published"]),
            first_seen=_parse_iso(r["first_seen"]) or self.clock(),
            method=r["method"],
            read=bool(r["read"]),
            starred=bool(r["starred"]),
            text_origin=r["text_origin"] or "file",
        )
