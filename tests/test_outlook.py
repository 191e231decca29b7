"""What's next's model: which words count as the future, and whose future it is."""

from __future__ import annotations

from briefing.brief.outlook import THRESHOLD, features, leaves_quote_open, next_probabilities

# Sentences from BBC dev articles (corpus summaries/dev: politics_027, sport_098,
# entertainment_055), and plain ones in the same shape.
WHIP = '"We should be breaking away from the party whip.'
BILLS = ("The executive is much too free to bring in a huge number of extremely bad Bills "
         "- and whatever it likes is what will get the best headlines tomorrow.")


def chance(*texts: str) -> float:
    return next_probabilities(list(texts))[-1]


def test_a_quotation_that_runs_on_is_the_speakers_not_the_writers() -> None:
    # The same sentence in the writer's voice, and as the second sentence of a quotation
    # opened before it: the quote's future counts, at the lower weight a speaker's earns.
    lede = "Former civil service chief Lord Butler has criticised the government."
    writer = chance(lede, "We should break away from the party whip.", BILLS)
    speaker = chance(lede, WHIP, BILLS)
    assert writer > speaker + 0.15
    assert speaker > chance(lede, WHIP, "It was a bad day for the government.") + 0.3
    row = features([lede, WHIP, BILLS])[-1]
    assert row[3] == 1.0  # all of it is quoted


def test_quote_marks_open_and_close_across_sentences() -> None:
    assert leaves_quote_open(WHIP, False)
    assert not leaves_quote_open(BILLS + '"', True)
    assert leaves_quote_open("It was a long night.", True)  # no mark: still inside
    assert not leaves_quote_open("“We will win,” he said.", False)
    assert leaves_quote_open("He said: “We will win.", False)


def test_a_promise_in_a_quote_counts_less_than_the_writers_plan() -> None:
    plain = "Ronaldo said he is close to agreeing a new contract with the club."
    quoted = '"I think we\'ll reach a good agreement for both sides," Ronaldo said.'
    planned = "Ronaldo will sign a new contract with the club next week."
    assert chance(plain) < chance(quoted) < chance(planned)


def test_will_opening_a_name_is_no_future() -> None:
    name = "Will Smith co-stars alongside more CGI robots than you can count."
    future = "Smith will co-star alongside more CGI robots than you can count."
    assert chance(name) < THRESHOLD <= chance(future)


def test_german_passive_is_no_future() -> None:
    # heise.de and a Swiss page in the corpus: "werden" with a past participle describes
    # a process or a past event; with an infinitive it is the future.
    lede = "Forscher haben ein neues Verfahren für das Recycling von Batterien vorgestellt."
    process = chance(lede, "Anschließend werden die Batterien manuell auseinandergenommen.")
    plan = chance(lede, "Anschließend werden die Forscher eine größere Anlage bauen.")
    assert plan > process + 0.2
    assert chance(lede, "Sie musste mit der Rega ins Spital gebracht werden.") < THRESHOLD
    # The future in a subordinate clause, and an infinitive built on "gestalten".
    for future in ("Experten erwarten, dass die Preise im nächsten Jahr steigen werden.",
                   "Die Stadt wird den Platz bis 2026 umgestalten."):
        assert chance(lede, future) > process + 0.2, future
