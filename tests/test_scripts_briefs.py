"""Briefs of news written in scripts with their own sentence stops (Arabic, Persian,
Devanagari, Chinese): each point is one whole sentence that reads alone."""

from __future__ import annotations

import pytest
import regex

from briefing.brief import make_brief
from briefing.brief.sentences import ends_question, ends_sentence
from briefing.models import PANELS
from briefing.sources.seeds import read_seed
from tests.paths import DATA

# A stop of any script with more text after it: a point that holds two sentences.
_STOP_INSIDE = regex.compile(r"[\p{Sentence_Terminal}](?=\s*\S)")

LEDES = {
    "fa": "مسعود پزشکیان در دور دوم انتخابات ریاست‌جمهوری ایران پیروز شد.",
    "ar": "تأهل المنتخب المغربي إلى نصف نهائي كأس العالم بعد فوزه على البرتغال بهدف دون رد في الدوحة.",
    "hi": "भारत का चंद्रयान-3 चंद्रमा के दक्षिणी ध्रुव के पास सफलतापूर्वक उतर गया।",
    "zh": "嫦娥六号返回器于6月25日在内蒙古四子王旗预定区域着陆，带回了人类首份月球背面样品。",
}


@pytest.mark.parametrize("language", sorted(LEDES))
def test_points_are_single_sentences_that_read_alone(language: str) -> None:
    doc = read_seed(DATA / "scripts" / f"{language}.txt")
    brief = make_brief(doc.text, title=doc.title)
    assert brief.lede == (LEDES[language],)
    points = [p for name in PANELS for p in brief.panel(name)]
    assert len(points) >= 3
    for point in points:
        assert ends_sentence(point), point
        # "۴۹.۸" is a decimal: only a stop followed by more text is a second sentence.
        assert not [m for m in _STOP_INSIDE.finditer(point) if not point[m.end():m.end() + 1].isdigit()], point
        assert not ends_question(point), point  # a question alone tells nothing
