"""The CPU-bound step of a refresh: an entry and its page -> a Document and its Brief.

`build_article` runs in worker processes (see `Extractor`), so extraction and briefing
use every core while the event loop keeps the network busy. Its inputs and outputs are
plain picklable data; it never touches the database. Feed documents are parsed there too:
hostile input can make a parser crawl (feedparser has known super-linear regexes), and
only a worker process can be interrupted, with a time limit, without stalling the refresh.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import multiprocessing
import os
import signal
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from briefing.background import in_background
from briefing.forkserver import preload, start_helper_processes
from briefing.models import Brief, Document
from briefing.sources.feeds import FeedEntry, ParsedFeed, parse_feed
from briefing.sources.urls import canonical_url, is_http_url, same_site

FEED_PREFERRED = 1.5
"""The feed's own text wins when it is this much longer than what the page gave."""
WORKER_NICENESS = 10
"""Workers run at lower priority: the app's own process (the event loop, the writer, a
running TUI) and the clustering process go first, and the parsing and extraction use what
is left; a refresh in the background defers to the user's other work too. (On the bench's
feeds-only first runs 10, 5 and 0 now take the same time: the clustering process took the
load that made the writer fall behind the workers.) Set in each worker, not in the fork
server, whose other children keep their priority."""
TIME_LIMIT = 20.0
"""Seconds one feed document or one page may take to parse and brief (default)."""

T = TypeVar("T")


@dataclass(frozen=True)
class PageJob:
    """One new entry to turn into an article; `html` is None when no page was fetched."""

    entry: FeedEntry
    key: str
    """The entry's identity before its page is read (canonical link, else guid key)."""
    html: bytes | None
    final_url: str | None
    source: str
    what_to_know: int = 5


@dataclass(frozen=True)
class PageResult:
    """The article built from a job, or why there is none."""

    doc: Document | None
    brief: Brief | None
    aliases: tuple[str, ...] = ()
    error: str | None = None
    features: dict[str, float] | None = None
    """The document's clustering features, computed here so the story step after the
    refresh does not compute them on the main process."""


def _identity(job: PageJob, page_canonical: str | None) -> tuple[str, tuple[str, ...]]:
    """The article key (the page's own canonical URL when it names one on its site, else
    where the link landed, else the link) and every other URL that leads to it."""
    keys = [job.key]
    if job.final_url and is_http_url(job.final_url):
        keys.insert(0, canonical_url(job.final_url))
        if page_canonical and same_site(page_canonical, job.final_url):
            keys.insert(0, canonical_url(page_canonical))
    unique = tuple(dict.fromkeys(keys))
    return unique[0], unique


def build_article(job: PageJob) -> PageResult:
    """Extract the page (if any), fall back to the feed's text, and brief the result."""
    entry = job.entry
    page = None
    if job.html:
        from briefing.extract.html import extract_page  # trafilatura: only for pages

        page = extract_page(job.html, job.final_url)
    key, aliases = _identity(job, page.canonical_url if page else None)
    use_page = page is not None and len(entry.text) <= FEED_PREFERRED * len(page.text)
    if use_page and page is not None:
        doc = Document(
            key=key, title=entry.title or page.title or "(untitled)", text=page.text,
            url=key if is_http_url(key) else entry.link, guid=entry.guid,
            author=page.author or entry.author, published=entry.published or page.published,
            site=page.site, language=page.language, text_origin="page")
    elif entry.text:
        doc = Document(
            key=key, title=entry.title or "(untitled)", text=entry.text,
            url=key if is_http_url(key) else entry.link, guid=entry.guid, author=entry.author,
            published=entry.published, site=page.site if page else None, text_origin="feed")
    else:
        reason = "no text in the page or the feed" if job.html else "no text in the feed"
        return PageResult(None, None, aliases, reason)
    from briefing.brief import make_brief  # the workers' imports (see forkserver.preload)
    from briefing.cluster.features import ClusterItem, extract_features

    brief = make_brief(doc.text, what_to_know=job.what_to_know, title=doc.title)
    features = extract_features(ClusterItem(key, doc.title, doc.text))
    return PageResult(doc, brief, aliases, features=features)


def _deliver(done: asyncio.Future[list[PageResult]],
             batch: list[tuple[PageJob, asyncio.Future[PageResult]]]) -> None:
    """Hand a batch's results (or its failure) to the jobs' own futures."""
    for n, (_, future) in enumerate(batch):
        if future.done():  # its awaiting task was cancelled
            continue
        if done.cancelled():
            future.cancel()
        elif (error := done.exception()) is not None:
            future.set_exception(error)
        else:
            future.set_result(done.result()[n])


class TooSlow(BaseException):
    """A worker's job ran past its time limit. A BaseException, so that the parsers' own
    `except Exception` clauses cannot swallow it."""


def _too_slow(signum: int, frame: object) -> None:
    raise TooSlow


