"""Why it matters: the model in briefing/brief/significance.py and the weights
bench/train_panels.py fits for it."""

from __future__ import annotations

import importlib.util

import pytest

from briefing.brief import make_brief, significance
from briefing.brief.extractive import prose_sentences
from briefing.brief.rank import centrality
from briefing.brief.sentences import paragraphs
from tests.paths import CORPUS, REPO, needs_corpus

MATCH = ("Arsenal beat Everton 3-1 at the Emirates Stadium on Saturday.\n\n"
         "Thierry Henry scored twice in the first half and Robert Pires added a third after "
         "the break.\n\n"
         "Tim Cahill headed in a late consolation for the visitors.\n\n"
         "\"We played well and deserved the win,\" said Arsenal manager Arsene Wenger.\n\n"
         "Everton goalkeeper Nigel Martyn made several fine saves in the second half.")
WAGE = ("The government has raised the minimum wage by 10%, to £6.50 an hour.\n\n"
        "The rise takes effect in April and covers about two million workers.\n\n"
        "It is the largest increase since the wage was introduced in 1999, and comes amid a "
        "squeeze on living costs.\n\n"
        "Business groups warned the rise could force small firms to cut jobs.\n\n"
        "\"This is a fair deal for working families,\" said the chancellor.")


def chances(text: str) -> list[float]:
    pool = [s.text for s in prose_sentences(paragraphs(text))]
    scores, graph = centrality(pool)
    top = max(scores)
    return significance.why_probabilities(pool, [s / top for s in scores],
                                          graph.cosines[:, 0].tolist())


def test_the_lede_is_never_why_and_every_chance_is_a_probability() -> None:
    assert significance.why_probabilities([], [], []) == []
    for text in (MATCH, WAGE):
        p = chances(text)
        assert p[0] == 0.0
        assert all(0.0 < x < 1.0 for x in p[1:])


def test_a_match_report_leaves_the_panel_empty_and_a_record_rise_says_why() -> None:
    assert max(chances(MATCH)) < significance.THRESHOLD
    assert make_brief(MATCH).why_it_matters == ()
    why = make_brief(WAGE).why_it_matters
    assert any(p.startswith("It is the largest increase since") for p in why)
    # "It" refers back: the sentence it needs comes along, in text order.
    assert why[0].startswith("The rise takes effect")


@needs_corpus("summaries", "dev", "panels.jsonl")
def test_the_shipped_weights_are_what_train_panels_fits() -> None:
    pytest.importorskip("numpy")
    spec = importlib.util.spec_from_file_location("train_panels",
                                                  REPO / "bench" / "train_panels.py")
    train = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train)
    items = [(*train.article_rows(row["text"], set(labels["why"]), "why"), bool(labels["why"]))
             for row, labels in train.load(CORPUS)]
    assert train.fit(items).tolist() == pytest.approx(significance.WEIGHTS, abs=2e-3)
