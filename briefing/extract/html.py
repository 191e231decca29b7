"""HTML page -> clean article text and metadata, with trafilatura."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from trafilatura import bare_extraction

from briefing.extract.cleanup import drop_non_prose
from briefing.extract.sanitize import clean_block, clean_inline
from briefing.sources.urls import is_http_url

MIN_TEXT_CHARS = 200
"""Less text than this is treated as a failed extraction (paywall, teaser, error page)."""


@dataclass(frozen=True)
class ExtractedPage:
    """What trafilatura found in a page, cleaned and safe to store."""

    title: str
    text: str
    author: str | None
    published: datetime | None
    site: str | None
    language: str | None
    canonical_url: str | None


def parse_date(value: str | None) -> datetime | None:
    """An ISO date or datetime as an aware UTC datetime, or None when unusable."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if not 1990 <= parsed.year <= 2100:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def extract_page(html: str | bytes, url: str | None = None) -> ExtractedPage | None:
    """The main text of a news page, or None when there is too little to be an article."""
    try:
        doc = bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            favor_precision=True,
            fast=True,
        )
    except Exception:  # trafilatura raises on some broken trees; one bad page is not fatal
        return None
    if doc is None or not doc.text:
        return None
    text = drop_non_prose(clean_block(doc.text))
    if len(text) < MIN_TEXT_CHARS:
        return None
    return ExtractedPage(
        title=clean_inline(doc.title) or "",
        text=text,
        author=clean_inline(doc.author) or None,
        published=parse_date(doc.date),
        site=clean_inline(doc.sitename) or None,
        language=clean_inline(getattr(doc, "language", None)) or None,
        # trafilatura reads the URL from rel=canonical / og:url when the page has one.
        canonical_url=doc.url if is_http_url(doc.url) else None,
    )

