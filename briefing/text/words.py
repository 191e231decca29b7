"""A text's content words: the words that carry its meaning, as the briefer's ranking and
the story merge compare texts by them.

Nothing here needs the panel models, so importing it is cheap.
"""

from __future__ import annotations

import re

from briefing.sanitize import without_joiners

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+(?:[.,]\d+)*", re.UNICODE)

STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself said says
    say told according mr mrs ms one two new last first year years time people like get got
    """.split()
)


def content_words(text: str) -> list[str]:
    """Lower-cased words of a text without stopwords, with a light plural fold.

    Runs of CJK characters (no spaces between words) become character bigrams.
    """
    words = []
    text = without_joiners(text.lower())
    cjk = _CJK.search(text) is not None
    for word in _WORD.findall(text):
        if word in STOPWORDS or len(word) < 2:
            continue
        if cjk and _CJK.match(word):
            words.extend(word[i : i + 2] for i in range(len(word) - 1))
            continue
        if len(word) > 4 and word[-1] == "s" and word[-2] != "s":
            word = word[:-1]
        words.append(word)
    return words

