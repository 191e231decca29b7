"""ReaderScreen: an article's full text as Markdown, scrolled from the keyboard.

A title bar names the source, the date, which of the story's articles this is and how far
down the text the view is; n / p step between the story's articles, o opens the page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen

from briefing.models import StoredArticle, feed_text_note, source_name
from briefing.render.headline import same_words
from briefing.render.markdown import md_escape
from briefing.sanitize import clean_inline
from briefing.tui.safe import cells_as_drawn, local_time, safe_line
from briefing.tui.widgets.key_bar import KeyBar
from briefing.tui.widgets.status_line import StatusLine
from briefing.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

READER_MAX_CHARS = 100_000
"""The most text the reader lays out (a long book chapter); a 5 MB page would take
seconds to wrap and is not read on a terminal anyway."""


def article_markdown(article: StoredArticle) -> str:
    """The article as Markdown in which nothing from outside is markup: all escaped,
    and drawn without ZWJ (`cells_as_drawn`)."""
    lines = [f"# {md_escape(clean_inline(article.title))}", ""]
    meta = [source_name(article.source), clean_inline(article.author)]
    lines += [" · ".join(md_escape(x) for x in meta if x), ""]
    if article.url:
        lines += [f"Source: `{clean_inline(article.url).replace('`', '')}`", ""]
    if note := feed_text_note(article.text_origin, article.page_error):
        lines += [f"_{md_escape(clean_inline(note[0].upper() + note[1:]))}._", ""]
    paragraphs = article.text.split("\n\n")
    if same_words(paragraphs[0], article.title):
        paragraphs = paragraphs[1:]  # the headline again, as many pages' text opens
        if not paragraphs:
            lines += ["_The text is only its headline._", ""]
    shown = 0
    for n, paragraph in enumerate(paragraphs):
        if shown + len(paragraph) > READER_MAX_CHARS:
            rest = sum(len(p) for p in paragraphs[n:]) - (READER_MAX_CHARS - shown)
            cut = paragraph[: READER_MAX_CHARS - shown].rsplit(" ", 1)[0]
            lines += [md_escape(cut) + " …", "",
                      f"_The text goes on for {rest:,} more characters: press o to open "
                      "the original._", ""]
            break
        shown += len(paragraph)
        lines += [md_escape(paragraph), ""]
    return cells_as_drawn("\n".join(lines))


class TextScroll(VerticalScroll, inherit_bindings=False):
    """The full text's scroller, without keys of its own: the screen's (arrows and page
    keys among them) have binding ids, so ? lists them and [keymap] applies."""


def _plain_markdown() -> MarkdownIt:
    """CommonMark without linkify: the text's addresses are not links here (`o` opens the
    article), and linkify would take an escaped bracket after one as part of the address,
    showing its backslash ("http://evil.example/\\]")."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


