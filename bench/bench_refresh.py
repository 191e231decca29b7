"""Benchmark `briefing refresh` against trafilatura alone and newsboat.

A local server (its own process) serves FEEDS feeds of ITEMS items on FEEDS ports of
127.0.0.1 (one "host" each, as real feeds mostly are), delaying every response by
DELAY seconds; each item links to its own URL serving one of the corpus pages, and its
teaser is two real news sentences (bench_history's). Measured, alternating, --runs times
(the tables give medians):

  baseline-1   trafilatura's calls as briefing makes them for a page (`bare_extraction`
               with briefing's settings: fast, favor_precision, no comments, tables or
               images; the full cascade when that gives under 500 characters; the metadata
               helpers for the fields briefing stores) on the same pages, in one process
               at the workers' niceness, no network: its wall and CPU time, and the CPU
               time of the fast pass alone
  refresh-2    `briefing refresh` (fresh database, full text), workers = 2 (both cores):
               its wall time and the CPU time of its whole process tree (and of the app's
               own process: fetching, writing, clustering)
  feeds-only   `briefing refresh` with full_text = false (fetch, parse, brief, store),
               alternating with newsboat-16 --feed-runs times (compared by medians),
               each a first run and a run again on the same database (items known):
               wall, CPU of the process tree and of the app's own process (the
               writer's thread there is a first run's critical path)
  newsboat-16  `newsboat -x reload`, reload-threads 16 (fresh cache, then again)
  newsboat-1   the same with reload-threads 1, once

briefing's modules are byte-compiled first, as an installed copy's are (`compile_briefing`).

Run: python bench/bench_refresh.py [--feeds 200] [--items 25] [--delay 0.1] [--runs 3]
         [--feed-runs 5] [--feed-stage-only] [--timeline] [--exclude PAGE.html ...]
     (--exclude drops pages from both sides, e.g. a pathological one)
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PAGES = REPO.parent / "shared" / "corpus" / "html" / "dev"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_history import TreeSampler, run_measured, sentences_and_titles  # noqa: E402


def load() -> str:
    """The 1-minute load average: the machine is shared, so say how busy it was."""
    return f"load {os.getloadavg()[0]:.2f}"


def page_names() -> list[str]:
    skip = set(os.environ.get("BENCH_EXCLUDE", "").split(","))
    return sorted(p.name for p in PAGES.glob("*.html") if p.name not in skip)


def feed_xml(port: int, feed: int, items: int, pages: list[str],
             now: datetime | None = None) -> bytes:
    """One feed document: its items dated `now` (default: the current time)."""
    from xml.sax.saxutils import escape

    from bench_history import teaser

    dated = format_datetime(now or datetime.now(UTC))
    sentences, titles = sentences_and_titles()
    rng = random.Random(feed)
    parts = []
    for i in range(items):
        page = pages[(feed * items + i) % len(pages)]
        link = f"http://127.0.0.1:{port}/p/{feed}/{i}/{page}"
        title, text = teaser(rng, sentences, titles)
        parts.append(f"<item><title>{escape(title)}</title><link>{link}</link>"
                     f"<guid>{link}</guid><pubDate>{dated}</pubDate>"
                     f"<description>{escape(text)}</description></item>")
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Bench feed {feed}</title><link>http://127.0.0.1:{port}/</link>"
            f"{''.join(parts)}</channel></rss>").encode()


def serve(base_port: int, feeds: int, items: int, delay: float, ready: object,
          accepted: object = None) -> None:
    """The server process: one listening port per feed, keep-alive HTTP/1.1.
    `accepted`, a multiprocessing.Value, counts the connections accepted."""
    names = page_names()
    pages = {n: (PAGES / n).read_bytes() for n in names}
    docs = {f: feed_xml(base_port + f, f, items, names) for f in range(feeds)}

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                     feed: int) -> None:
        if accepted is not None:
            with accepted.get_lock():  # type: ignore[attr-defined]
                accepted.value += 1  # type: ignore[attr-defined]
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                path = head.split(b" ", 2)[1].decode()
                await asyncio.sleep(delay)
                if path == "/feed.xml":
                    body, ctype = docs[feed], b"application/rss+xml"
                elif path.startswith("/p/"):
                    body, ctype = pages[path.rsplit("/", 1)[1]], b"text/html; charset=utf-8"
                else:
                    body, ctype = b"not found", b"text/plain"
                status = b"200 OK" if ctype != b"text/plain" else b"404 Not Found"
                writer.write(b"HTTP/1.1 " + status + b"\r\nContent-Type: " + ctype +
                             b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n")
                writer.write(body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    async def main() -> None:
        servers = [await asyncio.start_server(
            lambda r, w, f=f: handle(r, w, f), "127.0.0.1", base_port + f, backlog=256)
            for f in range(feeds)]
        ready.set()  # type: ignore[attr-defined]
        await asyncio.gather(*(s.serve_forever() for s in servers))

    asyncio.run(main())


def start_server(base_port: int, feeds: int, items: int, delay: float,
                 accepted: object = None) -> multiprocessing.Process:
    """`serve` in its own process, returned once it listens."""
    ready = multiprocessing.Event()
    server = multiprocessing.Process(target=serve, daemon=True, args=(
        base_port, feeds, items, delay, ready, accepted))
    server.start()
    ready.wait(30)
    return server


def baseline_pass(feeds: int, items: int, port: int, out: object) -> None:
    """The baseline, in a process of its own at the workers' niceness (where the kernel
    shares CPU by niceness, both sides' extraction then competes for a busy machine
    alike): trafilatura's calls as briefing makes them for a page, over the same page
    sequence and URLs as the refresh, no network.

    Per page: parse; trafilatura's metadata helpers for the fields briefing stores (title,
    author, canonical URL, date, site: `page_metadata`, which calls only trafilatura and
    htmldate); `bare_extraction` with briefing's settings; trafilatura's full cascade when
    that gives under FULL_CASCADE_BELOW characters. The fast pass alone (parse and
    `bare_extraction`) is timed on its own too. Puts (wall, CPU, fast-pass CPU, pages with
    text, pages retried) into `out`, a multiprocessing queue."""
    from trafilatura import bare_extraction
    from trafilatura.utils import load_html

    from briefing.extract.html import (
        EXTRACTION_SETTINGS,
        FULL_CASCADE_BELOW,
        MAX_FILE_SIZE,
        page_metadata,
    )
    from briefing.refresh.work import WORKER_NICENESS

    os.nice(WORKER_NICENESS)
    settings = EXTRACTION_SETTINGS
    names = page_names()
    pages = {n: (PAGES / n).read_bytes() for n in names}
    started, cpu = time.perf_counter(), time.process_time()
    fast_cpu, done, retried = 0.0, 0, 0
    for f in range(feeds):
        for i in range(items):
            name = names[(f * items + i) % len(names)]
            url = f"http://127.0.0.1:{port + f}/p/{f}/{i}/{name}"
            before = time.process_time()
            tree = load_html(pages[name], MAX_FILE_SIZE)
            doc = bare_extraction(tree, url=url, fast=True, **settings)
            text = doc.text if doc is not None and doc.text else ""
            fast_cpu += time.process_time() - before
            page_metadata(tree, url)
            if len(text) < FULL_CASCADE_BELOW:
                retried += 1
                doc = bare_extraction(tree, url=url, fast=False, **settings)
                text = max(text, doc.text if doc is not None and doc.text else "", key=len)
            done += bool(text)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    out.put((wall, cpu, fast_cpu, done, retried))  # type: ignore[attr-defined]


def baseline(feeds: int, items: int, port: int) -> tuple[float, float, float, int, int]:
    """`baseline_pass` in a child process, once its imports are done."""
    context = multiprocessing.get_context("fork")
    out = context.Queue()
    child = context.Process(target=baseline_pass, args=(feeds, items, port, out))
    child.start()
    result = out.get()
    child.join()
    return result


def compile_briefing() -> None:
    """Byte-compile briefing's modules (into their __pycache__ folders, as any first run
    does), for the refreshes to run as an installed copy does. Where
    PYTHONDONTWRITEBYTECODE is set no run writes them, and each would compile every module
    from source first: 40-50 ms of start-up that an installed copy never spends."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "briefing")],
                   check=True)


