"""Where the tests find the shipped seed and the shared corpus."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SEED = SEEDS / "000_ef2b2176f828013d.txt"
CORPUS = REPO.parent / "shared" / "corpus"
