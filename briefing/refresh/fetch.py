"""Fetching: every feed (conditional GET), its new items' pages, each parsed and briefed
in the workers.

`fetch_feeds` runs an event loop (call it in a thread of its own) over one
`sources.http.Fetcher` and reports what happens as events through `emit` (a thread-safe
queue's put): the writer, on the caller's thread, owns the database. Nothing here touches
SQLite but through `FetchOptions.known`, and nothing CPU-heavy runs on the loop.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from briefing.clock import Clock, plausible
from briefing.config import Settings
from briefing.refresh.items import (
    HeldItems,
    document_verdict,
    entry_key,
    failed_note,
    newest,
    plan_item,
    skipped_note,
)
from briefing.refresh.work import PageJob, PageResult, Workers
from briefing.sources.feeds import FeedEntry
from briefing.sources.http import Fetcher, FetchResult
from briefing.store.articles import article_id
from briefing.store.feeds import FeedRow, FeedStatus, KnownItems
from briefing.urls import feed_url

FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/rdf+xml, "
               "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")
HTML_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
CANCEL_POLL = 0.05
"""Seconds between looks at the cancel event (a threading.Event: it cannot wake the loop)."""


@dataclass(frozen=True)
class ItemsFound:
    feed_id: int
    count: int
    title: str = ""
    site_url: str | None = None
    """The site the feed document says it is of."""


@dataclass(frozen=True)
class ArticleReady:
    feed_id: int
    result: PageResult


@dataclass(frozen=True)
class Linked:
    """A known article seen again in a feed (or the same article in a second feed)."""

    feed_id: int
    article_id: str
    aliases: tuple[str, ...] = ()
    new_item: bool = False
    """One of the feed's new items, fetched for another feed in this refresh."""


@dataclass(frozen=True)
class ItemFailed:
    feed_id: int
    what: str
    error: str
    key: str = ""
    """The entry's key, under which the failure is remembered."""
    transient: bool = False
    """Failed on a limit of our own (a host's time budget): not remembered, so the item
    is tried again at the next refresh like a new one."""
    tried: datetime | None = None
    """When the refresh that tried it started: the retry pause counts from there, as the
    next refresh compares it with its own start."""


@dataclass(frozen=True)
class FeedDone:
    feed: FeedRow
    status: FeedStatus
    seconds: float
    problem: str | None = None
    moved_to: str | None = None
    """The feed's new URL, when it answered with a permanent redirect."""


KnownLookup = Callable[[int, list[str], list[str]], KnownItems]
"""(feed id, entry keys, entry guids) -> those the store holds."""


@dataclass
class FetchOptions:
    settings: Settings
    known: KnownLookup
    """Which entries of one feed document are stored (called on the fetching thread)."""
    refetch: bool = False
    cancelled: threading.Event = field(default_factory=threading.Event)
    now: datetime = field(kw_only=True)
    """The refresh's time (from the app's clock): dates past it are implausible."""
    clock: Clock = field(kw_only=True)
    """The app's clock, for waits a host asks for until a given time."""
    cutoff: datetime | None = None


