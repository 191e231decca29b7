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
    """Each text's summed similarity to all the others, and tf-idf vectors for redundancy.

    The similarity is TextRank's: shared content words over the sum of the log lengths.
    Unlike a cosine it grows with a sentence's substance, so a long sentence that shares
    many of the article's words outranks a short one that merely echoes a few (on the BBC
    dev set this picks reference-summary sentences more often than tf-idf cosine does).
    """
    bags = [Counter(content_words(t)) for t in texts]
    logs = [math.log(max(sum(bag.values()), 2)) for bag in bags]
    scores = [0.0] * len(texts)
    for i, a in enumerate(bags):
        for j in range(i + 1, len(bags)):
            b = bags[j]
            small, big = (a, b) if len(a) <= len(b) else (b, a)
            shared = sum(c * big[w] for w, c in small.items() if w in big)
            if shared:
                sim = shared / (logs[i] + logs[j])
                scores[i] += sim
                scores[j] += sim
    return scores, _vectors(bags)


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
