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
from tests.paths import corpus_file

NOW = datetime.now(UTC)


def corpus_rows() -> list[dict]:
    lines = corpus_file("clusters", "dev.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def store_articles(store: Store, rows: list[dict]) -> list[str]:
    ids = []
    for n, row in enumerate(rows):
        doc = Document(key=f"https://example.org/{row['id']}", title=row["title"][:200],
                       text=row["text"], url=f"https://example.org/{row['id']}",
                       published=NOW - timedelta(hours=n % 50))
        ids.append(store.ingest(doc, make_brief(doc.text), source=f"Outlet {n % 4}").article_id)
    return ids


def stories_after_two_refreshes(path: Path, rows: list[dict], *, separate: bool,
                                rounds: bool) -> dict:
    """Cluster half the articles, then (the state replayed from the store) the rest; each
    half in three batches, one `add` each or, as a refresh's writer does, sent in rounds
    of one transaction, each settled after the next is stored."""
    half = len(rows) // 2
    with Store.open(path) as store:
        for part in (rows[:half], rows[half:]):
            batches = [part[n::3] for n in range(3)]
            updater = StoryUpdater(store, separate=separate)
            try:
                if rounds:
                    with store.transaction():
                        for batch in batches:
                            updater.send(store_articles(store, batch))
                            updater.settle(keep=1)
                        updater.settle()
                else:
                    for batch in batches:
                        updater.add(store_articles(store, batch))
                assert (updater._service is not None) == separate  # no silent fallback
                updater.finish()
            finally:
                updater.close()
        return {a.id: store.story_of(a.id) for a in store.list_articles(limit=10_000)}


def test_the_clustering_process_makes_the_same_stories_as_in_process(tmp_path):
    rows = corpus_rows()[:240]
    in_process = stories_after_two_refreshes(tmp_path / "a.db", rows, separate=False,
                                             rounds=False)
    assert len(in_process) == len(rows)
    assert len(set(in_process.values())) < len(rows) / 2  # real grouping took place
    for separate, rounds in ((True, False), (True, True), (False, True)):
        path = tmp_path / f"{separate}-{rounds}.db"
        assert stories_after_two_refreshes(path, rows, separate=separate,
                                           rounds=rounds) == in_process


def test_an_article_stored_again_before_it_settles_is_clustered_once(tmp_path):
    rows = corpus_rows()[:4]
    with Store.open(tmp_path / "b.db") as store:
        updater = StoryUpdater(store, separate=True)
        try:
            with store.transaction():
                first = store_articles(store, rows[:2])
                updater.send(first)  # in the clustering process, not settled yet
                updated = dict(rows[1], text=rows[1]["text"] + " An update came later.")
                later = store_articles(store, [updated, *rows[2:]])
                assert later[0] == first[1]
                updater.send(later)
                updater.settle()
            clustered = [r[0] for r in store.conn.execute("SELECT article_id FROM story_articles")]
            assert sorted(clustered) == sorted(first + later[1:])
            # Clustered once: a second row would have replaced the first with a new seq.
            assert store.conn.execute("SELECT max(seq) FROM story_articles").fetchone()[0] == 4
            assert all(store.story_of(a) for a in clustered)
        finally:
            updater.close()


def test_a_dead_clustering_process_fails_the_batch_clearly(tmp_path):
    rows = corpus_rows()[:6]
    with Store.open(tmp_path / "b.db") as store:
        updater = StoryUpdater(store, separate=True)
        try:
            updater.add(store_articles(store, rows[:3]))
            assert updater._service is not None
            os.kill(updater._service._process.pid, signal.SIGKILL)
            updater._service._process.join(5)
            with pytest.raises(ClusterServiceError, match="clustering process ended"):
                updater.add(store_articles(store, rows[3:]))
        finally:
            updater.close()

