"""Zero-width joiners through trafilatura, which drops every character that is not
printable, U+200C (ZWNJ) and U+200D (ZWJ) with the rest, so a Persian word lost its
half-space. They are held as printable stand-ins while it works, then put back."""

from __future__ import annotations

from lxml import etree
from lxml.html import HtmlElement

from briefing.sanitize import ZWJ, ZWNJ, strip_controls

_STAND_INS = {ZWNJ: "\U00010000", ZWJ: "\U00010001"}
"""Two Linear B syllables: printable letters (so kept, and inside the word for any
heuristic), unchanged by NFC, and found on no news page (a page that holds one is not
held)."""



def _is_address(value: str) -> bool:
    return "://" in value or value.lstrip().startswith("/")


def _held_text(tree: HtmlElement) -> tuple[str, list[HtmlElement]]:
    """All the page's text and the text of the metas that would be held, as one string,
    and those metas: what is searched for joiners (decoded, so whatever the page's
    encoding or its references)."""
    # trafilatura's metadata reads the text of every element and, of the attributes,
    # the content of the head's metas (`examine_meta`). No other attribute is held, nor a
    # meta that gives an address: links stay as the page wrote them, so an address with a
    # joiner is read as before.
    head = tree.find("head")
    metas = [] if head is None else [m for m in head.iterchildren("meta")
                                     if m.get("content") and not _is_address(m.get("content"))]
    text = etree.tostring(tree, method="text", encoding=str)
    return "".join([text, *(m.get("content", "") for m in metas)]), metas


def _swap(text: str | None) -> str | None:
    if not text or (ZWNJ not in text and ZWJ not in text):
        return text
    return text.replace(ZWNJ, _STAND_INS[ZWNJ]).replace(ZWJ, _STAND_INS[ZWJ])


def hold_joiners(tree: HtmlElement) -> bool:
    """Replace the joiners in a page's text and in the metas its metadata reads by their
    stand-ins, in place; True if any was (so `release_joiners` is needed on what is read
    from it). A page that holds a stand-in already is left alone."""
    text, metas = _held_text(tree)
    if (ZWNJ not in text and ZWJ not in text) or any(c in text for c in _STAND_INS.values()):
        return False
    for element in tree.iter():
        element.text, element.tail = _swap(element.text), _swap(element.tail)
    for meta in metas:
        meta.set("content", _swap(meta.get("content")) or "")
    return True


def release_joiners(text: str | None) -> str | None:
    """Text read from a held page with its joiners back, where the sanitizer keeps them."""
    if not text or not any(c in text for c in _STAND_INS.values()):
        return text
    return strip_controls(text.replace(_STAND_INS[ZWNJ], ZWNJ).replace(_STAND_INS[ZWJ], ZWJ))
