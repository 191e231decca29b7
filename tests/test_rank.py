"""The sentence graph behind the briefs, against its plain-Python definition."""

from __future__ import annotations

import json
import math
from collections import Counter
from functools import cache

import numpy as np
import pytest

from briefing.brief import make_brief, rank
from briefing.brief.extractive import prose_sentences
from briefing.brief.rank import MAX_RANKED, Graph, centrality, pagerank
from briefing.brief.sentences import paragraphs
from briefing.text.words import content_words
from tests.paths import corpus_file


@cache
def articles() -> list[list[str]]:
    """Sentence lists of real articles, long and short."""
    path = corpus_file("summaries", "dev", "bbc_news_summary_dev.jsonl")
    texts = [json.loads(line)["text"] for line in path.open()][:40]
    return [[s.text for s in prose_sentences(paragraphs(t))] for t in texts]


def reference(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """TextRank's edge weight and the tf-idf cosine of every pair, written plainly."""
    bags = [Counter(content_words(t)) for t in texts]
    n = len(bags)
    df = Counter(w for bag in bags for w in bag)
    vectors = []
    for bag in bags:
        vec = {w: (1 + math.log(c)) * math.log((n + 1) / df[w]) for w, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({w: v / norm for w, v in vec.items()})
    logs = [math.log(max(sum(bag.values()), 2)) for bag in bags]
    weights, cosines = np.zeros((n, n)), np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            cosines[i, j] = sum(v * vectors[j].get(w, 0.0) for w, v in vectors[i].items())
            if i != j:
                shared = sum(c * bags[j][w] for w, c in bags[i].items())
                weights[i, j] = shared / (logs[i] + logs[j])
    return weights, cosines


@pytest.mark.parametrize("pairs_per_pass", [rank._PAIRS_PER_PASS, 7, 1])
def test_graph_matches_its_definition(monkeypatch: pytest.MonkeyPatch,
                                      pairs_per_pass: int) -> None:
    # The join runs in passes when a text has many shared words; any pass size gives
    # the same graph.
    monkeypatch.setattr(rank, "_PAIRS_PER_PASS", pairs_per_pass)
    for texts in articles():
        graph = Graph(texts)
        weights, cosines = reference(texts)
        assert np.array_equal(graph.weights, weights)  # integer sums: exact
        assert np.allclose(graph.cosines, cosines, rtol=0, atol=1e-12)


@pytest.mark.parametrize("texts", [
    ["The council approved the budget on Tuesday."],
    ["The council approved the budget.", "Storms flooded coastal villages overnight.",
     "It is."],
])
def test_texts_that_share_no_word_match_the_definition(texts: list[str]) -> None:
    # A teaser's one sentence, or sentences with no word in common: each is similar only
    # to itself (the graph skips the join then).
    graph = Graph(texts)
    weights, cosines = reference(texts)
    assert np.array_equal(graph.weights, weights)
    assert np.allclose(graph.cosines, cosines, rtol=0, atol=1e-12)
    assert np.count_nonzero(graph.cosines) == sum(bool(content_words(t)) for t in texts)


def test_texts_without_content_words() -> None:
    graph = Graph(["It is.", "", "And so on."])
    assert not graph.weights.any() and not graph.cosines.any()
    scores, _ = centrality(["It is.", "", "And so on."])
    assert scores == pytest.approx([1 / 3] * 3)


def test_pagerank_is_a_distribution_and_favours_the_hub() -> None:
    # A star: the centre outranks the leaves; a node without edges keeps its share.
    weights = np.zeros((5, 5))
    for leaf in (1, 2, 3):
        weights[0, leaf] = weights[leaf, 0] = 1.0
    scores = pagerank(weights)
    assert sum(scores) == pytest.approx(1.0)
    assert scores[0] > max(scores[1:4]) and scores[4] == pytest.approx(min(scores))


def test_a_giant_repetitive_text_is_briefed_from_its_start() -> None:
    # Hostile input: 20,000 sentences of the same dozen words. Every pair of sentences
    # shares words, so only the first MAX_RANKED are ranked, and the join runs in passes.
    words = "minister budget health service council river police court city".split()
    sentences = [" ".join(words[(i + k) % len(words)] for k in range(8)).capitalize()
                 + f" number {i}." for i in range(20_000)]
    text = "\n\n".join(" ".join(sentences[i:i + 4]) for i in range(0, len(sentences), 4))
    brief = make_brief(text)
    assert brief.lede == (sentences[0],) and brief.what_to_know
    cut = text.index(sentences[MAX_RANKED])
    assert all(end <= cut for spans in brief.offsets.values() for _, end in spans)
