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
``python bench/train_panels.py splits [--splits 15]`` does the same over random pairs of
halves (each stratified by category) and pools the figures: a steadier estimate than one
split.

The team's labels of the other dev articles (bench/labels/panels-team.jsonl) are added to
every fit; figures are always scored on the readers' labels. ``--no-team`` leaves them out.
``python bench/train_panels.py team`` fits on the team's labels alone and briefs every
reader-labelled article: a fully held-out check of the models and of the team's labels.
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import random
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from panel_labels import (  # noqa: E402
    Tally,
    _bag,
    halves,
    label_sentences,
    load,
    load_team,
    locate,
)

from briefing.brief import lexicon, make_brief, outlook, significance  # noqa: E402
from briefing.brief.extractive import prose_sentences  # noqa: E402
from briefing.brief.rank import centrality  # noqa: E402
from briefing.brief.sentences import paragraphs  # noqa: E402


def article_rows(text: str, gold: set[int], panel: str) -> tuple[np.ndarray, np.ndarray]:
    pool = [s.text for s in prose_sentences(paragraphs(text))]
    if panel == "why":
        scores, graph = centrality(pool)
        top = max(scores) or 1.0
        X = np.array(significance.features(pool, [s / top for s in scores],
                                           graph.cosines[:, 0].tolist()))
        X[0, :] = 0.0  # the lede is never shown as why
    else:
        X = np.array(outlook.features(pool))
    bags = [_bag(s) for s in label_sentences(text)]
    y = np.array([float(locate(s, bags) in gold) for s in pool])
    return X, y


MODELS = {"why": significance, "next": outlook}
# The models fitted with the team's labels too; What's next is fitted on the readers' alone
# (with the team's it lost sentences users had flagged: see bench/BRIEFS.md).
TEAM_PANELS = ("why",)
# A fitted model: the module attributes it sets (WEIGHTS; a model with a word table also
# WORDS and WEIGHTS_WITHOUT_WORDS, for text in other languages).
Model = dict[str, object]


@functools.cache
def sentence_words(text: str, gold: frozenset[int], panel: str) -> list[tuple[set[str], bool]]:
    """Each of the briefer's sentences as (its words, labelled for `panel`); the lede is
    left out for why, as it is never shown there."""
    pool = [s.text for s in prose_sentences(paragraphs(text))]
    bags = [_bag(s) for s in label_sentences(text)]
    out = [(lexicon.words(s), locate(s, bags) in gold) for s in pool]
    return out[1:] if panel == "why" else out


def learn_table(sentences: Iterable[tuple[set[str], bool]],
                min_count: int = 10) -> dict[str, float]:
    """A word table from (words, labelled) sentences: each word found in at least
    `min_count` sentences, with the log-odds of its share of the labelled sentences against
    its share of the others (smoothed by half a sentence)."""
    labelled: dict[str, int] = {}
    other: dict[str, int] = {}
    n_labelled = n_other = 0
    for bag, is_labelled in sentences:
        counts = labelled if is_labelled else other
        n_labelled += is_labelled
        n_other += not is_labelled
        for word in bag:
            counts[word] = counts.get(word, 0) + 1
    table: dict[str, float] = {}
    for word in labelled.keys() | other.keys():
        a, b = labelled.get(word, 0), other.get(word, 0)
        if a + b >= min_count:
            table[word] = round(math.log((a + 0.5) / (n_labelled + 1))
                                - math.log((b + 0.5) / (n_other + 1)), 3)
    return dict(sorted(table.items()))


def learn_words(pairs: list, panel: str) -> dict[str, float]:
    return learn_table(w for row, labels in pairs
                       for w in sentence_words(row["text"], frozenset(labels[panel]), panel))


