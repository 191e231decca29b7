"""Zero-width joiners through trafilatura, which drops every character that is not
printable, U+200C (ZWNJ) and U+200D (ZWJ) with the rest, so a Persian word lost its
half-space. They are held as printable stand-ins while it works, then put back."""

from __future__ import annotations

from lxml import etree
from lxml.html import HtmlElement

from briefing.sanitize import ZWJ, ZWNJ, strip_controls

_STAND_INS = {ZWNJ: "\U00010000", ZWJ: "\U00010001"}
"""Two Linear B syllables: printable letters (so kept, and inside the word for any
heuristic), unchanged by NFC, and found on no news page (checked before use)."""

_HAS = 'contains(., "{0}") or contains(., "{1}")'
_HOLDS_JOINERS = etree.XPath(f"boolean(//text()[{_HAS.format(ZWNJ, ZWJ)}]"
                             f" | //@*[{_HAS.format(ZWNJ, ZWJ)}])")
_HOLDS_STAND_INS = etree.XPath(f"boolean(//text()[{_HAS.format(*_STAND_INS.values())}]"
                               f" | //@*[{_HAS.format(*_STAND_INS.values())}])")


_MARKS = (ZWNJ, ZWJ, "&zw", "&#820", "&#x200")
"""What a joiner looks like in a page's source: itself, or a character reference
("&zwnj;", "&#8204;", "&#x200c;"; a few other references match, then the tree says)."""
_MARKS_BYTES = tuple(mark.encode() for mark in _MARKS)


def may_hold_joiners(document: str | bytes) -> bool:
    """Whether a page's source may hold a joiner: a cheap look before the tree is
    searched. Bytes are looked at as UTF-8 (a page in another encoding keeps its joiners
    only when it writes them as references)."""
    if isinstance(document, bytes):
        return any(mark in document for mark in _MARKS_BYTES)
    return any(mark in document for mark in _MARKS)


def _swap(text: str | None) -> str | None:
    if not text or (ZWNJ not in text and ZWJ not in text):
        return text
    return text.replace(ZWNJ, _STAND_INS[ZWNJ]).replace(ZWJ, _STAND_INS[ZWJ])


def hold_joiners(tree: HtmlElement) -> bool:
    """Replace the joiners in a page's text and attributes by their stand-ins, in place;
    True if any was (so `release_joiners` is needed on what is read from it)."""
    if not _HOLDS_JOINERS(tree) or _HOLDS_STAND_INS(tree):
        return False
    for element in tree.iter():
        element.text, element.tail = _swap(element.text), _swap(element.tail)
        if isinstance(element.tag, str):
            for name, value in element.attrib.items():
                element.attrib[name] = _swap(value) or ""
    return True


def release_joiners(text: str | None) -> str | None:
    """Text read from a held page with its joiners back, where the sanitizer keeps them."""
    if not text or not any(c in text for c in _STAND_INS.values()):
        return text
    return strip_controls(text.replace(_STAND_INS[ZWNJ], ZWNJ).replace(_STAND_INS[ZWJ], ZWJ))
