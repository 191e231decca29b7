"""ReaderScreen: the story's full text as Markdown, with its source address."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Markdown

from briefing.extract.sanitize import clean_inline
from briefing.models import StoredArticle
from briefing.render import md_escape
from briefing.tui.widgets.key_bar import KeyBar

READER_MAX_CHARS = 100_000
"""The most text the reader lays out (a long book chapter); a 5 MB page would take
seconds to wrap and is not read on a terminal anyway."""


def article_markdown(article: StoredArticle) -> str:
    """The article as Markdown in which nothing from outside is markup: all escaped."""
    lines = [f"# {md_escape(clean_inline(article.title))}", ""]
    meta = [md_escape(clean_inline(x)) for x in (article.source, article.author) if x]
    if meta:
        lines += [" · ".join(meta), ""]
    if article.url:
        lines += [f"Source: `{clean_inline(article.url).replace('`', '')}`", ""]
    if article.text_origin == "feed":
        lines += ["_The page could not be read; this is the feed's own summary._", ""]
    paragraphs = article.text.split("\n\n")
    if len(paragraphs) > 1 and _words(paragraphs[0]) == _words(article.title):
        paragraphs = paragraphs[1:]  # the headline again, as many pages' text opens
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
    return "\n".join(lines)


def _words(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


class ReaderScreen(Screen[None]):
    """Full text of one story; escape or q returns to the briefing."""

    BINDINGS = [
        Binding("escape,q,backspace", "app.pop_screen", "Back", id="close-reader",
                tooltip="Back to the briefing"),
        Binding("o", "app.open_original", "Open original", id="open-original-reader"),
        Binding("j,down", "scroll_down", "Scroll", show=False),
        Binding("k,up", "scroll_up", "Scroll", show=False),
    ]

    def __init__(self, article: StoredArticle) -> None:
        super().__init__()
        self.article = article

    def compose(self) -> ComposeResult:
        yield Markdown(article_markdown(self.article), id="reader", open_links=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#reader").focus()

    def action_scroll_down(self) -> None:
        self.query_one("#reader").scroll_relative(y=1, animate=False)

    def action_scroll_up(self) -> None:
        self.query_one("#reader").scroll_relative(y=-1, animate=False)
