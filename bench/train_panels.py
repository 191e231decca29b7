"""Fit the panel models on the readers' labels: Why it matters (briefing/brief/
significance.py) and What's next (briefing/brief/outlook.py).

Run from the repository root: ``python bench/train_panels.py why|next [--corpus PATH]``.
Prints five-fold cross-validated figures at a few thresholds, then the weights to paste
into the module's WEIGHTS. Features are those of the briefer's own sentences; each is
matched to a labelled sentence by word overlap (bench/panel_labels.py).

``python bench/train_panels.py halves`` estimates how the whole briefer does on articles
its models never saw: both models are fitted on one half of the labelled articles
(`panel_labels.halves`), the other half is briefed with make_brief, and the other way
round; the shipped weights (fitted on all) are scored on each half beside them.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from panel_labels import Tally, _bag, halves, label_sentences, load, locate  # noqa: E402

from briefing.brief import make_brief, outlook, significance  # noqa: E402
from briefing.brief.extractive import prose_sentences  # noqa: E402
from briefing.brief.rank import centrality  # noqa: E402
from briefing.brief.sentences import paragraphs  # noqa: E402


def article_rows(text: str, gold: set[int], panel: str) -> tuple:
    """One article's rows for `panel` and each sentence's label (1: a labelled sentence).
    For why: (sentence features, the article's genre rate, labels); for next: (features,
    labels)."""
    pool = [s.text for s in prose_sentences(paragraphs(text))]
    bags = [_bag(s) for s in label_sentences(text)]
    y = np.array([float(locate(s, bags) in gold) for s in pool])
    if panel == "why":
        scores, graph = centrality(pool)
        top = max(scores) or 1.0
        rows, genre = significance.features(pool, [s / top for s in scores],
                                            graph.cosines[:, 0].tolist())
        return np.array(rows), genre, y
    return np.array(outlook.features(pool)), y


def fit(items: list, l2: float = 1.0, epochs: int = 3000) -> np.ndarray:
    """Logistic regression over (features, labels, ...) items; no penalty on the intercept."""
    X = np.vstack([item[0] for item in items])
    y = np.concatenate([item[1] for item in items])
    w = np.zeros(X.shape[1])
    for _ in range(epochs):
        p = 1 / (1 + np.exp(-X @ w))
        grad = X.T @ (p - y) / len(y) + l2 * w / len(y)
        grad[0] -= l2 * w[0] / len(y)  # no penalty on the intercept
        w -= 2.5 * grad
    return w


def fit_ranking(items: list, l2: float = 1.0, epochs: int = 1500) -> np.ndarray:
    """Why's first stage: a softmax over each article's sentences after the lede, fitted to
    put its mass on the labelled ones (articles without a labelled why say nothing about
    the order)."""
    labelled = [(X[1:], y[1:]) for X, _, y in items if y[1:].any()]
    width = max(len(y) for _, y in labelled)
    X = np.zeros((len(labelled), width, labelled[0][0].shape[1]))
    Y, M = np.zeros((len(labelled), width)), np.zeros((len(labelled), width))
    for a, (x, y) in enumerate(labelled):
        X[a, :len(y)], Y[a, :len(y)], M[a, :len(y)] = x, y, 1.0
    w = np.zeros(X.shape[2])
    for _ in range(epochs):
        z = np.where(M > 0, X @ w, -np.inf)
        q = np.exp(z - z.max(axis=1, keepdims=True))
        q /= q.sum(axis=1, keepdims=True)
        r = q * Y
        r /= r.sum(axis=1, keepdims=True)
        w -= np.einsum("as,asf->f", q - r, X) / len(X) + l2 * w / len(X)
    return w


def chance_rows(X: np.ndarray, genre: float, rank: np.ndarray) -> np.ndarray:
    """Why's second stage's rows (significance.chance_features) for one article."""
    return np.array(significance.chance_features((X @ rank).tolist(), genre))


def fit_why(items: list, l2: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Both stages of the why model: the ranking, then the chance on the lede-less rows."""
    rank = fit_ranking(items, l2)
    rows = [(chance_rows(X, genre, rank)[1:], y[1:]) for X, genre, y in items]
    return rank, fit(rows, l2)


def why_chances(X: np.ndarray, genre: float, weights: tuple) -> np.ndarray:
    rank, chance = weights
    p = 1 / (1 + np.exp(-chance_rows(X, genre, rank) @ chance))
    p[0] = 0.0  # the lede is shown as the lede
    return p


