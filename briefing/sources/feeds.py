"""Feed documents (RSS 0.9x-2.0, RSS 1.0, Atom, JSON-less) -> clean entries, with feedparser.

feedparser only ever sees bytes we fetched: it must never fetch a URL itself. A "bozo"
(ill-formed) document still yields the entries feedparser could recover; the reason is
kept so `feeds list` can show it.
"""

from __future__ import annotations

import calendar
import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from briefing.extract.cleanup import repair_text
from briefing.extract.encoding import wide_encoding
from briefing.sanitize import clean_block, clean_inline, strip_controls
from briefing.sources.dates import written_date
from briefing.urls import canonical_url, resolve

_BLOCKS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
           "blockquote", "pre", "table", "tr", "section", "article", "figure", "hr"}
_TAGS = re.compile(r"<[a-zA-Z/!?]")
_STRIP_TAGS = re.compile(r"<[^>]*>")
_BENIGN = ("NonXMLContentType",)  # no or a text/* Content-Type: the document itself is fine
_ITEM_END = re.compile(rb"</(?:item|entry)\s*>")
_ITEM_START = re.compile(rb"<(?:item|entry)[\s>]")
_ROOT_END = re.compile(rb"</(?:rss|feed|rdf:RDF)\s*>")
HEAD_ITEMS = 20
"""Items of a document's head: enough to know a feed and its title (`feed_head`)."""


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed, cleaned: safe text, an absolute http(s) link or None."""

    guid: str | None
    link: str | None
    title: str
    text: str
    """The item's own content, else its summary, as plain text (may be empty)."""
    author: str | None
    published: datetime | None
    canonical: str | None = None
    """`link` in its canonical spelling (the entry's identity), computed here, in the
    worker that parses the feed, rather than for every entry on the event loop."""
    refused_link: str | None = None
    """The item's link when it is not an http(s) address ("javascript:…", "mailto:…"),
    on one safe line: `link` is then None, and `feeds check` says why."""


@dataclass(frozen=True)
class ParsedFeed:
    """A parsed feed document."""

    title: str
    site_url: str | None
    entries: tuple[FeedEntry, ...]
    is_feed: bool
    """False when the document is not a feed at all (an HTML page, an error page...)."""
    problem: str | None = None
    """Why the document is ill-formed, when it is (its good entries are still here)."""
    alternates: tuple[str, ...] = ()
    """For an HTML page: the feeds it names (<link rel="alternate">), http(s) only."""
    every_item: bool = False
    """Ill-formed, yet as many entries were read as the document has whole items: the
    fault lost none of them (a stray control byte, say)."""


_DOCUMENT = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype|html|head)\b", re.IGNORECASE | re.DOTALL)
"""A value that is a whole HTML document, not a fragment."""


def html_to_text(value: str | None) -> str:
    """An HTML fragment (or plain text) as clean paragraphs."""
    value = strip_controls(value or "")
    if not value.strip():
        return ""
    if not _TAGS.search(value):
        return clean_block(html.unescape(value))
    import lxml.html  # here, as feedparser below: only the worker processes parse feeds
    from lxml import etree

    try:
        # Opened, never closed: lxml's own wrapper for a fragment closes it with
        # "</body></html>", which an unclosed <title> or <textarea> (raw text to the end)
        # would swallow as its text.
        root = lxml.html.document_fromstring("<html><body>" + value).body
        # A whole document's head (its <title>) is no text of the item; a fragment's
        # <title> left open holds text ("Broken<item><title>x").
        document = _DOCUMENT.match(value) is not None
        for bad in root.xpath("//script|//style|//noscript|//iframe|//object|//template"
                              + ("|//head|//title" if document else "")):
            bad.drop_tree()
        for element in root.iter():
            if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
                element.tail = "\n" + (element.tail or "")
                element.text = "\n" + (element.text or "")
    except (etree.ParserError, ValueError):  # ValueError: "&#1;" parsed to a control char
        return clean_block(html.unescape(_STRIP_TAGS.sub(" ", value)))
    return clean_block(root.text_content())


def entry_date(entry: Any) -> datetime | None:
    """An entry's published (else updated) time in UTC; None when missing or absurd.

    A date in the future is kept here: the refresh judges it against the app's clock."""
    for name in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = dict.get(entry, name)  # plain lookup: skips feedparser's deprecated aliasing
        if not parsed:
            continue
        try:
            when = datetime.fromtimestamp(calendar.timegm(parsed), UTC)
        except (OverflowError, ValueError, TypeError):
            continue
        if when.year >= 1990:
            return when
    for name in ("published", "updated", "created"):  # a date in another language
        raw = dict.get(entry, name)
        when = written_date(raw) if isinstance(raw, str) else None
        if when is not None and when.year >= 1990:
            return when
    return None


def _entry_text(entry: Any) -> str:
    best = ""
    for content in entry.get("content") or ():
        text = html_to_text(content.get("value"))
        if len(text) > len(best):
            best = text
    summary = html_to_text(entry.get("summary"))
    # As in a page's text: a sentence that a line break cut in two is whole again.
    return repair_text(best if len(best) >= len(summary) else summary)


