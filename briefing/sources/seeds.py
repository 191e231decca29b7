"""The seeds folder: local .txt, .md and .html documents, read as articles.

A file's name is outside input like its text: it is turned into printable text
(`path_text`) before it is used as a key, stored or shown.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from briefing.extract.encoding import wide_encoding
from briefing.models import SEED_KEY_PREFIX, SEEDS_SOURCE, Document
from briefing.sanitize import visible_escapes
from briefing.sources.dates import written_date

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
READS = f"briefing reads {', '.join(SUFFIXES[:-1])} and {SUFFIXES[-1]}"
"""What a seed that is no text is told: the suffixes read, from `SUFFIXES`."""
MAX_SEED_BYTES = 5_000_000


READER_VERSION = "4"
"""Part of a seed's digest: raise it when reading a file gives different text, so
unchanged files are read again once."""


class SeedError(Exception):
    """A seed file that cannot be read as an article; the message says why."""


@dataclass(frozen=True)
class SeedFile:
    """A seed's bytes and identity, before it is read as an article."""

    key: str
    name: str
    """The file's name as printable text (see `path_text`)."""
    path: str
    raw: bytes
    digest: str


def path_text(path: Path | str) -> str:
    """A path as printable text: undecodable bytes and control characters appear as
    escapes (``\\xff``, ``\\x1b``), so a hostile file name can be stored, keyed and shown
    in a terminal, Markdown or JSON without acting on any of them."""
    return visible_escapes(os.fsencode(path).decode("utf-8", "backslashreplace"))


def list_seeds(folder: Path) -> list[Path]:
    """The documents in a seeds folder (not recursive), in name order."""
    return sorted(
        p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file()
    )


def read_limited(stream: BinaryIO, limit: int = MAX_SEED_BYTES) -> bytes:
    """At most `limit` bytes of a stream; SeedError when it holds more (a device such as
    /dev/zero reports no size, so the read itself is bounded)."""
    raw = stream.read(limit + 1)
    if len(raw) > limit:
        raise SeedError(f"larger than the {limit}-byte limit")
    return raw


def seed_key(path: Path) -> str:
    """A seed's identity: its resolved path, as printable text."""
    return SEED_KEY_PREFIX + path_text(path.resolve())


def open_seed(path: Path) -> SeedFile:
    """A seed file's bytes and identity; raises SeedError when it cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_SEED_BYTES:
            raise SeedError(f"{size} bytes is larger than the {MAX_SEED_BYTES}-byte limit")
        with path.open("rb") as stream:
            raw = read_limited(stream)
    except OSError as err:
        raise SeedError(err.strerror or str(err)) from None
    digest = hashlib.sha256(f"seed {READER_VERSION}\n".encode() + raw).hexdigest()
    return SeedFile(key=seed_key(path), name=path_text(path.name),
                    path=path_text(path), raw=raw, digest=digest)


def seed_document(seed: SeedFile) -> Document:
    """A seed file read as a Document; raises SeedError for a file that is not an article."""
    doc = read_document_bytes(seed.raw, key=seed.key, name=seed.name, path=seed.path)
    return dataclasses.replace(doc, digest=seed.digest)


def read_seed(path: Path) -> Document:
    """One seed file as a Document; raises SeedError for a file that is not an article."""
    return seed_document(open_seed(path))


def _looks_like_html(raw: bytes) -> bool:
    head = raw[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head


# Formats that start as text yet are none: their opening bytes name them.
_NOT_TEXT = ((b"%PDF-", "a PDF"), (b"PK\x03\x04", "a ZIP archive (or .docx, .epub)"),
             (b"%!PS", "a PostScript file"), (b"{\\rtf", "an RTF document"),
             (b"\x89PNG", "a PNG image"), (b"GIF8", "a GIF image"), (b"\xff\xd8\xff", "a JPEG image"))


_CONTROL_BYTES = bytes([*range(0x01, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
"""Bytes no text holds but by accident: C0 controls other than tab, line and page
breaks and escape (colour codes in a log are still text), and DEL."""
BINARY_SHARE = 0.05
"""More control bytes than this share of a file's head make it binary: text in any
8-bit or UTF-8 encoding has next to none; compressed or random data about one in ten."""


def _looks_binary(raw: bytes) -> bool:
    """Binary data, not text: NUL bytes or many control bytes in the head, unless it is
    UTF-16 or UTF-32 text (whose NULs are half its letters)."""
    head = raw[:4096]
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return (b"\x00" in head or controls > BINARY_SHARE * len(head)) \
        and wide_encoding(raw) is None


def read_document_bytes(raw: bytes, *, key: str, name: str, path: str | None = None) -> Document:
    """A document's bytes (.txt, .md or .html by its name, or sniffed) as a Document."""
    if not raw.strip():
        raise SeedError("the file is empty")
    for magic, kind in _NOT_TEXT:
        if raw.startswith(magic):
            raise SeedError(f"{kind}, not text: {READS}")
    suffix = Path(name).suffix.lower()
    if suffix in (".html", ".htm") or (suffix not in SUFFIXES and _looks_like_html(raw)):
        from briefing.extract.html import MAX_TAGS, extract_page, tag_count  # trafilatura

        if (tags := tag_count(raw)) > MAX_TAGS:
            raise SeedError(f"{tags} tags is more than the {MAX_TAGS} a page is read with")
        page = extract_page(raw)
        if page is None:
            raise SeedError("no article text found in the page")
        return Document(
            key=key,
            title=page.title or Path(name).stem,
            text=page.text,
            url=page.canonical_url,
            path=path,
            author=page.author,
            published=page.published,
            site=page.site or SEEDS_SOURCE,
            language=page.language,
            text_origin="file",
        )
    if _looks_binary(raw):
        raise SeedError(f"a binary file, not text: {READS}")
    from briefing.extract.plaintext import read_text  # imports the sentence splitter

    # The document's own date, from its front matter or a date line at its head: without
    # one a seed is dated when it is first read, beside whatever else is read then.
    doc = read_text(raw, markdown=suffix in (".md", ".markdown"), parse_date=written_date)
    from briefing.extract.cleanup import holds_words

    if not holds_words(doc.text):
        raise SeedError("no text left after clean-up" if not doc.text.strip()
                        else "no word in the text")
    return Document(key=key, title=doc.title, text=doc.text, path=path,
                    published=doc.published, site=SEEDS_SOURCE, text_origin="file")
