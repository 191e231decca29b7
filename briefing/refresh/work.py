"""The refresh's CPU work, in worker processes: feed documents parsed, pages and seeds
made into articles and briefed, each job within a time limit.

Inputs and outputs are plain picklable data; nothing here touches the database. Workers
are processes because hostile input can make a parser crawl (feedparser has super-linear
regexes) and only a process can be interrupted without stalling the refresh; they come
from multiprocessing's fork server, so the caller (perhaps a thread of the running
reader) is never forked.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import forkserver, resource_tracker
from typing import Any, TypeVar

from briefing.extract.cleanup import holds_words
from briefing.models import Brief, Document
from briefing.sources.feeds import FeedEntry, ParsedFeed, parse_feed
from briefing.sources.seeds import SeedFile
from briefing.urls import canonical_url, is_http_url, same_site

FEED_PREFERRED = 1.5
"""The feed's own text wins when it is this much longer than what the page gave."""
WORKER_NICENESS = 10
"""Workers run at lower priority: the app's own process (the event loop, the writer, a
running reader) goes first, and a refresh in the background defers to the user's other
work too."""
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
    full_text: bool = True
    """Whether pages are fetched at all (`[fetch] full_text`): says why `html` is None."""
    page_error: str | None = None
    """Why the page could not be read (the fetch's error), when that is why `html` is
    None: kept with an article made from the feed's text instead."""


@dataclass(frozen=True)
class PageResult:
    """The article built from a job, or why there is none."""

    doc: Document | None
    brief: Brief | None
    aliases: tuple[str, ...] = ()
    error: str | None = None
    features: dict[str, float] | None = None
    """The document's clustering features, computed here rather than by the writer."""


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
    """Extract the page (if any), fall back to the feed's text, and brief the result.
    An article made from its page has the page's own headline: any feed may link to any
    page, and the feed's title for it is only that feed's word."""
    entry = job.entry
    page = None
    if job.html:
        from briefing.extract.html import extract_page  # trafilatura: only for pages

        page = extract_page(job.html, job.final_url)
    key, aliases = _identity(job, page.canonical_url if page else None)
    feed_text = entry.text if holds_words(entry.text) else ""
    use_page = page is not None and len(feed_text) <= FEED_PREFERRED * len(page.text)
    if use_page and page is not None:
        doc = Document(
            key=key, title=page.title or entry.title or "(untitled)", text=page.text,
            url=key if is_http_url(key) else entry.link, guid=entry.guid,
            author=page.author or entry.author, published=entry.published or page.published,
            site=page.site, language=page.language, text_origin="page")
    elif feed_text:
        origin = ("feed-short" if page is not None else "feed-no-article" if job.html
                  else "feed-full-text-off" if not job.full_text
                  else "feed" if entry.link
                  else "feed-bad-link" if entry.refused_link else "feed-no-link")
        doc = Document(
            key=key, title=entry.title or "(untitled)", text=feed_text,
            url=key if is_http_url(key) else entry.link, guid=entry.guid, author=entry.author,
            published=entry.published, site=page.site if page else None,
            text_origin=origin, page_error=job.page_error if origin == "feed" else None)
    else:
        if entry.text.strip():  # words the feed gave, but not prose
            reason = ("no text in the page; " if job.html else "") + "no prose in the feed"
        else:
            reason = "no text in the page or the feed" if job.html else "no text in the feed"
        return PageResult(None, None, aliases, reason)
    from briefing.brief import make_brief  # preloaded by the fork server (PRELOAD)
    from briefing.cluster.features import ClusterItem, extract_features

    brief = make_brief(doc.text, what_to_know=job.what_to_know, title=doc.title)
    features = extract_features(ClusterItem(key, doc.title, doc.text))
    return PageResult(doc, brief, aliases, features=features)


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
    """`build_article` within a time limit (the worker side of `Workers.run`)."""
    try:
        return _limited(seconds, build_article, job)
    except TooSlow:
        return PageResult(None, None, (), f"abandoned after {seconds:g}s of processing")


def run_page_jobs(jobs: list[PageJob], seconds: float = TIME_LIMIT) -> list[PageResult]:
    """`run_page_job` for each job: one round trip to a worker for many small jobs."""
    return [run_page_job(job, seconds) for job in jobs]


def run_feed_parse(data: bytes, url: str, content_type: str | None,
                   seconds: float = TIME_LIMIT) -> ParsedFeed:
    """`parse_feed` within a time limit (the worker side of `Workers.parse`)."""
    try:
        return _limited(seconds, parse_feed, data, url, content_type)
    except TooSlow:
        return ParsedFeed("", None, (), False, f"abandoned after {seconds:g}s of parsing")


@dataclass(frozen=True)
class SeedResult:
    """A seed file read as a Document, or why it could not be."""

    doc: Document | None
    error: str | None = None


def run_seed_read(seed: SeedFile, seconds: float = TIME_LIMIT) -> SeedResult:
    """A seed's bytes read as a Document within a time limit: a seed is a file anyone can
    drop in the folder."""
    from briefing.sources.seeds import SeedError, seed_document

    try:
        return SeedResult(_limited(seconds, seed_document, seed))
    except SeedError as err:
        return SeedResult(None, str(err))
    except TooSlow:
        return SeedResult(None, f"abandoned after {seconds:g}s of reading")


