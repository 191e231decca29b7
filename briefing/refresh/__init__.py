"""One refresh: read every source, brief what is new or changed, store it.

`briefing refresh` and the reader's refresh key both call `refresh_all`; the reader runs
it in a worker thread with a Store of that thread. The steps, one module each:

- `lock`: one refresh at a time per database;
- `work`: the worker processes that parse, extract and brief, each job within a time limit;
- `fetch`: feeds and pages over HTTP (`sources.http.Fetcher`), on an event loop in a
  thread of its own, reporting events;
- `items`: which of a feed's items are taken (newest, recent, new, not held back after
  failing) and what the feed's status says of them;
- `writer`: those events into the store on this thread, one transaction per batch.
"""

from __future__ import annotations

import dataclasses
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

from briefing.clock import plausible
from briefing.config import Settings
from briefing.edition.update import StoryUpdater
from briefing.models import (
    BRIEF_VERSION,
    NOT_A_FOLDER,
    SEEDS_FOLDER_KEY,
    RefreshReport,
    SourceFailure,
)
from briefing.refresh.fetch import FetchOptions, fetch_feeds
from briefing.refresh.items import cutoff_for
from briefing.refresh.lock import RefreshLock, RefreshLocked
from briefing.refresh.work import SeedResult, Workers, run_brief, run_seed_read
from briefing.refresh.writer import Writer, next_batch
from briefing.refresh_state import FEEDS, SEEDS
from briefing.sources.seeds import SeedError, SeedFile, list_seeds, open_seed, path_text, seed_key
from briefing.store import Store
from briefing.store.articles import article_id
from briefing.store.feeds import KnownItems

__all__ = ["RefreshLocked", "refresh_all"]

FORGET_ITEM_FAILURES_DAYS = 30
"""An item failure not tried for this long is forgotten: the item has left its feed (or,
given up on, gets a fresh chance)."""

ProgressFn = Callable[[int, int, str], None]
"""on_progress(done, total, what): called as seeds, feeds and items finish; `what` says
where the refresh stands in words ("12 of 40 feeds read · 30 of 85 new items")."""


def _never() -> bool:
    return False


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
    the lock after `lock_wait` seconds (default: the [fetch] lock_wait setting). Safe to
    call from a worker thread (with a Store opened on that thread).
    """
    started = time.monotonic()
    report = RefreshReport()
    progress = on_progress or (lambda done, total, what: None)
    wait = settings.fetch.lock_wait if lock_wait is None else lock_wait
    lock = (RefreshLock(store.path, wait=wait, doing=SEEDS if seeds_only else FEEDS)
            if store.path else None)
    if lock:
        lock.acquire()
    try:
        fetch = settings.fetch
        workers = Workers(fetch.workers, time_limit=fetch.parse_timeout,
                          pages=fetch.full_text and not seeds_only)
        cancelled = False
        try:
            stories = StoryUpdater(store, what_to_know=settings.brief.what_to_know)
            seed_ids = refresh_seeds(store, settings, report, workers, progress,
                                     is_cancelled, refetch=refetch)
            if not seeds_only and not is_cancelled():
                refresh_feeds(store, settings, report, workers, stories, progress,
                              is_cancelled, refetch=refetch, lock=lock)
            cancelled = is_cancelled()
            if not cancelled:
                store.articles.prune(settings.keep_days, seeds=seed_ids)
                store.failures.prune_items(FORGET_ITEM_FAILURES_DAYS)
                stories.finish()  # seeds, a crashed run's leftovers, pruned and stale stories
        except BaseException:  # an error, or Ctrl-C: the jobs not started are dropped
            workers.close(cancel=True)
            raise
        workers.close(cancel=cancelled or is_cancelled())
    finally:
        if lock:
            lock.release()
    report.seconds = time.monotonic() - started
    return report


def refresh_seeds(store: Store, settings: Settings, report: RefreshReport, workers: Workers,
                  on_progress: ProgressFn, is_cancelled: Callable[[], bool], *,
                  refetch: bool = False) -> set[str] | None:
    """Store the seeds folder's new and changed files; returns the article ids of the
    files in the folder, which a prune keeps (see `Articles.prune`), or None when the
    folder is missing or empty (a disk not mounted: no seed is taken for gone). A file
    whose bytes are unchanged is known without being read; the others are read and
    briefed in the workers, within their time limit. Any error in one seed is that seed's failure: a new one in
    `report.failures`, one already known (the same bytes failing the same way, or the same
    file still unopenable) in `report.still_failing`, not read again unless `refetch`."""
    folder = settings.seeds
    if folder is None:
        return set()
    failed = _SeedFailures(store, report)
    if not folder.is_dir():
        failed.add(f"{SEEDS_FOLDER_KEY}{path_text(folder)}", folder, None,
                   NOT_A_FOLDER if folder.exists() else "seeds folder not found")
        return None
    files = list_seeds(folder)
    present = {article_id(seed_key(path)) for path in files} or None
    reads: list[tuple[SeedFile, Future[SeedResult]]] = []
    for path in files:
        try:
            seed = open_seed(path)
        except SeedError as err:
            failed.add(seed_key(path), path, None, str(err))
            continue
        if not refetch and failed.known(seed):
            continue
        if store.articles.stored_hash(seed.key) == seed.digest:
            report.count("unchanged")
            continue
        reads.append((seed, workers.pool.submit(run_seed_read, seed, workers.time_limit)))
    try:
        for done, (seed, read) in enumerate(reads, 1):
            if is_cancelled():
                return present
            error = _store_seed(store, seed, read, settings, report, workers)
            if error is not None:
                failed.add(seed.key, seed.path, seed.digest, error,
                           remember=not error.startswith("abandoned after"))
            on_progress(done, len(reads), f"{done} of {len(reads)} seed files read")
    finally:
        for _, read in reads:
            read.cancel()
    failed.forget_others()
    return present


UNEXPECTED = "unexpected error"
"""How a seed's failure that is a bug of ours begins: such a file is read again at every
refresh (the bug may be fixed), though the same failure again is no news."""


def _failure_digest(digest: str | None) -> str | None:
    """What a seed failure is remembered on: the bytes' digest (which covers the reader's
    version) and the briefer's version, so a newer briefing reads the file again."""
    return None if digest is None else f"{digest} brief {BRIEF_VERSION}"


