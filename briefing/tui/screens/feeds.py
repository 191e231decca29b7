"""FeedsScreen: every feed with its unread count, last success and last error in words,
then the seed files that could not be read.

Choosing a feed (enter) filters the edition to its stories; the selected feed's (or
file's) problem and what to do about it are spelled out under the table. While a refresh
runs (the reader's or another program's), the screen says so, and a feed whose first
fetch it has not finished is "being fetched", its articles stored so far counted; another
job holding the refresh lock (rebrief, seeds only, a purge) is named, no feed "being
fetched".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import PurePath

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from briefing.feed_health import PROBLEM, FeedHealth, feed_health, not_stored_words
from briefing.models import NOT_A_FOLDER, SEEDS_FOLDER_KEY
from briefing.refresh_state import RunningRefresh
from briefing.store.failures import SeedFailure
from briefing.store.feeds import FeedRow
from briefing.tui.safe import age, local_time, safe_line, safe_text
from briefing.tui.widgets.key_bar import KeyBar
from briefing.tui.widgets.title_bar import TitleBar

NAME_MIN = 16
"""The fewest characters of a feed's name the table shows."""


def _when(moment: datetime | None, now: datetime) -> str:
    """ "never", "just now", "5m ago", or a date when long ago."""
    if moment is None:
        return "never"
    if (now - moment).total_seconds() < 60:
        return "just now"
    ago = age(moment, now)
    return ago if "-" in ago else f"{ago} ago"


def seed_path(failure: SeedFailure) -> str:
    """The file's (or the folder's) path as stored: its key without the prefix."""
    return failure.key.partition(":")[2]


SEED_STATE = "cannot be read"
FOLDER_STATE = "folder missing"
FILE_STATE = "not a folder"
_SEED_STATE_WIDTH = max(len(SEED_STATE), len(FOLDER_STATE), len(FILE_STATE))
STATE_HEADER = "State"
SEED_ADVICE = ("Fix the file, or move it out of the seeds folder; the next refresh (r) "
               "reads the folder again.")
FILE_ADVICE = ("Point `seeds` in the config at a folder (this path is a file); the next "
               "refresh (r) reads it.")
FOLDER_ADVICE = ("Make the folder, or point `seeds` in the config at the one you use; the "
                 "next refresh (r) reads it.")


def _looks(rows: list[tuple[object, ...]] | None) -> list[tuple[str, ...]] | None:
    """How rows look on screen: their cells' text and styles (Text's == ignores its
    style), to tell a re-draw that changes nothing."""
    if rows is None:
        return None
    return [tuple(f"{cell.plain}\0{cell.style}\0{cell.spans}" if isinstance(cell, Text)
                  else str(cell) for cell in row) for row in rows]


class FeedTable(DataTable, inherit_bindings=False):
    """The feeds, moved through with the story list's keys. Only these: every key has a
    binding id, so [keymap] applies and ? lists it (the table is laid out anew to the
    screen's width at every re-draw, so DataTable's sideways keys have nothing to do)."""

    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", id="feeds-down", tooltip="Next feed",
                show=False),
        Binding("k,up", "cursor_up", "Up", id="feeds-up", tooltip="Previous feed",
                show=False),
        Binding("g,home", "ends('first')", "First", id="feeds-first", tooltip="First feed",
                show=False),
        Binding("G,end", "ends('last')", "Last", id="feeds-last", tooltip="Last feed",
                show=False),
        Binding("pagedown", "page_down", "Page down", id="feeds-page-down",
                tooltip="Down a screen of feeds", show=False),
        Binding("pageup", "page_up", "Page up", id="feeds-page-up",
                tooltip="Up a screen of feeds", show=False),
    ]

    def action_ends(self, which: str) -> None:
        """Select the first or the last row (DataTable's home / end only scroll)."""
        if self.row_count:
            self.move_cursor(row=0 if which == "first" else self.row_count - 1)


