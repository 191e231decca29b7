"""Where a page job's CPU goes: the refresh's own page job (`build_article`, what a worker
runs for each fetched page) on the corpus pages, in this one process, each stage timed.

    python bench/profile_pages.py [--passes 3] [--cprofile OUT.prof]
    python bench/profile_pages.py --brief [--passes 3]

Each stage is the real function wrapped in a CPU timer (`time.process_time`), so the
figures carry no profiler overhead; `--cprofile` also writes a cProfile of the passes for
a closer look (`python -m pstats OUT.prof`). A first pass warms caches (jusText's stop
words, htmldate's and the briefer's first calls) and is not counted. Feed teasers are two
real news sentences, as in bench_refresh.py, and each page comes with a URL of the
bench's form. Pickling (the job to a worker, the result back) is timed on the same jobs.
A last line sets what the job adds to trafilatura's own calls (bench_refresh.py's
baseline) against the room the CPU-per-page target of 1.3x leaves.

`--brief` looks inside `make_brief` instead, on the pages' extracted text and on 2,000
teasers: each stage's own CPU (a stage's time without the stages timed inside it), then
what each cue pattern of the panel models and each per-sentence check costs a sentence
(best of the passes, on the pages' prose sentences): where the brief's time goes as the
models' patterns change.
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
    html.home_link_names = timed("extract: the page's links home (home_link_names)",
                                 html.home_link_names)
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


def own_time(label: str, fn: Callable[..., Any], inside: list[float]) -> Callable[..., Any]:
    """`fn` timed without the time of the timed calls it makes (`inside` is their stack)."""
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        inside.append(0.0)
        try:
            return fn(*args, **kwargs)
        finally:
            spent = time.process_time() - started
            SPENT[label] += spent - inside.pop()
            if inside:
                inside[-1] += spent
    return wrapper


def profile_brief(passes: int) -> None:
    """make_brief's stages on the pages and on teasers, then its patterns' cost a sentence."""
    import re

    import briefing.brief.cues as cues
    import briefing.brief.extractive as extractive
    import briefing.brief.outlook as outlook
    import briefing.brief.significance as significance
    import briefing.extract.cleanup as cleanup
    from briefing.brief.sentences import paragraphs
    from briefing.text.words import content_words

    pages = [page for name in page_names()
             if (page := html.extract_page((PAGES / name).read_bytes(), f"http://127.0.0.1/{name}"))]
    sentences, titles = sentences_and_titles()
    rng = random.Random(1)
    teasers = [teaser(rng, sentences, titles) for _ in range(2000)]
    inside: list[float] = []
    make_brief = own_time("make_brief (the rest: choosing, budget)", briefing.brief.make_brief,
                          inside)
    for module, names in ((briefing.brief, ("without_headline", "find_sections",
                                            "prose_sentences")),
                          (extractive, ("prose_sentences", "is_furniture_sentence", "centrality",
                                        "why_probabilities", "next_probabilities",
                                        "fit_budget"))):
        for name in names:
            setattr(module, name, own_time(name, getattr(module, name), inside))
    for kind, texts in (("corpus pages", [(p.text, p.title) for p in pages]),
                        ("teasers", [(text, title) for title, text in teasers])):
        for text, title in texts:  # warm-up pass, not counted
            make_brief(text, title=title)
        SPENT.clear()
        for _ in range(passes):
            for text, title in texts:
                make_brief(text, title=title)
        count = len(texts) * passes
        print(f"make_brief on {len(texts)} {kind} x {passes} passes, own CPU ms per brief "
              f"({sum(SPENT.values()) / count * 1000:.3f} in all):")
        for label, seconds in sorted(SPENT.items(), key=lambda item: -item[1]):
            print(f"  {seconds / count * 1000:7.3f}  {label}")
    prose = [s.text for p in pages for s in extractive.prose_sentences(paragraphs(p.text))]
    lowered = [s.lower() for s in prose]
    checks: list[tuple[str, Callable[[str], Any], list[str]]] = [
        *((f"Why cue {name}", re.compile(p).findall, lowered)
          for name, p in significance.CUES.items()),
        *((f"Next cue {name}", re.compile(p).findall, lowered)
          for name, p in outlook.CUES.items()),
        ("Why genre words", significance._GENRE.findall, lowered),
        ("Next: Will/May as names, the reader's future (_NOT_FUTURE, after its word test)",
         lambda text: outlook._NOT_FUTURE.sub("_", text)
         if any(word in text for word in outlook._NOT_FUTURE_WORDS) else text, prose),
        ("cues.forward_score (uncached)", cues.forward_score.__wrapped__, prose),
        ("cues.dated", cues.dated, prose),
        ("cues.attributed", cues.attributed, prose),
        ("cues.concreteness", cues.concreteness, prose),
        ("cleanup.is_furniture_sentence", cleanup.is_furniture_sentence, prose),
        ("text.words.content_words", content_words, prose),
    ]
    costs = []
    for label, check, texts in checks:
        best = float("inf")
        for _ in range(passes):
            started = time.process_time()
            for text in texts:
                check(text)
            best = min(best, time.process_time() - started)
        costs.append((best / len(texts) * 1e6, label))
    print(f"CPU us a sentence ({len(prose)} prose sentences of the pages, "
          f"{sum(map(len, prose)) // len(prose)} characters on average; cues on lower case):")
    for micros, label in sorted(costs, reverse=True):
        print(f"  {micros:6.1f}  {label}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--cprofile", type=Path, help="Also write a cProfile here.")
    parser.add_argument("--brief", action="store_true", help="Look inside make_brief.")
    args = parser.parse_args()
    if not PAGES.exists():
        raise SystemExit(f"missing {PAGES}")
    if args.brief:
        profile_brief(args.passes)
        return
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
    whole = "page job (build_article), whole"
    stages = sum(seconds for label, seconds in SPENT.items()
                 if label != whole and not label.startswith("pickling"))
    print(f"  {(SPENT[whole] - stages) / pages * 1000:7.2f}  the page job beyond the stages "
          "above (sanitizing, repairs, identity, freeing the trees)")
    # bench_refresh.py's baseline makes trafilatura's calls of the job (parse, metadata,
    # bare_extraction and its retries) and nothing else: what the job adds to them is set
    # against the room the CPU-per-page target (1.3x the baseline) leaves.
    ms = {label: seconds / pages * 1000 for label, seconds in SPENT.items()}
    own = sum(ms[label] for label in ms if label.startswith(("extract: parse",
                                                             "extract: metadata",
                                                             "extract: bare_extraction")))
    added = ms[whole] - own + ms["pickling (job out, result back)"]
    print(f"trafilatura's calls (the baseline's work): {own:.2f} ms a page; the job adds "
          f"{added:.2f} ms with pickling (the brief {ms['brief (make_brief)']:.2f}), before "
          f"the app process's share; a 1.3x target leaves {0.3 * own:.2f} ms for all of it")


if __name__ == "__main__":
    main()