def run_brief(text: str, what_to_know: int, title: str | None = None,
              seconds: float = TIME_LIMIT) -> Brief | None:
    """`make_brief` within a time limit; None when it ran out of time."""
    from briefing.brief import make_brief

    try:
        return _limited(seconds, lambda: make_brief(text, what_to_know=what_to_know,
                                                    title=title))
    except TooSlow:
        return None


PRELOAD = ["briefing.refresh.work", "briefing.brief", "briefing.cluster.features", "numpy",
           "feedparser"]
"""What the fork server imports once, so that no worker imports it on its first job."""
PAGE_PRELOAD = ["briefing.extract.html"]
"""trafilatura, imported only when jobs will carry pages."""
APP_CHECK_SECONDS = 0.5
"""How often a worker checks that the app that started it is still running."""


_helpers_started = False


def start_helper_processes() -> None:
    """Start multiprocessing's resource tracker and fork server with the real stderr,
    without the current folder on their import path, and with one BLAS thread.

    Inside a running Textual app sys.stderr is a capture object whose fileno() is -1; the
    resource tracker hands that to the process it starts, which fails with "bad value(s)
    in fds_to_keep". Both helpers run `python -c`, which puts the current folder first on
    sys.path (the fork server ignores the parent's path): a `briefing/` folder there would
    be imported instead of the installed package; PYTHONSAFEPATH keeps it off, and the
    workers inherit it. A worker is one process per core: BLAS threads of its own would
    only compete with the others.
    """
    global _helpers_started
    if _helpers_started:
        # Once a process: changing the environment races any thread reading it (a C
        # getenv during the change can crash), and a refresh may run on a thread.
        return
    env = {"PYTHONSAFEPATH": "1", "OPENBLAS_NUM_THREADS": "1"}
    saved_env = {name: os.environ.get(name) for name in env}
    saved_stderr = sys.stderr
    sys.stderr = sys.__stderr__ or saved_stderr
    os.environ.update(env)
    try:
        resource_tracker.ensure_running()
        forkserver.ensure_running()
        _helpers_started = True
    finally:
        sys.stderr = saved_stderr
        for name, value in saved_env.items():
            if value is None:
                del os.environ[name]
            else:
                os.environ[name] = value


def _start_worker(app_pid: int) -> None:
    """Each worker's initializer: a lower priority, Ctrl-C left to the app (which stops
    the refresh and then the workers), and an end when the app has gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(os, "nice"):
        os.nice(WORKER_NICENESS)
    threading.Thread(target=_exit_after, args=(app_pid,), name="briefing-app-watch",
                     daemon=True).start()


def _exit_after(app_pid: int) -> None:
    """End this worker once the app is gone. An app killed by SIGKILL runs no clean-up,
    and its workers would wait for jobs forever; each holds the fork server's "app alive"
    pipe open, so the fork server and the resource tracker would stay too."""
    while True:
        time.sleep(APP_CHECK_SECONDS)
        try:
            os.kill(app_pid, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:  # the pid now belongs to another user's process
            os._exit(1)


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


class Workers:
    """One refresh's worker processes (a stdlib `ProcessPoolExecutor` on the fork server);
    every job runs within `time_limit` seconds. `close` ends them."""

    def __init__(self, count: int = 0, *, time_limit: float = TIME_LIMIT,
                 pages: bool = True) -> None:
        self.count = count or os.cpu_count() or 1
        self.time_limit = time_limit
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD + (PAGE_PRELOAD if pages else []))
        start_helper_processes()  # the fork server's imports start now, on another core
        self.pool = ProcessPoolExecutor(self.count, mp_context=context,
                                        initializer=_start_worker, initargs=(os.getpid(),))
        self._waiting: list[tuple[PageJob, asyncio.Future[PageResult]]] = []

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def run(self, job: PageJob) -> PageResult:
        """Build one article in a worker. Jobs submitted in the same turn of the event loop
        (a feed's items when there are no pages to fetch) travel together, in up to
        `count` batches: a round trip costs more than briefing a feed's teaser."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[PageResult] = loop.create_future()
        if not self._waiting:
            loop.call_soon(self._send_waiting)
        self._waiting.append((job, future))
        return await future

    def _send_waiting(self) -> None:
        waiting, self._waiting = self._waiting, []
        size = -(-len(waiting) // self.count)  # ceil: one batch per worker at most
        for start in range(0, len(waiting), size):
            batch = waiting[start:start + size]
            try:
                sent = asyncio.get_running_loop().run_in_executor(
                    self.pool, run_page_jobs, [job for job, _ in batch], self.time_limit)
            except Exception as err:  # e.g. a broken pool: fail the jobs, never strand them
                for _, future in batch:
                    if not future.done():
                        future.set_exception(err)
                continue
            sent.add_done_callback(lambda done, batch=batch: _deliver(done, batch))

    async def parse(self, data: bytes, url: str, content_type: str | None) -> ParsedFeed:
        """Parse a feed document in a worker."""
        return await asyncio.get_running_loop().run_in_executor(
            self.pool, run_feed_parse, data, url, content_type, self.time_limit)

    def close(self, *, cancel: bool = False) -> None:
        """Stop the workers, waiting for them so no process is left behind; `cancel`
        drops the jobs not started yet."""
        self.pool.shutdown(wait=True, cancel_futures=cancel)
