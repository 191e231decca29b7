"""Rank sentences by centrality, with redundancy control.

TextRank-style: sentences are bags of content words, linked by shared words; a sentence's
score is its PageRank in that graph. Picking then follows maximal marginal relevance over
tf-idf cosines, so a near-repeat of a chosen point is passed over.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from operator import mul

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+(?:[.,]\d+)*", re.UNICODE)

STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself said says
    say told according mr mrs ms one two new last first year years time people like get got
    """.split()
)
_DAMPING = 0.85          # TextRank's (and sumy's) damping factor
_TOLERANCE = 1e-4        # L1 change at which the power iteration stops (1e-6 took 10% more
                         # of the brief and changed none of 1,063 corpus briefs)
_MAX_ITERATIONS = 100


def content_words(text: str) -> list[str]:
    """Lower-cased words of a text without stopwords, with a light plural fold.

    Runs of CJK characters (no spaces between words) become character bigrams.
    """
    words = []
    for word in _WORD.findall(text.lower()):
        if word in STOPWORDS or len(word) < 2:
            continue
        if _CJK.match(word):
            words.extend(word[i : i + 2] for i in range(len(word) - 1))
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.append(word)
    return words


def _vectors(bags: Sequence[Counter[str]]) -> list[dict[str, float]]:
    """Unit tf-idf vectors, for redundancy checks (cosine)."""
    n = len(bags)
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    vectors = []
    for bag in bags:
        vec = {w: (1 + math.log(c)) * math.log((n + 1) / df[w]) for w, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({w: v / norm for w, v in vec.items()})
    return vectors


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def centrality(texts: Sequence[str]) -> tuple[list[float], list[dict[str, float]]]:
    """Each text's TextRank score (PageRank over the similarity graph), and tf-idf vectors.

    The edge weight is TextRank's: shared content words over the sum of the log lengths.
    Unlike a cosine it grows with a sentence's substance, so a long sentence that shares
    many of the article's words outranks a short one that merely echoes a few. PageRank
    rather than the summed weights: a link from a sentence with few links counts more, so
    a cluster of near-repeats does not crown its own members (on the BBC dev set R-2 at
    k = 5 rose 0.649 -> 0.655; bench/BRIEFS.md).
    """
    bags = [Counter(content_words(t)) for t in texts]
    logs = [math.log(max(sum(bag.values()), 2)) for bag in bags]
    # Shared words per pair through an inverted index: only pairs that share a word cost
    # anything (most pairs of an article's sentences share none). Counts are integers, so
    # the sums are exact in any order; edges are added in the all-pairs loop's order.
    postings: dict[str, list[tuple[int, int]]] = {}
    for i, bag in enumerate(bags):
        for word, count in bag.items():
            postings.setdefault(word, []).append((i, count))
    shared: list[dict[int, int]] = [{} for _ in texts]
    for posting in postings.values():
        for n, (i, a) in enumerate(posting):
            row = shared[i]
            for j, b in posting[n + 1:]:
                row[j] = row.get(j, 0) + a * b
    edges: list[list[tuple[int, float]]] = [[] for _ in texts]
    for i, row in enumerate(shared):
        for j in sorted(row):
            sim = row[j] / (logs[i] + logs[j])
            edges[i].append((j, sim))
            edges[j].append((i, sim))
    return pagerank(edges), _vectors(bags)


def pagerank(edges: Sequence[Sequence[tuple[int, float]]], damping: float = _DAMPING,
             ) -> list[float]:
    """Stationary scores of a random walk on a weighted undirected graph (adjacency lists).

    A node without edges spreads its score evenly, as sumy's TextRank does in effect.
    """
    n = len(edges)
    if not n:
        return []
    degree = [sum(w for _, w in row) for row in edges]
    # Each node pulls its neighbours' shares (adjacency lists are symmetric and sorted,
    # so the sums run in the same order as pushing would), with map/sum in C: a third of
    # the brief's time went to this loop.
    neighbours = [[i for i, _ in row] for row in edges]
    weights = [[w for _, w in row] for row in edges]
    rank = [1.0 / n] * n
    for _ in range(_MAX_ITERATIONS):
        lost = sum(r for r, d in zip(rank, degree, strict=True) if not d)
        base = (1.0 - damping + damping * lost) / n
        shares = [damping * r / d if d else 0.0 for r, d in zip(rank, degree, strict=True)]
        pick_share = shares.__getitem__
        new = [sum(map(mul, map(pick_share, ids), ws), base) if ids else base
               for ids, ws in zip(neighbours, weights, strict=True)]
        delta = sum(abs(a - b) for a, b in zip(new, rank, strict=True))
        rank = new
        if delta < _TOLERANCE:
            break
    return rank


def pick(
    scores: Sequence[float],
    vectors: Sequence[dict[str, float]],
    k: int,
    *,
    redundancy: float = 0.5,
    exclude: set[int] | None = None,
    avoid: Sequence[int] = (),
    ordered: bool = True,
) -> list[int]:
    """Indices of the k best items by maximal marginal relevance.

    `avoid` are items already shown elsewhere: they count as chosen for redundancy but
    are not returned. In text order when `ordered`, else in order of preference.
    """
    exclude = exclude or set()
    top = max(scores, default=0.0) or 1.0
    chosen: list[int] = []
    seen = list(avoid)
    candidates = [i for i in range(len(scores)) if i not in exclude and i not in seen]
    overlap = {i: max((cosine(vectors[i], vectors[j]) for j in seen), default=0.0)
               for i in candidates}
    while candidates and len(chosen) < k:
        best = max(candidates, key=lambda i: scores[i] / top - redundancy * overlap[i])
        candidates.remove(best)
        if overlap[best] > 0.8:
            continue  # a near-repeat of something already shown
        chosen.append(best)
        for i in candidates:
            overlap[i] = max(overlap[i], cosine(vectors[i], vectors[best]))
    return sorted(chosen) if ordered else chosen


def top_sentences(texts: Sequence[str], k: int) -> list[int]:
    """Indices of the k most central, non-redundant texts, in text order."""
    if len(texts) <= k:
        return list(range(len(texts)))
    scores, vectors = centrality(texts)
    return pick(scores, vectors, k)
