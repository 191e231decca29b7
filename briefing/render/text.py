"""Briefs and article rows as plain text for the terminal (`briefing show`, `list`).

Every string from outside passes through `strip_controls` on its way out, so nothing
stored can reach a terminal as an escape sequence, even from an old database.
"""

from __future__ import annotations

import textwrap
import unicodedata
from datetime import datetime

from briefing.models import (
    BRIEF_PANELS,
    PANEL_TITLES,
    Brief,
    StoredArticle,
    feed_text_note,
    source_name,
)
from briefing.render.headline import headline_and_lede, lede_below
from briefing.sanitize import clean_inline, strip_controls
from briefing.store import ArticleRow


def _wrap(text: str, width: int, bullet: str = "") -> str:
    indent = " " * len(bullet)
    return textwrap.fill(
        strip_controls(text), width=width, initial_indent=bullet, subsequent_indent=indent,
        break_long_words=True, break_on_hyphens=False,
    )


def headline(title: str, brief: Brief | None, *, width: int | None = None) -> str:
    """The headline to print over `brief` (see `render.headline.headline_and_lede`), on
    one line, or wrapped at `width`."""
    head = clean_inline(headline_and_lede(title, brief.lede if brief else ())[0])
    return _wrap(head, width) if width else head


def brief_text(brief: Brief | None, *, width: int = 80, title: str = "") -> str:
    """A brief as plain text for the terminal: the lede as one paragraph, then each
    titled panel, its points a bulleted list when `Panel.listed`; under the headline
    `title`, a lede that only repeats it is left out."""
    if brief is None or brief.is_empty:
        return "(no brief)"
    lede = lede_below(title, brief.lede)
    parts = [_wrap(" ".join(lede), width)] if lede else []
    for panel in BRIEF_PANELS:
        points = brief.panel(panel.id)
        if panel.optional and not points:
            continue
        lines = [panel.title.upper()]
        if not points:
            lines.append("  " + panel.empty_text(lede_shown=bool(lede)))
        bullet = "  • " if panel.listed(points) else "  "
        lines += [_wrap(point, width, bullet) for point in points]
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def stamp(when: datetime) -> str:
    """A date and time as `show` prints it: local, with the zone's name."""
    return when.astimezone().strftime("%Y-%m-%d %H:%M %Z")


def source_parts(article: StoredArticle, file: str | None = None) -> list[str]:
    """The line under an article's title (`show`, `show --markdown`), in parts: source,
    date, URL; a seed adds its `file` (as the caller names it) and, when it gives no
    date of its own, when its text was read."""
    if file and article.published is None:
        file += f", read {stamp(article.updated or article.first_seen)}"
    return [x for x in (source_name(article.source),
                        stamp(article.published) if article.published else "",
                        clean_inline(article.url),
                        f"file {clean_inline(file)}" if file else "") if x]


def article_notes(article: StoredArticle) -> list[str]:
    """What `show` says under the source line, a sentence each: where the text came
    from when not its page (and why), and a language model's part in the brief."""
    notes = []
    if note := feed_text_note(article.text_origin, article.page_error):
        notes.append(note[0].upper() + note[1:] + ".")
    if article.brief is not None and article.brief.method == "llm":
        note = "Brief by a language model, each point checked against its sentences"
        kept = [PANEL_TITLES[p] for p, m in article.brief.methods.items() if m != "llm"]
        if kept:
            note += f" ({', '.join(kept)}: the article's own, the model's did not hold)"
        notes.append(note + ".")
    return notes


def article_text(article: StoredArticle, *, width: int = 80, file: str | None = None) -> str:
    """`briefing show`: headline, source line (see `source_parts`), `article_notes`
    wrapped, then the brief."""
    lines = [headline(article.title, article.brief, width=width),
             " · ".join(source_parts(article, file)),
             *(_wrap(note, width) for note in article_notes(article))]
    return "\n".join(lines) + f"\n\n{brief_text(article.brief, width=width, title=article.title)}"


def cells(text: str) -> int:
    """Terminal columns `text` takes: East Asian wide letters and emoji take two, marks
    that sit on a letter (Thai and Devanagari vowel signs, accents) and format
    characters none."""
    return sum(0 if unicodedata.category(c) in ("Mn", "Me", "Cf") else
               2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def cut(text: str, width: int) -> str:
    """`text` in at most `width` columns, with "…" when cut."""
    if cells(text) <= width:
        return text
    while text and cells(text) > width - 1:
        text = text[:-1]
    return text + "…"


def fit(text: str, width: int) -> str:
    """`text` cut to at most `width` columns and padded to exactly `width`."""
    text = cut(text, width)
    return text + " " * (width - cells(text))


def row_line(row: ArticleRow, *, width: int = 100) -> str:
    """One line of `briefing list`: columns line up whatever the source's script."""
    when = row.when.astimezone().strftime("%Y-%m-%d")  # the local day, as editions
    mark = " " if row.read else "•"
    source = fit(source_name(row.source), 18)
    head = f"{row.id}  {when}  {mark} {source}  "
    return head + cut(clean_inline(row.title), max(20, width - cells(head)))
