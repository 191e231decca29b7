"""Article text -> Brief: the author's own sections where there are any, else extractive.

`make_brief` is the single entry point. Methods: "signposts" (every panel from the
author's sections), "mixed" (author's sections, missing panels filled extractively),
"extractive" (no signposts at all). Every brief carries `VERSION`.
"""

from __future__ import annotations

import re

from briefing.brief.cues import is_date_stamp, is_fragment, is_lead_in
from briefing.brief.extractive import (
    VERSION,
    extractive_brief,
    fill_panels,
    prose_sentences,
    to_brief,
    without_bullet,
)
from briefing.brief.sentences import Sentence, paragraphs
from briefing.brief.signposts import Sections, find_sections
from briefing.extract.cleanup import is_furniture_sentence, without_embedded_posts
from briefing.models import PANELS, Brief

__all__ = ["VERSION", "Brief", "make_brief", "signpost_brief"]

# How many points an author's panel keeps on screen; the full text has the rest.
_SECTION_LIMITS = {"why_it_matters": 2, "whats_next": 3, "what_people_are_saying": 3}


def _first_points(groups: list[list[Sentence]], k: int) -> list[Sentence]:
    """The author's first points of a panel: the first of each labelled section (none is
    silently dropped, so a panel may exceed k by its number of sections), then the
    sections' further points in order, up to k; shown in text order."""
    groups = [[without_bullet(s) for s in g
               if not (is_furniture_sentence(s.text) or is_fragment(s.text)
                       or is_lead_in(s.text))]
              for g in groups]
    groups = [g for g in groups if g]
    chosen = [g[0] for g in groups]
    for group in groups:
        for span in group[1:]:
            if len(chosen) >= k:
                break
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


def signpost_brief(sections: Sections, *, what_to_know: int = 5) -> Brief:
    """The brief in the author's own words; panels the author left out filled extractively."""
    chosen: dict[str, list[Sentence]] = {}
    for panel, groups in sections.groups.items():
        if points := _first_points(groups, _SECTION_LIMITS.get(panel, what_to_know)):
            chosen[panel] = points
    missing = [p for p in PANELS if p not in chosen]
    # The lede region and unlabelled body are the pool for the panels the author left out.
    pool = prose_sentences(sections.lede + sections.body)
    taken = [s for spans in chosen.values() for s in spans]
    filled = fill_panels(pool, missing, what_to_know=what_to_know, taken=taken)
    extra = any(spans for panel, spans in filled.items() if panel != "lede")
    chosen.update(filled)
    ordered = {p: chosen.get(p, []) for p in PANELS}
    return to_brief(ordered, "mixed" if extra else "signposts")


_WORD = re.compile(r"\w+")
_REPEATS_TITLE = 0.7  # share of an opening line's words that the headline holds
_RESTATES_TITLE = 0.9  # ...for an opening line that ends as a sentence does
def without_headline(text: str, title: str | None) -> str:
    """The text with an opening line that repeats the headline blanked out (same length,
    so every offset still points into the original text)."""
    if not title:
        return text
    lines = paragraphs(text)[:3]
    while len(lines) > 1 and is_date_stamp(lines[0].text):  # a date line above the headline
        lines.pop(0)
    first = lines[0] if lines else None
    if first is None or first.end >= len(text.rstrip()):
        return text
    words, heading = _WORD.findall(first.text.lower()), set(_WORD.findall(title.lower()))
    if not words or len(words) > 2 * len(heading) + 4:
        return text
    # A full sentence under the headline that says it again in other words is the lede
    # ("St. Louis Park appears to be the first U.S. city to have elected ..."): blanked
    # only when it holds little else.
    closed = first.text.rstrip().endswith(".")  # a headline may ask or exclaim
    if sum(w in heading for w in words) / len(words) < (
            _RESTATES_TITLE if closed else _REPEATS_TITLE):
        return text
    return text[: first.start] + " " * (first.end - first.start) + text[first.end :]


def make_brief(text: str, *, what_to_know: int = 5, title: str | None = None) -> Brief:
    """The brief of one article's clean text (paragraphs are lines). With the article's
    `title`, an opening line that repeats it is not taken for the lede; an embedded
    social post is never a point."""
    text = without_embedded_posts(without_headline(text or "", title))
    sections = find_sections(text)
    if sections.found:
        return signpost_brief(sections, what_to_know=what_to_know)
    return extractive_brief(text, what_to_know=what_to_know)
