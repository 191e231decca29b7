"""Author-written signposts: every corpus style, restyled labels, and the mixed method."""

from __future__ import annotations

import json
from functools import cache

import pytest

from briefing.brief import make_brief
from briefing.brief.signposts import find_sections, normalize_label, panel_of_heading, split_lead_in
from briefing.models import PANELS
from tests.paths import CORPUS, SEED, corpus_file, corpus_params

SIGNPOSTS = ("signposts", "signposts.jsonl")


@cache
def stories() -> dict[str, dict]:
    path = corpus_file(*SIGNPOSTS)
    return {s["id"]: s for s in map(json.loads, path.open(encoding="utf-8"))}


def story_ids() -> list[str]:
    path = CORPUS.joinpath(*SIGNPOSTS)
    ids = sorted(json.loads(line)["id"] for line in path.open()) if path.exists() else []
    return corpus_params(ids, *SIGNPOSTS)


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def section_text(text: str, panel: str) -> list[str]:
    return [span.text for span in find_sections(text).panels.get(panel, [])]


@pytest.mark.parametrize("story_id", story_ids())
def test_corpus_labels_are_found_and_bylines_are_not(story_id: str) -> None:
    story = stories()[story_id]
    sections = find_sections(story["text"])
    assert sections.labels == [label.lower() for label in story["signposts"]]
    for span in sections.lede + sections.body + [s for v in sections.panels.values() for s in v]:
        assert story["text"][span.start : span.end] == span.text
        assert not span.text.startswith(("Illustration:", "Union Station"))


def test_inline_label_covers_its_paragraph_only() -> None:
    text = stories()["axios-future-2019-01-18-1"]["text"]
    assert section_text(text, "why_it_matters") == [
        "Schools are experimenting wildly with technology in order to secure students, deploying "
        "facial recognition, license plate readers, microphones for gunshot detection and even "
        "patrol robots."
    ]
    know = section_text(text, "what_to_know")
    assert len(know) == 1 and know[0].startswith("There are now more than 12,500 cameras")
    assert find_sections(text).body[0].text.startswith("At a news conference today")


def test_heading_label_runs_to_the_next_label() -> None:
    text = stories()["axios-future-2019-01-18-5"]["text"]
    know = section_text(text, "what_to_know")
    assert [p[:20] for p in know] == ["Take rapper Kendrick", "The same is true for"]
    assert section_text(text, "why_it_matters")[0].startswith("In 2000, the number")
    cbs = stories()["cbssports-euro2020-qualifying-2019-11"]["text"]
    know = section_text(cbs, "what_to_know")
    assert know[0] == "There's still a chance for these teams"
    assert know[-1] == "Wales (Group E): Second appearance"


def test_seed_sections() -> None:
    text = seed_text()
    sections = find_sections(text)
    assert sections.labels == ["why it matters", "what to know", "what people are saying",
                               "what happens next"]
    why = section_text(text, "why_it_matters")
    assert len(why) == 2  # the photo credit between them belongs to no section
    assert not any("Getty" in p for p in why)
    assert len(section_text(text, "what_to_know")) == 18
    assert section_text(text, "whats_next") == [
        "It remains to be seen how quickly the U.S. negotiating teams will be able to secure any "
        "further progress on a ceasefire deal."
    ]
    brief = make_brief(text)
    assert brief.method == "signposts"
    assert brief.lede[0].startswith("A face-to-face meeting")
    assert 3 <= len(brief.what_to_know) <= 5


@pytest.mark.parametrize(
    ("heading", "panel"),
    [
        ("WHY IT MATTERS:", "why_it_matters"),
        ("**Why it matters:**", "why_it_matters"),
        ("**Why it matters**", "why_it_matters"),
        ("## What's Next", "whats_next"),
        ("What’s next —", "whats_next"),
        ("What's next?", "whats_next"),
        ("### The Big Picture", "why_it_matters"),
        ("Here’s What To Know:", "what_to_know"),
        ("By the numbers:", "what_to_know"),
        ("What People Are Saying", "what_people_are_saying"),
        ("> Bottom line.", "why_it_matters"),
        ("What Happens Next", "whats_next"),
    ],
)
def test_heading_variants(heading: str, panel: str) -> None:
    assert panel_of_heading(heading) == panel
    text = f"The lede sentence is here.\n\n{heading}\n\nThe section's first paragraph.\n\nAnd more."
    assert section_text(text, panel) == ["The section's first paragraph.", "And more."]


@pytest.mark.parametrize(
    "line",
    [
        "Why it matters: The vote decides the budget.",
        "WHY IT MATTERS: The vote decides the budget.",
        "**Why it matters:** The vote decides the budget.",
        "**Why it matters**: The vote decides the budget.",
        "Why it matters — The vote decides the budget.",
        "Why it matters - The vote decides the budget.",
        "Why It Matters – The vote decides the budget.",
    ],
)
def test_inline_variants(line: str) -> None:
    found = split_lead_in(line)
    assert found is not None and found[0] == "why_it_matters"
    assert line[found[1] :] == "The vote decides the budget."


@pytest.mark.parametrize(
    "line",
    [
        "Kaveh writes: A rural brain drain has been pulling people away.",
        "Illustration: Sarah Grillo/Axios",
        "Path A: Iceland, Bulgaria",
        "Context matters: the minister said it twice.",
        "He said: the details are unclear.",
        "Why it matters",  # a heading, not a lead-in (no body)
    ],
)
def test_not_a_lead_in(line: str) -> None:
    assert split_lead_in(line) is None


def test_normalize_label() -> None:
    assert normalize_label("  **WHAT’S   NEXT** — ") == "what's next"
    assert normalize_label("## Why It Matters:") == "why it matters"


def test_mixed_fills_only_the_missing_panels() -> None:
    text = "\n\n".join([
        "The city council approved a $2 billion transit plan on Tuesday after a four-hour debate.",
        "Why it matters: Commuters have faced the region's longest travel times for a decade.",
        "The plan adds 40 miles of bus lanes and three light-rail lines, officials said.",
        "Construction costs rose 18% since the first draft in 2021, according to the city budget office.",
        "Council member Ana Ruiz said the vote was the most important of her career.",
        "The state transportation board is expected to vote on matching funds next month.",
    ])
    brief = make_brief(text)
    assert brief.method == "mixed"
    assert brief.why_it_matters == (
        "Commuters have faced the region's longest travel times for a decade.",)
    assert brief.lede[0].startswith("The city council approved")
    assert brief.whats_next == (
        "The state transportation board is expected to vote on matching funds next month.",)
    assert any("40 miles" in p for p in brief.what_to_know)
    shown = [p for name in PANELS for p in brief.panel(name)]
    assert len(shown) == len(set(shown))
    for name in PANELS:
        for point, (start, end) in zip(brief.panel(name), brief.offsets[name], strict=True):
            assert text[start:end] == point


def test_all_panels_signposted_is_not_mixed() -> None:
    text = ("A storm hit the coast on Monday.\n\nWhy it matters: Ports handle 40% of imports."
            "\n\nWhat to know: Two ports closed.\n\nWhat people are saying: \"We are ready,\" "
            "said port chief Ann Lee.\n\nWhat's next: Ports reopen on Friday.")
    brief = make_brief(text)
    assert brief.method == "signposts"
    assert brief.whats_next == ("Ports reopen on Friday.",)
