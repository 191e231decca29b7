"""Sentence splitting for news text, with character offsets.

A regular-expression splitter tuned for news prose: it keeps abbreviations ("U.S.",
"Gen.", "Jan."), initials ("J. R. R. Tolkien"), decimals ("3.5"), and sentences that end
inside quotes. Paragraph breaks always end a sentence, so headlines without a full stop
stand alone. It is much faster than pysbd, which matters at hundreds of articles a second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st mt ft rev hon pres gov sen rep gen lt col maj capt cmdr adm sgt
    cpl pvt supt insp det atty assn dept univ corp inc ltd co bros no nos vs etc al approx est
    fig figs vol vols pp ed eds jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues
    wed thu thur thurs fri sat sun ave blvd rd hwy mph gov't u.s a.m p.m e.g i.e cf
    ariz calif colo conn fla ga ill ind kan ky la md mass mich minn miss mo mont neb nev okla
    ore pa tenn tex va vt wash wis wyo
    """.split()
)

# A candidate boundary: end punctuation, optional closing quotes/brackets, then space.
_BOUNDARY = re.compile(r"""([.!?…]+)(["'”’»)\]]*)(\s+)""")
_NEXT_STARTS_SENTENCE = re.compile(r"""["'“‘«(\[]*[\dA-Z\u00C0-\u024F\u0370-\u1FFF]""")
_WORD_BEFORE = re.compile(r"""(\S+)$""")


@dataclass(frozen=True)
class Sentence:
    """A sentence and its [start, end) offsets in the text it came from."""

    text: str
    start: int
    end: int


def _is_abbreviation(token: str, punct: str) -> bool:
    if punct != ".":
        return False
    word = token.strip("\"'“‘«([").rstrip(".").lower()
    if not word:
        return False
    if word in _ABBREVIATIONS:
        return True
    # Initials and dotted acronyms: "J.", "U.S.", "U.N.", "a.m."
    if re.fullmatch(r"(?:[a-z]\.)*[a-z]", word):
        return True
    return False


def _split_paragraph(text: str, offset: int) -> list[Sentence]:
    sentences: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end(2)
        after = text[match.end() :]
        if not after:
            break
        if not _NEXT_STARTS_SENTENCE.match(after):
            continue
        before = _WORD_BEFORE.search(text[: match.start(1)])
        token = before.group(1) if before else ""
        if _is_abbreviation(token + match.group(1), match.group(1)) and not match.group(2):
            continue
        piece = text[start:end].strip()
        if piece:
            lead = len(text[start:end]) - len(text[start:end].lstrip())
            sentences.append(Sentence(piece, offset + start + lead, offset + start + lead + len(piece)))
        start = match.end()
    piece = text[start:].strip()
    if piece:
        lead = len(text[start:]) - len(text[start:].lstrip())
        sentences.append(Sentence(piece, offset + start + lead, offset + start + lead + len(piece)))
    return sentences


def split_sentences(text: str) -> list[Sentence]:
    """All sentences of a text, in order, with offsets into `text`."""
    sentences: list[Sentence] = []
    for paragraph in re.finditer(r"[^\n]+", text):
        sentences.extend(_split_paragraph(paragraph.group(), paragraph.start()))
    return sentences


def paragraphs(text: str) -> list[Sentence]:
    """The non-empty lines of a text as spans (a paragraph per line)."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        piece = match.group()
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            spans.append(Sentence(stripped, match.start() + lead, match.start() + lead + len(stripped)))
    return spans
