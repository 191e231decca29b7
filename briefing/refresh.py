"""One refresh: read every source, brief what is new or changed, store it.

The CLI's `briefing refresh` and the TUI's refresh key both call `refresh_all`; the TUI
runs it in a worker thread with its own Store.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from briefing.brief import make_brief
from briefing.config import Settings
from briefing.models import Brief, Document, RefreshReport, SourceFailure
from briefing.sources.seeds import SeedError, list_seeds, read_seed
from briefing.store import Store
from briefing.store.store import content_hash

ProgressFn = Callable[[int, int, str], None]
"""on_progress(done, total, what): called after each source."""


def _never() -> bool:
    return False


def store_document(store: Store, doc: Document, settings: Settings, report: RefreshReport,
                   *, source: str | None = None, feed_id: int | None = None) -> str:
    """Brief and store one document unless it is unchanged; returns the article id."""
    if store.stored_hash(doc.key) == content_hash(doc):
        result = store.ingest(doc, Brief(), source=source, feed_id=feed_id)  # links only
        report.count(result.outcome)
        return result.article_id
    brief = make_brief(doc.text, what_to_know=settings.brief.what_to_know)
    result = store.ingest(doc, brief, source=source, feed_id=feed_id)
    report.count(result.outcome)
    return result.article_id


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


def refresh_all(
    store: Store,
    settings: Settings,
    *,
    seeds_only: bool = False,
    on_progress: ProgressFn | None = None,
    is_cancelled: Callable[[], bool] = _never,
) -> RefreshReport:
    """Refresh every source into the store; failures are rows in the report, not raised."""
    started = time.monotonic()
    report = RefreshReport()
    progress = on_progress or (lambda done, total, what: None)
    refresh_seeds(store, settings, report, progress, is_cancelled)
    report.seconds = time.monotonic() - started
    return report