def new_folder(work: Path, urls: list[str], *, workers: int, full_text: bool) -> Path:
    """A folder with a config for a refresh of `urls` into a fresh database."""
    folder = Path(tempfile.mkdtemp(dir=work))
    (folder / "seeds").mkdir()
    lines = ['database = "b.db"', 'seeds = "seeds"', "keep_days = 30", "[fetch]",
             f"workers = {workers}", f"full_text = {'true' if full_text else 'false'}"]
    lines += [f'[[feeds]]\nurl = "{u}"' for u in urls]
    (folder / "config.toml").write_text("\n".join(lines) + "\n")
    return folder


def run_briefing(work: Path, urls: list[str], *, workers: int, full_text: bool,
                 again: Path | None = None) -> dict:
    """One `briefing refresh` on a fresh database, or `again` on that run's folder."""
    folder = again or new_folder(work, urls, workers=workers, full_text=full_text)
    seconds, sampler, report = run_measured(
        [sys.executable, "-m", "briefing", "--config", str(folder / "config.toml"),
         "refresh", "--json"], folder)
    return {"seconds": seconds, "new": report.get("new"), "failed": report.get("failed"),
            "exit": report["exit"], "folder": folder, "cpu": sampler.cpu_seconds,
            "parent_cpu": sampler.cpu.get(sampler.root, 0.0),
            "peak": sampler.peak, "sampler_cpu": sampler.own_cpu}