def _same_bytes(remembered: str | None, digest: str | None) -> bool:
    """Whether a remembered failure was on these bytes, whichever briefer read them."""
    return (remembered or "").partition(" ")[0] == (digest or "")


class _SeedFailures:
    """The seeds that failed, this time and before: a failure on the same bytes (or the
    same file unopenable for the same reason) is known, not news."""

    def __init__(self, store: Store, report: RefreshReport) -> None:
        self.store = store
        self.report = report
        self.before = store.failures.seeds()
        self.failing: set[str] = set()

    def known(self, seed: SeedFile) -> bool:
        """True (and reported as still failing) when these bytes failed before."""
        old = self.before.get(seed.key)
        if (old is None or old.digest != _failure_digest(seed.digest)
                or old.error.startswith(UNEXPECTED)):
            return False
        self.failing.add(seed.key)
        self.report.still_failing.append(SourceFailure(seed.path, old.error, "seed", old.since))
        return True

    def add(self, key: str, path: Path | str, digest: str | None, error: str, *,
            remember: bool = True) -> None:
        """A failure of this refresh: still failing when it is the one known, else new.
        A time limit is not remembered: a busy machine may do better next time."""
        old = self.before.get(key)
        failure = SourceFailure(path if isinstance(path, str) else path_text(path), error,
                                "seed", folder=key.startswith(SEEDS_FOLDER_KEY))
        if old is not None and _same_bytes(old.digest, digest) and old.error == error:
            self.report.still_failing.append(dataclasses.replace(failure, since=old.since))
        else:
            self.report.failures.append(failure)
        if remember:
            self.failing.add(key)
            self.store.failures.record_seed(key, _failure_digest(digest), error)

    def forget_others(self) -> None:
        """Forget the failures of files read since, changed to fail otherwise, or gone."""
        self.store.failures.forget_seeds(self.failing)


def _store_seed(store: Store, seed: SeedFile, read: Future[SeedResult], settings: Settings,
                report: RefreshReport, workers: Workers) -> str | None:
    """Brief and store one seed read in the workers; returns why it failed, if it did."""
    try:
        result = read.result()
        if result.doc is None:
            return result.error or "unreadable"
        doc = dataclasses.replace(result.doc,
                                  published=plausible(result.doc.published, store.clock()))
        brief = workers.pool.submit(run_brief, doc.text, settings.brief.what_to_know,
                                    doc.title, workers.time_limit).result()
        if brief is None:
            return f"abandoned after {workers.time_limit:g}s of briefing"
        report.count(store.articles.ingest(doc, brief, source=doc.site).outcome)
    except sqlite3.DatabaseError:
        raise  # the store itself (full, read-only, damaged): not this seed's problem
    except Exception as err:  # a bug the file exposes stays this file's failure
        return f"{UNEXPECTED}: {err!r}"[:300]
    return None


def refresh_feeds(store: Store, settings: Settings, report: RefreshReport, workers: Workers,
                  stories: StoryUpdater, on_progress: ProgressFn,
                  is_cancelled: Callable[[], bool], *, refetch: bool = False,
                  lock: RefreshLock | None = None) -> None:
    """Fetch every feed and its new entries on a thread of their own while this thread
    writes what they bring, batch by batch. The `lock` held is told which feeds these
    are (a feed added from now on is not fetched by this refresh)."""
    store.feeds.sync_config(settings.feeds)
    feeds = store.feeds.all()
    if not feeds:
        return
    if lock is not None:
        lock.note_feeds(max(feed.id for feed in feeds))
    now = store.clock()
    path = store.path
    if path is None:
        raise ValueError("a refresh needs a database file: the fetching thread reads it too")
    lookups: list[Store] = []

    def known(feed_id: int, keys: list[str], guids: list[str]) -> KnownItems:
        # The fetching thread's own connection (one is used on one thread only); in WAL
        # it reads what the writer committed without waiting for it.
        if not lookups:
            lookups.append(Store.open(path, clock=store.clock))
        return lookups[0].feeds.known_among(feed_id, keys, guids)

    options = FetchOptions(settings, known, refetch=refetch, now=now, clock=store.clock,
                           cutoff=cutoff_for(settings.keep_days, now))
    events: queue.Queue[object] = queue.Queue()
    crashed: list[BaseException] = []

    def network() -> None:
        try:
            fetch_feeds(feeds, options, workers, events.put)
        except BaseException as err:  # raised again on the writer's thread
            crashed.append(err)
        finally:
            for lookup in lookups:
                lookup.close()
            events.put(None)

    writer = Writer(store, report, feeds, stories)
    thread = threading.Thread(target=network, name="briefing-fetch", daemon=True)
    thread.start()
    try:
        finished = False
        while not finished:
            batch = next_batch(events)
            finished = None in batch
            if batch:
                writer.write([event for event in batch if event is not None])
                on_progress(writer.done, max(writer.total, writer.done), writer.progress())
            if is_cancelled():
                options.cancelled.set()
    finally:
        options.cancelled.set()  # a no-op after a normal end; stops the network on an error
        thread.join()
    report.feeds = [writer.rows[f.id] for f in feeds]
    if crashed:
        raise crashed[0]
