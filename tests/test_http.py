"""The async fetcher against a real server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from briefing.clock import fixed_clock
from briefing.config import FetchSettings
from briefing.sources.http import Fetcher, FetchResult, retry_after_seconds
from tests.feedserver import Response

FAST = FetchSettings(connect_timeout=2.0, read_timeout=2.0, backoff=0.05, max_retry_wait=2.0,
                     jitter=0.01)
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
CLOCK = fixed_clock(NOW)


def fetch(url: str, settings: FetchSettings = FAST, **kwargs: object) -> FetchResult:
    async def go() -> FetchResult:
        async with Fetcher(settings, CLOCK) as fetcher:
            return await fetcher.fetch(url, **kwargs)  # type: ignore[arg-type]

    return asyncio.run(go())


def test_fetch_gzip_user_agent_and_validators(feed_server):
    body = b"<rss>" + b"x" * 5000 + b"</rss>"
    url = feed_server.add_bytes("/feed.xml", body, gzip=True)
    first = fetch(url)
    assert first.ok and first.content == body and not first.truncated
    seen = feed_server.hits("/feed.xml")[0]
    assert seen.headers["user-agent"].startswith("briefing/")
    assert "gzip" in seen.headers["accept-encoding"]
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    second = fetch(url, etag=etag, last_modified=modified)
    assert second.not_modified and second.content == b""
    assert feed_server.hits("/feed.xml")[1].headers["if-none-match"] == etag
    assert feed_server.hits("/feed.xml")[1].status == 304


def test_slow_server_times_out(feed_server):
    url = feed_server.add("/slow", Response(200, b"late", delay=1.5))
    result = fetch(url, dataclasses.replace(FAST, read_timeout=0.3))
    assert not result.ok and result.error == "timeout"


def test_oversized_body_is_cut_at_the_cap(feed_server):
    url = feed_server.add("/big.html", Response(200, b"a" * 300_000))
    result = fetch(url, dataclasses.replace(FAST, max_bytes=50_000))
    assert result.ok and result.truncated and len(result.content) == 50_000


def test_gzip_bomb_is_capped_on_decoded_size(feed_server):
    url = feed_server.add("/bomb", Response(200, b"\0" * 2_000_000, gzip=True))
    result = fetch(url, dataclasses.replace(FAST, max_bytes=100_000))
    assert result.truncated and len(result.content) == 100_000


def test_redirects_followed_bounded_and_loops_end(feed_server):
    feed_server.add("/a", Response(301, headers={"Location": "/b"}))
    feed_server.add("/b", Response(302, headers={"Location": "/c"}))
    feed_server.add("/c", Response(200, b"here"))
    ok = fetch(feed_server.url("/a"))
    assert ok.ok and ok.content == b"here" and ok.final_url.endswith("/c")
    feed_server.add("/loop1", Response(302, headers={"Location": "/loop2"}))
    feed_server.add("/loop2", Response(302, headers={"Location": "/loop1"}))
    loop = fetch(feed_server.url("/loop1"))
    assert loop.error == "redirect loop"
    for i in range(10):
        feed_server.add(f"/chain{i}", Response(302, headers={"Location": f"/chain{i + 1}"}))
    chain = fetch(feed_server.url("/chain0"), dataclasses.replace(FAST, max_redirects=3))
    assert chain.error == "too many redirects"
    assert len(feed_server.hits("/chain4")) == 0


def test_redirect_to_another_scheme_is_refused(feed_server):
    url = feed_server.add("/evil", Response(302, headers={"Location": "file:///etc/passwd"}))
    assert fetch(url).error == "redirect to a non-http URL"


def test_non_http_urls_are_never_fetched(feed_server):
    for url in ("file:///etc/passwd", "ftp://127.0.0.1/x", "javascript:alert(1)", "/relative",
                "gopher://127.0.0.1:70/"):
        result = fetch(url)
        assert result.error == "not an http(s) URL" and result.status is None
    assert feed_server.requests == []


def test_http_errors_are_results(feed_server):
    for status in (404, 410, 500):
        url = feed_server.add(f"/e{status}", Response(status, b"nope"))
        result = fetch(url)
        assert not result.ok and result.status == status and result.error == f"HTTP {status}"
    refused = fetch("http://127.0.0.1:9/")  # discard port: nothing listens
    assert refused.error and refused.error.startswith("connection failed")


def test_429_backs_off_then_succeeds(feed_server):
    url = feed_server.add("/busy", [Response(429, headers={"Retry-After": "0"}),
                                    Response(503), Response(200, b"done")])
    result = fetch(url)
    assert result.ok and result.content == b"done" and result.attempts == 3
    assert [h.status for h in feed_server.hits("/busy")] == [429, 503, 200]


def test_429_gives_up_after_retries_or_a_long_retry_after(feed_server):
    url = feed_server.add("/always", Response(429, headers={"Retry-After": "0"}))
    result = fetch(url, dataclasses.replace(FAST, retries=2))
    assert result.status == 429 and result.error == "HTTP 429"
    assert len(feed_server.hits("/always")) == 3
    url = feed_server.add("/later", Response(429, headers={"Retry-After": "3600"}))
    assert fetch(url).status == 429
    assert len(feed_server.hits("/later")) == 1  # not hammered, not waited for


def test_a_retry_after_date_is_read_against_the_app_clock(feed_server):
    """An hour after the app's clock is too long to wait, whatever the wall clock says."""
    later = format_datetime(NOW + timedelta(hours=1), usegmt=True)
    url = feed_server.add("/date", [Response(503, headers={"Retry-After": later}),
                                    Response(200, b"done")])
    assert fetch(url).status == 503
    assert len(feed_server.hits("/date")) == 1
    soon = format_datetime(NOW + timedelta(seconds=1), usegmt=True)
    url = feed_server.add("/soon", [Response(503, headers={"Retry-After": soon}),
                                    Response(200, b"done")])
    assert fetch(url).content == b"done"


