"""The reader's keys while a refresh writes: does a star wait for the refresh's lock?

    python bench/bench_reader_writes.py [--feeds 100] [--items 25]

Serves `--feeds` local feeds of `--items` teasers each (real sentences, as
bench_refresh.py makes them) on 127.0.0.1, stores the shipped seed, then starts
`briefing refresh` in another process and, while it runs, alternates two things on the
same database: a `s` pressed in the real reader, driven headless through Pilot (wall time
from the key to its handling, Pilot's own overhead included: about 0.06 s), and a star
written directly on a connection of this thread (what the reader did on its UI thread
before stars were saved in a worker). Both are timed in the same run, under the same
refresh; the direct write is the baseline. Run it in two checkouts to compare them.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_refresh import feed_xml, page_names  # noqa: E402

from briefing.config import load_settings  # noqa: E402
from briefing.store import Store  # noqa: E402
from briefing.tui.app import BriefingApp  # noqa: E402
from tests.feedserver import FeedServer  # noqa: E402


def summary(name: str, waits: list[float]) -> str:
    waits = sorted(waits)
    return (f"{name:<28} n={len(waits):>3}  median {statistics.median(waits):.3f} s  "
            f"p90 {waits[int(len(waits) * 0.9)]:.3f} s  max {waits[-1]:.3f} s  "
            f"over 0.1 s: {sum(w > 0.1 for w in waits)}")


async def measure(config: Path, db: Path) -> tuple[list[float], list[float]]:
    settings = load_settings(config)
    direct_store = Store.open(db)
    direct_store.wait_for_writers(2.0)  # the reader's old wait for a star
    story = direct_store.conn.execute("SELECT id FROM stories LIMIT 1").fetchone()[0]
    app = BriefingApp(settings, lambda: Store.open(db))
    direct: list[float] = []
    pressed: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        refresh = subprocess.Popen([sys.executable, "-m", "briefing", "--config", str(config),
                                    "refresh", "--quiet"], stdout=subprocess.DEVNULL)
        star = True
        while refresh.poll() is None:
            started = time.perf_counter()
            await pilot.press("s")
            pressed.append(time.perf_counter() - started)
            await asyncio.sleep(0.05)
            started = time.perf_counter()
            direct_store.stories.set_starred(story, star)
            direct.append(time.perf_counter() - started)
            star = not star
            await asyncio.sleep(0.05)
        await app.workers.wait_for_complete()
    direct_store.close()
    return direct, pressed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=100)
    parser.add_argument("--items", type=int, default=25)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, FeedServer() as server:
        folder = Path(tmp)
        pages = page_names()
        urls = [server.add_bytes(f"/f{n}.xml", feed_xml(server.port, n, args.items, pages))
                for n in range(args.feeds)]
        db = folder / "b.db"
        config = folder / "config.toml"
        config.write_text(f'seeds = "{ROOT / "seeds"}"\ndatabase = "{db}"\n'
                          "[fetch]\nfull_text = false\n"
                          + "".join(f'[[feeds]]\nurl = "{url}"\n' for url in urls))
        subprocess.run([sys.executable, "-m", "briefing", "--config", str(config), "refresh",
                        "--seeds-only", "--quiet"], check=True, stdout=subprocess.DEVNULL)
        direct, pressed = asyncio.run(measure(config, db))
    print(f"{args.feeds} feeds x {args.items} items refreshed meanwhile")
    print(summary("direct write (baseline)", direct))
    print(summary("reader: s pressed", pressed))
    print(f"ratio of medians (s / direct): "
          f"{statistics.median(pressed) / max(statistics.median(direct), 1e-6):.2f}")


if __name__ == "__main__":
    main()
