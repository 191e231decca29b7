"""Make untrusted text safe to store and to show in a terminal.

Feeds and pages may carry terminal escape sequences (CSI, OSC 8 links, OSC 52 clipboard
writes, DCS), C0/C1 control characters, bidi overrides and zero-width characters. None of
them belongs in a news brief, so they are removed at ingestion and again before rendering.
The two joining controls are part of how some languages are spelled, so they stay: U+200C
(ZWNJ, inside Persian and Urdu words) always, U+200D (ZWJ) where it joins letters or marks
(Indic half-forms, Arabic-script joins).
"""

from __future__ import annotations

import re
import unicodedata

# Whole escape sequences first, so their parameters do not survive as visible junk.
_ESCAPE_SEQUENCES = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]                 # CSI ... final byte
    | \x9b[0-?]*[ -/]*[@-~]                 # 8-bit CSI
    | (?:\x1b\]|\x9d).*?(?:\x07|\x1b\\|\x9c|$)   # OSC ... BEL / ST
    | (?:\x1b[P_^X]|[\x90\x9e\x9f\x98]).*?(?:\x1b\\|\x9c|$)  # DCS, APC, PM, SOS ... ST
    | \x1b[ -/]*[0-~]?                      # any other ESC sequence
    """,
    re.VERBOSE | re.DOTALL,
)

# C0 controls except tab and newline, DEL, C1 controls.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# Bidi embeddings, overrides and isolates; zero-width and invisible formatting characters
# but the two joiners (below). Unicode tag characters (U+E0000 block) hide text that a
# model or a search may read.
_INVISIBLES = re.compile(
    "[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2069\u206a-\u206f\ufeff\ufff9-\ufffb"
    "\U000e0000-\U000e007f]"
)

ZWNJ, ZWJ = "\u200c", "\u200d"
JOINERS = ZWNJ + ZWJ
_ZWJ = re.compile(ZWJ)


def _joins_letters(match: re.Match[str]) -> str:
    # A ZWJ is kept between letters and marks. Between emoji (a family, a flag with a
    # rainbow) it is a width hazard: Rich counts the whole sequence as one glyph two
    # cells wide, while many terminals (VTE, xterm, tmux) draw each emoji, so a panel's
    # border would move; without it Rich and every terminal agree, one emoji each.
    text, start = match.string, match.start()
    before = text[start - 1] if start else " "
    after = text[start + 1] if start + 1 < len(text) else " "
    keep = unicodedata.category(before)[0] in "LM" and unicodedata.category(after)[0] in "LM"
    return ZWJ if keep else ""


# Escape sequences in a whole document (a page, before it is parsed): 7-bit forms only,
# since in undecoded UTF-8 the C1 bytes are parts of letters ("ě" is C4 9B), and bounded,
# so that a sequence left open cannot swallow the text after it (an unterminated one loses
# only its opening ESC pair).
_DOCUMENT_ESCAPES = (r"\x1b\[[0-?]{0,64}[ -/]{0,8}[@-~]|\x1b\][^\x07\x1b<\n]{0,256}(?:\x07|\x1b\\)"
                     r"|\x1b[P_^X][^\x1b<\n]{0,256}\x1b\\|\x1b[ -/]{0,4}[0-~]?")
_DOCUMENT_ESCAPES_TEXT = re.compile(_DOCUMENT_ESCAPES)
_DOCUMENT_ESCAPES_BYTES = re.compile(_DOCUMENT_ESCAPES.encode("ascii"))
_ISO_2022 = re.compile(rb"iso-?2022", re.IGNORECASE)  # its shifts are ESC sequences


def strip_escape_sequences(document: str | bytes) -> str | bytes:
    """A document without terminal escape sequences, before a parser sees it: HTML
    parsers drop the ESC byte and keep the rest ("[31mred"), which no later clean-up
    can tell from text. Left alone: bytes in UTF-16 or -32 (NULs near the start), whose
    units may hold the ESC byte, and ISO-2022 documents, whose shifts are ESC sequences."""
    if isinstance(document, bytes):
        if (b"\x1b" not in document or b"\x00" in document[:4096]
                or _ISO_2022.search(document[:4096])):
            return document
        return _DOCUMENT_ESCAPES_BYTES.sub(b"", document)
    if "\x1b" not in document:
        return document
    return _DOCUMENT_ESCAPES_TEXT.sub("", document)


def strip_controls(text: str) -> str:
    """Remove escape sequences, control characters and invisible formatting characters.

    Keeps newlines and turns tabs and CR-LF into plain spaces and newlines; keeps ZWNJ,
    and ZWJ where it joins letters or marks.
    """
    if not text:
        return ""
    if text.replace("\n", "").isprintable():  # no control (Cc) or format (Cf) character
        return text  # but newlines (kept): nothing to remove
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _ESCAPE_SEQUENCES.sub("", text)
    text = _CONTROLS.sub("", text)
    text = _INVISIBLES.sub("", text)
    return _ZWJ.sub(_joins_letters, text) if ZWJ in text else text


def without_joiners(text: str) -> str:
    """Text without ZWNJ and ZWJ, for matching words: a Persian word is one word, spelled
    with its half-space or (as many writers do) without it."""
    if ZWNJ not in text and ZWJ not in text:
        return text
    return text.replace(ZWNJ, "").replace(ZWJ, "")


def hides_characters(text: str) -> bool:
    """True if `text` holds anything `strip_controls` removes, or a joiner: for an address
    that must be exactly what is shown (a joiner in a host name is a different host)."""
    return strip_controls(text) != text or any(c in text for c in JOINERS)


def clean_inline(text: str | None, limit: int = 500, *, whole_words: bool = False) -> str:
    """A single-line field (title, author, source name): safe, one line, bounded length;
    `whole_words`: a text that is too long is cut between words (a reason, a message),
    never inside one, unless a single word fills most of the limit. "" when nothing but
    joiners is left, so that the field counts as missing (no invisible title)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", strip_controls(text))
    text = " ".join(text.split())
    if not without_joiners(text).strip():
        return ""  # only joiners: nothing to see, so no title or name at all
    if len(text) > limit:
        cut = text[: limit - 1]
        if whole_words and text[limit - 1] != " ":
            space = cut.rfind(" ")
            cut = cut[:space] if space > limit // 2 else cut
        text = cut.rstrip(" ,;:") + "…"
    return text


def clean_block(text: str | None) -> str:
    """A multi-line body: safe, NFC, paragraphs separated by one blank line."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", strip_controls(text))
    paragraphs = (" ".join(line.split()) for line in text.split("\n"))
    return "\n\n".join(p for p in paragraphs if p)


def visible_escapes(text: str) -> str:
    """Text with every character that is not printable shown as its escape (``\\x1b``,
    ``\\n``, ``\\udcff``): for names that must stay recognisable and distinct, such as
    file names, yet be safe to store and to show anywhere."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in text)
