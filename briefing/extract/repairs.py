"""Repairs to trafilatura's output that the page itself can settle: a site name trailing
the title, a placeholder byline, a standfirst or drop cap that extraction dropped."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
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
_JOINED_TAIL = re.compile(r"^(?P<head>.+?)\s*[-_|｜]\s*(?P<tail>[^-_|｜\s]{2,30})$")
"""A site name joined without spaces ("...英雄的城！-新华网")."""
_SECTION_WORDS = 2
"""A segment that stays after the site's tail goes is a section or place label when it
repeats the site's tail ("Nassau / Paradise Island, Bahamas"), or is this many
capitalised words at most ("News", "World News"; not "Thousands evacuated")."""
_STATUS_LABEL = re.compile(
    r"^(?:update[sd]?|breaking(?: news)?|live(?: updates?| blog)?|developing(?: story)?|"
    r"just in)\s*(?:\||:|-|–|—)\s+(?=\S)", re.IGNORECASE)
"""A label that dates the story rather than names it ("Update | ...", "LIVE: ...")."""


def _host(url: str | None) -> str:
    try:
        return (urlsplit(url).hostname or "") if url else ""
    except ValueError:
        return ""


def _site_names(site: str | None, url: str | None, also: Iterable[str]) -> set[str]:
    names = {_squash(site)} if site else set()
    hosts = [_host(url), *(name for name in (site or "", *also) if "." in name and " " not in name)]
    names |= {_squash(label) for host in hosts for label in host.split(".")
              if len(label) >= 4 and label.lower() != "www"}
    names |= {squashed for name in also if len(squashed := _squash(name)) >= 3}
    names.discard("")
    return names


def _names_site(tail: str, names: set[str]) -> bool:
    tail = _squash(tail)
    return bool(tail) and any(
        tail == name or name in tail or (tail in name and 2 * len(tail) >= len(name))
        for name in names)


def _is_section_label(segment: str, site_tail: str, head: str) -> bool:
    """Whether `segment`, left between the headline `head` and the site's tail, labels a
    section or place. Capitals alone say so only when the headline is not itself in
    Title Case ("Fed Raises Rates Again | Markets Rally | CNBC" keeps its second clause)."""
    words = segment.split()
    head_words = head.split()
    title_case = not head.isupper() and sum(w[:1].isupper() for w in head_words) > len(head_words) / 2
    return (0 < len(words) <= 6 and len(segment) <= 40 and not any(c in segment for c in "?!:")
            and (_squash(segment) in _squash(site_tail) or (
                not title_case and len(words) <= _SECTION_WORDS
                and all(w[:1].isupper() for w in words)
                and not any(c.isdigit() for c in segment))))


def may_end_in_site_name(title: str) -> bool:
    """Whether `title_without_site` could cut anything from `title`: only a title with a
    separator or a joined tail can end in a site's name, so only then do the names a page
    gives itself (`home_link_names`) matter."""
    return any(sep in title for sep in _TITLE_SEPARATORS) or _JOINED_TAIL.match(title) is not None


def title_without_site(title: str, site: str | None, url: str | None,
                       also: Iterable[str] = ()) -> str:
    """The title without a trailing site name ("Headline | The Japan Times"): the reader
    names the source beside every title already. The tail goes only when it names the
    site (its site name, the main label of its host, or a name in `also`, such as its
    links home call it) and a headline stays before it. Short section or place labels
    left before that tail go with it ("Headline | Nassau, Bahamas | Bahamas Local")."""
    names = _site_names(site, url, also)
    for separator in _TITLE_SEPARATORS:
        head, found, tail = title.rpartition(separator)
        if not found or len(head.strip()) < 10 or not _names_site(tail, names):
            continue
        while True:
            rest, found, segment = head.rpartition(separator)
            if not found or len(rest.split()) < 4 or not _is_section_label(segment, tail, rest):
                return head.strip()
            head = rest
    joined = _JOINED_TAIL.match(title)
    if joined and len(joined["head"]) >= 6 and _squash(joined["tail"]) in names:
        return joined["head"].strip()
    return title


_CAPTION_WORDS = 5
"""A caption after the headline is a few words; a longer tail or a question ("... - what
happens now?") is the headline's own second half."""


def without_caption(title: str, tree: HtmlElement) -> str:
    """The page's headline (its <h1>) when the title is that headline with more after a
    separator and a caption of a few words: a slide's or section's label ("The iPhone SE is
    in India, here's all we know - Not a flagship"), which the headline leaves out."""
    for element in tree.xpath("//body//h1")[:1]:
        heading = clean_inline(element.text_content())
        if len(heading.split()) < 4 or not title.startswith(heading):
            continue
        rest = title[len(heading):]
        caption = rest.lstrip(" -–—|·:/")
        if (rest.startswith(_TITLE_SEPARATORS) and len(caption.split()) <= _CAPTION_WORDS
                and not any(c in caption for c in "?!")):
            return heading
    return title


def without_status_label(title: str) -> str:
    """The title without a label that only dates it ("Update | Crash victims named")."""
    rest = _STATUS_LABEL.sub("", title, count=1)
    return rest if len(rest.split()) >= 3 else title


_UNREAD_COUNT = re.compile(r"^\(\d{1,4}\+?\)\s+")


def without_unread_count(title: str, tree: HtmlElement) -> str:
    """The title without a browser's unread count ("(16) Headline"), which a saved page
    carries in its <title> only: a count its headline or og:title also shows is the
    story's own (an episode number)."""
    count = _UNREAD_COUNT.match(title)
    if not count:
        return title
    shown = tree.xpath("//meta[@property='og:title']/@content|//body//h1")
    if any(clean_inline(item if isinstance(item, str) else item.text_content()
                        ).startswith(count.group().strip()) for item in shown):
        return title
    return title[count.end():]


def _is_address(host: str) -> bool:
    """Whether a host is a bare IP address or localhost rather than a site's name."""
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return host == "localhost"
    return True


def home_link_names(tree: HtmlElement, url: str | None) -> list[str]:
    """What the page calls itself on its links home (to "/" or its host's root): their
    text, title and image alt ("新华网", "BahamasLocal.com"). With no URL known, the
    first link to a site's root around an image stands for the page's logo."""
    host = _host(url).removeprefix("www.")
    if _is_address(host):  # a page saved or served locally: its host names no site
        host = ""
    names: list[str] = []
    for link in tree.xpath("//body//a[@href]")[:400]:
        try:
            parts = urlsplit(link.get("href", "").strip())
        except ValueError:  # "//[not-an-address]/"
            continue
        if parts.path not in ("", "/") or parts.query or not (parts.netloc or parts.path):
            continue
        if parts.netloc and parts.netloc.removeprefix("www.") != host and (
                host or not link.xpath(".//img") or names):
            continue
        names += [clean_inline(link.text_content()), link.get("title") or "",
                  *link.xpath(".//img/@alt")]
    return [name for name in names if 0 < len(name) <= 40]


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


def is_placeholder_title(title: str, site: str | None, url: str | None = None) -> bool:
    """True when a title is no headline: empty, a CMS's name ("escenic"), the site's, or
    the site's name with a word or two: a newsletter or section ("Axios Future")."""
    squashed = _squash(title)
    if not squashed or squashed in _PLACEHOLDER_TITLES:
        return True
    names = _site_names(site, url, ())
    if squashed in names:
        return True
    words = title.split()  # "Axios Future": the site's name, then a capitalised label
    return len(words) <= 3 and any(
        _squash(" ".join(words[:n])) in names and all(w[:1].isupper() for w in words[n:])
        for n in range(1, len(words)))


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
