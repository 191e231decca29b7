"""BriefView: the selected story's headline, lede and three titled panels, in one widget.

The brief is drawn with Rich (a Text for the headline, a rounded Panel per section) into
lines that this one widget scrolls. Showing another story repaints this widget and
nothing else: no child widgets to lay out again, so moving through the list stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from rich import box
from rich.console import RenderableType
from rich.panel import Panel
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from briefing.models import BRIEF_PANELS, Citation, StoredArticle, feed_text_note, source_name
from briefing.models import Panel as BriefPanel  # rich's Panel draws the boxes
from briefing.render.headline import headline_and_lede, lede_below
from briefing.tui.safe import age, local_time, safe_line, safe_text

MAIN_PANELS = tuple(panel for panel in BRIEF_PANELS if not panel.optional)
"""Side by side when the screen is wide, stacked when not; always shown."""
EXTRA_PANELS = tuple(panel for panel in BRIEF_PANELS if panel.optional)
"""Shown under the others when they have points (when the author quoted people)."""
READABLE_WIDTH = 100
"""Longest line of the headline and of stacked panels: long lines are hard to read."""
SIDE_BY_SIDE = 124
"""From this many columns of brief the three panels stand side by side (each panel then
has about 40 or more: narrower columns turn a short point into a tall strip)."""
SIDE_PANEL_WIDTH = 70


@dataclass(frozen=True)
class Section:
    """One titled panel: its id, title and content."""

    id: str
    title: str
    body: RenderableType


class BriefView(ScrollView, can_focus=True, inherit_bindings=False):
    """Headline, source line, lede, then Why it matters / What to know / What's next.

    Focused (tab), one panel is highlighted and tab moves the highlight to the next. Only
    its own keys (not the scroll view's): each has a binding id, so ? lists it.
    """

    BINDINGS = [
        Binding("j,down", "scroll_down", "Scroll down", id="brief-down",
                tooltip="Scroll the brief down a line", show=False),
        Binding("k,up", "scroll_up", "Scroll up", id="brief-up",
                tooltip="Scroll the brief up a line", show=False),
        Binding("pagedown", "page_down", "Page down", id="brief-page-down",
                tooltip="Scroll the brief down a screen", show=False),
        Binding("pageup", "page_up", "Page up", id="brief-page-up",
                tooltip="Scroll the brief up a screen", show=False),
        Binding("home", "scroll_home", "Top", id="brief-top", tooltip="The top of the brief",
                show=False),
        Binding("end", "scroll_end", "End", id="brief-end", tooltip="The end of the brief",
                show=False),
        Binding("c", "toggle_citations", "Cited sentences", id="toggle-citations",
                tooltip="Language-model briefs only: under each point, the sentences it "
                "cites"),
    ]

    COMPONENT_CLASSES = {
        "brief-view--border",
        "brief-view--border-selected",
        "brief-view--title",
        "brief-view--bullet",
    }

    DEFAULT_CSS = """
    BriefView {
        overflow-x: hidden;
        scrollbar-gutter: stable;
    }
    BriefView > .brief-view--border { color: $foreground 35%; }
    BriefView > .brief-view--border-selected { color: $accent; }
    BriefView > .brief-view--title { color: $accent; text-style: bold; }
    BriefView > .brief-view--bullet { text-style: bold; }
    """

    def __init__(self, clock: Callable[[], datetime], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.clock = clock
        self.article: StoredArticle | None = None
        self.selected: int | None = None
        """Which panel is highlighted while the view has focus (tab moves it)."""
        self.show_citations = False
        """Whether the sentences a language-model point cites are shown under it (c)."""
        self._offers_citations = False
        """Whether the brief on show has cited sentences, so "c" is offered."""
        self._names: Mapping[str, str] | None = None
        self._headline: Text = Text("")
        self._sections: list[Section] = []
        self._strips: list[Strip] = []
        self._blank = Strip.blank(0)
        self._panel_tops: list[int] = []
        self._drawn_for: tuple[object, ...] | None = None

    # --- content -------------------------------------------------------------------

    def show(self, article: StoredArticle | None, *, empty_message: Text | None = None,
             names: Mapping[str, str] | None = None, source_count: int = 1,
             article_count: int = 1, step: tuple[int, int] | None = None,
             when: datetime | None = None) -> None:
        """Display a brief, or a message when there is none.

        For a story of several sources, `names` maps article ids to source names so each
        point can say where it came from; `step` is (n, of) when one of its articles is
        shown. `when` is the story's time (its newest article, as the list gives it),
        else the article's own.
        """
        self.article = article
        if article is None:
            self._headline = empty_message or Text("")
            self._sections = []
        else:
            self._headline = self._headline_text(article, source_count, article_count, step,
                                                 when)
            self._names = names if source_count > 1 else None
            self._sections = self._sections_of(article, self._names)
        if self.selected is not None:
            self.selected = min(self.selected, len(self._sections) - 1) if self._sections else None
        self._drawn_for = None
        self._draw()
        cites = bool(article and article.brief and any(article.brief.cites.values()))
        if cites != self._offers_citations:  # "c" comes and goes with the citations
            self._offers_citations = cites
            self.refresh_bindings()
        if self.scroll_y:
            self.scroll_to(y=0, animate=False, immediate=True)

    @property
    def section_ids(self) -> list[str]:
        """The panels on show, top to bottom (left to right when side by side)."""
        return [s.id for s in self._sections]

    @property
    def section_titles(self) -> list[str]:
        return [s.title for s in self._sections]

    @property
    def text(self) -> str:
        """Everything on show as plain text, one line per row."""
        self._draw()
        return "\n".join(strip.text.rstrip() for strip in self._strips)

    def _headline_text(self, article: StoredArticle, source_count: int, article_count: int,
                       step: tuple[int, int] | None, when: datetime | None) -> Text:
        brief = article.brief
        title, sentences = headline_and_lede(article.title, brief.lede if brief else ())
        lede = Text(" ").join(safe_text(p, break_words=False) for p in sentences)
        meta = self._meta(article, when, latest=step is None and article_count > 1)
        if step is not None:
            meta = Text.assemble((f"Article {step[0]} of {step[1]} · ", "bold"), meta,
                                 ("  (n/p: other articles)", "dim"))
        elif source_count > 1 or article_count > 1:
            counts = [f"{source_count} sources"] if source_count > 1 else []
            if article_count > max(1, source_count):
                counts.append(f"{article_count} articles")
            meta = Text.assemble((" · ".join(counts) + " · ", "bold"), meta,
                                 ("  (n/p: each article)", "dim"))
        parts = [safe_text(title, style="bold", break_words=False), meta]
        if sentences:
            parts += [Text(""), lede]
        return Text("\n").join(parts)

    def _sections_of(self, article: StoredArticle,
                     names: Mapping[str, str] | None) -> list[Section]:
        brief = article.brief
        lede_shown = bool(brief and lede_below(article.title, brief.lede))
        sections = []
        for spec in MAIN_PANELS:
            panel = spec.id
            points = brief.panel(panel) if brief else ()
            sources = [names.get(i) for i in brief.sources.get(panel, ())] \
                if names and brief else []
            if names and brief and brief.cites.get(panel):  # a point may rest on several
                sources = [", ".join(dict.fromkeys(names.get(c.article_id) or "?" for c in point))
                           for point in brief.cites[panel]]
            cites = brief.cites.get(panel, ()) if brief and self.show_citations else ()
            sections.append(Section(panel, spec.title, self._points(
                spec, points, sources, cites, empty=spec.empty_text(lede_shown=lede_shown))))
        for extra in EXTRA_PANELS:
            quotes = brief.panel(extra.id) if brief else ()
            if quotes:
                sections.append(Section(extra.id, extra.title,
                                        self._points(extra, quotes, (), (), empty="")))
        return sections

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """"c" is offered only for a brief with cited sentences (a language model's)."""
        return self._offers_citations if action == "toggle_citations" else True

    def action_toggle_citations(self) -> None:
        self.show_citations = not self.show_citations
        if self.article is not None:
            self._sections = self._sections_of(self.article, self._names)
            self._drawn_for = None
            self._draw()

    def _points(self, panel: BriefPanel, points: tuple[str, ...],
                sources: Sequence[str | None], cites: Sequence[Sequence[Citation]], *,
                empty: str) -> RenderableType:
        """The points, each followed by its source's name when a story has several, and by
        the sentences it cites when those are shown; a bulleted list when `Panel.listed`,
        as every renderer shows them; `empty` when there are none."""
        if not points:
            return Text(empty, style="italic dim")
        texts = []
        for n, point in enumerate(points):
            text = safe_text(point, break_words=False)
            if n < len(sources) and sources[n]:
                text.append_text(Text(" — ", style="dim")).append_text(
                    safe_line(sources[n], style="dim italic"))
            if n < len(cites) and cites[n]:
                quoted = " … ".join(c.sentence for c in cites[n])
                text.append_text(Text("\n")).append_text(safe_text(f"“{quoted}”",
                                                                    style="dim italic",
                                                                    break_words=False))
            texts.append(text)
        if not panel.listed(points):
            return texts[0]
        bullets = Table.grid(padding=(0, 1), expand=True)
        bullets.add_column(width=1, style=self._foreground("brief-view--bullet"))
        bullets.add_column(ratio=1)
        for text in texts:
            bullets.add_row("•", text)
        return bullets

    def _meta(self, article: StoredArticle, when: datetime | None, *, latest: bool) -> Text:
        """Source, time and how the brief was made. The time is the story's (`when`) when
        given, with its age as the list shows it; `latest`: it is the newest article's."""
        parts: list[Text] = [safe_line(source_name(article.source), style="bold")]
        when = when or article.published or article.first_seen
        ago = age(when, self.clock())
        stamp = ("latest " if latest else "") + local_time(when)
        parts.append(Text(stamp if "-" in ago else f"{stamp} ({ago} ago)"))
        if article.brief is not None:
            method = article.brief.method
            parts.append(Text("brief: " + {"story": "merged from the sources",
                                           "llm": "language model, checked (c: cited text)"}
                              .get(method, method)))
        if note := feed_text_note(article.text_origin, article.page_error):
            parts.append(Text(note, style="italic"))
        meta = Text(" · ").join(parts)
        meta.stylize("dim")
        return meta

    # --- panel selection (tab) -----------------------------------------------------

    def select(self, index: int | None) -> None:
        """Highlight panel `index` (None: none) and scroll it into view."""
        self.selected = index
        self._draw()
        if index is not None and index < len(self._panel_tops):
            top = self._panel_tops[index]
            self.scroll_to_region(Region(0, top, 1, 1), animate=False, top=True,
                                  immediate=True)

    def on_focus(self) -> None:
        self._draw()

    def on_blur(self) -> None:
        self._draw()

    # --- drawing -------------------------------------------------------------------

    def on_resize(self) -> None:
        self._draw()

    def _foreground(self, component: str) -> Style:
        # Foreground only: the lines' base style carries the widget's background.
        style = self.get_component_rich_style(component)
        return Style(color=style.color, bold=style.bold, italic=style.italic)

    def _draw(self) -> None:
        """Render the brief into lines for the current width, theme and highlight."""
        width = self.scrollable_content_region.width
        if width <= 0:
            return  # not laid out yet: on_resize draws
        highlight = self.selected if self.has_focus else None
        key = (width, self.app.theme, highlight)
        if key == self._drawn_for:
            return
        self._drawn_for = key
        console = self.app.console
        base = self.rich_style
        strips: list[Strip] = []
        tops: list[int] = []

        def add(renderable: RenderableType, render_width: int) -> None:
            options = console.options.update(width=render_width, height=None,
                                             highlight=False)
            for line in console.render_lines(renderable, options, pad=True):
                segments = [Segment(s.text, base + s.style if s.style else base)
                            for s in line]
                strips.append(Strip(segments, render_width).extend_cell_length(width, base))

        add(self._headline, min(width, READABLE_WIDTH))
        if self._sections:
            strips.append(Strip.blank(width, base))
            panels = [self._panel(s, n == highlight) for n, s in enumerate(self._sections)]
            main, extra = panels[: len(MAIN_PANELS)], panels[len(MAIN_PANELS):]
            if width >= SIDE_BY_SIDE:
                row = Table.grid(padding=(0, 1), expand=True)  # equal thirds
                for _ in main:
                    row.add_column(ratio=1, max_width=SIDE_PANEL_WIDTH)
                row.add_row(*main)
                tops += [len(strips)] * len(main)
                add(row, min(width, (SIDE_PANEL_WIDTH + 1) * len(main)))
                strips.append(Strip.blank(width, base))
            else:
                extra = panels
            for panel in extra:
                tops.append(len(strips))
                add(panel, min(width, READABLE_WIDTH))
                strips.append(Strip.blank(width, base))
        self._strips = strips
        self._blank = Strip.blank(width, base)
        self._panel_tops = tops
        self._set_height(len(strips))
        self.refresh()

    def _panel(self, section: Section, selected: bool) -> Panel:
        border = self._foreground("brief-view--border-selected" if selected
                                  else "brief-view--border")
        return Panel(section.body, title=Text(section.title,
                                              style=self._foreground("brief-view--title")),
                     title_align="left", box=box.ROUNDED, border_style=border,
                     padding=(0, 1), expand=True)

    def _set_height(self, height: int) -> None:
        # Setting virtual_size would lay out the whole screen; only a scrollbar appearing
        # or going needs that, and scroll_update asks for it then.
        size = Size(self.scrollable_content_region.width, height)
        if size != self.virtual_size:
            self.set_reactive(Widget.virtual_size, size)
            self._scroll_update(size)

    def render_lines(self, crop: Region) -> list[Strip]:
        self._draw()  # a no-op unless the theme or size changed since the lines were drawn
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        line = y + self.scroll_offset.y
        return self._strips[line] if line < len(self._strips) else self._blank
