"""Briefs as Markdown documents, and the escaping every Markdown renderer uses."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

from briefing.models import BRIEF_PANELS, Brief, Panel
from briefing.render.headline import headline_and_lede
from briefing.sanitize import clean_inline, strip_controls


def md_escape(text: str) -> str:
    """Text for a Markdown document: controls stripped, Markdown and HTML inert."""
    text = strip_controls(text)
    for char in "\\`*_{}[]<>#|":
        text = text.replace(char, "\\" + char)
    return text


def md_url(url: str) -> str:
    """A URL for a Markdown link's `<...>` destination: characters that could close it or
    start other Markdown (``<>()[]``, backslash, backtick, spaces, quotes) and anything
    outside ASCII are percent-encoded; what an address needs stays as it is."""
    return quote(strip_controls(url), safe=":/?#@!$&'*+,;=%~-._")


def brief_markdown(title: str, brief: Brief | None, *, parts: Sequence[str],
                   notes: Sequence[str] = ()) -> str:
    """A brief as a Markdown document; under the title what `briefing show` prints: the
    line from its `parts` (`render.text.source_parts`), then its `notes` in italics
    (`render.text.article_notes`)."""
    head, lede = headline_and_lede(title, brief.lede if brief else ())
    out = [f"# {md_escape(clean_inline(head))}", ""]
    meta = " · ".join(md_escape(clean_inline(x)) for x in parts if x)
    if meta:
        out += [meta, ""]
    out += [line for note in notes for line in (f"_{md_escape(clean_inline(note))}_", "")]
    if brief is None:
        return "\n".join(out)
    if lede:
        out += [md_escape(" ".join(lede)), ""]
    for panel in BRIEF_PANELS:
        points = brief.panel(panel.id)
        if panel.optional and not points:
            continue
        out += [f"## {panel.title}", ""]
        if not points:
            out.append(f"_{panel.empty_text(lede_shown=bool(lede))}_")
        out += md_points(panel, [md_escape(p) for p in points])
        out.append("")
    return "\n".join(out)


def md_points(panel: Panel, points: Sequence[str]) -> list[str]:
    """A panel's points (Markdown already) as lines: a list when `Panel.listed`, else
    its one point as a paragraph."""
    return [("- " if panel.listed(points) else "") + point for point in points]
