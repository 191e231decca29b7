"""Score the story clusterer on the labelled ECB+ dev set, next to two simple baselines.

    python bench/eval_clusters.py [--corpus ../shared/corpus] [--orders 8]

Each method sees the articles one at a time. The file order is by an opaque id, i.e.
random; because single-pass clustering depends on arrival order, every method is also run
on `--orders - 1` seeded shuffles and the table shows the mean over orders (B-cubed F1
also as min-max). Timing is CPU time for the whole pass (features included), scaled to
1,000 articles, median over orders.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefing.cluster import Clusterer, ClusterItem  # noqa: E402
from briefing.cluster.clusterer import POSTINGS_LIMIT, WINDOW_DAYS  # noqa: E402
from briefing.cluster.metrics import Scores, score  # noqa: E402

Method = Callable[[Sequence[ClusterItem]], dict[str, str]]


def load(corpus: Path) -> tuple[list[ClusterItem], dict[str, str]]:
    items, gold = [], {}
    with (corpus / "clusters" / "dev.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            published = datetime.fromisoformat(row["published"]) if row["published"] else None
            items.append(
                ClusterItem(row["id"], row["title"], row["text"], published, row["source"])
            )
            gold[row["id"]] = row["cluster"]
    return items, gold


def ours(threshold: float | None = None, window_days: float | None = WINDOW_DAYS) -> Method:
    def run(items: Sequence[ClusterItem]) -> dict[str, str]:
        params = {} if threshold is None else {"threshold": threshold}
        return Clusterer(window_days=window_days, **params).add_many(items)

    return run


UNDATED_AS = datetime(2020, 1, 1)
"""The date the store path gives an undated article (a refresh dates one by when it first
sees it; here, one day after the corpus's coverage)."""


def ours_dated_as_stored(threshold: float | None = None) -> Method:
    """`ours` with undated articles dated as `through_the_store` dates them: what the
    dating alone changes, apart from the store."""
    def run(items: Sequence[ClusterItem]) -> dict[str, str]:
        return ours(threshold)([dataclasses.replace(item, published=item.published
                                                    or UNDATED_AS) for item in items])

    return run


def through_the_store(batch: int = 50) -> Method:
    """The refresh's own path: articles stored in batches of `batch` into a temporary
    database, each batch clustered against the stored totals (`StoryUpdater.add`)."""

    def run(items: Sequence[ClusterItem]) -> dict[str, str]:
        import tempfile

        from briefing.edition.update import StoryUpdater
        from briefing.models import Brief, Document
        from briefing.store import Store
        from briefing.store.articles import article_id

        brief = Brief(lede=("Lede.",), method="extractive", version=1)
        now = UNDATED_AS
        with tempfile.TemporaryDirectory() as folder, \
                Store.open(Path(folder) / "eval.db") as store:
            updater = StoryUpdater(store)
            for start in range(0, len(items), batch):
                docs = [(Document(key=f"https://eval.example/{item.id}", title=item.title,
                                  text=item.text, published=item.published or now,
                                  url=f"https://eval.example/{item.id}"), brief, item.source)
                        for item in items[start:start + batch]]
                with store.transaction():
                    updater.add([r.article_id for r in store.articles.ingest_many(docs)])
            return {item.id: store.stories.story_of(article_id(f"https://eval.example/{item.id}"))
                    or "" for item in items}

    return run


def exact_title(items: Sequence[ClusterItem]) -> dict[str, str]:
    """Baseline 1: same normalised headline, same story."""
    first: dict[str, str] = {}
    out = {}
    for item in items:
        key = " ".join(re.findall(r"\w+", item.title.lower())) or item.id
        out[item.id] = first.setdefault(key, item.id)
    return out


def plain_tfidf(items: Sequence[ClusterItem], threshold: float = 0.5) -> dict[str, str]:
    """Baseline 2: textbook TF-IDF (title + first 100 words, no stop words, stemming,
    entity or title weighting; IDF fitted on the whole set up front, so it sees the future);
    an article joins the story of its most similar earlier article if the cosine reaches a
    fixed threshold (0.5 by default)."""
    docs = []
    for item in items:
        words = re.findall(r"\w+", f"{item.title} {' '.join(item.text.split()[:100])}".lower())
        tf: dict[str, int] = {}
        for word in words:
            tf[word] = tf.get(word, 0) + 1
        docs.append(tf)
    df: dict[str, int] = {}
    for tf in docs:
        for word in tf:
            df[word] = df.get(word, 0) + 1
    n = len(docs)
    vectors = []
    for tf in docs:
        vec = {w: (1 + math.log(c)) * math.log((1 + n) / (1 + df[w])) for w, c in tf.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({w: v / norm for w, v in vec.items()})
    postings: dict[str, list[int]] = {}
    out: dict[str, str] = {}
    for i, (item, vec) in enumerate(zip(items, vectors, strict=True)):
        dots: dict[int, float] = {}
        for word, value in vec.items():
            for j in postings.get(word, ()):
                dots[j] = dots.get(j, 0.0) + value * vectors[j][word]
        best = max(dots, key=lambda j: (dots[j], -j), default=None)
        joined = best is not None and dots[best] >= threshold
        out[item.id] = out[items[best].id] if joined and best is not None else item.id
        for word in vec:
            postings.setdefault(word, []).append(i)
    return out


def evaluate(method: Method, orders: list[list[ClusterItem]], gold: dict[str, str]):
    scores: list[Scores] = []
    times: list[float] = []
    for order in orders:
        start = time.process_time()  # CPU time: the machine is shared, wall time is noisy
        predicted = method(order)
        times.append(time.process_time() - start)
        scores.append(score(predicted, gold))
    ms_per_1k = statistics.median(times) / len(orders[0]) * 1e6
    return scores, ms_per_1k


def mean(scores: list[Scores], name: str) -> float:
    return statistics.fmean(getattr(s, name) for s in scores)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--orders", type=int, default=8, help="file order + N-1 shuffles")
    parser.add_argument("--threshold", type=float, default=None, help="override the default")
    args = parser.parse_args(argv)

    items, gold = load(args.corpus)
    orders = [items] + [
        random.Random(seed).sample(items, len(items)) for seed in range(1, args.orders)
    ]
    dated = sum(item.published is not None for item in items)
    print(
        f"ECB+ dev: {len(items)} articles, {len(set(gold.values()))} gold stories, "
        f"{dated} dated; {len(orders)} arrival orders\n"
    )

    threshold = args.threshold if args.threshold is not None else Clusterer().threshold
    methods: list[tuple[str, Method]] = [
        (f"ours th={threshold}, window {WINDOW_DAYS:g} d, {POSTINGS_LIMIT} postings",
         ours(threshold)),
        ("ours, through the store, batches of 50", through_the_store()),
        ("ours, undated dated as in the store", ours_dated_as_stored(threshold)),
        ("ours, no window", ours(threshold, None)),
        ("ours, window 30 days", ours(threshold, 30)),
        ("ours, window 7 days", ours(threshold, 7)),
        ("baseline: exact title", exact_title),
        ("baseline: plain tfidf th=0.5", plain_tfidf),
        # The baseline's best threshold on this very set, to show what tuning buys it.
        ("baseline: plain tfidf th=0.15 (tuned)", lambda order: plain_tfidf(order, 0.15)),
    ]
    header = (
        f"{'method':36} {'pairP':>6} {'pairR':>6} {'pairF1':>6} {'b3P':>6} {'b3R':>6} "
        f"{'b3F1':>6} {'b3F1 min-max':>13} {'clusters':>9} {'ms/1k':>7}"
    )
    print(header)
    print("-" * len(header))
    for name, method in methods:
        scores, ms = evaluate(method, orders, gold)
        b3 = [s.b3_f1 for s in scores]
        cells = " ".join(
            f"{mean(scores, k):6.3f}"
            for k in ("pair_p", "pair_r", "pair_f1", "b3_p", "b3_r", "b3_f1")
        )
        clusters = f"{mean(scores, 'clusters'):.0f}/{scores[0].gold_clusters}"
        print(f"{name:36} {cells} {min(b3):6.3f}-{max(b3):.3f} {clusters:>9} {ms:7.0f}")

    print("\nSensitivity to the threshold (ours): B-cubed F1 mean (min) over orders")
    for value in (0.15, 0.2, 0.25, 0.3, 0.35, 0.4):
        scores, _ = evaluate(ours(value), orders, gold)
        b3 = [s.b3_f1 for s in scores]
        print(
            f"  th={value:<5} b3F1={statistics.fmean(b3):.3f} ({min(b3):.3f})  "
            f"pairF1={mean(scores, 'pair_f1'):.3f}  clusters={mean(scores, 'clusters'):.0f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
