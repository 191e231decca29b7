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
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from briefing.clock import Clock, plausible
from briefing.config import Settings
from briefing.refresh.work import PageJob, PageResult, Workers
from briefing.sanitize import clean_inline
from briefing.sources.feeds import FeedEntry, ParsedFeed
from briefing.sources.http import Fetcher, FetchResult
from briefing.store.failures import ItemFailure
from briefing.store.feeds import FeedRow, FeedStatus, KnownItems
from briefing.store.store import article_id
from briefing.urls import canonical_url, feed_url

FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/rdf+xml, "
               "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")
HTML_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
RETRY_PAUSES = (timedelta(hours=1), timedelta(hours=6), timedelta(hours=24))
"""How long an item that failed once, twice, three times waits before it is tried again
(a refresh every half hour or once a day both get a few chances at a page that is down);
after its `GIVE_UP_AFTER`th failure it is not tried again until its failures are forgotten
(`refresh.FORGET_ITEM_FAILURES_DAYS` after the last try: a fresh round of tries)."""
GIVE_UP_AFTER = len(RETRY_PAUSES) + 1
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


def entry_key(feed: FeedRow, entry: FeedEntry) -> str | None:
    """An entry's identity before its page is read: canonical link, else a guid key."""
    if entry.link:
        return entry.canonical or canonical_url(entry.link)
    if entry.guid:
        return f"guid:{feed.url}#{entry.guid}"
    return None


@dataclass(frozen=True)
class ItemPlan:
    """What a refresh does with one of a feed document's items: `plan_item` decides it
    for the refresh and for `feeds check` alike."""

    entry: FeedEntry
    """The entry, its date cleared when implausible."""
    article: str | None = None
    """Stored already, as this article: linked to the feed, not fetched."""
    too_old: bool = False
    """Published before the keep_days cutoff: left out (it would be pruned at once)."""
    failure: ItemFailure | None = None
    """It failed before: held back while its pause runs, and once given up."""


def plan_item(feed_id: int, entry: FeedEntry, key: str, known: KnownItems, *,
              now: datetime, cutoff: datetime | None, refetch: bool = False) -> ItemPlan:
    """The plan for an entry among a feed's newest (`refetch`: fetch even what is
    stored or failed before); a plan with none of its fields set is fetched."""
    article = None if refetch else known.keys.get(key) or (
        known.guids.get((feed_id, entry.guid)) if entry.guid else None)
    if article:
        return ItemPlan(entry, article=article)
    entry = dataclasses.replace(entry, published=plausible(entry.published, now))
    if cutoff and entry.published and entry.published < cutoff:
        return ItemPlan(entry, too_old=True)
    return ItemPlan(entry, failure=None if refetch else known.failed.get(key))


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
        failed, held = await self.entries(feed, parsed.entries, parsed.title,
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
                            body_hash=None if retry else digest)
        self._feed_done(FeedDone(feed, status, time.monotonic() - started, problem,
                                 moved_to))

    async def entries(self, feed: FeedRow, entries: tuple[FeedEntry, ...],
                      title: str, site_url: str | None = None) -> tuple[list[int], HeldItems]:
        """Store or link each entry; returns the attempts of each entry that failed (this
        one included), and those held back because they failed before (waiting to be
        retried, or given up)."""
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
        return [n for n, stored in zip(attempts, stored_each, strict=True) if not stored], held

    async def item(self, feed: FeedRow, entry: FeedEntry, key: str) -> bool:
        """Build and report one new entry; False when it failed (or was cancelled)."""
        if self.opts.cancelled.is_set():
            return False
        pending = self.inflight.get(key)
        if pending is not None:  # the same article from another feed: fetch it once
            article = await pending
            if article:
                self.emit(Linked(feed.id, article, new_item=True))
            else:
                self.emit(ItemFailed(feed.id, entry.link or key, "failed in another feed",
                                     key, tried=self.opts.now))
            return article is not None
        future: asyncio.Future[str | None] = asyncio.get_running_loop().create_future()
        self.inflight[key] = future
        try:
            future.set_result(await self._build(feed, entry, key))
        finally:
            if not future.done():
                future.set_result(None)
        return future.result() is not None

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


@dataclass
class HeldItems:
    """A feed's items not tried this time because they failed before."""

    waiting: int = 0
    """Tried again once their pause is over."""
    given_up: int = 0
    """Failed `GIVE_UP_AFTER` times: not tried again (`refresh --refetch` does)."""
    reasons: dict[str, int] = field(default_factory=dict)
    """Their last errors, with how many items each."""
    next_try: datetime | None = None
    """When the first of the waiting ones is tried again."""

    @property
    def count(self) -> int:
        return self.waiting + self.given_up

    def holds(self, failure: ItemFailure, now: datetime) -> bool:
        """Whether an item that failed is held back now (and counted if so)."""
        if failure.attempts >= GIVE_UP_AFTER:
            self.given_up += 1
        elif now < (retry := failure.last_tried + RETRY_PAUSES[max(0, failure.attempts - 1)]):
            self.waiting += 1
            self.next_try = min(retry, self.next_try or retry)
        else:
            return False
        reason = clean_inline(failure.error, 120, whole_words=True)
        self.reasons[reason] = self.reasons.get(reason, 0) + 1
        return True

    def describe(self) -> str | None:
        """E.g. "3 items held back after failing (2 waiting, next try after 2026-03-02
        07:00; 1 given up after 4 attempts): page: HTTP 404 (2), no text in the feed (1)"."""
        if not self.count:
            return None
        parts = [f"{self.waiting} waiting, next try after {self.next_try.astimezone():%Y-%m-%d %H:%M}"
                 if self.waiting and self.next_try else "",
                 f"{self.given_up} given up after {GIVE_UP_AFTER} attempts"
                 if self.given_up else ""]
        why = ", ".join(f"{reason} ({n})" for reason, n in
                        sorted(self.reasons.items(), key=lambda item: -item[1])[:3])
        return (f"{_items(self.count)} held back after failing "
                f"({'; '.join(filter(None, parts))}): {why}")


