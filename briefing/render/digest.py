"""`briefing digest`: ranked stories with their briefs, as Markdown, HTML or JSON.

Every string from outside is escaped for its format (Markdown punctuation, HTML
entities) and stripped of control characters; links are kept only when http(s). The
HTML is one self-contained file with inline CSS and no script, readable in a browser and
in a mail client.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from briefing.models import BRIEF_PANELS, Brief, feed_text_note, source_name
from briefing.render.headline import headline_and_lede, lede_below
from briefing.render.markdown import md_escape, md_points, md_url
from briefing.sanitize import clean_inline, strip_controls
from briefing.store.stories import StoryArticle, StoryRow
from briefing.urls import is_http_url

PANELS = tuple(panel for panel in BRIEF_PANELS if not panel.optional)
"""The panels a digest shows for each story (the optional ones stay in the reader)."""


@dataclass(frozen=True)
class DigestStory:
    """One story of the digest: its row, merged brief and member articles."""

    row: StoryRow
    brief: Brief | None
    articles: Sequence[StoryArticle]


def safe_url(url: str | None) -> str | None:
    """The URL if it is a plain http(s) address (`is_http_url`: no javascript: link, no
    hidden character or joiner, so the link opens what it shows), else None."""
    return url if url is not None and is_http_url(url) else None


def _source_names(story: DigestStory) -> dict[str, str]:
    return {a.id: source_name(a.source) for a in story.articles}


def _by_source(story: DigestStory) -> dict[str, list[StoryArticle]]:
    """The story's articles under the names they are credited to, each source in the
    order it first appears, its articles in the order they came."""
    grouped: dict[str, list[StoryArticle]] = {}
    for article in story.articles:
        grouped.setdefault(source_name(article.source), []).append(article)
    return grouped


def _counts(story: DigestStory) -> str:
    """What a story is made of, as the reader's headline says it: its sources (the
    feeds and sites it came from), and its articles when a source gave more than one:
    "2 sources", "1 source · 2 articles"."""
    sources = story.row.source_count
    articles = len(story.articles) or story.row.article_count
    said = f"{sources} source{'s' if sources != 1 else ''}"
    return said + (f" · {articles} articles" if articles > max(1, sources) else "")


def to_json(stories: Sequence[DigestStory], title: str) -> dict[str, Any]:
    return {
        "title": title,
        "stories": [{
            "id": s.row.id,
            "title": clean_inline(s.row.title),
            "published": s.row.published.isoformat(),
            "sources": s.row.source_count,
            "brief": _brief_json(s.brief),
            "articles": [{"id": a.id, "url": safe_url(a.url), "title": clean_inline(a.title),
                          "source": source_name(a.source) if a.source else None,
                          "note": _text_note(a)} for a in s.articles],
        } for s in stories],
    }


def _brief_json(brief: Brief | None) -> dict[str, Any]:
    if brief is None:
        return {}
    data = brief.to_dict()
    data.pop("offsets", None)
    for key, value in data.items():
        if isinstance(value, list):
            data[key] = [strip_controls(v) for v in value]
    return data


def _text_note(article: StoryArticle) -> str | None:
    """Where an article's text came from when not its page ("Text from the feed's summary:
    the page could not be read: the address no longer exists (HTTP 404)"), as `show` says."""
    note = feed_text_note(article.text_origin, article.page_error)
    return clean_inline(note[0].upper() + note[1:]) if note else None


def _text_notes(story: DigestStory) -> list[tuple[str, str]]:
    """(the article's title, its note) for each article made from its feed's summary
    for want of its page (not where the user turned full text off: then every one is)."""
    names = _source_names(story)
    return [(_title(a, names.get(a.id, "")), note) for a in story.articles
            if a.text_origin != "feed-full-text-off" and (note := _text_note(a))]