def _entry(entry: Any, base: str) -> FeedEntry:
    raw_link = entry.get("link")
    link = resolve(base, raw_link)
    if link is None:  # some feeds put the article URL only in the guid
        guid_link = entry.get("id") if entry.get("guidislink", True) else None
        link = resolve(base, guid_link) if guid_link and "://" in guid_link else None
    # A link the item gives that is no http(s) address; not a guid feedparser copied as
    # the link (an RSS guid is a permalink unless it says not), which is only an id.
    from_guid = entry.get("guidislink", False) and raw_link == entry.get("id")
    refused = (clean_inline(raw_link, limit=200) or None
               if link is None and isinstance(raw_link, str) and not from_guid else None)
    guid = clean_inline(entry.get("id"), limit=1000) or None
    title = clean_inline(html_to_text(entry.get("title"))) if entry.get("title") else ""
    return FeedEntry(
        guid=guid,
        link=link,
        title=title,
        text=_entry_text(entry),
        author=clean_inline(entry.get("author")) or None,
        published=entry_date(entry),
        canonical=canonical_url(link) if link else None,
        refused_link=refused,
    )


_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
               "application/feed+json", "application/xml", "text/xml")


def feed_links(data: bytes, url: str) -> tuple[str, ...]:
    """The feeds an HTML page names with <link rel="alternate" type="...">, absolute."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(bytes(data))
    except (etree.ParserError, ValueError):
        return ()
    found = []
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        if "alternate" in rel and kind in _FEED_TYPES:
            href = resolve(url, link.get("href"))
            if href:
                found.append(href)
    return tuple(dict.fromkeys(found))[:5]


_WIDE_DECLARATION = re.compile(
    rb"""^(\s*<\?xml[^>]{0,200}?encoding\s*=\s*["'])(?:utf|ucs)-?(?:16|32|2|4)[^"']{0,8}""",
    re.IGNORECASE)


def honest_declaration(data: bytes) -> bytes:
    """A document that declares UTF-16 or UTF-32 but is written in bytes of UTF-8 (no
    byte-order mark, no zero bytes), with the declaration saying so: feedparser believes
    the declaration and finds no feed in the result."""
    match = _WIDE_DECLARATION.match(data)
    if match is None or wide_encoding(data) is not None or b"\x00" in data[:4096]:
        return data
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    return match.group(1) + b"utf-8" + data[match.end():]


def feed_head(data: bytes, items: int = HEAD_ITEMS) -> bytes:
    """The document up to the end of its `items`-th item, or whole when it has fewer (or
    is in an encoding whose bytes are not ASCII's, such as UTF-16). Parsed, the head says
    whether the document is a feed and its title as the whole does, in a fraction of the
    time for a feed of thousands of items; it is cut short, so it is ill-formed."""
    for count, end in enumerate(_ITEM_END.finditer(data), 1):
        if count == items:
            return data[:end.end()]
    return data


def _problem(exc: object) -> str:
    """What was wrong with a feed document, in words rather than the parser's class name
    (its line numbers count lines feedparser adds, so they are left out)."""
    if exc is None:
        return "ill-formed"
    message = getattr(exc, "getMessage", None)
    if callable(message):  # xml.sax's SAXParseException
        return f"broken XML: {message()}"
    return f"{type(exc).__name__}: {exc}"


def parse_feed(data: bytes, url: str, content_type: str | None = None) -> ParsedFeed:
    """Parse a fetched feed document; never raises for bad input."""
    # feedparser is not told the document's URL: it would join it with the xml:base of
    # every element, a third of its time, for links that `_entry` resolves anyway. Nor
    # does it sanitize or resolve links inside content: `html_to_text` keeps only the
    # text (dropping scripts and the like, whose code a sanitized <script> left as text).
    headers = {"content-type": content_type} if content_type else {}
    data = honest_declaration(bytes(data))
    import feedparser

    try:
        parsed = feedparser.parse(bytes(data), response_headers=headers, sanitize_html=False,
                                  resolve_relative_uris=False)
    except Exception as err:  # feedparser is robust, but a feed is hostile input
        return ParsedFeed("", None, (), False, f"unparseable: {type(err).__name__}")
    feed = parsed.get("feed", {})
    entries = tuple(_entry(e, url) for e in parsed.get("entries", ()))
    is_feed = bool(parsed.get("version")) or bool(entries)
    problem = None
    exc = parsed.get("bozo_exception")
    if parsed.get("bozo") and type(exc).__name__ not in _BENIGN:
        problem = clean_inline(_problem(exc), 300)
    return ParsedFeed(
        title=clean_inline(html_to_text(feed.get("title"))),
        site_url=resolve(url, feed.get("link")),
        entries=entries,
        is_feed=is_feed,
        problem=problem,
        alternates=() if is_feed or not data.strip() else feed_links(data, url),
        every_item=problem is not None and _every_item_read(data, len(entries)),
    )


def _every_item_read(data: bytes, entries: int) -> bool:
    """`entries` were read from an ill-formed document that holds as many items, each
    closed, and that ends (its root element closes after the last item): none was lost
    to the fault. Unsure (no item tags found, as in UTF-16, an item left open, or a
    document that breaks off between two items) is False."""
    opened = len(_ITEM_START.findall(data))
    ends = list(_ITEM_END.finditer(data))
    return (0 < opened == len(ends) <= entries
            and _ROOT_END.search(data, ends[-1].end()) is not None)
