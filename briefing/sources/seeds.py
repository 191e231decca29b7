"""The seeds folder: local .txt, .md and .html documents, read as articles."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from briefing.models import Document

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
MAX_SEED_BYTES = 5_000_000


class SeedError(Exception):
    """A seed file that cannot be read as an article; the message says why."""


def list_seeds(folder: Path) -> list[Path]:
    """The documents in a seeds folder (not recursive), in name order."""
    return sorted(
        p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file()
    )


def read_seed(path: Path) -> Document:
    """One seed file as a Document; raises SeedError for a file that is not an article."""
    try:
        size = path.stat().st_size
        if size > MAX_SEED_BYTES:
            raise SeedError(f"{size} bytes is larger than the {MAX_SEED_BYTES}-byte limit")
        raw = path.read_bytes()
    except OSError as err:
        raise SeedError(err.strerror or str(err)) from None
    return read_document_bytes(raw, key="file:" + str(path.resolve()), name=path.name,
                               path=str(path))


def _looks_like_html(raw: bytes) -> bool:
    head = raw[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head


def read_document_bytes(raw: bytes, *, key: str, name: str, path: str | None = None) -> Document:
    """A document's bytes (.txt, .md or .html by its name, or sniffed) as a Document."""
    if not raw.strip():
        raise SeedError("the file is empty")
    suffix = Path(name).suffix.lower()
    if suffix in (".html", ".htm") or (suffix not in SUFFIXES and _looks_like_html(raw)):
        from briefing.extract.html import extract_page  # trafilatura: only for HTML seeds

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
            site=page.site or "seeds",
            language=page.language,
            text_origin="file",
        )
    if b"\x00" in raw[:4096]:
        raise SeedError("binary file, not text")
    from briefing.extract.plaintext import read_text_document  # imports the sentence splitter

    title, text = read_text_document(raw, markdown=suffix in (".md", ".markdown"))
    if not text:
        raise SeedError("no text left after clean-up")
    return Document(key=key, title=title, text=text, path=path, site="seeds", text_origin="file")


def read_seeds(folder: Path) -> Iterator[tuple[Path, Document | SeedError]]:
    """Every seed in a folder, each either read or with the reason it could not be."""
    for path in list_seeds(folder):
        try:
            yield path, read_seed(path)
        except SeedError as err:
            yield path, err

