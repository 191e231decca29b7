"""Rank sentences by centrality, with redundancy control.

LexRank-style: sentences are bags of content words weighted by inverse sentence
frequency; a sentence's score is its summed cosine similarity to the others. Picking then
follows maximal marginal relevance, so a near-repeat of a chosen point is passed over.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

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


def content_words(text: str) -> list[str]:
    """Lower-cased words of a text without stopwords, with a light plural fold."""
    words = []
    for word in _WORD.findall(text.lower()):
        if word in STOPWORDS or len(word) < 2:
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.append(word)
    return words


def _vectors(texts: Sequence[str]) -> list[dict[str, float]]:
    bags = [Counter(content_words(t)) for t in texts]
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
    """Each text's summed similarity to all the others, and the vectors used."""
    vectors = _vectors(texts)
    scores = [0.0] * len(texts)
    for i in range(len(vectors)):
        for j in range(i + 1, len(vectors)):
            sim = cosine(vectors[i], vectors[j])
            scores[i] += sim
            scores[j] += sim
    return scores, vectors


def pick(
    scores: Sequence[float],
    vectors: Sequence[dict[str, float]],
    k: int,
    *,
    redundancy: float = 0.5,
    exclude: set[int] | None = None,
) -> list[int]:
    """Indices of the k best items by maximal marginal relevance, in text order."""
    exclude = exclude or set()
    top = max(scores, default=0.0) or 1.0
    chosen: list[int] = []
    candidates = [i for i in range(len(scores)) if i not in exclude]
    while candidates and len(chosen) < k:
        def gain(i: int) -> float:
            overlap = max((cosine(vectors[i], vectors[j]) for j in chosen), default=0.0)
            return scores[i] / top - redundancy * overlap

        best = max(candidates, key=gain)
        if chosen and max(cosine(vectors[best], vectors[j]) for j in chosen) > 0.8:
            candidates.remove(best)
            continue
        chosen.append(best)
        candidates.remove(best)
    return sorted(chosen)


def top_sentences(texts: Sequence[str], k: int) -> list[int]:
    """Indices of the k most central, non-redundant texts, in text order."""
    if len(texts) <= k:
        return list(range(len(texts)))
    scores, vectors = centrality(texts)
    return pick(scores, vectors, k)