def test_retry_after_forms():
    assert retry_after_seconds("7", NOW) == 7.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT",
                               datetime(2015, 10, 21, 7, 27, 50, tzinfo=UTC)) == 10.0
    assert retry_after_seconds("soon", NOW) is None and retry_after_seconds(None, NOW) is None


def test_per_host_limit_is_respected(feed_server):
    active = {"now": 0, "max": 0}
    import threading

    lock = threading.Lock()

    def slow(_seen):
        with lock:
            active["now"] += 1
            active["max"] = max(active["max"], active["now"])
        import time

        time.sleep(0.05)
        with lock:
            active["now"] -= 1
        return Response(200, b"ok")

    feed_server.add("/n", slow)

    async def go() -> list[FetchResult]:
        settings = dataclasses.replace(FAST, per_host=2, concurrency=16)
        async with Fetcher(settings, CLOCK) as f:
            return await asyncio.gather(*(f.fetch(feed_server.url("/n")) for _ in range(8)))

    assert all(r.ok for r in asyncio.run(go()))
    assert active["max"] <= 2


def test_pages_of_one_host_reuse_its_connections():
    """With more hosts than slots, each host's requests go over its own few connections
    (a slot passes to the same host first) instead of one new connection per request."""
    from tests.feedserver import FeedServer

    servers = [FeedServer().start() for _ in range(3)]
    try:
        for server in servers:
            server.add_bytes("/page.html", b"<html><body><p>text</p></body></html>")

        async def go() -> list[FetchResult]:
            settings = dataclasses.replace(FAST, concurrency=2, per_host=1)
            async with Fetcher(settings, CLOCK) as f:
                return await asyncio.gather(*(f.fetch(s.url("/page.html"))
                                              for s in servers for _ in range(6)))

        assert all(r.ok for r in asyncio.run(go()))
        for server in servers:
            hits = server.hits("/page.html")
            assert len(hits) == 6
            assert len({hit.connection for hit in hits}) == 1
    finally:
        for server in servers:
            server.stop()

