"""Rank sentences by centrality, with redundancy control.

TextRank-style: sentences are bags of content words, linked by shared words; a sentence's
score is its PageRank in that graph. Picking then follows maximal marginal relevance over
tf-idf cosines, so a near-repeat of a chosen point is passed over.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from briefing.text.words import content_words

if TYPE_CHECKING:
    import numpy as np

_DAMPING = 0.85          # TextRank's (and sumy's) damping factor
_TOLERANCE = 1e-4        # L1 change at which the power iteration stops: a tighter one
                         # costs time and changes no brief
_MAX_ITERATIONS = 100
MAX_RANKED = 1000
"""The most texts ranked together: the graph's matrices are n x n (1,000: 8 MB each).
A thousand sentences is about 20,000 words, longer than nearly any article."""


class Graph:
    """The texts' similarity graph, with dense n x n numpy matrices: `weights`, TextRank's
    edge weights (shared content words over the sum of the log lengths), and `cosines`,
    the tf-idf cosine of each pair (for redundancy checks)."""

    def __init__(self, texts: Sequence[str]) -> None:
        import numpy as np  # imported on first use: the app's own process rarely ranks

        bags = [Counter(content_words(t)) for t in texts]
        n = len(bags)
        ids: dict[str, int] = {}
        words = np.array([ids.setdefault(w, len(ids)) for bag in bags for w in bag], dtype=int)
        self.weights = np.zeros((n, n))
        self.cosines = np.zeros((n, n))
        if not words.size:
            return
        # One entry per (text, word), grouped by word: a group's size is the word's
        # document frequency.
        order = np.argsort(words, kind="stable")
        word = words[order]
        owner = np.repeat(np.arange(n), [len(bag) for bag in bags])[order]
        count = np.array([c for bag in bags for c in bag.values()], dtype=float)[order]
        starts = np.flatnonzero(np.concatenate(([True], word[1:] != word[:-1])))
        sizes = np.diff(starts, append=word.size)
        tfidf = (1 + np.log(count)) * np.log((n + 1) / np.repeat(sizes, sizes))
        norms = np.sqrt(np.bincount(owner, weights=tfidf * tfidf, minlength=n))
        unit = tfidf / np.where(norms > 0, norms, 1.0)[owner]
        if starts.size == word.size:  # no text shares a word: each is like itself alone
            np.fill_diagonal(self.cosines, np.bincount(owner, weights=unit * unit, minlength=n))
            return
        # Only pairs of texts that share a word cost anything: each pair of entries in a
        # word's group adds to its texts' sums. Shared-word counts are integers, so exact.
        shared = np.zeros(n * n)
        cosines = self.cosines.reshape(n * n)
        for left, right in _pairs_within(starts, sizes):
            pair = owner[left] * n + owner[right]
            shared += np.bincount(pair, weights=count[left] * count[right], minlength=n * n)
            cosines += np.bincount(pair, weights=unit[left] * unit[right], minlength=n * n)
        shared = shared.reshape(n, n)
        np.fill_diagonal(shared, 0.0)
        logs = np.log(np.maximum([sum(bag.values()) for bag in bags], 2))
        self.weights = shared / (logs[:, None] + logs[None, :])

    def most_similar(self, i: int, others: Sequence[int]) -> float:
        """The highest cosine between text i and any of `others` (0 when none)."""
        return float(self.cosines[i, list(others)].max()) if len(others) else 0.0


_PAIRS_PER_PASS = 1 << 19
"""Entry pairs joined at once: bounds the join's memory (about 50 bytes a pair) when a
hostile text repeats the same few words in every sentence."""


def _pairs_within(starts: np.ndarray, sizes: np.ndarray) -> Iterator[tuple[np.ndarray, ...]]:
    """(left, right): the indices of every two entries of a group, each entry with itself
    included, for groups of `sizes` entries from `starts`; whole groups, a pass at a time."""
    import numpy as np

    cost = np.cumsum(sizes * sizes)
    done, lo = 0, 0
    while lo < sizes.size:
        hi = max(lo + 1, int(np.searchsorted(cost, done + _PAIRS_PER_PASS, side="right")))
        first, size = starts[lo:hi], sizes[lo:hi]
        size_of = np.repeat(size, size)  # for each entry, its group's size
        left = np.repeat(np.arange(first[0], first[0] + size_of.size), size_of)
        group_start = np.repeat(np.repeat(first, size), size_of)
        offset = np.arange(left.size) - np.repeat(np.cumsum(size_of) - size_of, size_of)
        yield left, group_start + offset
        done, lo = int(cost[hi - 1]), hi


def centrality(texts: Sequence[str]) -> tuple[list[float], Graph]:
    """Each text's TextRank score (PageRank over the similarity graph), and the graph.

    The edge weight is TextRank's: shared content words over the sum of the log lengths.
    Unlike a cosine it grows with a sentence's substance, so a long sentence that shares
    many of the article's words outranks a short one that merely echoes a few. PageRank
    rather than the summed weights: a link from a sentence with few links counts more, so
    a cluster of near-repeats does not crown its own members (bench/BRIEFS.md has the
    comparison).
    """
    graph = Graph(texts)
    return pagerank(graph.weights), graph


def pagerank(weights: np.ndarray, damping: float = _DAMPING) -> list[float]:
    """Stationary scores of a random walk on a weighted undirected graph (a symmetric
    weight matrix). A node without edges spreads its score evenly, as sumy's TextRank
    does in effect."""
    import numpy as np

    n = len(weights)
    if not n:
        return []
    degree = weights.sum(axis=1)
    isolated = degree == 0
    degree[isolated] = 1.0
    rank = np.full(n, 1.0 / n)
    for _ in range(_MAX_ITERATIONS):
        base = (1.0 - damping + damping * rank[isolated].sum()) / n
        shares = damping * rank / degree
        shares[isolated] = 0.0
        new = weights @ shares + base
        delta = np.abs(new - rank).sum()
        rank = new
        if delta < _TOLERANCE:
            break
    return rank.tolist()


def pick(
    scores: Sequence[float],
    graph: Graph,
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
    if not candidates or k <= 0:
        return []
    overlap = (graph.cosines[:, seen].max(axis=1).tolist() if seen
               else [0.0] * len(scores))
    while candidates and len(chosen) < k:
        best = max(candidates, key=lambda i: scores[i] / top - redundancy * overlap[i])
        candidates.remove(best)
        if overlap[best] > 0.8:
            continue  # a near-repeat of something already shown
        chosen.append(best)
        row = graph.cosines[best].tolist()
        for i in candidates:
            overlap[i] = max(overlap[i], row[i])
    return sorted(chosen) if ordered else chosen


def top_sentences(texts: Sequence[str], k: int) -> list[int]:
    """Indices of the k most central, non-redundant texts, in text order."""
    if len(texts) <= k:
        return list(range(len(texts)))
    texts = texts[:MAX_RANKED]
    scores, graph = centrality(texts)
    return pick(scores, graph, k)
