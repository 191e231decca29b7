"""The one rule for a text that opens with its own headline: every renderer shows the
headline once (a one-line seed or a title-only item is its title and nothing more)."""

from __future__ import annotations

from collections.abc import Sequence


def _words(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def same_words(text: str, title: str) -> bool:
    """`text` says exactly what `title` says (case, spacing and punctuation aside)."""
    words = _words(text)
    return bool(words) and words == _words(title)


def lede_below(title: str, lede: Sequence[str]) -> list[str]:
    """The lede to show under the headline `title`: none when it is only the headline
    again, as a text whose only line is its title."""
    return [] if same_words(" ".join(lede), title) else list(lede)
