"""Benchmark `briefing feeds add` on a feed of many items against one of a few.

A local HTTP server on 127.0.0.1 serves two RSS documents made here: ITEMS items (title,
link, date; 30,000 make about 3.9 MB, under the 5 MB fetch cap) and 20 items. Each run
adds both, as a user would, in fresh processes on fresh databases. Reported: the median
wall time of each and their ratio (the small feed is the same-run baseline: process
start, the worker processes, the fetch).

    python bench/bench_feeds_add.py [--items 30000] [--runs 3]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def rss(items: int, port: int) -> bytes:
    start = datetime(2026, 12, 1, tzinfo=UTC)
    body = "".join(
        f"<item><title>Item {n}</title><link>http://127.0.0.1:{port}/a/{n}</link>"
        f"<pubDate>{format_datetime(start - timedelta(minutes=n))}</pubDate></item>"
        for n in range(items))
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{items} items</title><link>http://example.org/</link>{body}"
            "</channel></rss>").encode()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def add_seconds(url: str, folder: Path, n: int) -> float:
    config = folder / "c.toml"
    config.write_text("feeds = []\n", encoding="utf-8")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "briefing", "--config", str(config), "--db",
                    str(folder / f"{n}.db"), "feeds", "add", url], check=True, cwd=REPO,
                   capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        handler = functools.partial(QuietHandler, directory=name)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        port = server.server_address[1]
        (folder / "big.xml").write_bytes(rss(args.items, port))
        (folder / "small.xml").write_bytes(rss(20, port))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        big, small = [], []
        for run in range(args.runs):
            small.append(add_seconds(f"http://127.0.0.1:{port}/small.xml", folder, 2 * run))
            big.append(add_seconds(f"http://127.0.0.1:{port}/big.xml", folder, 2 * run + 1))
        server.shutdown()
    size = len(rss(args.items, port)) / 1e6
    print(f"feeds add, {args.items} items ({size:.1f} MB): {statistics.median(big):.2f} s; "
          f"20 items: {statistics.median(small):.2f} s; ratio "
          f"{statistics.median(big) / statistics.median(small):.2f} (median of {args.runs})")


if __name__ == "__main__":
    main()
