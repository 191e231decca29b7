"""Is a refresh linear in its own input? One feed of many items, and an OPML of many feeds.

Two cases, each at growing sizes, in fresh processes on fresh databases (no network: a
local server on 127.0.0.1):

  feed   `briefing refresh` of one feed of N items whose teasers are real news sentences
         (bench_history's), full text off, every item taken (`max_items = 0`) and once
         more with the default cap (the newest 100: only the parse grows with N)
  opml   `briefing import-opml` of an OPML file of N feeds in one folder

Reported per size: wall and CPU time of the whole process tree, and the CPU per item
beyond a run of one item (the start of the process, its imports and the database are the
same at every size), as a ratio to the smallest size's: about 1.0 throughout when the cost
is linear, doubling with each doubling of N when it is quadratic. Sizes alternate,
--runs rounds, medians.

    python bench/bench_linear.py [--feed-sizes 1000 2000 4000 8000]
        [--capped-sizes 2500 5000 10000 20000] [--opml-sizes 1000 2000 4000 8000] [--runs 1]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_history import TreeSampler, new_feed, run_measured, serve


def opml(count: int) -> str:
    outlines = "".join(f'<outline text="Feed {n}" xmlUrl="https://feed{n}.example/rss"/>'
                       for n in range(count))
    return (f'<?xml version="1.0"?><opml version="2.0"><head/><body>'
            f'<outline text="News">{outlines}</outline></body></opml>')


def refresh_feed(work: Path, count: int, max_items: int) -> tuple[float, float]:
    """(wall, CPU) of one refresh of a feed of `count` items on a fresh database."""
    server = serve(new_feed(count, 1, minutes_apart=1, name="big"))
    folder = Path(tempfile.mkdtemp(dir=work))
    try:
        (folder / "seeds").mkdir()
        (folder / "config.toml").write_text(
            f'database = "b.db"\nseeds = "seeds"\n[fetch]\nworkers = 2\nfull_text = false\n'
            f"max_bytes = 50000000\nmax_items = {max_items}\n[[feeds]]\n"
            f'url = "http://127.0.0.1:{server.server_address[1]}/feed.xml"\n',
            encoding="utf-8")
        seconds, sampler, report = run_measured(
            [sys.executable, "-m", "briefing", "--config", str(folder / "config.toml"),
             "refresh", "--json"], folder)
        expected = count if not max_items else min(count, max_items)
        if report.get("new") != expected:
            raise SystemExit(f"feed of {count}: stored {report.get('new')}, not {expected}: "
                             f"{report}")
        return seconds, sampler.cpu_seconds
    finally:
        server.shutdown()
        shutil.rmtree(folder, ignore_errors=True)


def import_opml(work: Path, count: int) -> tuple[float, float]:
    """(wall, CPU) of one `import-opml` of `count` feeds into a fresh database."""
    folder = Path(tempfile.mkdtemp(dir=work))
    try:
        (folder / "config.toml").write_text('database = "b.db"\nfeeds = []\n', encoding="utf-8")
        (folder / "feeds.opml").write_text(opml(count), encoding="utf-8")
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "briefing", "--config", str(folder / "config.toml"),
             "import-opml", str(folder / "feeds.opml")], stdout=subprocess.PIPE, text=True)
        sampler = TreeSampler(proc.pid)
        sampler.watch(proc)
        seconds = time.perf_counter() - started
        out = proc.stdout.read() if proc.stdout else ""
        if proc.returncode or f"Imported {count} new feed" not in out:
            raise SystemExit(f"import-opml of {count} feeds: exit {proc.returncode}, {out!r}")
        return seconds, sampler.cpu_seconds
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def table(title: str, unit: str, results: dict[int, list[tuple[float, float]]]) -> None:
    """Medians per size; the CPU per item is counted beyond the run of one item (the
    process's start, imports and database are the same at every size)."""
    print(f"\n{title}")
    print(f"{unit:>8} {'wall s':>8} {'CPU s':>8} {'CPU ms a ' + unit[:-1]:>14} {'ratio':>6}")
    one = statistics.median(r[1] for r in results[1])
    first = None
    for size, runs in results.items():
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        if size == 1:
            print(f"{size:8d} {wall:8.2f} {cpu:8.2f} {'(baseline)':>14}")
            continue
        per = (cpu - one) / (size - 1) * 1000
        first = first or per  # a size too small to cost a clock tick beyond one item: no ratio
        ratio = f"{per / first:6.2f}" if first else f"{'-':>6}"
        print(f"{size:8d} {wall:8.2f} {cpu:8.2f} {per:14.3f} {ratio}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feed-sizes", type=int, nargs="*", default=[1000, 2000, 4000, 8000])
    parser.add_argument("--capped-sizes", type=int, nargs="*",
                        default=[2500, 5000, 10000, 20000])
    parser.add_argument("--opml-sizes", type=int, nargs="*", default=[1000, 2000, 4000, 8000])
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="briefing-linear-"))
    feed: dict[int, list[tuple[float, float]]] = {n: [] for n in [1, *args.feed_sizes]}
    capped: dict[int, list[tuple[float, float]]] = {n: [] for n in [1, *args.capped_sizes]}
    imported: dict[int, list[tuple[float, float]]] = {n: [] for n in [1, *args.opml_sizes]}
    try:
        for _ in range(args.runs):
            for n in feed:
                feed[n].append(refresh_feed(work, n, 0))
            for n in capped:
                capped[n].append(refresh_feed(work, n, 100))
            for n in imported:
                imported[n].append(import_opml(work, n))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    runs = f"medians of {args.runs}" if args.runs > 1 else "one run"
    table(f"refresh of one feed, every item taken ({runs})", "items", feed)
    table(f"refresh of one feed, its newest 100 taken ({runs})", "items", capped)
    table(f"import-opml ({runs})", "feeds", imported)


if __name__ == "__main__":
    main()
