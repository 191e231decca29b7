"""The refresh's clusterer in a process of its own: the same stories as in-process, on
real labelled clusters; a process that dies fails the batch clearly instead of hanging."""

from __future__ import annotations

import json
import os
import signal
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from briefing.brief import make_brief
from briefing.edition.cluster_service import ClusterServiceError
from briefing.edition.update import StoryUpdater
from briefing.models import Document
from briefing.store import Store
from tests.paths import CORPUS

NOW = datetime.now(UTC)


def corpus_rows() -> list[dict]:
    lines = (CORPUS / "clusters" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def store_articles(store: Store, rows: list[dict]) -> list[str]:
    ids = []
    for n, row in enumerate(rows):
        doc = Document(key=f"https://example.org/{row['id']}", title=row["title"][:200],
                       text=row["text"], url=f"https://example.org/{row['id']}",
                       published=NOW - timedelta(hours=n % 50))
        ids.append(store.ingest(doc, make_brief(doc.text), source=f"Outlet {n % 4}").article_id)
    return ids


def stories_after_two_refreshes(path: Path, rows: list[dict], *, separate: bool) -> dict:
    """Cluster half the articles, then (the state replayed from the store) the rest."""
    half = len(rows) // 2
    with Store.open(path) as store:
        for part in (rows[:half], rows[half:]):
            updater = StoryUpdater(store, separate=separate)
            try:
                updater.add(store_articles(store, part))
                assert (updater._service is not None) == separate  # no silent fallback
                updater.finish()
            finally:
                updater.close()
        return {a.id: store.story_of(a.id) for a in store.list_articles(limit=10_000)}


def test_the_clustering_process_makes_the_same_stories_as_in_process(tmp_path):
    rows = corpus_rows()[:240]
    separate = stories_after_two_refreshes(tmp_path / "a.db", rows, separate=True)
    in_process = stories_after_two_refreshes(tmp_path / "b.db", rows, separate=False)
    assert len(in_process) == len(rows)
    assert separate == in_process
    assert len(set(in_process.values())) < len(rows) / 2  # real grouping took place


def test_a_dead_clustering_process_fails_the_batch_clearly(tmp_path):
    rows = corpus_rows()[:6]
    with Store.open(tmp_path / "b.db") as store:
        updater = StoryUpdater(store)
        try:
            updater.add(store_articles(store, rows[:3]))
            assert updater._service is not None
            os.kill(updater._service._process.pid, signal.SIGKILL)
            updater._service._process.join(5)
            with pytest.raises(ClusterServiceError, match="clustering process ended"):
                updater.add(store_articles(store, rows[3:]))
        finally:
            updater.close()

