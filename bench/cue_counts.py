"""Compare the panel models' cue-group features with another revision's: how many prose
sentences of the corpus texts that `brief_dump.py` briefs get another value in each cue
group of Why it matters and What's next.

    python bench/cue_counts.py REV [--show GROUP]   # e.g. a commit before a cue change

A check that cue groups spelt another way (as word lists: bench/BRIEFS.md, "Tried: cue
groups as word lists") read the same sentences as before, or how far they do not.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import subprocess
import sys
import types
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def load_module(rev: str, name: str) -> types.ModuleType:
    """briefing/brief/NAME.py as it is at `rev`, imported under another name."""
    source = subprocess.run(["git", "show", f"{rev}:briefing/brief/{name}.py"], cwd=ROOT,
                            check=True, capture_output=True, text=True).stdout
    for needed in re.findall(r"^from briefing\.brief\.(\w+) import", source, re.M):
        full = f"briefing.brief.{needed}"
        if full not in sys.modules and importlib.util.find_spec(full) is None:  # gone since
            sys.modules[full] = load_module(rev, needed)
    module = types.ModuleType(f"{name}_at_{rev}")
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, f"{rev}:{name}.py", "exec"), module.__dict__)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev")
    parser.add_argument("--show", help="print the sentences whose GROUP differs")
    args = parser.parse_args()
    from brief_dump import cases

    from briefing.brief import outlook, significance
    from briefing.brief.extractive import prose_sentences
    from briefing.brief.sentences import paragraphs

    old_why, old_next = load_module(args.rev, "significance"), load_module(args.rev, "outlook")
    why_groups = list(significance.CUES)
    next_groups = [*outlook.CUES, "said future", "said plan/when/call"]
    why_cols = slice(significance.N_SENTENCE, significance.N_SENTENCE + len(why_groups))
    next_cols = slice(7, 7 + len(next_groups))
    seen: set[str] = set()
    total, differ = 0, Counter()
    texts = {text for _name, text, _title in cases()}
    for text in sorted(texts):
        pool = [s.text for s in prose_sentences(paragraphs(text))]
        if len(pool) < 2:
            continue
        flat = [0.5] * len(pool)
        pairs = [(significance.features(pool, flat, flat), old_why.features(pool, flat, flat),
                  why_cols, why_groups, "why"),
                 (outlook.features(pool), old_next.features(pool), next_cols, next_groups,
                  "next")]
        for i, sentence in enumerate(pool):
            if sentence in seen:
                continue
            seen.add(sentence)
            total += 1
            any_differ = False
            for new, old, cols, names, model in pairs:
                for name, a, b in zip(names, new[i][cols], old[i][cols], strict=True):
                    if a != b:
                        differ[f"{model} {name}"] += 1
                        any_differ = True
                        if args.show == name:
                            print(f"{model} {name}: {b} -> {a}: {sentence}")
            differ["any group"] += any_differ
    print(f"{total} distinct prose sentences; sentences where a group's value differs:")
    for name, n in sorted(differ.items(), key=lambda kv: -kv[1]):
        print(f"  {name:28} {n:6} ({n / total:.2%})")


if __name__ == "__main__":
    main()
