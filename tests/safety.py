"""Checks that output made from untrusted text is inert: for terminals, Markdown and HTML.

Each check raises AssertionError naming what leaked. They take the finished output, so
any command can be pointed at them (`digest` too, once it exists).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

import lxml.html

from tests.hostile import CONTROL_CHARS

# Tab is harmless in output files; everything else in CONTROL_CHARS is not.
_UNSAFE = CONTROL_CHARS - {"\t"}
_BAD_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base",
             "form", "link", "svg", "math"}
_URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster",
              "background", "srcset", "ping"}
_SAFE_SCHEMES = re.compile(r"^(?:https?:|mailto:|#|/|\.|[^:/?#]*(?:[/?#]|$))", re.I)


def unsafe_chars(text: str) -> list[str]:
    """The control, bidi and zero-width characters in `text` (empty when clean)."""
    return sorted({f"U+{ord(c):04X}" for c in text if c in _UNSAFE})


def assert_terminal_safe(text: str, what: str = "output") -> None:
    """Nothing in `text` can act on a terminal: no ESC, C0/C1, bidi or zero-width."""
    bad = unsafe_chars(text)
    assert not bad, f"{what} carries {', '.join(bad)}: {text[:300]!r}"


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def assert_json_safe(text: str, what: str = "JSON") -> Any:
    """Valid JSON whose raw text and every decoded string are terminal-safe; returns it."""
    assert_terminal_safe(text, what)
    try:
        data = json.loads(text)
    except json.JSONDecodeError:  # JSON lines
        data = [json.loads(line) for line in text.splitlines() if line.strip()]
    for s in _strings(data):
        assert_terminal_safe(s, f"{what} value")
    return data


def assert_markdown_safe(text: str, what: str = "Markdown") -> None:
    """Markdown in which outside text cannot become raw HTML or a script link: rendered
    as a viewer would (CommonMark, raw HTML allowed), the HTML must pass the HTML check."""
    from markdown_it import MarkdownIt

    assert_terminal_safe(text, what)
    rendered = MarkdownIt("commonmark", {"html": True}).render(text)
    assert_html_safe(f"<html><body>{rendered}</body></html>", f"{what} as HTML")


def assert_html_safe(document: str, what: str = "HTML") -> None:
    """An HTML document in which no script can run and no outside markup survived.

    No script-capable elements, no on* handlers, no javascript:/data:/file: URLs, no
    meta refresh, no control characters.
    """
    assert_terminal_safe(document, what)
    root = lxml.html.document_fromstring(document)
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        assert tag not in _BAD_TAGS, f"{what} has a <{tag}> element"
        if tag == "meta":
            assert (el.get("http-equiv") or "").lower() != "refresh", f"{what} meta refresh"
        for name, value in el.attrib.items():
            name = name.lower()
            assert not name.startswith("on"), f"{what} <{tag} {name}=...>"
            if name in _URL_ATTRS or name == "style":
                squeezed = re.sub(r"[\s\x00-\x20]+", "", value)
                if name == "style":
                    assert "url(" not in squeezed.lower() and "expression(" not in squeezed.lower(), \
                        f"{what} <{tag} style={value!r}>"
                else:
                    assert _SAFE_SCHEMES.match(squeezed), f"{what} <{tag} {name}={value!r}>"