class FeedsScreen(Screen[tuple[int, str] | None]):
    """Returns (feed id, feed name) of the chosen feed, or None when closed."""

    BINDINGS = [
        Binding("enter", "choose", "Show its stories", id="choose-feed",
                tooltip="Show only this feed's stories"),
        Binding("escape,q,F", "dismiss_none", "Back", id="close-feeds",
                tooltip="Back to the briefing"),
    ]

    def __init__(self, feeds: list[FeedRow], unread: dict[int, int],
                 clock: Callable[[], datetime], *, keep_days: int = 0,
                 max_items: int = 0, seed_failures: Sequence[SeedFailure] = (),
                 refresh: RunningRefresh | None = None) -> None:
        super().__init__()
        self.clock = clock
        self.keep_days = keep_days
        self.max_items = max_items
        self._filled_width: int | None = None
        """The screen width the table was laid out for (the feed names' cut)."""
        self._shown_rows: list[tuple[object, ...]] | None = None
        """The rows the table shows, as laid out: a re-draw that would show the same
        leaves the table (its scroll, its selection) alone."""
        self._shown_row = 0
        """The row whose detail is shown (the selected one)."""
        self._set_feeds(feeds, unread, seed_failures, refresh)

    def _set_feeds(self, feeds: list[FeedRow], unread: dict[int, int],
                   seed_failures: Sequence[SeedFailure],
                   refresh: RunningRefresh | None) -> None:
        self.feeds = feeds
        self.unread = unread
        self.seed_failures = list(seed_failures)
        """The seeds folder's files that failed at the last refresh: rows after the feeds."""
        self.refresh_running = refresh
        """The refresh holding the lock when the feeds were read, if one was."""
        self.health = {f.id: feed_health(last_error=f.last_error, failures=f.failures,
                                         last_checked=f.last_checked,
                                         last_success=f.last_success, stored=f.stored,
                                         refreshing=refresh is not None
                                         and refresh.fetches(f.id),
                                         added_since=refresh is not None
                                         and refresh.skips(f.id)) for f in feeds}

    def compose(self) -> ComposeResult:
        yield TitleBar(id="feeds-title")
        yield KeyBar()
        yield Static(id="feed-detail", markup=False)
        yield FeedTable(id="feeds-table", cursor_type="row", zebra_stripes=False)

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self._fill()

    def on_resize(self) -> None:
        if self._row_count and self.app.size.width != self._filled_width:
            self.show_feeds(self.feeds, self.unread, self.seed_failures,
                            refresh=self.refresh_running)

    @property
    def _row_count(self) -> int:
        return len(self.feeds) + len(self.seed_failures)

    def _row_key(self, index: int) -> str | None:
        """The table key of row `index`: a feed's id, or "file:..." for a seed."""
        if index < len(self.feeds):
            return str(self.feeds[index].id)
        if index < self._row_count:
            return self.seed_failures[index - len(self.feeds)].key
        return None

    def show_feeds(self, feeds: list[FeedRow], unread: dict[int, int],
                   seed_failures: Sequence[SeedFailure] = (), *,
                   refresh: RunningRefresh | None = None) -> None:
        """Show the feeds and failed seeds again (as a refresh stores, and after it),
        keeping the selected row selected and the table scrolled where it was; `refresh`:
        the one running now, if any."""
        table = self.query_one(DataTable)
        selected = self._row_key(table.cursor_row)
        self._set_feeds(feeds, unread, seed_failures, refresh)
        self._fill(selected)

    def _rows(self, width: int) -> list[tuple[object, ...]]:
        """The table's rows laid out for a screen `width` wide: (key, cells...)."""
        now = self.clock()
        # The name gives way so the state ("failed 4 times in a row") stays whole; on a
        # narrow screen the state drops "in a row" (the detail below says it in full).
        states = {f.id: self.health[f.id].state for f in self.feeds}
        longest = max([*map(len, states.values()), _SEED_STATE_WIDTH if self.seed_failures else 0])
        if width - 28 - longest < NAME_MIN:
            states = {i: s.removesuffix(" in a row") for i, s in states.items()}
        widest_state = max([*map(len, states.values()), len(STATE_HEADER),
                            _SEED_STATE_WIDTH if self.seed_failures else 0])
        name_limit = max(NAME_MIN, min(60, width - 28 - widest_state))
        rows: list[tuple[object, ...]] = []
        for feed in self.feeds:
            health = self.health[feed.id]
            # Articles stored by a first fetch not finished: no success yet, but not "never".
            success = ("—" if feed.last_checked is None and feed.stored
                       else _when(feed.last_success, now))
            state = Text(states[feed.id], style="bold red" if health.failing else
                         "bold yellow" if health.state == PROBLEM else "")
            rows.append((str(feed.id), safe_line(feed.display_name, limit=name_limit),
                         Text(str(self.unread.get(feed.id, 0)), justify="right"),
                         Text(success), state))
        for failure in self.seed_failures:
            folder = failure.key.startswith(SEEDS_FOLDER_KEY)
            rows.append((failure.key,
                         safe_line(PurePath(seed_path(failure)).name, limit=name_limit),
                         Text(""), Text("—", justify="center"),
                         Text(SEED_STATE if not folder else FILE_STATE
                              if failure.error == NOT_A_FOLDER else FOLDER_STATE,
                              style="bold red")))
        return rows

    def _fill(self, selected: str | None = None) -> None:
        table = self.query_one(DataTable)
        width = self.app.size.width
        rows = self._rows(width)
        if _looks(rows) != _looks(self._shown_rows) or width != self._filled_width:
            self._lay_out(table, rows, selected)
            self._filled_width = width
            self._shown_rows = rows
        failing = sum(h.failing for h in self.health.values())
        amiss = sum(h.state == PROBLEM for h in self.health.values())
        count = len(self.feeds)
        line = f"Feeds · {count} {'feed' if count == 1 else 'feeds'}"
        if failing:
            line += f" · {failing} failing"
        if amiss:
            line += f" · {amiss} with a problem"
        folder = any(f.key.startswith(SEEDS_FOLDER_KEY) for f in self.seed_failures)
        if seeds := len(self.seed_failures) - folder:
            line += f" · {seeds} {'seed' if seeds == 1 else 'seeds'} unreadable"
        if folder:
            line += " · seeds folder missing"
        if self.refresh_running is not None:
            line += " · refreshing" if self.refresh_running.ours else f" · {self.refresh_running.words}"
        self.query_one(TitleBar).show(line)
        self.show_detail(table.cursor_row)

    def _lay_out(self, table: DataTable, rows: list[tuple[object, ...]],
                 selected: str | None) -> None:
        """Put `rows` in the table, its columns sized anew (a column never shrinks by
        itself: one laid out for a wider screen, or a longer state, would run off this
        one); the selected row stays selected and the scroll where it was (unless that
        would put a selected row the user could see out of view), or, on opening, the
        first failing row is selected."""
        scroll_y = table.scroll_y
        opening = self._shown_rows is None
        height = max(1, table.size.height - (table.header_height if table.show_header else 0))

        def in_view(n: int) -> bool:
            return scroll_y <= n < scroll_y + height

        was_in_view = in_view(table.cursor_row)
        table.clear(columns=True)
        table.add_column("Feed", key="feed")
        table.add_column("Unread", key="unread")
        table.add_column("Last success", key="success")
        table.add_column(STATE_HEADER, key="state")
        for key, *cells in rows:
            table.add_row(*cells, key=str(key))
        keys = [self._row_key(n) for n in range(self._row_count)]
        row = keys.index(selected) if selected in keys else next(
            (n for n, f in enumerate(self.feeds) if self.health[f.id].failing),
            len(self.feeds) if self.seed_failures else 0)
        # The scroll stays where it was, unless rows came or went above a selected row
        # the user could see, which would then be out of view.
        keep = not opening and (in_view(row) or not was_in_view)
        if self._row_count:
            table.move_cursor(row=row, scroll=not keep)
        if keep:  # after the cursor's own scrolling into view, which is deferred
            table.call_after_refresh(table.scroll_to, y=scroll_y, animate=False)

    @on(DataTable.RowHighlighted)
    def row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail(event.cursor_row)
        self.refresh_bindings()  # enter shows a feed's stories; a seed file has none

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose":
            return self._shown_row < len(self.feeds)
        return True

    def show_detail(self, index: int) -> None:
        detail = self.query_one("#feed-detail", Static)
        self._shown_row = index
        if index >= len(self.feeds) and index < self._row_count:
            detail.update(self._seed_detail(self.seed_failures[index - len(self.feeds)]))
            return
        if not self.feeds:
            detail.update(Text("No feeds yet. Add one with `briefing feeds add URL`, or list "
                               "them under [[feeds]] in config.toml."))
            return
        feed = self.feeds[index]
        health: FeedHealth = self.health[feed.id]
        lines = [Text.assemble(("Address: ", "bold"), safe_line(feed.url, limit=200))]
        if feed.last_checked is None and feed.stored:
            articles = "article" if feed.stored == 1 else "articles"
            lines.append(Text(f"{feed.stored} {articles} stored so far"
                              + (f", by {self._refresh_words()}"
                                 if self.refresh_running is not None
                                 and self.refresh_running.fetches(feed.id) else "")))
        if feed.last_success is not None:
            lines.append(Text(f"{feed.item_count} {'item' if feed.item_count == 1 else 'items'}"
                              f" in the feed at its last success, {feed.stored} stored"))
            if feed.items_not_stored:
                why = not_stored_words(feed.item_count, feed.items_not_stored,
                                       keep_days=self.keep_days, max_items=self.max_items)
                lines.append(Text(f"{why}; `briefing feeds check` says which.", style="dim"))
        if health.failure:
            lines.append(Text.assemble(("Last error: ", "bold red"), safe_text(health.failure)))
        if health.note:
            lines.append(Text.assemble(("Note: ", "bold"), safe_text(health.note)))
        if health.advice:
            lines.append(Text.assemble(("What to do: ", "bold"), health.advice))
        if not health.failing and (feed.stored or health.state in ("ok", PROBLEM)):
            lines.append(Text("Enter shows this feed's stories.", style="dim"))
        detail.update(Text("\n").join(lines))

    def _refresh_words(self) -> str:
        """The refresh fetching feeds, as the detail names it: the reader's or another's."""
        running = self.refresh_running
        if running is None or running.ours:
            return "the refresh under way here"
        return (f"another refresh (process {running.pid}), still running" if running.pid
                else "another refresh, still running")

    @staticmethod
    def _seed_detail(failure: SeedFailure) -> Text:
        """A seed file's failure (or the seeds folder's): where it is, why, since when,
        and what to do."""
        folder = failure.key.startswith(SEEDS_FOLDER_KEY)
        return Text("\n").join([
            Text.assemble(("Seeds folder: " if folder else "Seed file: ", "bold"),
                          safe_line(seed_path(failure), limit=200)),
            Text.assemble(("Last error: ", "bold red"), safe_text(failure.error, limit=500)),
            Text(f"Failing since {local_time(failure.since)}", style="dim"),
            Text.assemble(("What to do: ", "bold"), SEED_ADVICE if not folder else FILE_ADVICE
                          if failure.error == NOT_A_FOLDER else FOLDER_ADVICE),
        ])

    def action_choose(self) -> None:
        table = self.query_one(DataTable)
        if table.cursor_row >= len(self.feeds):  # no feeds, or a seed file: nothing to show
            return
        feed = self.feeds[table.cursor_row]
        self.dismiss((feed.id, feed.display_name))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
