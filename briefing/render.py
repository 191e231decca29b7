"""Briefs as plain text, Markdown and JSON-ready dicts, for the CLI and exports.

Every string from outside passes through `strip_controls` on its way out, so nothing
stored can reach a terminal as an escape sequence, even from an old database.
"""

from __future__ import annotations

import textwrap
from datetime import datetime
from typing import Any
from urllib.parse import quote

from briefing.extract.sanitize import clean_inline, strip_controls
from briefing.models import PANEL_EMPTY, PANEL_TITLES, Brief, StoredArticle
from briefing.store import ArticleRow

TEXT_PANELS = ("why_it_matters", "what_to_know", "whats_next", "what_people_are_saying")


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def brief_dict(brief: Brief | None) -> dict[str, Any]:
    if brief is None:
        return {}
    data = brief.to_dict()
    for key, value in data.items():
        if isinstance(value, list) and key != "offsets":
            data[key] = [strip_controls(v) for v in value]
    return data


def row_dict(row: ArticleRow) -> dict[str, Any]:
    """The JSON shape of a list or search result."""
    return {
        "id": row.id,
        "title": clean_inline(row.title),
        "source": clean_inline(row.source) or None,
        "published": iso(row.published),
        "method": row.method,
    }


def article_dict(article: StoredArticle) -> dict[str, Any]:
    """The JSON shape of `briefing show --json`."""
    return {
        "id": article.id,
        "title": clean_inline(article.title),
        "url": clean_inline(article.url) or None,
        "source": clean_inline(article.source) or None,
        "published": iso(article.published),
        "text_origin": article.text_origin,
        "brief": brief_dict(article.brief),
        "text": strip_controls(article.text),
    }


def _wrap(text: str, width: int, bullet: str = "") -> str:
    indent = " " * len(bullet)
    return textwrap.fill(
        strip_controls(text), width=width, initial_indent=bullet, subsequent_indent=indent,
        break_long_words=True, break_on_hyphens=False,
    )


def brief_text(brief: Brief | None, *, width: int = 80) -> str:
    """A brief as plain text for the terminal: the lede, then each titled panel."""
    if brief is None or brief.is_empty:
        return "(no brief)"
    parts = ["\n".join(_wrap(p, width) for p in brief.lede)] if brief.lede else []
    for panel in TEXT_PANELS:
        points = brief.panel(panel)
        if panel == "what_people_are_saying" and not points:
            continue
        lines = [PANEL_TITLES[panel].upper()]
        if not points:
            lines.append("  " + PANEL_EMPTY[panel])
        for point in points:
            bullet = "  • " if panel == "what_to_know" else "  "
            lines.append(_wrap(point, width, bullet))
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def article_text(article: StoredArticle, *, width: int = 80) -> str:
    """`briefing show`: headline, source line, brief."""
    meta = " · ".join(
        x for x in (
            clean_inline(article.source),
            article.published.strftime("%Y-%m-%d %H:%M UTC") if article.published else "",
            clean_inline(article.url),
        ) if x
    )
    head = _wrap(clean_inline(article.title), width)
    if article.text_origin == "feed":
        meta += " · text from the feed's summary"
    if article.brief is not None and article.brief.method == "llm":
        meta += " · brief by a language model, each point checked against its sentences"
        kept = [PANEL_TITLES[p] for p, m in article.brief.methods.items() if m != "llm"]
        if kept:
            meta += f" ({', '.join(kept)}: the article's own, the model's did not hold)"
    return f"{head}\n{meta}\n\n{brief_text(article.brief, width=width)}"


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


def brief_markdown(title: str, brief: Brief | None, *, url: str | None = None,
                   source: str | None = None) -> str:
    """A brief as a Markdown document."""
    out = [f"# {md_escape(clean_inline(title))}", ""]
    meta = " · ".join(md_escape(clean_inline(x)) for x in (source, url) if x)
    if meta:
        out += [meta, ""]
    if brief is None:
        return "\n".join(out)
    out += [md_escape(p) for p in brief.lede] + [""]
    for panel in TEXT_PANELS:
        points = brief.panel(panel)
        if panel == "what_people_are_saying" and not points:
            continue
        out += [f"## {PANEL_TITLES[panel]}", ""]
        if not points:
            out.append(f"_{PANEL_EMPTY[panel]}_")
        prefix = "- " if panel == "what_to_know" else ""
        out += [prefix + md_escape(p) for p in points]
        out.append("")
    return "\n".join(out)


def row_line(row: ArticleRow, *, width: int = 100) -> str:
    """One line of `briefing list`."""
    when = row.when.strftime("%Y-%m-%d")
    mark = " " if row.read else "•"
    source = clean_inline(row.source or "", limit=18)
    head = f"{row.id}  {when}  {mark} {source:<18}  "
    return head + clean_inline(row.title, limit=max(20, width - len(head)))
