"""Writing: the fetch's events into the store, one transaction per batch.

The writer runs on the thread that owns the database. It takes what has arrived (up to
`BATCH` events, waiting at most `BATCH_SECONDS` for more), stores the articles, links them
to their feeds and puts them into stories, and commits: a crash loses at most the batch
in flight, and no commit holds an article outside a story.
"""

from __future__ import annotations

import dataclasses
import queue
import time
from typing import Any

from briefing.edition.update import StoryUpdater
from briefing.models import RefreshReport, SourceFailure
from briefing.refresh.fetch import ArticleReady, FeedDone, ItemFailed, ItemsFound, Linked
from briefing.sanitize import clean_inline
from briefing.store import Store
from briefing.store.feeds import FeedRow
from briefing.urls import same_site

BATCH = 200
"""Most events written in one transaction."""
BATCH_SECONDS = 0.25
"""Longest a finished article waits for others to share its transaction (each commit is
an fsync)."""


WAITING_NAMED = 2
"""At most this many feeds still being read are named in the progress: the last ones, which
a refresh that seems stuck is waiting on."""


class Writer:
    """Applies fetch events to the store and keeps the per-feed rows of the report."""

    def __init__(self, store: Store, report: RefreshReport, feeds: list[FeedRow],
                 stories: StoryUpdater) -> None:
        self.store = store
        self.stories = stories
        self.report = report
        self.rows: dict[int, dict[str, Any]] = {
            f.id: {"feed": f.url, "name": f.display_name, "status": "pending", "http": None,
                   "new": 0, "updated": 0, "unchanged": 0, "failed": 0, "error": None,
                   "seconds": 0.0, "moved_to": None} for f in feeds}
        self.done = 0
        """Feeds and items finished."""
        self.total = len(feeds)
        """Feeds, and the new items found so far in those read."""
        self.feeds_done = 0
        self.items_found = 0
        self.items_done = 0
        self.pending: list[ArticleReady] = []
        """Articles applied but not yet stored."""
        self.failed: set[str] = set()
        """The keys of the items that failed in this refresh."""
        self.sites: dict[int, list[str]] = {f.id: [u for u in (f.site_url, f.url) if u]
                                            for f in feeds}
        """Each feed's site and own URL: where the articles it can vouch for live."""
        self.made: dict[str, tuple[str, int]] = {}
        """Article id -> (its URL, the feed it is credited to), for this refresh's."""

    def write(self, events: list[object]) -> None:
        """Apply a batch of events in one transaction."""
        with self.store.transaction():
            for event in events:
                self.apply(event)
            self.flush()

    def apply(self, event: object) -> None:
        """Apply one event; articles wait in `pending` to be stored together by `flush`."""
        if isinstance(event, ArticleReady):
            assert event.result.doc is not None and event.result.brief is not None
            self.pending.append(event)
            self.done += 1
            self.items_done += 1
            return
        if isinstance(event, Linked):
            self.flush()  # the linked article may be one still pending
            linked = self.store.feeds.link_article(event.feed_id, event.article_id, event.aliases)
            if event.new_item:
                self.done += 1
                self.items_done += 1
            if linked and (event.new_item or event.article_id in self.made):
                # Stored in this refresh for another feed: new to this one too.
                self.rows[event.feed_id]["new"] += 1
                self.credit(event.feed_id, event.article_id)
            elif not event.new_item:  # (a new item linked already: another item's twin)
                self.rows[event.feed_id]["unchanged"] += 1
                self.report.count("unchanged")
            return
        if isinstance(event, ItemFailed):
            self.rows[event.feed_id]["failed"] += 1
            self.done += 1
            self.items_done += 1
            if event.key and event.key not in self.failed:  # once, however many feeds
                self.failed.add(event.key)  # (a transient one is not recorded at all)
                if not event.transient:
                    self.store.failures.record_item(event.key, event.error, event.tried)
            return
        if isinstance(event, ItemsFound):
            self.total += event.count
            self.items_found += event.count
            row = self.rows[event.feed_id]
            if event.title and row["name"] == row["feed"]:
                row["name"] = event.title
            if event.site_url:
                self.sites[event.feed_id].insert(0, event.site_url)
            return
        if isinstance(event, FeedDone):
            row = self.rows[event.feed.id]
            status = event.status
            if event.moved_to:
                note = self.move(event.feed, event.moved_to)
                if note:  # not moved: the feed's status says why, until it is sorted out
                    status = dataclasses.replace(
                        status, error="; ".join(filter(None, (status.error, note))))
                else:
                    row["moved_to"] = event.moved_to
            self.store.feeds.record_fetch(event.feed.id, status)
            row["http"] = event.status.status
            row["seconds"] = round(event.seconds, 3)
            row["error"] = status.error
            if not status.ok:
                row["status"] = "failed"
                error = status.error or "failed"
                failure = SourceFailure(event.feed.display_name, error)
                if event.feed.failures and event.feed.last_error == error:
                    # As at the last refresh: shown, not news.
                    self.report.still_failing.append(failure)
                else:
                    self.report.failures.append(failure)
            else:
                row["status"] = ("not modified" if status.status == 304
                                 else "unchanged" if status.unchanged else "ok")
            self.done += 1
            self.feeds_done += 1
            return
        raise TypeError(f"unknown fetch event {event!r}")

    def progress(self) -> str:
        """Where the refresh stands, e.g. "12 of 40 feeds read · 30 of 85 new items", the
        last feeds named: "39 of 40 feeds read · waiting for BBC · 80 of 85 new items"."""
        text = f"{self.feeds_done} of {len(self.rows)} feeds read"
        waiting = [row["name"] for row in self.rows.values() if row["status"] == "pending"]
        if self.feeds_done and 0 < len(waiting) <= WAITING_NAMED:  # what a pause waits on
            text += " · waiting for " + " and ".join(clean_inline(n, 30) for n in waiting)
        if self.items_found:
            text += f" · {self.items_done} of {self.items_found} new items"
        return text

    def move(self, feed: FeedRow, url: str) -> str | None:
        """Follow a feed's permanent redirect: its stored URL becomes the new one. Returns
        why it was not moved: a feed of the config file (the file is the user's), or a
        URL another feed has (never merged silently)."""
        if feed.origin == "config":
            return f"moved permanently to {url}: change its url in the config file"
        other = self.store.feeds.move(feed.id, url)
        if other is not None:
            return (f"moved permanently to {url}, which is feed {other.id} "
                    f"({other.display_name}) too: remove one with `briefing feeds remove`")
        return None

    def credit(self, feed_id: int, article_id: str) -> None:
        """Credit an article fetched for another feed to this one instead when this feed
        is of the article's own site and the other is not: a feed that links to another
        site's page does not get to be its source."""
        made = self.made.get(article_id)
        if made is None:
            return
        url, credited = made
        if self.of_site(feed_id, url) and not self.of_site(credited, url):
            self.store.articles.set_source(article_id, self.rows[feed_id]["name"])
            self.made[article_id] = (url, feed_id)

    def of_site(self, feed_id: int, url: str) -> bool:
        return any(same_site(site, url) for site in self.sites[feed_id])

    def flush(self) -> None:
        """Store the pending articles in one bulk ingest, link them to their feeds and put
        them into stories (all in the caller's transaction)."""
        if not self.pending:
            return
        items = [(e.result.doc, e.result.brief, self.rows[e.feed_id]["name"])
                 for e in self.pending]
        results = self.store.articles.ingest_many(items)  # type: ignore[arg-type]
        self.store.feeds.link_articles((e.feed_id, r.article_id, e.result.aliases)
                                       for e, r in zip(self.pending, results, strict=True))
        self.store.failures.forget_items({alias for e in self.pending
                                          for alias in e.result.aliases})
        stored, features = [], {}
        for event, result in zip(self.pending, results, strict=True):
            doc = event.result.doc
            assert doc is not None
            self.made[result.article_id] = (doc.url or "", event.feed_id)
            if result.outcome != "unchanged":
                stored.append(result.article_id)
                if event.result.features is not None:
                    features[result.article_id] = event.result.features
            self.rows[event.feed_id][result.outcome] += 1
            self.report.count(result.outcome)
        self.pending = []
        self.stories.add(stored, features)


def next_batch(events: queue.Queue[object]) -> list[object]:
    """The events to write together: the next one, then those that arrive within
    `BATCH_SECONDS`, up to `BATCH`; None in the queue marks the end. Empty when nothing
    came for `BATCH_SECONDS`, so the caller can look at its cancel flag."""
    try:
        batch = [events.get(timeout=BATCH_SECONDS)]
    except queue.Empty:
        return []
    until = time.monotonic() + BATCH_SECONDS
    while len(batch) < BATCH and batch[-1] is not None:
        try:
            batch.append(events.get(timeout=max(0.0, until - time.monotonic())))
        except queue.Empty:
            break
    return batch
