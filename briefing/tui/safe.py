"""Untrusted strings as Rich `Text`: never parsed as markup, never carrying escapes.

Textual passes ESC inside a Text through to the terminal, so control characters are
stripped here as well as at ingestion (an old database may predate a fix).
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from briefing.sanitize import ZWJ, clean_inline, strip_controls

LONG_WORD = 60


def cells_as_drawn(text: str) -> str:
    """Text as the reader draws it, without ZWJ: Rich counts the character after a ZWJ
    as no cell (an emoji sequence drawn as one glyph), but a terminal gives a letter
    after a kept joiner its own cell, so a panel's border would move and a joined word
    be cut; most terminals draw the letters alike with or without it."""
    return text.replace(ZWJ, "") if ZWJ in text else text


def _break_long_words(text: str) -> str:
    # A 500-character "word" (a URL, a hash) would push a panel wider than the screen;
    # zero-width break opportunities are not enough for every terminal, so use spaces.
    words = text.split(" ")
    if all(len(w) <= LONG_WORD for w in words):
        return text
    return " ".join(
        " ".join(w[i : i + LONG_WORD] for i in range(0, len(w), LONG_WORD)) if len(w) > LONG_WORD else w
        for w in words
    )


MAX_BLOCK = 3000
"""The most characters of one block shown in the brief: a point stored before points
were bounded (a whole page without a full stop) is cut, not wrapped for seconds."""


def safe_text(value: str | None, style: str = "", limit: int = MAX_BLOCK, *,
              break_words: bool = True) -> Text:
    """A block of untrusted text as Text, at most `limit` characters. Unless
    `break_words` is False, words longer than LONG_WORD are broken with spaces; False
    where Rich lays the text out itself: a long word is then folded once, at the width
    there is (broken at LONG_WORD first, it was folded again into a short piece)."""
    value = value or ""
    if len(value) > limit:
        value = value[:limit].rsplit(" ", 1)[0] + " …"
    value = cells_as_drawn(strip_controls(value))
    if break_words:
        return Text(_break_long_words(value), style=style)
    return Text(value, style=style, overflow="fold")  # folded, not cut, in a table cell too


def safe_line(value: str | None, style: str = "", limit: int = 300) -> Text:
    """A one-line untrusted field (title, source) as Text."""
    return Text(cells_as_drawn(clean_inline(value, limit=limit)), style=style, no_wrap=True,
                overflow="ellipsis")


def local_time(when: datetime) -> str:
    """A stamp in the reader's own time zone, named: editions are local days too."""
    return f"{when.astimezone():%a %d %b %Y %H:%M %Z}"


def age(when: datetime, now: datetime) -> str:
    """A short relative age: "5m", "3h", "2d", or a (local) date for old stories."""
    seconds = max(0, int((now - when).total_seconds()))
    if seconds < 3600:
        return f"{max(1, seconds // 60)}m"
    if seconds < 86400:
        return f"{seconds // 3600}h"
    if seconds < 86400 * 30:
        return f"{seconds // 86400}d"
    return when.astimezone().strftime("%Y-%m-%d")
