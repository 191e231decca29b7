"""The daily edition: the day's stories ranked, then (for today) older unread ones.

A story's score is coverage first (distinct sources, then extra articles), a boost for
the user's favourite sources and tags, and recency (halving every 12 hours):

    score = 2 * sources + 0.5 * (articles - sources) + 3 * favourite + 2 * 0.5 ** (hours / 12)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from briefing.store import Store
from briefing.store.stories import StoryRow, day_bounds

SOURCE_WEIGHT = 2.0
EXTRA_ARTICLE_WEIGHT = 0.5
FAVOURITE_BOOST = 3.0
RECENCY_WEIGHT = 2.0
HALF_LIFE_HOURS = 12.0


def score(row: StoryRow, now: datetime, favourite: bool) -> float:
    hours = max(0.0, (now - row.published).total_seconds() / 3600)
    return (SOURCE_WEIGHT * row.source_count
            + EXTRA_ARTICLE_WEIGHT * (row.article_count - row.source_count)
            + (FAVOURITE_BOOST if favourite else 0.0)
            + RECENCY_WEIGHT * 0.5 ** (hours / HALF_LIFE_HOURS))


def rank(rows: Iterable[StoryRow], now: datetime, favourites: set[str]) -> list[StoryRow]:
    """The day's stories, the biggest first."""
    return sorted(rows, key=lambda r: (-score(r, now, r.id in favourites), r.id))


def ranked_between(store: Store, start: str, end: str, now: datetime,
                   favourites: Iterable[str]) -> list[StoryRow]:
    """Stories whose newest article falls in [start, end), ranked."""
    rows = store.stories_between(start, end)
    boosted = store.favourite_stories([r.id for r in rows], favourites)
    return rank(rows, now, boosted)


def edition(store: Store, day: date, now: datetime, favourites: Iterable[str]) -> list[StoryRow]:
    """The ranked stories of one day's edition (the reader's local day)."""
    start, end = day_bounds(day)
    return ranked_between(store, start, end, now, favourites)