def fit_panel(pairs: list, panel: str, l2: float) -> Model:
    """A panel model fitted on `pairs`: its word table learned from all of them; its
    weights fitted on rows whose word score comes from a table learned without the row's
    own article (five folds), as the shipped model meets an article it never saw. A model
    without a word table is fitted on all of them at once."""
    model = MODELS[panel]
    if not hasattr(model, "WORDS"):
        return {"WEIGHTS": tuple(fit(panel_items(pairs, panel), l2).tolist())}
    saved = model.WORDS
    folds = [pairs[i::5] for i in range(5)]
    items = []
    try:
        for k, fold in enumerate(folds):
            model.WORDS = learn_words([p for j, f in enumerate(folds) if j != k for p in f],
                                      panel)
            items += panel_items(fold, panel)
    finally:
        model.WORDS = saved
    # The same model without the word score (its column all 0, so its weight stays 0).
    plain = [(np.column_stack([X[:, :-1], np.zeros(len(X))]), y, h) for X, y, h in items]
    return {"WEIGHTS": tuple(fit(items, l2).tolist()),
            "WEIGHTS_WITHOUT_WORDS": tuple(fit(plain, l2).tolist()),
            "WORDS": learn_words(pairs, panel)}


@contextmanager
def using(why: Model, nxt: Model) -> Iterator[None]:
    """Both models' weights and word tables set to these for the block."""
    saved = [shipped(m) for m in MODELS.values()]
    try:
        for m, model in zip(MODELS.values(), (why, nxt), strict=True):
            put(m, model)
        yield
    finally:
        for m, model in zip(MODELS.values(), saved, strict=True):
            put(m, model)


def shipped(module: object) -> Model:
    return {name: getattr(module, name)
            for name in ("WEIGHTS", "WEIGHTS_WITHOUT_WORDS", "WORDS") if hasattr(module, name)}


def put(module: object, model: Model) -> None:
    for name, value in model.items():
        setattr(module, name, value)


def fit(items: list, l2: float = 1.0, epochs: int = 3000) -> np.ndarray:
    X = np.vstack([x for x, _, _ in items])
    y = np.concatenate([y for _, y, _ in items])
    w = np.zeros(X.shape[1])
    for _ in range(epochs):
        p = 1 / (1 + np.exp(-X @ w))
        grad = X.T @ (p - y) / len(y) + l2 * w / len(y)
        grad[0] -= l2 * w[0] / len(y)  # no penalty on the intercept
        w -= 2.5 * grad
    return w


def score(items: list, w: np.ndarray, threshold: float, k: int) -> tuple[float, ...]:
    found = filled = right = empty = with_why = 0
    for X, y, has_why in items:
        p = 1 / (1 + np.exp(-X @ w))
        p[0] = 0.0  # the lede is shown as the lede
        chosen = [i for i in np.argsort(-p)[:k] if p[i] >= threshold]
        hit = any(y[i] for i in chosen)
        if has_why:
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


def panel_items(pairs: list, panel: str) -> list:
    return [(*article_rows(row["text"], set(labels[panel]), panel), bool(labels[panel]))
            for row, labels in pairs]


def fitted_models(pairs: list, l2: float, extra: list = ()) -> tuple[Model, Model]:
    """Both models fitted on `pairs`, and on `extra` (the team's) those of TEAM_PANELS."""
    return tuple(fit_panel(pairs + (list(extra) if panel in TEAM_PANELS else []), panel, l2)
                 for panel in MODELS)


def held_out(corpus: Path, l2: float, extra: list) -> None:
    """Fit on one half (and `extra`), brief the other; the shipped models beside."""
    models = [shipped(m) for m in MODELS.values()]
    parts = halves(load(corpus))
    print("| panel | half | models fitted on | found | filled panels holding one | "
          "point precision | empty where none |\n|---|---|---|---|---|---|---|")
    for name, part in parts.items():
        (other,) = [p for n, p in parts.items() if n != name]
        fitted = fitted_models(other, l2, extra)
        for label, pair in (("the other half", fitted), ("all (shipped)", models)):
            with using(*pair):
                tallies = brief_tallies(part)
            for panel, tally in zip(("why", "next"), tallies, strict=True):
                print(tally.row(f"{panel} | {name} | {label}"))


