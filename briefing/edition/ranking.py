"""The daily edition: the day's stories ranked, then (for today) older unread ones.

Stories are ranked by coverage, the number of distinct sources that report them: many
articles from one feed (a live blog, a feed that repeats itself) are still one source.
Among stories with as many sources, the user's favourite sources and tags come first,
then the newest, then the one with more articles. The reader's list, `briefing stories`
and `briefing digest` all rank with `rank`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from briefing.store import Store
from briefing.store.stories import StoryRow, day_bounds


def rank_key(row: StoryRow, favourite: bool) -> tuple[int, bool, float, int, str]:
    """Sort key, smallest first: most sources, favourite, newest, most articles, then id
    (so the order never depends on the order rows were read in)."""
    return (-row.source_count, not favourite, -row.published.timestamp(),
            -row.article_count, row.id)


def rank(rows: Iterable[StoryRow], favourites: set[str]) -> list[StoryRow]:
    """The stories, the most widely reported first (`favourites`: ids of stories with
    an article from a favourite source or tag)."""
    return sorted(rows, key=lambda r: rank_key(r, r.id in favourites))


def ranked_between(store: Store, start: str, end: str,
                   favourites: Iterable[str]) -> list[StoryRow]:
    """Stories whose newest article falls in [start, end), ranked."""
    rows = store.stories.between(start, end)
    boosted = store.stories.favourites([r.id for r in rows], favourites)
    return rank(rows, boosted)


def edition(store: Store, day: date, favourites: Iterable[str]) -> list[StoryRow]:
    """The ranked stories of one day's edition (the reader's local day)."""
    start, end = day_bounds(day)
    return ranked_between(store, start, end, favourites)
