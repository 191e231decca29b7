"""Clustering scores against gold labels: pairwise and B-cubed precision/recall/F1."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Scores:
    pair_p: float
    pair_r: float
    pair_f1: float
    b3_p: float
    b3_r: float
    b3_f1: float
    clusters: int
    gold_clusters: int


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(predicted: Mapping[str, str], gold: Mapping[str, str]) -> Scores:
    """Scores of `predicted` ({item: cluster}) against `gold`, over the items of `gold`."""
    items = list(gold)
    joint = Counter((predicted[i], gold[i]) for i in items)
    pred_sizes = Counter(predicted[i] for i in items)
    gold_sizes = Counter(gold[i] for i in items)

    def pairs(n: int) -> int:
        return n * (n - 1) // 2

    same_both = sum(pairs(n) for n in joint.values())
    same_pred = sum(pairs(n) for n in pred_sizes.values())
    same_gold = sum(pairs(n) for n in gold_sizes.values())
    pair_p = same_both / same_pred if same_pred else 1.0
    pair_r = same_both / same_gold if same_gold else 1.0

    # B-cubed: per item, the share of its predicted cluster that is truly with it (P) and
    # of its gold cluster that was put with it (R); summed here per (pred, gold) cell.
    b3_p = sum(n * n / pred_sizes[p] for (p, _), n in joint.items()) / len(items)
    b3_r = sum(n * n / gold_sizes[g] for (_, g), n in joint.items()) / len(items)
    return Scores(
        pair_p,
        pair_r,
        _f1(pair_p, pair_r),
        b3_p,
        b3_r,
        _f1(b3_p, b3_r),
        len(pred_sizes),
        len(gold_sizes),
    )