class _Run:
    def __init__(self, feeds: list[FeedRow], options: FetchOptions, workers: Workers,
                 emit: Callable[[object], None]) -> None:
        self.feeds = feeds
        self.opts = options
        self.workers = workers
        self.emit = emit
        self.fetch_settings = options.settings.fetch
        self.inflight: dict[str, asyncio.Future[str | None]] = {}
        self.host_deadlines: dict[str, float] = {}
        """host -> the loop time its budget runs out."""
        self.finished: set[int] = set()
        """The feeds whose FeedDone was emitted."""
        # Feeds arrive together (one host each) and the pool is first come, first served:
        # unthrottled, every feed is parsed before any item is briefed, and the writer
        # gets nothing to store until then. A few parses in flight keep both flowing.
        self.parse_slots = asyncio.Semaphore(2 * workers.count)

    async def main(self) -> None:
        deadline = self.fetch_settings.deadline
        async with Fetcher(self.fetch_settings, self.opts.clock) as self.fetcher:
            work = asyncio.gather(*(self.feed(f) for f in self.feeds))
            watch = asyncio.create_task(self._stop_when_cancelled(work))
            try:
                async with asyncio.timeout(deadline):
                    await work
            except TimeoutError:
                for feed in self.feeds:
                    if feed.id not in self.finished:
                        self.emit(FeedDone(feed, FeedStatus(
                            None, f"unfinished at the refresh deadline ({deadline:g}s)",
                            False), deadline))
            except asyncio.CancelledError:
                if not self.opts.cancelled.is_set():
                    raise
            finally:
                watch.cancel()

    async def _fetch(self, url: str, **options: str | None) -> FetchResult:
        """`Fetcher.fetch` within the host's budget: a host's requests, queued or running,
        fail once it has had `host_budget` seconds since its first request."""
        host = urlsplit(url).hostname or ""
        budget = self.fetch_settings.host_budget
        until = self.host_deadlines.setdefault(
            host, asyncio.get_running_loop().time() + budget)
        try:
            async with asyncio.timeout_at(until):
                return await self.fetcher.fetch(url, **options)
        except TimeoutError:
            return FetchResult(url, url, error=f"host budget spent ({budget:g}s for {host})",
                               transient=True)

    async def _stop_when_cancelled(self, work: asyncio.Future[list[None]]) -> None:
        """Cancel every fetch and job once the refresh is cancelled (the writer's thread
        sets the event): otherwise items queued for a connection would each be fetched
        first, and quitting the reader during a long full-text refresh would wait for
        them all."""
        while not self.opts.cancelled.is_set():
            await asyncio.sleep(CANCEL_POLL)
        work.cancel()

    def _feed_done(self, event: FeedDone) -> None:
        self.finished.add(event.feed.id)
        self.emit(event)

    async def feed(self, feed: FeedRow) -> None:
        if self.opts.cancelled.is_set():
            return
        started = time.monotonic()
        fresh = self.opts.refetch  # --refetch re-reads every entry, so no 304 either
        res = await self._fetch(feed.url, etag=None if fresh else feed.etag,
                                       last_modified=None if fresh else feed.last_modified,
                                       accept=FEED_ACCEPT)
        moved_to = feed_url(res.moved_to) if res.moved_to else None
        moved_to = moved_to if moved_to != feed.url else None
        if res.not_modified:
            status = FeedStatus(304, None, True)
            self._feed_done(FeedDone(feed, status, time.monotonic() - started,
                                     moved_to=moved_to))
            return
        if not res.ok:
            status = FeedStatus(res.status, res.error or f"HTTP {res.status}", False)
            self._feed_done(FeedDone(feed, status, time.monotonic() - started))
            return
        digest = body_digest(res.content, self.opts.settings.keep_days,
                             self.fetch_settings.max_items)
        if feed.body_hash == digest and not fresh:
            # The document whose every item is stored, again: a host without validators.
            status = FeedStatus(res.status, None, True, res.headers.get("etag"),
                                res.headers.get("last-modified"), body_hash=digest,
                                unchanged=True)
            self._feed_done(FeedDone(feed, status, time.monotonic() - started,
                                     moved_to=moved_to))
            return
        async with self.parse_slots:
            parsed = await self.workers.parse(res.content, res.final_url,
                                                res.headers.get("content-type"))
        error, note = document_verdict(parsed, truncated=res.truncated)
        if error is not None:
            self._feed_done(FeedDone(feed, FeedStatus(res.status, error, False),
                               time.monotonic() - started))
            return
        if not feed.name and parsed.title:  # name articles after the feed from the start
            feed = dataclasses.replace(feed, title=parsed.title)
        failed, held, stored = await self.entries(feed, parsed.entries, parsed.title,
                                                  parsed.site_url)
        if self.opts.cancelled.is_set():
            return  # no new validators: the next refresh must see the rest of this feed
        problem = "; ".join(filter(None, (
            note,
            failed_note(failed),
            held.describe(),
            skipped_note(len(parsed.entries), self.fetch_settings.max_items)))) or None
        # Items to try again are tried while the document stays: no validators and no
        # digest, so a later refresh reads the document in full (a 304 would hide them).
        retry = bool(failed or res.truncated or held.waiting)
        status = FeedStatus(200, problem, True,
                            None if retry else res.headers.get("etag"),
                            None if retry else res.headers.get("last-modified"),
                            parsed.title or None, parsed.site_url, len(parsed.entries),
                            body_hash=None if retry else digest, items_stored=stored)
        self._feed_done(FeedDone(feed, status, time.monotonic() - started, problem,
                                 moved_to))

    async def entries(self, feed: FeedRow, entries: tuple[FeedEntry, ...],
                      title: str, site_url: str | None = None,
                      ) -> tuple[list[int], HeldItems, int]:
        """Store or link each entry; returns the attempts of each entry that failed (this
        one included), those held back because they failed before (waiting to be retried,
        or given up), and how many stored articles the entries make (two entries of one
        article make one, as `feeds check` counts them)."""
        jobs = []
        attempts = []
        held = HeldItems()
        taken = newest(entries, self.fetch_settings.max_items, self.opts.now)
        keyed = [(key, entry) for entry in taken if (key := entry_key(feed, entry)) is not None]
        stored = self.opts.known(feed.id, [key for key, _ in keyed],
                                 [entry.guid for _, entry in keyed if entry.guid])
        links = []
        for key, entry in keyed:
            plan = plan_item(feed.id, entry, key, stored, now=self.opts.now,
                             cutoff=self.opts.cutoff, refetch=self.opts.refetch)
            if plan.article:
                links.append(Linked(feed.id, plan.article))
            elif not plan.too_old and (plan.failure is None
                                       or not held.holds(plan.failure, self.opts.now)):
                jobs.append(self.item(feed, plan.entry, key))
                attempts.append(1 + (plan.failure.attempts if plan.failure is not None else 0))
        self.emit(ItemsFound(feed.id, len(jobs), title, site_url))  # the feed's name first
        for link in links:
            self.emit(link)
        stored_each = await asyncio.gather(*jobs)
        failed = [n for n, article in zip(attempts, stored_each, strict=True) if not article]
        articles = {link.article_id for link in links} | set(filter(None, stored_each))
        return failed, held, len(articles)

    async def item(self, feed: FeedRow, entry: FeedEntry, key: str) -> str | None:
        """Build and report one new entry; its article's id, None when it failed (or was
        cancelled)."""
        if self.opts.cancelled.is_set():
            return None
        pending = self.inflight.get(key)
        if pending is not None:  # the same article from another feed: fetch it once
            article = await pending
            if article:
                self.emit(Linked(feed.id, article, new_item=True))
            else:
                self.emit(ItemFailed(feed.id, entry.link or key, "failed in another feed",
                                     key, tried=self.opts.now))
            return article
        future: asyncio.Future[str | None] = asyncio.get_running_loop().create_future()
        self.inflight[key] = future
        try:
            future.set_result(await self._build(feed, entry, key))
        finally:
            if not future.done():
                future.set_result(None)
        return future.result()

    async def _build(self, feed: FeedRow, entry: FeedEntry, key: str) -> str | None:
        page: FetchResult | None = None
        if self.fetch_settings.full_text and entry.link:
            page = await self._fetch(entry.link, accept=HTML_ACCEPT)
        if self.opts.cancelled.is_set():
            return None
        ok = page is not None and page.ok
        failed = None if page is None or ok else page.error or f"HTTP {page.status}"
        job = PageJob(entry, key, page.content if ok else None, page.final_url if ok else None,
                      feed.display_name, self.opts.settings.brief.what_to_know,
                      full_text=self.fetch_settings.full_text, page_error=failed)
        result = await self.workers.run(job)
        if result.doc is not None and result.doc.published != plausible(result.doc.published,
                                                                        self.opts.now):
            result = dataclasses.replace(
                result, doc=dataclasses.replace(result.doc, published=None))
        if result.doc is None:
            error = result.error or "no text"
            if page is not None and not page.ok:
                error = f"page: {page.error}; {error}"
            self.emit(ItemFailed(feed.id, entry.link or key, error, key,
                                 transient=page is not None and page.transient,
                                 tried=self.opts.now))
            return None
        self.emit(ArticleReady(feed.id, result))
        return article_id(result.doc.key)  # the id the writer stores it under


def body_digest(document: bytes, keep_days: int, max_items: int = 0) -> str:
    """A feed document's digest, with what decides which of its items are taken (the
    retention window, the cap on items): when any changes, the document is read again."""
    decides = f"\0keep_days={keep_days}" + (f"\0max_items={max_items}" if max_items else "")
    return hashlib.sha256(document + decides.encode()).hexdigest()


def fetch_feeds(feeds: list[FeedRow], options: FetchOptions, workers: Workers,
                emit: Callable[[object], None]) -> None:
    """Fetch every feed and its new entries; blocks until done (call it in a thread)."""
    asyncio.run(_Run(feeds, options, workers, emit).main())
