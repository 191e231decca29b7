"""Story tables: the clusterer's state, each story's merged brief, and the edition queries.

A mixin of `Store` (the only place that writes SQL). A story is a group of articles about
one event; every article belongs to exactly one story, a story of one included.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from briefing.clock import Clock
from briefing.models import Brief

if TYPE_CHECKING:
    from sqlite_utils import Database

    from briefing.cluster import Changes, StoryTotals


@dataclass(frozen=True)
class StoryRow:
    """One line of the story list."""

    id: str
    title: str
    source: str | None
    published: datetime
    article_count: int
    source_count: int
    unread_count: int
    starred: bool
    lead_article_id: str
    text_origin: str = "page"
    sort_key: tuple[str, str] | None = field(default=None, compare=False, repr=False)
    """(published as stored, id): where the row sits in the list's order, for paging."""

    @property
    def read(self) -> bool:
        return self.unread_count == 0

    @property
    def when(self) -> datetime:
        return self.published


@dataclass(frozen=True)
class StoryArticle:
    """What a story's brief is merged from: one member article and its brief."""

    id: str
    title: str
    url: str | None
    source: str | None
    published: datetime | None
    brief: Brief | None
    read: bool
    starred: bool
    text_origin: str
    page_error: str | None = None
    """Why its page could not be read, when its text is the feed's summary for that."""


@dataclass(frozen=True)
class StoryMember:
    """One article of a story, by id and source name."""

    id: str
    source: str | None


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def day_bounds(day: date) -> tuple[str, str]:
    """UTC ISO bounds of a local calendar day (the edition's day is the reader's day)."""
    start = datetime.combine(day, time.min).astimezone()  # local midnight, aware
    end = start + timedelta(days=1)
    return (start.astimezone(UTC).isoformat(timespec="seconds"),
            end.astimezone(UTC).isoformat(timespec="seconds"))


SEARCH_WINDOW = 2000
"""How many of the newest matching articles a search ranks (see `search_stories`)."""
SEARCH_LIMIT = 200
"""How many stories a search lists at most (the best matches)."""


@dataclass(frozen=True)
class StorySearch:
    """A search's stories, best match first, and whether more match than are listed."""

    rows: list[StoryRow]
    more: bool
    """More stories match: past the listed ones, or in older articles than the newest
    `SEARCH_WINDOW` matches that were ranked."""
    total: int = 0
    """How many stories match among the ranked articles: all of them, or a lower bound
    when `at_least` (older matches were not ranked)."""
    at_least: bool = False

_STORY_COLUMNS = """s.id, s.title, s.published, s.article_count, s.source_count,
    s.unread_count, s.starred, s.lead_article_id, a.source, a.text_origin"""


@dataclass(frozen=True)
class MergedStory:
    """A story to write: its members and the brief merged from theirs."""

    id: str
    lead: StoryArticle
    brief: Brief
    members: list[StoryArticle]


def _story_row(story: MergedStory, now: str) -> dict[str, Any]:
    times = [m.published for m in story.members if m.published]
    return {
        "id": story.id,
        "title": story.lead.title,
        "lead_article_id": story.lead.id,
        "published": max(times).astimezone(UTC).isoformat(timespec="seconds") if times
        else now,
        "first_seen": min(times).astimezone(UTC).isoformat(timespec="seconds") if times
        else None,
        "article_count": len(story.members),
        "source_count": len({m.source or m.id for m in story.members}),
        "unread_count": sum(not m.read for m in story.members),
        "starred": int(any(m.starred for m in story.members)),
        "brief": json.dumps(story.brief.to_dict(), ensure_ascii=False),
        "merged": now,
    }


_STALE_NORM = "abs(s.norm_n - ?) > 0.1 * ?"
"""A story's stored norm is computed again when the article count it was computed at
is more than a tenth away from the count now (the IDF has moved)."""


def _stale_norm(norm_n: int, n: int) -> bool:
    """`_STALE_NORM` for a row already read."""
    return abs(norm_n - n) > 0.1 * n


