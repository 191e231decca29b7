"""How Markdown reduction grows with a hostile line: linear, or the square of its length.

Each attack line ("_x " repeated, unclosed "[" ...) is reduced at three sizes, each twice
the one before; a linear reduction doubles its time at each step (ratio ~2), a quadratic
one quadruples it (ratio ~4). The ratios come from the same run, so a busy machine
changes the times but not the verdict.

    python bench/bench_hostile_markdown.py [--kb 6]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from briefing.extract.plaintext import markdown_to_text

ATTACKS = ["_x ", "*x ", "`x ", "[", "![", "[x](", "![x]("]


def seconds(line: str) -> float:
    start = time.perf_counter()
    markdown_to_text(line)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=int, default=6, help="size of the smallest line")
    args = parser.parse_args()
    sizes = [args.kb * 1000 * 2**i for i in range(3)]
    print(f"{'attack':8} " + " ".join(f"{s // 1000:>6} KB" for s in sizes) + "   growth")
    for attack in ATTACKS:
        times = [seconds(attack * (size // len(attack))) for size in sizes]
        growth = (times[2] / times[1] + times[1] / times[0]) / 2 if times[0] > 0 else 0.0
        print(f"{attack!r:8} " + " ".join(f"{t:8.3f}s" for t in times) + f"   x{growth:.1f}")


if __name__ == "__main__":
    main()
