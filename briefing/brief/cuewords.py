"""Cue groups read as word lists: a sentence is split into words once, and each group
counts its hits by looking its words up.

A sentence's words are its runs of letters and digits, and each mark on its own ("-",
"'", a quote mark; "%" only right after a figure), so a phrase's words are next to each
other in the text, and "run-up" is "run - up". A group (`Group`) names the words it counts
(a regular expression matched against one whole word, so "threaten\\w*" is a stem), the
phrases it counts (runs of consecutive words, each a pattern of one word: "comes? into
(?:force|effect)"), the words that count only as the sentence's first ("but", "this"; a phrase
that only opens one starts with "^ "),
and the words right after which its words do not count ("had" before "agreed"). What
words cannot say ("next" but not "next to") is left to a regular expression run on the
whole sentence only when it holds a word every such match needs. What each distinct word
hits is worked out once and cached, so a sentence costs about a lookup a word.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

_WORD = re.compile(r"\w+|(?<=\w)%|[^\w\s%]")


@functools.lru_cache(maxsize=4096)
def words(low: str) -> tuple[str, ...]:
    """The words of a lower-cased sentence (cached: both panel models read the same
    sentences)."""
    return tuple(_WORD.findall(low))


@dataclass(frozen=True)
class Group:
    """One cue group: see the module's docstring. Patterns are matched against whole
    lower-cased words; a phrase's words are separated by single spaces."""

    words: str = ""
    phrases: Sequence[str] = ()
    first: str = ""
    not_after: frozenset[str] = frozenset()
    context: str = ""
    needs: str = ""  # a word every `context` match holds


_CHOICE = re.compile(r"\(\?:([\w|]+)\)|(\w+)")  # "to", "(?:is|are)"


def _word_test(pattern: str) -> Callable[[str], object]:
    """A test of one whole word: a set lookup for a word or a choice of words, else the
    pattern's `fullmatch`."""
    choice = _CHOICE.fullmatch(pattern)
    if choice:
        return frozenset((choice.group(1) or choice.group(2)).split("|")).__contains__
    return re.compile(pattern).fullmatch


class CueGroups:
    """Cue groups counted together on a lower-cased sentence: `counts` gives each group's
    hits, in the order given (one group may be several `Group`s whose hits add up)."""

    def __init__(self, groups: Sequence[Group | Sequence[Group]]) -> None:
        self.size = len(groups)
        parts = [(column, part) for column, group in enumerate(groups)
                 for part in ([group] if isinstance(group, Group) else group)]
        self._words = [(c, re.compile(p.words), p.not_after) for c, p in parts if p.words]
        self._first = [(c, re.compile(p.first)) for c, p in parts if p.first]
        self._phrases = [(c, phrase.startswith("^ "),
                          [_word_test(w) for w in phrase.removeprefix("^ ").split(" ")])
                         for c, p in parts for phrase in p.phrases]
        self._needs = [(c, re.compile(p.needs)) for c, p in parts if p.context]
        self._context = [(c, re.compile(p.context)) for c, p in parts if p.context]
        self.hits = functools.lru_cache(maxsize=16384)(self._hits)

    def _hits(self, word: str) -> tuple | None:
        """What one word hits: (column, whether it counts after any word) for each group
        it is a word of, the phrases it opens, the contexts it makes possible; None for
        most words."""
        counted = tuple((c, not not_after) for c, pattern, not_after in self._words
                        if pattern.fullmatch(word))
        phrases = tuple((c, first, rest) for c, first, (head, *rest) in self._phrases
                        if head(word))
        contexts = tuple(n for n, (_, needs) in enumerate(self._needs) if needs.fullmatch(word))
        first = tuple(c for c, pattern in self._first if pattern.fullmatch(word))
        if counted or phrases or contexts or first:
            return counted, phrases, contexts, first
        return None

    def counts(self, low: str) -> list[int]:
        """Each group's hits in a lower-cased sentence. Like a regular expression's
        `findall`, a phrase's words count once for its group."""
        tokens = words(low)
        counts = [0] * self.size
        taken = [0] * self.size  # the first word each group may count again
        contexts: set[int] = set()
        for i, word in enumerate(tokens):
            hits = self.hits(word)
            if hits is None:
                continue
            counted, phrases, possible, first = hits
            for column, first_only, rest in phrases:
                if taken[column] > i or (first_only and (i or not low[:1].isalnum())):
                    continue
                end = i + 1
                for test in rest:
                    if end == len(tokens) or not test(tokens[end]):
                        break
                    end += 1
                else:
                    counts[column] += 1
                    taken[column] = end
            for column, anywhere in counted:
                if taken[column] <= i and (anywhere or i == 0 or not self._after(column,
                                                                                 tokens[i - 1])):
                    counts[column] += 1
            if i == 0 and low[:1].isalnum():
                for column in first:
                    if taken[column] == 0:
                        counts[column] += 1
            contexts.update(possible)
        for n in contexts:
            column, pattern = self._context[n]
            counts[column] += len(pattern.findall(low))
        return counts

    def _after(self, column: int, previous: str) -> bool:
        """True when `previous` is a word after which the group's words do not count."""
        return any(c == column and previous in not_after for c, _, not_after in self._words)
