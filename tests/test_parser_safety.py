"""Hostile documents cost little and read nothing (issue 7): entity bombs, external
entities, gzip bombs, endless and dripping streams, parser-crawling feeds, absurd dates,
huge titles, broken encodings, empty and binary bodies, HTML pages given as feeds, and
links that are not http(s). All through the real fetcher and refresh on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import dataclasses
import gzip
import os
import socket
import threading
import time
from collections.abc import Iterator
from xml.sax.saxutils import escape

import pytest

from briefing.clock import system_clock
from briefing.config import FeedConfig
from briefing.refresh import refresh_all
from briefing.refresh.work import Workers
from briefing.sources.feeds import parse_feed
from briefing.sources.http import Fetcher, FetchResult
from briefing.sources.opml import OpmlError, parse_opml
from briefing.store import Store
from briefing.tui.opener import OpenError, check_url
from briefing.urls import is_http_url, resolve
from tests.conftest import make_settings
from tests.feedserver import FeedServer, Response
from tests.safety import assert_terminal_safe

SECRET = "root:x:0:0"  # the first line of /etc/passwd on any Linux system


def rss_item(title: str, link: str, extra: str = "") -> str:
    return (f"<item><title>{escape(title)}</title><link>{escape(link)}</link>"
            f"<description>Text of {escape(title)}.</description>{extra}</item>")


def rss(items: list[str], *, head: str = "", title: str = "T") -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?>{head}<rss version="2.0"><channel>'
            f"<title>{title}</title><link>http://example.org/</link>{''.join(items)}"
            "</channel></rss>").encode()


def refresh(tmp_path, urls: list[str], **fetch: object):
    settings = make_settings(tmp_path, urls, full_text=False, **fetch)
    with Store.open(settings.database) as store:
        report = refresh_all(store, settings)
        rows = list(store.db.query("SELECT title, text, url, published FROM articles"))
        feeds = {f.url: f for f in store.feeds.all()}
        integrity = store.db.execute("PRAGMA integrity_check").fetchone()[0]
    assert integrity == "ok"
    for row in rows:
        for value in row.values():
            if isinstance(value, str):
                assert_terminal_safe(value)
                assert SECRET not in value
    return report, rows, feeds


LAUGHS = (b'<!DOCTYPE rss [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;")
                                                 * 10) for i in range(1, 10)) + b"]>")
XXE = b'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
PARAM = b'<!DOCTYPE rss [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>'


def entity_docs(server: FeedServer) -> dict[str, bytes]:
    dtd = server.url("/evil.dtd")
    return {
        "billion laughs": LAUGHS + rss([rss_item("&lol9;", "http://example.org/1")])[38:],
        "quadratic blowup": (b'<!DOCTYPE rss [<!ENTITY a "' + b"a" * 50_000 + b'">]>'
                             + rss([rss_item("x", "http://example.org/2")]).replace(
                                 b"<title>x</title>", b"<title>" + b"&a;" * 20_000 + b"</title>")[38:]),
        "external entity": XXE + rss([rss_item("t &xxe;", "http://example.org/3")])[38:],
        "parameter entity": PARAM + rss([rss_item("t", "http://example.org/4")])[38:],
        "external DTD": (f'<!DOCTYPE rss SYSTEM "{dtd}">'.encode()
                         + rss([rss_item("t", "http://example.org/5")])[38:]),
        "external entity over http": (f'<!DOCTYPE rss [<!ENTITY e SYSTEM "{dtd}">]>'.encode()
                                      + rss([rss_item("t &e;", "http://example.org/6")])[38:]),
        "xinclude": rss([rss_item("t", "http://example.org/7", '<xi:include xmlns:xi="http://'
                                  'www.w3.org/2001/XInclude" href="file:///etc/passwd" '
                                  'parse="text"/>')]),
    }


def test_entity_tricks_cost_nothing_and_read_no_file(tmp_path, feed_server):
    docs = entity_docs(feed_server)
    feed_server.add("/evil.dtd", Response(200, b'<!ENTITY e "FETCHED">'))
    for name, doc in docs.items():  # straight into the parser first
        started = time.monotonic()
        parsed = parse_feed(doc, "http://127.0.0.1/f.xml", "application/rss+xml")
        assert time.monotonic() - started < 10, name  # generous: "did not blow up"
        texts = [parsed.title] + [e.title + e.text for e in parsed.entries]
        assert sum(map(len, texts)) < 100_000, name
        assert not any(SECRET in t or "FETCHED" in t for t in texts), name
    urls = [feed_server.add_bytes(f"/e{i}.xml", doc) for i, doc in enumerate(docs.values())]
    _, rows, _ = refresh(tmp_path, urls)
    assert len(rows) >= len(docs) - 2  # most still give their item
    assert feed_server.hits("/evil.dtd") == []  # nothing fetched by the parser
    assert all(len(r["title"]) <= 500 for r in rows)


def test_opml_refuses_entities_and_doctypes():
    for head in (LAUGHS, XXE, PARAM, b'<!DOCTYPE opml SYSTEM "http://127.0.0.1:9/x.dtd">',
                 b"<!doctype opml>"):
        with pytest.raises(OpmlError):
            parse_opml(head + b'<opml version="2.0"><body><outline xmlUrl="http://a.example/"'
                       b"/></body></opml>")


class StreamServer:
    """A raw HTTP server on 127.0.0.1 whose body never ends: fast, or one byte at a time."""

    def __init__(self, drip: float = 0.0) -> None:
        self.drip = drip
        self.sent = 0
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/endless.xml"

    def _serve(self) -> None:
        self.sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:  # closed by the test
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            try:
                conn.recv(65536)
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
                             b"Transfer-Encoding: chunked\r\n\r\n")
                chunk = b"<rss><channel>" if self.drip else b"<item>x</item>" * 4096
                while not self.stop.is_set():
                    conn.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    self.sent += len(chunk)
                    if self.drip:
                        chunk = b" "
                        time.sleep(self.drip)
            except OSError:
                pass  # the client hung up: what we want

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


@pytest.fixture
def endless() -> Iterator[StreamServer]:
    server = StreamServer()
    yield server
    server.close()


@pytest.fixture
def dripping() -> Iterator[StreamServer]:
    server = StreamServer(drip=0.05)
    yield server
    server.close()


def fetch(url: str, **settings: object) -> FetchResult:
    fetch_settings = make_settings(__import__("pathlib").Path("/nonexistent"), [],
                                   **settings).fetch

    async def go() -> FetchResult:
        async with Fetcher(fetch_settings, system_clock) as fetcher:
            return await fetcher.fetch(url)

    return asyncio.run(go())


def test_an_endless_stream_stops_at_the_size_cap(endless):
    result = fetch(endless.url, max_bytes=200_000)
    assert result.truncated and len(result.content) == 200_000
    assert endless.sent < 50_000_000  # we stopped reading; the server did not fill a disk


def test_a_dripping_stream_stops_at_the_total_time_limit(dripping):
    started = time.monotonic()
    result = fetch(dripping.url, read_timeout=5.0, total_timeout=1.0)
    assert result.error == "timeout"
    assert time.monotonic() - started < 10  # abandoned, did not hang


def test_gzip_bomb_and_endless_feeds_do_not_stop_a_refresh(tmp_path, feed_server, endless):
    bomb = rss([rss_item("b", "http://example.org/b")]) + b"<!--" + b" " * 20_000_000
    feed_server.add("/bomb.xml", Response(200, bomb, {"Content-Type": "application/rss+xml"},
                                          gzip=True))
    good = feed_server.add_bytes("/good.xml", rss([rss_item("Good", "http://example.org/g")]))
    assert len(gzip.compress(bomb)) < 100_000  # a small download that inflates 200-fold
    _, rows, feeds = refresh(tmp_path, [feed_server.url("/bomb.xml"), endless.url, good],
                                  max_bytes=500_000)
    assert {r["title"] for r in rows} >= {"Good", "b"}
    assert feeds[feed_server.url("/bomb.xml")].last_error == "feed cut at the size limit"
    assert feeds[good].last_error is None


def crawling_feed(n: int = 60_000) -> bytes:
    """feedparser's author e-mail regex backtracks quadratically on "x@a.a.a...!" (GitHub
    kurtmckee/feedparser#562): about 30 s for one such author on a laptop."""
    author = "x@" + "a." * n + "!"
    return rss([rss_item("slow", "http://example.org/slow", f"<author>{author}</author>")])


