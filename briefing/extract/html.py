"""HTML page -> clean article text and metadata, with trafilatura."""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime

from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_author,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import DEFAULT_CONFIG, Document
from trafilatura.utils import load_html

from briefing.extract.cleanup import drop_non_prose, holds_words
from briefing.extract.joiners import hold_joiners, release_joiners
from briefing.extract.repairs import (
    headline_for,
    home_link_names,
    is_placeholder_title,
    may_end_in_site_name,
    missing_standfirst,
    one_real_sentence,
    person_or_none,
    restore_drop_cap,
    title_without_site,
    without_caption,
    without_status_label,
    without_unread_count,
)
from briefing.sanitize import clean_block, clean_inline, strip_escape_sequences
from briefing.urls import is_http_url

MIN_TEXT_CHARS = 200
"""Less text than this is treated as a failed extraction (paywall, teaser, error page)."""
FULL_CASCADE_BELOW = 500
"""When the fast extraction gives less text than this (about 80 words, shorter than
almost any article), it probably missed the body (a slideshow, an unusual layout), so
trafilatura's full cascade runs too (its own extractor compared with readability and
jusText) and the longer text wins (bench/EXTRACT.md weighs the threshold's gain against
its cost)."""
EXTRACTION_SETTINGS = {"include_comments": False, "include_tables": False,
                       "include_images": False, "favor_precision": True}
"""How briefing calls trafilatura's `bare_extraction`: the article's prose alone, no
comments, tables or images, and precision over recall (bench_refresh.py's baseline
calls it with these too)."""
MAX_FILE_SIZE = DEFAULT_CONFIG.getint("DEFAULT", "MAX_FILE_SIZE")
"""trafilatura's own limit on a (decompressed) page, as bare_extraction applies it."""


@dataclass(frozen=True)
class ExtractedPage:
    """What trafilatura found in a page, cleaned and safe to store."""

    title: str
    text: str
    author: str | None
    published: datetime | None
    site: str | None
    language: str | None
    canonical_url: str | None


LATEST_DATE = "2999-12-31"
"""The latest date a page may carry (htmldate needs a bound)."""


def parse_date(value: str | None) -> datetime | None:
    """An ISO date or datetime as an aware UTC datetime, or None when unusable."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if not 1990 <= parsed.year <= 2100:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def page_metadata(tree: HtmlElement, url: str | None = None) -> Document:
    """The metadata we store: title, author, canonical URL, date and site name.

    trafilatura's `extract_metadata` in its own order, minus what we never use and
    most of its cost lies in: categories, tags and licence. The date search is not
    "extensive": that mode sends unusual date strings to dateparser, whose first use in
    a process compiles regexes for hundreds of locales (seconds, in every worker), for
    dates the pages hardly ever need (bench/EXTRACT.md).
    tests/test_extract_metadata.py checks these fields against `extract_metadata`.
    """
    meta = examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None
    with suppress(Exception):  # as trafilatura does: its JSON-LD reader has bugs
        meta = extract_meta_json(tree, meta)
    if not meta.title:
        meta.title = extract_title(tree)
    if not meta.author:
        meta.author = extract_author(tree)
    if not meta.url:
        meta.url = extract_url(tree, url)
    # Any date up to LATEST_DATE: whether it is in the future is judged against the app's
    # clock where the page is stored (htmldate's default bound reads the wall clock).
    meta.date = find_date(tree, url=meta.url, original_date=True, extensive_search=False,
                          max_date=LATEST_DATE)
    if not meta.sitename:
        meta.sitename = extract_sitename(tree)
    if meta.sitename:
        meta.sitename = meta.sitename.lstrip("@")
        if "." not in meta.sitename and not meta.sitename[0].isupper():
            meta.sitename = meta.sitename.title()
    elif meta.url and (match := META_URL.match(meta.url)):
        meta.sitename = match[1]
    meta.clean_and_trim()
    return meta


_POSTS = ("twitter-tweet", "twitter-video", "instagram-media", "tiktok-embed", "text-post-media",
          "bluesky-embed", "reddit-embed-bq")
_LINE_BREAKS_IN_POSTS = "//blockquote[{}]//br".format(" or ".join(
    f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')" for name in _POSTS))


def join_embedded_posts(tree: HtmlElement) -> None:
    """Each embedded social post's text as one paragraph (its line breaks made spaces),
    so the paragraph above the post's credit is the whole post (see
    `without_embedded_posts`)."""
    for br in tree.xpath(_LINE_BREAKS_IN_POSTS):
        br.tail = " " + (br.tail or "")
        br.drop_tree()


# A box holding the blog's next or previous post, its teaser cut or whole
# (`<div class="nextstory">`): trafilatura's own rule drops "next-…" classes alone.
_NEXT_POST = re.compile(r"(?:^|[\s_-])(?:next|prev|previous|up)[-_]?(?:story|stories|post|posts|"
                        r"article|articles|next)(?:$|[\s_-])", re.IGNORECASE)
_MAY_BE_NEXT_POST = ("//*[self::div or self::section or self::aside or self::li]"
                     "[contains(translate(@class, 'NEXTPRVOU', 'nextprvou'), 'next')"
                     " or contains(translate(@class, 'NEXTPRVOU', 'nextprvou'), 'prev')"
                     " or contains(translate(@id, 'NEXTPRVOU', 'nextprvou'), 'next')"
                     " or contains(translate(@id, 'NEXTPRVOU', 'nextprvou'), 'prev')]"
                     "[not(.//h1)]")  # a box holding the page's headline holds the article
_SPACES = re.compile(r"\s+")
_TEASER_CHARS = 40
"""A shorter line ("READ THE REST") may stand in the article too: it is left to the rules
on furniture."""


def next_post_text(tree: HtmlElement) -> str:
    """The text of the boxes that hold another post of the site, the next or previous
    story (class or id "nextstory", "next-post", "prev_article", "upnext"), spaces
    collapsed; "" when the page has none."""
    texts = []
    for box in tree.xpath(_MAY_BE_NEXT_POST):
        if _NEXT_POST.search(f"{box.get('class', '')} {box.get('id', '')}"):
            texts.append(_SPACES.sub(" ", box.text_content()))
    return "\n".join(texts)


def without_next_posts(text: str, teasers: str) -> str:
    """The text without the paragraphs that the page's next-post boxes hold: trafilatura
    reads such a box as the article's last paragraph when the teaser runs whole. A box
    that holds the text's first paragraph holds the article itself (its class names the
    post that follows it, say), and the text stays whole."""
    if not teasers:
        return text
    paragraphs = text.split("\n\n")
    teaser = [len(line) >= _TEASER_CHARS and _SPACES.sub(" ", line.strip()) in teasers
              for line in paragraphs]
    if not any(teaser) or teaser[0]:
        return text
    return "\n\n".join(line for line, drop in zip(paragraphs, teaser, strict=True) if not drop)


def _main_text(page: HtmlElement | str | bytes, url: str | None, *,
               fast: bool) -> tuple[Document | None, str]:
    """trafilatura's extraction of the article body, as cleaned prose ("" when none)."""
    try:
        doc = bare_extraction(page, url=url, fast=fast, **EXTRACTION_SETTINGS)
    except Exception:  # trafilatura raises on some broken trees; one bad page is not fatal
        return None, ""
    if doc is None or not doc.text:
        return None, ""
    return doc, drop_non_prose(clean_block(doc.text))


