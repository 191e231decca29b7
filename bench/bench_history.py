"""Does a refresh slow down as history grows? The same refresh on top of 0 to 100,000 items.

Each case is a database holding SIZE stored items, spread over the last 29 days (inside
the default keep_days, so nothing is pruned), clustered into stories by the code a
refresh runs (`StoryUpdater.add`, batches of 500), with teasers made of real news
sentences (the corpus's clustered and summarised articles: sentences and headlines mixed
across articles, so the vocabulary is that of news and not of a template). History items carry a fixed small
brief: briefing 100,000 of them would take most of the bench's time and is not what is
measured.

Measured: `briefing refresh` (a subprocess, feeds only, workers = 2) that adds NEW items
from one local feed to a copy of each database, then NEW more from another feed on the
database it left (a refresh after a refresh: clustering state a refresh brings up to date,
such as story norms computed when there were fewer articles, is then current); wall time,
and the peak memory of the whole process tree (the refresh, the fork server, the workers
and the resource tracker: the sum of their resident sets, sampled every 20 ms, and the
sum of their proportional sets, every half second; see `TreeSampler`). The cases
alternate, `--runs` rounds, and the table gives medians and ratios to the empty database.

Run: python bench/bench_history.py [--sizes 0 10000 30000 100000] [--new 100] [--runs 3]
Databases are built once and kept in --cache (default: a folder under /tmp); a cached
one is brought to the current schema before the runs. `--runs 0` builds them and stops.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
CORPORA = [CORPUS / "clusters" / "dev.jsonl",
           CORPUS / "summaries" / "dev" / "bbc_news_summary_dev.jsonl"]
sys.path.insert(0, str(REPO))


def sentences_and_titles() -> tuple[list[str], list[str]]:
    sentences, titles = [], []
    for path in CORPORA:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            titles.append(" ".join(row["title"].split())[:120])
            sentences += [s for s in re.split(r"(?<=[.!?])\s+", " ".join(row["text"].split()))
                          if 40 <= len(s) <= 300]
    return sentences, titles


def teaser(rng: random.Random, sentences: list[str], titles: list[str]) -> tuple[str, str]:
    """A title (a headline, or words of a sentence: there are few headlines) and a
    two-sentence teaser, each drawn from another article."""
    if rng.random() < 0.1:
        return rng.choice(titles), " ".join(rng.sample(sentences, 2))
    words = rng.choice(sentences).split()
    start = rng.randrange(max(1, len(words) - 8))
    return " ".join(words[start:start + rng.randint(6, 11)]), " ".join(rng.sample(sentences, 2))


def build(path: Path, size: int, seed: int = 7) -> None:
    """A database of `size` clustered items, as refreshes would have left it."""
    from briefing.clock import system_clock
    from briefing.edition.update import StoryUpdater
    from briefing.models import Brief, Document
    from briefing.store import Store

    sentences, titles = sentences_and_titles()
    rng = random.Random(seed)
    now = system_clock()
    brief = Brief(lede=("History.",), method="extractive", version=1)
    started = time.perf_counter()
    with Store.open(path) as store:
        updater = StoryUpdater(store)
        for start in range(0, size, 500):
            docs = []
            for n in range(start, min(size, start + 500)):
                title, text = teaser(rng, sentences, titles)
                when = now - timedelta(days=29 * (size - n) / max(size, 1))
                url = f"https://history.example/{n}"
                docs.append((Document(key=url, title=title, text=text, url=url,
                                      published=when, text_origin="feed"),
                             brief, f"Source {n % 50}"))
            with store.transaction():
                results = store.articles.ingest_many(docs)
                updater.add([r.article_id for r in results])
        updater.finish()
    print(f"built {size} items in {time.perf_counter() - started:.1f} s", flush=True)


def upgrade(path: Path) -> None:
    """Bring a cached database to the current schema once, so that no measured refresh
    pays for a migration of its copy."""
    from briefing.store import Store

    Store.open(path).close()


def new_feed(count: int, seed: int, *, minutes_apart: int = 0, name: str = "new") -> bytes:
    """An RSS document of `count` items, each a teaser of two real news sentences, dated
    now or `minutes_apart` each from the one before."""
    sentences, titles = sentences_and_titles()
    rng = random.Random(seed)
    now = datetime.now(UTC)
    items = []
    for n in range(count):
        title, text = teaser(rng, sentences, titles)
        link = f"https://{name}.example/{seed}/{n}"
        when = format_datetime(now - timedelta(minutes=n * minutes_apart))
        items.append(f"<item><title>{escape(title)}</title><link>{link}</link>"
                     f"<guid>{link}</guid><pubDate>{when}</pubDate>"
                     f"<description>{escape(text)}</description></item>")
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{name.title()}</title><link>https://{name}.example/</link>"
            + "".join(items) + "</channel></rss>").encode()


def serve(body: bytes) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _pss_bytes(pid: int) -> int:
    """A process's proportional set size (0 once it has gone)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


