"""StoryList: a virtual list of stories, two lines each, rendered line by line.

Only the lines on screen are rendered, from rows that `StorySource` pages in from
SQLite; moving the cursor repaints the two stories involved, nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from briefing.models import from_feed, source_name
from briefing.store.stories import StoryRow
from briefing.tui.safe import age, safe_line
from briefing.tui.story_source import StorySource

LINES_PER_STORY = 2


class StoryList(ScrollView, can_focus=True, inherit_bindings=False):
    """The day's stories: the unread dot and the title on the first line, the star, age
    and source on the second.

    Only its own keys (not the scroll view's): each has a binding id, so ? lists it."""

    # The arrows first: the key bar names the first key of each, as it did when the arrows
    # were the scroll view's.
    BINDINGS = [
        Binding("down,j", "cursor_down", "Next", id="next-story", tooltip="Next story"),
        Binding("up,k", "cursor_up", "Previous", id="previous-story", tooltip="Previous story",
                show=False),
        Binding("home,g", "first", "First", id="first-story", tooltip="First story", show=False),
        Binding("end,G", "last", "Last", id="last-story", tooltip="Last story", show=False),
        Binding("pagedown", "page_down", "Page down", id="page-down",
                tooltip="Down a screen of stories", show=False),
        Binding("pageup", "page_up", "Page up", id="page-up",
                tooltip="Up a screen of stories", show=False),
    ]

    COMPONENT_CLASSES = {
        "story-list--cursor",
        "story-list--unread",
        "story-list--meta",
        "story-list--marker",
    }

    DEFAULT_CSS = """
    StoryList { background: $surface; overflow-x: hidden; }
    StoryList > .story-list--cursor { background: $accent 30%; }
    StoryList:focus > .story-list--cursor { background: $accent 50%; }
    StoryList > .story-list--unread { text-style: bold; }
    StoryList > .story-list--meta { color: $text-muted; }
    StoryList > .story-list--marker { color: $accent; }
    """

    cursor: reactive[int] = reactive(0, always_update=False, init=False, repaint=False)
    """Position of the selected story."""

    class Reloaded(Message):
        """The list was read again: `current` is the story under the cursor when the message
        is handled (the cursor may move between). Cursor moves are the `cursor` reactive:
        watch it to follow them in the same frame."""

    def __init__(self, source: StorySource, clock: Callable[[], datetime],
                 *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.source = source
        self.clock = clock
        # Rendered lines by (line, selected, width, theme, focused): a layout change
        # elsewhere on the screen repaints the list from here instead of re-rendering rows.
        self._lines: LRUCache[tuple[int, bool, int, str, bool], Strip] = LRUCache(1024)
        self._styles: tuple[tuple[str, bool], dict[str, Style]] | None = None

    # --- data ----------------------------------------------------------------------

    def reload(self, source: StorySource | None = None, *, cursor: int | None = None) -> None:
        """Show a new source (or re-read the current one), keeping or moving the cursor."""
        if source is None:
            self.source.invalidate()
        else:
            self.source = source
        self._lines.clear()
        count = len(self.source)
        # Lines are cut to the width (titles end with an ellipsis): nothing to scroll across.
        self.virtual_size = Size(0, count * LINES_PER_STORY)
        target = self.cursor if cursor is None else cursor
        target = self._off_divider(max(0, min(target, count - 1)), forward=True)
        self.set_reactive(StoryList.cursor, target)
        self.scroll_to_cursor(animate=False)
        self.refresh()
        self.post_message(self.Reloaded())

    def refresh_row(self, index: int, row: StoryRow) -> None:
        """Repaint one story after its read or starred state changed."""
        self.source.replace(index, row)
        self._lines.clear()
        self._refresh_story(index)

    @property
    def current(self) -> StoryRow | None:
        return self.source.row(self.cursor)

    # --- cursor --------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self._refresh_story(old)
        self._refresh_story(new)
        self.scroll_to_cursor()

    def validate_cursor(self, value: int) -> int:
        value = max(0, min(value, len(self.source) - 1))
        return self._off_divider(value, forward=value >= self.cursor)

    def _off_divider(self, value: int, *, forward: bool) -> int:
        """The divider row cannot be selected: step over it the way the cursor moves."""
        divider = self.source.divider
        if divider is None or value != divider:
            return value
        step = 1 if forward else -1
        if not 0 <= value + step < len(self.source):
            step = -step
        return value + step

    def _refresh_story(self, index: int) -> None:
        y = index * LINES_PER_STORY - self.scroll_offset.y
        self.refresh(Region(0, y, self.size.width, LINES_PER_STORY))

    def scroll_to_cursor(self, animate: bool = False) -> None:
        top = self.cursor * LINES_PER_STORY
        visible = self.scroll_offset.y <= top and top + LINES_PER_STORY <= (
            self.scroll_offset.y + self.scrollable_content_region.height)
        if visible:  # scrolling to where we are would still repaint the whole list
            return
        self.scroll_to_region(Region(0, top, 1, LINES_PER_STORY), animate=animate, immediate=True)

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self.source) - 1

    def action_page_down(self) -> None:
        self.cursor += max(1, self.size.height // LINES_PER_STORY)

    def action_page_up(self) -> None:
        self.cursor -= max(1, self.size.height // LINES_PER_STORY)

    def on_click(self, event: object) -> None:
        offset = getattr(event, "y", None)
        if offset is not None:
            self.cursor = (self.scroll_offset.y + offset) // LINES_PER_STORY

    # --- rendering -----------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        line = self.scroll_offset.y + y
        key = (line, line // LINES_PER_STORY == self.cursor, self.scrollable_content_region.width,
               self.app.theme,
               self.has_focus)
        strip = self._lines.get(key)
        if strip is None:
            strip = self._lines[key] = self._render_story_line(line)
        return strip

    def _render_story_line(self, line: int) -> Strip:
        width = self.scrollable_content_region.width  # without the scrollbar
        index, part = divmod(line, LINES_PER_STORY)
        row = self.source.row(index) if index < len(self.source) else None
        styles = self._palette()
        base = styles["base"]
        if row is None:
            if index == self.source.divider and part == 0:
                return self._divider_line(width, styles)
            return Strip.blank(width, base)
        if index == self.cursor:
            base = styles["cursor"]
        text = self._title_line(row) if part == 0 else self._meta_line(row)
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = [Segment(s.text, base + s.style if isinstance(s.style, Style) else base)
                    for s in text.render(self.app.console)]
        return Strip(segments, width).crop_extend(0, width, base)

    def _divider_line(self, width: int, styles: dict[str, Style]) -> Strip:
        count = self.source.earlier_count
        label = Text(f" Earlier, unread · {count} ",
                     style=styles["marker"] + Style(bold=True))
        line = Text.assemble(("──", styles["meta"]), label)
        line.append("─" * max(0, width - line.cell_len), style=styles["meta"])
        line.truncate(width, overflow="ellipsis", pad=True)
        segments = [Segment(s.text, styles["base"] + s.style if isinstance(s.style, Style)
                            else styles["base"]) for s in line.render(self.app.console)]
        return Strip(segments, width).crop_extend(0, width, styles["base"])

    def _palette(self) -> dict[str, Style]:
        """The list's styles, worked out once per theme and focus state, not per line."""
        key = (self.app.theme, self.has_focus)
        if self._styles is None or self._styles[0] != key:
            base = self.rich_style
            styles = {"base": base,
                      "cursor": base + self.get_component_rich_style("story-list--cursor")}
            for name in ("unread", "meta", "marker"):
                # Component styles carry the widget background; drop it so the cursor
                # row's shows.
                style = self.get_component_rich_style(f"story-list--{name}")
                styles[name] = Style(color=style.color, bold=style.bold, italic=style.italic,
                                     dim=style.dim)
            self._styles = (key, styles)
        return self._styles[1]

    def _title_line(self, row: StoryRow) -> Text:
        marker = Text("● " if not row.read else "  ", style=self._palette()["marker"])
        title = safe_line(row.title)
        if not row.read:
            title.stylize(self._palette()["unread"])
        return Text.assemble(marker, title)

    def _meta_line(self, row: StoryRow) -> Text:
        # The age first: a narrow list cuts the end of the line, never the time.
        parts = [age(row.when, self.clock())]
        if row.source_count > 1:
            parts.append(f"{row.source_count} sources")
        if row.article_count > max(1, row.source_count):
            parts.append(f"{row.article_count} articles")
        parts.append(source_name(row.source))
        if from_feed(row.text_origin):
            parts.append("feed summary")
        meta = safe_line(" · ".join(parts))
        meta.stylize(self._palette()["meta"])
        # The star under the unread dot: a starred story still shows that it is unread.
        star = Text("★ " if row.starred else "  ", style=self._palette()["marker"])
        return star + meta
