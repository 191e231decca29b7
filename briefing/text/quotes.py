"""Direct quotations in a sentence: what is quoted, who says it, whether it opens or
closes a quotation begun elsewhere.

English, German („...“) and French («...») marks. The briefer's panels and the story
merge both ask these questions; nothing here needs the panel models, so importing it is
cheap.
"""

from __future__ import annotations

import re

_QUOTED = re.compile(r"[\"“„«]([^\"“”„«»]{3,})[\"”“»]")
SAID = (r"(?:said|says|told|tells|added|adds|argued|argues|warned|warns|wrote|writes|insisted|"
        r"explained|stated|sagte|sagt|sagten|erklärte|erklärt|betonte|betont|meinte|"
        r"a (?:dit|déclaré|affirmé|expliqué|estimé|ajouté)|déclare|dijo|afirmó|señaló|explicó|"
        r"aseguró|añadió|disse|afirmou)")
"""A verb of saying (English, German, French, Spanish, Portuguese), as a pattern's part."""
NAME = r"(?:[A-Z][\w.'’-]+(?:\s(?:[A-Z][\w.'’-]+|de|van|von|al|bin)){0,4})"
"""A person's name (up to five capitalised words, "de", "van" ...), as a pattern's part."""
_SPEAKER = re.compile(
    rf"[\"”“»]\s*,?\s*(?:{SAID}\s+(?P<a>(?:the\s)?{NAME}|[a-z]+(?:\s[a-z]+)?\s{NAME})|"
    rf"(?P<b>{NAME})\s{SAID})"
    rf"|(?P<c>{NAME})\s(?:{SAID}|{SAID}\s[\w\s]{{0,30}}?)\s*:\s*[\"“]"
    rf"|according to (?P<d>{NAME})"
)
_CAPITALISED = re.compile(r"[A-Z][\w'’.-]*(?:\s(?:[A-Z][\w'’.-]*|de|van|von|al|bin))*")
_PRONOUN_SPEAKERS = frozenset("He She It They We I The This That But And".split())


def may_quote(sentence: str) -> bool:
    """False when the sentence holds no mark a quotation opens with."""
    return '"' in sentence or "“" in sentence or "„" in sentence or "«" in sentence


def strip_quotes(sentence: str) -> str:
    """The sentence with its direct quotations blanked out."""
    return _QUOTED.sub('""', sentence) if may_quote(sentence) else sentence


def quoted_text(sentence: str) -> str:
    """The words inside the sentence's direct quotations, joined by spaces."""
    if not may_quote(sentence):
        return ""
    return " ".join(m.group(1) for m in _QUOTED.finditer(sentence))


def quoted_words(sentence: str) -> int:
    """How many words of the sentence are inside quotation marks."""
    if not may_quote(sentence):
        return 0
    return sum(len(m.group(1).split()) for m in _QUOTED.finditer(sentence))


def speaker(sentence: str) -> str | None:
    """The named speaker of a direct quote in the sentence, if the sentence names one."""
    if not may_quote(sentence) or not _QUOTED.search(sentence):
        return None
    return _named_speaker(sentence)


def opens_quote_unclosed(sentence: str) -> bool:
    """True for a sentence that is all quotation, opened and not closed, its speaker
    unnamed (“There were some bright spots.): the quotation goes on after it."""
    text = sentence.strip()
    return (text[:1] in "\"“„«" and quote_balance(text) > 0
            and _named_speaker(text) is None)


def _named_speaker(sentence: str) -> str | None:
    for match in _SPEAKER.finditer(sentence):
        found = next((g for g in match.groups() if g), "")
        for name in _CAPITALISED.findall(found):  # "port chief Ann Lee" -> "Ann Lee"
            name = name.strip().rstrip(".,")
            if name and name.split()[0] not in _PRONOUN_SPEAKERS:
                return name
    return None


_LEFT_MARK_CLOSING = re.compile(r"(?<=\S)“(?![\w‘'\"])")


def quote_balance(sentence: str, *, straight: bool = True) -> int:
    """Quotations the sentence opens minus those it closes, in curly marks (German „...“
    too), or (with `straight`) 1 / -1 for a lone straight double quote mark that opens /
    closes one."""
    if "„" in sentence:
        curly = sentence.count("„") - sentence.count("“") - sentence.count("”")
    else:
        # A “ after a word or a stop, with no word after it, closes a quotation opened
        # earlier, as German writes it ('Ich bin ... sentimentaler.“', '"... Schredder“,').
        shut = len(_LEFT_MARK_CLOSING.findall(sentence))
        curly = sentence.count("“") - sentence.count("”") - 2 * shut
    if curly or not straight or sentence.count('"') % 2 == 0:
        return curly
    return -1 if closes_straight_quote(sentence) or sentence.rstrip().endswith('"') else 1


def quote_pair(opening: str, closing: str) -> bool:
    """True when `opening` begins a quotation that `closing`, the next sentence, ends and
    gives to a named speaker ('"As a competitor, I always want to win.' and 'I hope my body
    will hold up," said Hingis.'): shown together they read as one quote."""
    first, last = opening.strip(), closing.strip()
    if first[:1] not in "\"“" or sum(map(first.count, "\"“”")) != 1:
        return False
    if last[:1] in "\"“" or sum(map(last.count, "\"“”")) != 1:
        return False
    return _named_speaker(last) is not None


def closes_straight_quote(text: str) -> bool:
    """True for 'We will see."' or 'It is smaller," said Ann Lee.': a lone straight quote
    mark that closes a quotation begun in an earlier sentence. Shown alone, the point
    starts mid-quote, even when it names the speaker."""
    if text.count('"') != 1 or text[:1] == '"':
        return False
    return not text[text.index('"') + 1:][:1].isalnum()
