"""Article text -> Brief: the author's own sections where there are any, else extractive."""

from __future__ import annotations

from briefing.brief.extractive import extractive_brief
from briefing.brief.rank import top_sentences
from briefing.brief.sentences import Sentence, split_sentences
from briefing.brief.signposts import Sections, find_sections
from briefing.models import Brief

SIGNPOST_VERSION = 1
LEDE_PARAGRAPHS = 1


def _condense(paragraphs: list[Sentence], k: int) -> list[Sentence]:
    """A long section cut to its k key sentences, in text order."""
    if len(paragraphs) <= k:
        return paragraphs
    sentences = [s for p in paragraphs for s in split_sentences_at(p)]
    keep = top_sentences([s.text for s in sentences], k)
    return [sentences[i] for i in keep]


def split_sentences_at(span: Sentence) -> list[Sentence]:
    """The sentences of one paragraph span, with offsets into the original text."""
    return [Sentence(s.text, span.start + s.start, span.start + s.end) for s in split_sentences(span.text)]


def signpost_brief(sections: Sections, *, what_to_know: int = 5) -> Brief:
    """The brief in the author's own words."""
    chosen: dict[str, list[Sentence]] = {"lede": sections.lede[:LEDE_PARAGRAPHS]}
    for panel, spans in sections.panels.items():
        chosen[panel] = _condense(spans, what_to_know) if panel == "what_to_know" else spans
    return Brief(
        **{panel: tuple(s.text for s in spans) for panel, spans in chosen.items()},
        method="signposts",
        version=SIGNPOST_VERSION,
        offsets={panel: tuple((s.start, s.end) for s in spans) for panel, spans in chosen.items()},
    )


def make_brief(text: str, *, what_to_know: int = 5) -> Brief:
    """The brief of one article's clean text."""
    sections = find_sections(text)
    if sections.found:
        return signpost_brief(sections, what_to_know=what_to_know)
    return extractive_brief(text, what_to_know=what_to_know)
