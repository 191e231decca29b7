"""The one rule for a text that opens with its own headline: every renderer (terminal,
Markdown, the digests, the reader) shows the headline once (a one-line seed or a
title-only item is its title and nothing more), and a title cut from the first
sentence gives way to that sentence whole."""

from __future__ import annotations

from collections.abc import Sequence


def _words(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def same_words(text: str, title: str) -> bool:
    """`text` says exactly what `title` says (case, spacing and punctuation aside)."""
    words = _words(text)
    return bool(words) and words == _words(title)


def made_from(title: str, sentence: str) -> bool:
    """Whether a title is the sentence's own beginning (most of it), as a title derived
    from a text's first sentence is; a real headline that shares a few words is not."""
    head, whole = _words(title.rstrip("…")), _words(sentence)
    return bool(head) and whole.startswith(head) and len(head) * 2 >= len(whole)


def headline_and_lede(title: str, lede: Sequence[str]) -> tuple[str, list[str]]:
    """The headline to show for `title` over `lede`, and the lede under it: a title made
    from the lede's first sentence gives way to that sentence whole, and the lede goes on
    from the next one; a lede that only repeats the headline is none."""
    sentences = list(lede)
    if sentences and made_from(title, sentences[0]):
        return sentences[0], sentences[1:]
    return title, [] if same_words(" ".join(sentences), title) else sentences


def lede_below(title: str, lede: Sequence[str]) -> list[str]:
    """The lede to show under the headline of `title` (see `headline_and_lede`)."""
    return headline_and_lede(title, lede)[1]
