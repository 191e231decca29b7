"""Benchmark feed parsing: `parse_feed` against bare `feedparser.parse` in the same run.

Two sets of documents: the 200 feeds of 25 items that bench_refresh.py serves, and the
real feeds of the corpus (feeds/real). The baseline is `feedparser.parse` with its
defaults and the document's URL and Content-Type, as a reader that only wants entries
would call it; `parse_feed` also cleans every entry to text, resolves links and dates.
CPU time, best of --runs.

    python bench/bench_parse.py [--runs 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import feedparser

from briefing.sources.feeds import parse_feed

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_refresh  # the bench's feeds

REAL = bench_refresh.REPO.parent / "shared" / "corpus" / "feeds" / "real"
URL = "http://127.0.0.1:21000/feed.xml"
CONTENT_TYPE = "application/rss+xml"


def best(runs: int, documents: list[bytes], parse: Callable[[bytes], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.process_time()
        for data in documents:
            parse(data)
        times.append(time.process_time() - started)
    return min(times)


def bare(data: bytes) -> object:
    return feedparser.parse(data, response_headers={"content-location": URL,
                                                    "content-type": CONTENT_TYPE})


def ours(data: bytes) -> object:
    return parse_feed(data, URL, CONTENT_TYPE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    names = bench_refresh.page_names()
    sets = {
        "bench feeds (200 x 25 items)": [bench_refresh.feed_xml(21000 + f, f, 25, names)
                                         for f in range(200)],
        "corpus real feeds": [p.read_bytes() for p in sorted(REAL.iterdir())
                              if p.suffix in (".xml", ".rss", ".atom", ".rdf")],
    }
    print(bench_refresh.load())
    for label, documents in sets.items():
        baseline = best(args.runs, documents, bare)
        timed = best(args.runs, documents, ours)
        print(f"{label}: {len(documents)} documents   feedparser.parse {baseline:.3f} s   "
              f"parse_feed {timed:.3f} s   ratio {timed / baseline:.2f}")


if __name__ == "__main__":
    main()
