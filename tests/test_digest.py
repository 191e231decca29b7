"""The digest escapes everything from outside: no markup, script or control reaches it."""

import html
import re
from datetime import UTC, datetime

from briefing.models import Brief
from briefing.render.digest import DigestStory, safe_url, to_html, to_json, to_markdown
from briefing.store.stories import StoryArticle, StoryRow
from tests.hostile import HOSTILE_TITLES, has_controls

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def hostile_story() -> DigestStory:
    articles = [StoryArticle(id=f"a{n}", title=title, url=url, source=f"{SCRIPT} {n}",
                             published=datetime(2026, 11, 27, tzinfo=UTC), brief=None,
                             read=False, starred=False, text_origin="page")
                for n, (title, url) in enumerate([
                    (HOSTILE_TITLES[0], "javascript:alert(1)"),
                    (HOSTILE_TITLES[2], "https://example.org/a?x=<b>&y=\"q\""),
                    (HOSTILE_TITLES[3], "data:text/html,<script>1</script>")])]
    brief = Brief(lede=(SCRIPT + HOSTILE_TITLES[1],), why_it_matters=(HOSTILE_TITLES[4],),
                  what_to_know=(SCRIPT, HOSTILE_TITLES[2], "[x](javascript:alert(1))"),
                  whats_next=(), method="story",
                  sources={"what_to_know": ("a0", "a1", "a2")})
    row = StoryRow(id="s1", title=SCRIPT + HOSTILE_TITLES[0], source=None,
                   published=datetime(2026, 11, 27, tzinfo=UTC), article_count=3,
                   source_count=3, unread_count=3, starred=False, lead_article_id="a0")
    return DigestStory(row, brief, articles)


def test_html_digest_is_escaped_and_has_no_script():
    page = to_html([hostile_story()], "Briefing <test>")
    assert "<script" not in page and "<img" not in page
    # Every tag in the page is one of ours; outside text only ever appears escaped.
    tags = set(re.findall(r"<([a-zA-Z0-9!]+)", page))
    assert tags <= {"!DOCTYPE", "html", "head", "meta", "title", "style", "body", "h1", "h2",
                    "h3", "p", "ul", "li", "span", "a", "nav", "ol"}
    assert 'href="javascript' not in page and 'href="data:' not in page
    assert html.escape('<script>alert("x")</script>') in page
    assert 'href="https://example.org/a?x=&lt;b&gt;&amp;y=&quot;q&quot;"' in page
    assert not has_controls(page.replace("\n", ""))
    assert "Nothing announced." in page


def test_markdown_and_json_digests_are_inert():
    md = to_markdown([hostile_story()], "Briefing")
    assert not re.search(r"(?<!\\)\]\((?:<)?javascript:", md)  # no live Markdown link
    assert "<script>" not in md
    assert not has_controls(md.replace("\n", ""))
    data = to_json([hostile_story()], "Briefing")
    text = str(data)
    assert "\x1b" not in text and "\u202e" not in text
    assert [a["url"] for a in data["stories"][0]["articles"]][::2] == [None, None]


def one_source_story() -> DigestStory:
    """`hostile_story` with every article from one (hostile) source: the credits list
    each article by its title and link."""
    from dataclasses import replace

    story = hostile_story()
    articles = [replace(a, source=f"{SCRIPT} [x](javascript:alert(1))") for a in story.articles]
    return DigestStory(replace(story.row, source_count=1), story.brief, articles)


def test_the_credits_list_of_one_source_s_articles_is_inert():
    from markdown_it import MarkdownIt

    md = to_markdown([one_source_story()], "Briefing")
    assert "_1 source · 3 articles_" in md and "<script>" not in md
    assert not has_controls(md.replace("\n", ""))
    inline = [c for t in MarkdownIt("commonmark").parse(md) for c in (t.children or [])]
    assert [c.attrs.get("href") for c in inline if c.type == "link_open"] == [
        "https://example.org/a?x=%3Cb%3E&y=%22q%22"]  # the one http(s) link, encoded
    assert not [c for c in inline if c.type == "image"]
    page = to_html([one_source_story()], "Briefing")
    assert "<script" not in page and 'href="javascript' not in page
    assert set(re.findall(r"<([a-zA-Z0-9!]+)", page)) <= {
        "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p",
        "ul", "li", "span", "a", "nav", "ol"}
    credits = page.split("Sources:", 1)[1]
    assert credits.count("<li>") == 1 and credits.count('<a href="https://') == 1


def test_safe_url():
    assert safe_url("https://example.org/x") == "https://example.org/x"
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "data:,x", "/relative", "",
                None, "https://exa mple.org", "https://exa\u200cmple.org/x",
                "https://example.org/a\u200db", "https://example.org/\u202ex"):
        assert safe_url(bad) is None


def test_markdown_digest_link_cannot_break_out_of_its_destination():
    from markdown_it import MarkdownIt

    evil = ("https://example.org/a&gt;)![t](http://evil.example/pixel.png)"
            "[CLICK](javascript:alert(1))")
    for url in (evil, evil.replace("&gt;", ">"), "https://example.org/a>\\)](<x>`y`"):
        story = hostile_story()
        article = story.articles[1].__class__(**{**story.articles[1].__dict__, "url": url})
        md = to_markdown([DigestStory(story.row, story.brief, [article])], "t")
        tokens = MarkdownIt("commonmark").parse(md)
        inline = [c for t in tokens for c in (t.children or [])]
        assert not [c for c in inline if c.type == "image"], md
        hrefs = [c.attrs.get("href") for c in inline if c.type == "link_open"]
        assert hrefs and all(str(h).startswith("https://example.org/a") for h in hrefs), hrefs


def test_html_digest_has_contents_linked_headlines_dates_and_a_dark_mode():
    second = hostile_story()
    from dataclasses import replace

    second = replace(second, row=replace(second.row, id="s2", title="Second story"))
    page = to_html([hostile_story(), second], "Briefing")
    assert '<nav aria-label="Stories"><ol><li><a href="#s1">' in page
    assert '<li><a href="#s2">Second story</a></li>' in page
    assert '<h2 id="s2">2. <a href="https://example.org/a?x=&lt;b&gt;&amp;y=&quot;q&quot;">' \
        'Second story</a></h2>' in page  # the lead's javascript: link is passed over
    assert "Fri 27 Nov 2026 00:00 UTC · 3 sources" in page
    assert "prefers-color-scheme:dark" in page


def test_times_outside_the_reader_are_local_too(monkeypatch):
    """show and the HTML digest stamp a story in the reader's zone, named, as the reader
    and the editions' days do: 27 Nov 00:00 UTC is the 26th, 19:00, in New York."""
    import time

    from briefing.models import StoredArticle
    from briefing.render.text import article_text

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        page = to_html([hostile_story()], "Briefing")
        assert "Thu 26 Nov 2026 19:00 EST · 3 sources" in page
        article = StoredArticle(id="a1", key="https://example.org/a", title="Harbour reopens",
                                text="Text.", url=None, source="Port Daily",
                                published=datetime(2026, 11, 27, tzinfo=UTC),
                                first_seen=datetime(2026, 11, 27, tzinfo=UTC),
                                text_origin="page", brief=None)
        assert "2026-11-26 19:00 EST" in article_text(article)
    finally:
        monkeypatch.undo()
        time.tzset()