def _iso_naive(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def write_cluster_changes(conn: sqlite3.Connection, changes: Changes) -> None:
    """Add a clusterer's changes to the stored totals (see `Clusterer.changes`)."""
    conn.executemany(
        "INSERT INTO cluster_terms (term, df) VALUES (?, ?) "
        "ON CONFLICT (term) DO UPDATE SET df = df + excluded.df", list(changes.df.items()))
    conn.executemany(
        "INSERT INTO cluster_stories (seq, story_id, first, last, size, norm, norm_n) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (seq) DO UPDATE SET "
        "first = excluded.first, last = excluded.last, size = excluded.size, "
        "norm = excluded.norm, norm_n = excluded.norm_n",
        [(t.seq, t.story_id, _iso_naive(t.first), _iso_naive(t.last), t.size, t.norm,
          changes.n) for t in changes.stories])
    conn.executemany(
        "INSERT INTO cluster_postings (seq, term, weight) VALUES (?, ?, ?) "
        "ON CONFLICT (term, seq) DO UPDATE SET weight = excluded.weight", changes.weights)


def rebuild_cluster_totals(conn: sqlite3.Connection) -> None:
    """The totals made again from every state row, replayed in order: once, when a
    database gets them, or when saved features were derived again."""
    from briefing.cluster import Clusterer, StateRow

    rows = []
    for (state,) in conn.execute("SELECT state FROM story_articles ORDER BY seq"):
        try:
            rows.append(StateRow.from_dict(json.loads(state)))
        except (ValueError, KeyError, TypeError, AttributeError):
            continue  # a row no clusterer wrote: it counts in no total
    for table in ("cluster_terms", "cluster_postings", "cluster_stories"):
        conn.execute(f"DELETE FROM {table}")
    write_cluster_changes(conn, Clusterer.from_rows(rows).changes())


class StoryStoreMixin:
    """Story persistence and queries; mixed into `Store` (needs `_execute`, `_query`, `db`)."""

    _execute: Callable[..., sqlite3.Cursor]
    _query: Callable[..., Iterator[dict[str, Any]]]
    _query_in: Callable[..., Iterator[dict[str, Any]]]
    clock: Clock
    conn: sqlite3.Connection
    db: Database

    # --- clustering state ----------------------------------------------------------

    def cluster_state(self) -> list[dict[str, Any]]:
        """The clusterer's rows in arrival order, to replay it."""
        return [json.loads(r[0]) for r in self._execute(
            "SELECT state FROM story_articles ORDER BY seq").fetchall()]

    def cluster_counts(self, terms: Iterable[str]) -> tuple[int, dict[str, int]]:
        """How many articles are clustered, and the document frequency of each of `terms`
        that some of them use."""
        n = self._execute("SELECT count(*) FROM story_articles").fetchone()[0]
        return n, self.cluster_df(terms)

    def cluster_df(self, terms: Iterable[str]) -> dict[str, int]:
        """The document frequency of each of `terms` that some clustered article uses."""
        return {r["term"]: r["df"] for r in self._query_in(
            "SELECT term, df FROM cluster_terms WHERE term IN ({})", list(terms))}

    def cluster_lookup(self, terms: Iterable[str], limit: int, since: datetime | None,
                       n: int, before: int | None = None) -> list[StoryTotals]:
        """The stories `terms` find, each with its weights for those terms only (partial):
        for each term the `limit` newest stories using it, among those with a dated
        article since `since` (or with none dated) and, if given, a seq below `before`
        (the stories a clusterer started itself are all in its memory). A norm computed
        when the article count `n` was more than a tenth away is computed again first."""
        from briefing.cluster import StoryTotals

        bound = _iso_naive(since)
        stories: dict[int, tuple[Any, ...]] = {}
        weights: dict[int, dict[str, float]] = {}
        for term in terms:
            for seq, *story, weight in self._execute(
                    """SELECT s.seq, s.story_id, s.first, s.last, s.size, s.norm, s.norm_n,
                              p.weight
                       FROM cluster_postings p JOIN cluster_stories s ON s.seq = p.seq
                       WHERE p.term = ? AND (? IS NULL OR s.last IS NULL OR s.last >= ?)
                       AND (? IS NULL OR p.seq < ?)
                       ORDER BY p.seq DESC LIMIT ?""",
                    [term, bound, bound, before, before, limit]):
                stories[seq] = tuple(story)
                weights.setdefault(seq, {})[term] = weight
        stale = sorted(seq for seq, story in stories.items() if _stale_norm(story[5], n))
        if stale:
            self._renorm(stale)
            for seq, norm in self._execute(
                    f"SELECT seq, norm FROM cluster_stories WHERE seq IN "
                    f"({', '.join(str(int(seq)) for seq in stale)})"):
                stories[seq] = (*stories[seq][:4], norm, n)
        return [StoryTotals(story_id, seq, weights[seq], _parse(first), _parse(last), size,
                            norm, partial=True)
                for seq, (story_id, first, last, size, norm, _) in sorted(stories.items())]

    def cluster_weights(self, seqs: list[int], terms: list[str]) -> dict[int, dict[str, float]]:
        """{story seq: its centroid weights for those of `terms` it has}."""
        found: dict[int, dict[str, float]] = {}
        marks = ", ".join(str(int(seq)) for seq in seqs)
        for r in self._query_in(f"SELECT seq, term, weight FROM cluster_postings "
                                f"WHERE seq IN ({marks}) AND term IN ({{}})", terms):
            found.setdefault(r["seq"], {})[r["term"]] = r["weight"]
        return found

    def cluster_centroids(self, seqs: list[int]) -> dict[int, dict[str, float]]:
        """{story seq: its whole centroid}."""
        found: dict[int, dict[str, float]] = {}
        for r in self._query_in("SELECT seq, term, weight FROM cluster_postings "
                                "WHERE seq IN ({})", seqs):
            found.setdefault(r["seq"], {})[r["term"]] = r["weight"]
        return found

    def next_story_seq(self) -> int:
        return self._execute(
            "SELECT coalesce(max(seq), 0) + 1 FROM cluster_stories").fetchone()[0]

    def save_cluster_changes(self, changes: Changes) -> None:
        with self.transaction():
            write_cluster_changes(self.conn, changes)

    def rebuild_cluster_totals(self) -> None:
        with self.transaction():
            rebuild_cluster_totals(self.conn)

    def stale_cluster_rows(self, version: int) -> list[dict[str, Any]]:
        """State rows saved under another feature recipe."""
        return [json.loads(r[0]) for r in self._execute(
            "SELECT state FROM story_articles WHERE features_version IS NOT ?", [version])]

    def cluster_features(self, ids: Iterable[str]) -> dict[str, dict[str, float]]:
        """{article id: its clustering features} for the clustered ones among `ids`."""
        return {r["article_id"]: json.loads(r["state"])["features"] for r in self._query_in(
            "SELECT article_id, state FROM story_articles WHERE article_id IN ({})",
            list(ids))}

    def _forget_clustered(self, doomed: str, params: list[Any]) -> None:
        """Take the articles selected by `doomed` (an SQL query of ids) out of the
        totals, before they are deleted."""
        import math

        terms: dict[str, int] = {}
        weights: dict[tuple[str, str], float] = {}
        sizes: dict[str, int] = {}
        for (state,) in self._execute(
                f"SELECT state FROM story_articles WHERE article_id IN ({doomed})", params):
            row = json.loads(state)
            features, story = row["features"], row["story_id"]
            norm = math.sqrt(sum(w * w for w in features.values())) or 1.0
            sizes[story] = sizes.get(story, 0) + 1
            for term, weight in features.items():
                terms[term] = terms.get(term, 0) + 1
                weights[story, term] = weights.get((story, term), 0.0) + weight / norm
        if not sizes:
            return
        seq_of = {r["story_id"]: r["seq"] for r in self._query_in(
            "SELECT seq, story_id FROM cluster_stories WHERE story_id IN ({})", list(sizes))}
        self.conn.executemany("UPDATE cluster_terms SET df = df - ? WHERE term = ?",
                              [(n, term) for term, n in terms.items()])
        self.conn.executemany(
            "UPDATE cluster_postings SET weight = weight - ? WHERE term = ? AND seq = ?",
            [(w, term, seq_of[story]) for (story, term), w in weights.items()
             if story in seq_of])
        self.conn.executemany("UPDATE cluster_stories SET size = size - ? WHERE seq = ?",
                              [(n, seq_of[story]) for story, n in sizes.items()
                               if story in seq_of])
        remaining = f"""FROM story_articles sa WHERE sa.story_id = cluster_stories.story_id
                        AND sa.article_id NOT IN ({doomed})"""
        self.conn.executemany(
            f"""UPDATE cluster_stories SET
                  first = (SELECT min(json_extract(sa.state, '$.published')) {remaining}),
                  last = (SELECT max(json_extract(sa.state, '$.published')) {remaining})
                WHERE seq = ?""", [(*params, *params, seq) for seq in seq_of.values()])
        self._execute("DELETE FROM cluster_terms WHERE df <= 0")
        n = self._execute("SELECT count(*) FROM story_articles").fetchone()[0]
        n -= sum(sizes.values())
        stale = [r[0] for r in self._execute(
            f"SELECT seq FROM cluster_stories s WHERE size > 0 AND {_STALE_NORM}", [n, n])]
        self._renorm(sorted(set(seq_of.values()) | set(stale)), gone=sum(sizes.values()))
        self._execute("DELETE FROM cluster_postings WHERE weight <= 1e-9 OR seq IN "
                      "(SELECT seq FROM cluster_stories WHERE size <= 0)")
        self._execute("DELETE FROM cluster_stories WHERE size <= 0")

    def _renorm(self, seqs: list[int], *, gone: int = 0) -> None:
        """Compute these stories' stored norms again from their centroids (`gone`: state
        rows still counted that are about to be deleted)."""
        from briefing.cluster.clusterer import centroid_norm

        centroids = self.cluster_centroids(seqs)
        n, df = self.cluster_counts({t for c in centroids.values() for t in c})
        self.conn.executemany("UPDATE cluster_stories SET norm = ?, norm_n = ? WHERE seq = ?",
                              [(centroid_norm(c, df, n - gone), n - gone, seq)
                               for seq, c in centroids.items()])

    def unclustered(self, ids: list[str] | None = None) -> list[dict[str, Any]]:
        """Articles not in any story yet (only those among `ids` if given), oldest first
        (the order they are clustered in): read from the list the schema's triggers keep
        (`articles_to_cluster`), so the cost follows what waits, not the history."""
        among, args = "", []
        if ids is not None:
            if not ids:
                return []
            among, args = f"WHERE q.article_id IN ({', '.join('?' * len(ids))})", ids
        # CROSS JOIN makes SQLite loop over the list, not over every article in the
        # ORDER BY's index.
        return list(self._query(
            f"""SELECT a.id, a.title, a.text, a.published, a.first_seen, a.source
                FROM articles_to_cluster q CROSS JOIN articles a ON a.id = q.article_id {among}
                ORDER BY coalesce(a.published, a.first_seen), a.id""", args))

    def add_cluster_rows(self, rows: Iterable[dict[str, Any]]) -> None:
        """Append clusterer rows (each {"article_id", "story_id", ...}) in order."""
        rows = list(rows)
        with self.transaction():
            start = self._execute(
                "SELECT coalesce(max(seq), 0) FROM story_articles").fetchone()[0]
            # One statement: sqlite-utils' insert_all re-reads the table's schema, which
            # adds up when every batch of a refresh writes its rows.
            self.conn.executemany(
                "INSERT OR REPLACE INTO story_articles "
                "(article_id, story_id, seq, state, features_version) VALUES (?, ?, ?, ?, ?)",
                [(r["article_id"], r["story_id"], start + n, json.dumps(r),
                  r.get("features_version")) for n, r in enumerate(rows, 1)])
            self.mark_unmerged({r["story_id"] for r in rows})  # those that have a row

    def restate_cluster_rows(self, rows: Iterable[dict[str, Any]]) -> None:
        """Rewrite stored clusterer rows in place (their order is kept)."""
        with self.transaction():
            self.conn.executemany(
                "UPDATE story_articles SET state = ?, features_version = ? WHERE article_id = ?",
                [(json.dumps(r), r.get("features_version"), r["article_id"]) for r in rows])

    def article_texts(self, ids: list[str]) -> dict[str, tuple[str, str]]:
        """{article id: (title, text)}, for deriving clustering features again."""
        return {r["id"]: (r["title"], r["text"]) for r in self._query_in(
            "SELECT id, title, text FROM articles WHERE id IN ({})", ids)}

    def story_sources(self, story_id: str) -> list[StoryMember]:
        """A story's articles in arrival order, with their source names only (what the
        reader needs to name each point's source: no brief decoded)."""
        return [StoryMember(r[0], r[1]) for r in self._execute(
            """SELECT a.id, a.source FROM story_articles sa JOIN articles a
               ON a.id = sa.article_id WHERE sa.story_id = ? ORDER BY sa.seq""", [story_id])]

    def story_members(self, story_id: str) -> list[StoryArticle]:
        return self.members_of([story_id]).get(story_id, [])

    def members_of(self, story_ids: Iterable[str]) -> dict[str, list[StoryArticle]]:
        """{story id: its members in arrival order} for the stories that have any."""
        found: dict[str, list[StoryArticle]] = {}
        for r in self._query_in(
                """SELECT sa.story_id, a.id, a.title, a.url, a.source, a.published,
                          a.first_seen, a.read, a.starred, a.text_origin, a.page_error,
                          b.brief
                   FROM story_articles sa JOIN articles a ON a.id = sa.article_id
                   LEFT JOIN briefs b ON b.article_id = a.id
                   WHERE sa.story_id IN ({}) ORDER BY sa.seq""", list(story_ids)):
            found.setdefault(r["story_id"], []).append(StoryArticle(
                id=r["id"], title=r["title"], url=r["url"], source=r["source"],
                published=_parse(r["published"]) or _parse(r["first_seen"]),
                brief=Brief.from_dict(json.loads(r["brief"])) if r["brief"] else None,
                read=bool(r["read"]), starred=bool(r["starred"]),
                text_origin=r["text_origin"], page_error=r["page_error"]))
        return found

    def write_stories(self, stories: Iterable[MergedStory]) -> None:
        """Create or replace the stories' rows from their members and merged briefs."""
        now = self.clock().astimezone(UTC).isoformat(timespec="seconds")
        rows = [_story_row(story, now) for story in stories]
        if not rows:
            return
        # One statement: sqlite-utils' upsert re-reads the table's schema on every call
        # (a third of the story step for 5,000 new stories).
        columns = list(rows[0])
        with self.transaction():
            self.conn.executemany(
                f"INSERT INTO stories ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' * len(columns))}) ON CONFLICT (id) DO UPDATE SET "
                f"{', '.join(f'{c} = excluded.{c}' for c in columns if c != 'id')}",
                [list(row.values()) for row in rows])

    def mark_unmerged(self, ids: Iterable[str]) -> None:
        """Clear the merge time of these stories (a member joined, left or was briefed
        again): they wait for `write_stories`, in this refresh or, if it dies first, the
        next one."""
        ids = list(ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            self._execute(f"UPDATE stories SET merged = NULL WHERE id IN "
                          f"({', '.join('?' * len(chunk))})", chunk)

    def stale_stories(self) -> list[str]:
        """Stories waiting for a merge (see `mark_unmerged`)."""
        return [r[0] for r in self._execute("SELECT id FROM stories WHERE merged IS NULL")]

    def drop_orphan_stories(self) -> list[str]:
        """Delete the stories retention emptied (`prune` marks those it takes members
        from, so only stories waiting for a merge are looked at); return the ids of
        every story waiting for a merge."""
        changed = self.stale_stories()
        self._execute("""DELETE FROM stories WHERE merged IS NULL AND NOT EXISTS
                           (SELECT 1 FROM story_articles sa WHERE sa.story_id = stories.id)""")
        return changed

    # --- reading -------------------------------------------------------------------

    def story_of(self, article_id: str) -> str | None:
        row = self._execute("SELECT story_id FROM story_articles WHERE article_id = ?",
                              [article_id]).fetchone()
        return row[0] if row else None

    def stories_written(self, ids: Iterable[str]) -> set[str]:
        """Which of these stories have a row (were merged at least once)."""
        return {r["id"] for r in self._query_in("SELECT id FROM stories WHERE id IN ({})",
                                                list(ids))}

    def story_brief(self, story_id: str) -> Brief | None:
        row = self._execute("SELECT brief FROM stories WHERE id = ?", [story_id]).fetchone()
        return Brief.from_dict(json.loads(row[0])) if row and row[0] else None

    def stories_between(self, start: str, end: str) -> list[StoryRow]:
        """Stories whose newest article falls in [start, end), for an edition to rank."""
        return [self._story_row(r) for r in self._query(
            f"""SELECT {_STORY_COLUMNS} FROM stories s
                LEFT JOIN articles a ON a.id = s.lead_article_id
                WHERE s.published >= ? AND s.published < ?""", [start, end])]

    def stories_before(self, end: str, *, unread_only: bool, limit: int, offset: int = 0,
                       after: StoryRow | None = None, before: StoryRow | None = None,
                       from_end: bool = False, keep: Sequence[str] = ()) -> list[StoryRow]:
        """Older stories, newest first (unread ones only for today's edition, and those
        of `keep`); see `_page` for `after`, `before` and `from_end`."""
        unread, args = _unread_clause(unread_only, keep)
        return self._page(f"s.published < ? AND {unread}", [end, *args], limit=limit,
                          offset=offset, after=after, before=before, from_end=from_end)

    def _page(self, where: str, args: list[Any], *, limit: int, offset: int = 0,
              after: StoryRow | None = None, before: StoryRow | None = None,
              from_end: bool = False) -> list[StoryRow]:
        """A page of stories in list order (newest first, then by id).

        Keyset paging, so a deep page costs what the first does: `after` a row, the
        `limit` rows that follow it; `before` a row, the `limit` rows that precede it;
        `from_end`, counting `offset` from the last row instead of the first.
        """
        order, reverse = "s.published DESC, s.id", False
        if after is not None and after.sort_key:
            # The plain bound first: it lets SQLite walk the published index as a range.
            where += (" AND s.published <= ? AND (s.published < ? OR (s.published = ? "
                      "AND s.id > ?))")
            args = [*args, after.sort_key[0], after.sort_key[0], *after.sort_key]
            offset = 0
        elif before is not None and before.sort_key:
            where += (" AND s.published >= ? AND (s.published > ? OR (s.published = ? "
                      "AND s.id < ?))")
            args = [*args, before.sort_key[0], before.sort_key[0], *before.sort_key]
            order, reverse, offset = "s.published ASC, s.id DESC", True, 0
        elif from_end:
            order, reverse = "s.published ASC, s.id DESC", True
        rows = [self._story_row(r) for r in self._query(
            f"""SELECT {_STORY_COLUMNS} FROM stories s
                LEFT JOIN articles a ON a.id = s.lead_article_id WHERE {where}
                ORDER BY {order} LIMIT ? OFFSET ?""", [*args, limit, offset])]
        return rows[::-1] if reverse else rows

    def latest_story_before(self, end: str) -> datetime | None:
        """When the newest story published before `end` was published (None: none)."""
        row = self._execute("SELECT max(published) FROM stories WHERE published < ?",
                            [end]).fetchone()
        return _parse(row[0]) if row else None

    def earliest_story_from(self, start: str) -> datetime | None:
        """When the oldest story published at or after `start` was published (None: none)."""
        row = self._execute("SELECT min(published) FROM stories WHERE published >= ?",
                            [start]).fetchone()
        return _parse(row[0]) if row else None

    def count_stories_before(self, end: str, *, unread_only: bool,
                             keep: Sequence[str] = ()) -> int:
        unread, args = _unread_clause(unread_only, keep)
        return self._execute(f"SELECT count(*) FROM stories s WHERE s.published < ? AND "
                             f"{unread}", [end, *args]).fetchone()[0]

    def story_rows(self, ids: list[str]) -> dict[str, StoryRow]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        return {r["id"]: self._story_row(r) for r in self._query(
            f"""SELECT {_STORY_COLUMNS} FROM stories s
                LEFT JOIN articles a ON a.id = s.lead_article_id WHERE s.id IN ({marks})""",
            ids)}

    def refresh_story_state(self, story_id: str) -> None:
        """Recount a story's unread and starred articles after the user changed one."""
        self._execute(
            """UPDATE stories SET
                 unread_count = (SELECT count(*) FROM story_articles sa
                                 JOIN articles a ON a.id = sa.article_id
                                 WHERE sa.story_id = stories.id AND a.read = 0),
                 starred = (SELECT coalesce(max(a.starred), 0) FROM story_articles sa
                            JOIN articles a ON a.id = sa.article_id
                            WHERE sa.story_id = stories.id)
               WHERE id = ?""", [story_id])

    def set_story_read(self, story_id: str, read: bool = True) -> None:
        self._set_story_flag("read", read, story_id)

    def set_story_starred(self, story_id: str, starred: bool = True) -> None:
        """Star (or unstar) every article of a story, so retention keeps them all."""
        self._set_story_flag("starred", starred, story_id)

    def _set_story_flag(self, column: str, value: bool, story_id: str) -> None:
        assert column in ("read", "starred")  # a column name, never user input
        with self.transaction():
            self._execute(
                f"""UPDATE articles SET {column} = ? WHERE id IN
                    (SELECT article_id FROM story_articles WHERE story_id = ?)""",
                [int(value), story_id])
            self.refresh_story_state(story_id)

    @staticmethod
    def _story_filter(unread_only: bool, source: str | None,
                      feed_id: int | None = None,
                      keep: Sequence[str] = ()) -> tuple[str, list[Any]]:
        unread, args = _unread_clause(unread_only, keep)
        clauses = [unread]
        if feed_id is not None:
            clauses.append(
                """s.id IN (SELECT sa.story_id FROM story_articles sa
                   JOIN feed_articles fa ON fa.article_id = sa.article_id
                   WHERE fa.feed_id = ?)""")
            args.append(feed_id)
        elif source and source.startswith("#"):
            clauses.append(
                """s.id IN (SELECT sa.story_id FROM story_articles sa
                   JOIN feed_articles fa ON fa.article_id = sa.article_id
                   JOIN feeds f ON f.id = fa.feed_id, json_each(f.tags) t WHERE t.value = ?)""")
            args.append(source[1:])
        elif source:
            clauses.append(
                """s.id IN (SELECT sa.story_id FROM story_articles sa
                   JOIN articles x ON x.id = sa.article_id WHERE x.source = ?)""")
            args.append(source)
        return " AND ".join(clauses), args

    def list_stories(self, *, limit: int, offset: int = 0, unread_only: bool = False,
                     source: str | None = None, feed_id: int | None = None,
                     after: StoryRow | None = None, before: StoryRow | None = None,
                     from_end: bool = False, keep: Sequence[str] = ()) -> list[StoryRow]:
        """Stories newest first, optionally unread only (and those of `keep`), from one
        source or #tag, or with an article from one feed; see `_page` for `after`,
        `before` and `from_end`."""
        where, args = self._story_filter(unread_only, source, feed_id, keep)
        return self._page(where, args, limit=limit, offset=offset, after=after,
                          before=before, from_end=from_end)

    def count_stories(self, *, unread_only: bool = False, source: str | None = None,
                      feed_id: int | None = None, keep: Sequence[str] = ()) -> int:
        where, args = self._story_filter(unread_only, source, feed_id, keep)
        return self._execute(f"SELECT count(*) FROM stories s WHERE {where}",
                               args).fetchone()[0]

    def search_stories(self, query: str, *, limit: int = SEARCH_LIMIT) -> StorySearch:
        """Stories with an article matching a full-text query, best match first, at
        most `limit` of them.

        Matches are ranked among the newest `SEARCH_WINDOW` matching articles: a common
        word matches most of a year of news, and ranking all of it would cost the reader
        a pause on every keystroke; older matches of a word that common rank below the
        window's anyway in a news reader's eyes.
        """
        from briefing.store.store import fts_phrase

        fts_query = fts_phrase(query)
        if not fts_query:
            return StorySearch([], more=False)
        # Every matching story of the window, best first (ties: the newest match first):
        # at most SEARCH_WINDOW short rows, and their number is the count the title shows.
        ids = [r[0] for r in self._execute(
            """SELECT sa.story_id, min(f.rank) AS best, max(f.rowid) AS newest FROM
                 (SELECT rowid, rank FROM articles_fts WHERE articles_fts MATCH ?
                  ORDER BY rowid DESC LIMIT ?) f
               JOIN articles a ON a.rowid = f.rowid
               JOIN story_articles sa ON sa.article_id = a.id
               GROUP BY sa.story_id ORDER BY best, newest DESC""",
            [fts_query, SEARCH_WINDOW])]
        # Older matches than the window's are more, neither ranked nor counted.
        older = self._execute(
            """SELECT count(*) FROM (SELECT rowid FROM articles_fts
               WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT ?)""",
            [fts_query, SEARCH_WINDOW + 1]).fetchone()[0] > SEARCH_WINDOW
        total = len(ids)
        ids = ids[:limit]
        rows = self.story_rows(ids)
        return StorySearch([rows[i] for i in ids if i in rows], total > limit or older,
                           total, older)

    def favourite_stories(self, ids: list[str], favourites: Iterable[str]) -> set[str]:
        """Which of these stories have an article from a favourite feed name or #tag."""
        names = [f for f in favourites if not f.startswith("#")]
        tags = [f[1:] for f in favourites if f.startswith("#")]
        if not ids or not (names or tags):
            return set()
        marks = ",".join("?" * len(ids))
        found = set()
        if names:
            found |= {r[0] for r in self._execute(
                f"""SELECT DISTINCT sa.story_id FROM story_articles sa
                    JOIN articles a ON a.id = sa.article_id
                    WHERE sa.story_id IN ({marks})
                    AND a.source IN ({",".join("?" * len(names))})""", [*ids, *names])}
        if tags:
            found |= {r[0] for r in self._execute(
                f"""SELECT DISTINCT sa.story_id FROM story_articles sa
                    JOIN feed_articles fa ON fa.article_id = sa.article_id
                    JOIN feeds f ON f.id = fa.feed_id, json_each(f.tags) t
                    WHERE sa.story_id IN ({marks}) AND t.value IN ({",".join("?" * len(tags))})""",
                [*ids, *tags])}
        return found

    @staticmethod
    def _story_row(r: dict[str, Any]) -> StoryRow:
        return StoryRow(
            id=r["id"], title=r["title"], source=r["source"],
            published=datetime.fromisoformat(r["published"]),
            article_count=r["article_count"], source_count=r["source_count"],
            unread_count=r["unread_count"], starred=bool(r["starred"]),
            lead_article_id=r["lead_article_id"], text_origin=r["text_origin"] or "page",
            sort_key=(r["published"], r["id"]),
        )


def _unread_clause(unread_only: bool, keep: Sequence[str]) -> tuple[str, list[Any]]:
    """The WHERE clause for "unread only": unread stories, and those of `keep` (read while
    on screen: they stay in the list until the reader leaves it)."""
    if not unread_only:
        return "1 = 1", []
    if not keep:
        return "s.unread_count > 0", []
    return f"(s.unread_count > 0 OR s.id IN ({', '.join('?' * len(keep))}))", list(keep)