MAX_TAGS = 100_000
"""More tags than this (ten times the busiest real page we have seen) is not an article
but a document built to make extraction take minutes: it is not extracted."""


def tag_count(html: str | bytes) -> int:
    """How many tags (well, "<") a document holds: a cheap bound before parsing."""
    return html.count(b"<" if isinstance(html, bytes) else "<")


def extract_page(html: str | bytes, url: str | None = None) -> ExtractedPage | None:
    """The main text of a news page, or None when there is too little to be an article,
    no real word (`holds_words`) or more than MAX_TAGS tags."""
    if tag_count(html) > MAX_TAGS:
        return None
    html = strip_escape_sequences(html)
    try:
        tree = load_html(html, MAX_FILE_SIZE)
        if tree is None:
            return None
        held = hold_joiners(tree)
        meta = page_metadata(tree, url)
    except Exception:  # trafilatura raises on some broken trees; one bad page is not fatal
        return None
    url = url or meta.url
    with suppress(Exception):  # as above: an odd tree keeps its posts' line breaks
        join_embedded_posts(tree)
    teasers = ""
    with suppress(Exception):  # as above: an odd tree keeps its next post's teaser
        teasers = next_post_text(tree)
    doc, text = _main_text(tree, url, fast=True)  # bare_extraction works on a copy
    if len(text) < FULL_CASCADE_BELOW:
        retried, retried_text = _main_text(tree, url, fast=False)
        if len(retried_text) > len(text):
            doc, text = retried, retried_text
    text = without_next_posts(text, teasers)
    if doc is None or len(text) < MIN_TEXT_CHARS:
        # A paywalled page with one real sentence is briefed from that sentence.
        text = one_real_sentence(meta, text if doc is not None else "")
    if not holds_words(text):
        return None
    with suppress(Exception):  # as above: one odd tree is not fatal, the text stands
        text = restore_drop_cap(tree, text)
        if standfirst := missing_standfirst(tree, html, meta, text):
            text = f"{standfirst}\n\n{text}"
    title = clean_inline(meta.title or "")
    home_names: tuple[str, ...] = ()
    with suppress(Exception):  # as above: the tree's odd corners only lose these repairs
        title = without_unread_count(title, tree)
        if may_end_in_site_name(title):  # else the page's links home are not needed
            home_names = tuple(home_link_names(tree, meta.url or url))
    title = title_without_site(title, meta.sitename, meta.url or url, also=home_names)
    with suppress(Exception):  # as above
        if may_end_in_site_name(title):
            title = without_caption(title, tree)
    title = without_status_label(title)
    if is_placeholder_title(title, clean_inline(meta.sitename), meta.url or url):
        title = headline_for(tree, text)
    release = release_joiners if held else (lambda value: value)
    return ExtractedPage(
        title=release(title) or "",
        text=release(text) or "",
        author=release(person_or_none(clean_inline(meta.author))),
        published=parse_date(meta.date),
        site=release(clean_inline(meta.sitename)) or None,
        language=clean_inline(getattr(doc, "language", None)) or None,
        # trafilatura reads the URL from rel=canonical / og:url when the page has one.
        canonical_url=meta.url if is_http_url(meta.url) else None,
    )