class ReaderScreen(Screen[None]):
    """Full text of one of a story's articles; escape or q returns to the briefing."""

    BINDINGS = [
        Binding("escape,q,backspace", "app.pop_screen", "Back", id="close-reader",
                tooltip="Back to the briefing"),
        Binding("j,down", "scroll('down')", "Scroll", id="reader-down",
                tooltip="Scroll down a line", show=False),
        Binding("k,up", "scroll('up')", "Scroll", id="reader-up",
                tooltip="Scroll up a line", show=False),
        Binding("space,pagedown,f", "scroll('page_down')", "Page down", id="reader-page-down",
                tooltip="Scroll down a screen", show=False),
        Binding("b,pageup", "scroll('page_up')", "Page up", id="reader-page-up",
                tooltip="Scroll up a screen", show=False),
        Binding("g,home", "scroll('home')", "Top", id="reader-top",
                tooltip="The top of the text", show=False),
        Binding("G,end", "scroll('end')", "End", id="reader-end",
                tooltip="The end of the text", show=False),
        Binding("n", "step(1)", "Next article", id="reader-next-source",
                tooltip="The story's next article"),
        Binding("p", "step(-1)", "Previous article", id="reader-previous-source",
                tooltip="The story's previous article"),
        Binding("o", "app.open_original", "Open", id="reader-open-original",
                tooltip="Open the original page in the browser"),
        Binding("m", "app.toggle_read", "Read/unread", id="reader-toggle-read",
                tooltip="Mark the story read or unread", show=False),
        # A refresh's outcome here may say "press F to see why".
        Binding("F", "app.feeds", "Feeds", id="reader-feeds", show=False,
                tooltip="Feeds: unread, last success, last error and what to do"),
    ]

    def __init__(self, article: StoredArticle, *, member_ids: Sequence[str] = (),
                 load: Callable[[str], StoredArticle | None] | None = None,
                 story_id: str | None = None) -> None:
        """`member_ids` are the story's articles in reading order (see
        `screens.briefing.reading_order`); `load` reads one of them. `story_id` is the
        story they belong to: `m` marks it read or unread."""
        super().__init__()
        self.story_id = story_id
        self.article = article
        self.member_ids = list(member_ids) or [article.id]
        self.load = load
        self.index = self.member_ids.index(article.id) if article.id in self.member_ids else 0

    def compose(self) -> ComposeResult:
        from textual.widgets import Markdown  # markdown-it is slow to import: on first use

        yield TitleBar(id="reader-title")
        yield KeyBar()
        yield StatusLine(id="status")  # a refresh started here says so here
        with TextScroll(id="reader-scroll"):
            yield Markdown(article_markdown(self.article), id="reader", open_links=False,
                           parser_factory=_plain_markdown)

    def on_mount(self) -> None:
        scroller = self.query_one("#reader-scroll", VerticalScroll)
        scroller.focus()
        self.watch(scroller, "scroll_y", lambda _: self.update_title())
        # The text is laid out after mount: its size (not a reactive max_scroll_y) says so,
        # and the position is read once that layout has been applied.
        self.watch(scroller, "virtual_size",
                   lambda _: self.call_after_refresh(self.update_title))
        self.update_title()

    def show_status(self, text: str | None, *, keep: bool = True) -> None:
        """The line above the keys (a refresh's progress and outcome); None hides it."""
        self.query_one(StatusLine).say(text, keep=keep)

    @property
    def position(self) -> int:
        """How far down the text the view is, in percent (100 when it all fits)."""
        scroller = self.query_one("#reader-scroll", VerticalScroll)
        if scroller.max_scroll_y <= 0:
            return 100
        return round(100 * scroller.scroll_y / scroller.max_scroll_y)

    def update_title(self) -> None:
        article = self.article
        when = article.published or article.first_seen
        parts = []
        if len(self.member_ids) > 1:
            parts.append(Text(f"article {self.index + 1} of {len(self.member_ids)}"))
        parts.append(Text(f"{self.position}%"))
        # Where the reader is matters more than the source's whole name and the date: they
        # are cut first, the date before the name.
        lead = safe_line(source_name(article.source), style="bold", limit=60)
        self.query_one(TitleBar).show_text(
            Text(" · ").join(parts), lead=Text.assemble(lead, " · ", local_time(when)))

    def story_articles(self) -> Iterator[StoredArticle]:
        """The article on screen, then the story's others in reading order (still stored)."""
        yield self.article
        for member_id in self.member_ids:
            if member_id != self.article.id and self.load is not None \
                    and (article := self.load(member_id)) is not None:
                yield article

    def action_scroll(self, how: str) -> None:
        scroller = self.query_one("#reader-scroll", VerticalScroll)
        if how == "down":
            scroller.scroll_relative(y=1, animate=False)
        elif how == "up":
            scroller.scroll_relative(y=-1, animate=False)
        elif how == "page_down":
            scroller.scroll_page_down(animate=False)
        elif how == "page_up":
            scroller.scroll_page_up(animate=False)
        elif how == "home":
            scroller.scroll_home(animate=False)
        elif how == "end":
            scroller.scroll_end(animate=False)

    async def action_step(self, step: int) -> None:
        if len(self.member_ids) < 2 or self.load is None:
            self.notify("This story has one article.", timeout=1.5)
            return
        index = (self.index + step) % len(self.member_ids)
        article = self.load(self.member_ids[index])
        if article is None:
            self.notify("That article is no longer stored.", timeout=2)
            return
        self.index, self.article = index, article
        from textual.widgets import Markdown

        await self.query_one(Markdown).update(article_markdown(article))
        self.query_one("#reader-scroll", VerticalScroll).scroll_home(animate=False)
        self.update_title()

    def on_markdown_link_clicked(self, event: Message) -> None:
        event.prevent_default()  # links open only through o, deliberately