def random_halves(pairs: list, seed: int) -> dict[str, list]:
    """Two halves drawn at random, each holding half of every category's articles."""
    by_category: dict[str, list] = {}
    for pair in sorted(pairs, key=lambda pair: pair[0]["id"]):
        by_category.setdefault(pair[0]["id"].split("_")[0], []).append(pair)
    rng = random.Random(seed)
    parts: dict[str, list] = {"A": [], "B": []}
    for members in by_category.values():
        rng.shuffle(members)
        parts["A"] += members[:len(members) // 2]
        parts["B"] += members[len(members) // 2:]
    return parts


def held_out_splits(corpus: Path, l2: float, splits: int, extra: list) -> None:
    """Pooled over `splits` random pairs of halves: fit on one, brief the other, both ways.
    One fixed split (`held_out`) swings by several points with which articles fall where."""
    pairs = load(corpus)
    pooled = {"why": Tally(), "next": Tally()}
    for seed in range(1, splits + 1):
        parts = random_halves(pairs, seed)
        for name, part in parts.items():
            (other,) = [p for n, p in parts.items() if n != name]
            with using(*fitted_models(other, l2, extra)):
                tallies = brief_tallies(part)
            for panel, tally in zip(("why", "next"), tallies, strict=True):
                for field, value in vars(tally).items():
                    setattr(pooled[panel], field, getattr(pooled[panel], field) + value)
    print(f"Pooled over {splits} random pairs of halves (each article briefed {splits} times)\n")
    print("| panel | found | filled panels holding one | point precision | empty where none |"
          "\n|---|---|---|---|---|")
    for panel, tally in pooled.items():
        print(tally.row(panel))


def team_only(corpus: Path, l2: float, extra: list) -> None:
    """Fit on the team's labels alone; brief every reader-labelled article."""
    if not extra:
        raise SystemExit("no team labels: bench/labels/panels-team.jsonl is missing")
    with using(*fitted_models(extra, l2)):
        tallies = brief_tallies(load(corpus))
    print(f"Fitted on the team's {len(extra)} articles, scored on the readers' labels\n")
    print("| panel | found | filled panels holding one | point precision | empty where none |"
          "\n|---|---|---|---|---|")
    for panel, tally in zip(("why", "next"), tallies, strict=True):
        print(tally.row(panel))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("panel", choices=("why", "next", "halves", "splits", "team"))
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--l2", type=float, default=1.0, help="L2 penalty (default 1)")
    parser.add_argument("--splits", type=int, default=15,
                        help="random pairs of halves for `splits` (default 15)")
    parser.add_argument("--no-team", action="store_true",
                        help="fit on the readers' labels alone")
    parser.add_argument("--write", action="store_true",
                        help="write the fitted word table to briefing/brief/data/")
    args = parser.parse_args()
    extra = [] if args.no_team else load_team(args.corpus)
    if args.panel == "halves":
        held_out(args.corpus, args.l2, extra)
        return
    if args.panel == "splits":
        held_out_splits(args.corpus, args.l2, args.splits, extra)
        return
    if args.panel == "team":
        team_only(args.corpus, args.l2, extra)
        return
    readers = load(args.corpus)
    order = list(range(len(readers)))
    random.Random(0).shuffle(order)
    folds = [order[i::5] for i in range(5)]
    model = MODELS[args.panel]
    scored = []  # per fold: its items scored by a model fitted without them
    if args.panel not in TEAM_PANELS:
        extra = []
    for f in folds:
        fitted = fit_panel([readers[i] for i in order if i not in f] + extra, args.panel, args.l2)
        saved = shipped(model)
        put(model, fitted)
        scored.append((panel_items([readers[i] for i in f], args.panel),
                       np.array(fitted["WEIGHTS"])))
        put(model, saved)
    print(f"threshold | found | filled panels right | empty where none (5-fold CV over the "
          f"readers' articles; the team's {len(extra)} in every fit)")
    k = 2 if args.panel == "why" else 3
    thresholds = ((0.1, 0.15, 0.19, 0.22, 0.25, 0.3) if args.panel == "why"
                  else (0.4, 0.5, 0.6, 0.7, 0.8))
    for threshold in thresholds:
        runs = [score(items, weights, threshold, k) for items, weights in scored]
        print(threshold, *(f"{np.mean([r[j] for r in runs]):.2f}" for j in range(3)))
    fitted = fit_panel(readers + extra, args.panel, args.l2)
    for name in ("WEIGHTS", "WEIGHTS_WITHOUT_WORDS"):
        if name in fitted:
            print(f"{name} = (" + ", ".join(f"{w:.3f}" for w in fitted[name]) + ")")
    if "WORDS" not in fitted:
        return
    words = fitted["WORDS"]
    print(f"{len(words)} words in the table")
    if args.write:
        path = ROOT / "briefing" / "brief" / "data" / f"{args.panel}_words.json"
        path.write_text(json.dumps(words, indent=0, ensure_ascii=False) + "\n")
        print(f"written: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
