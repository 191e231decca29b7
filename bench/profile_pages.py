"""Where a page job's CPU goes: the refresh's own page job (`build_article`, what a worker
runs for each fetched page) on the corpus pages, in this one process, each stage timed.

    python bench/profile_pages.py [--passes 3] [--cprofile OUT.prof]

Each stage is the real function wrapped in a CPU timer (`time.process_time`), so the
figures carry no profiler overhead; `--cprofile` also writes a cProfile of the passes for
a closer look (`python -m pstats OUT.prof`). A first pass warms caches (jusText's stop
words, htmldate's and the briefer's first calls) and is not counted. Feed teasers are two
real news sentences, as in bench_refresh.py, and each page comes with a URL of the
bench's form. Pickling (the job to a worker, the result back) is timed on the same jobs.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import pickle
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_history import sentences_and_titles, teaser
from bench_refresh import PAGES, page_names

import briefing.brief
import briefing.cluster.features
import briefing.extract.html as html
from briefing.refresh.work import PageJob, build_article
from briefing.sources.feeds import FeedEntry

SPENT: dict[str, float] = defaultdict(float)
CALLS: dict[str, int] = defaultdict(int)


def timed(label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            SPENT[label] += time.process_time() - started
            CALLS[label] += 1
    return wrapper


def instrument() -> None:
    """Wrap each stage where `build_article` and `extract_page` look it up."""
    html.load_html = timed("extract: parse (lxml)", html.load_html)
    html.page_metadata = timed("extract: metadata (trafilatura, htmldate)", html.page_metadata)
    html.bare_extraction = timed("extract: bare_extraction (fast pass, retries)",
                                 html.bare_extraction)
    html.drop_non_prose = timed("extract: clean-up (drop_non_prose)", html.drop_non_prose)
    html.missing_standfirst = timed("extract: standfirst", html.missing_standfirst)
    briefing.brief.make_brief = timed("brief (make_brief)", briefing.brief.make_brief)
    briefing.cluster.features.extract_features = timed(
        "clustering features", briefing.cluster.features.extract_features)


def jobs() -> list[PageJob]:
    sentences, titles = sentences_and_titles()
    rng = random.Random(1)
    made = []
    for n, name in enumerate(page_names()):
        title, text = teaser(rng, sentences, titles)
        url = f"http://127.0.0.1:20000/p/0/{n}/{name}"
        entry = FeedEntry(guid=url, link=url, title=title, text=text, author=None,
                          published=None, canonical=url)
        made.append(PageJob(entry, url, (PAGES / name).read_bytes(), url, "Bench feed"))
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--cprofile", type=Path, help="Also write a cProfile here.")
    args = parser.parse_args()
    if not PAGES.exists():
        raise SystemExit(f"missing {PAGES}")
    work = jobs()
    for job in work:  # warm-up pass, not counted
        build_article(job)
    instrument()
    profile = cProfile.Profile() if args.cprofile else None
    whole = timed("page job (build_article), whole", build_article)
    if profile:
        profile.enable()
    results = [whole(job) for _ in range(args.passes) for job in work]
    if profile:
        profile.disable()
        profile.dump_stats(args.cprofile)
    for job, result in zip(work * args.passes, results, strict=True):
        timed("pickling (job out, result back)",
              lambda j=job, r=result: pickle.loads(pickle.dumps(j)) and
              pickle.loads(pickle.dumps(r)))()
    pages = len(results)
    print(f"{len(work)} corpus pages x {args.passes} passes, CPU ms per page"
          f"{' (under cProfile)' if profile else ''}:")
    for label, seconds in SPENT.items():
        print(f"  {seconds / pages * 1000:7.2f}  {label}  ({CALLS[label] / pages:.2f} calls)")


if __name__ == "__main__":
    main()
