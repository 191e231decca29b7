"""The prompt and the check of a model's points, on the shipped seed article (no model)."""

import json

import pytest

from briefing.brief.sentences import split_sentences
from briefing.llm.grounding import AnswerError, Point, check_answer, check_point, parse_answer
from briefing.llm.prompt import MAX_CHARS, Source, article_sentences, build_prompt
from tests.paths import DATA, SEED

ANSWERS = json.loads((DATA / "llm" / "answers.json").read_text(encoding="utf-8"))
TEXT = SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def prompt():
    return build_prompt([Source("seed", "Newsweek", "Kremlin says meeting will happen", TEXT)])


def test_prompt_numbers_the_briefers_sentences_and_maps_them_back(prompt):
    pool = article_sentences(TEXT)
    assert len(prompt.sentences) == len(pool)
    for number, numbered in prompt.sentences.items():
        assert f"[{number}] {numbered.sentence.text}" in prompt.text
        start, end = numbered.sentence.start, numbered.sentence.end
        assert TEXT[start:end] == numbered.sentence.text
    # The author's headings and photo credits are not sentences to cite.
    assert "Why It Matters" not in prompt.text.split("Article:")[1]
    assert "Getty Images" not in prompt.text
    every = {s.text for s in split_sentences(TEXT)}
    assert all(n.sentence.text in every for n in prompt.sentences.values())


def test_prompt_digest_changes_with_the_text_only(prompt):
    same = build_prompt([Source("seed", "Newsweek", "Kremlin says meeting will happen", TEXT)])
    other = build_prompt([Source("seed", "Newsweek", "Kremlin says meeting will happen",
                                 TEXT.replace("Sunday", "Monday"))])
    assert same.digest == prompt.digest != other.digest


def test_a_story_numbers_its_articles_in_one_sequence_under_their_sources():
    second = "The Kremlin said on Sunday the meeting would happen. Peskov told reporters so."
    story = build_prompt([Source("a", "Newsweek", "One", TEXT), Source("b", "Wire", "Two",
                                                                         second)])
    assert "Source A: Newsweek — One" in story.text and "Source B: Wire — Two" in story.text
    last = max(story.sentences)
    assert story.sentences[last].article_id == "b"
    assert story.sentences[1].article_id == "a"
    assert "as 2 sources report it" in story.text


def test_the_text_sent_is_bounded():
    huge = "\n\n".join(f"Paragraph {n} says the council met on Tuesday to vote on item {n}."
                       for n in range(5000))
    sent = build_prompt([Source("h", None, "Huge", huge)] * 6)
    assert len(sent.text) < MAX_CHARS + 3000
    assert len(sent.article_ids) <= 4


def test_the_good_recorded_answer_passes_whole(prompt):
    panels, malformed = parse_answer(ANSWERS["seed_good"])
    checked = check_answer(panels, prompt.sentences)
    assert malformed == 0 and checked and all(c.kept for c in checked)


def test_hostile_points_are_dropped_each_for_its_reason(prompt):
    panels, malformed = parse_answer(ANSWERS["seed_hostile"])
    reasons = {c.point.text: c.reason for c in check_answer(panels, prompt.sentences)}
    assert malformed == 0
    assert "500000" in reasons["The meeting could end a war that has killed 500,000 people."]
    assert "Geneva" in reasons["Putin and Trump will meet in Geneva at the appropriate time."]
    assert reasons["The Kremlin rejected a U.S. proposal for a 30-day ceasefire."] == \
        "cites no sentence"
    # Cites a real sentence that does not say it: the names or the words give it away.
    assert "not in the sentences" in reasons[
        "Kremlin aide Kirill Dmitriev traveled to Washington for negotiations."]
    assert "too few words" in reasons[
        "The presidents expressed their political will for the meeting to take place publicly."]
    assert "99" in reasons["Peskov said relations with Washington are developing."]
    assert "9" in reasons["Trump will travel to Moscow on 9 May for the victory parade."]
    kept = [text for text, reason in reasons.items() if reason is None]
    assert kept == ["Russian state media reported the Witkoff meeting lasted roughly four and "
                    "a half hours."]


