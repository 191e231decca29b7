"""Sentence splitting for news text, with character offsets.

A regular-expression splitter tuned for news prose: it keeps titles ("Gen.", "Sen."),
dates ("Jan. 5"), initials ("J. R. R. Tolkien"), dotted acronyms ("U.S. officials"),
decimals ("3.5%"), and sentences that end inside quotes. Paragraph breaks always end a
sentence, so headlines without a full stop stand alone. A sentence ends at any character
Unicode marks Sentence_Terminal, so every script's own stops count ("؟", "۔", "।", "։",
"።"), and at a Greek question mark (";" after a Greek letter); the full-width stops of
writing without spaces ("。", "！", "？") end one with nothing after them. Its own rather
than pysbd's: a refresh briefs hundreds of articles a second, and a general-purpose
splitter is many times slower.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import regex

# Always followed by a name: never the end of a sentence.
_TITLES = frozenset(
    """
    mr mrs ms messrs dr prof sr jr st mt ft rev hon pres gov sen rep reps gen lt col maj capt
    cmdr adm sgt cpl pvt supt insp det atty gens sens lieut brig cmdr adj rt
    """.split()
)
# Abbreviations that end a sentence only when the next word plainly starts one.
_SOFT_ANY = frozenset("vs etc al approx est fig figs vol vols pp eds cf".split())
_SOFT = frozenset(
    """
    assn dept univ jan feb mar apr jun jul aug sep sept oct nov dec
    ariz calif colo conn fla ill kan mass mich minn miss mont neb nev okla tenn tex wash wis wyo
    """.split()
)
# Abbreviations that are also everyday words ("in the sun."): only before a number.
_BEFORE_NUMBER = frozenset("no nos art ch sec para".split())
# Months written after an ordinal with a full stop ("3. Oktober", "1. Januar").
_MONTHS_AFTER_ORDINAL = frozenset(
    """
    januar jänner februar märz april mai juni juli august september oktober november dezember
    """.split()
)
# A clock time ("3 p.m.") ends a sentence before any capitalised word but these, which
# go on with the time: a weekday or month ("9 a.m. Monday", "10 a.m. Jan. 5"), a time
# zone ("2 p.m. ET", "6 p.m. Eastern").
_CLOCK = frozenset(("a.m", "p.m"))
_AFTER_CLOCK = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday today tomorrow tonight
    jan january feb february mar march apr april may jun june jul july aug august
    sep sept september oct october nov november dec december
    eastern pacific central mountain atlantic local
    """.split()
)
# ...nor where the time opens a reported clause: "Howell said at 11:01 p.m. Flynn's phone
# called ...", "Police say that on Saturday around 11:30 p.m. Kimani Gray was ...".
_CLAUSE_TIME = re.compile(r"\b(?:said|says|say|told|that)\s+(?:(?:on|at|around|about|after|"
                          r"before|by|until|shortly|just|[A-Z][a-z]+day|\d{1,2}(?:[:.]\d\d)?)"
                          r"\s+){1,5}[ap]\.m$")
# Words that begin sentences, not names: "... in the U.S. The talks ..." splits.
_STARTERS = frozenset(
    """
    the a an he she it they we i you his her its their our this that these those there
    but and so yet however meanwhile in on at for if when while after before as since
    mr mrs ms officials some many most no one two three what why how who where
    """.split()
)

