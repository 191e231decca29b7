"""Score page extraction on the corpus's pages with expected text, next to bare trafilatura.

    python bench/eval_extract.py [--corpus ../shared/corpus] [--misses]

A page passes when its extracted text holds every `with` string and no `without` string
(the corpus's own check). Also counted: the strings found and avoided, and exact matches of
title, author and date against the expectations. `briefing` is `extract_page`, what a
refresh runs on each fetched page (clean-up included); `trafilatura` is bare
`trafilatura.extract` with its defaults (text only). Time is CPU per page, median of the
`--runs` passes (the first pass warms caches and is not timed).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefing.extract.html import extract_page  # noqa: E402


@dataclass
class Extracted:
    text: str
    title: str = ""
    author: str = ""
    date: str = ""


@dataclass
class Tally:
    pages: int = 0
    passed: int = 0
    found: int = 0
    wanted: int = 0
    avoided: int = 0
    unwanted: int = 0
    title: int = 0
    author: int = 0
    date: int = 0
    misses: list[str] = field(default_factory=list)


def ours(html: bytes, url: str | None) -> Extracted:
    page = extract_page(html, url)
    if page is None:
        return Extracted("")
    return Extracted(page.text, page.title, page.author or "",
                     page.published.date().isoformat() if page.published else "")


def bare(html: bytes, url: str | None) -> Extracted:
    import trafilatura

    return Extracted(trafilatura.extract(html, url=url) or "")


def tally(method: Callable[[bytes, str | None], Extracted], pages: dict[str, bytes],
          expected: dict[str, dict]) -> Tally:
    result = Tally()
    for name, html in pages.items():
        want = expected[name]
        got = method(html, want.get("url"))
        found = [s for s in want["with"] if s in got.text]
        kept = [s for s in want["without"] if s in got.text]
        result.pages += 1
        result.passed += len(found) == len(want["with"]) and not kept
        result.found += len(found)
        result.wanted += len(want["with"])
        result.avoided += len(want["without"]) - len(kept)
        result.unwanted += len(want["without"])
        result.title += got.title.strip() == (want.get("title") or "").strip()
        result.author += got.author == (want.get("author") or "")
        result.date += got.date == (want.get("date") or "")
        result.misses += [f"{name}: missing {s[:70]!r}" for s in want["with"] if s not in found]
        result.misses += [f"{name}: kept {s[:70]!r}" for s in kept]
    return result


def cpu_per_page(method: Callable[[bytes, str | None], Extracted], pages: dict[str, bytes],
                 expected: dict[str, dict], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.process_time()
        for name, html in pages.items():
            method(html, expected[name].get("url"))
        times.append((time.process_time() - started) / len(pages))
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--runs", type=int, default=3, help="Timed passes per method.")
    parser.add_argument("--misses", action="store_true", help="List every string missed or kept.")
    args = parser.parse_args()
    expected = json.loads((args.corpus / "html" / "expectations.json").read_text())
    pages = {name: (args.corpus / "html" / "dev" / name).read_bytes() for name in sorted(expected)}
    print(f"{len(pages)} pages, {args.corpus / 'html'}")
    print(f"{'method':12} {'pages passed':>13} {'strings found':>14} {'avoided':>10} "
          f"{'title':>6} {'author':>7} {'date':>5} {'ms/page':>8}")
    for label, method, metadata in (("briefing", ours, True), ("trafilatura", bare, False)):
        result = tally(method, pages, expected)  # also the warm-up pass
        ms = 1000 * cpu_per_page(method, pages, expected, args.runs)
        meta = (f"{result.title:>6} {result.author:>7} {result.date:>5}" if metadata
                else f"{'-':>6} {'-':>7} {'-':>5}")
        print(f"{label:12} {result.passed:>6} of {result.pages:<4} {result.found:>6} of "
              f"{result.wanted:<4} {result.avoided:>4} of {result.unwanted:<3} {meta} {ms:>8.1f}")
        if args.misses:
            print("\n".join("    " + miss for miss in result.misses))
    print("(title, author, date: exact matches with the expectations; the trafilatura row "
          "extracts text only)")


if __name__ == "__main__":
    main()
