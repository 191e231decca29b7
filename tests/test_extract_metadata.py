"""`page_metadata` is trafilatura's `extract_metadata` minus the fields we never store.

It calls trafilatura's own helpers in trafilatura's order; this test catches an upgrade
that changes that order or those helpers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from trafilatura.metadata import extract_metadata
from trafilatura.settings import set_date_params
from trafilatura.utils import load_html

from briefing.extract.html import extract_page, page_metadata

FIELDS = ("title", "author", "url", "date", "sitename")


def test_page_metadata_matches_trafilatura_on_the_corpus(corpus: Path) -> None:
    pages = sorted((corpus / "html" / "dev").glob("*.html"))
    assert pages
    for page in pages:
        tree = load_html(page.read_bytes())
        for url in (f"http://127.0.0.1:1/p/{page.name}", None):
            ours = page_metadata(tree, url)
            theirs = extract_metadata(tree, url, set_date_params(extensive=False))
            for name in FIELDS:
                assert getattr(ours, name) == getattr(theirs, name), (page.name, url, name)


@pytest.mark.parametrize("html", [b"", b"   ", b"<html></html>", b"\x00\x01binary"])
def test_extract_page_gives_none_for_no_page(html: bytes) -> None:
    assert extract_page(html, "http://127.0.0.1:1/x") is None