def newest(entries: tuple[FeedEntry, ...], most: int,
           now: datetime) -> tuple[FeedEntry, ...]:
    """A feed document's `most` newest entries (all when `most` is 0): by date, the
    undated ones (and those dated implausibly far after `now`) after the dated, in the
    document's order (a feed lists its newest first)."""
    if not most or len(entries) <= most:
        return entries
    oldest = datetime.min.replace(tzinfo=UTC)
    by_date = sorted(entries, key=lambda e: plausible(e.published, now) or oldest,
                     reverse=True)  # stable
    return tuple(by_date[:most])


def skipped_note(count: int, most: int) -> str | None:
    """The feed's note for the entries beyond its newest `most`."""
    if count <= most or not most:
        return None
    return (f"{_items(count - most)} beyond the newest {most} skipped "
            "([fetch] max_items)")


def document_verdict(parsed: ParsedFeed, *, truncated: bool) -> tuple[str | None, str | None]:
    """What a fetched feed document says of its feed, in the words a refresh stores and
    `feeds check` prints: (error, note). An error when it gives nothing to read (not a
    feed, and why); else a note when its items are read with something amiss (the
    document cut at the size limit, or ill-formed), or None."""
    if not parsed.entries and (not parsed.is_feed or parsed.problem):
        if parsed.alternates:  # an HTML page that names its feed: say which
            return f"not a feed; the page offers {parsed.alternates[0]}", None
        return (f"not a feed ({parsed.problem})" if parsed.problem else "not a feed"), None
    if truncated:
        return None, "feed cut at the size limit"
    return None, f"ill-formed: {parsed.problem}" if parsed.problem else None


def failed_note(attempts: list[int]) -> str | None:
    """The feed's note for its items that failed this time, given each one's attempts so
    far: when each is tried next (the pause grows with the attempts), or given up."""
    if not attempts:
        return None
    pauses = sorted({RETRY_PAUSES[n - 1] for n in attempts if n < GIVE_UP_AFTER})
    given_up = sum(n >= GIVE_UP_AFTER for n in attempts)
    when = []
    if pauses:
        when.append(f"next try in {_hours(pauses[0])}" if len(pauses) == 1 else
                    f"next try in {_hours(pauses[0]).split()[0]} to {_hours(pauses[-1])}")
    if given_up:
        when.append(f"{given_up} given up after {GIVE_UP_AFTER} attempts: "
                    "`refresh --refetch` tries again")
    return f"{_items(len(attempts))} could not be read ({'; '.join(when)})"


def failure_words(failure: ItemFailure, now: datetime) -> str:
    """An item failure as a user reads it: the reason, the attempts, what comes next."""
    tries = f"{failure.attempts} {'attempt' if failure.attempts == 1 else 'attempts'}"
    if failure.attempts >= GIVE_UP_AFTER:
        return f"{failure.error} (given up after {tries}; `refresh --refetch` tries again)"
    retry = failure.last_tried + RETRY_PAUSES[max(0, failure.attempts - 1)]
    when = ("at the next refresh" if retry <= now
            else f"after {retry.astimezone():%Y-%m-%d %H:%M}")
    return f"{failure.error} ({tries}; next try {when})"


def _items(count: int) -> str:
    return f"{count} {'item' if count == 1 else 'items'}"


def _hours(pause: timedelta) -> str:
    hours = round(pause.total_seconds() / 3600)
    return f"{hours} {'hour' if hours == 1 else 'hours'}"


def body_digest(document: bytes, keep_days: int, max_items: int = 0) -> str:
    """A feed document's digest, with what decides which of its items are taken (the
    retention window, the cap on items): when any changes, the document is read again."""
    decides = f"\0keep_days={keep_days}" + (f"\0max_items={max_items}" if max_items else "")
    return hashlib.sha256(document + decides.encode()).hexdigest()


def fetch_feeds(feeds: list[FeedRow], options: FetchOptions, workers: Workers,
                emit: Callable[[object], None]) -> None:
    """Fetch every feed and its new entries; blocks until done (call it in a thread)."""
    asyncio.run(_Run(feeds, options, workers, emit).main())


def cutoff_for(keep_days: int, now: datetime) -> datetime | None:
    """Entries published before this are not fetched: they would be pruned at once."""
    if keep_days <= 0:
        return None
    return now - timedelta(days=keep_days)
