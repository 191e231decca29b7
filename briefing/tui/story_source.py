"""The story list's data: the day's edition, or a filtered list, paged from SQLite.

With a year of news in the database, the list must not build a widget, or even a row
object, per stored story. `StorySource` answers "how many" and "rows i..j": the edition's
ranked stories of the day are few and held in memory; everything after them (older
unread stories, or a whole filtered list) is read a page at a time and cached.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from briefing.clock import Clock
from briefing.edition.ranking import edition
from briefing.store import Store
from briefing.store.stories import StoryRow, day_bounds

PAGE_SIZE = 100
CACHED_PAGES = 8


@dataclass(frozen=True)
class StoryFilter:
    """What the list shows: the edition, unread stories, a source/#tag, or a search."""

    unread_only: bool = False
    query: str = ""
    feed: str | None = None
    """A source name or "#tag"; with `feed_id`, the name of that feed."""
    feed_id: int | None = None
    """Stories with an article from this feed (chosen on the feeds screen)."""

    @property
    def is_edition(self) -> bool:
        return not self.query and not self.feed and self.feed_id is None

    def describe(self) -> str:
        parts = []
        if self.query:
            parts.append(f"search “{self.query}”")
        if self.feed_id is not None:
            parts.append(f"feed {self.feed or self.feed_id}")
        elif self.feed:
            parts.append(f"source {self.feed}")
        if self.unread_only:
            parts.append("unread only")
        return ", ".join(parts)