def score(items: list, chances: list[np.ndarray], threshold: float, k: int) -> tuple:
    """Found, filled panels right and empty where none, showing up to k sentences at
    `threshold` (the models alone: no other panel competing, no word budget)."""
    found = filled = right = empty = with_why = 0
    for (*_, y), p in zip(items, chances, strict=True):
        chosen = [i for i in np.argsort(-p)[:k] if p[i] >= threshold]
        hit = any(y[i] for i in chosen)
        if y.any():
            with_why += 1
            found += hit
        else:
            empty += not chosen
        filled += bool(chosen)
        right += hit
    return found / with_why, right / max(filled, 1), empty / max(len(items) - with_why, 1)


def brief_tallies(pairs: list) -> tuple[Tally, Tally]:
    """Why it matters and What's next of make_brief against the labels of `pairs`."""
    why, nxt = Tally(), Tally()
    for row, labels in pairs:
        bags = [_bag(s) for s in label_sentences(row["text"])]
        brief = make_brief(row["text"])
        why.add([locate(p, bags) for p in brief.why_it_matters], set(labels["why"]))
        nxt.add([locate(p, bags) for p in brief.whats_next], set(labels["next"]))
    return why, nxt


def fit_panel(panel: str, pairs: list, l2: float) -> tuple:
    items = [article_rows(row["text"], set(labels[panel]), panel) for row, labels in pairs]
    if panel == "why":
        return tuple(tuple(w.tolist()) for w in fit_why(items, l2))
    return tuple(fit(items, l2).tolist())


def set_weights(why: tuple, nxt: tuple) -> None:
    significance.RANK_WEIGHTS, significance.CHANCE_WEIGHTS = why
    outlook.WEIGHTS = nxt


def held_out(corpus: Path, l2: float) -> None:
    """Fit on one half, brief the other; the shipped weights beside."""
    shipped = (significance.RANK_WEIGHTS, significance.CHANCE_WEIGHTS), outlook.WEIGHTS
    parts = halves(load(corpus))
    print("| panel | half | models fitted on | found | filled panels holding one | "
          "point precision | empty where none |\n|---|---|---|---|---|---|---|")
    for name, part in parts.items():
        (other,) = [p for n, p in parts.items() if n != name]
        fitted = fit_panel("why", other, l2), fit_panel("next", other, l2)
        for label, weights in (("the other half", fitted), ("all (shipped)", shipped)):
            set_weights(*weights)
            for panel, tally in zip(("why", "next"), brief_tallies(part), strict=True):
                print(tally.row(f"{panel} | {name} | {label}"))
    set_weights(*shipped)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("panel", choices=("why", "next", "halves"))
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--l2", type=float, default=1.0, help="L2 penalty (default 1)")
    args = parser.parse_args()
    if args.panel == "halves":
        held_out(args.corpus, args.l2)
        return
    items = [article_rows(row["text"], set(labels[args.panel]), args.panel)
             for row, labels in load(args.corpus)]
    order = list(range(len(items)))
    random.Random(0).shuffle(order)
    folds = [order[i::5] for i in range(5)]
    print("threshold | found | filled panels right | empty where none (5-fold CV)")
    why = args.panel == "why"
    chances: list[list[np.ndarray]] = []
    for f in folds:
        train = [items[i] for i in order if i not in f]
        if why:
            weights = fit_why(train, args.l2)
            chances.append([why_chances(X, genre, weights) for X, genre, _ in
                            (items[i] for i in f)])
        else:
            w = fit(train, args.l2)
            chances.append([1 / (1 + np.exp(-items[i][0] @ w)) for i in f])
    k = 2 if why else 3
    thresholds = (0.1, 0.15, 0.18, 0.2, 0.25) if why else (0.4, 0.5, 0.6, 0.7, 0.8)
    for threshold in thresholds:
        runs = [score([items[i] for i in f], p, threshold, k) for f, p in zip(folds, chances,
                                                                              strict=True)]
        print(threshold, *(f"{np.mean([r[j] for r in runs]):.2f}" for j in range(3)))
    if why:
        rank, chance = fit_why(items, args.l2)
        print("RANK_WEIGHTS = (" + ", ".join(f"{w:.3f}" for w in rank) + ")")
        print("CHANCE_WEIGHTS = (" + ", ".join(f"{w:.3f}" for w in chance) + ")")
    else:
        print("WEIGHTS = (" + ", ".join(f"{w:.3f}" for w in fit(items, args.l2)) + ")")


if __name__ == "__main__":
    main()
