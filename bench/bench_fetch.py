"""Benchmark the fetcher alone: client CPU and connections opened for many hosts.

The same local server as bench_refresh.py (one port per "host", every response delayed)
serves HOSTS feeds of PAGES items; the client fetches each feed and then its item pages
through `briefing.sources.http.Fetcher` with the default limits (16 in flight, 2 per
host), in a fresh process. Reported per run: wall time, the client's CPU time, and how
many TCP connections the server accepted.

    python bench/bench_fetch.py [--hosts 200] [--pages 25] [--delay 0.1] [--runs 3]
        [--compare OTHER_CHECKOUT]

--compare runs the client from another checkout of the repository too (e.g. a
`git worktree` of an older commit), alternating with this one, and prints the median
CPU ratio of this checkout to it: a same-run baseline on a noisy machine.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_refresh  # the server and the page list

BASE_PORT = 22000
REPO = Path(__file__).resolve().parents[1]


def client(repo: str, hosts: int, pages: int, out: object) -> None:
    sys.path.insert(0, repo)
    from briefing.clock import system_clock
    from briefing.config import FetchSettings
    from briefing.sources.http import Fetcher

    names = bench_refresh.page_names()

    async def main() -> None:
        async with Fetcher(FetchSettings(), system_clock) as fetcher:
            async def host(h: int) -> None:
                base = f"http://127.0.0.1:{BASE_PORT + h}"
                await fetcher.fetch(f"{base}/feed.xml")
                await asyncio.gather(*(
                    fetcher.fetch(f"{base}/p/{h}/{i}/{names[(h * pages + i) % len(names)]}")
                    for i in range(pages)))

            await asyncio.gather(*(host(h) for h in range(hosts)))

    wall, cpu = time.perf_counter(), time.process_time()
    asyncio.run(main())
    out.put((time.perf_counter() - wall, time.process_time() - cpu))  # type: ignore[attr-defined]


def run_once(repo: str, hosts: int, pages: int, accepted: object) -> tuple[float, float, int]:
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    before = accepted.value  # type: ignore[attr-defined]
    process = context.Process(target=client, args=(repo, hosts, pages, out))
    process.start()
    wall, cpu = out.get()
    process.join()
    return wall, cpu, accepted.value - before  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=200)
    parser.add_argument("--pages", type=int, default=25)
    parser.add_argument("--delay", type=float, default=0.1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--compare", type=Path, help="another checkout to run alternately")
    args = parser.parse_args()

    accepted = multiprocessing.Value("q", 0)
    server = bench_refresh.start_server(BASE_PORT, args.hosts, args.pages, args.delay,
                                        accepted)
    repos = {"this": str(REPO)}
    if args.compare:
        repos["compare"] = str(args.compare.resolve())
    requests = args.hosts * (args.pages + 1)
    print(f"{args.hosts} hosts x {args.pages} pages + a feed each = {requests} requests, "
          f"{args.delay * 1000:.0f} ms per response, {bench_refresh.load()}")
    cpu: dict[str, list[float]] = {name: [] for name in repos}
    try:
        for _ in range(args.runs):
            for name, repo in repos.items():
                wall, used, connections = run_once(repo, args.hosts, args.pages, accepted)
                cpu[name].append(used)
                print(f"{name:8} wall {wall:6.2f} s   client CPU {used:5.2f} s "
                      f"({used / requests * 1000:.2f} ms a request)   "
                      f"connections {connections}   {bench_refresh.load()}", flush=True)
    finally:
        server.terminate()
    if args.compare:
        ratio = statistics.median(cpu["this"]) / statistics.median(cpu["compare"])
        print(f"median client CPU, this / compare: {ratio:.2f}")


if __name__ == "__main__":
    main()
