"""OPML 2.0 subscription lists, read and written as data (`briefing.sources.subscriptions`
reads a file that may be OPML or newsboat's urls file).

An imported file is untrusted: DTDs and entities are refused (no entity expansion, no
external fetches), and only http(s) feed URLs are accepted. Nested outlines become tags.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime

import defusedxml.ElementTree as defused
from defusedxml import DefusedXmlException

from briefing.config import FeedConfig
from briefing.sanitize import clean_inline
from briefing.urls import feed_url, is_http_url

MAX_OPML_BYTES = 5_000_000
MAX_DEPTH = 100
"""Folders nested deeper than this are skipped, with a line saying so."""
MAX_TAGS = 20
"""Most tags a feed gets from its folders and categories."""


class OpmlError(Exception):
    """A file that is not a usable OPML document; the message says why."""


@dataclass(frozen=True)
class OpmlImport:
    """The feeds found in an OPML file, and the outlines skipped (with why)."""

    feeds: tuple[FeedConfig, ...]
    skipped: tuple[tuple[str, str], ...] = field(default_factory=tuple)


def parse_opml(data: bytes) -> OpmlImport:
    """The feeds of an OPML document; raises OpmlError for a document that is not OPML."""
    if len(data) > MAX_OPML_BYTES:
        raise OpmlError(f"larger than {MAX_OPML_BYTES} bytes")
    try:
        # The parser itself refuses a DTD, in whatever encoding the document is written
        # (a byte search for "<!DOCTYPE" misses UTF-16).
        root = defused.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise OpmlError("DTDs and entities are not accepted in OPML") from None
    except ET.ParseError as err:
        raise OpmlError(f"not well-formed XML: {err}") from None
    except ValueError as err:  # expat: "multi-byte encodings are not supported" (UTF-32)
        raise OpmlError(f"cannot read its encoding: {err}") from None
    body = root.find("body")
    if root.tag != "opml" or body is None:
        raise OpmlError("not an OPML document (no <opml><body>)")
    feeds: dict[str, FeedConfig] = {}
    skipped: list[tuple[str, str]] = []
    _walk(body, feeds, skipped)
    return OpmlImport(tuple(feeds.values()), tuple(skipped))


def _walk(body: ET.Element, feeds: dict[str, FeedConfig],
          skipped: list[tuple[str, str]]) -> None:
    """Every outline in document order; folders tag the feeds inside them. A loop with
    its own stack, so thousands of nested folders cannot exhaust Python's."""
    stack: list[tuple[Iterator[ET.Element], tuple[str, ...]]] = [
        (iter(body.findall("outline")), ())]
    while stack:
        outline = next(stack[-1][0], None)
        if outline is None:
            stack.pop()
            continue
        tags = stack[-1][1]
        label = clean_inline(outline.get("title") or outline.get("text"), 200)
        url = (outline.get("xmlUrl") or "").strip()
        if not url:  # a folder: its name tags the feeds inside
            if len(stack) >= MAX_DEPTH:
                skipped.append((label or "(folder)", f"nested deeper than {MAX_DEPTH} folders"))
                continue
            stack.append((iter(outline.findall("outline")),
                          (*tags, label) if label and len(tags) < MAX_TAGS else tags))
            continue
        if not is_http_url(url):
            skipped.append((clean_inline(url, 200), "not an http(s) URL"))
            continue
        extra = [clean_inline(c.strip("/ "), 100)
                 for c in (outline.get("category") or "").split(",")]
        all_tags = tuple(dict.fromkeys(t for t in (*tags, *extra) if t))[:MAX_TAGS]
        name = label if label and label != url else None  # we write text=url when unnamed
        url = feed_url(url)
        feeds.setdefault(url, FeedConfig(url, name, all_tags))


def write_opml(feeds: Iterable[FeedConfig], *, title: str = "briefing feeds",
               now: datetime) -> str:
    """An OPML 2.0 document listing the feeds (tags as the `category` attribute)."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = format_datetime(now)
    body = ET.SubElement(root, "body")
    for feed in feeds:
        attrs = {"type": "rss", "text": feed.name or feed.url, "xmlUrl": feed.url}
        if feed.name:
            attrs["title"] = feed.name
        if feed.tags:
            attrs["category"] = ",".join(feed.tags)
        ET.SubElement(body, "outline", attrs)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
