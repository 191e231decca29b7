"""Word weights the panel models learned from labelled sentences.

A panel model may have a table of words, each with the log-odds that a sentence holding it
was labelled for that panel (bench/train_panels.py builds the tables from the labels;
words found in fewer than ten sentences are left out). A sentence's score is the mean
weight of its distinct words found in the table. It catches the many ways of saying why
something matters, or what comes next, that no hand-written cue lists. The tables hold
English words: a text in another language scores 0 (its models rely on the cue groups).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from importlib.resources import files

# Words written in lower case: names (and a sentence's first word) are left out, so the
# table holds ways of saying things, not the people and places of the articles it was
# learned from.
_WORD = re.compile(r"(?<![\w'’])[a-z][a-z']*")
# Function words say nothing about a panel; reporting verbs and "will" are features of
# their own.
STOP = frozenset(
    "the a an of to in and is was for on that it with as by at be are from has have had "
    "this said he she they but not or its which will would were been".split())


def words(text: str) -> set[str]:
    """A sentence's distinct words written in lower case, of three letters or more,
    function words left out."""
    return {w for w in _WORD.findall(text) if len(w) > 2 and w not in STOP}


def score(text: str, weights: Mapping[str, float]) -> float:
    """The mean weight of the sentence's words found in `weights`; 0 when none is."""
    found = [weights[w] for w in words(text) if w in weights]
    return sum(found) / len(found) if found else 0.0


@cache
def table(panel: str) -> Mapping[str, float]:
    """A panel model's shipped word table (briefing/brief/data/<panel>_words.json)."""
    path = files("briefing.brief").joinpath("data", f"{panel}_words.json")
    return json.loads(path.read_text(encoding="utf-8"))
