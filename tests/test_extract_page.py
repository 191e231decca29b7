"""`extract_page`: trafilatura's fast extraction, and its full cascade when that is short."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.extract.html import FULL_CASCADE_BELOW, _main_text, extract_page

# Real pages whose body the fast extraction misses (a slideshow, a broadcaster's layout).
SHORT_WHEN_FAST = ["economictimes.indiatimes.com.slideshow.html",
                   "world.kbs.co.kr-Temperatures.html", "axios.com.future.html"]


@pytest.mark.parametrize("name", SHORT_WHEN_FAST)
def test_a_short_fast_extraction_gets_the_full_cascade(name: str, corpus: Path,
                                                        expectations: dict) -> None:
    html = (corpus / "html" / "dev" / name).read_bytes()
    url = f"http://127.0.0.1:1/p/{name}"
    _, fast_text = _main_text(html, url, fast=True)
    assert len(fast_text) < FULL_CASCADE_BELOW  # the page exercises the retry
    page = extract_page(html, url)
    assert page is not None and len(page.text) > len(fast_text)
    found = [s for s in expectations[name]["with"] if s in page.text]
    assert len(found) >= 2, (name, found)
    for unwanted in expectations[name]["without"]:
        assert unwanted not in page.text
