"""One refresh: read every source, brief what is new or changed, store it.

The CLI's `briefing refresh` and the TUI's refresh key both call `refresh_all`; the TUI
runs it in a worker thread with its own Store. Feeds are fetched by `briefing.pipeline`
in a thread of its own; this thread owns the database and writes what it reports in
batches, one transaction each, so a crash loses at most the batch in flight.
"""

from __future__ import annotations

import dataclasses
import queue
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from briefing.clock import plausible
from briefing.config import Settings
from briefing.edition.update import StoryUpdater
from briefing.forkserver import start_fork_server
from briefing.lock import RefreshLock, RefreshLocked
from briefing.models import Document, RefreshReport, SourceFailure
from briefing.pipeline import (
    ArticleReady,
    FeedDone,
    ItemFailed,
    ItemsFound,
    Linked,
    PipelineOptions,
    cutoff_for,
    run_pipeline,
)
from briefing.sources.seeds import SeedError, list_seeds, read_seed
from briefing.sources.tls import prepare_tls
from briefing.store import Store
from briefing.store.feeds import FeedRow
from briefing.store.store import content_hash

__all__ = ["RefreshLocked", "refresh_all", "store_document"]

ProgressFn = Callable[[int, int, str], None]
"""on_progress(done, total, what): called after each source, feed and item."""

BATCH = 200
"""Most events written in one round of a transaction."""
ROUNDS = 3
"""Most rounds in one transaction: while the clustering process has a round's articles,
the writer stores those that arrived meanwhile, then settles the round before (see
`StoryUpdater.send`)."""
BATCH_SECONDS = 0.25
"""Longest a finished article waits for others to share its transaction."""


def _never() -> bool:
    return False


def store_document(store: Store, doc: Document, settings: Settings, report: RefreshReport,
                   *, source: str | None = None) -> None:
    """Brief and store one document, unless it is unchanged (then nothing is briefed)."""
    doc = dataclasses.replace(doc, published=plausible(doc.published, store.clock()))
    if store.stored_hash(doc.key) == content_hash(doc):
        report.count("unchanged")
        return
    from briefing.brief import make_brief  # only when a seed is new or changed

    brief = make_brief(doc.text, what_to_know=settings.brief.what_to_know, title=doc.title)
    report.count(store.ingest(doc, brief, source=source).outcome)


def refresh_seeds(store: Store, settings: Settings, report: RefreshReport,
                  on_progress: ProgressFn, is_cancelled: Callable[[], bool]) -> None:
    folder = settings.seeds
    if folder is None:
        return
    if not folder.is_dir():
        report.failures.append(SourceFailure(str(folder), "seeds folder not found"))
        return
    files = list_seeds(folder)
    for done, path in enumerate(files, 1):
        if is_cancelled():
            return
        _refresh_seed(store, settings, report, path)
        on_progress(done, len(files), path.name)


def _refresh_seed(store: Store, settings: Settings, report: RefreshReport, path: Path) -> None:
    try:
        doc = read_seed(path)
    except SeedError as err:
        report.failures.append(SourceFailure(str(path), str(err)))
        return
    store_document(store, doc, settings, report, source=doc.site)


class _Writer:
    """Applies pipeline events to the store and keeps the per-feed report."""

    def __init__(self, store: Store, report: RefreshReport, feeds: list[FeedRow],
                 stories: StoryUpdater) -> None:
        self.store = store
        self.stories = stories
        self.report = report
        self.names = {f.id: f.display_name for f in feeds}
        self.rows: dict[int, dict[str, Any]] = {
            f.id: {"feed": f.url, "name": f.display_name, "status": "pending", "http": None,
                   "new": 0, "updated": 0, "unchanged": 0, "failed": 0, "error": None,
                   "seconds": 0.0} for f in feeds}
        self.done = 0
        self.total = len(feeds)
        self.pending: list[tuple[ArticleReady, str]] = []
        """Articles applied but not yet stored, with the source name they get."""

    def apply(self, event: object) -> str:
        """Apply one event; articles wait in `pending` to be stored together by `flush`."""
        if isinstance(event, ArticleReady):
            doc = event.result.doc
            assert doc is not None and event.result.brief is not None
            self.pending.append((event, self.rows[event.feed_id]["name"]))
            self.done += 1
            return doc.title
        if isinstance(event, Linked):
            self.flush()  # the linked article may be one still pending
            self.store.link_article(event.feed_id, event.article_id, event.aliases)
            self.rows[event.feed_id]["unchanged"] += 1
            self.report.count("unchanged")
            return ""
        if isinstance(event, ItemFailed):
            self.rows[event.feed_id]["failed"] += 1
            self.done += 1
            return event.what
        if isinstance(event, ItemsFound):
            self.total += event.count
            if event.title and self.rows[event.feed_id]["name"] == self.rows[event.feed_id]["feed"]:
                self.rows[event.feed_id]["name"] = event.title
            return ""
        if isinstance(event, FeedDone):
            self.store.record_feed(event.feed.id, event.status)
            row = self.rows[event.feed.id]
            row["http"] = event.status.status
            row["seconds"] = round(event.seconds, 3)
            row["error"] = event.status.error
            if not event.status.ok:
                row["status"] = "failed"
                self.report.failures.append(
                    SourceFailure(event.feed.display_name, event.status.error or "failed"))
            else:
                row["status"] = ("not modified" if event.status.status == 304
                                 else "unchanged" if event.status.unchanged else "ok")
            self.done += 1
            return event.feed.display_name
        raise TypeError(f"unknown pipeline event {event!r}")

    def flush(self) -> None:
        """Store the pending articles in one bulk ingest, link them to their feeds and
        send them to the clusterer; the caller settles them before its transaction
        commits (`StoryUpdater.settle`): no article outside a story."""
        if not self.pending:
            return
        items = []
        for event, name in self.pending:
            doc, brief = event.result.doc, event.result.brief
            assert doc is not None and brief is not None
            items.append((doc, brief, name))
        results = self.store.ingest_many(items)
        self.store.link_articles((event.feed_id, result.article_id, event.result.aliases)
                                 for (event, _), result in zip(self.pending, results, strict=True))
        stored, features = [], {}
        for (event, _), result in zip(self.pending, results, strict=True):
            if result.outcome != "unchanged":
                stored.append(result.article_id)
                if event.result.features is not None:
                    features[result.article_id] = event.result.features
            self.rows[event.feed_id][result.outcome] += 1
            self.report.count(result.outcome)
        self.pending = []
        # Here rather than after the last feed: the writer mostly waits for the network
        # and the workers, so clustering and merging cost little wall time now.
        self.stories.send(stored, features)


