"""Dates written in a feed's own language ("Seg, 24 Set 2018 19:42:40 -0300"), which
feedparser's English-only RFC 822 parser leaves unread."""

from __future__ import annotations

from datetime import UTC, datetime

# Languages of the feeds briefing reads beyond English; a short list keeps dateparser's
# first call and each parse cheap (it otherwise tries every language it knows).
LANGUAGES = ("en", "pt", "es", "fr", "de", "it", "nl")
_SETTINGS = {
    # Absolute dates only: a relative one ("2 hours ago") would need the wall clock.
    "PARSERS": ["absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "TIMEZONE": "UTC",  # a date without a zone is UTC, as feedparser reads one
    "RETURN_AS_TIMEZONE_AWARE": True,
    "TO_TIMEZONE": "UTC",
}
_LONGEST = 80


def written_date(text: str) -> datetime | None:
    """The UTC time a date string names, in any of `LANGUAGES`; None when it names no full
    date (day, month and year)."""
    text = text.strip()
    if not text or len(text) > _LONGEST:
        return None
    import dateparser  # only for the dates feedparser could not read

    try:
        when = dateparser.parse(text, languages=list(LANGUAGES), settings=_SETTINGS)
    except (ValueError, OverflowError, TypeError):
        return None
    return when.astimezone(UTC) if when is not None else None
