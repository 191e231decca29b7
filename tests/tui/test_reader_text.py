"""The full-text view's Markdown: the headline once, the text as stored."""

from datetime import UTC, datetime

from briefing.models import StoredArticle
from briefing.tui.screens.reader import article_markdown


def article(title: str, text: str) -> StoredArticle:
    return StoredArticle(id="a1", key="https://example.org/a", title=title, text=text,
                         url="https://example.org/a", source="Example", published=None,
                         first_seen=datetime(2026, 11, 27, tzinfo=UTC), text_origin="page",
                         brief=None)


def test_a_text_that_opens_with_the_headline_shows_it_once():
    markdown = article_markdown(article(
        "Flint flake tool adds to evidence of Neanderthal thinking",
        "Flint flake tool adds to evidence of Neanderthal thinking\n\nA tool found in the "
        "Netherlands was partly covered by birch tar."))
    assert markdown.count("Neanderthal thinking") == 1
    assert "A tool found in the Netherlands" in markdown


def test_an_opening_paragraph_unlike_the_headline_stays():
    markdown = article_markdown(article(
        "Tool adds to evidence", "Tool adds to evidence of more.\n\nSecond paragraph."))
    assert "Tool adds to evidence of more." in markdown and "Second paragraph." in markdown


def test_why_a_page_could_not_be_read_is_no_markup():
    """The fetch error can carry a server's words (a Content-Encoding header): it is text,
    not a link or bold type, in the full-text view."""
    from dataclasses import replace

    shown = article_markdown(replace(
        article("A story", "Its summary from the feed."), text_origin="feed",
        page_error="unsupported content encoding '**x** [a](http://e.vil)'"))
    note = next(line for line in shown.splitlines() if "could not be read" in line)
    # Escaped, so Markdown shows the characters themselves.
    assert "\\[a\\](http://e.vil)" in note and "\\*\\*x\\*\\*" in note, note
