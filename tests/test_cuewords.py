"""Cue groups read as word lists (briefing/brief/cuewords.py), on sentences of the corpus."""

from __future__ import annotations

from briefing.brief import outlook, significance
from briefing.brief.cuewords import CueGroups, Group, words


def why(sentence: str) -> dict[str, int]:
    counts = significance._ENGLISH_CUES.counts(sentence.lower())
    return {name: n for name, n in zip(significance.CUES, counts, strict=True) if n}


def ahead(sentence: str) -> dict[str, int]:
    counts = outlook._CUES.counts(sentence.lower())
    return {name: n for name, n in zip(outlook.CUES, counts, strict=True) if n}


def test_words_stems_and_phrases_count_once_each() -> None:
    # BBC dev: stems ("threatens"), a phrase ("as part of"), "for the first time" once.
    assert why("The strike threatens jobs as part of a wider dispute, for the first time.") == {
        "consequence": 1, "cause": 1, "scale": 1, "scope": 1}
    # "compared with" and a word that opens with a comparison word ("thanks" holds "than").
    assert why("Sales rose 5% compared with last year, thanks to exports.")["comparison"] == 4


def test_a_percent_sign_counts_only_after_a_figure() -> None:
    assert "comparison" in why("Inflation is at 3%.")
    # French spacing (Numericable's results, next-inpact.com): no hit, as before.
    assert words("en hausse de 1 %") == ("en", "hausse", "de", "1")


def test_words_that_count_only_opening_the_sentence() -> None:
    assert why("But the deal was signed.") == {"contrast": 1}
    assert why("Officials signed it, but late.") == {}
    assert why("This is the largest rise.") == {"framing": 1, "scale": 1, "comparison": 1}
    assert why("The move was welcomed.") == {"framing": 1}
    assert why("They welcomed the move.") == {}
    assert why('"But not now," he said.') == {}  # a quote mark opens it


def test_next_and_soon_keep_their_exceptions() -> None:
    assert ahead("The vote is next week.") == {"when": 1, "call": 1}
    assert ahead("They live next door.") == {}
    assert ahead("Soon after, the talks ended.") == {"call": 1, "narrated": 1}
    assert ahead("A decision is due to open the road.") == {"plan": 1}
    assert ahead("The delay was due to the weather.") == {"past": 1}


def test_a_past_form_after_an_auxiliary_is_no_narration() -> None:
    # ecbplus-8d41ff8e7c49: "Soon battles erupted around the Parliament".
    assert ahead("Soon battles erupted around the Parliament.") == {"when": 1, "narrated": 1}
    assert ahead("The battles had erupted.") == {"past": 1}
    assert ahead("The court quashed the sentences and agreed.") == {"narrated": 1}


def test_future_forms_in_four_languages() -> None:
    assert ahead("You'll see it will be done, and it is to be voted on.") == {"future": 3}
    assert ahead("Def Jam's artists include LL Cool J.") == {}
    assert ahead("El gobierno va a votar mañana.")["future"] == 1
    assert "future" not in ahead("Se va a una guerra.")
    assert ahead("Il sera le premier.") == {"future": 1}  # "sera" counts once
    assert ahead("Das Gesetz wird kommen.") == {"future": 1}


def test_a_modal_perfect_and_a_date_gone_by_look_back() -> None:
    assert ahead("It could have been worse.") == {"possible": 1, "past": 1}
    assert ahead("It had been planned back in 2017.") == {"past": 2}


def test_groups_of_several_parts_add_up() -> None:
    groups = CueGroups([(Group("a\\w*", not_after=frozenset({"x"})), Group("b")),
                        Group(phrases=("c d",), first="e")])
    assert groups.counts("e ab x ac b c d c") == [2, 2]
