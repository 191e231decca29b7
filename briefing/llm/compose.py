"""A language-model brief from checked points, over the extractive brief it replaces.

Panels whose points survived the check are the model's; a panel the check emptied keeps
the extractive points, and `Brief.methods` records which engine made each panel.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from briefing.llm.grounding import Checked
from briefing.llm.prompt import LLM_PANELS, NEXT_POINTS, WHY_POINTS, BriefPrompt
from briefing.models import PANELS, Brief, Citation


def grounded_brief(base: Brief, prompt: BriefPrompt, checked: list[Checked],
                   single: bool, *, what_to_know: int = 5) -> tuple[Brief, int]:
    """The checked points over `base`: a panel the check emptied keeps `base`'s points.

    Returns the brief and how many panels fell back. A panel the model left empty on
    purpose stays empty, except What to know, which every story has. Each panel keeps at
    most the points the prompt asked for, and a point made twice is shown once.
    """
    limits = {"why_it_matters": WHY_POINTS, "what_to_know": what_to_know,
              "whats_next": NEXT_POINTS}
    seen: set[str] = set()
    fields: dict[str, Any] = {p: base.panel(p) for p in PANELS}
    offsets = dict(base.offsets)
    sources = dict(base.sources)
    cites: dict[str, tuple[tuple[Citation, ...], ...]] = {}
    methods: dict[str, str] = {}
    fallbacks = 0
    for panel in LLM_PANELS:
        given = [c for c in checked if c.panel == panel]
        kept = []
        for c in given:
            key = " ".join(c.point.text.casefold().split())
            if c.kept and key not in seen and len(kept) < limits[panel]:
                seen.add(key)
                kept.append(c)
        if not kept and (given or panel == "what_to_know"):
            methods[panel] = base.methods.get(panel, base.method)
            fallbacks += bool(base.panel(panel))
            continue
        methods[panel] = "llm"
        fields[panel] = tuple(c.point.text for c in kept)
        cited = [tuple(prompt.sentences[n] for n in c.point.cites) for c in kept]
        cites[panel] = tuple(tuple(Citation(s.article_id, s.sentence.start, s.sentence.end,
                                            s.sentence.text) for s in point) for point in cited)
        offsets[panel] = tuple((p[0].sentence.start, p[0].sentence.end) for p in cited)
        sources[panel] = tuple(p[0].article_id for p in cited)
    if not any(c.kept for c in checked):  # the model added nothing that holds
        return base, fallbacks
    if single:
        sources = {}
    return replace(base, **fields, method="llm", offsets=offsets, sources=sources,
                   methods=methods, cites=cites), fallbacks


def story_brief(brief: Brief, article_id: str) -> Brief:
    """A story of one shows its article's brief, every point naming that article."""
    return replace(brief, sources={p: (article_id,) * len(brief.panel(p))
                                   for p in PANELS if brief.panel(p)})
