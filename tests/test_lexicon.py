"""The panel models' learned word tables (briefing.brief.lexicon; built by
bench/train_panels.py)."""

import math

from briefing.brief import lexicon, significance
from tests.paths import bench_script


def test_shipped_tables_load_and_hold_finite_weights() -> None:
    table = lexicon.table("why")
    assert len(table) > 500
    assert all(math.isfinite(w) for w in table.values())
    assert all(w == w.lower() and w not in lexicon.STOP for w in table)


def test_learn_weighs_words_by_the_labelled_sentences_that_hold_them() -> None:
    sentences = ([({"means", "market"}, True)] * 8 + [({"goal", "market"}, False)] * 12
                 + [({"rare"}, True)])
    table = bench_script("train_panels").learn_table(sentences, min_count=5)
    assert table["means"] > 0 > table["goal"]
    assert abs(table["market"] - table["means"]) > 0.5  # in both kinds of sentence
    assert "rare" not in table  # too few sentences to say


def test_score_is_the_mean_weight_of_known_words() -> None:
    table = {"means": 1.0, "goal": -1.0}
    assert lexicon.score("This means a goal.", table) == 0.0
    assert lexicon.score("It means more.", table) == 1.0
    assert lexicon.score("Nothing known here.", table) == 0.0


def test_names_and_capitalised_words_are_not_in_the_table() -> None:
    # The table learns ways of saying things, not the people and places of its articles.
    assert lexicon.words("Means Jamie said Yukos could force Arsenal out in August.") == {
        "could", "force", "out"}
    assert not any(w[0].isupper() for w in lexicon.table("why"))


def test_the_why_model_reads_its_table_in_english_text_only() -> None:
    english = ["The company said on Monday it had cut 500 jobs.",
               "The cuts could force rivals to follow, analysts warned."]
    german = ["Das Unternehmen hat am Montag 500 Stellen gestrichen.",
              "Die Kürzungen könnten Konkurrenten zwingen, nachzuziehen."]
    why_rows = significance.features(german, [1.0, 0.5], [1.0, 0.2], lede=False)
    assert why_rows[0][-1] == 0.0
    assert significance.features(english, [1.0, 0.5], [1.0, 0.2], lede=False)[0][-1] != 0.0