def _waiting(events: queue.Queue[object], most: int) -> list[object]:
    """Up to `most` events already in the queue, without waiting for any."""
    found: list[object] = []
    while len(found) < most and (not found or found[-1] is not None):
        try:
            found.append(events.get_nowait())
        except queue.Empty:
            break
    return found


def refresh_feeds(store: Store, settings: Settings, report: RefreshReport,
                  on_progress: ProgressFn, is_cancelled: Callable[[], bool],
                  stories: StoryUpdater, *, refetch: bool = False) -> None:
    """Fetch every feed and its new entries; write as results arrive, each batch of
    articles put into `stories` in the transaction that stores it."""
    store.sync_config_feeds(settings.feeds)
    feeds = store.list_feeds()
    if not feeds:
        return
    options = PipelineOptions(settings, store.known_items(), refetch=refetch,
                              now=store.clock(), cutoff=cutoff_for(settings.keep_days, store.clock()))
    events: queue.Queue[object] = queue.Queue()
    crashed: list[BaseException] = []

    def network() -> None:
        try:
            run_pipeline(feeds, options, events.put)
        except BaseException as err:  # reported on the writer's thread
            crashed.append(err)
        finally:
            events.put(None)

    writer = _Writer(store, report, feeds, stories)
    thread = threading.Thread(target=network, name="briefing-refresh", daemon=True)
    thread.start()
    finished = False
    try:
        while not finished:
            batch = [events.get()]
            until = time.monotonic() + BATCH_SECONDS  # fewer commits: each one is an fsync
            while len(batch) < BATCH and batch[-1] is not None:
                try:
                    batch.append(events.get(timeout=max(0.0, until - time.monotonic())))
                except queue.Empty:
                    break
            what = ""
            with store.transaction():
                for turn in range(ROUNDS):
                    if turn and not (batch := _waiting(events, BATCH)):
                        break
                    for event in batch:
                        if event is None:
                            finished = True
                            continue
                        what = writer.apply(event) or what
                    writer.flush()
                    stories.settle(keep=1)  # the round before this one
                    if finished:
                        break
                stories.settle()
            on_progress(writer.done, max(writer.total, writer.done), what)
            if is_cancelled():
                options.cancelled.set()
    finally:
        options.cancelled.set()  # a no-op after a normal end; stops the network on an error
        thread.join()
    report.feeds = [writer.rows[f.id] for f in feeds]
    if crashed:
        raise crashed[0]


def refresh_all(
    store: Store,
    settings: Settings,
    *,
    seeds_only: bool = False,
    on_progress: ProgressFn | None = None,
    is_cancelled: Callable[[], bool] = _never,
    refetch: bool = False,
    lock_wait: float | None = None,
) -> RefreshReport:
    """Refresh every source into the store; failures are rows in the report, not raised.

    The time is `store.clock`'s. Raises `RefreshLocked` when another refresh still holds
    the lock after `lock_wait` seconds (default: the [fetch] lock_wait setting). Safe to call from a worker thread (with a Store opened on that thread).
    """
    started = time.monotonic()
    report = RefreshReport()
    progress = on_progress or (lambda done, total, what: None)
    wait = settings.fetch.lock_wait if lock_wait is None else lock_wait
    lock = RefreshLock(store.path, wait=wait) if store.path else None
    if lock:
        lock.acquire()
    try:
        if not seeds_only:  # these start on other cores while seeds and the store are read
            start_fork_server(pages=settings.fetch.full_text)
            prepare_tls()
        refresh_seeds(store, settings, report, progress, is_cancelled)
        stories = StoryUpdater(store, what_to_know=settings.brief.what_to_know,
                               separate=not seeds_only)
        try:
            if not seeds_only and not is_cancelled():
                refresh_feeds(store, settings, report, progress, is_cancelled, stories,
                              refetch=refetch)
            if not is_cancelled():
                store.prune(settings.keep_days)
                stories.finish()  # seeds, a crashed run's leftovers, pruned and stale stories
        finally:
            stories.close()
    finally:
        if lock:
            lock.release()
    report.seconds = time.monotonic() - started
    return report


def with_settings(settings: Settings, **fetch: Any) -> Settings:
    """Settings with some [fetch] values replaced (for tests and the bench)."""
    return dataclasses.replace(settings, fetch=dataclasses.replace(settings.fetch, **fetch))