def _points(story: DigestStory, panel: str) -> list[tuple[str, str | None]]:
    """A panel's points with the name of the source each came from (for multi-source)."""
    if story.brief is None:
        return []
    names = _source_names(story)
    ids = story.brief.sources.get(panel, ())
    multi = story.row.source_count > 1
    return [(point, names.get(ids[i]) if multi and i < len(ids) else None)
            for i, point in enumerate(story.brief.panel(panel))]


def _headline(story: DigestStory) -> str:
    """The story's headline as every renderer shows it (see `headline_and_lede`)."""
    return headline_and_lede(story.row.title, story.brief.lede if story.brief else ())[0]


def _lede(story: DigestStory) -> str:
    """The story's lede under its headline ("" when none, or only the headline again)."""
    if story.brief is None:
        return ""
    return " ".join(lede_below(story.row.title, story.brief.lede))


def to_markdown(stories: Sequence[DigestStory], title: str) -> str:
    out = [f"# {md_escape(title)}", ""]
    for n, story in enumerate(stories, 1):
        out += [f"## {n}. {md_escape(clean_inline(_headline(story)))}", ""]
        out += [f"_{_counts(story)}_", ""]
        lede = _lede(story)
        if lede:
            out += [md_escape(lede), ""]
        for panel in PANELS:
            out += [f"**{panel.title}**", ""]
            points = _points(story, panel.id)
            if not points:
                out.append(f"_{panel.empty_text(lede_shown=bool(lede))}_")
            out += md_points(panel, [md_escape(point) + (f" ({md_escape(source)})" if source
                                                          else "") for point, source in points])
            out.append("")
        out += [*_md_sources(story), ""]
        if notes := _text_notes(story):
            out += [*(f"_{md_escape(title)}: {md_escape(note)}._" for title, note in notes), ""]
    return "\n".join(out)


def _md_link(text: str, url: str | None) -> str:
    return f"[{md_escape(text)}](<{md_url(url)}>)" if url else md_escape(text)


def _md_sources(story: DigestStory) -> list[str]:
    """The story's closing credits: its sources on one line, each linked to its article;
    when a source gave several articles, a list of the sources, each with every one of
    its articles by title and link."""
    grouped = _by_source(story)
    if all(len(articles) == 1 for articles in grouped.values()):
        return ["Sources: " + ", ".join(_md_link(name, safe_url(articles[0].url))
                                        for name, articles in grouped.items())]
    lines = ["Sources:", ""]
    for name, articles in grouped.items():
        titles = [(_title(article, name), safe_url(article.url)) for article in articles]
        named = "" if [name] == [title for title, _ in titles] else f"{md_escape(name)}: "
        lines.append("- " + named + " · ".join(_md_link(t, url) for t, url in titles))
    return lines


def _title(article: StoryArticle, name: str) -> str:
    """An article's title in the credits (its source's name when it has none)."""
    return clean_inline(article.title, limit=120) or name


_CSS = """
:root{color-scheme:light dark;--fg:#222;--bg:#fff;--muted:#666;--rule:#ddd;--accent:#8a4b00;
--link:#0645ad}
@media (prefers-color-scheme:dark){:root{--fg:#ddd;--bg:#161616;--muted:#999;--rule:#333;
--accent:#e0a060;--link:#8ab4f8}}
body{font-family:Georgia,serif;max-width:42em;margin:2em auto;padding:0 1em;color:var(--fg);
background:var(--bg);line-height:1.5}a{color:var(--link)}h1{font-size:1.6em}
h2{font-size:1.25em;margin-top:2em;border-top:1px solid var(--rule);padding-top:1em}
h2 a{color:inherit;text-decoration:none}h2 a:hover{text-decoration:underline}
.meta{color:var(--muted);font-size:.9em}h3{font-size:1em;margin:1em 0 .3em;
color:var(--accent)}ul{margin:.2em 0}.none{color:var(--muted);font-style:italic}
.src{color:var(--muted);font-size:.85em}nav ol{padding-left:1.4em}nav li{margin:.2em 0}
"""