class TimelineSampler(TreeSampler):
    """A TreeSampler that keeps, at every sample, each process's CPU time and whether it
    was runnable (running, or ready and waiting for a core: state R) or not (waiting for
    work or input)."""

    def __init__(self, root: int) -> None:
        super().__init__(root)
        self.started = time.perf_counter()
        self.samples: list[tuple[float, dict[int, float], set[int]]] = []

    def sample(self) -> None:
        super().sample()
        runnable = set()
        for pid in self.cpu:
            try:
                with open(f"/proc/{pid}/stat") as handle:
                    if handle.read().rsplit(")", 1)[1].split()[0] == "R":
                        runnable.add(pid)
            except OSError:
                continue
        self.samples.append((time.perf_counter() - self.started, dict(self.cpu), runnable))


def timeline(work: Path, urls: list[str], step: float = 1.0) -> None:
    """One full-text refresh, printing each second, for the app's process and each other
    busy process of its tree (the workers), the share of a core it used and the share of
    samples it was runnable: a worker runnable but not running waits for the machine
    (starved), one neither waits for work (idle). Shows too where time goes before the
    first page and after the last."""
    folder = new_folder(work, urls, workers=2, full_text=True)
    with (folder / "out.json").open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "briefing", "--config",
                                 str(folder / "config.toml"), "refresh", "--json"],
                                stdout=out, stderr=subprocess.DEVNULL, cwd=REPO)
        sampler = TimelineSampler(proc.pid)
        sampler.watch(proc)
    busy = [pid for pid, cpu in sorted(sampler.cpu.items()) if pid == proc.pid or cpu > 1.0]
    print(f"timeline, per {step:g} s: CPU share / runnable share of the app process "
          f"({sampler.cpu.get(proc.pid, 0.0):.1f} s CPU), then of "
          + ", ".join(f"a worker ({sampler.cpu[p]:.1f} s)" for p in busy[1:]))
    last_t, last, runnable = 0.0, {}, {pid: 0 for pid in busy}
    count = 0
    for n, (t, cpu, running) in enumerate(sampler.samples):
        count += 1
        for pid in running & set(busy):
            runnable[pid] += 1
        if t - last_t >= step or n == len(sampler.samples) - 1:
            span = t - last_t
            print(f"  {t:6.1f} s  " + "   ".join(
                f"{(cpu.get(p, 0.0) - last.get(p, 0.0)) / span:4.2f} / {runnable[p] / count:4.2f}"
                for p in busy))
            last_t, last, runnable, count = t, cpu, {pid: 0 for pid in busy}, 0
    print(f"timeline done, {load()}", flush=True)


