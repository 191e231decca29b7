"""How fast the reader opens with 100, 10,000 and 100,000 stored stories, and per keypress.

    python bench/bench_tui.py [--sizes 100,10000,100000] [--runs 5] [--presses 100]

For each size it builds a database (cached under bench/results/), then starts a fresh
process that opens the real app headless and stops at the first rendered brief: the time
from process start to that moment. A last case runs the whole `briefing` command (click,
config.toml, then the reader) on the largest database. The baseline is a bare Textual app rendering one Static,
started the same way in the same run; ratios against it are what to quote (machines are
noisy). Runs are interleaved (bare, each size, bare, ...) so that a change in the machine's
load falls on every case alike. Each child also reports its CPU time (user + system, from
process start), which a busy machine disturbs far less than the wall clock.
It then drives 100 `j` presses through Pilot on the largest database and reports the mean
CPU time per keypress; the first `G` (to the last of the older unread stories); the first
`F` (the feeds screen, which asks whether a refresh runs as it opens); a search
for a common word and a rare one (CPU from the query to the list showing its results); and
`j` over stories of several sources (a database of the same size where every story merges
20 articles from 10 sources, and one merges 464). Each child reports its own peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import pty
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"

PEAK_RSS = r"""
def own_peak_kb(usage):
    # The child's own peak: ru_maxrss survives exec on Linux, so it would report the
    # forking parent's peak when that was larger. VmHWM belongs to this process alone.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return usage.ru_maxrss
"""

TIMED_APP = PEAK_RSS + r"""
import os, resource, sys, time
t0 = float(os.environ["BENCH_T0"])
import briefing.tui.app as app_module
from briefing.tui.widgets.brief_view import BriefView

class Timed(app_module.BriefingApp):
    def run(self, **kwargs):  # headless, at a fixed size, however it is started
        return super().run(headless=True, size=(120, 40))

    def on_ready(self) -> None:
        super().on_ready()  # what the reader does on opening is part of its start

        def check() -> None:
            if time.time() - t0 > 60:
                raise SystemExit("no brief was shown within 60 s")
            if self.screen.query_one(BriefView).article is None:
                self.set_timer(0.001, check)
                return
            self.call_after_refresh(self.finish)
        check()

    def finish(self) -> None:
        elapsed = time.time() - t0
        usage = resource.getrusage(resource.RUSAGE_SELF)
        with open(os.environ["BENCH_OUT"], "w") as out:
            out.write(f"{elapsed:.6f} {own_peak_kb(usage)} {usage.ru_utime + usage.ru_stime:.6f}")
        self.exit()
"""

CHILD_BRIEFING = TIMED_APP + r"""
from pathlib import Path
from briefing.config import Settings, TuiSettings
from briefing.store import Store

db = Path(sys.argv[1])
settings = Settings(seeds=None, database=db, feeds=(), tui=TuiSettings(read_after=3600))
Timed(settings, lambda: Store.open(db)).run()
"""

CHILD_COMMAND = TIMED_APP + r"""
app_module.BriefingApp = Timed  # the command builds its app through make_app
from briefing.cli import main
main(["--config", sys.argv[2], "--db", sys.argv[1]], standalone_mode=False)
"""

CHILD_BARE = PEAK_RSS + r"""
import os, resource, time
t0 = float(os.environ["BENCH_T0"])
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("Hello")
    def on_ready(self) -> None:
        self.call_after_refresh(self.finish)
    def finish(self) -> None:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        with open(os.environ["BENCH_OUT"], "w") as out:
            out.write(f"{time.time() - t0:.6f} {own_peak_kb(usage)} "
                      f"{usage.ru_utime + usage.ru_stime:.6f}")
        self.exit()

Bare().run(headless=True, size=(120, 40))
"""

CHILD_KEYS = PEAK_RSS + r"""
import asyncio, resource, sys, time
from pathlib import Path
from textual.app import App
from textual.widgets import Static
from briefing.config import Settings, TuiSettings
from briefing.tui.app import BriefingApp
from briefing.tui.story_source import StoryFilter
from briefing.tui.widgets.story_list import StoryList
from briefing.store import Store

class Bare(App):
    def compose(self):
        yield Static("Hello")

async def presses(app, count: int, rest: float, key: str = "j") -> float:
    # CPU milliseconds per key; `rest` seconds after each (0: back to back, as when a key
    # is held down).
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        cpu = time.process_time()
        for _ in range(count):
            await pilot.press(key)
            if rest:
                await pilot.pause(rest)  # the brief follows the cursor once it rests
        await pilot.pause()
        return (time.process_time() - cpu) / count * 1000