def test_a_feed_that_crawls_is_abandoned_and_the_rest_of_the_refresh_goes_on(
        tmp_path, feed_server):
    slow = feed_server.add_bytes("/slow.xml", crawling_feed())
    good = feed_server.add_bytes("/good.xml", rss([rss_item("Good", "http://example.org/g")]))
    started = time.monotonic()
    report, rows, feeds = refresh(tmp_path, [slow, good], parse_timeout=1.0)
    assert time.monotonic() - started < 20  # generous: abandoned, did not hang
    assert [r["title"] for r in rows] == ["Good"]
    assert "abandoned after 1s of parsing" in feeds[slow].last_error
    assert [f.source for f in report.failures] == [slow]


def test_the_time_limit_frees_the_worker_for_the_next_job():
    workers = Workers(1, time_limit=0.5)

    async def go() -> list:
        slow = workers.parse(crawling_feed(), "http://127.0.0.1/s", None)
        fine = workers.parse(rss([rss_item("ok", "http://example.org/ok")]),
                             "http://127.0.0.1/f", None)
        return await asyncio.gather(slow, fine)

    try:
        slow, fine = asyncio.run(go())
    finally:
        workers.close()
    assert slow.problem and "abandoned" in slow.problem and not slow.entries
    assert [e.title for e in fine.entries] == ["ok"]