def run_newsboat(work: Path, urls: list[str], threads: int,
                 again: Path | None = None) -> dict | None:
    """One `newsboat -x reload` with a fresh cache, or `again` on that run's folder."""
    exe = shutil.which("newsboat")
    if exe is None:
        return None
    folder = again or Path(tempfile.mkdtemp(dir=work))
    if again is None:
        (folder / "urls").write_text("\n".join(urls) + "\n")
        (folder / "config").write_text(f"reload-threads {threads}\n")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    out = subprocess.run([exe, "-x", "reload", "-u", str(folder / "urls"),
                          "-c", str(folder / "cache.db"), "-C", str(folder / "config")],
                         capture_output=True, text=True, check=False,
                         env={**os.environ, "HOME": str(folder)})
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    import sqlite3

    items = sqlite3.connect(folder / "cache.db").execute(
        "SELECT count(*) FROM rss_item").fetchone()[0]
    return {"seconds": seconds, "items": items, "exit": out.returncode, "folder": folder,
            "cpu": cpu}


def feed_stage(work: Path, urls: list[str], runs: int) -> None:
    """The feed stage against newsboat-16: `runs` alternating rounds, each a first run
    (fresh database or cache) and a run again on it (every item known, as in a daily
    cron run), compared by medians (each takes 2-4 s: one run is noise). CPU time is
    that of the whole process tree: on a shared machine it says more than the wall."""
    times: dict[str, list[float]] = {"briefing": [], "briefing again": [],
                                     "newsboat-16": [], "newsboat-16 again": []}
    cpus: dict[str, list[float]] = {label: [] for label in times}
    app_cpus: dict[str, list[float]] = {"briefing": [], "briefing again": []}
    for _ in range(runs):
        first = run_briefing(work, urls, workers=2, full_text=False)
        again = run_briefing(work, urls, workers=2, full_text=False, again=first["folder"])
        for label, r in (("briefing", first), ("briefing again", again)):
            times[label].append(r["seconds"])
            cpus[label].append(r["cpu"])
            app_cpus[label].append(r["parent_cpu"])
            print(f"feeds-only   {label:18} full_text=false: {r['seconds']:5.2f} s  "
                  f"CPU {r['cpu']:5.2f} s (app process {r['parent_cpu']:4.2f} s)  "
                  f"peak {r['peak'] / 2**20:4.0f} MiB  sampler {r['sampler_cpu']:.2f} s  "
                  f"new={r['new']} exit={r['exit']}  {load()}", flush=True)
        nb = run_newsboat(work, urls, 16)
        if nb is None:
            print("newsboat not installed (apt-get install newsboat)")
            return
        nb_again = run_newsboat(work, urls, 16, again=nb["folder"])
        assert nb_again is not None
        for label, r in (("newsboat-16", nb), ("newsboat-16 again", nb_again)):
            times[label].append(r["seconds"])
            cpus[label].append(r["cpu"])
            print(f"newsboat-16  {label:18} -x reload:       {r['seconds']:5.2f} s  "
                  f"CPU {r['cpu']:5.2f} s  items={r['items']} exit={r['exit']}  {load()}",
                  flush=True)
    one = run_newsboat(work, urls, 1)
    assert one is not None
    print(f"newsboat-1   newsboat -x reload, reload-threads 1: {one['seconds']:7.1f} s  "
          f"items={one['items']} exit={one['exit']}  {load()}", flush=True)
    mid = {label: statistics.median(values) for label, values in times.items()}
    print(f"feed stage, medians of {runs}: first run briefing {mid['briefing']:.2f} s, "
          f"newsboat-16 {mid['newsboat-16']:.2f} s (briefing/newsboat "
          f"{mid['briefing'] / mid['newsboat-16']:.2f}); run again briefing "
          f"{mid['briefing again']:.2f} s, newsboat-16 {mid['newsboat-16 again']:.2f} s "
          f"(briefing/newsboat {mid['briefing again'] / mid['newsboat-16 again']:.2f}); "
          f"newsboat-1 {one['seconds']:.1f} s (briefing/newsboat "
          f"{mid['briefing'] / one['seconds']:.2f})")
    cpu = {label: statistics.median(values) for label, values in cpus.items()}
    app = {label: statistics.median(values) for label, values in app_cpus.items()}
    print(f"CPU, medians: first run briefing {cpu['briefing']:.2f} s (app process "
          f"{app['briefing']:.2f} s), newsboat-16 {cpu['newsboat-16']:.2f} s; run again "
          f"briefing {cpu['briefing again']:.2f} s (app process "
          f"{app['briefing again']:.2f} s), newsboat-16 {cpu['newsboat-16 again']:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=25)
    parser.add_argument("--delay", type=float, default=0.1)
    parser.add_argument("--port", type=int, default=20000)
    parser.add_argument("--exclude", nargs="*", default=[], help="Corpus pages to leave out.")
    parser.add_argument("--runs", type=int, default=3,
                        help="Alternating runs of the baseline and the refresh (medians).")
    parser.add_argument("--feed-runs", type=int, default=5,
                        help="Alternating runs of the feed stage and newsboat-16 (medians; "
                             "0: none).")
    parser.add_argument("--timeline", action="store_true",
                        help="Then one more full-text refresh, printing second by second "
                             "each process's share of a core and how often it was runnable.")
    parser.add_argument("--feed-stage-only", action="store_true",
                        help="Only the feed stage against newsboat (about a minute).")
    args = parser.parse_args()
    os.environ["BENCH_EXCLUDE"] = ",".join(args.exclude)  # seen by the server process too
    total = args.feeds * args.items
    server = start_server(args.port, args.feeds, args.items, args.delay)
    urls = [f"http://127.0.0.1:{args.port + f}/feed.xml" for f in range(args.feeds)]
    work = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    compile_briefing()
    try:
        print(f"{args.feeds} feeds x {args.items} items = {total} articles, "
              f"{args.delay * 1000:.0f} ms per response, {os.cpu_count()} cores, "
              f"{len(page_names())} corpus pages, {load()}", flush=True)
        if args.feed_stage_only:
            feed_stage(work, urls, args.feed_runs)
            return
        # The machine is shared and its speed drifts over minutes: the baseline and the
        # refresh alternate, and the ratios compare their medians.
        walls, cpus, fast_cpus, refresh_walls, refresh_cpus, peaks = [], [], [], [], [], []
        parent_cpus = []
        for _ in range(args.runs):
            wall, cpu, fast, extracted, retried = baseline(args.feeds, args.items, args.port)
            walls.append(wall)
            cpus.append(cpu)
            fast_cpus.append(fast)
            print(f"baseline-1   trafilatura as briefing calls it, 1 process: {wall:6.1f} s "
                  f"wall, {cpu:6.1f} s CPU, fast pass alone {fast:5.1f} s ({extracted} with "
                  f"text, {retried} retried)  {load()}", flush=True)
            r = run_briefing(work, urls, workers=2, full_text=True)
            refresh_walls.append(r["seconds"])
            refresh_cpus.append(r["cpu"])
            peaks.append(r["peak"])
            parent_cpus.append(r["parent_cpu"])
            print(f"refresh-2    briefing refresh, workers=2: {r['seconds']:6.1f} s wall, "
                  f"{r['cpu']:6.1f} s CPU (process tree; app process {r['parent_cpu']:.1f} s), "
                  f"peak {r['peak'] / 2**20:.0f} MiB, sampler {r['sampler_cpu']:.1f} s CPU  "
                  f"new={r['new']} failed={r['failed']} exit={r['exit']}  {load()}",
                  flush=True)
        mid = statistics.median
        if args.runs:
            print(f"medians of {args.runs}: refresh wall / baseline wall "
                  f"{mid(refresh_walls) / mid(walls):.2f}; CPU per page: refresh "
                  f"{mid(refresh_cpus) / total * 1000:.1f} ms (app process "
                  f"{mid(parent_cpus) / total * 1000:.1f} ms), baseline "
                  f"{mid(cpus) / total * 1000:.1f} ms (ratio {mid(refresh_cpus) / mid(cpus):.2f}; "
                  f"the fast pass alone {mid(fast_cpus) / total * 1000:.1f} ms, ratio "
                  f"{mid(refresh_cpus) / mid(fast_cpus):.2f}); "
                  f"refresh peak memory {mid(peaks) / 2**20:.0f} MiB", flush=True)
        if args.timeline:
            timeline(work, urls)
        if args.feed_runs:
            feed_stage(work, urls, args.feed_runs)
    finally:
        server.terminate()
        server.join()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
