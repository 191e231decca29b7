"""Article text -> Brief: the author's own sections where there are any, else extractive.

`make_brief` is the single entry point. Methods: "signposts" (every panel from the
author's sections), "mixed" (author's sections, missing panels filled extractively),
"extractive" (no signposts at all). Every brief carries `VERSION`.
"""

from __future__ import annotations

from briefing.brief.extractive import (
    VERSION,
    extractive_brief,
    fill_panels,
    prose_sentences,
    to_brief,
    without_bullet,
)
from briefing.brief.rank import top_sentences
from briefing.brief.sentences import Sentence, split_span
from briefing.brief.signposts import Sections, find_sections
from briefing.extract.cleanup import is_furniture_sentence
from briefing.models import PANELS, Brief

__all__ = ["VERSION", "Brief", "make_brief", "signpost_brief"]

# How many points an author's section keeps on screen; longer sections are condensed.
_SECTION_LIMITS = {"why_it_matters": 2, "whats_next": 3, "what_people_are_saying": 3}


def _condense(spans: list[Sentence], k: int) -> list[Sentence]:
    """A long section cut to its k key paragraphs or sentences, in text order."""
    if len(spans) <= k:
        return spans
    sentences = [s for p in spans for s in split_span(p)]
    keep = top_sentences([s.text for s in sentences], k)
    return [sentences[i] for i in keep]


def signpost_brief(sections: Sections, *, what_to_know: int = 5) -> Brief:
    """The brief in the author's own words; panels the author left out filled extractively."""
    chosen: dict[str, list[Sentence]] = {}
    for panel, spans in sections.panels.items():
        spans = [without_bullet(s) for s in spans if not is_furniture_sentence(s.text)]
        chosen[panel] = _condense(spans, _SECTION_LIMITS.get(panel, what_to_know))
    missing = [p for p in PANELS if p not in chosen]
    # The lede region and unlabelled body are the pool for the panels the author left out.
    pool = prose_sentences(sections.lede + sections.body)
    taken = [s for spans in chosen.values() for s in spans]
    filled = fill_panels(pool, missing, what_to_know=what_to_know, taken=taken)
    extra = any(spans for panel, spans in filled.items() if panel != "lede")
    chosen.update(filled)
    ordered = {p: chosen.get(p, []) for p in PANELS}
    return to_brief(ordered, "mixed" if extra else "signposts")


def make_brief(text: str, *, what_to_know: int = 5) -> Brief:
    """The brief of one article's clean text (paragraphs are lines)."""
    sections = find_sections(text or "")
    if sections.found:
        return signpost_brief(sections, what_to_know=what_to_know)
    return extractive_brief(text or "", what_to_know=what_to_know)
