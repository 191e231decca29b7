"""Stories: each story's row and merged brief, and the queries that list and page them.

A story is a group of articles about one event; every article belongs to exactly one
story, a story of one included (the clusterer's state is in `clusters`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from briefing.models import Brief
from briefing.store.connection import Connection
from briefing.store.fts import fts_phrase
from briefing.store.tags import feeds_tagged
from briefing.tags import tag_key


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
"""How many of the newest matching articles a search ranks (see `Stories.search`)."""
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


class Stories:
    """The `stories` table: each story's row and merged brief, and the queries that list
    stories (`store.stories`). A story's members are the rows of `story_articles`."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def sources(self, story_id: str) -> list[StoryMember]:
        """A story's articles in arrival order, with their source names only (what the
        reader needs to name each point's source: no brief decoded)."""
        return [StoryMember(r[0], r[1]) for r in self._conn.execute(
            """SELECT a.id, a.source FROM story_articles sa JOIN articles a
               ON a.id = sa.article_id WHERE sa.story_id = ? ORDER BY sa.seq""", [story_id])]

    def members(self, story_id: str) -> list[StoryArticle]:
        return self.members_of([story_id]).get(story_id, [])

    def members_of(self, story_ids: Iterable[str]) -> dict[str, list[StoryArticle]]:
        """{story id: its members in arrival order} for the stories that have any."""
        found: dict[str, list[StoryArticle]] = {}
        for r in self._conn.query_in(
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

    def write(self, stories: Iterable[MergedStory]) -> None:
        """Create or replace the stories' rows from their members and merged briefs."""
        now = self._conn.clock().astimezone(UTC).isoformat(timespec="seconds")
        rows = [_story_row(story, now) for story in stories]
        if not rows:
            return
        # One statement: sqlite-utils' upsert re-reads the table's schema on every call
        # (a third of the story step for 5,000 new stories).
        columns = list(rows[0])
        with self._conn.transaction():
            self._conn.executemany(
                f"INSERT INTO stories ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' * len(columns))}) ON CONFLICT (id) DO UPDATE SET "
                f"{', '.join(f'{c} = excluded.{c}' for c in columns if c != 'id')}",
                [list(row.values()) for row in rows])

    def mark_unmerged(self, ids: Iterable[str]) -> None:
        """Clear the merge time of these stories (a member joined, left or was briefed
        again): they wait for `write`, in this refresh or, if it dies first, the next
        one."""
        ids = list(ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            self._conn.execute(f"UPDATE stories SET merged = NULL WHERE id IN "
                               f"({', '.join('?' * len(chunk))})", chunk)

    def stale(self) -> list[str]:
        """Stories waiting for a merge (see `mark_unmerged`)."""
        return [r[0] for r in self._conn.execute("SELECT id FROM stories WHERE merged IS NULL")]

    def drop_orphans(self) -> list[str]:
        """Delete the stories retention emptied (`Articles.prune` marks those it takes
        members from, so only stories waiting for a merge are looked at); return the ids
        of every story waiting for a merge."""
        changed = self.stale()
        self._conn.execute("""DELETE FROM stories WHERE merged IS NULL AND NOT EXISTS
                                (SELECT 1 FROM story_articles sa WHERE sa.story_id = stories.id)""")
        return changed

    # --- reading -------------------------------------------------------------------

    def story_of(self, article_id: str) -> str | None:
        row = self._conn.execute("SELECT story_id FROM story_articles WHERE article_id = ?",
                                   [article_id]).fetchone()
        return row[0] if row else None

    def written(self, ids: Iterable[str]) -> set[str]:
        """Which of these stories have a row (were merged at least once)."""
        return {r["id"] for r in self._conn.query_in("SELECT id FROM stories WHERE id IN ({})",
                                                     list(ids))}

    def brief(self, story_id: str) -> Brief | None:
        row = self._conn.execute("SELECT brief FROM stories WHERE id = ?", [story_id]).fetchone()
        return Brief.from_dict(json.loads(row[0])) if row and row[0] else None

    def between(self, start: str, end: str) -> list[StoryRow]:
        """Stories whose newest article falls in [start, end), for an edition to rank."""
        return [self._row(r) for r in self._conn.query(
            f"""SELECT {_STORY_COLUMNS} FROM stories s
                LEFT JOIN articles a ON a.id = s.lead_article_id
                WHERE s.published >= ? AND s.published < ?""", [start, end])]

    def before(self, end: str, *, unread_only: bool, limit: int, offset: int = 0,
               after: StoryRow | None = None, before: StoryRow | None = None,
               from_end: bool = False, keep: Sequence[str] = ()) -> list[StoryRow]:
        """Older stories, newest first (unread ones only for today's edition, and those
        of `keep`); see `_select_page` for `after`, `before` and `from_end`."""
        unread, args = _unread_clause(unread_only, keep)
        return self._select_page(f"s.published < ? AND {unread}", [end, *args],
                                 limit=limit, offset=offset, after=after, before=before,
                                 from_end=from_end)

    def _select_page(self, where: str, args: list[Any], *, limit: int, offset: int = 0,
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
        rows = [self._row(r) for r in self._conn.query(
            f"""SELECT {_STORY_COLUMNS} FROM stories s
                LEFT JOIN articles a ON a.id = s.lead_article_id WHERE {where}
                ORDER BY {order} LIMIT ? OFFSET ?""", [*args, limit, offset])]
        return rows[::-1] if reverse else rows

    def latest_before(self, end: str) -> datetime | None:
        """When the newest story published before `end` was published (None: none)."""
        row = self._conn.execute("SELECT max(published) FROM stories WHERE published < ?",
                                 [end]).fetchone()
        return _parse(row[0]) if row else None

    def earliest_from(self, start: str) -> datetime | None:
        """When the oldest story published at or after `start` was published (None: none)."""
        row = self._conn.execute("SELECT min(published) FROM stories WHERE published >= ?",
                                 [start]).fetchone()
        return _parse(row[0]) if row else None

    def count_before(self, end: str, *, unread_only: bool,
                     keep: Sequence[str] = ()) -> int:
        unread, args = _unread_clause(unread_only, keep)
        return self._conn.execute(f"SELECT count(*) FROM stories s WHERE s.published < ? AND "
                                  f"{unread}", [end, *args]).fetchone()[0]

    def rows(self, ids: list[str]) -> dict[str, StoryRow]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        return {r["id"]: self._row(r) for r in self._conn.query(
            f"""SELECT {_STORY_COLUMNS} FROM stories s
                LEFT JOIN articles a ON a.id = s.lead_article_id WHERE s.id IN ({marks})""",
            ids)}

    def refresh_state(self, story_id: str) -> None:
        """Recount a story's unread and starred articles after the user changed one."""
        self._conn.execute(
            """UPDATE stories SET
                 unread_count = (SELECT count(*) FROM story_articles sa
                                 JOIN articles a ON a.id = sa.article_id
                                 WHERE sa.story_id = stories.id AND a.read = 0),
                 starred = (SELECT coalesce(max(a.starred), 0) FROM story_articles sa
                            JOIN articles a ON a.id = sa.article_id
                            WHERE sa.story_id = stories.id)
               WHERE id = ?""", [story_id])

    def set_read(self, story_id: str, read: bool = True) -> None:
        self._set_flag("read", read, story_id)

    def set_starred(self, story_id: str, starred: bool = True) -> None:
        """Star (or unstar) every article of a story, so retention keeps them all."""
        self._set_flag("starred", starred, story_id)

    def _set_flag(self, column: str, value: bool, story_id: str) -> None:
        assert column in ("read", "starred")  # a column name, never user input
        with self._conn.transaction():
            self._conn.execute(
                f"""UPDATE articles SET {column} = ? WHERE id IN
                    (SELECT article_id FROM story_articles WHERE story_id = ?)""",
                [int(value), story_id])
            self.refresh_state(story_id)

    @staticmethod
    def _filter(unread_only: bool, source: str | None,
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
                f"""s.id IN (SELECT sa.story_id FROM story_articles sa
                    JOIN feed_articles fa ON fa.article_id = sa.article_id
                    WHERE fa.feed_id IN ({feeds_tagged()}))""")
            args.append(tag_key(source[1:]))
        elif source:
            clauses.append(
                """s.id IN (SELECT sa.story_id FROM story_articles sa
                   JOIN articles x ON x.id = sa.article_id WHERE x.source = ?)""")
            args.append(source)
        return " AND ".join(clauses), args

    def page(self, *, limit: int, offset: int = 0, unread_only: bool = False,
             source: str | None = None, feed_id: int | None = None,
             after: StoryRow | None = None, before: StoryRow | None = None,
             from_end: bool = False, keep: Sequence[str] = ()) -> list[StoryRow]:
        """Stories newest first, optionally unread only (and those of `keep`), from one
        source or #tag, or with an article from one feed; see `_select_page` for
        `after`, `before` and `from_end`."""
        where, args = self._filter(unread_only, source, feed_id, keep)
        return self._select_page(where, args, limit=limit, offset=offset, after=after,
                                 before=before, from_end=from_end)

    def count(self, *, unread_only: bool = False, source: str | None = None,
              feed_id: int | None = None, keep: Sequence[str] = ()) -> int:
        where, args = self._filter(unread_only, source, feed_id, keep)
        return self._conn.execute(f"SELECT count(*) FROM stories s WHERE {where}",
                                  args).fetchone()[0]

    def search(self, query: str, *, limit: int = SEARCH_LIMIT) -> StorySearch:
        """Stories with an article matching a full-text query, best match first, at
        most `limit` of them.

        Matches are ranked among the newest `SEARCH_WINDOW` matching articles: a common
        word matches most of a year of news, and ranking all of it would cost the reader
        a pause on every keystroke; older matches of a word that common rank below the
        window's anyway in a news reader's eyes.
        """
        fts_query = fts_phrase(query)
        if not fts_query:
            return StorySearch([], more=False)
        # Every matching story of the window, best first (ties: the newest match first):
        # at most SEARCH_WINDOW short rows, and their number is the count the title shows.
        ids = [r[0] for r in self._conn.execute(
            """SELECT sa.story_id, min(f.rank) AS best, max(f.rowid) AS newest FROM
                 (SELECT rowid, rank FROM articles_fts WHERE articles_fts MATCH ?
                  ORDER BY rowid DESC LIMIT ?) f
               JOIN articles a ON a.rowid = f.rowid
               JOIN story_articles sa ON sa.article_id = a.id
               GROUP BY sa.story_id ORDER BY best, newest DESC""",
            [fts_query, SEARCH_WINDOW])]
        # Older matches than the window's are more, neither ranked nor counted.
        older = self._conn.execute(
            """SELECT count(*) FROM (SELECT rowid FROM articles_fts
               WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT ?)""",
            [fts_query, SEARCH_WINDOW + 1]).fetchone()[0] > SEARCH_WINDOW
        total = len(ids)
        ids = ids[:limit]
        rows = self.rows(ids)
        return StorySearch([rows[i] for i in ids if i in rows], total > limit or older,
                           total, older)

    def favourites(self, ids: list[str], favourites: Iterable[str]) -> set[str]:
        """Which of these stories have an article from a favourite feed name or #tag."""
        names = [f for f in favourites if not f.startswith("#")]
        tags = list(dict.fromkeys(tag_key(f[1:]) for f in favourites if f.startswith("#")))
        if not ids or not (names or tags):
            return set()
        marks = ",".join("?" * len(ids))
        found = set()
        if names:
            found |= {r[0] for r in self._conn.execute(
                f"""SELECT DISTINCT sa.story_id FROM story_articles sa
                    JOIN articles a ON a.id = sa.article_id
                    WHERE sa.story_id IN ({marks})
                    AND a.source IN ({",".join("?" * len(names))})""", [*ids, *names])}
        if tags:
            found |= {r[0] for r in self._conn.execute(
                f"""SELECT DISTINCT sa.story_id FROM story_articles sa
                    JOIN feed_articles fa ON fa.article_id = sa.article_id
                    WHERE sa.story_id IN ({marks})
                    AND fa.feed_id IN ({feeds_tagged(len(tags))})""",
                [*ids, *tags])}
        return found

    @staticmethod
    def _row(r: dict[str, Any]) -> StoryRow:
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

