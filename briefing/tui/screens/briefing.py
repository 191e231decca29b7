"""BriefingScreen: the day's edition beside the selected story's brief."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import date, datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input

from briefing.models import StoredArticle, source_name
from briefing.sanitize import clean_inline
from briefing.store import Store
from briefing.store.stories import StoryMember, StoryRow, day_bounds
from briefing.tui.saving import Change, is_busy
from briefing.tui.story_source import StoryFilter, StorySource
from briefing.tui.widgets.brief_view import BriefView
from briefing.tui.widgets.key_bar import KeyBar
from briefing.tui.widgets.search_box import SearchBox
from briefing.tui.widgets.status_line import StatusLine
from briefing.tui.widgets.story_list import StoryList
from briefing.tui.widgets.title_bar import TitleBar

SEARCH_DELAY = 0.15
READ_HERE_KEPT = 500
"""At most this many stories read in a list stay in it (the latest read)."""


def quoted(title: str) -> str:
    """A story's title for a line of text: one safe line, short, in quotes."""
    return f"“{clean_inline(title, limit=60)}”"


def reading_order(members: Sequence[StoryMember], lead_id: str) -> list[StoryMember]:
    """A story's articles in the order n / p and the full text step through them: the
    lead (whose headline and lede the story shows) first, then one article from each
    other source, then the rest, each group in the story's own order."""
    lead = [m for m in members if m.id == lead_id]
    seen = {m.source for m in lead}
    first, rest = [], []
    for member in members:
        if member.id == lead_id:
            continue
        (rest if member.source in seen else first).append(member)
        seen.add(member.source)
    return [*lead, *first, *rest]