PSS_EVERY = 25
"""Samples between two readings of the proportional sets (every half second)."""


def _children(pid: int) -> list[int]:
    """The processes `pid`'s threads have started (empty once it has gone)."""
    kids: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                kids += [int(kid) for kid in handle.read().split()]
    except OSError:
        pass
    return kids


class TreeSampler:
    """Samples a process and all its descendants (Linux /proc): every 20 ms each one's
    resident set and CPU time (their sum is the tree's CPU, to within a sample of each
    process's end) and the peak of the summed resident sets; every PSS_EVERY samples the
    peak of their summed proportional sets.

    The workers are forked from the fork server and share its imported modules' pages:
    summed resident sets count those once per process, an upper bound. The proportional
    set size (PSS, /proc/PID/smaps_rollup) charges each shared page to its sharers in
    parts, so the sum is the memory the tree holds. Reading it walks the process's page
    tables, milliseconds for a large process, so it is read less often: a sampler that
    read it every 20 ms would take a third of a core from the processes it measures.
    The tree is followed through each process's `children` files, not a scan of every
    process on the machine, for the same reason. `own_cpu` is the sampler's own CPU
    time, to show what measuring cost the machine."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.peak = 0
        self.peak_pss = 0
        self.cpu: dict[int, float] = {}
        self.own_cpu = 0.0
        self._samples = 0
        self._tick = os.sysconf("SC_CLK_TCK")
        self._page = os.sysconf("SC_PAGE_SIZE")

    def sample(self) -> None:
        started = time.thread_time()
        with_pss = self._samples % PSS_EVERY == 0
        self._samples += 1
        total, pss, todo = 0, 0, [self.root]
        while todo:
            pid = todo.pop()
            try:
                with open(f"/proc/{pid}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[21]) * self._page
            if with_pss:
                pss += _pss_bytes(pid)
            self.cpu[pid] = (int(fields[11]) + int(fields[12])) / self._tick
            todo += _children(pid)
        self.peak = max(self.peak, total)
        self.peak_pss = max(self.peak_pss, pss)
        self.own_cpu += time.thread_time() - started

    def watch(self, proc: subprocess.Popen) -> None:
        while proc.poll() is None:
            self.sample()
            time.sleep(0.02)

    @property
    def cpu_seconds(self) -> float:
        return sum(self.cpu.values())


def refresh(folder: Path, base: Path | None, url: str) -> tuple[float, TreeSampler, dict]:
    """One `briefing refresh` on a fresh copy of `base` (None: again on the database the
    last one left); (seconds, its sampler, report)."""
    db = folder / "b.db"
    if base is not None:
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        if base.exists():
            shutil.copy(base, db)
    (folder / "seeds").mkdir(exist_ok=True)
    (folder / "config.toml").write_text(
        f'database = "b.db"\nseeds = "seeds"\nkeep_days = 30\n[fetch]\nworkers = 2\nfull_text = false\n'
        f'[[feeds]]\nurl = "{url}"\n', encoding="utf-8")
    seconds, sampler, report = run_measured(
        [sys.executable, "-m", "briefing", "--config", str(folder / "config.toml"),
         "refresh", "--json"], folder)
    return seconds, sampler, report


def run_measured(command: list[str], folder: Path) -> tuple[float, TreeSampler, dict]:
    """Run a `--json` command, sampling its process tree; (seconds, sampler, report)."""
    out, err = folder / "out.json", folder / "err.txt"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        started = time.perf_counter()
        proc = subprocess.Popen(command, stdout=stdout, stderr=stderr, cwd=REPO)
        sampler = TreeSampler(proc.pid)
        sampler.watch(proc)
        seconds = time.perf_counter() - started
    text = out.read_text()
    report = json.loads(text) if text.strip() else {"error": err.read_text()[-300:]}
    report["exit"] = proc.returncode
    return seconds, sampler, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 10_000, 30_000, 100_000])
    parser.add_argument("--new", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cache", type=Path,
                        default=Path(tempfile.gettempdir()) / "briefing-bench-history")
    args = parser.parse_args()
    if not CORPUS.exists():
        raise SystemExit(f"missing {CORPUS}")
    args.cache.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "briefing")],
                   check=True)
    bases = {}
    for size in args.sizes:
        bases[size] = args.cache / f"history-{size}.db"
        if size and not bases[size].exists():
            build(bases[size], size)
        elif size:
            upgrade(bases[size])
    if not args.runs:  # --runs 0: build (or bring up to date) the databases, nothing more
        return
    work = Path(tempfile.mkdtemp(prefix="briefing-history-"))
    times: dict[int, list[float]] = {size: [] for size in args.sizes}
    again: dict[int, list[float]] = {size: [] for size in args.sizes}
    peaks: dict[int, list[int]] = {size: [] for size in args.sizes}
    pss: dict[int, list[int]] = {size: [] for size in args.sizes}
    cpu: dict[int, list[float]] = {size: [] for size in args.sizes}
    try:
        for run in range(args.runs):
            server = serve(new_feed(args.new, seed=run))
            url = f"http://127.0.0.1:{server.server_address[1]}/feed.xml"
            later = serve(new_feed(args.new, seed=1000 + run))
            later_url = f"http://127.0.0.1:{later.server_address[1]}/feed.xml"
            try:
                for size in args.sizes:
                    seconds, sampler, report = refresh(work, bases[size], url)
                    times[size].append(seconds)
                    peaks[size].append(sampler.peak)
                    pss[size].append(sampler.peak_pss)
                    cpu[size].append(sampler.cpu_seconds)
                    print(f"run {run + 1}  {size:7d} stored: {seconds:6.2f} s  CPU "
                          f"{sampler.cpu_seconds:5.2f} s  peak "
                          f"{sampler.peak / 2**20:6.0f} MiB (PSS "
                          f"{sampler.peak_pss / 2**20:.0f})  new={report.get('new')} "
                          f"failed={report.get('failed')}  load {os.getloadavg()[0]:.2f}",
                          flush=True)
                    seconds, _, report = refresh(work, None, later_url)
                    again[size].append(seconds)
                    print(f"      then {args.new} more: {seconds:6.2f} s  new={report.get('new')}",
                          flush=True)
            finally:
                server.shutdown()
                later.shutdown()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    empty = statistics.median(times[args.sizes[0]])
    empty_again = statistics.median(again[args.sizes[0]])
    empty_cpu = statistics.median(cpu[args.sizes[0]])
    print(f"\n{args.new} new items (feeds only), medians of {args.runs} alternating runs;")
    print(f"'then': {args.new} more new items at once on the database the first left")
    print("(CPU: of the whole process tree, less noisy than the wall time on a shared "
          "machine; peak memory of the process tree: summed resident sets, and summed PSS, "
          "which counts the pages the workers share with the fork server once)")
    print(f"{'stored':>8} {'seconds':>8} {'ratio':>6} {'then s':>7} {'ratio':>6} "
          f"{'CPU s':>6} {'ratio':>6} {'peak MiB':>9} {'PSS MiB':>8}")
    for size in args.sizes:
        mid = statistics.median(times[size])
        then = statistics.median(again[size])
        spent = statistics.median(cpu[size])
        print(f"{size:8d} {mid:8.2f} {mid / empty:6.2f} {then:7.2f} {then / empty_again:6.2f} "
              f"{spent:6.2f} {spent / empty_cpu:6.2f} "
              f"{statistics.median(peaks[size]) / 2**20:9.0f} "
              f"{statistics.median(pss[size]) / 2**20:8.0f}")


if __name__ == "__main__":
    main()
