"""The refresh's writer alone: what a first feed-stage run's critical path spends.

A first run of `bench_refresh.py --feed-stage-only` waits on the app's own process, and
there on the writer's thread (storing, clustering, merging); the workers wait most of the
run. This takes the network and the workers out: the same 200 feeds x 25 teasers of real
sentences are parsed and briefed once, in this process, as the workers would, and their
results are written through `refresh.writer.Writer` into a fresh database in batches of
`--batch` (a first run's batches hold about that many), then `StoryUpdater.finish` runs.
Printed per run: the writer's thread CPU, finish's, and the CPU of each step (thread
time, summed over the batches).

Run: python bench/bench_writer.py [--runs 3] [--batch 172]
(compare two commits by running each one's copy in turn, alternating)
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_refresh import feed_xml, page_names  # noqa: E402

from briefing.cluster.clusterer import Clusterer  # noqa: E402
from briefing.edition.update import StoryUpdater  # noqa: E402
from briefing.models import RefreshReport  # noqa: E402
from briefing.refresh.fetch import ArticleReady  # noqa: E402
from briefing.refresh.work import PageJob, PageResult, build_article  # noqa: E402
from briefing.refresh.writer import Writer  # noqa: E402
from briefing.sources.feeds import parse_feed  # noqa: E402
from briefing.store import Store  # noqa: E402
from briefing.store.articles import Articles  # noqa: E402
from briefing.store.clusters import Clusters  # noqa: E402
from briefing.store.feeds import Feeds  # noqa: E402

PORT = 20000
"""Only names the feeds' URLs: nothing is fetched."""

STEPS: list[tuple[type, str, str]] = [
    (Articles, "ingest_many", "articles.ingest_many"),
    (Feeds, "link_articles", "feeds.link_articles"),
    (Clusterer, "add", "Clusterer.add"),
    (Clusters, "add_rows", "clusters.add_rows"),
    (Clusters, "save_changes", "clusters.save_changes"),
    (StoryUpdater, "_load_for", "_load_for"),
    (StoryUpdater, "_merge", "_merge"),
]


def worker_results(feeds: int, items: int) -> list[tuple[int, PageResult]]:
    """(feed number, the worker's result) for every teaser, in feed order. Every item
    gets one date, so that the order articles are clustered in (by date, then id), and
    so the stories, are the same from one run to the next."""
    names = page_names()
    when = datetime.now(UTC).replace(microsecond=0)
    results = []
    for f in range(feeds):
        url = f"http://127.0.0.1:{PORT + f}/feed.xml"
        parsed = parse_feed(feed_xml(PORT + f, f, items, names), url, "application/rss+xml")
        for entry in parsed.entries:
            job = PageJob(entry=replace(entry, published=when), key=entry.link, html=None,
                          final_url=None, source=f"feed {f}")
            results.append((f, build_article(job)))
    return results


def timed(spent: Counter[str], owner: type, name: str, label: str) -> None:
    """Wrap owner.name to add its thread CPU time to spent[label]."""
    original: Callable[..., Any] = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.thread_time()
        try:
            return original(*args, **kwargs)
        finally:
            spent[label] += time.thread_time() - started

    setattr(owner, name, wrapper)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=25)
    parser.add_argument("--batch", type=int, default=172)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results = worker_results(args.feeds, args.items)
    spent: Counter[str] = Counter()
    for owner, name, label in STEPS:
        timed(spent, owner, name, label)
    for run in range(args.runs):
        spent.clear()
        with tempfile.TemporaryDirectory() as folder, \
                Store.open(Path(folder) / "b.db") as store:
            with store.transaction():
                ids = [store.feeds.add(f"http://127.0.0.1:{PORT + f}/feed.xml",
                                       origin="config")[0].id for f in range(args.feeds)]
            writer = Writer(store, RefreshReport(), store.feeds.all(), StoryUpdater(store))
            events = [ArticleReady(ids[f], result) for f, result in results]
            started = time.thread_time()
            for start in range(0, len(events), args.batch):
                writer.write(events[start:start + args.batch])
            written = time.thread_time()
            writer.stories.finish()
            finished = time.thread_time()
            stories = store.conn.execute("SELECT count(*) FROM stories").fetchone()[0]
        print(f"run {run + 1}: writer {written - started:.2f} s, finish "
              f"{finished - written:.2f} s CPU; {len(events)} articles, {stories} stories; "
              f"load {os.getloadavg()[0]:.2f}", flush=True)
        print("   " + "  ".join(f"{label} {seconds:.3f}"
                                for label, seconds in spent.most_common()), flush=True)


if __name__ == "__main__":
    main()
