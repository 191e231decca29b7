"""Where a feed-only item's CPU goes: the feed stage of bench_refresh.py (FEEDS feeds of
ITEMS items, teasers of two real news sentences, full_text = false) run stage by stage in
this one process, with no network and no worker pool.

    python bench/profile_feed_stage.py [--feeds 200] [--items 25] [--digest] [--cprofile OUT]

The workers' side: each feed document parsed (`parse_feed`), each item built as a worker
builds it (`build_article`: the brief of its teaser, its clustering features), and the
pickling of what crosses to and from a worker. The app's side: the refresh's own `Writer`
storing those results in batches of `writer.BATCH` events into a fresh database (articles,
feed links, clustering, the rows of the stories they start), then `StoryUpdater.finish`.
Each stage is the real function wrapped in a CPU timer (`time.process_time`), so the
figures carry no profiler overhead. Not here: the event loop, the HTTP client and the
pool's threads of the app's process (measure a real refresh for those).

The feed documents carry a fixed date and the store a fixed clock, so two checkouts given
the same documents store the same rows: `--digest` prints a digest of each table the feed
stage writes (time stamps left out), to compare a change's output with the code before it.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import pickle
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_refresh import feed_xml, page_names
from profile_pages import SPENT, timed

import briefing.brief
import briefing.cluster.features
import briefing.edition.update as update
from briefing.cluster.clusterer import Clusterer
from briefing.config import FeedConfig
from briefing.models import RefreshReport
from briefing.refresh.fetch import ArticleReady, FeedDone, ItemsFound
from briefing.refresh.work import PageJob, build_article
from briefing.refresh.writer import BATCH, Writer
from briefing.sources.feeds import parse_feed
from briefing.store import Store
from briefing.store.articles import Articles
from briefing.store.clusters import Clusters
from briefing.store.feeds import Feeds, FeedStatus

PORT = 20000
DATED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
"""The documents' publication date; the store's clock reads a minute later."""

TABLES = {"articles": "id", "briefs": "article_id", "stories": "id",
          "story_articles": "seq", "cluster_terms": "term", "cluster_postings": "term, seq",
          "cluster_stories": "seq", "feed_articles": "feed_id, article_id"}
STAMPS = {"first_seen", "updated", "created", "merged"}


def instrument() -> None:
    """Time the stages inside `build_article`, the writer and the story updater."""
    briefing.brief.make_brief = timed("brief", briefing.brief.make_brief)
    briefing.cluster.features.extract_features = timed(
        "features", briefing.cluster.features.extract_features)
    for owner, name, label in ((Articles, "ingest_many", "store articles and briefs"),
                               (Feeds, "link_articles", "link articles to feeds"),
                               (Clusters, "add_rows", "clustering rows"),
                               (Clusters, "save_changes", "clustering totals")):
        setattr(owner, name, timed(label, getattr(owner, name)))
    Clusterer.add = timed("clustering (Clusterer.add)", Clusterer.add)  # type: ignore[method-assign]
    update.StoryUpdater._merge = timed(  # type: ignore[method-assign]
        "story rows and merges", update.StoryUpdater._merge)


def documents(feeds: int, items: int) -> list[bytes]:
    names = page_names()
    return [feed_xml(PORT + f, f, items, names, now=DATED) for f in range(feeds)]


def digest(path: Path) -> None:
    """One line a table: its row count and a digest of its rows, time stamps left out."""
    db = sqlite3.connect(path)
    for table, order in TABLES.items():
        columns = [r[1] for r in db.execute(f"PRAGMA table_info({table})")
                   if r[1] not in STAMPS]
        rows = db.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}")
        value = hashlib.sha256()
        count = 0
        for row in rows:
            value.update(repr(row).encode())
            count += 1
        print(f"digest {table:17} {count:6} rows  {value.hexdigest()[:16]}")
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=25)
    parser.add_argument("--digest", action="store_true",
                        help="Print a digest of each stored table (compare two checkouts).")
    parser.add_argument("--cprofile", type=Path, help="Also write a cProfile of the run.")
    args = parser.parse_args()
    docs = documents(args.feeds, args.items)
    urls = [f"http://127.0.0.1:{PORT + f}/feed.xml" for f in range(args.feeds)]
    instrument()
    profile = cProfile.Profile() if args.cprofile else None
    if profile:
        profile.enable()

    parse = timed("parse the feed document", parse_feed)
    build = timed("build_article", build_article)
    results: list[list[Any]] = []
    for url, doc in zip(urls, docs, strict=True):
        parsed = parse(doc, url, "application/rss+xml")
        started = time.process_time()
        parsed = pickle.loads(pickle.dumps(parsed))
        jobs = [PageJob(entry, entry.canonical or "", None, None, "Bench feed",
                        full_text=False) for entry in parsed.entries]
        jobs = pickle.loads(pickle.dumps(jobs))
        SPENT["pickling (feed, jobs, results)"] += time.process_time() - started
        built = [build(job) for job in jobs]
        started = time.process_time()
        results.append(pickle.loads(pickle.dumps(built)))
        SPENT["pickling (feed, jobs, results)"] += time.process_time() - started

    folder = Path(tempfile.mkdtemp(prefix="briefing-feed-stage-"))
    store = Store.open(folder / "b.db", clock=lambda: DATED + timedelta(minutes=1))
    store.feeds.sync_config([FeedConfig(url) for url in urls])
    feeds = store.feeds.all()
    stories = update.StoryUpdater(store)
    writer = Writer(store, RefreshReport(), feeds, stories)
    events: list[object] = []
    for feed, built in zip(feeds, results, strict=True):
        events.append(ItemsFound(feed.id, len(built), f"Bench feed {feed.id}"))
        events += [ArticleReady(feed.id, result) for result in built]
        events.append(FeedDone(feed, FeedStatus(200, None, True), 0.1))
    write = timed("writer (all)", writer.write)
    for start in range(0, len(events), BATCH):
        write(events[start:start + BATCH])
    timed("finish", stories.finish)()
    if profile:
        profile.disable()
        profile.dump_stats(args.cprofile)

    total = args.feeds * args.items
    worker = ["parse the feed document", "brief", "features"]
    app = ["store articles and briefs", "link articles to feeds", "clustering (Clusterer.add)",
           "clustering rows", "clustering totals", "story rows and merges"]
    rows = [("workers", label, SPENT[label]) for label in worker]
    rows.append(("workers", "build_article's own",
                 SPENT["build_article"] - SPENT["brief"] - SPENT["features"]))
    rows.append(("both", "pickling (feed, jobs, results)",
                 SPENT["pickling (feed, jobs, results)"]))
    rows += [("app", label, SPENT[label]) for label in app]
    inside = sum(SPENT[label] for label in app)
    rows.append(("app", "the writer's own (events, report, ...)",
                 SPENT["writer (all)"] + SPENT["finish"] - inside))
    print(f"{args.feeds} feeds x {args.items} items, teasers of real sentences, one process; "
          f"{total} articles in {store.stories.count()} stories")
    for side, label, seconds in rows:
        print(f"  {side:7} {label:40} {seconds * 1000 / total:6.3f} ms an item "
              f"({seconds:5.2f} s)")
    print(f"  {'':7} {'all':40} {sum(s for *_, s in rows) * 1000 / total:6.3f} ms an item")
    store.close()
    if args.digest:
        digest(folder / "b.db")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
