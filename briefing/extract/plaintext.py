"""Plain text and Markdown documents -> clean text and a title."""

from __future__ import annotations

import re

from charset_normalizer import from_bytes

from briefing.brief.sentences import split_sentences
from briefing.brief.signposts import panel_of_heading, split_lead_in
from briefing.extract.cleanup import drop_non_prose
from briefing.extract.encoding import wide_encoding
from briefing.sanitize import clean_block, clean_inline

HEADLINE_CHARS = 100

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")
# Each span has a bounded length: an unclosed "[" or "_" then costs a bounded scan, not
# one to the end of the line from every such character (quadratic on a hostile file).
_MD_IMAGE = re.compile(r"!\[[^\]]{0,300}\]\([^)]{0,2000}\)")
_MD_LINK = re.compile(r"\[([^\]]{1,300})\]\((?:[^()]|\([^)]{0,2000}\)){0,2000}\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|~~|`)(?=\S)(.{1,300}?)(?<=\S)\1")
_MD_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_MD_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
_CLAUSE_BREAK = re.compile(r",\s|;\s|\s[—–-]\s|:\s")
_TRAILING_ATTRIBUTION = re.compile(
    r",?\s*[”\"]?,?\s+(?:[\w.’'-]+\s){0,6}(?:said|says|told|reported|announced)\b[^,]*$"
)


def decode(raw: bytes) -> str:
    """Bytes of unknown encoding as text: UTF-8 when it is, UTF-16 or UTF-32 when they
    say so, else the best guess."""
    wide = wide_encoding(raw)
    if wide is not None:
        return raw.decode(wide, errors="replace")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = from_bytes(raw).best()
        return str(best) if best is not None else raw.decode("utf-8", errors="replace")


def markdown_to_text(markdown: str) -> tuple[str | None, str]:
    """The first heading (as a title) and the Markdown reduced to plain prose lines."""
    title = None
    lines = []
    for line in markdown.splitlines():
        heading = _MD_HEADING.match(line)
        if heading and title is None and not lines:
            title = heading.group(1)
            continue
        if _MD_RULE.match(line):
            continue
        if heading:
            line = heading.group(1)
        # A list item keeps a plain "- " mark: the briefer reads it as a list item (a
        # point, part of the section above), the reader shows it as a list.
        line = _MD_BULLET.sub("- ", _MD_IMAGE.sub("", line))
        line = _MD_LINK.sub(r"\1", line)
        # Keep a bold lead-in's colon beside the label: "**Why it matters:** ..." stays a label.
        line = _MD_EMPHASIS.sub(r"\2", line)
        lines.append(line)
    return title, "\n".join(lines)


def headline_from(text: str) -> str:
    """A headline-length title made from the first sentence of a text."""
    sentences = split_sentences(text)
    if not sentences:
        return "Untitled"
    first = sentences[0].text.rstrip(".!?")
    shorter = _TRAILING_ATTRIBUTION.sub("", first).rstrip(" ,”\"")
    if len(shorter) >= 30:
        first = _close_quote(shorter)
    if len(first) <= HEADLINE_CHARS:
        return first
    # Too long: end at the last clause break that leaves a headline, else at a word.
    kept = first[:HEADLINE_CHARS]
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(kept) if m.start() >= 40]
    if breaks:
        return kept[: breaks[-1]].rstrip(" ,;:—-“\"")
    cut = first[:HEADLINE_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:—-")
    return cut + "…"


def _close_quote(text: str) -> str:
    """ "... at “the appropriate time" -> "... at “the appropriate time”": a quote cut
    open by dropping the attribution is closed again."""
    return text + "”" if text.count("“") > text.count("”") else text


def _title_source(text: str) -> str:
    """The text a title is made from: without leading signposts ("Why it matters") or a
    signpost's lead-in label ("Why it matters: ...")."""
    paragraphs = [p for p in text.split("\n") if p.strip()]
    while paragraphs and panel_of_heading(paragraphs[0].strip()):
        paragraphs = paragraphs[1:]
    if not paragraphs:
        return text
    first = paragraphs[0].strip()
    lead_in = split_lead_in(first)
    if lead_in is not None:
        paragraphs[0] = first[lead_in[1]:].strip()
    return "\n".join(paragraphs)


def _looks_like_title(line: str) -> bool:
    return (0 < len(line) <= 150 and line[-1] not in ".!?:;,”\"'"
            and panel_of_heading(line) is None and split_lead_in(line) is None)


def read_text_document(raw: bytes, *, markdown: bool) -> tuple[str, str]:
    """(title, clean text) of a .txt or .md file's bytes."""
    source = decode(raw)
    title: str | None = None
    if markdown:
        title, source = markdown_to_text(source)
    text = drop_non_prose(clean_block(source))
    if title is None:
        first, _, rest = text.partition("\n\n")
        if rest and _looks_like_title(first):
            title, text = first, rest
    title = clean_inline(title) if title else headline_from(_title_source(text))
    return title, text