def _limited(seconds: float, fn: Callable[..., T], *args: Any) -> T:
    """fn(*args), interrupted after `seconds` when run in a worker process."""
    if seconds <= 0 or multiprocessing.parent_process() is None:
        return fn(*args)  # never install a signal handler in the app's own process
    signal.signal(signal.SIGALRM, _too_slow)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)  # fires again if something swallows it
    try:
        return fn(*args)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def run_page_job(job: PageJob, seconds: float = TIME_LIMIT) -> PageResult:
    """`build_article` within a time limit (the worker side of `Extractor.run`)."""
    try:
        return _limited(seconds, build_article, job)
    except TooSlow:
        return PageResult(None, None, (), f"abandoned after {seconds:g}s of processing")


def run_page_jobs(jobs: list[PageJob], seconds: float = TIME_LIMIT) -> list[PageResult]:
    """`run_page_job` for each job: one round trip to a worker for many small jobs."""
    return [run_page_job(job, seconds) for job in jobs]


def run_feed_parse(data: bytes, url: str, content_type: str | None,
                   seconds: float = TIME_LIMIT) -> ParsedFeed:
    """`parse_feed` within a time limit (the worker side of `Extractor.parse`)."""
    try:
        return _limited(seconds, parse_feed, data, url, content_type)
    except TooSlow:
        return ParsedFeed("", None, (), False, f"abandoned after {seconds:g}s of parsing")


def _lower_priority() -> None:
    if hasattr(os, "nice"):
        os.nice(WORKER_NICENESS)


def _warm() -> None:
    """A no-op job: submitting it starts the workers while the first feeds download."""


class Extractor:
    """Runs feed parsing and `build_article` in worker processes, each job within a time
    limit. Workers come from a fork server that has already imported the parsers, so a
    new pool starts in milliseconds after the first one (and never forks the caller,
    which may be a thread of a running TUI)."""

    def __init__(self, workers: int = 0, *, time_limit: float = TIME_LIMIT,
                 pages: bool = True) -> None:
        self.workers = workers or os.cpu_count() or 1
        self.time_limit = time_limit
        self.pages = pages
        """Whether jobs will carry pages (see `preload`)."""
        self._pool: ProcessPoolExecutor | None = None
        self._waiting: list[tuple[PageJob, asyncio.Future[PageResult]]] = []
        self._launch: concurrent.futures.Future[None] | None = None

    def start(self) -> None:
        """Start the workers now, on a thread of their own, and return at once (they are
        started on first use otherwise). Launching a worker waits for the fork server to
        finish its imports (0.1-0.2 s on a first refresh): on the caller's event loop
        that wait would hold up the first requests."""
        if self._pool is not None or self._launch is not None:
            return
        # A failed launch is handed to the first job that needs the pool.
        self._launch = in_background(self._launch_workers, "briefing-workers")

    def _launch_workers(self) -> None:
        self._executor().submit(_warm)

    async def _launched(self) -> None:
        """Wait until `start`'s launch is over; the pool's own lock would otherwise block
        the event loop for it. A finished launch costs no turn of the loop."""
        if self._launch is not None and not self._launch.done():
            await asyncio.wrap_future(self._launch)
        if self._launch is not None:
            self._launch.result()  # a failed launch fails the job

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(preload(self.pages))
            start_helper_processes()
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context,
                                             initializer=_lower_priority)
        return self._pool

    async def run(self, job: PageJob) -> PageResult:
        """Build one article in a worker. Jobs submitted in the same turn of the event loop
        (a feed's items when there are no pages to fetch) travel together, in up to
        `workers` batches: a round trip costs more than briefing a feed's teaser."""
        await self._launched()
        loop = asyncio.get_running_loop()
        future: asyncio.Future[PageResult] = loop.create_future()
        if not self._waiting:
            loop.call_soon(self._send_waiting)
        self._waiting.append((job, future))
        return await future

    def _send_waiting(self) -> None:
        waiting, self._waiting = self._waiting, []
        size = -(-len(waiting) // self.workers)  # ceil: one batch per worker at most
        for start in range(0, len(waiting), size):
            batch = waiting[start:start + size]
            try:
                sent = asyncio.get_running_loop().run_in_executor(
                    self._executor(), run_page_jobs, [job for job, _ in batch],
                    self.time_limit)
            except Exception as err:  # e.g. a broken pool: fail the jobs, never strand them
                for _, future in batch:
                    if not future.done():
                        future.set_exception(err)
                continue
            sent.add_done_callback(lambda done, batch=batch: _deliver(done, batch))

    async def parse(self, data: bytes, url: str, content_type: str | None) -> ParsedFeed:
        await self._launched()
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor(), run_feed_parse, data, url,
                                          content_type, self.time_limit)

    def close(self, *, cancel: bool = False) -> None:
        """Stop the workers (waiting for them, so no process is left behind)."""
        if self._launch is not None:
            concurrent.futures.wait([self._launch])  # one under way would leave workers behind
            self._launch = None
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=cancel)
        self._pool = None
