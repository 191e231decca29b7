"""Dump every brief of a fixed set of texts, or compare two dumps: a check that a change
meant to make the briefer faster leaves its output exactly as it was.

    python bench/brief_dump.py OUT.pickle            # dump the briefs of this checkout
    python bench/brief_dump.py --compare [--show] A.pickle B.pickle
    python bench/brief_dump.py --time                # CPU ms per brief, one core

The texts: the BBC dev articles (with and without their titles), the signposted stories,
the text extracted from each corpus page (with its title), 2,000 feed teasers of real
sentences, as bench_refresh.py makes them, and every entry of the corpus's real feeds
(their own summaries and titles, in a dozen languages and scripts). A brief is compared whole: every panel, every
offset, method and version. `--time` prints the CPU time of a brief for each kind of
text (best of 5 passes after a warm-up pass, pinned to one core); compare checkouts in
alternating runs.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

if TYPE_CHECKING:
    from briefing.models import Brief


def cases() -> list[tuple[str, str, str | None]]:
    """(name, text, title) of every text briefed."""
    out = []
    for line in (CORPUS / "summaries" / "dev" / "bbc_news_summary_dev.jsonl").open():
        row = json.loads(line)
        out.append((f"bbc {row['id']}", row["text"], None))
        out.append((f"bbc+title {row['id']}", row["text"], row["title"]))
    for n, line in enumerate((CORPUS / "signposts" / "signposts.jsonl").open()):
        out.append((f"signposts {n}", json.loads(line)["text"], None))
    from bench_history import sentences_and_titles, teaser
    from bench_refresh import PAGES, page_names

    from briefing.extract.html import extract_page

    for name in page_names():
        page = extract_page((PAGES / name).read_bytes(), f"http://127.0.0.1/{name}")
        if page is not None:
            out.append((f"page {name}", page.text, page.title))
    sentences, titles = sentences_and_titles()
    rng = random.Random(1)
    for n in range(2000):
        title, text = teaser(rng, sentences, titles)
        out.append((f"teaser {n}", text, title))
    from briefing.sources.feeds import parse_feed

    for path in sorted((CORPUS / "feeds" / "real").iterdir()):
        if path.suffix in {".xml", ".rss", ".rdf", ".atom"}:
            feed = parse_feed(path.read_bytes(), f"http://127.0.0.1/{path.name}")
            for n, entry in enumerate(feed.entries):
                if entry.text:
                    out.append((f"feed {path.name} {n}", entry.text, entry.title))
    return out


def timing(passes: int = 5) -> None:
    from briefing.brief import make_brief

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    kinds: dict[str, list[tuple[str, str, str | None]]] = {}
    for case in cases():
        kinds.setdefault(case[0].split()[0], []).append(case)
    for kind, group in kinds.items():
        best = float("inf")
        for n in range(passes + 1):  # the first pass only warms caches
            started = time.process_time()
            for _name, text, title in group:
                make_brief(text, title=title)
            if n:
                best = min(best, time.process_time() - started)
        print(f"{kind:10} {len(group):5} texts  {best / len(group) * 1000:6.3f} ms per brief")


def show_change(name: str, old: Brief, new: Brief | None) -> None:
    """The points of one brief that differ between two dumps, panel by panel."""
    from briefing.models import PANELS

    print(f"\n### {name}")
    if new is None:
        print("  (not in the second dump)")
        return
    for panel in PANELS:
        before, after = old.panel(panel), new.panel(panel)
        if before == after:
            continue
        print(f"  {panel}:")
        for point in after:
            print(f"    {'+' if point not in before else ' '} {point}")
        for point in before:
            if point not in after:
                print(f"    - {point}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", type=Path, nargs="*")
    parser.add_argument("--compare", action="store_true")
    parser.add_argument("--time", action="store_true")
    parser.add_argument("--show", action="store_true",
                        help="with --compare: every differing brief's points, panel by panel "
                             "(- only in the first dump, + only in the second)")
    args = parser.parse_args()
    if args.time:
        timing()
        return
    if len(args.paths) != (2 if args.compare else 1):
        parser.error("give one path to dump to, or two dumps to compare")
    if args.compare:
        old, new = (pickle.loads(p.read_bytes()) for p in args.paths)
        differ = [name for name in old if old[name] != new.get(name)]
        print(f"{len(old)} briefs, {len(differ)} differ" + "".join(f"\n  {d}" for d in differ[:20]))
        if args.show:
            for name in differ:
                show_change(name, old[name], new.get(name))
        raise SystemExit(1 if differ or old.keys() != new.keys() else 0)
    from briefing.brief import make_brief

    briefs = {name: make_brief(text, title=title) for name, text, title in cases()}
    args.paths[0].write_bytes(pickle.dumps(briefs))
    print(f"{len(briefs)} briefs -> {args.paths[0]}")


if __name__ == "__main__":
    main()