# Sentence-ending punctuation: Unicode's Sentence_Terminal (".", "!", "?", "؟", "।", "。"
# ...), an ellipsis, and the Greek question mark, which is ";" once text is NFC (U+037E
# folds to it) and so a question mark only after a Greek letter.
_TERMINATOR = r"[\p{Sentence_Terminal}…]|(?<=\p{Greek})[;\u037e]"
# End punctuation, optional closing quotes, brackets or a footnote mark, then space.
_BOUNDARY = regex.compile(rf"""((?:{_TERMINATOR})+)(["'”’»)\]」』）*†]*)(\s*)""")
# Stops of writing without spaces between sentences: the wide and half-width forms
# ("。", "！", "？", "｡"), but the full-width full stop, which is also a decimal point
# ("３．５％").
_NO_SPACE_STOP = regex.compile(r"(?V1)[\p{Sentence_Terminal}&&[\p{ea=W}\p{ea=F}\p{ea=H}]--[．]]")
# What a sentence starts with: a digit, a capital, a letter of a script without case; in
# Greek, Cyrillic and Armenian, as in Latin, not a small letter ("в 2020 г. он", "т. е.").
_STARTS_SENTENCE = regex.compile(
    r"""(?V1)["'“‘«(\[]*(?:[\dA-Z\u00C0-\u00DE]|[[\u0370-\u1FFF\u3000-\u9FFF\uAC00-\uD7AF]"""
    r"""--[\p{Ll}&&[\p{Greek}\p{Cyrillic}\p{Armenian}]]])""")
# Scripts that end sentences with a danda ("।"), where a full stop after a word of one or
# two letters is an initial or an abbreviation: "एस. सोमनाथ", "डॉ. सिंह".
_DANDA_ABBREVIATION = regex.compile(r"(?:(?=\p{L})[\p{Devanagari}\p{Bengali}\p{Gurmukhi}]\p{M}*){1,2}")
_NEXT_WORD = re.compile(r"""["'“‘«(\[]*([^\s"'”’»)\]]+)""")
_INITIALS = re.compile(r"(?:[a-z]\.)*[a-z]")
_LINE = re.compile(r"[^\n]+")
# After a quotation closing on "?" or "!", a bracketed aside with the sentence going on in
# lower case: 'The article “Are elections headed to a recount?” (Page B1, Jan. 15) regarding'.
_ASIDE_GOES_ON = re.compile(r"\([^()\n]{1,80}\)\s*[a-z,;:]")
# A capitalised word right after a full stop with no space ("work.Dolphin Cay ...").
_CAPITALISED = re.compile(r"[A-Z\u00C0-\u00DE][a-z\u00DF-\u00FF]+\b(?![./@])")
# What follows a dot in a domain or a file name, should it be capitalised ("Example.Com").
_AFTER_DOT = frozenset("com net org gov edu info biz co uk de fr io tv us html htm php pdf js".split())


_ENDING = regex.compile(rf"(?:{_TERMINATOR})[\"'”’»)」』）]*$")
_CLOSERS = "\"'”’»)」』）"


def ends_sentence(text: str) -> bool:
    """True when `text` ends as a sentence does: with a full stop, question or exclamation
    mark of any script, or an ellipsis, then perhaps closing quotes or brackets."""
    core = text.rstrip(_CLOSERS)
    return bool(core) and _ENDING.match(text, len(core) - 1) is not None


_QUESTION = regex.compile(r"(?:[?؟？﹖፧]|(?<=\p{Greek})[;\u037e])$")


def ends_question(text: str) -> bool:
    """True when `text` ends on a question mark of any script: "?", "؟", "？", "፧", and the
    Greek ";"."""
    return bool(text) and _QUESTION.match(text, len(text) - 1) is not None


@dataclass(frozen=True)
class Sentence:
    """A sentence and its [start, end) offsets in the text it came from."""

    text: str
    start: int
    end: int


def _last_token(text: str, end: int) -> str:
    start = text.rfind(" ", 0, end) + 1
    return text[start:end].lstrip("\"'“‘«([")


def _continues(token: str, next_word: str) -> bool:
    """True when a full stop after `token` is part of an abbreviation, not an ending."""
    word = token.lower()
    if not word:
        return False
    if _DANDA_ABBREVIATION.fullmatch(token):
        return True
    if word in _TITLES:
        return True
    starts_number = next_word[:1].isdigit()
    if word.isdigit() and len(word) <= 2:
        return next_word.lower() in _MONTHS_AFTER_ORDINAL  # German "am 3. Oktober"
    if word in _BEFORE_NUMBER:
        return starts_number
    soft = word in _SOFT_ANY or (word in _SOFT and token[0].isupper())
    if word in _CLOCK:
        bare = next_word.strip(",;:.")
        return (starts_number or not bare[:1].isupper() or (len(bare) > 1 and bare.isupper())
                or bare.lower() in _AFTER_CLOCK)
    if soft or _INITIALS.fullmatch(word):
        # Initials, acronyms ("U.S", "a.m"), months: go on unless a new sentence plainly starts.
        return starts_number or next_word.lower().strip(",;:") not in _STARTERS
    return False


