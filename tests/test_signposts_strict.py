"""Signposts, complete and strict: named labels, no labelled section dropped, a section
that ends at a newsletter heading or page furniture, Markdown bullets kept."""

from __future__ import annotations

import json

import pytest

from briefing.brief import make_brief
from briefing.brief.signposts import find_sections, panel_of_heading, split_lead_in
from briefing.extract.plaintext import read_text_document
from tests.paths import corpus_file

# semafor.com, Semafor Media newsletter, 24 December 2022 (shortened): "THE NEWS", then
# the editor's view under his name.
SEMAFOR = """THE NEWS
It’s Christmas Day, Semafor’s been publishing for two months, and I’m so grateful that you’ve come along on the ride with us.
BEN’S VIEW
That background predisposes me to believe that people may sincerely disagree. That belief is usually an advantage as a journalist.
So I’m grateful to the people who have taken a chance on Semafor.
"""


def axios_songs() -> str:
    """Axios Future, 18 January 2019 (corpus signposts): "By the numbers", "The bottom line"."""
    path = corpus_file("signposts", "signposts.jsonl")
    stories = {s["id"]: s for s in map(json.loads, path.open(encoding="utf-8"))}
    return stories["axios-future-2019-01-18-5"]["text"]


@pytest.mark.parametrize(("label", "panel"), [
    ("The View From Brazil", "what_people_are_saying"),
    ("**The View From Beijing**", "what_people_are_saying"),
    ("BEN’S VIEW", "what_people_are_saying"),
    ("Reed's view", "what_people_are_saying"),
    ("Room for Disagreement", "what_people_are_saying"),
    ("Between the lines", "why_it_matters"),
    ("Yes, but", "why_it_matters"),
    ("What's next", "whats_next"),
    ("DRIVING THE DAY", "what_to_know"),
    ("Clinching in November", None),          # a subhead (CBS Sports), no signpost
    ("Trump's view of the deal is clear", None),
])
def test_named_labels(label: str, panel: str | None) -> None:
    assert panel_of_heading(label) == panel


def test_a_view_under_a_name_is_someones_view_not_a_fact() -> None:
    brief = make_brief(SEMAFOR)
    assert brief.lede[0].startswith("It’s Christmas Day")
    assert brief.what_people_are_saying[0].startswith("That background predisposes me")
    assert not any("predisposes" in p for p in brief.what_to_know)


def test_no_labelled_section_is_dropped() -> None:
    # The corpus story with one more Axios label, "Yes, but:", on its second paragraph:
    # Why it matters has two sections, and shows the first point of each.
    text = axios_songs().replace("As streaming platforms", "Yes, but: As streaming platforms")
    assert split_lead_in("Yes, but: As streaming platforms") is not None
    groups = find_sections(text).groups["why_it_matters"]
    assert len(groups) == 2
    why = make_brief(text).why_it_matters
    assert why[0].startswith("As streaming platforms")
    assert why[1].startswith("In 2000, the number of top 100 songs")


def test_a_section_ends_at_a_newsletter_heading_and_at_furniture() -> None:
    # The same story as a newsletter: a Playbook-style heading and a tip line follow the
    # last section, which must not swallow them.
    text = axios_songs().replace(
        "The bottom line:", "The bottom line:\n").rstrip() + (
        "\nBIDEN’S TUESDAY\nThe president will receive the daily briefing at 9:45 a.m."
        "\nSend tips to playbook@politico.com.")
    sections = find_sections(text)
    why = [s.text for s in sections.panels["why_it_matters"]]
    assert why == ["In 2000, the number of top 100 songs under 2:30 was 0. Today, slightly "
                   "over 6% of the top tracks are that short."]
    assert "Send tips" not in " ".join(p for p in make_brief(text).why_it_matters)


def test_markdown_bullets_stay_points() -> None:
    md = (b"# Songs are getting shorter\n\n"
          b"Forget the 7-minute masterpieces featuring multiple artists \xe2\x80\x94 the songs of "
          b"the future are shrinking.\n\n"
          b"**By the numbers:**\n\n"
          b"- Lamar's fifth song starts 19 minutes in on his first album\n"
          b"- On DAMN, the fifth song comes after only 12 minutes\n"
          b"- Aldean's average track is 18% shorter than five albums ago\n")
    _, text = read_text_document(md, markdown=True)
    brief = make_brief(text)
    assert brief.what_to_know == (
        "Lamar's fifth song starts 19 minutes in on his first album",
        "On DAMN, the fifth song comes after only 12 minutes",
        "Aldean's average track is 18% shorter than five albums ago")


def test_markdown_bullets_without_a_label_are_points_too() -> None:
    # The same story's facts as a plain Markdown list (no label above it).
    md = (b"# Songs are getting shorter\n\n"
          b"Forget the 7-minute masterpieces featuring multiple artists, the songs of the "
          b"future are shrinking.\n\n"
          b"Musicians are opting to record sub-3-minute tracks, according to Quartz.\n\n"
          b"* Lamar's fifth song starts 19 minutes in on his first album\n"
          b"* On DAMN, the fifth song comes after only 12 minutes\n")
    _, text = read_text_document(md, markdown=True)
    know = make_brief(text).what_to_know
    assert "Lamar's fifth song starts 19 minutes in on his first album" in know
    assert "On DAMN, the fifth song comes after only 12 minutes" in know


def test_a_newsletter_greeting_is_no_lede() -> None:
    # Politico Playbook opens with its greeting line before the news.
    text = ("Good Tuesday morning.\n\n" + axios_songs().split("\n", 1)[1])
    assert make_brief(text).lede[0].startswith("Forget the 7-minute masterpieces")