def _headline_url(story: DigestStory) -> str | None:
    """Where a story's headline links: its lead article's page, else any member's."""
    by_id = {a.id: a for a in story.articles}
    lead = by_id.get(story.row.lead_article_id)
    for article in ([lead] if lead else []) + list(story.articles):
        url = safe_url(article.url)
        if url:
            return url
    return None


def to_html(stories: Sequence[DigestStory], title: str) -> str:
    e = html.escape
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             '<meta name="color-scheme" content="light dark">',
             f"<title>{e(title)}</title><style>{_CSS}</style></head><body>",
             f"<h1>{e(title)}</h1>"]
    if len(stories) > 1:  # a table of contents: the headlines, each a link to its story
        items = "".join(f'<li><a href="#s{n}">{e(clean_inline(_headline(story)))}</a></li>'
                        for n, story in enumerate(stories, 1))
        parts.append(f'<nav aria-label="Stories"><ol>{items}</ol></nav>')
    for n, story in enumerate(stories, 1):
        headline = e(clean_inline(_headline(story)))
        url = _headline_url(story)
        if url:
            headline = f'<a href="{e(url, quote=True)}">{headline}</a>'
        parts.append(f'<h2 id="s{n}">{n}. {headline}</h2>')
        when = story.row.published.astimezone()  # the reader's zone, as the title's day
        parts.append(f'<p class="meta">{when:%a %d %b %Y %H:%M %Z} · {_counts(story)}</p>')
        lede = _lede(story)
        if lede:
            parts.append(f"<p>{e(strip_controls(lede))}</p>")
        for panel in PANELS:
            parts.append(f"<h3>{e(panel.title)}</h3>")
            points = _points(story, panel.id)
            if not points:
                parts.append(f'<p class="none">{e(panel.empty_text(lede_shown=bool(lede)))}</p>')
                continue
            texts = [e(strip_controls(p)) + (f' <span class="src">({e(s)})</span>' if s else "")
                     for p, s in points]
            parts.append(f"<ul>{''.join(f'<li>{t}</li>' for t in texts)}</ul>"
                         if panel.listed(texts) else f"<p>{texts[0]}</p>")
        parts.append(_html_sources(story))
        parts += [f'<p class="src">{e(title)}: {e(note)}.</p>' for title, note
                  in _text_notes(story)]
    parts.append("</body></html>")
    return "\n".join(parts)


def _html_link(text: str, url: str | None) -> str:
    e = html.escape
    return f'<a href="{e(url, quote=True)}">{e(text)}</a>' if url else e(text)


def _html_sources(story: DigestStory) -> str:
    """`_md_sources` in HTML."""
    grouped = _by_source(story)
    if all(len(articles) == 1 for articles in grouped.values()):
        links = ", ".join(_html_link(name, safe_url(articles[0].url))
                          for name, articles in grouped.items())
        return f'<p class="meta">Sources: {links}</p>'
    items = []
    for name, articles in grouped.items():
        titles = [(_title(article, name), safe_url(article.url)) for article in articles]
        named = "" if [name] == [title for title, _ in titles] else f"{html.escape(name)}: "
        items.append(f"<li>{named}{' · '.join(_html_link(t, url) for t, url in titles)}</li>")
    return f'<p class="meta">Sources:</p><ul class="meta">{"".join(items)}</ul>'


def digest_title(start: datetime, end: datetime) -> str:
    """The digest's heading: the day it ends on for a day's news (a window of up to 24
    hours), else the days it spans, so a week's digest is not titled as one day."""
    if end - start <= timedelta(hours=24) or start.date() == end.date():
        return f"Briefing for {end:%A %d %B %Y}"
    first = f"{start:%A %d %B}" if start.year == end.year else f"{start:%A %d %B %Y}"
    return f"Briefing for {first} to {end:%A %d %B %Y}"
