"""Feed tags are compared without regard to case: "News" from an OPML file and "news" from
a newsboat list are one tag, shown in one spelling (the first of those given in order of
precedence: the config's, then the feeds' as they were added)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping


def tag_key(tag: str) -> str:
    """The form tags are compared in: case folded ("News", "NEWS", "news"; "Straße",
    "STRASSE"), in one Unicode composition (an "é" typed as "e" and an accent is "é")."""
    return unicodedata.normalize("NFC", tag).casefold()


def tag_spellings(tag_lists: Iterable[Iterable[str]]) -> dict[str, str]:
    """{tag key: the spelling met first}, over lists of tags in order of precedence."""
    spellings: dict[str, str] = {}
    for tags in tag_lists:
        for tag in tags:
            spellings.setdefault(tag_key(tag), tag)
    return spellings


def spelled(tags: Iterable[str], spellings: Mapping[str, str]) -> tuple[str, ...]:
    """`tags` in their one spelling, each once (two that differ by case are one), in
    their order."""
    return tuple(dict.fromkeys(spellings.get(tag_key(tag), tag) for tag in tags))
