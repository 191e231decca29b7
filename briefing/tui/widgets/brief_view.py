"""BriefView: the selected story's headline, lede and three titled panels."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Container, VerticalScroll
from textual.widgets import Static

from briefing.models import PANEL_TITLES, StoredArticle
from briefing.render import NOTHING_ANNOUNCED
from briefing.tui.safe import age, safe_line, safe_text

PANEL_IDS = ("why_it_matters", "what_to_know", "whats_next")


class BriefPanel(Static, can_focus=True):
    """One titled panel of a brief; focusable so tab can move between panels."""

    def __init__(self, panel: str) -> None:
        super().__init__("", id=panel, classes="brief-panel", markup=False)
        self.panel = panel
        self.border_title = PANEL_TITLES[panel]

    def show_points(self, points: tuple[str, ...], sources: Sequence[str | None] = ()) -> None:
        """The points, each followed by its source's name when a story has several."""
        if not points:
            self.update(Text(NOTHING_ANNOUNCED, style="italic dim"))
            return
        texts = []
        for n, point in enumerate(points):
            text = safe_text(point)
            if n < len(sources) and sources[n]:
                text.append_text(Text(" — ", style="dim")).append_text(
                    safe_line(sources[n], style="dim italic"))
            texts.append(text)
        if self.panel == "what_to_know":
            bullets = Table.grid(padding=(0, 1), expand=True)
            bullets.add_column(width=1, style="bold")
            bullets.add_column(ratio=1)
            for text in texts:
                bullets.add_row("•", text)
            self.update(bullets)
        else:
            self.update(Text("\n\n").join(texts))


class BriefView(VerticalScroll):
    """Headline, source line, lede, then Why it matters / What to know / What's next."""

    def __init__(self, clock: Callable[[], datetime], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.clock = clock
        self.article: StoredArticle | None = None

    def compose(self) -> ComposeResult:
        # Headline, source line and lede in one widget: one update, one layout per story.
        yield Static("", id="headline", markup=False)
        with Container(id="panels"):
            for panel in PANEL_IDS:
                yield BriefPanel(panel)
        yield Static("", id="people", classes="brief-panel", markup=False)

    def show(self, article: StoredArticle | None, *, empty_message: Text | None = None,
             names: Mapping[str, str] | None = None, source_count: int = 1,
             step: tuple[int, int] | None = None) -> None:
        """Display a brief, or a message when there is none.

        For a story of several sources, `names` maps article ids to source names so each
        point can say where it came from; `step` is (n, of) when one source is shown.
        """
        self.article = article
        headline = self.query_one("#headline", Static)
        people = self.query_one("#people", Static)
        panels = self.query_one("#panels")
        if article is None:
            headline.update(empty_message or Text(""))
            people.update("")
            panels.display = people.display = False
            return
        panels.display = True
        brief = article.brief
        lede = Text(" ").join(safe_text(p) for p in brief.lede) if brief else Text("")
        meta = self._meta(article)
        if step is not None:
            meta = Text.assemble((f"Source {step[0]} of {step[1]} · ", "bold"), meta,
                                 ("  (n/p: other sources)", "dim"))
        elif source_count > 1:
            meta = Text.assemble((f"{source_count} sources · ", "bold"), meta,
                                 ("  (n/p: each source)", "dim"))
        headline.update(Text("\n").join([
            safe_text(article.title, style="bold"), meta.append("\n"), lede]))
        attribute = names if names and source_count > 1 else None
        for panel in PANEL_IDS:
            points = brief.panel(panel) if brief else ()
            sources = [attribute.get(i) for i in brief.sources.get(panel, ())] \
                if attribute and brief else []
            self.query_one(f"#{panel}", BriefPanel).show_points(points, sources)
        quotes = brief.what_people_are_saying if brief else ()
        people.display = bool(quotes)
        people.border_title = PANEL_TITLES["what_people_are_saying"]
        people.update(Text("\n\n").join(safe_text(q) for q in quotes))
        if self.scroll_y:  # a no-op scroll still repaints the whole view
            self.scroll_home(animate=False)

    def _meta(self, article: StoredArticle) -> Text:
        parts: list[Text] = [safe_line(article.source or "unknown source", style="bold")]
        when = article.published or article.first_seen
        ago = age(when, self.clock())
        stamp = f"{when:%a %d %b %Y %H:%M} UTC"
        parts.append(Text(stamp if "-" in ago else f"{stamp} ({ago} ago)"))
        if article.brief is not None:
            method = article.brief.method
            parts.append(Text("brief: " + ("merged from the sources" if method == "story"
                                           else method)))
        if article.text_origin == "feed":
            parts.append(Text("text from the feed's summary: the page could not be read",
                              style="italic"))
        meta = Text(" · ").join(parts)
        meta.stylize("dim")
        return meta
