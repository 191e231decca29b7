"""Repairs to trafilatura's output that the page itself can settle: a site name trailing
the title, a placeholder byline, a standfirst or drop cap that extraction dropped."""

from __future__ import annotations

from urllib.parse import urlsplit

from lxml.html import HtmlElement
from trafilatura.settings import Document

from briefing.extract.cleanup import is_not_prose
from briefing.sanitize import clean_inline


def _squash(name: str) -> str:
    """Letters and digits only, case-folded: "The Japan Times" -> "thejapantimes"."""
    return "".join(c for c in name.casefold() if c.isalnum())


_NOT_AN_AUTHOR = frozenset({
    "noauthor", "author", "authors", "articleby", "by", "postedby", "writtenby", "staff",
    "editorialstaff", "admin", "administrator", "webmaster", "unknown", "anonymous",
    "letters", "editor", "editors"})
"""Placeholders that pages put where a byline goes ("No Author", "Article by")."""


def person_or_none(author: str) -> str | None:
    """The byline, or None when it is empty or a placeholder."""
    return author if author and _squash(author) not in _NOT_AN_AUTHOR else None


_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " · ", " :: ", " // ")


def title_without_site(title: str, site: str | None, url: str | None) -> str:
    """The title without a trailing site name ("Headline | The Japan Times"): the reader
    names the source beside every title already. The tail goes only when it names the
    site (its site name, or the main label of its host) and a headline stays before it."""
    names = {_squash(site)} if site else set()
    host = urlsplit(url).hostname or "" if url else ""
    names |= {_squash(label) for label in host.split(".") if len(label) >= 4 and label != "www"}
    names.discard("")
    for separator in _TITLE_SEPARATORS:
        head, found, tail = title.rpartition(separator)
        if not found or len(head.strip()) < 10:
            continue
        tail = _squash(tail)
        if tail and any(tail == name or name in tail or (tail in name and 2 * len(tail) >= len(name))
                        for name in names):
            return head.strip()
    return title


STANDFIRST_MIN_CHARS = 60
_NOT_STANDFIRST = frozenset({"a", "h1", "li", "nav", "footer", "aside", "figure", "figcaption",
                             "button", "label", "option", "script", "style", "noscript"})


def missing_standfirst(tree: HtmlElement, html: str | bytes, meta: Document,
                       text: str) -> str | None:
    """The page's standfirst (the sentence under the headline) when `text`, the extracted
    article, lacks it: trafilatura's precision pass drops standfirsts as teasers. It is
    the meta description when that is a full sentence that the body also shows, outside
    links, lists, captions and navigation."""
    standfirst = clean_inline(meta.description or "")
    if (len(standfirst) < STANDFIRST_MIN_CHARS or standfirst.endswith(("...", "…"))
            or standfirst[:STANDFIRST_MIN_CHARS] in text or is_not_prose(standfirst)):
        return None
    if meta.title and _squash(standfirst)[:40] == _squash(meta.title)[:40]:
        return None  # the headline again
    probe = standfirst[:40]
    # Shown verbatim after <body>? A byte search rules out many pages before any XPath.
    data = html.encode("utf-8") if isinstance(html, str) else html
    if data.find(probe.encode("utf-8"), max(data.find(b"<body"), 0)) < 0:
        return None
    for element in tree.xpath("//body//*[contains(normalize-space(text()), $probe)]",
                              probe=probe):
        if element.tag not in _NOT_STANDFIRST and not any(
                parent.tag in _NOT_STANDFIRST for parent in element.iterancestors()):
            return standfirst
    return None


def restore_drop_cap(tree: HtmlElement, text: str) -> str:
    """`text` with the first letter of its opening paragraph back when the page set it
    apart as a drop cap ("<span>T</span><p>urkey, Poland ..."): trafilatura keeps the
    paragraph and drops the lone letter."""
    if not text[:1].islower():
        return text
    opening = " ".join(text[:60].split())
    for element in tree.xpath("//body//*[not(*)][string-length(normalize-space(.)) = 1]"):
        letter = (element.text or "").strip()
        following = element.getnext()
        if (letter.isupper() and following is not None
                and " ".join(following.text_content().split()).startswith(opening[:30])):
            return letter + text
    return text


_PLACEHOLDER_TITLES = frozenset({
    "escenic", "wordpress", "drupal", "joomla", "brightspot", "arcpublishing", "arc",
    "ghost", "typo3", "sitecore", "contentful", "wix", "squarespace", "blogger", "medium",
    "newspack", "polopoly", "ceros", "untitled", "untitleddocument", "home", "homepage",
    "index", "article", "news", "page", "document", "default", "loading"})
"""Titles that name the publishing system or nothing at all, not the story."""


def is_placeholder_title(title: str, site: str | None) -> bool:
    """True when a title is no headline: empty, a CMS's name ("escenic"), or the site's."""
    squashed = _squash(title)
    return not squashed or squashed in _PLACEHOLDER_TITLES or (
        bool(site) and squashed == _squash(site or ""))


_HEADLINE_CHARS = 120


def headline_for(tree: HtmlElement, text: str) -> str:
    """A headline when the page's title is none: its first <h1>, else the text's first
    sentence (cut at a word, at most 120 characters)."""
    for element in tree.xpath("//body//h1"):
        heading = clean_inline(element.text_content())
        if len(heading.split()) >= 3 and not is_placeholder_title(heading, None):
            return heading
    first = clean_inline(text.strip().split("\n", 1)[0])
    if len(first) <= _HEADLINE_CHARS:
        return first
    for end in (". ", "? ", "! "):
        if 0 < (cut := first.find(end)) < _HEADLINE_CHARS:
            return first[: cut + 1]
    return first[:_HEADLINE_CHARS].rsplit(" ", 1)[0] + "…"


def one_real_sentence(meta: Document, text: str) -> str:
    """For a page whose body yields too little (a paywall, a teaser), its one real
    sentence: the description when it reads as a sentence, with what the body gave."""
    description = clean_inline(meta.description or "")
    if (len(description.split()) < 8 or not description.endswith((".", "!", "?", "”", '"'))
            or is_not_prose(description)):
        return ""
    return f"{description}\n\n{text}".strip() if description not in text else text