@pytest.mark.parametrize(("text", "cites", "kept"), [
    ("The Kremlin rejected a US proposal for a 30-day ceasefire.", [10], True),  # U.S. = US
    ("The Kremlin rejected a U.S. proposal for a 31-day ceasefire.", [10], False),
    ("Witkoff has visited Russia twice since January.", [7], True),
    ("Witkoff has visited Russia twice since February.", [7], False),
    ("Russian media said the meeting lasted four and a half hours.", [9], True),
    ("Russian media said the meeting lasted five hours.", [9], False),
    ("Witkoff met Putin in St. Petersburg on Friday.", [6, 7], True),
    ("Witkoff met Putin in St. Petersburg on Friday.", [1], False),
    ("Witkoff met Putin in St. Petersburg yesterday.", [6], False),
    ("Witkoff has visited Russia twice this year.", [7], False),
    ("Witkoff said last month that he does not regard Putin as a bad guy.", [7], True),
    # In its own words: kept while its names, numbers and most words are the sentence's.
    ("The Kremlin turned down a U.S. plan for a 30-day ceasefire that Ukraine had accepted.",
     [10], True),
    ("A Trump-Putin summit is planned but needs careful preparation first, the Kremlin says.",
     [1, 4], True),
    ("Russia made a partial Black Sea truce conditional on sanctions relief.", [10], False),
])
def test_names_numbers_and_dates_must_be_in_the_cited_sentences(prompt, text, cites, kept):
    assert (check_point(Point(text, tuple(cites)), prompt.sentences) is None) is kept


def test_answers_are_read_from_fences_and_prose_or_refused():
    panels, _ = parse_answer(ANSWERS["seed_good_fenced"])
    assert len(panels["what_to_know"]) == 3
    for name in ("malformed_json", "not_json", "wrong_shape"):
        with pytest.raises(AnswerError):
            parse_answer(ANSWERS[name])


def test_items_that_are_not_points_are_counted_and_inline_citations_removed():
    raw = json.dumps({"what_to_know": [
        {"text": "The Kremlin rejected a U.S. proposal [10].", "cites": ["10"]},
        {"cites": [1]}, 42, {"text": "\x1b[31mRed\x1b[0m point", "cites": True}],
        "why_it_matters": "Trump has steered the White House toward the Kremlin."})
    panels, malformed = parse_answer(raw)
    assert malformed == 2
    first = panels["what_to_know"][0]
    assert first == Point("The Kremlin rejected a U.S. proposal.", (10,))
    assert "\x1b" not in panels["what_to_know"][1].text
    assert panels["what_to_know"][1].cites == ()
    assert panels["why_it_matters"][0].cites == ()  # a bare string cites nothing
    assert panels["whats_next"] == []


def test_a_panel_keeps_the_points_asked_for_each_once(prompt):
    from briefing.brief import make_brief
    from briefing.llm.compose import grounded_brief
    from briefing.llm.grounding import Checked

    twice = Point("Witkoff has visited Russia twice since January.", (7,))
    hours = Point("Russian state media reported the meeting lasted four and a half hours.", (9,))
    checked = [Checked("what_to_know", twice, None)] * 3 + [Checked("what_to_know", hours, None)]
    checked += [Checked("why_it_matters", hours, None)]
    brief, _ = grounded_brief(make_brief(TEXT), prompt, checked, True, what_to_know=1)
    assert brief.what_to_know == (twice.text,)
    assert brief.why_it_matters == (hours.text,)
    assert brief.cites["what_to_know"][0][0].sentence.startswith("Witkoff has visited")


def test_an_endless_answer_is_refused():
    with pytest.raises(AnswerError, match="too long"):
        parse_answer('{"what_to_know": [' + '{"text": "x", "cites": [1]},' * 20000 + "]}")


@pytest.mark.parametrize(("text", "kept"), [
    ("Preparations went on as Witkoff met Putin in St. Petersburg on Friday to move on "
     "sluggish ceasefire negotiations.", True),
    ("Macron met Putin in St. Petersburg on Friday to move on ceasefire negotiations.", False),
])
def test_a_point_may_open_on_a_plain_word_but_not_on_an_invented_name(prompt, text, kept):
    assert (check_point(Point(text, (6,)), prompt.sentences) is None) is kept
