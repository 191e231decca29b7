"""No byte from a feed or page reaches the terminal as a control sequence (issue 7).

Hostile feeds and pages are served from 127.0.0.1 and refreshed into a real database;
then every command that shows stored text (list, show, search, feeds list; text, JSON
and Markdown) and the TUI are checked. A second set stores the strings raw, as an old or
tampered database might hold them, to prove rendering does not rely on ingestion.
"""

from __future__ import annotations

import dataclasses
import html
import json
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.config import FeedConfig, FetchSettings
from briefing.models import Brief, Document
from briefing.render.markdown import brief_markdown
from briefing.sanitize import clean_block, clean_inline, strip_controls
from briefing.store import Store
from briefing.store.feeds import FeedStatus
from briefing.tui.opener import OpenError, check_url
from briefing.urls import is_http_url, resolve
from tests.feedserver import FeedServer
from tests.hostile import HOSTILE_BODY, HOSTILE_TITLES
from tests.safety import (
    assert_html_safe,
    assert_json_safe,
    assert_markdown_safe,
    assert_terminal_safe,
)
from tests.test_feeds import write_config

# Every class of sequence a terminal acts on, each with the text that must survive.
SEQUENCES = {
    "CSI colour": ("a\x1b[31mb\x1b[0mc", "abc"),
    "CSI clear screen": ("a\x1b[2J\x1b[Hb", "ab"),
    "CSI private mode": ("a\x1b[?1049hb", "ab"),
    "8-bit CSI": ("a\x9b31mb", "ab"),
    "OSC 8 link": ("\x1b]8;;https://evil.example/\x07click\x1b]8;;\x07", "click"),
    "OSC 8 link, ST": ("\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\", "click"),
    "OSC 52 clipboard": ("a\x1b]52;c;cm0gLXJmIH4=\x07b", "ab"),
    "OSC title": ("a\x1b]0;pwned\x07b", "ab"),
    "8-bit OSC": ("a\x9d0;pwned\x9cb", "ab"),
    "DCS": ("a\x1bP1$r0m\x1b\\b", "ab"),
    "8-bit DCS": ("a\x90q#0;2;0;0;0\x9cb", "ab"),
    "APC": ("a\x1b_payload\x1b\\b", "ab"),
    "PM": ("a\x1b^payload\x1b\\b", "ab"),
    "SOS": ("a\x1bXpayload\x1b\\b", "ab"),
    "unterminated OSC": ("a\x1b]52;c;AAAA", "a"),
    "lone ESC": ("a\x1bb", "a"),
    "ESC charset": ("a\x1b(0b", "ab"),
    "C0 controls": ("a\x00\x01\x07\x08\x0b\x0c\x0e\x1fb", "ab"),
    "DEL and C1": ("a\x7f\x80\x85\x8d\x8eb", "ab"),
    "8-bit APC": ("a\x9fpayload\x9cb", "ab"),
    "bidi override": ("a\u202eevil\u202cb", "aevilb"),
    "bidi isolates": ("a\u2066\u2067\u2068x\u2069b", "axb"),
    "bidi marks": ("a\u200e\u200f\u061cb", "ab"),
    "zero-width": ("a\u200b\u2060\ufeffb", "ab"),
    "joiner joining nothing": ("\u200d1\u200d2 x\u200d y.\u200d\u200d", "12 x y."),
    "joiner between emoji": ("\U0001f468\u200d\U0001f469\u200d\U0001f467", "\U0001f468\U0001f469\U0001f467"),
    "bidi override beside kept joiners": ("\u0645\u06cc\u200c\u202e\u062e\u0648\u0627\u0647\u0645 "
                                          "\u0dc1\u0dca\u200d\u0dbb\u0dd3\u202c", "\u0645\u06cc\u200c\u062e"
                                          "\u0648\u0627\u0647\u0645 \u0dc1\u0dca\u200d\u0dbb\u0dd3"),
    "interlinear annotation": ("a\ufff9x\ufffa y\ufffbb", "ax yb"),
}

SCRIPTY = ('<script>alert(1)</script><img src=x onerror="alert(2)">'
           '<a href="javascript:alert(3)">j</a><iframe src="data:text/html,x"></iframe>')

BAD_LINKS = ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
             "file:///etc/passwd", "vbscript:msgbox", "//evil.example/proto-relative",
             "http://exa\u200bmple.org/zw", "http://example.org/\u202egpj.exe",
             "http://exa\u200cmple.org/zwnj", "http://exa\u200dmple.org/zwj",
             "http://example.org/\x1b]8;;x\x07osc"]


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("name", sorted(SEQUENCES))
def test_each_sequence_is_removed_and_the_text_kept(name):
    raw, kept = SEQUENCES[name]
    for cleaned in (strip_controls(raw), clean_inline(raw), clean_block(raw)):
        assert_terminal_safe(cleaned, name)
        assert "\x1b" not in cleaned and "[31m" not in cleaned and "52;" not in cleaned
    assert strip_controls(raw) == kept