def _run_together(text: str, match: regex.Match[str]) -> bool:
    """True when a full stop, question or exclamation mark with no space after it still
    ends a sentence: a lowercase word, then a capitalised one ("community work.Dolphin
    Cay ...", a heading run into the page's date: "its recovery?Monday, 6 January"),
    where the page lost the space. Not in a domain, an address or a file name
    ("Amazon.Com", "x.y.Z")."""
    punct = match.group(1)
    if (punct not in (".", "?", "!") or match.group(2)
            or not text[match.start() - 1: match.start()].islower()):
        return False
    token = _last_token(text, match.start())
    word = _CAPITALISED.match(text, match.end())
    return (word is not None and token.isalpha() and word.group().lower() not in _AFTER_DOT
            and not (punct == "." and _continues(token, word.group())))


def _split_paragraph(text: str, offset: int, out: list[Sentence]) -> None:
    start = 0
    for match in _BOUNDARY.finditer(text):
        punct, space = match.group(1), match.group(3)
        after = match.end()
        if after >= len(text):
            break
        no_space_stop = _NO_SPACE_STOP.match(punct[-1]) is not None
        if not space and not no_space_stop and not _run_together(text, match):
            continue
        if not no_space_stop:
            if not _STARTS_SENTENCE.match(text, after) or (
                    match.group(2) and _ASIDE_GOES_ON.match(text, after)):
                continue
            if punct == "." and not match.group(2):
                nxt = _NEXT_WORD.match(text, after)
                if _continues(_last_token(text, match.start(1)), nxt.group(1) if nxt else ""):
                    continue
                if (text[match.start(1) - 3: match.start(1)] in ("a.m", "p.m")
                        and text[after] not in "\"'“‘«(["
                        and nxt and nxt.group(1).lower() not in _STARTERS
                        and _CLAUSE_TIME.search(text, start, match.start(1))):
                    continue
        _emit(text, start, match.end(2), offset, out)
        start = after
    _emit(text, start, len(text), offset, out)


MAX_SENTENCE_CHARS = 1000
"""A longer "sentence" (a page without full stops, a list run together) is cut at a space
before this length: every point of a brief stays readable and cheap to lay out."""


def _emit(text: str, start: int, end: int, offset: int, out: list[Sentence]) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    begin = offset + start + len(piece) - len(piece.lstrip())
    while len(stripped) > MAX_SENTENCE_CHARS:
        cut = stripped.rfind(" ", MAX_SENTENCE_CHARS // 2, MAX_SENTENCE_CHARS)
        cut = cut if cut > 0 else MAX_SENTENCE_CHARS
        head = stripped[:cut].rstrip()
        out.append(Sentence(head, begin, begin + len(head)))
        rest = stripped[cut:]
        begin += cut + len(rest) - len(rest.lstrip())
        stripped = rest.lstrip()
    if stripped:
        out.append(Sentence(stripped, begin, begin + len(stripped)))


def split_sentences(text: str) -> list[Sentence]:
    """All sentences of a text, in order, with offsets into `text`."""
    sentences: list[Sentence] = []
    for paragraph in _LINE.finditer(text):
        _split_paragraph(paragraph.group(), paragraph.start(), sentences)
    return sentences


def split_span(span: Sentence) -> list[Sentence]:
    """The sentences of one span (a paragraph), with offsets into the original text."""
    out: list[Sentence] = []
    _split_paragraph(span.text, span.start, out)
    return out


def paragraphs(text: str) -> list[Sentence]:
    """The non-empty lines of a text as spans (a paragraph per line)."""
    spans = []
    for match in _LINE.finditer(text):
        piece = match.group()
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            spans.append(Sentence(stripped, match.start() + lead, match.start() + lead + len(stripped)))
    return spans