class StorySource:
    """Counts and rows of the list for one filter and edition day, with a page cache."""

    def __init__(self, store: Store, story_filter: StoryFilter | None = None, *,
                 day: date | None = None, today: date | None = None,
                 clock: Clock | None = None,
                 favourites: Sequence[str] = (), keep: Sequence[str] = ()) -> None:
        self.store = store
        self.keep = tuple(keep)
        """Stories read while on screen: an unread-only list keeps them until it is left."""
        self.filter = story_filter or StoryFilter()
        self.clock = clock or store.clock
        self.today = today or self.clock().astimezone().date()
        self.day = day or self.today
        self.favourites = tuple(favourites)
        self._head: list[StoryRow] | None = None
        self.more_matches = False
        """A search lists its best matches only: more stories match."""
        self.match_count = ""
        """How many stories a search matched, "600" or a lower bound "600+"."""
        self._tail_count: int | None = None
        self._pages: OrderedDict[int, list[StoryRow]] = OrderedDict()

    def invalidate(self) -> None:
        """Forget cached rows and counts (after a refresh or a change of state)."""
        self._head = None
        self._tail_count = None
        self._pages.clear()

    # The list is a head held in memory (the ranked edition, or search results) followed
    # by a tail paged from SQLite (older unread stories, or a filtered list).

    def _load_head(self) -> list[StoryRow]:
        if self._head is None:
            if self.filter.query:
                found = self.store.stories.search(self.filter.query)
                rows, self.more_matches = found.rows, found.more
                self.match_count = f"{found.total}{'+' if found.at_least else ''}"
                if self.filter.feed or self.filter.feed_id is not None:
                    allowed = {r.id for r in self.store.stories.page(
                        limit=10_000, **self._where())}
                    rows = [r for r in rows if r.id in allowed]
            elif self.filter.is_edition:
                rows = edition(self.store, self.day, self.favourites)
            else:
                rows = []
            if self.filter.unread_only:
                rows = [r for r in rows if not r.read or r.id in self.keep]
            self._head = rows
        return self._head

    def _has_tail(self) -> bool:
        return not self.filter.query and (not self.filter.is_edition or self.day == self.today)

    def _tail(self, page_no: int) -> list[StoryRow]:
        """One page of the tail, read by key from a cached neighbour when there is one
        (j, k and page keys), from the end when nearer the end (G), else by offset."""
        start, count = page_no * PAGE_SIZE, self._count_tail()
        limit = min(PAGE_SIZE, count - start)
        previous, following = self._pages.get(page_no - 1), self._pages.get(page_no + 1)
        if previous:
            where: dict[str, object] = {"after": previous[-1]}
        elif following:
            where = {"before": following[0]}
        elif count - start - limit < start:
            where = {"from_end": True, "offset": count - start - limit}
        else:
            where = {"offset": start}
        if self.filter.is_edition:
            day_start, _ = day_bounds(self.day)
            return self.store.stories.before(day_start, unread_only=True, limit=limit,
                                             keep=self.keep, **where)
        return self.store.stories.page(limit=limit, unread_only=self.filter.unread_only,
                                       keep=self.keep, **where, **self._where())

    def _where(self) -> dict[str, object]:
        if self.filter.feed_id is not None:
            return {"feed_id": self.filter.feed_id}
        return {"source": self.filter.feed}

    def _count_tail(self) -> int:
        if self._tail_count is None:
            if not self._has_tail():
                self._tail_count = 0
            elif self.filter.is_edition:
                start, _ = day_bounds(self.day)
                self._tail_count = self.store.stories.count_before(start, unread_only=True,
                                                                   keep=self.keep)
            else:
                self._tail_count = self.store.stories.count(
                    unread_only=self.filter.unread_only, keep=self.keep, **self._where())
        return self._tail_count

    @property
    def edition_size(self) -> int:
        """How many rows belong to the day's edition (the rest are older or filtered)."""
        return len(self._load_head()) if self.filter.is_edition else 0

    @property
    def earlier_count(self) -> int:
        """Stories under the "Earlier, unread" divider (0 when it is not shown)."""
        return self._count_tail() if self.filter.is_edition else 0

    @property
    def divider(self) -> int | None:
        """The list position of the "Earlier, unread" divider row, if the list has one:
        the edition's stories come before it, older unread stories after."""
        if self.filter.is_edition and self._count_tail():
            return len(self._load_head())
        return None

    @property
    def story_count(self) -> int:
        """How many stories the list holds (its length without the divider row)."""
        return len(self._load_head()) + self._count_tail()

    def __len__(self) -> int:
        return len(self._load_head()) + self._count_tail() + (self.divider is not None)

    def _tail_index(self, index: int) -> int | None:
        """Where a list position falls in the tail (None: in the head, or the divider)."""
        head = len(self._load_head())
        if index < head:
            return None
        divider = self.divider
        if divider is not None:
            if index == divider:
                return None
            index -= 1
        return index - head

    def row(self, index: int) -> StoryRow | None:
        """The row at a list position, or None past the end or on the divider."""
        head = self._load_head()
        if index < 0:
            return None
        if index < len(head):
            return head[index]
        tail_index = self._tail_index(index)
        if tail_index is None or tail_index >= self._count_tail():
            return None
        page_no, offset = divmod(tail_index, PAGE_SIZE)
        page = self._pages.get(page_no)
        if page is None:
            page = self._pages[page_no] = self._tail(page_no)
            if len(self._pages) > CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        return page[offset] if offset < len(page) else None

    def replace(self, index: int, row: StoryRow) -> None:
        """Update one cached row in place (after starring or marking read)."""
        head = self._load_head()
        if index < len(head):
            head[index] = row
            return
        tail_index = self._tail_index(index)
        if tail_index is None:
            return
        page_no, offset = divmod(tail_index, PAGE_SIZE)
        page = self._pages.get(page_no)
        if page is not None and offset < len(page):
            page[offset] = row

    def first_unread(self) -> int:
        """The position of the first unread story of the edition (0 when none)."""
        head = self._load_head()
        for index, row in enumerate(head):
            if not row.read:
                return index
        if self._count_tail() and not self.filter.unread_only and not self.filter.is_edition:
            return 0
        if self._count_tail():
            return len(head) + (self.divider is not None)
        return 0
