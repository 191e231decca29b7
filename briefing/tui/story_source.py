"""The story list's data: pages of rows read from SQLite on demand, never all at once.

With a year of news in the database, the list must not build a widget, or even a row
object, per stored story. `StorySource` answers "how many" and "rows i..j" from the
store, caching a few pages, so scrolling touches only what is on screen.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from briefing.store import ArticleRow, Store

PAGE_SIZE = 100
CACHED_PAGES = 8


@dataclass(frozen=True)
class StoryFilter:
    """What the list shows: all stories, unread ones, a feed/tag, or search results."""

    unread_only: bool = False
    query: str = ""
    feed: str | None = None

    def describe(self) -> str:
        parts = []
        if self.query:
            parts.append(f"search “{self.query}”")
        if self.feed:
            parts.append(f"source {self.feed}")
        if self.unread_only:
            parts.append("unread only")
        return ", ".join(parts)


class StorySource:
    """Counts and pages of `ArticleRow`s for one filter, with a small page cache."""

    def __init__(self, store: Store, story_filter: StoryFilter | None = None) -> None:
        self.store = store
        self.filter = story_filter or StoryFilter()
        self._count: int | None = None
        self._pages: OrderedDict[int, list[ArticleRow]] = OrderedDict()
        self._search_rows: list[ArticleRow] | None = None

    def invalidate(self) -> None:
        """Forget cached counts and pages (after a refresh or a change of state)."""
        self._count = None
        self._pages.clear()
        self._search_rows = None

    def _search(self) -> list[ArticleRow]:
        if self._search_rows is None:
            rows = self.store.search(self.filter.query, limit=500)
            if self.filter.unread_only:
                rows = [r for r in rows if not r.read]
            if self.filter.feed:
                rows = [r for r in rows if r.source == self.filter.feed]
            self._search_rows = rows
        return self._search_rows

    def __len__(self) -> int:
        if self.filter.query:
            return len(self._search())
        if self._count is None:
            self._count = self.store.count(
                unread_only=self.filter.unread_only, source=self.filter.feed
            )
        return self._count

    def row(self, index: int) -> ArticleRow | None:
        """The row at a list position, or None past the end."""
        if index < 0:
            return None
        if self.filter.query:
            rows = self._search()
            return rows[index] if index < len(rows) else None
        page_no, offset = divmod(index, PAGE_SIZE)
        page = self._pages.get(page_no)
        if page is None:
            page = self.store.list_articles(
                limit=PAGE_SIZE, offset=page_no * PAGE_SIZE,
                unread_only=self.filter.unread_only, source=self.filter.feed,
            )
            self._pages[page_no] = page
            if len(self._pages) > CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        return page[offset] if offset < len(page) else None

    def replace(self, index: int, row: ArticleRow) -> None:
        """Update one cached row in place (after starring or marking read)."""
        if self.filter.query and self._search_rows is not None:
            if index < len(self._search_rows):
                self._search_rows[index] = row
            return
        page_no, offset = divmod(index, PAGE_SIZE)
        page = self._pages.get(page_no)
        if page is not None and offset < len(page):
            page[offset] = row

    def first_unread(self) -> int:
        """The list position of the newest unread story (0 when none)."""
        if self.filter.query:
            return next((i for i, r in enumerate(self._search()) if not r.read), 0)
        return self.store.position_of_first_unread(source=self.filter.feed) or 0
