"""How often What to know is empty or holds one point, and why: the corpus pages (briefed
by the refresh's own page job, `build_article`) and the BBC dev articles (with titles).

    python bench/know_room.py [--show]

A brief whose What to know is empty is put down to one cause, tried in this order:
- "signposted": the author's sections made the brief, and no panel-filling key point was left;
- "no candidate": the panel model chose no key point at all (no sentence left to it);
- "cut by the budget": with no word budget the brief would keep a key point;
- "read-alone pass": a key point fit, but went with the sentence it refers back to.
A brief with one point is reported beside how many it would hold with no budget.
`--show` prints, for each empty or one-point brief, its cause and the first key point
the panel model chose (what a fix would show).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import briefing.brief.extractive as extractive  # noqa: E402
from briefing.brief import make_brief  # noqa: E402
from briefing.models import Brief  # noqa: E402

CHOSEN: list[list[str]] = []
"""The key points the panel model chose for the last extractive brief, before the budget."""
_fit_budget = extractive.fit_budget
_budget_for = extractive.budget_for


def _recording_fit(panels: dict, *args: object, **kwargs: object) -> dict:
    CHOSEN.append([s.text for s in panels.get("what_to_know", [])])
    return _fit_budget(panels, *args, **kwargs)


extractive.fit_budget = _recording_fit  # extractive_brief looks it up at call time


def unbudgeted(text: str, title: str | None, k: int) -> Brief:
    """The brief with no word budget (every other rule as it is)."""
    extractive.budget_for = lambda text: 10**9
    try:
        return make_brief(text, what_to_know=k, title=title)
    finally:
        extractive.budget_for = _budget_for


def cause(text: str, title: str | None, k: int, brief: Brief) -> tuple[str, list[str]]:
    CHOSEN.clear()
    free = unbudgeted(text, title, k)
    chosen = CHOSEN[-1] if CHOSEN else []
    if brief.method != "extractive":
        return "signposted", chosen
    if not chosen:
        return "no candidate", chosen
    if free.what_to_know:
        return "cut by the budget", chosen
    return "read-alone pass", chosen


def page_cases() -> list[tuple[str, str, str | None]]:
    """(name, text, title) of each corpus page the refresh's page job makes an article of."""
    from bench_refresh import PAGES, page_names

    from briefing.refresh.work import PageJob, build_article
    from briefing.sources.feeds import FeedEntry

    out = []
    for n, name in enumerate(page_names()):
        url = f"http://127.0.0.1:20000/p/0/{n}/{name}"
        entry = FeedEntry(guid=url, link=url, title="", text="", author=None,
                          published=None, canonical=url)
        result = build_article(PageJob(entry, url, (PAGES / name).read_bytes(), url, "Bench"))
        if result.doc is not None:
            out.append((name, result.doc.text, result.doc.title))
    return out


def bbc_cases() -> list[tuple[str, str, str | None]]:
    path = CORPUS / "summaries" / "dev" / "bbc_news_summary_dev.jsonl"
    return [(f"bbc {r['id']}", r["text"], r["title"]) for r in map(json.loads, path.open())]


def report(label: str, cases: list[tuple[str, str, str | None]], k: int, show: bool) -> None:
    sizes: Counter[int] = Counter()
    causes: Counter[str] = Counter()
    one_more = 0
    lines = []
    for name, text, title in cases:
        brief = make_brief(text, what_to_know=k, title=title)
        n = len(brief.what_to_know)
        sizes[min(n, 2)] += 1
        if n > 1:
            continue
        why, chosen = cause(text, title, k, brief)
        if n == 0:
            causes[why] += 1
        else:
            free = unbudgeted(text, title, k)
            one_more += len(free.what_to_know) > 1
            why = f"one point; {len(free.what_to_know)} with no budget"
        if show:
            first = chosen[0][:150] if chosen else "-"
            lines.append(f"  - {name[:40]} [{why}, {len(text.split())} words]: {first}")
    print(f"\n## What to know on the {label} ({len(cases)} briefs, k = {k})\n")
    print(f"empty: {sizes[0]}, one point: {sizes[1]}, two or more: {sizes[2]}")
    print("empty, by cause: " + (", ".join(f"{c} {n}" for c, n in causes.most_common())
                                 or "none"))
    print(f"one point, that would hold more with no budget: {one_more}/{sizes[1]}")
    if lines:
        print("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--k", type=int, default=5, help="[brief] what_to_know (default 5)")
    parser.add_argument("--show", action="store_true", help="list each empty or one-point brief")
    args = parser.parse_args()
    report("corpus pages (build_article)", page_cases(), args.k, args.show)
    report("BBC dev articles (with titles)", bbc_cases(), args.k, args.show)


if __name__ == "__main__":
    main()
