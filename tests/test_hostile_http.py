"""Hostile headers and encodings from a real server on 127.0.0.1: each stays one
fetch's problem, and the refresh goes on (see tests/HOSTILE.md)."""

from __future__ import annotations

import dataclasses
import gzip
import tracemalloc
import zlib

from briefing.refresh import refresh_all
from briefing.sources.http import retry_after_seconds
from briefing.store import Store
from tests.conftest import make_settings
from tests.feedserver import Response
from tests.test_http import FAST, NOW, fetch
from tests.test_refresh import rss


def zeros_gzipped_twice(megabytes: int) -> bytes:
    inner = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = bytes(1 << 20)
    once = b"".join(inner.compress(block) for _ in range(megabytes)) + inner.flush()
    return gzip.compress(once, 9)


def test_non_ascii_validators_are_not_kept_and_not_sent(feed_server):
    # send_header encodes latin-1: the ETag goes out with the raw byte 0xE9.
    url = feed_server.add("/cafe.xml", Response(200, b"<rss/>", {
        "ETag": '"caf\u00e9"', "Last-Modified": "Mon, 01 Jan 2024 00:00:00 GMT\u00a0"}))
    first = fetch(url)
    assert first.ok and "etag" not in first.headers and "last-modified" not in first.headers
    # A database written before this fix may hold such values: they are not sent.
    again = fetch(url, etag='"caf\u00e9"', last_modified="Mon, 01 Jan 2024 00:00:00 GMT\u00a0")
    assert again.ok
    assert "if-none-match" not in feed_server.hits("/cafe.xml")[-1].headers


def test_a_feed_with_a_non_ascii_etag_does_not_stop_later_refreshes(tmp_path, feed_server):
    items = [{"title": "Only the teaser", "link": "http://127.0.0.1:9/none",
              "guid": "g1", "description": "A teaser long enough to be a story on its own."}]
    bad = feed_server.add("/bad.xml", Response(200, rss("Bad", items), {
        "Content-Type": "application/rss+xml", "ETag": '"caf\u00e9"'}))
    good = feed_server.add_bytes("/good.xml", rss("Good", []))
    settings = make_settings(tmp_path, [bad, good])
    with Store.open(settings.database) as store:
        for _ in range(2):
            refresh_all(store, settings)
    assert len(feed_server.hits("/good.xml")) == 2
    assert len(feed_server.hits("/bad.xml")) == 2


def test_retry_after_with_a_non_ascii_digit_is_ignored(feed_server):
    assert retry_after_seconds("\u00b2", NOW) is None
    assert retry_after_seconds("\u0663", NOW) is None  # ARABIC-INDIC DIGIT THREE
    assert retry_after_seconds("Mon, 99 Foo 99999999 99:99:99 GMT", NOW) is None
    url = feed_server.add("/busy", [Response(503, b"", {"Retry-After": "\u00b2"}),
                                    Response(200, b"<rss/>")])
    result = fetch(url)
    assert result.ok and result.attempts == 2


def test_nested_gzip_bomb_is_bounded_by_decoded_bytes(feed_server):
    bomb = zeros_gzipped_twice(128)
    url = feed_server.add("/bomb2", Response(200, bomb, {"Content-Encoding": "gzip, gzip"}))
    tracemalloc.start()
    try:
        result = fetch(url, dataclasses.replace(FAST, max_bytes=1_000_000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.truncated and len(result.content) == 1_000_000
    assert peak < 20_000_000, peak


def test_stacked_and_unknown_encodings_are_that_fetchs_error(feed_server):
    body = b"<rss>" + b"x" * 1000 + b"</rss>"
    both = feed_server.add("/both", Response(200, zlib.compress(gzip.compress(body)),
                                             {"Content-Encoding": "gzip, deflate"}))
    assert fetch(both).content == body
    raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    raw_deflate = raw.compress(body) + raw.flush()
    plain = feed_server.add("/raw", Response(200, raw_deflate, {"Content-Encoding": "deflate"}))
    assert fetch(plain).content == body
    deep = gzip.compress(gzip.compress(gzip.compress(gzip.compress(body))))
    four = feed_server.add("/four", Response(200, deep,
                                             {"Content-Encoding": "gzip, gzip, gzip, gzip"}))
    assert "nested" in (fetch(four).error or "")
    odd = feed_server.add("/br", Response(200, b"\x00\x01", {"Content-Encoding": "br"}))
    assert "unsupported content encoding" in (fetch(odd).error or "")
    broken = feed_server.add("/broken", Response(200, b"not gzip at all",
                                                 {"Content-Encoding": "gzip"}))
    assert fetch(broken).error == "bad gzip data"