class BriefingScreen(Screen[None]):
    """The day's stories, biggest first, and for the selected one its three-panel brief."""

    BINDINGS = [
        Binding("enter,space", "read", "Full text", id="read", tooltip="Read the full text"),
        Binding("tab", "cycle_panels", "Panels", id="cycle-panels",
                tooltip="Move between the list and the panels", priority=True),
        Binding("slash", "search", "Search", id="search", tooltip="Search all stories"),
        Binding("n", "next_source", "Next article", id="next-source",
                tooltip="Step through the story's articles", show=False),
        Binding("p", "previous_source", "Previous article", id="previous-source",
                tooltip="Step back through the story's articles", show=False),
        Binding("left_square_bracket", "previous_day", "Previous day", id="previous-edition",
                tooltip="The previous day's edition", show=False),
        Binding("right_square_bracket", "next_day", "Next day", id="next-edition",
                tooltip="The next day's edition", show=False),
        Binding("o", "app.open_original", "Open", id="open-original",
                tooltip="Open the original page in the browser", show=False),
        Binding("s", "star", "Star", id="star", tooltip="Star or unstar the story", show=False),
        Binding("m", "toggle_read", "Read/unread", id="toggle-read",
                tooltip="Mark the story read or unread", show=False),
        Binding("u", "unread_only", "Unread only", id="unread-only",
                tooltip="Show only unread stories, or all", show=False),
        Binding("f", "filter_source", "Filter", id="filter-source",
                tooltip="Show one source or tag", show=False),
        Binding("F", "app.feeds", "Feeds", id="feeds",
                tooltip="Feeds: unread, last success, last error and what to do"),
        Binding("escape", "clear_filters", "Clear filters", id="clear-filters",
                tooltip="Clear the search, source, feed and unread-only filters", show=False),
    ]

    def __init__(self, store: Store, clock: Callable[[], datetime], read_after: float,
                 empty_hint: str, *, save: Callable[[Change], None],
                 day: date | None = None, favourites: Sequence[str] = ()) -> None:
        super().__init__()
        self.store = store
        self.save = save
        """Saves a change (read, starred) off the UI thread (`tui.saving.Saver.save`)."""
        self.clock = clock
        self.read_after = read_after
        self.empty_hint = empty_hint
        self.favourites = tuple(favourites)
        self.today = clock().astimezone().date()
        self.day = day or self.today
        self.story_filter = StoryFilter()
        self.members: list[StoryMember] = []
        self._write_refused = False
        """A write already failed and said so: later ones fail quietly."""
        self.member_index: int | None = None
        """Which source of the story is shown; None: the story's merged brief."""
        self._read_timer: Timer | None = None
        self._search_timer: Timer | None = None
        self._shown: StoryRow | None = None
        self._read_here: list[str] = []
        """Stories read in this list (unread only, "Earlier, unread"): they stay in it, read,
        when it is read again, until the reader changes the filter or the day."""
        self._not_chosen: str | None = None
        """The story that took the place of one that left the list when it was read
        again: shown, but not marked read until the reader moves to it."""
        self._kept_unread: str | None = None
        """The story the reader marked unread with `m`: it stays unread, however long it is
        on screen, until the reader moves to another story (or opens its full text)."""
        self._story_id: str | None = None
        """The story on screen; unlike `_shown`, kept over a list reload."""
        self._drawn: tuple[object, ...] | None = None
        """What the brief view shows of the story (article, source names, counts)."""
        self._fetching: int | None = None
        """How many feeds a refresh in progress is fetching (None: no refresh)."""
        self._failed = 0
        self._read = 0
        """How many feeds the last refresh could not read."""

    def _source(self) -> StorySource:
        return StorySource(self.store, self.story_filter, day=self.day, today=self.today,
                           clock=self.clock, favourites=self.favourites,
                           keep=self._read_here[-READ_HERE_KEPT:])

    def compose(self) -> ComposeResult:
        # Few widgets, each drawing itself, and no containers: the first frame and every
        # keypress lay out and paint less. Split off in this order: title (top), keys and
        # status (bottom), the list (left); the brief takes the rest. The search box is
        # mounted on first use, above the status.
        yield TitleBar(id="title")
        yield KeyBar(id="keys")
        yield StatusLine(id="status")
        yield StoryList(self._source(), self.clock, id="stories")
        yield BriefView(self.clock, id="brief")

    def on_mount(self) -> None:
        stories = self.query_one(StoryList)
        stories.reload(stories.source, cursor=stories.source.first_unread())  # counted once
        stories.focus()
        # The brief follows the cursor in the same frame: a watcher runs at once, where a
        # message would arrive after the list had been painted on its own.
        self.watch(stories, "cursor", self._cursor_moved, init=False)
        self.show_story(stories.current, stories.cursor)
        self.update_counts()

    # --- header, status, reloading -------------------------------------------------

    def update_counts(self) -> None:
        source = self.query_one(StoryList).source
        edition = "Today" if self.day == self.today else f"{self.day:%A %d %B %Y}"
        if self.day == self.today:
            edition += f", {self.day:%A %d %B %Y}"
        described = self.story_filter.describe()
        if self.story_filter.is_edition:  # the day's stories, then earlier unread ones
            size = source.edition_size
            # Unread only says so in the count: the title stays short enough for 80 columns.
            unread = "unread " if self.story_filter.unread_only else ""
            shown = f"{size} {unread}{'story' if size == 1 else 'stories'}"
            if source.earlier_count:  # the rows under the list's "Earlier, unread" divider
                shown += f" · {source.earlier_count} earlier unread"
        else:  # the title says what the list holds
            size = source.story_count
            counted = f"{size} {'story' if size == 1 else 'stories'}"
            if source.more_matches:  # a search lists its best matches only
                counted = f"{size} of {source.match_count} stories — add words to narrow"
            shown = f"{counted} · showing {described}"
        if not self.story_filter.is_edition:  # a search or a feed spans every day
            self.app.sub_title = shown
        else:
            self.app.sub_title = f"{edition} · {shown}"
        self.query_one(TitleBar).show(self.app.sub_title)

    def show_status(self, text: str | None, *, keep: bool = True) -> None:
        """A line above the keys for work in progress or its outcome; None hides it.
        Unless `keep`, the line goes after a few seconds."""
        self.query_one(StatusLine).say(text, keep=keep)

    def set_fetching(self, feeds: int | None, *, failed: int = 0, read: int = 0) -> None:
        """A refresh of `feeds` feeds started (None: it ended, `failed` feeds failed and
        `read` were read); an empty list says so rather than suggesting feeds be added."""
        self._fetching = feeds
        self._failed = failed
        self._read = read
        if self.is_mounted and self.query_one(StoryList).current is None:
            self._drawn = None
            self.query_one(BriefView).show(None, empty_message=self._empty_message())

    def reload_stories(self) -> None:
        """Re-read the list after a refresh, keeping the selected story selected."""
        stories = self.query_one(StoryList)
        current = stories.current
        self._shown = None  # its brief may have changed: show it again
        stories.reload(self._source())
        if current is not None:
            if (index := self._position_of(current.id)) is not None:
                stories.cursor = index
            else:
                # Not among the first rows: if another story is under the cursor now, the
                # chosen one left the list (read, under "Earlier, unread" or unread only),
                # and the one that took its place is shown, not chosen.
                now = stories.current
                if now is not None and now.id != current.id:
                    self._not_chosen = now.id
        self.update_counts()

    def _position_of(self, story_id: str) -> int | None:
        """Where the story is among the list's first rows (None: not there)."""
        source = self.query_one(StoryList).source
        for index in range(min(len(source), 500)):
            row = source.row(index)
            if row is not None and row.id == story_id:
                return index
        return None

    # --- the selected story --------------------------------------------------------

    def _cursor_moved(self, index: int) -> None:
        self._not_chosen = None  # the reader moved: the story under the cursor is chosen
        stories = self.query_one(StoryList)
        row = stories.source.row(index)
        if row is None and index > 0:
            # The list's counts are from when it was read: stories read or pruned since
            # (by another process) leave it longer than its rows. Read it again.
            stories.reload(cursor=index)
            return
        self.show_story(row, index)

    @on(StoryList.Reloaded)
    def list_reloaded(self) -> None:
        stories = self.query_one(StoryList)
        self.show_story(stories.current, stories.cursor)

    def show_story(self, row: StoryRow | None, index: int, *, again: bool = False) -> None:
        """Show a story's brief, unless it is on screen already (`again` shows it anyway)."""
        if row is not None and row == self._shown and self.member_index is None and not again:
            return
        self._stop_read_timer()
        if row is None or row.id != self._kept_unread:
            self._kept_unread = None  # another story: the mark has done its job
        if (row is not None and self.member_index is not None and not again
                and row.id == self._story_id and self._keep_article(row)):
            # The list was read again (a save, another program's refresh) while one of the
            # story's articles was stepped to: that article stays on screen.
            self._shown = row
            self._start_read_timer(index, row)
            return
        view = self.query_one(BriefView)
        self.member_index = None
        self._shown = row
        self._story_id = None if row is None else row.id
        if row is None:
            self.members = []
            self._drawn = None
            view.show(None, empty_message=self._empty_message())
            return
        self.members = reading_order(self.store.stories.sources(row.id), row.lead_article_id)
        lead = self.store.articles.get(row.lead_article_id)
        if lead is None:
            self._drawn = None
            view.show(None, empty_message=Text("This story is no longer stored."))
            return
        article = replace(lead, brief=self.store.stories.brief(row.id) or lead.brief)
        names = {m.id: source_name(m.source) for m in self.members}
        # Its read and starred flags are not drawn (the list shows them).
        drawn = (replace(article, read=False, starred=False), names, row.source_count,
                 row.article_count)
        if drawn != self._drawn or again:  # else, as after a list reload, the brief stays
            self._drawn = drawn                 # where the reader has scrolled it
            view.show(article, names=names, source_count=row.source_count,
                      article_count=row.article_count, when=row.published)
        self._start_read_timer(index, row)

    def _start_read_timer(self, index: int, row: StoryRow) -> None:
        """Mark the story read once it has been on screen for `read_after` seconds, unless it
        is read, not chosen (it took the place of one that left the list) or kept unread."""
        if not row.read and row.id not in (self._not_chosen, self._kept_unread):
            self._read_timer = self.set_timer(
                self.read_after, lambda: self._mark_read(index, row))

    def _stop_read_timer(self) -> None:
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None

    def _keep_article(self, row: StoryRow) -> bool:
        """Whether the article stepped to is still one of the story's (then the story's
        articles, as stored now, are taken in and it stays the one shown, its "Article N
        of M" saying where it now falls among them)."""
        assert self.member_index is not None
        stepped = self.members[self.member_index].id
        members = reading_order(self.store.stories.sources(row.id), row.lead_article_id)
        ids = [m.id for m in members]
        if stepped not in ids:
            return False
        step = (ids.index(stepped) + 1, len(ids))
        changed = step != (self.member_index + 1, len(self.members))
        self.members = members
        self.member_index = step[0] - 1
        view = self.query_one(BriefView)
        if changed and view.article is not None:  # redrawn where the reader has scrolled it
            y = view.scroll_y
            view.show(view.article, step=step)
            view.scroll_to(y=y, animate=False, immediate=True)
        return True

    def _empty_message(self) -> Text:
        if self.story_filter != StoryFilter():
            return Text(f"No stories match ({self.story_filter.describe()}).", style="italic")
        later = self.app.key_name("next-edition", "]")
        earlier_key = self.app.key_name("previous-edition", "[")
        if self.day > self.today:
            return Text(f"No stories on {self.day:%A %d %B %Y}: that is after today. "
                        f"Press {later} for today's edition or {earlier_key} for the latest "
                        "before it.", style="italic")
        if self.day != self.today:
            return Text(f"No stories on {self.day:%A %d %B %Y}. Press {later} for the next "
                        f"day with stories, {earlier_key} for the one before.", style="italic")
        # Today's edition is empty; older stories, all read, are a [ away.
        earlier = self.store.stories.latest_before(day_bounds(self.today)[0])
        empty = "Nothing new today.\n\n" if earlier is not None else "No stories yet.\n\n"
        if self._fetching:
            return Text.assemble((empty, "bold"),
                                 f"Fetching {self._fetching} "
                                 f"{'feed' if self._fetching == 1 else 'feeds'}: "
                                 "stories appear here as they arrive.")
        if self._failed:
            # The feeds that were read may have had nothing recent (a long absence): the
            # failures alone are not why the list is empty.
            others = (f" The other {self._read} {'was' if self._read == 1 else 'were'} read, "
                      "with no recent story to show." if self._read else "")
            return Text.assemble((empty, "bold"),
                                 f"{self._failed} {'feed' if self._failed == 1 else 'feeds'}"
                                 " could not be read. Press "
                                 f"{self.app.key_name('feeds', 'F')} to see why and what to "
                                 f"do, then {self.app.key_name('refresh', 'r')} to try again."
                                 f"{others}")
        if earlier is not None:
            day = min(earlier.astimezone().date(), self.today)
            return Text.assemble(
                (empty, "bold"),
                "No story is dated today, and every earlier one is read. Press "
                f"{earlier_key} for the latest earlier day "
                f"({day:%A %d %B %Y}), or {self.app.key_name('refresh', 'r')} to fetch "
                "new stories.")
        return Text.assemble((empty, "bold"), self.empty_hint)

    def _save(self, write: Callable[[Store], object], undo: Callable[[], None], what: str,
              *, asked: bool = False, saved: str | None = None) -> None:
        """Save a change the screen already shows; `undo` takes it off the screen if the
        database refuses it, so the row shows what is stored. A database that takes no
        changes (read-only, disk full) says why once, then "Not saved" at each change
        the reader `asked` for; one kept busy by another program for long fails this
        change only, said when asked (a story marked read on its own is marked again the
        next time it is shown). `what` says the change in words; `saved` is said once it
        is written."""
        def done(error: sqlite3.DatabaseError | None) -> None:
            if error is None:
                if saved is not None:
                    self.notify(saved, timeout=1.5)
                return
            undo()
            if not is_busy(error):
                self._refused(error, what, asked=asked)
            elif asked:
                self.notify("Not saved: the database stayed busy (another program is "
                            "writing to it). Try again in a moment.", title="Database",
                            severity="warning", markup=False, timeout=4)

        if self.store.read_only:  # known from the start: nothing to try
            undo()
            if asked:
                self._not_saved(what)
            return
        self.save(Change(write, done, what))

    def _not_saved(self, what: str) -> None:
        """Say briefly that a change the reader asked for was not saved (why was said
        when the reader opened, or at the first refusal)."""
        self.notify(f"Not saved: {what} (the database cannot be written).", title="Database",
                    severity="warning", markup=False, timeout=2.5)

    def _refused(self, err: sqlite3.DatabaseError, what: str, *, asked: bool) -> None:
        """Say why the database takes no changes the first time, then each change asked
        for that was not saved, briefly."""
        if self._write_refused:
            if asked:
                self._not_saved(what)
            return
        self._write_refused = True
        from briefing.store.connection import cannot_write

        path = self.store.path
        if path is not None and cannot_write(err, path):
            self.app.say_read_only("Changes cannot be saved")  # type: ignore[attr-defined]
            return
        self.notify(f"Changes cannot be saved: {clean_inline(str(err), limit=120)}. "
                    "Reading still works.", title="Database", severity="warning",
                    markup=False, timeout=8)

    def _show_row(self, index: int, row: StoryRow) -> None:
        """Show a changed row, if the list still has its story at that place."""
        stories = self.query_one(StoryList)
        shown = stories.source.row(index)
        if shown is not None and shown.id == row.id:
            stories.refresh_row(index, row)
        self.update_counts()

    def _mark_read(self, index: int, story: StoryRow, read: bool = True, *,
                   asked: bool = False, saved: str | None = None) -> None:
        story_id = story.id
        if read and story_id not in self._read_here:
            self._read_here.append(story_id)
        row = self.query_one(StoryList).source.row(index)
        before = row if row is not None and row.id == story_id else None
        if before is not None:
            self._show_row(index, replace(before, unread_count=0 if read
                                          else before.article_count))

        def undo() -> None:
            if before is not None:
                self._show_row(index, before)

        self._save(lambda store: store.stories.set_read(story_id, read), undo,
                   f"{quoted(story.title)} marked {'read' if read else 'unread'}", asked=asked,
                   saved=saved)

    @property
    def article(self) -> StoredArticle | None:
        """The article on screen: the story's lead, or the source stepped to."""
        return self.query_one(BriefView).article

    def story_articles(self) -> Iterator[StoredArticle]:
        """The article on screen, then the story's others in reading order (still stored)."""
        if (shown := self.article) is None:
            return
        yield shown
        for member in self.members:
            if member.id == shown.id:
                continue
            if (article := self.store.articles.get(member.id)) is not None:
                yield article

    # --- actions -------------------------------------------------------------------

    def action_read(self) -> None:
        if self.article is not None:
            stories = self.query_one(StoryList)
            row = stories.current
            if row is not None and row.id == self._kept_unread:
                # Opened again: it counts as read once shown for `read_after`, as any story.
                self._kept_unread = None
                self._stop_read_timer()
                self._start_read_timer(stories.cursor, row)
            from briefing.tui.screens.reader import ReaderScreen  # Markdown is slow to import

            self.app.push_screen(ReaderScreen(
                self.article, member_ids=[m.id for m in self.members],
                load=self.store.articles.get, story_id=self._story_id))

    def action_cycle_panels(self) -> None:
        """List -> each panel of the brief in turn -> list."""
        view = self.query_one(BriefView)
        panels = len(view.section_ids)
        if self.focused is view:
            following = 0 if view.selected is None else view.selected + 1
            if following < panels:
                view.select(following)
                return
            view.select(None)
            self.query_one(StoryList).focus()
        elif panels:
            view.focus()
            view.select(0)

    def _step_source(self, step: int) -> None:
        row = self.query_one(StoryList).current
        if row is None or len(self.members) < 2:
            self.notify("This story has one article.", timeout=1.5)
            return
        # Positions: None (the story's merged brief), then each source in turn.
        positions: list[int | None] = [None, *range(len(self.members))]
        here = positions.index(self.member_index)
        self.member_index = positions[(here + step) % len(positions)]
        view = self.query_one(BriefView)
        if self.member_index is None:
            self.show_story(row, self.query_one(StoryList).cursor, again=True)
            return
        member = self.members[self.member_index]
        article = self.store.articles.get(member.id)
        if article is not None:
            self._drawn = None
            view.show(article, step=(self.member_index + 1, len(self.members)))

    def action_next_source(self) -> None:
        self._step_source(1)

    def action_previous_source(self) -> None:
        self._step_source(-1)

    def _change_day(self, days: int) -> None:
        """Move to the previous (-1) or next (+1) day that has stories, never past today."""
        start, end = day_bounds(self.day)
        if days < 0:
            when = self.store.stories.latest_before(min(start, day_bounds(self.today)[1]))
            if when is None:
                self.notify("There are no earlier stories.", timeout=2)
                return
            day = min(when.astimezone().date(), self.today)
        else:
            if self.day >= self.today:
                self.notify("That is today's edition." if self.day == self.today
                            else "Back to today's edition.", timeout=2)
                if self.day == self.today:
                    return
                day = self.today
            else:
                when = self.store.stories.earliest_from(end)
                day = self.today if when is None else min(when.astimezone().date(), self.today)
        self.day = day
        self._apply_filter(self.story_filter)

    def action_previous_day(self) -> None:
        self._change_day(-1)

    def action_next_day(self) -> None:
        self._change_day(1)

    def action_star(self) -> None:
        stories = self.query_one(StoryList)
        row = stories.current
        if row is None:
            return
        index = stories.cursor
        self._show_row(index, replace(row, starred=not row.starred))
        self._save(lambda store: store.stories.set_starred(row.id, not row.starred),
                   lambda: self._show_row(index, row),
                   f"{quoted(row.title)} {'unstarred' if row.starred else 'starred'}",
                   asked=True, saved="Unstarred" if row.starred else "Starred")

    def action_toggle_read(self) -> None:
        stories = self.query_one(StoryList)
        if (row := stories.current) is not None:
            self._toggle_read(stories.cursor, row)

    def toggle_story_read(self, story_id: str) -> None:
        """`m` in the full text: mark the story it shows read or unread and say which, as
        nothing on that screen shows it. The list may have moved to another story since
        the text was opened (the story left it on a reload), or may no longer hold it."""
        stories = self.query_one(StoryList)
        index = stories.cursor if stories.current is not None \
            and stories.current.id == story_id else self._position_of(story_id)
        row = stories.source.row(index) if index is not None else None
        if row is None or row.id != story_id:
            index, row = -1, self.store.stories.rows([story_id]).get(story_id)
        if row is None:
            self.notify("This story is no longer stored.", timeout=2)
            return
        self._toggle_read(index, row, saved="Marked unread" if row.read else "Marked read")

    def _toggle_read(self, index: int, row: StoryRow, *, saved: str | None = None) -> None:
        """Mark a story (the list's at `index`; -1: not in the list) read or unread."""
        current = self.query_one(StoryList).current
        if current is not None and current.id == row.id:
            self._stop_read_timer()
            # Marked unread to come back to: the timer must not mark it read again while
            # it stays on screen. Marked read: nothing is kept.
            self._kept_unread = row.id if row.read else None
        self._mark_read(index, row, not row.read, asked=True, saved=saved)

    def _apply_filter(self, story_filter: StoryFilter) -> None:
        self.story_filter = story_filter
        self._read_here.clear()  # a new list: what was read leaves it
        stories = self.query_one(StoryList)
        stories.reload(self._source(), cursor=0)
        self.update_counts()

    def filter_feed(self, feed_id: int, name: str) -> None:
        """Show only the stories of one feed (chosen on the feeds screen)."""
        self._apply_filter(replace(self.story_filter, feed=name, feed_id=feed_id))

    def action_unread_only(self) -> None:
        self._apply_filter(replace(self.story_filter,
                                   unread_only=not self.story_filter.unread_only))

    def action_filter_source(self) -> None:
        from briefing.tui.screens.source_filter import SourceFilterModal

        def chosen(source: str | None) -> None:
            if source is not None:
                self._apply_filter(replace(self.story_filter, feed=source or None,
                                           feed_id=None))

        self.app.push_screen(
            SourceFilterModal(self.store.articles.sources(), self.story_filter.feed), chosen
        )

    async def action_search(self) -> None:
        boxes = self.query("#search-box").results(Input)
        box = next(boxes, None)
        if box is None:
            box = SearchBox(placeholder="Search stories…", id="search-box", compact=True)
            await self.mount(box, before=self.query_one(StoryList))
        box.display = True
        box.focus()

    def action_clear_filters(self) -> None:
        """Back to the whole edition: the search, source/feed and unread-only all go."""
        box = next(self.query("#search-box").results(Input), None)
        if box is not None:
            if self._search_timer is not None:
                self._search_timer.stop()
            box.value = ""
            box.display = False
        if self.story_filter != StoryFilter():
            self._apply_filter(StoryFilter())
        self.query_one(StoryList).focus()

    @on(Input.Changed, "#search-box")
    def search_as_you_type(self, event: Input.Changed) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        query = event.value

        def run() -> None:
            self._apply_filter(replace(self.story_filter, query=query.strip()))

        self._search_timer = self.set_timer(SEARCH_DELAY, run)

    @on(Input.Submitted, "#search-box")
    def search_done(self) -> None:
        self.query_one(StoryList).focus()
