"""The CPU-bound step of a refresh: an entry and its page -> a Document and its Brief.

`build_article` runs in worker processes (see `Extractor`), so extraction and briefing
use every core while the event loop keeps the network busy. Its inputs and outputs are
plain picklable data; it never touches the database.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass

from briefing.brief import make_brief
from briefing.extract.html import extract_page
from briefing.models import Brief, Document
from briefing.sources.feeds import FeedEntry
from briefing.sources.urls import canonical_url, is_http_url, same_site

FEED_PREFERRED = 1.5
"""The feed's own text wins when it is this much longer than what the page gave."""


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
    page = extract_page(job.html, job.final_url) if job.html else None
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
    return PageResult(doc, make_brief(doc.text, what_to_know=job.what_to_know), aliases)


class Extractor:
    """Runs `build_article` off the event loop: a thread for the first few jobs (a tiny
    refresh is not worth starting processes), then a process pool of `workers`."""

    def __init__(self, workers: int = 0, *, small: int = 4) -> None:
        self.workers = workers or os.cpu_count() or 1
        self.small = small
        self._submitted = 0
        self._thread: ThreadPoolExecutor | None = None
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> Executor:
        self._submitted += 1
        if self._submitted <= self.small and self._pool is None:
            if self._thread is None:
                self._thread = ThreadPoolExecutor(1, thread_name_prefix="briefing-extract")
            return self._thread
        if self._pool is None:
            # spawn, not fork: the caller may be a thread of a running TUI.
            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context("spawn"))
        return self._pool

    async def run(self, job: PageJob) -> PageResult:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor(), build_article, job)

    def close(self, *, cancel: bool = False) -> None:
        """Stop the workers (waiting for them, so no process is left behind)."""
        for executor in (self._thread, self._pool):
            if executor is not None:
                executor.shutdown(wait=True, cancel_futures=cancel)
        self._thread = self._pool = None
