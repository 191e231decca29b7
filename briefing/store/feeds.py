"""Feeds: the feeds table with the outcome of each one's last fetch, and the links from
feeds to the articles they carried (with the URLs each article was reached by).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from briefing.config import FeedConfig
from briefing.store.articles import Articles
from briefing.store.connection import Connection
from briefing.store.failures import Failures, ItemFailure
from briefing.store.tags import stored_spellings
from briefing.tags import spelled
from briefing.urls import feed_url


def is_feed_id(text: str) -> bool:
    """Whether a command's argument is a feed id: ASCII digits only ("²" is no id), few
    enough to be an SQLite integer."""
    text = text.strip()
    return text.isascii() and text.isdigit() and len(text) <= 18


@dataclass(frozen=True)
class FeedRow:
    """One feed as stored, with the outcome of its last fetch."""

    id: int
    url: str
    name: str | None
    tags: tuple[str, ...]
    origin: str
    """"config" (from config.toml) or "user" (added with `briefing feeds add`)."""
    title: str | None
    site_url: str | None
    etag: str | None
    last_modified: str | None
    last_status: int | None
    last_error: str | None
    failures: int
    """Consecutive failed refreshes."""
    item_count: int
    """Items in the feed document at the last successful fetch."""
    stored: int
    """Stored articles linked to this feed (of its present items or earlier ones)."""
    last_checked: datetime | None
    last_success: datetime | None
    body_hash: str | None = None
    """The digest of the last document whose every item was stored (see `body_digest`)."""
    items_stored: int | None = None
    """How many of the `item_count` items are stored, counted when the document was last
    read in full (None before that was counted)."""

    @property
    def display_name(self) -> str:
        return self.name or self.title or self.url

    @property
    def items_not_stored(self) -> int:
        """How many items of the document at its last success are not stored articles."""
        stored = self.stored if self.items_stored is None else self.items_stored
        return max(0, self.item_count - stored)


@dataclass(frozen=True)
class FeedStatus:
    """What one fetch of a feed found, to record on its row."""

    status: int | None
    error: str | None
    ok: bool
    etag: str | None = None
    last_modified: str | None = None
    title: str | None = None
    site_url: str | None = None
    item_count: int | None = None
    body_hash: str | None = None
    """The document's digest when every item it holds is stored, else None."""
    unchanged: bool = False
    """The document was the one last stored (same digest): it was not parsed again."""
    items_stored: int | None = None
    """How many of the document's items are stored, when it was read in full."""


@dataclass(frozen=True)
class KnownItems:
    """Which of a feed document's entries the store already holds, so a refresh skips them."""

    keys: dict[str, str]
    """Article key or alias URL -> article id."""
    guids: dict[tuple[int, str], str]
    """(feed id, entry guid) -> article id."""
    failed: dict[str, ItemFailure] = field(default_factory=dict)
    """Entry key -> its failed attempts, for the entries not stored."""


_FORGET_FETCHES = """etag = NULL, last_modified = NULL, last_status = NULL,
    last_error = NULL, failures = 0, item_count = NULL, last_checked = NULL,
    last_success = NULL, body_hash = NULL"""
"""What a removed feed's row forgets of its fetches."""


