"""The cues' lower-cased fast path agrees with their case-blind patterns, also on the
characters re.IGNORECASE folds differently from str.lower() (İ ı ſ, the Kelvin sign)."""

from __future__ import annotations

import pytest

from briefing.brief import cues
from briefing.text.quotes import strip_quotes

SENTENCES = [
    "The council WILL VOTE on the plan next week, the mayor said.",
    "The board is expected to decide by March, the firm \u017faid.",   # long s
    "\u0130t w\u0130ll meet tomorrow, officials sa\u0131d.",           # dotted and dotless i
    "The \u212aremlin will respond next month.",                       # Kelvin sign
    '"We will fight on," he said, but the vote had been expected last year.',
    "ACCORDING TO the report, prices rose two years ago.",
    "Will Smith is yet to sign?",
    "Prices rose 3% in the year to June.",
]


def case_blind_forward_score(sentence: str) -> float:
    """forward_score as the case-blind patterns alone define it."""
    score = 2.0 * bool(cues._FORWARD_STRONG.search(sentence))
    bare = strip_quotes(sentence)
    if cues._WILL.search(bare):
        score += 1.0
    elif bare != sentence and cues._WILL.search(sentence):
        score += 0.5
    if score and cues._WHEN.search(sentence):
        score += 1.0
    if cues._BACKWARD.search(sentence):
        score -= 1.5
    return score - ("?" in sentence)


@pytest.mark.parametrize("sentence", SENTENCES)
def test_lower_cased_search_matches_the_case_blind_patterns(sentence: str) -> None:
    assert cues.forward_score(sentence) == case_blind_forward_score(sentence)
    assert cues.attributed(sentence) == bool(cues._ATTRIBUTION.search(sentence))


def test_folded_letters_still_count() -> None:
    assert cues.attributed("The board will decide, the firm \u017faid.")
    # "will be held" and "next week" (2), in the writer's own words (+1)
    assert cues.forward_score("The vote w\u0130ll be held next week.") == 3.0
    assert cues.forward_score("THE VOTE WILL BE HELD NEXT WEEK.") == 3.0
