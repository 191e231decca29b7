"""`briefing feeds check`: is each feed reachable, a feed, fresh, and rich enough?"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta

from briefing.clock import Clock
from briefing.config import FetchSettings
from briefing.feed_health import items_lost
from briefing.refresh.fetch import FEED_ACCEPT
from briefing.refresh.items import (
    cutoff_for,
    document_verdict,
    entry_key,
    failure_words,
    newest,
    plan_item,
)
from briefing.refresh.work import Workers
from briefing.sources.feeds import FeedEntry, feed_head
from briefing.sources.http import Fetcher
from briefing.store import Store
from briefing.store.feeds import FeedRow

STALE_DAYS = 30
THIN_CHARS = 300
"""Items whose own text is shorter than this on average are "thin": teasers only."""


@dataclass(frozen=True)
class FeedCheck:
    """The verdict on one feed; `problems` is empty when all is well."""

    url: str
    status: int | None
    entries: int
    newest: datetime | None
    avg_chars: int
    problems: tuple[str, ...]
    notes: tuple[str, ...] = ()
    """Worth knowing, not wrong: thin items, no dates."""
    is_feed: bool = False
    """The address answered with an RSS or Atom document."""
    alternates: tuple[str, ...] = ()
    """Feeds a web page at the address offers (its <link rel="alternate">s)."""
    title: str = ""
    """The feed's own title, cleaned as a refresh cleans it ("" when none)."""
    items: tuple[FeedEntry, ...] = ()
    """The document's items, for `not_stored`."""
    failed: bool = False
    """Nothing can be read from the feed (unreachable, not a feed): what a refresh counts
    as failed. Its other `problems` leave it read, with something amiss."""

    @property
    def ok(self) -> bool:
        return not self.problems


async def _check(fetcher: Fetcher, workers: Workers, url: str, now: datetime, *,
                 head_only: bool = False) -> FeedCheck:
    res = await fetcher.fetch(url, accept=FEED_ACCEPT)
    if not res.ok:
        return FeedCheck(url, res.status, 0, None, 0,
                         (f"unreachable: {res.error or res.status}",), failed=True)
    content = feed_head(res.content) if head_only else res.content
    parsed = await workers.parse(content, res.final_url, res.headers.get("content-type"))
    # The document judged as a refresh judges it, in its words. A head is cut after an
    # item, so it has items when the whole has: it fails only where the whole would.
    error, note = document_verdict(parsed, truncated=res.truncated)
    if head_only:
        return FeedCheck(url, res.status, len(parsed.entries), None, 0,
                         (error,) if error else (), is_feed=parsed.is_feed,
                         alternates=tuple(parsed.alternates or ()),
                         title=parsed.title if parsed.is_feed and not error else "",
                         failed=error is not None)
    problems = [p for p in (error, note) if p and (p is error or items_lost(p))]
    notes = [note] if note and note not in problems else []
    if error is None and not parsed.entries:
        problems.append("no items")
    if len(parsed.alternates) > (1 if error else 0):  # the error names the first
        notes.append("the page offers " + ", ".join(parsed.alternates))
    dates = [e.published for e in parsed.entries if e.published]
    newest = max(dates) if dates else None
    if parsed.entries and newest is None:
        notes.append("no item dates")
    elif newest and newest < now - timedelta(days=STALE_DAYS):
        problems.append(f"stale: newest item {newest:%Y-%m-%d}")
    avg = sum(len(e.text) for e in parsed.entries) // max(1, len(parsed.entries))
    if parsed.entries and avg < THIN_CHARS:
        notes.append(f"thin items ({avg} characters on average; full text is fetched)")
    return FeedCheck(url, res.status, len(parsed.entries), newest, avg, tuple(problems),
                     tuple(notes), is_feed=parsed.is_feed,
                     alternates=tuple(parsed.alternates or ()),
                     title=parsed.title if parsed.is_feed else "", items=parsed.entries,
                     failed=error is not None)


async def _check_all(urls: list[str], settings: FetchSettings, clock: Clock,
                     head_only: bool) -> list[FeedCheck]:
    now = clock()
    workers = Workers(settings.workers, time_limit=settings.parse_timeout, pages=False)
    try:
        async with Fetcher(settings, clock) as fetcher:
            return list(await asyncio.gather(*(_check(fetcher, workers, u, now,
                                                      head_only=head_only)
                                               for u in urls)))
    finally:
        await asyncio.to_thread(workers.close)


@dataclass(frozen=True)
class NotStored:
    """A feed item that is not a stored article, and why."""

    title: str
    link: str | None
    why: str


def not_stored(store: Store, feed: FeedRow, items: tuple[FeedEntry, ...], *,
               keep_days: int, max_items: int, now: datetime) -> list[NotStored]:
    """The items of a feed's document (as fetched now) that are not stored articles of
    it, each with the reason a refresh left it out, in the document's order."""
    taken = {id(e) for e in newest(items, max_items, now)}
    keys = {id(e): entry_key(feed, e) for e in items}
    known = store.feeds.known_among(feed.id, [k for k in keys.values() if k],
                                    [e.guid for e in items if e.guid])
    cutoff = cutoff_for(keep_days, now)
    first_with: dict[str, FeedEntry] = {}  # article id -> the first item stored as it
    out: list[NotStored] = []
    for entry in items:
        key = keys[id(entry)]
        if key is None:  # no http(s) link, no guid: nothing to fetch, nothing to know it by
            why = ("its link is not an http(s) address, and it has no id"
                   if entry.refused_link else "no link and no id")
        elif id(entry) not in taken:
            why = f"beyond the newest {max_items} ([fetch] max_items)"
        elif (plan := plan_item(feed.id, entry, key, known, now=now,
                                cutoff=cutoff)).article:
            if plan.article not in first_with:
                first_with[plan.article] = entry
                continue
            why = f"the same article as the item “{first_with[plan.article].title}”"
        elif plan.too_old:
            why = f"older than keep_days ({keep_days})"
        elif plan.failure is not None:
            why = failure_words(plan.failure, now)
        else:
            why = "new since the last refresh"
        out.append(NotStored(entry.title, entry.link or entry.refused_link, why))
    return out


def check_feeds(urls: list[str], settings: FetchSettings, clock: Clock, *,
                head_only: bool = False) -> list[FeedCheck]:
    """Check every URL concurrently (same limits as a refresh); results in input order.
    `clock` (the app's) decides what counts as stale. `head_only`: only say whether each
    is a feed (with its title) or a page offering feeds, from the document's first items
    (`feeds add`); its items are neither judged nor kept."""
    return asyncio.run(_check_all(urls, settings, clock, head_only))
