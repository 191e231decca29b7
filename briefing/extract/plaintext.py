"""Plain text and Markdown documents -> clean text and a title."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

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


_FENCE = re.compile(r"^(?:---|\+\+\+)\s*$")
_FIELD = re.compile(r"^([A-Za-z_][\w.-]*)\s*[:=]\s*(.*)$")
_TOML_TABLE = re.compile(r"^\[\[?[^\]]+\]\]?\s*(?:#.*)?$")
FRONT_MATTER_LINES = 60
"""A front matter block closes within this many lines, or the file has none."""


def front_matter(source: str, parse_date: Callable[[str], datetime | None] | None = None,
                 ) -> tuple[dict[str, str], str]:
    """A text's front matter as {key: value}, and the text after it: a block fenced by
    "---" from the very first line (or by "+++"), as Markdown notes and static sites
    write it. Its top-level `key: value` (or `key = value`) lines are read; comments,
    list items, nested or continued values and TOML tables with what they hold are passed
    over. ({}, the text) when it opens with no such block, when a line of the block is
    prose (text between two rules), or when the block gives no title and no date
    ("Date: whenever we meet"): a date key
    counts when `parse_date` reads its value, or, without one, when it names a year."""
    lines = source.lstrip("\ufeff").split("\n")
    if not _FENCE.match(lines[0]):
        return {}, source
    fence = lines[0].strip()
    for end in range(1, min(len(lines), FRONT_MATTER_LINES)):
        if lines[end].strip() not in (fence, "..."):
            continue
        fields: dict[str, str] = {}
        for line in lines[1:end]:
            if _TOML_TABLE.match(line.strip()) and not _FIELD.match(line.strip()):
                break  # the keys after a TOML table header are the table's
            stripped = line.strip()
            if not stripped or line[:1].isspace() or stripped.startswith(_SYNTAX):
                continue  # a nested or continued value, a list item, a comment
            match = _FIELD.match(stripped)
            if match is None:
                return {}, source  # a line of prose: text between two rules
            value = match.group(2).strip().strip("\"'")
            fields.setdefault(match.group(1).lower(), value)
        dated = any(fields.get(key) and (parse_date(fields[key]) is not None if parse_date
                                         else _YEAR.search(fields[key]))
                    for key in DATE_FIELDS)
        if not fields.get("title") and not dated:
            return {}, source
        return fields, "\n".join(lines[end + 1:]).lstrip()
    return {}, source


_SYNTAX = ("#", "-", "[", "]", "{", "}", '"', "'")
"""How a front matter line that is no `key: value` starts: a comment, a list item, a TOML
table or array, a quoted array item."""

DATE_FIELDS = ("date", "published", "pubdate", "created")
"""Front matter keys that give a document's own date, in order of preference."""

_DATE_LABEL = re.compile(
    r"^(?:(?:first\s+|originally\s+)?(published|posted|updated|last\s+updated|date|dated)"
    r"(?:\s+on)?\s*[:\-–—]?\s*)", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")
_DATE_WORDS = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
    r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?|at|[ap]\.?m)\b\.?|"
    r"\b\d{1,4}(?:st|nd|rd|th)?\b|\b(?-i:[A-Z]{2,4})\b|[-/.,:+|·•–—]", re.IGNORECASE)
"""What a date alone is made of (English month and day names, numbers, times, zones)."""
DATELINE_CHARS = 80
HEAD_PARAGRAPHS = 4
"""A document's head (title, byline, date line) is at most this many paragraphs."""


def _head(paragraphs: list[str], *, headline: bool) -> list[int]:
    """The indexes of a text's head: its headline (the first paragraph, when `headline`
    and it is one short line, however it ends) and the short lines after it before the
    first paragraph of prose (a byline, a date line), at most `HEAD_PARAGRAPHS` in all.
    Only a date line there is the document's date; a date later on (a timeline's) is
    its content."""
    head = []
    for n, paragraph in enumerate(paragraphs[:HEAD_PARAGRAPHS]):
        line = paragraph.strip()
        first_line = n == 0 and headline and "\n" not in line and len(line) <= 150
        if not (first_line or _dateline(line) or _looks_like_title(line)):
            break
        head.append(n)
    return head


def _dateline(paragraph: str) -> tuple[str, bool] | None:
    """(the date as written, whether it is labelled an update) when a paragraph is a
    date line: "Published: April 23, 2013 9:39 AM", "Updated 24 May 2005", or a date
    alone ("Monday, May 23, 2005 10:12 AM EDT"). None for prose that names a year."""
    line = paragraph.strip()
    if len(line) > DATELINE_CHARS or not _YEAR.search(line):
        return None
    label = _DATE_LABEL.match(line)
    rest = line[label.end():] if label else line
    if not label and _DATE_WORDS.sub(" ", rest).strip():  # a word that is no part of a date
        return None
    updated = bool(label) and "updated" in label.group(1).lower()
    return rest.strip(), updated


@dataclass(frozen=True)
class TextDocument:
    """A .txt or .md document read: its title, clean text and own date, if it gives one."""

    title: str
    text: str
    published: datetime | None = None
    """The date its front matter or a date line at its head gives (see `read_text`)."""


def read_text(raw: bytes, *, markdown: bool,
              parse_date: Callable[[str], datetime | None] | None = None) -> TextDocument:
    """A .txt or .md file's bytes as a TextDocument. With `parse_date` (a date string ->
    datetime, or None when it names no full date), the document's own date is read from
    its front matter (`date:`) or from a date line at its head (see `_head`), and that
    line is taken out of the text: a dateline is no prose to brief, nor a headline. A
    "published" date is preferred to an "updated" one."""
    fields, source = front_matter(decode(raw), parse_date)
    title: str | None = fields.get("title") or None
    if markdown:
        heading, source = markdown_to_text(source)
        title = title or heading
    text = drop_non_prose(clean_block(source))
    paragraphs = text.split("\n\n")
    head = _head(paragraphs, headline=title is None)
    datelines = {n for n in head if _dateline(paragraphs[n])}
    if title is None and len(paragraphs) > 1:
        first = next((n for n in head if n not in datelines), None)
        if first is not None and _looks_like_title(paragraphs[first]):
            title, paragraphs[first] = paragraphs[first], ""
    published = None
    if parse_date is not None:
        written = [fields[key] for key in DATE_FIELDS if fields.get(key)]
        published = next(filter(None, map(parse_date, written)), None)
        found: list[tuple[int, datetime, bool]] = []
        for n in sorted(datelines):
            line = _dateline(paragraphs[n])
            when = parse_date(line[0]) if line else None
            if line and when is not None:
                found.append((n, when, line[1]))
        if found and len(found) < sum(1 for p in paragraphs if p):  # not all it says
            if published is None:
                published = min(found, key=lambda f: f[2])[1]  # "published" before "updated"
            for n, _, _ in found:
                paragraphs[n] = ""
    paragraphs = [p for p in paragraphs if p]
    text = "\n\n".join(paragraphs)
    title = clean_inline(title) if title else headline_from(_title_source(text))
    return TextDocument(title, text, published)


def read_text_document(raw: bytes, *, markdown: bool) -> tuple[str, str]:
    """(title, clean text) of a .txt or .md file's bytes (`read_text` without dates)."""
    doc = read_text(raw, markdown=markdown)
    return doc.title, doc.text