def _dt(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


class Feeds:
    """The `feeds` table, `feed_articles` and `article_aliases` (`store.feeds`)."""

    def __init__(self, conn: Connection, articles: Articles, failures: Failures) -> None:
        self._conn = conn
        self._articles = articles
        """Deletes a removed feed's articles (`remove_with_articles`)."""
        self._failures = failures
        """Says which of a feed's items failed before (`known_among`)."""

    def _row(self, r: dict[str, Any], spellings: dict[str, str] | None = None) -> FeedRow:
        """A feed's row, its tags in their one spelling (`stored_spellings`) when given,
        else as stored."""
        return FeedRow(
            id=r["id"], url=r["url"], name=r["name"],
            tags=spelled(json.loads(r["tags"] or "[]"), spellings or {}),
            origin=r["origin"], title=r["title"], site_url=r["site_url"], etag=r["etag"],
            last_modified=r["last_modified"], last_status=r["last_status"],
            last_error=r["last_error"], failures=r["failures"] or 0,
            item_count=r["item_count"] or 0, stored=r["stored"] or 0,
            last_checked=_dt(r["last_checked"]), last_success=_dt(r["last_success"]),
            body_hash=r["body_hash"], items_stored=r["items_stored"],
        )

    def all(self) -> list[FeedRow]:
        """Every feed (config and user), in the order they were added."""
        sql = """SELECT f.*, (SELECT count(*) FROM feed_articles fa WHERE fa.feed_id = f.id)
                 AS stored FROM feeds f WHERE f.origin != 'removed' ORDER BY f.id"""
        spellings = stored_spellings(self._conn.conn)
        return [self._row(r, spellings) for r in self._conn.query(sql)]

    def unread_counts(self) -> dict[int, int]:
        """{feed id: its unread stored articles}, for feeds that have any."""
        return {r[0]: r[1] for r in self._conn.execute(
            """SELECT fa.feed_id, count(*) FROM feed_articles fa
               JOIN articles a ON a.id = fa.article_id WHERE a.read = 0
               GROUP BY fa.feed_id""")}

    def get(self, ident: str | int) -> FeedRow | None:
        """A feed by id or by URL (not a removed one), its tags as stored: `all`, which
        lists the feeds, spells each tag one way across them (one lookup here would read
        every feed's tags, and adding a feed looks its URL up)."""
        by_id = is_feed_id(str(ident))  # a URL never is
        sql = f"""SELECT f.*, (SELECT count(*) FROM feed_articles fa WHERE fa.feed_id = f.id)
                  AS stored FROM feeds f
                  WHERE {'f.id' if by_id else 'f.url'} = ? AND f.origin != 'removed'"""
        rows = [self._row(r) for r in self._conn.query(sql, [int(ident) if by_id else ident])]
        return rows[0] if rows else None

    def add(self, url: str, *, name: str | None = None, tags: Iterable[str] = (),
            origin: str = "user", title: str | None = None) -> tuple[FeedRow, bool]:
        """Add a feed unless its URL is already there; returns (feed, added). `title`:
        the feed's own, when it was just fetched (a refresh keeps it up to date)."""
        existing = self.get(url)
        if existing is not None:
            return existing, False
        with self._conn.transaction():
            # A removed feed's row is reused only for its own URL, from a clean slate.
            self._conn.execute(
                f"""INSERT INTO feeds (url, name, tags, origin, title) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (url) DO UPDATE SET name = excluded.name,
                    tags = excluded.tags, origin = excluded.origin,
                    title = COALESCE(excluded.title, title), {_FORGET_FETCHES}""",
                [url, name, json.dumps(list(tags)), origin, title])
        row = self.get(url)
        assert row is not None
        return row, True

    def remove(self, feed_id: int) -> None:
        """Forget a feed and its links; its stored articles stay. The row stays behind,
        marked removed, so its id is never given to another feed."""
        with self._conn.transaction():
            self._conn.execute("DELETE FROM feed_articles WHERE feed_id = ?", [feed_id])
            self._conn.execute(f"UPDATE feeds SET origin = 'removed', {_FORGET_FETCHES} "
                               "WHERE id = ?", [feed_id])

    def move(self, feed_id: int, url: str) -> FeedRow | None:
        """Give a feed a new URL, keeping its id, articles and state; returns, without
        moving it, the other feed that has that URL already (two subscriptions then
        become one feed: the user chooses which to keep)."""
        other = self.get(url)
        if other is not None and other.id != feed_id:
            return other
        with self._conn.transaction():
            # A removed feed's row keeps its id retired but gives the URL up.
            self._conn.execute("""UPDATE feeds SET url = url || '#removed-' || id
                                  WHERE url = ? AND origin = 'removed'""", [url])
            self._conn.execute("UPDATE feeds SET url = ? WHERE id = ?", [url, feed_id])
        return None

    def sync_config(self, feeds: Iterable[FeedConfig]) -> list[tuple[FeedConfig, FeedRow]]:
        """Make the config's feeds rows of origin "config"; drop config rows no longer there.

        A config feed the user already subscribed to (`feeds add`, an OPML import) stays
        the user's, with its name and tags: returned as (config entry, the user's feed)
        so the caller can say so. Removing the user's feed lets the config's take over."""
        wanted = {f.url: f for f in feeds}
        with self._conn.transaction():
            rows = self.all()
            stored = {row.url for row in rows}
            theirs = {row.url: row for row in rows if row.origin != "config"}
            shadowed = [(wanted.pop(url), row) for url, row in theirs.items() if url in wanted]
            for row in rows:
                if row.origin == "config" and row.url not in wanted:
                    respelled = feed_url(row.url)
                    if respelled in wanted and respelled not in stored:
                        # Stored as written before config URLs were normalised: the same
                        # feed, its articles kept.
                        self._conn.execute("UPDATE feeds SET url = ? WHERE id = ?",
                                           [respelled, row.id])
                        stored.add(respelled)
                    else:
                        self.remove(row.id)
            for url, feed in wanted.items():
                values = {"name": feed.name, "tags": json.dumps(list(feed.tags))}
                updated = self._conn.execute(
                    "UPDATE feeds SET name = ?, tags = ?, origin = 'config' WHERE url = ?",
                    [values["name"], values["tags"], url],
                ).rowcount
                if not updated:
                    self._conn.execute("INSERT INTO feeds (url, name, tags, origin) "
                                       "VALUES (?, ?, ?, 'config')",
                                       [url, values["name"], values["tags"]])
        return shadowed

    def record_fetch(self, feed_id: int, status: FeedStatus) -> None:
        """Store the outcome of one fetch: validators, title, status, error, failure streak."""
        now = self._conn.clock().astimezone(UTC).isoformat(timespec="seconds")
        values: dict[str, Any] = {"last_status": status.status, "last_error": status.error,
                                  "last_checked": now}
        if status.ok:
            values["last_success"] = now
            values["failures"] = 0
            for name in ("etag", "last_modified", "title", "site_url", "item_count",
                         "body_hash", "items_stored"):
                value = getattr(status, name)
                if value is not None or name in ("etag", "last_modified", "body_hash"):
                    values[name] = value
            if status.status == 304:  # keep the validators, counts and digest we have
                for name in ("etag", "last_modified", "body_hash"):
                    values.pop(name)
        sets = ", ".join(f"{k} = ?" for k in values)
        bump = "" if status.ok else ", failures = failures + 1"
        if status.ok and status.error is None and (status.status == 304 or status.unchanged):
            # The same document: the note its last reading left (items held back) still
            # holds; an error from a failed fetch before it does not.
            sets = sets.replace("last_error = ?", "last_error = CASE WHEN failures = 0 "
                                "THEN last_error ELSE ? END")
        self._conn.execute(f"UPDATE feeds SET {sets}{bump} WHERE id = ?",
                           [*values.values(), feed_id])

    # --- articles seen through feeds ------------------------------------------------

    def known_among(self, feed_id: int, keys: Sequence[str],
                    guids: Sequence[str]) -> KnownItems:
        """Which of one feed document's entries are stored: its keys found as an article
        key or alias URL, its guids as an article of that feed. Index lookups bounded by
        the document, whatever the size of the history."""
        keys = list(dict.fromkeys(keys))
        known = {r["key"]: r["id"] for r in self._conn.query_in(
            "SELECT key, id FROM articles WHERE key IN ({})", keys)}
        known.update({r["alias"]: r["article_id"] for r in self._conn.query_in(
            "SELECT alias, article_id FROM article_aliases WHERE alias IN ({})", keys)})
        found = {(feed_id, r["guid"]): r["id"] for r in self._conn.query_in(
            f"""SELECT a.guid, a.id FROM articles a WHERE a.guid IN ({{}}) AND EXISTS
                (SELECT 1 FROM feed_articles fa
                 WHERE fa.feed_id = {int(feed_id)} AND fa.article_id = a.id)""",
            list(dict.fromkeys(guids)))}
        failed = self._failures.items([key for key in keys if key not in known])
        return KnownItems(known, found, failed)

    def link_article(self, feed_id: int, article_id: str, aliases: Iterable[str] = ()) -> bool:
        """Link a stored article to a feed and remember the URLs it was reached by;
        False when they were linked already."""
        return self.link_articles([(feed_id, article_id, aliases)]) > 0

    def link_articles(self, links: Iterable[tuple[int, str, Iterable[str]]]) -> int:
        """Link each (feed id, article id, aliases): two statements in all (the refresh
        writer links every new article). Returns how many links are new."""
        links = list(links)
        with self._conn.transaction():
            added = self._conn.executemany(
                "INSERT OR IGNORE INTO feed_articles (feed_id, article_id) VALUES (?, ?)",
                [(feed_id, article_id) for feed_id, article_id, _ in links]).rowcount
            self._conn.executemany(
                "INSERT OR IGNORE INTO article_aliases (alias, article_id) VALUES (?, ?)",
                [(alias, article_id) for _, article_id, aliases in links for alias in aliases])
        return added

    def remove_with_articles(self, feed_id: int) -> int:
        """Remove a feed (as `remove`) with its articles, but those another feed
        carries too and the starred ones; returns how many articles were deleted. Their
        stories are marked for a merge (`StoryUpdater.finish` drops those left empty).
        Deletes through `Articles.delete`."""
        doomed = f"""SELECT fa.article_id FROM feed_articles fa
                     JOIN articles a ON a.id = fa.article_id
                     WHERE fa.feed_id = {int(feed_id)} AND a.starred = 0 AND NOT EXISTS
                     (SELECT 1 FROM feed_articles other WHERE other.article_id = a.id
                      AND other.feed_id != fa.feed_id)"""
        with self._conn.transaction():
            deleted = self._articles.delete(doomed, [])
            self.remove(feed_id)
        return deleted