ABSURD_DATES = ["Mon, 01 Jan 0001 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT",
                "Thu, 01 Jan 1970 00:00:00 GMT", "2025-13-45T99:99:99Z", "-2025-01-01",
                "99999999999999999999", "Tue, 10 Jun 2025 04:00:00 +9999", "\x00\x1b[31m",
                "2038-01-19T03:14:08Z", "1e308", "Sun, 29 Feb 2023 00:00:00 GMT"]


def test_absurd_dates_huge_titles_and_broken_encodings(tmp_path, feed_server):
    dated = [rss_item(f"Dated {i}", f"http://example.org/d{i}", f"<pubDate>{escape(d)}</pubDate>")
             for i, d in enumerate(ABSURD_DATES)]
    huge = "Huge " + "word " * 400_000
    docs = {
        "dates": rss(dated),
        "huge": rss([rss_item(huge, "http://example.org/huge")], title="H" * 1_000_000),
        "bad utf-8": rss([rss_item("CafQQ ok", "http://example.org/u")]).replace(
            b"CafQQ", b"Caf\xe9\xff\xfe\x80"),
        "declared latin-1, really utf-8": rss([rss_item("Grüße ☃", "http://example.org/l")])
        .replace(b'encoding="utf-8"', b'encoding="iso-8859-1"'),
        "declared utf-8, really cp1251": rss([rss_item("Новости", "http://example.org/c")])
        .decode().encode("cp1251"),
        "mixed encodings": rss([rss_item("Zürich", "http://example.org/m1")])
        .replace(b"</channel>", rss_item("Zürich", "http://example.org/m2")
                 .encode("latin-1") + b"</channel>"),
        "utf-16 with BOM": rss([rss_item("Sixteen", "http://example.org/16")]).decode()
        .replace('encoding="utf-8"', 'encoding="utf-16"').encode("utf-16"),
        "nul bytes": rss([rss_item("Nul", "http://example.org/n")]).replace(b"Nul", b"N\x00ul"),
        # "&#1;" inside an item's HTML once raised in lxml and stopped the whole refresh.
        "control reference in HTML": rss([rss_item("CtrlRef", "http://example.org/cr")])
        .replace(b"Text of CtrlRef.", b"&lt;p&gt;odd &amp;#1; &amp;#x1b;[31m text&lt;/p&gt;"),
    }
    bad = {"empty": b"", "whitespace": b" \n\t ", "binary": os.urandom(50_000),
           "png": b"\x89PNG\r\n\x1a\n" + os.urandom(2000), "json": b'{"items": [1, 2]}',
           "truncated": rss([rss_item("Cut", "http://example.org/t")])[:60]}
    urls = {name: feed_server.add_bytes(f"/{i}.xml", doc)
            for i, (name, doc) in enumerate({**docs, **bad}.items())}
    report, rows, feeds = refresh(tmp_path, list(urls.values()))
    titles = {r["title"] for r in rows}
    assert {f"Dated {i}" for i in range(len(ABSURD_DATES))} <= titles
    for row in rows:
        if row["published"]:
            assert "1990" <= row["published"][:4] <= "2100", row
    assert max(len(t) for t in titles) <= 500 and "Grüße ☃" in titles and "Новости" in titles
    assert {"Sixteen", "Zürich", "Nul", "CtrlRef"} <= titles
    assert any(t.startswith("Caf") for t in titles)
    failed = {f.source for f in report.failures}
    assert failed == {urls[n] for n in bad}, failed
    assert all(len(feeds[u].title or "") <= 500 for u in urls.values())