def test_urls_with_hidden_characters_are_never_links_or_opened():
    for url in BAD_LINKS:
        assert not is_http_url(url), url
        assert resolve("http://127.0.0.1/feed.xml", url) in (None, "http://evil.example/proto-relative")
        with pytest.raises(OpenError):
            check_url(url if "evil.example" not in url else "javascript:x")


def hostile_page(n: int) -> bytes:
    paras = "".join(f"<p>{html.escape(p)} Paragraph {n}.{i} goes on for a while so that the "
                    "extractor keeps it as prose.</p>"
                    for i, p in enumerate(HOSTILE_BODY.split("\n\n") * 2))
    title = html.escape(HOSTILE_TITLES[n % len(HOSTILE_TITLES)])
    return (f"<html><head><title>{title}</title>"
            f'<link rel="canonical" href="http://example.org/\u200bcanon{n}">'
            f'<meta name="author" content="Ann \x1b]52;c;eA==\x07Author">'
            f"</head><body><article><h1>{title}</h1>{paras}<script>alert(1)</script>"
            f"</article></body></html>").encode("utf-8", "surrogatepass")


def hostile_feeds(server: FeedServer) -> list[str]:
    """Two feeds of hostile items: one with raw control bytes (not well-formed XML, so
    feedparser's loose parser reads it), one with numeric character references."""
    items = []
    for n, title in enumerate(HOSTILE_TITLES):
        page = server.add_bytes(f"/page/{n}.html", hostile_page(n))
        link = BAD_LINKS[n % len(BAD_LINKS)] if n % 2 else page
        items.append((title, link, n))
    urls = []
    for kind in ("raw", "refs"):
        body = []
        for title, link, n in items:
            desc = HOSTILE_BODY + SCRIPTY
            text = escape(title)
            if kind == "refs":
                text = "".join(f"&#{ord(c)};" if ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0
                               else c for c in text)
            body.append(f"<item><title>{text}</title><link>{escape(link)}</link>"
                        f"<guid isPermaLink='false'>{kind}-{n}\u202e</guid>"
                        f"<author>x@example.org (Eve \x1b[8mhidden\x1b[0m)</author>"
                        f"<description>{escape(desc)}</description></item>")
        doc = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
               f"<title>Feed {kind} \x1b]0;title\x07[b]x[/b]\u202e</title>"
               f"<link>http://example.org/</link>{''.join(body)}</channel></rss>")
        urls.append(server.add_bytes(f"/{kind}.xml", doc.encode("utf-8")))
    return urls


def check_every_output(*, raw: bool) -> None:
    listed = run("list", "--json", "--limit", "100")
    rows = assert_json_safe(listed.output, "list --json")
    assert len(rows) >= len(HOSTILE_TITLES)
    text = run("list", "--limit", "100").output
    assert_terminal_safe(text, "list")
    assert "[bold red]Markup[/bold red]" in text  # markup shows literally
    for query in ("council", "Markup", "evil"):
        assert_terminal_safe(run("search", query).output, "search")
        assert_json_safe(run("search", query, "--json").output, "search --json")
    for row in rows:
        shown = run("show", row["id"])
        assert shown.exit_code == 0
        assert_terminal_safe(shown.output, "show")
        data = assert_json_safe(run("show", row["id"], "--json").output, "show --json")
        if not raw:  # ingestion keeps only plain http(s) links
            assert data["url"] is None or is_http_url(data["url"]), data["url"]
        assert_markdown_safe(run("show", row["id"], "--markdown").output, "show --markdown")
    feeds = run("feeds", "list")
    assert_terminal_safe(feeds.output, "feeds list")
    assert_json_safe(run("feeds", "list", "--json").output, "feeds list --json")
    if not raw:
        assert "<script>" not in json.dumps(rows)