async def searches(app, words) -> list[float]:
    # CPU milliseconds from a query to the list showing its results (the search box's
    # typing delay is idle time and not counted).
    out = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for word in words:
            cpu = time.process_time()
            app.screen._apply_filter(StoryFilter(query=word))
            await pilot.pause()
            out.append((time.process_time() - cpu) * 1000)
            assert len(app.screen.query_one(StoryList).source) > 0, word
    return out

async def main() -> None:
    db, multi = Path(sys.argv[1]), Path(sys.argv[2]); count = int(sys.argv[3])
    def app(path=db):
        settings = Settings(seeds=None, database=path, feeds=(),
                            tui=TuiSettings(read_after=3600))
        return BriefingApp(settings, lambda: Store.open(path))
    results = [await presses(Bare(), count, 0.05), await presses(app(), count, 0.05),
               await presses(app(), count, 0), await presses(app(), 1, 0.05, "G"),
               await presses(app(), 1, 0.05, "F"),
               *await searches(app(), ["plan", "orchestra"]),
               await presses(app(multi), count, 0.05)]
    rss = own_peak_kb(resource.getrusage(resource.RUSAGE_SELF))
    print(*(f"{r:.2f}" for r in results), rss)

asyncio.run(main())
"""

MULTI_PER_STORY = 20
MULTI_SOURCES = 10
BIG_STORY = 464


def build_database(n: int, *, multi: bool = False) -> Path:
    """A database of n articles with briefs, made with the store's own schema: one story
    per article, or (`multi`) stories of MULTI_PER_STORY articles from MULTI_SOURCES
    sources, the first of BIG_STORY articles."""
    from briefing.brief import make_brief
    from briefing.models import Document
    from briefing.store import Store
    from briefing.store.articles import article_id, content_hash

    path = RESULTS / (f"tui-multi-{n}.db" if multi else f"tui-{n}.db")
    if path.exists():
        return path
    RESULTS.mkdir(parents=True, exist_ok=True)
    words = ("harbour council budget rail strike museum library flood drought election court "
             "vaccine tariff bridge festival reactor satellite wildfire orchestra ferry "
             "parliament").split()
    brief = None
    now = datetime(2026, 11, 27, tzinfo=UTC)
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    with Store.open(tmp) as store, store.transaction():
        for start in range(0, n, 5000):
            articles, briefs, members, stories = [], [], [], []
            for i in range(start, min(n, start + 5000)):
                topic = f"{words[i % 20]} {words[(i // 20) % 20]} {words[(i // 400) % 20]}"
                text = (f"The {topic} plan number {i} was approved on Tuesday after a long "
                        f"debate. Officials said it would create {i % 900 + 100} jobs. Critics "
                        "said the plan ignored the risks. Work will start next spring.")
                brief = brief or json.dumps(make_brief(text).to_dict())
                key = f"https://example.org/bench/{i}"
                ident = article_id(key)
                doc = Document(key=key, title=f"Story {i}: the {topic} plan", text=text)
                when = (now - timedelta(minutes=i)).isoformat(timespec="seconds")
                articles.append({"id": ident, "key": key, "url": key, "title": doc.title,
                                 "text": text, "source": f"Source {i % 40}", "published": when,
                                 "first_seen": when, "content_hash": content_hash(doc),
                                 "text_origin": "page", "read": int(i % 3 == 0)})
                briefs.append({"article_id": ident, "method": "extractive", "version": 1,
                               "brief": brief, "created": when})
                # Stories are made here, not clustered: this bench is about the reader.
                story = ident
                if multi:
                    first = 0 if i < BIG_STORY else i - (i - BIG_STORY) % MULTI_PER_STORY
                    story = article_id(f"https://example.org/bench/{first}")
                    articles[-1]["source"] = f"Source {i % MULTI_SOURCES}"
                members.append({"article_id": ident, "story_id": story, "seq": i + 1,
                                "state": "{}"})
                if story == ident:
                    size = 1 if not multi else (BIG_STORY if i == 0 else MULTI_PER_STORY)
                    stories.append({"id": ident, "title": doc.title, "lead_article_id": ident,
                                    "published": when, "first_seen": when,
                                    "article_count": min(size, n - i),
                                    "source_count": min(size, MULTI_SOURCES) if multi else 1,
                                    "unread_count": int(i % 3 != 0) * min(size, n - i),
                                    "starred": 0, "brief": story_brief(brief, size),
                                    "merged": when})
            store.db["articles"].insert_all(articles)
            store.db["briefs"].insert_all(briefs)
            store.db["story_articles"].insert_all(members)
            store.db["stories"].insert_all(stories)
    os.replace(tmp, path)
    for suffix in ("-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    return path


def story_brief(brief: str, size: int) -> str:
    """A merged brief whose points name their articles, as a story of `size` has."""
    if size == 1:
        return brief
    data = json.loads(brief)
    data["method"] = "story"
    data["sources"] = {panel: ["x"] * len(data[panel]) for panel in
                       ("why_it_matters", "what_to_know", "whats_next") if data[panel]}
    return json.dumps(data)


def run_child(code: str, *args: str) -> tuple[float, int, float]:
    """(wall seconds, peak RSS in kB, CPU seconds) from process start to the first frame.
    The child runs on a terminal of its own, as a user starts it (the `briefing` command
    refuses to start the reader without one), and writes its figures to a file."""
    with tempfile.TemporaryDirectory() as folder:
        result = Path(folder) / "result"
        env = dict(os.environ, BENCH_T0=repr(time.time()), BENCH_OUT=str(result))
        primary, secondary = pty.openpty()
        try:
            subprocess.run([sys.executable, "-c", code, *args], env=env, check=True,
                           stdin=secondary, stdout=secondary, stderr=subprocess.PIPE,
                           timeout=300)
        finally:
            os.close(secondary)
            os.close(primary)
        out = result.read_text().split()
    return float(out[0]), int(out[1]), float(out[2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,10000,100000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--presses", type=int, default=100)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    databases = {n: build_database(n) for n in sizes}

    largest = databases[max(sizes)]
    multi = build_database(max(sizes), multi=True)
    # The whole `briefing` command too: click, reading config.toml, then the reader.
    config = RESULTS / "tui-config.toml"
    config.write_text('feeds = []\n[tui]\nread_after = 3600\n')
    runs: dict[int, list[tuple[float, int, float]]] = {0: [], **{n: [] for n in databases}}
    command: list[tuple[float, int, float]] = []
    for _ in range(args.runs):
        runs[0].append(run_child(CHILD_BARE))
        for n, db in databases.items():
            runs[n].append(run_child(CHILD_BRIEFING, str(db)))
        command.append(run_child(CHILD_COMMAND, str(largest), str(config)))
    bare_wall = statistics.median(r[0] for r in runs[0])
    bare_cpu = statistics.median(r[2] for r in runs[0])
    print(f"{'case':<26}{'wall s':>8}{'ratio':>7}{'CPU s':>8}{'ratio':>7}{'peak RSS MB':>13}")
    cases = [(f"briefing, {n:,} stories" if n else "bare Textual app", results)
             for n, results in runs.items()]
    cases.append((f"`briefing`, {max(sizes):,}", command))
    for name, results in cases:
        wall = statistics.median(r[0] for r in results)
        cpu = statistics.median(r[2] for r in results)
        print(f"{name:<26}{wall:>8.3f}{wall / bare_wall:>7.2f}{cpu:>8.3f}{cpu / bare_cpu:>7.2f}"
              f"{max(r[1] for r in results) / 1024:>13.1f}")
    env = dict(os.environ, BENCH_T0=repr(time.time()))
    out = subprocess.run([sys.executable, "-c", CHILD_KEYS, str(largest), str(multi),
                          str(args.presses)],
                         env=env, check=True, capture_output=True, text=True,
                         timeout=600).stdout.split()
    bare_cpu, cpu, skim_cpu, last_cpu, feeds_cpu, common, rare, multi_cpu, rss = (
        float(x) for x in out)
    print(f"\n{args.presses} `j` presses on {max(sizes):,} stories, CPU time per keypress "
          "(Pilot's own waiting is idle time, so CPU is what a keypress costs):")
    print(f"  with a 50 ms rest after each, so every brief is shown: {cpu:.1f} ms "
          f"(bare Textual app, same presses: {bare_cpu:.1f} ms)")
    print(f"  back to back (a held key): {skim_cpu:.1f} ms")
    print(f"  on stories of {MULTI_PER_STORY} articles from {MULTI_SOURCES} sources "
          f"(the first of {BIG_STORY}): {multi_cpu:.1f} ms")
    print(f"the first `G` (to the last of the older unread stories): {last_cpu:.1f} ms")
    print(f"the first `F` (the feeds screen): {feeds_cpu:.1f} ms")
    print(f"search, query to results on screen: a common word {common:.1f} ms, "
          f"a rarer one {rare:.1f} ms")
    print(f"  peak RSS of this child {rss / 1024:.1f} MB")


if __name__ == "__main__":
    main()
