"""Articles: their rows, their briefs, full-text search, and deleting them with everything
that refers to them. Articles are written in bulk, each with the hash of its content, so
an unchanged document costs a lookup, not a write.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from briefing.models import SEED_KEY_PREFIX, Brief, Document, IngestResult, StoredArticle
from briefing.store.clusters import Clusters
from briefing.store.connection import Connection
from briefing.store.fts import fts_phrase
from briefing.store.tags import feeds_tagged, stored_spellings
from briefing.tags import tag_key


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


class Articles:
    """The `articles` table with each article's brief (`briefs`) and its full-text index
    (`store.articles`)."""

    def __init__(self, conn: Connection, clusters: Clusters) -> None:
        self._conn = conn
        self._clusters = clusters
        """Told which articles leave before they are deleted (`delete`)."""

    # --- writing -------------------------------------------------------------------

    def stored_hash(self, key: str) -> str | None:
        """The content hash stored for an identity key, to skip unchanged documents."""
        row = self._conn.execute(
            "SELECT content_hash FROM articles WHERE key = ?", [key]
        ).fetchone()
        return row[0] if row else None

    def ingest(
        self, doc: Document, brief: Brief, *, source: str | None = None,
        feed_id: int | None = None, now: datetime | None = None,
    ) -> IngestResult:
        """Store a document and its brief in one transaction: new, updated or unchanged;
        linked to `feed_id`'s feed when given."""
        with self._conn.transaction():
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
        now = now or self._conn.clock()
        stamp = _iso(now)
        results: list[IngestResult] = []
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        briefs: list[tuple[Any, ...]] = []
        with self._conn.transaction():
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
            self._conn.executemany(
                f"INSERT INTO articles ({', '.join(_ARTICLE_COLUMNS)}, first_seen) "
                f"VALUES ({', '.join('?' * (len(_ARTICLE_COLUMNS) + 1))})", inserts)
            self._conn.executemany(
                f"UPDATE articles SET {', '.join(c + ' = ?' for c in _ARTICLE_COLUMNS[1:])} "
                "WHERE id = ?", updates)
            self._conn.executemany(
                """INSERT INTO briefs (article_id, method, version, brief, created)
                   VALUES (?, ?, ?, ?, ?) ON CONFLICT (article_id) DO UPDATE SET
                   method = excluded.method, version = excluded.version,
                   brief = excluded.brief, created = excluded.created""", briefs)
            self._note_origin(origins)
            # An updated article's story no longer holds its brief: it is merged again.
            self._conn.executemany(
                """UPDATE stories SET merged = NULL WHERE id IN
                     (SELECT story_id FROM story_articles WHERE article_id = ?)""",
                [(u[-1],) for u in updates])
        return results

    def _stored_states(self, idents: list[str]) -> dict[str, tuple[Any, ...]]:
        """Each stored article's content hash, text origin and page error."""
        rows = self._conn.query_in("SELECT id, content_hash, text_origin, page_error "
                                   "FROM articles WHERE id IN ({})", idents)
        return {r["id"]: (r["content_hash"], r["text_origin"], r["page_error"]) for r in rows}

    def _note_origin(self, rows: list[tuple[Any, ...]]) -> None:
        """Where unchanged articles' text now comes from, and why a page failed: an item
        whose feed summary stands in again may have failed for another reason."""
        self._conn.executemany(
            "UPDATE articles SET text_origin = ?, page_error = ? WHERE id = ?", rows)

    def _link(self, feed_id: int | None, ident: str) -> None:
        """Link an article to the feed that carried it (a row of `feed_articles`)."""
        if feed_id is not None:
            self._conn.execute(
                "INSERT OR IGNORE INTO feed_articles (feed_id, article_id) VALUES (?, ?)",
                [feed_id, ident],
            )

    def _write_brief(self, ident: str, brief: Brief, now: datetime) -> None:
        self._conn.db["briefs"].upsert(
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
        self._conn.execute("""UPDATE stories SET merged = NULL WHERE id IN
                                (SELECT story_id FROM story_articles WHERE article_id = ?)""",
                           [ident])

    def set_source(self, ident: str, source: str) -> None:
        """Credit an article to another source (its story's merge shows it again)."""
        with self._conn.transaction():
            self._conn.execute("UPDATE articles SET source = ? WHERE id = ?", [source, ident])
            self._conn.execute("""UPDATE stories SET merged = NULL WHERE id IN
                                    (SELECT story_id FROM story_articles WHERE article_id = ?)""",
                               [ident])

    def replace_brief(self, ident: str, brief: Brief) -> None:
        with self._conn.transaction():
            self._write_brief(ident, brief, self._conn.clock())

    # --- reading -------------------------------------------------------------------

    @staticmethod
    def _filter(unread_only: bool, source: str | None) -> tuple[str, list[Any]]:
        """WHERE clause for the list filters: unread only, and a source name or "#tag"."""
        clauses: list[str] = []
        args: list[Any] = []
        if unread_only:
            clauses.append("a.read = 0")
        if source and source.startswith("#"):
            clauses.append(f"""a.id IN (SELECT fa.article_id FROM feed_articles fa
                               WHERE fa.feed_id IN ({feeds_tagged()}))""")
            args.append(tag_key(source[1:]))
        elif source:
            clauses.append("a.source = ?")
            args.append(source)
        return ("WHERE " + " AND ".join(clauses)) if clauses else "", args

    def count(self, *, unread_only: bool = False, source: str | None = None) -> int:
        where, args = self._filter(unread_only, source)
        return self._conn.execute(f"SELECT count(*) FROM articles a {where}",
                                  args).fetchone()[0]

    def page(
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
        return [self._row(r) for r in self._conn.query(sql, [*args, limit, offset])]

    def sources(self) -> list[tuple[str, int]]:
        """Source names with their story counts, then feed tags as "#tag", for filtering
        (tags that differ by case only are one, in its one spelling, in alphabetical order)."""
        names = self._conn.execute(
            """SELECT source, count(*) FROM articles WHERE source IS NOT NULL
               GROUP BY source ORDER BY count(*) DESC, source"""
        ).fetchall()
        # Each feed's tags once, folded, before the join: `tag_key` runs per feed and tag,
        # not per article.
        counts = self._conn.execute(
            """WITH feed_tags AS (SELECT DISTINCT f.id AS feed_id, tag_key(t.value) AS tag
                                  FROM feeds f, json_each(f.tags) t)
               SELECT ft.tag, count(DISTINCT fa.article_id) FROM feed_tags ft
               JOIN feed_articles fa ON fa.feed_id = ft.feed_id GROUP BY ft.tag"""
        ).fetchall()
        spellings = stored_spellings(self._conn.conn)
        tags = sorted((key, "#" + spellings.get(key, key), n) for key, n in counts)
        return [(n, c) for n, c in names] + [(tag, n) for _, tag, n in tags]

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
        return [self._row(r) for r in self._conn.query(sql, [fts_query, limit])]

    def get(self, ident: str) -> StoredArticle | None:
        """One article with its brief; an unambiguous id prefix is accepted."""
        sql = """SELECT a.*, b.brief FROM articles a LEFT JOIN briefs b ON b.article_id = a.id
                 WHERE {} LIMIT 2"""
        rows = list(self._conn.query(sql.format("a.id = ?"), [ident]))
        prefix = ident.lower()
        if not rows and re.fullmatch(r"[0-9a-f]{4,15}", prefix):
            # A range, not LIKE or substr, so the primary-key index answers it.
            rows = list(self._conn.query(sql.format("a.id >= ? AND a.id < ?"),
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
            first_seen=_parse_iso(r["first_seen"]) or self._conn.clock(),
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
        yield from self._conn.execute(
            """SELECT a.id, a.text, b.method, b.version FROM articles a
               LEFT JOIN briefs b ON b.article_id = a.id"""
        ).fetchall()

    def texts(self, ids: list[str]) -> dict[str, tuple[str, str]]:
        """{article id: (title, text)}, for deriving clustering features again."""
        return {r["id"]: (r["title"], r["text"]) for r in self._conn.query_in(
            "SELECT id, title, text FROM articles WHERE id IN ({})", ids)}

    def _row(self, r: dict[str, Any]) -> ArticleRow:
        return ArticleRow(
            id=r["id"],
            title=r["title"],
            source=r["source"],
            published=_parse_iso(r["published"]),
            first_seen=_parse_iso(r["first_seen"]) or self._conn.clock(),
            method=r["method"],
            read=bool(r["read"]),
            starred=bool(r["starred"]),
            text_origin=r["text_origin"] or "file",
        )

    # --- deleting -------------------------------------------------------------------

    def prune(self, keep_days: int, *, now: datetime | None = None,
              seeds: Collection[str] | None = ()) -> int:
        """Delete articles older than `keep_days`, with what refers to them (see `delete`);
        returns how many. Starred ones stay, and the seed files' articles whose ids are in
        `seeds` (the files in the folder, which would otherwise come back as new at the
        next refresh); every seed file's article when `seeds` is None (the folder could
        not be seen: a disk not mounted)."""
        if keep_days <= 0:
            return 0
        cutoff = ((now or self._conn.clock()) - timedelta(days=keep_days)).isoformat(
            timespec="seconds")
        doomed = """SELECT id FROM articles WHERE starred = 0
                    AND coalesce(published, first_seen) < ? AND first_seen < ?
                    AND id NOT IN (SELECT value FROM json_each(?))"""
        if seeds is None:
            doomed += f" AND key NOT LIKE '{SEED_KEY_PREFIX}%'"
        return self.delete(doomed, [cutoff, cutoff, json.dumps(sorted(seeds or ()))])

    def delete(self, doomed: str, params: list[Any]) -> int:
        """Delete the articles selected by `doomed` (an SQL query of ids). Rows in any
        table that references an article go first, so foreign keys hold and the FTS index
        follows through its triggers; their stories are marked for a merge and the
        clusterer's totals forget them."""
        with self._conn.transaction():
            # The ids, taken once: `doomed` may read a table emptied on the way, and each
            # statement below then finds them by the key (the connection's own table).
            self._conn.execute("CREATE TEMP TABLE IF NOT EXISTS doomed_articles "
                               "(id TEXT PRIMARY KEY) WITHOUT ROWID")
            self._conn.execute("DELETE FROM temp.doomed_articles")
            self._conn.execute(f"INSERT OR IGNORE INTO temp.doomed_articles {doomed}", params)
            ids = "SELECT id FROM temp.doomed_articles"
            self._conn.execute(f"""UPDATE stories SET merged = NULL WHERE id IN
                                     (SELECT story_id FROM story_articles WHERE article_id IN
                                      ({ids}))""")
            self._clusters.forget(ids, [])
            for table, column in self._references():
                self._conn.execute(f"DELETE FROM [{table}] WHERE [{column}] IN ({ids})")
            deleted = self._conn.execute(f"DELETE FROM articles WHERE id IN ({ids})").rowcount
            self._conn.execute("DELETE FROM temp.doomed_articles")
            return deleted

    def _references(self) -> list[tuple[str, str]]:
        # Plain PRAGMAs, not sqlite-utils' table API: a refresh need not import
        # sqlite-utils (nor numpy and pandas, which it imports when installed).
        tables = [r[0] for r in self._conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return [(table, fk[3]) for table in tables if table != "articles"
                for fk in self._conn.execute(f"PRAGMA foreign_key_list([{table}])")
                if fk[2] == "articles"]
