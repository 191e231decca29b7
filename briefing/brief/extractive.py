"""The extractive briefer: the three panels from the text alone, offline.

Used for articles without author-written signposts, and to fill the panels a
signposted article leaves out.
"""

from __future__ import annotations

import re

from briefing.brief.rank import centrality, pick
from briefing.brief.sentences import Sentence, split_sentences
from briefing.models import Brief

VERSION = 1

_FORWARD = re.compile(
    r"\b(?:will|shall|is expected to|are expected to|plans? to|planning to|is set to|are set to|"
    r"is scheduled|are scheduled|next (?:week|month|year)|later this (?:week|month|year)|"
    r"remains? to be seen|is due to|are due to|deadline|upcoming|intends? to|aims? to)\b",
    re.IGNORECASE,
)


def brief_sentences(sentences: list[Sentence], *, what_to_know: int = 5) -> Brief:
    """Build every panel from a list of sentences."""
    if not sentences:
        return Brief(method="extractive", version=VERSION)
    texts = [s.text for s in sentences]
    scores, vectors = centrality(texts)
    lede = [0]
    used = set(lede)
    forward = [i for i in range(1, len(sentences)) if _FORWARD.search(texts[i])][-2:]
    used.update(forward)
    why = pick(scores, vectors, 1, exclude=used)
    used.update(why)
    know = pick(scores, vectors, what_to_know, exclude=used)
    panels = {"lede": lede, "why_it_matters": why, "what_to_know": know, "whats_next": forward}
    return Brief(
        **{name: tuple(texts[i] for i in idx) for name, idx in panels.items()},
        method="extractive",
        version=VERSION,
        offsets={name: tuple((sentences[i].start, sentences[i].end) for i in idx)
                 for name, idx in panels.items()},
    )


def extractive_brief(text: str, *, what_to_know: int = 5) -> Brief:
    """The brief of a text without signposts."""
    return brief_sentences(split_sentences(text), what_to_know=what_to_know)