def test_hostile_feeds_and_pages_reach_no_output_as_controls(tmp_path, feed_server,
                                                             monkeypatch):
    urls = hostile_feeds(feed_server)
    monkeypatch.setenv("BRIEFING_CONFIG", str(write_config(tmp_path, urls)))
    refreshed = run("refresh")
    assert_terminal_safe(refreshed.output, "refresh")
    assert_json_safe(run("refresh", "--json", "--refetch").output, "refresh --json")
    with Store.open(tmp_path / "briefing.db") as store:  # clean at ingestion, too
        for table in ("articles", "briefs", "feeds", "article_aliases"):
            for row in store.db.query(f"SELECT * FROM [{table}]"):
                for key, value in row.items():
                    if isinstance(value, str):
                        assert_terminal_safe(value, f"{table}.{key}")
        stored = list(store.db.query("SELECT url, text FROM articles"))
    # Pages are shared by both feeds (stored once); items with bad links are keyed by guid.
    assert len(stored) == len(HOSTILE_TITLES) // 2 * 3
    assert all(r["url"] is None or is_http_url(r["url"]) for r in stored)
    assert not any("alert(" in r["text"] and "<script" in r["text"] for r in stored)
    fetched = {s.path for s in feed_server.requests}
    assert all(p.startswith(("/page/", "/raw.xml", "/refs.xml")) for p in fetched), fetched
    check_every_output(raw=False)


def raw_database(db: Path) -> None:
    """Hostile strings stored as they are, bypassing ingestion's clean-up."""
    with Store.open(db) as store:
        feed, _ = store.feeds.add("http://example.org/feed", name=HOSTILE_TITLES[1],
                                  tags=[HOSTILE_TITLES[3]])
        store.feeds.record_fetch(feed.id, FeedStatus(500, HOSTILE_TITLES[2], False,
                                                     title=HOSTILE_TITLES[4]))
        for n, title in enumerate(HOSTILE_TITLES):
            parts = HOSTILE_BODY.split("\n\n")
            brief = Brief(lede=(title,), why_it_matters=(parts[1],), what_to_know=tuple(parts),
                          whats_next=(HOSTILE_TITLES[-1 - n] + SCRIPTY,), method="extractive")
            doc = Document(key=f"https://example.org/{n}", title=title + SCRIPTY,
                           text=HOSTILE_BODY, url=BAD_LINKS[n % len(BAD_LINKS)],
                           site=title[:50], author=HOSTILE_TITLES[2])
            store.articles.ingest(doc, brief, source=title[:60], feed_id=feed.id)