def test_an_html_page_as_a_feed_names_the_feed_it_offers(tmp_path, feed_server):
    feed = feed_server.add_bytes("/real.xml", rss([rss_item("Item", "http://example.org/i")]))
    page = (b'<!doctype html><html><head><title>Site</title>'
            b'<link rel="alternate" type="application/rss+xml" href="/real.xml">'
            b'<link rel="alternate" type="application/atom+xml" href="javascript:alert(1)">'
            b"</head><body><p>Hello</p></body></html>")
    url = feed_server.add_bytes("/index.html", page)
    _, rows, feeds = refresh(tmp_path, [url])
    assert rows == [] and feeds[url].last_error == f"not a feed; the page offers {feed}"
    parsed = parse_feed(page, url, "text/html")
    assert parsed.alternates == (feed,)  # the javascript: one is not offered
    from tests.test_feeds import run, write_config

    os.environ["BRIEFING_CONFIG"] = str(write_config(tmp_path, []))
    try:
        checked = run("feeds", "check", url)
    finally:
        del os.environ["BRIEFING_CONFIG"]
    assert f"the page offers {feed}" in checked.output and checked.exit_code == 1


NOT_HTTP = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
            "data:text/html;base64,PHNjcmlwdD4=", "file:///etc/passwd", "file://localhost/etc",
            "ftp://127.0.0.1/x", "gopher://127.0.0.1:70/", "mailto:a@b.example",
            "vbscript:msgbox", "about:blank", "chrome://settings", "view-source:http://a/",
            "http:///nohost", "http://", "//127.0.0.1/proto-relative", "/relative", "../up",
            "relative.html", "?q=1", "#frag", "http://127.0.0.1:99999/", "http://[::1/"]


def test_links_that_are_not_http_are_never_fetched_stored_or_opened(tmp_path, feed_server):
    items = [rss_item(f"Item {i}", link) for i, link in enumerate(NOT_HTTP)]
    feed = feed_server.add_bytes("/links.xml", rss(items))
    settings = make_settings(tmp_path, [feed])  # full text on: pages would be fetched
    settings = dataclasses.replace(settings, feeds=(FeedConfig(feed),))
    with Store.open(settings.database) as store:
        refresh_all(store, settings)
        urls = [r["url"] for r in store.db.query("SELECT url FROM articles")]
    # Relative links resolve against the feed's own http URL; nothing else is kept.
    assert all(u is None or is_http_url(u) for u in urls), urls
    assert len([u for u in urls if u]) == 7, urls  # relative ones, and http:///nohost
    assert {s.path for s in feed_server.requests} <= {"/links.xml", "/relative", "/up",
                                                        "/relative.html", "/links.xml?q=1"}
    for link in NOT_HTTP:
        assert resolve(None, link) is None, link
        with pytest.raises(OpenError):
            check_url(link)
    for link in NOT_HTTP[:13]:  # other schemes stay refused even with a base
        assert resolve("http://127.0.0.1/feed.xml", link) is None, link
