"""Briefs, articles and rows as JSON-ready dicts (`--json` of show, list, search).

Every string from outside passes through `strip_controls` or `clean_inline`: `jq -r`
prints them raw.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from briefing.models import Brief, StoredArticle
from briefing.sanitize import clean_inline, strip_controls
from briefing.store import ArticleRow


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


def article_dict(article: StoredArticle, file: str | None = None) -> dict[str, Any]:
    """The JSON shape of `briefing show --json` (`file`: a seed's file, as `show` prints
    it; None for an article from the web; `page_error`: why its page could not be read,
    for one whose text is its feed's for that reason)."""
    return {
        "id": article.id,
        "title": clean_inline(article.title),
        "url": clean_inline(article.url) or None,
        "file": clean_inline(file) or None,
        "source": clean_inline(article.source) or None,
        "published": iso(article.published),
        "text_origin": article.text_origin,
        "page_error": clean_inline(article.page_error) or None,
        "brief": brief_dict(article.brief),
        "text": strip_controls(article.text),
    }