def test_a_raw_hostile_database_renders_inert(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_CONFIG", str(write_config(tmp_path, [])))
    raw_database(tmp_path / "briefing.db")
    check_every_output(raw=True)


def test_markdown_export_escapes_markup_and_links(tmp_path):
    """`show --markdown`'s path: a hostile article stored and read back, its source line
    made as `show` makes it (source, date, address, and a seed's file)."""
    from datetime import UTC, datetime

    from briefing.cli.articles import seed_file
    from briefing.render.text import source_parts

    with Store.open(tmp_path / "b.db") as store:
        for n, title in enumerate([*HOSTILE_TITLES, SCRIPTY, "[x](javascript:alert(1))"]):
            brief = Brief(lede=(title,), what_to_know=(SCRIPTY, title), whats_next=(title,))
            key = f"file:{tmp_path}/seeds/{title}.txt" if n % 2 else f"https://example.org/{n}"
            doc = Document(key=key, title=title, text=HOSTILE_BODY, url="javascript:alert(1)",
                           site=title[:50], published=datetime(2026, 3, 2, tzinfo=UTC))
            ident = store.articles.ingest(doc, brief, source=title[:60]).article_id
            article = store.articles.get(ident)
            assert article is not None
            parts = source_parts(article, seed_file(article, tmp_path / "seeds"))
            assert len(parts) == (4 if n % 2 else 3), parts
            assert_markdown_safe(brief_markdown(article.title, article.brief, parts=parts))


def test_the_html_check_catches_what_it_must():
    """The HTML check that `digest --html` will be held to (see tests/safety.py)."""
    assert_html_safe("<html><body><h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"
                     '<a href="https://example.org/">ok</a></body></html>')
    for bad in ("<script>alert(1)</script>", '<img src=x onerror="alert(1)">',
                '<a href="javascript:alert(1)">x</a>', '<a href=" jav&#x09;ascript:x">x</a>',
                '<iframe src="data:text/html,x"></iframe>', "<p>\x1b[31mred</p>",
                '<meta http-equiv="refresh" content="0;url=javascript:x">',
                '<p style="background:url(javascript:x)">x</p>', "<svg onload=alert(1)>"):
        with pytest.raises(AssertionError):
            assert_html_safe(f"<html><body>{bad}</body></html>")


def test_digest_output_is_inert(tmp_path, monkeypatch):
    """Points the checks at `briefing digest` once the lead's command exists."""
    if "digest" not in main.commands:
        pytest.skip("`briefing digest` is not written yet")
    monkeypatch.setenv("BRIEFING_CONFIG", str(write_config(tmp_path, [])))
    raw_database(tmp_path / "briefing.db")
    checks = {"html": assert_html_safe, "md": assert_markdown_safe, "json": assert_json_safe}
    for fmt, check in checks.items():
        out = tmp_path / f"digest.{fmt}"
        result = CliRunner().invoke(main, ["digest", "--since", "1w", "--format", fmt,
                                           "-o", str(out)])
        if result.exit_code == 2:
            pytest.skip(f"digest options changed: {result.output}")
        assert result.exit_code == 0, result.output
        assert_terminal_safe(result.output, "digest messages")
        check(out.read_text(encoding="utf-8"), f"digest --format {fmt}")


async def test_tui_after_a_real_hostile_refresh(tmp_path, feed_server):
    from tests.tui.conftest import make_app, make_settings
    from tests.tui.test_hostile import screen_text

    urls = hostile_feeds(feed_server)
    settings = dataclasses.replace(
        make_settings(tmp_path), feeds=tuple(FeedConfig(u) for u in urls),
        fetch=FetchSettings(connect_timeout=2, read_timeout=2, workers=1))
    app = make_app(settings)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.store.articles.count() == len(HOSTILE_TITLES) // 2 * 3
        for _ in range(len(HOSTILE_TITLES) * 2):
            lines = screen_text(app)
            for line in lines:
                assert_terminal_safe(line, "TUI line")
            await pilot.press("j")
            await pilot.pause()
        assert app.is_running
        await pilot.press("enter")
        await pilot.pause()
        for line in screen_text(app):
            assert_terminal_safe(line, "reader line")


def test_every_character_stripped_is_one_a_printable_text_cannot_hold():
    """`strip_controls` returns a text printable but for its newlines unchanged without its
    regexes: safe only while everything they remove (and every sequence's first character)
    is unprintable, and a newline is none of it."""
    from briefing import sanitize

    removed = [chr(c) for c in range(0x110000)
               if sanitize._CONTROLS.fullmatch(chr(c)) or sanitize._INVISIBLES.fullmatch(chr(c))
               or sanitize._ESCAPE_SEQUENCES.match(chr(c))]
    assert len(removed) > 60 and not any(ch.isprintable() for ch in removed)
    assert not any(ch.isprintable() for ch in "\r\n\t")
    assert "\n" not in removed
    assert strip_controls("First line.\n\nSecond line.") == "First line.\n\nSecond line."
    assert strip_controls("First\r\nline\x1b[31m.\n\u200bSecond\tline.") == (
        "First\nline.\nSecond line.")


def test_a_long_reason_is_cut_between_words_never_inside_one():
    from briefing.sanitize import clean_inline

    reason = "page: HTTP 404; no text in the page or the feed; the subscription was updated"
    cut = clean_inline(reason, 40, whole_words=True)
    assert cut == "page: HTTP 404; no text in the page or…"
    assert clean_inline(reason, 500, whole_words=True) == reason
    assert clean_inline("x" * 50, 20, whole_words=True) == "x" * 19 + "…"  # one long word
