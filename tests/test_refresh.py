"""End to end: feeds and pages served from 127.0.0.1 into a real SQLite file."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from briefing.clock import fixed_clock
from briefing.config import FeedConfig
from briefing.refresh import refresh_all
from briefing.refresh.lock import RefreshLock, RefreshLocked
from briefing.store import Store
from tests.conftest import make_settings, mark_article
from tests.feedserver import FeedServer, Response
from tests.paths import DATA, repo_env
from tests.terminal import run_in_terminal

# Pages that trafilatura itself (bare `extract`) and our extraction both get right.
PAGES = ["xinhuanet.com.c_1125597921.html", "aclu.org-grades.html",
         "harpers.org.justice.html", "politico.com.retirement.html", "bbc.com.52241221.html"]
"""Real pages kept in tests/data (see its SOURCE.md)."""
EXPECTATIONS = json.loads((DATA / "pages" / "expectations.json").read_text(encoding="utf-8"))


def rss(title: str, items: list[dict[str, str]]) -> bytes:
    """A small RSS 2.0 document; each item has link/guid/title/description."""
    body = "".join(
        "<item>" + "".join(f"<{k}>{escape(v)}</{k}>" for k, v in item.items()) + "</item>"
        for item in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{escape(title)}</title><link>http://example.org/</link>{body}"
            f"</channel></rss>").encode()


def serve_pages(server: FeedServer, names: list[str], prefix: str = "/p/",
                **options: object) -> list[str]:
    return [server.add_file(prefix + n, DATA / "pages" / n, **options) for n in names]


def texts(store: Store) -> dict[str, dict]:
    return {r["url"]: r for r in store.db.query("SELECT * FROM articles")}


def test_pages_extracted_stored_and_second_refresh_is_conditional(
        tmp_path, feed_server):
    urls = serve_pages(feed_server, PAGES)
    items = [{"title": f"Story {i}", "link": u + "?utm_source=rss&utm_medium=feed",
              "guid": f"id-{i}", "description": "Teaser only."} for i, u in enumerate(urls)]
    feed = feed_server.add_bytes("/made.xml", rss("Made feed", items))
    settings = make_settings(tmp_path, [feed])
    with Store.open(settings.database) as store:
        report = refresh_all(store, settings)
        assert report.new == len(PAGES) and not report.failures
        stored = texts(store)
        for name, url in zip(PAGES, urls, strict=True):
            row = stored[url]  # the tracking parameters are gone from the key
            assert row["text_origin"] == "page"
            for s in EXPECTATIONS[name]["with"]:
                assert s in row["text"], (name, s)
            for s in EXPECTATIONS[name]["without"]:
                assert s not in row["text"], (name, s)
        again = refresh_all(store, settings)
        assert again.new == 0 and again.updated == 0
        assert again.feeds[0]["status"] == "not modified"
        assert store.articles.count() == len(PAGES)
        feed_row = store.feeds.all()[0]
        assert feed_row.title == "Made feed" and feed_row.item_count == len(PAGES)
        assert feed_row.stored == len(PAGES) and feed_row.failures == 0
    assert feed_server.hits("/made.xml")[-1].status == 304
    for name in PAGES:  # each page fetched once
        assert len(feed_server.hits("/p/" + name + "?utm_source=rss&utm_medium=feed")) == 1
    assert multiprocessing.active_children() == []


def test_features_from_the_workers_are_those_of_the_stored_articles(
        tmp_path, feed_server):
    """The story step takes the features the workers computed: they must be the ones the
    stored title and text give (pages, and feed text when a page fails)."""
    from briefing.cluster import ClusterItem, extract_features

    urls = serve_pages(feed_server, PAGES[:3])
    items = [{"title": f"Story {i} &amp; more", "link": u, "description": "Teaser."}
             for i, u in enumerate(urls)]
    items.append({"title": "No page", "link": feed_server.url("/missing"),
                  "description": "Only the feed's own words, twice over. Only these."})
    feed = feed_server.add_bytes("/f.xml", rss("F", items))
    settings = make_settings(tmp_path, [feed])
    with Store.open(settings.database) as store:
        assert refresh_all(store, settings).new == 4
        saved = {row["article_id"]: json.loads(row["state"])["features"]
                 for row in store.db.query("SELECT article_id, state FROM story_articles")}
        for row in store.db.query("SELECT id, title, text FROM articles"):
            assert saved[row["id"]] == extract_features(
                ClusterItem(row["id"], row["title"], row["text"])), row["title"]


def test_an_unchanged_feed_without_validators_is_not_parsed_again(tmp_path, feed_server):
    # The host sends neither ETag nor Last-Modified, so every refresh downloads the feed;
    # the same document again is recognised by its digest, until it changes.
    items = [{"title": f"Item {i}", "link": feed_server.url(f"/a/{i}"),
              "description": f"Item {i} says something, in a sentence of its own."}
             for i in range(3)]
    later_item = {"title": "Item 3", "link": feed_server.url("/a/3"),
                  "description": "Item 3 arrives later, with a sentence of its own."}
    first, changed = rss("Plain", items), rss("Plain", [*items, later_item])
    feed = feed_server.add("/plain.xml", [Response(body=first), Response(body=first),
                                          Response(body=changed)])
    settings = make_settings(tmp_path, [feed], full_text=False)
    with Store.open(settings.database) as store:
        assert refresh_all(store, settings).new == 3
        again = refresh_all(store, settings)
        assert again.new == 0 and again.feeds[0]["status"] == "unchanged"
        assert again.feeds[0]["http"] == 200 and not again.failures
        row = store.feeds.all()[0]
        assert row.item_count == 3 and row.title == "Plain" and row.failures == 0
        later = refresh_all(store, settings)  # a new item: parsed and stored
        assert later.new == 1 and later.feeds[0]["status"] == "ok"
        assert store.articles.count() == 4
    assert [hit.status for hit in feed_server.hits("/plain.xml")] == [200, 200, 200]


@pytest.mark.parametrize("conditional", [False, True], ids=["no validators", "etag"])
def test_a_feed_with_a_failed_item_is_read_again_until_it_lands(tmp_path, feed_server,
                                                                conditional):
    # The item's page is missing and the feed has no text for it: it fails. The same
    # document next time is parsed again (a host with an ETag is not asked for a 304),
    # and the item lands once its page is there.
    page = (DATA / "pages" / PAGES[0]).read_bytes()
    link = feed_server.add("/late.html", [Response(404), Response(
        body=page, headers={"Content-Type": "text/html; charset=utf-8"})])
    body = rss("Late", [{"title": "Late page", "link": link}])
    feed = feed_server.add("/late.xml", Response(body=body, conditional=conditional))
    settings = make_settings(tmp_path, [feed])
    start = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
    with Store.open(settings.database, clock=fixed_clock(start)) as store:
        first = refresh_all(store, settings)
        assert first.new == 0 and first.feeds[0]["failed"] == 1
        assert "1 item could not be read" in first.feeds[0]["error"]
        assert store.feeds.all()[0].body_hash is None
        store.clock = fixed_clock(start + timedelta(hours=1))  # its pause is over
        second = refresh_all(store, settings)
        assert second.new == 1 and second.feeds[0]["status"] == "ok"
        assert second.feeds[0]["error"] is None
        third = refresh_all(store, settings).feeds[0]["status"]
        assert third == ("not modified" if conditional else "unchanged")


def test_refetch_fetches_pages_again(tmp_path, feed_server):
    urls = serve_pages(feed_server, PAGES[:2])
    feed = feed_server.add_bytes("/f.xml", rss("F", [{"title": "A", "link": u} for u in urls]))
    settings = make_settings(tmp_path, [feed])
    with Store.open(settings.database) as store:
        refresh_all(store, settings)
        again = refresh_all(store, settings, refetch=True)
    assert again.new == 0 and again.unchanged == 2
    assert len(feed_server.hits("/p/" + PAGES[0])) == 2


def test_same_article_in_two_feeds_is_stored_once_and_linked_to_both(
        tmp_path, feed_server):
    (url,) = serve_pages(feed_server, PAGES[:1])
    one = feed_server.add_bytes("/one.xml", rss("One", [{"title": "T", "link": url}]))
    two = feed_server.add_bytes("/two.xml", rss("Two", [
        {"title": "T", "link": url + "?utm_campaign=x#comments"}]))
    settings = make_settings(tmp_path, [one, two])
    with Store.open(settings.database) as store:
        refresh_all(store, settings)
        assert store.articles.count() == 1
        assert [f.stored for f in store.feeds.all()] == [1, 1]
    fetched = [r for r in feed_server.requests if r.path.startswith("/p/" + PAGES[0])]
    assert len(fetched) == 1  # by whichever feed came first


def test_page_failures_fall_back_to_the_feed_text(tmp_path, feed_server):
    feed_server.add("/gone", Response(410))
    feed_server.add("/thin", Response(200, b"<html><body><p>Too short.</p></body></html>",
                                      {"Content-Type": "text/html"}))
    summary = "<p>The council <b>approved</b> the budget on Monday.</p><script>x()</script>"
    items = [{"title": "Gone", "link": feed_server.url("/gone"), "description": summary},
             {"title": "Thin", "link": feed_server.url("/thin"), "description": summary + " 2"},
             {"title": "Not http", "link": "file:///etc/passwd", "guid": "g-file",
              "description": "A local link is never fetched."},
             {"title": "Nothing", "link": feed_server.url("/gone") + "?x=1"}]
    feed = feed_server.add_bytes("/f.xml", rss("F", items))
    settings = make_settings(tmp_path, [feed])
    with Store.open(settings.database) as store:
        report = refresh_all(store, settings)
        rows = list(store.db.query("SELECT title, text, text_origin, url FROM articles"))
    assert report.new == 3 and report.feeds[0]["failed"] == 1 and not report.failures
    # Each says why the feed's text stands in: the page failed, or held no article.
    assert {r["title"]: r["text_origin"] for r in rows} == {
        "Gone": "feed", "Thin": "feed-no-article", "Not http": "feed-bad-link"}
    gone = next(r for r in rows if r["title"] == "Gone")
    assert gone["text"] == "The council approved the budget on Monday."
    assert not any(r.path.startswith("file") for r in feed_server.requests)
    assert next(r for r in rows if r["title"] == "Not http")["url"] is None


def test_real_and_ill_formed_feeds_land_with_per_feed_errors(tmp_path, feed_server, corpus):
    real = sorted(p for p in (corpus / "feeds" / "real").iterdir() if p.suffix != ".md"
                  and p.name != "index.json")
    index = {e["file"]: e["entries"] for e in json.loads(
        (corpus / "feeds" / "real" / "index.json").read_text())}
    urls = [feed_server.add_file("/real/" + p.name, p) for p in real]
    broken = [feed_server.add_bytes("/not-a-feed.xml", b"<html><body>Hello</body></html>",
                                    content_type="text/html"),
              feed_server.add_bytes("/empty.xml", b""),
              feed_server.url("/missing.xml")]
    feed_server.add("/error.xml", Response(500))
    feed_server.add("/busy.xml", Response(429, headers={"Retry-After": "0"}))
    broken += [feed_server.url("/error.xml"), feed_server.url("/busy.xml")]
    ill = corpus / "feeds" / "illformed" / "rss" / "item_fragment.xml"
    if ill.exists():  # a bozo document that still has entries
        urls.append(feed_server.add_file("/ill.xml", ill))
    settings = make_settings(tmp_path, urls + broken, full_text=False, retries=1)
    with Store.open(settings.database) as store:
        report = refresh_all(store, settings)
        by_url = {f.url: f for f in store.feeds.all()}
        for p, url in zip(real, urls, strict=False):
            assert by_url[url].item_count == index[p.name], p.name
            assert by_url[url].last_success is not None
        failed = {f.source for f in report.failures}
        assert failed == set(broken)
        assert by_url[feed_server.url("/missing.xml")].last_status == 404
        assert by_url[feed_server.url("/busy.xml")].last_status == 429
        assert by_url[feed_server.url("/error.xml")].failures == 1
        assert "not a feed" in by_url[feed_server.url("/not-a-feed.xml")].last_error
        assert store.articles.count() > 300
        refresh_all(store, settings)
        assert store.feeds.get(feed_server.url("/error.xml")).failures == 2
    assert len(feed_server.hits("/busy.xml")) == 4  # two refreshes, one retry each


@pytest.mark.parametrize(("full_text", "origin", "said"), [
    (True, "feed-short", "the page had less text than the feed's summary"),
    (False, "feed-full-text-off", "full text is off"),
])
def test_an_article_from_the_feed_says_why_not_from_its_page(tmp_path, feed_server,
                                                             full_text, origin, said):
    """The page was read (HTTP 200) but gave less than the feed, or no page was fetched:
    neither is "the page could not be read"."""
    from briefing.render.text import article_text

    sentence = "The council approved the budget for the new bridge on Monday evening. "
    page = (f"<html><head><title>Budget</title></head><body><article><h1>Budget</h1>"
            f"<p>{sentence * 4}</p></article></body></html>")
    link = feed_server.add_bytes("/budget.html", page.encode(), "text/html")
    feed = feed_server.add_bytes("/f.xml", rss("F", [
        {"title": "Budget", "link": link, "description": sentence * 12}]))
    settings = make_settings(tmp_path, [feed], full_text=full_text)
    with Store.open(settings.database) as store:
        assert refresh_all(store, settings).new == 1
        (article,) = [store.articles.get(r["id"])
                      for r in store.db.query("SELECT id FROM articles")]
    assert article.text_origin == origin
    assert f"Text from the feed's summary: {said}." in article_text(article, width=200)
    assert sum(r.path == "/budget.html" for r in feed_server.requests) == int(full_text)


def test_feed_dates_are_utc_and_bad_dates_are_none(tmp_path, feed_server):
    items = [{"title": "Dated", "link": "http://example.org/a", "guid": "a",
              "description": "Ash", "pubDate": "Tue, 10 Jun 2025 04:00:00 +0200"},
             {"title": "Bad", "link": "http://example.org/b", "guid": "b",
              "description": "Birch", "pubDate": "yesterday-ish"},
             {"title": "Future", "link": "http://example.org/c", "guid": "c",
              "description": "Cedar", "pubDate": "Tue, 10 Jun 2999 04:00:00 GMT"}]
    feed = feed_server.add_bytes("/d.xml", rss("D", items))
    settings = make_settings(tmp_path, [feed], full_text=False)
    with Store.open(settings.database) as store:
        refresh_all(store, settings)
        dates = {r["title"]: r["published"] for r in store.db.query("SELECT * FROM articles")}
    assert dates == {"Dated": "2025-06-10T02:00:00+00:00", "Bad": None, "Future": None}


def test_prune_keeps_starred_and_fts_in_sync(tmp_path, feed_server):
    now = datetime.now(UTC)
    items = [{"title": f"Item {i}", "link": f"http://example.org/{i}", "guid": str(i),
              "description": f"Story number {i} about zebras.",
              "pubDate": (now - timedelta(days=40 * (i % 2))).strftime(
                  "%a, %d %b %Y %H:%M:%S GMT")} for i in range(6)]
    feed = feed_server.add_bytes("/p.xml", rss("P", items))
    settings = make_settings(tmp_path, [FeedConfig(feed, "P", ("t",))], full_text=False)
    with Store.open(settings.database) as store:
        refresh_all(store, settings)
        assert store.articles.count() == 6
        old = [r["id"] for r in store.db.query(
            "SELECT id FROM articles WHERE published < ?", [(now - timedelta(days=30)).isoformat()])]
        mark_article(store, old[0], starred=True)
        pruned = store.articles.prune(30, now=now + timedelta(days=31))
        assert pruned == 5 and store.articles.count() == 1
        fts = store.db.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
        assert fts == 1 and len(store.articles.search("zebras")) == 1
        # keep_days also means old entries are not fetched at all
    settings = make_settings(tmp_path / "b", [feed], full_text=False)
    settings = type(settings)(**{**settings.__dict__, "keep_days": 30})
    with Store.open(settings.database) as store:
        refresh_all(store, settings)
        assert store.articles.count() == 3


def test_lock_blocks_a_second_refresh_and_dead_holders_do_not(tmp_path):
    settings = make_settings(tmp_path, [], lock_wait=0.2)
    with Store.open(settings.database) as store:
        with RefreshLock(settings.database, wait=0), pytest.raises(RefreshLocked) as err:
            refresh_all(store, settings)
        assert "another refresh is running" in str(err.value)
        # A lock file left by a dead process (pid inside, no lock held) is taken over.
        (tmp_path / "briefing.db.lock").write_text("999999\n")
        refresh_all(store, settings)


def test_whether_the_lock_is_held_is_told_without_waiting(tmp_path):
    from briefing.refresh.lock import is_held

    database = tmp_path / "briefing.db"
    assert not is_held(database)  # no lock file yet
    with RefreshLock(database, wait=0):
        assert is_held(database)
    assert not is_held(database)  # released: the file stays, unlocked
    with RefreshLock(database, wait=0):  # and asking took nothing from the next one
        pass


def test_cancel_stops_between_items(tmp_path, feed_server):
    urls = [url for n in range(2)  # slow, so that a batch's wait holds one or two
            for url in serve_pages(feed_server, PAGES, prefix=f"/p{n}/", delay=0.3)]
    feed = feed_server.add_bytes("/c.xml", rss("C", [{"title": "x", "link": u} for u in urls]))
    settings = make_settings(tmp_path, [feed], per_host=1)
    calls: list[tuple[int, int, str]] = []
    with Store.open(settings.database) as store:
        report = refresh_all(store, settings, on_progress=lambda *a: calls.append(a),
                             is_cancelled=lambda: len(calls) >= 2)
        assert store.articles.count() < len(urls)
        assert store.feeds.all()[0].etag is None  # the next refresh sees the whole feed
        assert report.new == store.articles.count()
        rest = refresh_all(store, settings)
        assert store.articles.count() == len(urls) and rest.new + report.new == len(urls)
    assert multiprocessing.active_children() == []


def test_a_refresh_says_at_once_that_another_program_holds_the_database(tmp_path,
                                                                       monkeypatch):
    """A sqlite3 shell mid-transaction would make the refresh wait silently: it says so
    first, then goes on once the other program lets go."""
    from tests.test_feeds import run, write_config

    monkeypatch.setenv("BRIEFING_CONFIG", str(write_config(tmp_path, [])))
    assert run("refresh", "--quiet").exit_code == 0  # makes the database
    holder = sqlite3.connect(tmp_path / "briefing.db", isolation_level=None,
                             check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    threading.Timer(0.5, lambda: holder.execute("ROLLBACK")).start()
    try:
        result = run("refresh", "--quiet")
    finally:
        time.sleep(0.6)
        holder.close()
    assert result.exit_code == 0, result.output
    assert "is busy (another program or refresh is writing to it); waiting up to 30 s" \
        in result.stderr


def test_cli_exits_3_while_another_refresh_holds_the_lock(tmp_path, monkeypatch):
    from tests.test_feeds import run, write_config

    monkeypatch.setenv("BRIEFING_CONFIG", str(write_config(tmp_path, [])))
    with RefreshLock(tmp_path / "briefing.db", wait=0):
        result = run("refresh", "--quiet")
    assert result.exit_code == 3 and "another refresh is running" in result.output
    assert str(os.getpid()) in result.output
    with RefreshLock(tmp_path / "briefing.db", wait=0):
        as_json = run("refresh", "--json")
    reported = json.loads(as_json.stdout)  # a script reading stdout learns why
    assert as_json.exit_code == 3 and reported["exit"] == 3
    assert "another refresh is running" in reported["error"]
    assert run("refresh", "--quiet").exit_code == 0


def test_sigkill_mid_refresh_loses_nothing_and_the_next_run_finishes(
        tmp_path, feed_server):
    from tests.test_feeds import write_config

    first = serve_pages(feed_server, PAGES[:2], prefix="/a/")
    feed_a = feed_server.add_bytes("/a.xml", rss("A", [{"title": "a", "link": u} for u in first]))
    # Spread out, so a loaded machine's writer cannot store them all between two looks.
    slow = [feed_server.add_file(f"/b/{i}/{n}", DATA / "pages" / n, delay=0.4)
            for i in range(2) for n in PAGES]
    feed_b = feed_server.add_bytes("/b.xml", rss("B", [{"title": "b", "link": u} for u in slow]))
    db = tmp_path / "briefing.db"
    cmd = [sys.executable, "-m", "briefing", "--db", str(db), "refresh", "--quiet"]
    write_config(tmp_path, [feed_a], per_host=1)
    env = {**os.environ, "BRIEFING_CONFIG": str(tmp_path / "config.toml")}
    subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=60)
    before = {r[0]: r[1] for r in sqlite3.connect(db).execute("SELECT id, text FROM articles")}
    assert len(before) == 2

    write_config(tmp_path, [feed_a, feed_b], per_host=1)
    proc = subprocess.Popen(cmd, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and count(db) < 5:
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the refresh and its extraction workers
        proc.wait()
    killed_at = count(db)
    assert 5 <= killed_at < 2 + len(slow)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    after = dict(conn.execute("SELECT id, text FROM articles"))
    assert all(after[k] == v for k, v in before.items())
    conn.close()

    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert count(db) == 2 + len(slow)


def start_slow_refresh(tmp_path: Path, feed_server, name: str,
                       **popen: object) -> tuple[subprocess.Popen, Path, list[str]]:
    """`briefing refresh --quiet` in a session of its own (so a signal can reach its whole
    process group) on a feed of pages served slowly: (process, database, page URLs)."""
    from tests.test_feeds import write_config

    slow = [feed_server.add_file(f"/{name}/{i}/{n}", DATA / "pages" / n, delay=0.3)
            for i in range(4) for n in PAGES]
    feed = feed_server.add_bytes(f"/{name}.xml",
                                 rss(name, [{"title": name, "link": u} for u in slow]))
    db = tmp_path / "briefing.db"
    write_config(tmp_path, [feed], per_host=1)
    env = {**os.environ, "BRIEFING_CONFIG": str(tmp_path / "config.toml")}
    proc = subprocess.Popen([sys.executable, "-m", "briefing", "--db", str(db), "refresh",
                             "--quiet"], env=env, start_new_session=True, **popen)
    return proc, db, slow


@pytest.mark.parametrize(("signum", "to_group", "code", "said"), [
    (signal.SIGINT, True, 130, "interrupted"),
    (signal.SIGTERM, True, 143, "stopped (SIGTERM)"),
    (signal.SIGTERM, False, 143, "stopped (SIGTERM)"),
], ids=["ctrl-c", "sigterm-group", "sigterm-app"])
def test_a_signal_stops_a_refresh_with_one_line_and_keeps_what_it_stored(
        tmp_path, feed_server, signum, to_group, code, said):
    """Ctrl-C reaches the refresh and its workers (the terminal signals the whole process
    group); `timeout` and service managers send SIGTERM, to the group or to the app alone.
    Each: one line, the shell's exit code, no worker's traceback, no warning about the
    workers' semaphores left for cron's mail, the lock released, the stored articles
    whole."""
    proc, db, slow = start_slow_refresh(tmp_path, feed_server, "s", text=True,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and count(db) < 2:
            time.sleep(0.05)
        if to_group:
            os.killpg(proc.pid, signum)
        else:
            proc.send_signal(signum)
        out, err = proc.communicate(timeout=30)  # until every process has let go of stderr
    finally:
        if _group_alive(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == code, out + err
    assert err == (f"briefing: {said}; what was stored before is kept, the rest comes at "
                   "the next refresh\n")
    assert 2 <= count(db) < len(slow)
    with RefreshLock(db, wait=0):  # released
        pass
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_a_hang_up_stops_a_refresh_with_its_exit_code_when_the_terminal_is_gone(
        tmp_path, feed_server):
    """A closed terminal sends SIGHUP, and writing there then fails: the refresh still
    stops as Ctrl-C stops it, and says so by its exit code (it had exited 1 on the failed
    write). The terminal is played by a pipe whose reading end is closed."""
    proc, db, slow = start_slow_refresh(tmp_path, feed_server, "h", stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and count(db) < 2:
            time.sleep(0.05)
        proc.stdout.close()
        proc.stderr.close()
        os.killpg(proc.pid, signal.SIGHUP)
        proc.wait(timeout=30)
    finally:
        if _group_alive(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 129
    assert 2 <= count(db) < len(slow)
    with RefreshLock(db, wait=0):  # released
        pass


def count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_cancel_stops_the_fetches_still_queued(tmp_path, feed_server):
    """Items waiting for a connection are not fetched once the refresh is cancelled
    (the reader quits at once during a long refresh)."""
    pages = [feed_server.add_file(f"/q/{i}/{n}", DATA / "pages" / n, delay=0.3)
             for i in range(5) for n in PAGES]
    feed = feed_server.add_bytes("/q.xml", rss("Q", [{"title": "q", "link": u} for u in pages]))
    settings = make_settings(tmp_path, [feed], per_host=1)
    calls: list[tuple[int, int, str]] = []
    with Store.open(settings.database) as store:
        refresh_all(store, settings, on_progress=lambda *a: calls.append(a),
                    is_cancelled=lambda: len(calls) >= 2)
        fetched = [r for r in feed_server.requests if r.path.startswith("/q/")]
        half = len(pages) // 2  # without the cancel, every queued page is fetched
        stored = store.articles.count()
        assert stored < half and len(fetched) < half, (stored, len(fetched))
        refresh_all(store, settings)  # the next refresh fetches the rest
        assert store.articles.count() == len(pages)
    assert multiprocessing.active_children() == []


def test_a_killed_refresh_leaves_no_process_behind(tmp_path, feed_server):
    """SIGKILL runs no clean-up: the workers, the fork server and the resource tracker
    must still end on their own, soon after the refresh that started them."""
    proc, db, _ = start_slow_refresh(tmp_path, feed_server, "k",
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    group = proc.pid  # its own session: every process it starts is in this group
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and count(db) < 2:
            time.sleep(0.05)
        assert count(db) >= 2  # the workers are up and busy
        os.kill(proc.pid, signal.SIGKILL)  # the refresh alone, not its group
        proc.wait()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and _group_alive(group):
            time.sleep(0.1)
        assert not _group_alive(group), "processes of the killed refresh still run"
    finally:
        if _group_alive(group):
            os.killpg(group, signal.SIGKILL)


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def store_health(settings, url: str) -> tuple[str, str | None, str | None]:
    from briefing.feed_health import feed_health

    with Store.open(settings.database) as store:
        feed = next(f for f in store.feeds.all() if f.url == url)
    health = feed_health(last_error=feed.last_error, failures=feed.failures,
                         last_checked=feed.last_checked, last_success=feed.last_success)
    return health.state, health.failure, health.note


def test_a_slow_host_gets_its_budget_and_no_more(tmp_path, feed_server):
    """Slow pages of one host (each answering just within the timeouts) fail once the
    host's budget is spent, queued ones included; the feed and its other items land."""
    fast = serve_pages(feed_server, PAGES[:1])
    feed = feed_server.add_bytes("/s.xml", rss("S", [{"title": "fast", "link": fast[0]}]))
    other = FeedServer().start()  # another port: another host
    try:
        slow = [other.add_file(f"/slow/{n}", DATA / "pages" / n, delay=1.5) for n in PAGES]
        feed_slow = feed_server.add_bytes(
            "/slow.xml", rss("Slow", [{"title": f"slow {i}", "link": u}
                                      for i, u in enumerate(slow)]))
        settings = make_settings(tmp_path, [feed, feed_slow], per_host=1, host_budget=2.0)
        with Store.open(settings.database) as store:
            report = refresh_all(store, settings)
            errors = [r["error"] for r in store.db.query(
                "SELECT last_error AS error FROM feeds WHERE url = ?", [feed_slow])]
    finally:
        other.stop()
    rows = {row["name"]: row for row in report.feeds}
    assert rows["S"]["new"] == 1
    # Five pages one after another take 7.5 s: at most one lands within the budget.
    assert rows["Slow"]["failed"] >= 4 and rows["Slow"]["new"] + rows["Slow"]["failed"] == 5
    # The feed itself was fetched (not failing); its status says its pages failed.
    assert errors[0].endswith("items could not be read (next try in 1 hour)")
    assert store_health(settings, feed_slow) == ("ok", None, errors[0])


def test_pages_cut_by_the_host_budget_are_not_failed_attempts(tmp_path, feed_server):
    """The host budget is our own limit: its pages are read again at the next refresh,
    never remembered as failures (nor given up after a few refreshes)."""
    other = FeedServer().start()
    try:
        slow = [other.add_file(f"/slow/{n}", DATA / "pages" / n, delay=1.5)
                for n in PAGES[:3]]
        feed = feed_server.add_bytes("/slow.xml", rss("Slow", [
            {"title": f"slow {i}", "link": u, "guid": f"s{i}"} for i, u in enumerate(slow)]))
        settings = make_settings(tmp_path, [feed], per_host=1, host_budget=0.5)
        with Store.open(settings.database) as store:
            for _ in range(2):
                report = refresh_all(store, settings)
                assert report.feeds[0]["failed"] == 3  # tried each time, none held back
                assert store.failures.items(slow) == {}
    finally:
        other.stop()


def test_the_refresh_deadline_ends_fetching_and_keeps_what_landed(tmp_path, feed_server):
    """At the deadline, unfinished feeds are failures (tried again next time, no new
    validators) and what landed before is stored."""
    fast = serve_pages(feed_server, PAGES[:1])
    feed = feed_server.add_bytes("/d.xml", rss("D", [{"title": "fast", "link": fast[0]}]))
    other = FeedServer().start()
    try:
        late = other.add_bytes("/late.xml", rss("Late", [{"title": "x", "link": fast[0]}]),
                               delay=1.8)  # within the read timeout: only the deadline stops it
        settings = make_settings(tmp_path, [feed, late], deadline=1.0)
        with Store.open(settings.database) as store:
            report = refresh_all(store, settings)
            assert store.articles.count() == 1
            late_row = next(f for f in store.feeds.all() if f.url == late)
    finally:
        other.stop()
    assert [f.source for f in report.failures] == [late]
    assert "deadline" in report.failures[0].error
    assert late_row.etag is None and late_row.last_error and "deadline" in late_row.last_error


def test_totals_stay_those_of_the_stored_rows_when_a_refresh_prunes(
        tmp_path, feed_server, corpus):
    """A refresh that prunes members of a story its new articles join (from a feed, then
    a seed clustered at the end) leaves the clusterer's kept totals equal to a replay of
    the rows that remain: nothing clusters against what the prune removed."""
    from briefing.edition.update import StoryUpdater
    from briefing.models import Brief, Document

    rows = [json.loads(line) for line in (corpus / "clusters" / "dev.jsonl").read_text(
        encoding="utf-8").splitlines()]
    story = [r for r in rows if r["cluster"] == rows[0]["cluster"]][:5]
    now = datetime.now(UTC)
    old = now - timedelta(days=40)
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "note.txt").write_text(f"{story[4]['title']}\n\n{story[4]['text']}",
                                    encoding="utf-8")
    item = {"title": story[3]["title"], "link": "http://example.org/new", "guid": "new",
            "description": story[3]["text"],
            "pubDate": now.strftime("%a, %d %b %Y %H:%M:%S GMT")}
    feed = feed_server.add_bytes("/f.xml", rss("F", [item]))
    settings = make_settings(tmp_path, [feed], full_text=False)
    settings = type(settings)(**{**settings.__dict__, "keep_days": 30, "seeds": seeds})
    brief = Brief(lede=("Lede.",), method="extractive", version=1)
    with Store.open(settings.database) as store:
        with store.transaction():
            stored = store.articles.ingest_many(
                [(Document(key=f"http://example.org/old/{n}", title=r["title"], text=r["text"],
                           url=f"http://example.org/old/{n}", published=old), brief, "Old")
                 for n, r in enumerate(story[:3])], now=old)
            StoryUpdater(store).add([s.article_id for s in stored])
        report = refresh_all(store, settings)
        assert report.new == 2 and store.articles.count() == 2  # the old three were pruned
        totals = [sorted(store.conn.execute(f"SELECT * FROM {table}"))
                  for table in ("cluster_terms", "cluster_stories")]
        store.clusters.rebuild_totals()
        replayed = [sorted(store.conn.execute(f"SELECT * FROM {table}"))
                    for table in ("cluster_terms", "cluster_stories")]
        assert totals[0] == replayed[0]
        assert [r[1:5] for r in totals[1]] == [r[1:5] for r in replayed[1]]  # dates, size


def test_a_feed_failing_as_before_is_still_failing_and_a_new_error_is_news(tmp_path,
                                                                           feed_server):
    feed = feed_server.add("/gone.xml", [Response(404), Response(404), Response(500)])
    settings = make_settings(tmp_path, [feed])
    with Store.open(settings.database) as store:
        first = refresh_all(store, settings)
        assert [f.error for f in first.failures] == ["HTTP 404"] and not first.still_failing
        second = refresh_all(store, settings)
        assert not second.failures and [f.error for f in second.still_failing] == ["HTTP 404"]
        assert second.feeds[0]["status"] == "failed"
        assert store.feeds.all()[0].failures == 2  # the streak is kept, and shown
        third = refresh_all(store, settings)
        assert [f.error for f in third.failures] == ["HTTP 500"]


def test_an_item_that_keeps_failing_is_retried_after_growing_pauses_then_given_up(
        tmp_path, feed_server):
    # Its page is always 404 and the feed has no text for it: fetching it at every
    # refresh costs the host and the user for nothing.
    link = feed_server.add("/dead.html", Response(404))
    body = rss("Dead", [{"title": "Dead page", "link": link}])
    feed = feed_server.add("/dead.xml", Response(body=body, conditional=True))
    settings = make_settings(tmp_path, [feed])
    start = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)

    def page_fetches() -> int:
        return sum(r.path == "/dead.html" for r in feed_server.requests)

    with Store.open(settings.database, clock=fixed_clock(start)) as store:
        def refresh_at(hours: float) -> dict:
            store.clock = fixed_clock(start + timedelta(hours=hours))
            report = refresh_all(store, settings)
            assert not report.failures  # items that fail are notes, never failures
            return report.feeds[0]

        first = refresh_at(0)
        assert first["failed"] == 1 and page_fetches() == 1
        assert "1 item could not be read (next try in 1 hour)" in first["error"]
        row = refresh_at(0.5)  # within the first pause: held back, and said so
        assert page_fetches() == 1 and row["failed"] == 0
        assert ("1 item held back after failing (1 waiting, next try after "
                f"{start + timedelta(hours=1):%Y-%m-%d %H:%M})") in row["error"]
        assert "HTTP 404" in row["error"]
        assert "held back" in store.feeds.all()[0].last_error
        # After 1 h, 6 h, 24 h: tried again each time, and the note says the next wait.
        notes = [refresh_at(hours)["error"] for hours in (1, 7, 31)]
        assert page_fetches() == 4
        assert "(next try in 6 hours)" in notes[0] and "(next try in 24 hours)" in notes[1]
        assert ("1 item could not be read (1 given up after 4 attempts: `refresh --refetch` "
                "tries again)") in notes[2]
        row = refresh_at(31 + 24 * 5)
        assert page_fetches() == 4  # given up after four attempts
        assert "given up after 4 attempts" in row["error"]
        # A given-up item needs no re-reading: the next refresh is a 304; the note stays.
        assert refresh_at(31 + 24 * 6)["status"] == "not modified"
        assert "given up" in store.feeds.all()[0].last_error
        store.clock = fixed_clock(start + timedelta(days=8))
        refresh_all(store, settings, refetch=True)  # --refetch tries everything again
        assert page_fetches() == 5
        # Untried for 30 days, its failures are forgotten: once its feed changes (no 304),
        # the item, still there, gets a fresh round of tries.
        assert refresh_at(8 * 24 + 31 * 24)["status"] == "ok"  # read, held: pruned after
        assert refresh_at(8 * 24 + 32 * 24)["status"] == "not modified"
        assert page_fetches() == 5 and not store.failures.items([link])
        feed_server.add("/dead.xml", Response(body=rss("Dead", [
            {"title": "Dead page", "link": link},
            {"title": "Another", "link": serve_pages(feed_server, PAGES[:1])[0]}]),
            conditional=True))
        refresh_at(8 * 24 + 33 * 24)
        assert page_fetches() == 6


def test_the_retry_pause_counts_from_the_start_of_the_refresh_that_failed(
        tmp_path, feed_server):
    """An hourly cron retries an item that failed an hour before, however long the
    refresh that failed took to write it down."""
    link = feed_server.add("/dead.html", Response(404))
    feed = feed_server.add_bytes("/dead.xml", rss("Dead", [{"title": "Dead", "link": link}]))
    settings = make_settings(tmp_path, [feed])
    start = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
    calls = [0]

    def slow_refresh_at(hours: float) -> Callable[[], datetime]:
        """The refresh starts at `hours`; every later reading is 50 minutes on."""
        calls[0] = 0

        def clock() -> datetime:
            calls[0] += 1
            late = timedelta(minutes=50) if calls[0] > 1 else timedelta()
            return start + timedelta(hours=hours) + late
        return clock

    with Store.open(settings.database, clock=slow_refresh_at(0)) as store:
        for hours in (0, 1):
            store.clock = slow_refresh_at(hours)
            assert refresh_all(store, settings).feeds[0]["failed"] == 1
        assert sum(r.path == "/dead.html" for r in feed_server.requests) == 2
        (failure,) = store.failures.items([link]).values()
        assert failure.attempts == 2 and failure.last_tried == start + timedelta(hours=1)


def test_a_feed_moved_for_good_is_followed_and_a_temporary_move_is_not(tmp_path,
                                                                        feed_server):
    from briefing.cli.progress import summary_line

    body = rss("Moved", [{"title": "Story", "link": "http://example.org/s",
                          "description": "A story about zebras and their stripes."}])
    home = "/the-feed-has-a-new-and-rather-longer-home-on-this-site/new.xml"
    new = feed_server.add_bytes(home, body)
    old = feed_server.add("/old.xml", Response(301, headers={"Location": home}))
    temp = feed_server.add("/temp.xml", Response(302, headers={"Location": "/new2.xml"}))
    feed_server.add_bytes("/new2.xml", rss("Temp", []))
    settings = make_settings(tmp_path, full_text=False)
    with Store.open(settings.database) as store:
        moved, _ = store.feeds.add(old)
        stays, _ = store.feeds.add(temp)
        report = refresh_all(store, settings)
        rows = {row["feed"]: row for row in report.feeds}
        assert rows[old]["moved_to"] == new and rows[temp]["moved_to"] is None
        # The whole reason, however long: cron mail is read, not laid out.
        assert (f"Moved: moved permanently to {new}; subscription updated; done in "
                in summary_line(report, name_failures=True))
        assert store.feeds.get(moved.id).url == new and store.feeds.get(moved.id).stored == 1
        assert store.feeds.get(stays.id).url == temp
        asked = len([r for r in feed_server.requests if r.path == "/old.xml"])
        assert refresh_all(store, settings).feeds[0]["status"] == "not modified"
        assert len([r for r in feed_server.requests if r.path == "/old.xml"]) == asked
        assert store.articles.count() == 1


def test_a_move_to_another_feeds_address_is_reported_not_merged(tmp_path, feed_server):
    target = feed_server.add_bytes("/b.xml", rss("B", []))
    a = feed_server.add("/a.xml", Response(308, headers={"Location": "/b.xml"}))
    listed = feed_server.add("/c.xml", Response(301, headers={"Location": "/b.xml"}))
    settings = make_settings(tmp_path, [listed], full_text=False)  # from the config file
    with Store.open(settings.database) as store:
        first, _ = store.feeds.add(a, name="A")
        other, _ = store.feeds.add(target, name="B")
        report = refresh_all(store, settings)
        assert not report.failures
        errors = {row["feed"]: row["error"] for row in report.feeds}
        assert f"which is feed {other.id} (B) too" in errors[a]
        assert "change its url in the config file" in errors[listed]
        assert store.feeds.get(first.id).url == a and store.feeds.get(listed) is not None
        assert "which is feed" in store.feeds.get(first.id).last_error  # the feeds screen's note


def test_progress_names_the_last_feeds_a_refresh_waits_for(tmp_path, feed_server):
    """A refresh held up by a slow feed said "4 of 5 feeds read" for 20 s without saying
    which: with two or fewer left, the progress names them."""
    quick = [feed_server.add_bytes(f"/{n}.xml", rss(f"Quick {n}", [])) for n in range(3)]
    slow = feed_server.add_bytes("/slow.xml", rss("Slow", []), delay=2.5)  # after the rest
    feeds = tuple(FeedConfig(url, name) for url, name in [
        *((u, f"Quick {n}") for n, u in enumerate(quick)), (slow, "Slow Desk")])
    settings = make_settings(tmp_path, feeds, full_text=False)
    calls: list[str] = []
    with Store.open(settings.database) as store:
        refresh_all(store, settings, on_progress=lambda done, total, what: calls.append(what))
    assert "3 of 4 feeds read · waiting for Slow Desk" in calls
    assert not [w for w in calls if w.startswith(("0 of", "1 of")) and "waiting" in w]
    assert calls[-1] == "4 of 4 feeds read"


WAITING = "1 of 2 feeds read · waiting for 日本経済新聞 電子版 速報ニュース · 3 of 9 new items"


@pytest.mark.parametrize("columns", [100, 80, 60, 40, 30, 20, 12, 3])
def test_the_progress_bar_fits_the_terminal_whatever_its_width(monkeypatch, capsys, columns):
    """A line wider than the terminal wraps, and the bar's redraw then leaves its first row
    behind: at any width the line takes the columns less one (wide characters counted
    twice), shortened rather than cut where it can be: the feed waited for is cut first,
    the counts kept; a narrow terminal gets a percentage, not a bar."""
    from briefing.cli.progress import ProgressLine
    from briefing.render.text import cells

    monkeypatch.setenv("COLUMNS", str(columns))
    bar = ProgressLine()
    bar.update(1, 2, WAITING)
    bar.update(2, 2, "2 of 2 feeds read")
    bar.clear()
    drawn = capsys.readouterr().err.split("\r")[1:-1]  # the clear ends in "\r"
    assert [cells(line) for line in drawn] == [columns - 1] * 3
    assert "\n" not in "".join(drawn) and not drawn[2].strip()  # cleared
    first, last = drawn[0].rstrip(), drawn[1].rstrip()
    if columns >= 80:
        assert first.startswith("[") and "waiting for 日本" in first and "… · 3 of 9 new items" in first
        assert last.endswith("] 2 of 2 feeds read") and "#-" not in last  # full
    elif columns > 40:
        assert first.startswith("[") and first.endswith("] 1 of 2 feeds read · 3 of 9 new items")
    elif columns == 40:
        assert (first, last) == ("50% 1/2 feeds read · 3/9 new items", "100% 2 of 2 feeds read")
    elif columns == 30:
        assert (first, last) == ("50% 1/2 feeds read", "100% 2 of 2 feeds read")
    elif columns == 20:
        assert (first, last) == ("50% 1/2 feeds read", "100% 2/2 feeds read")
    elif columns == 12:
        assert first == "50% 1/2 fe…"


def test_refresh_on_a_narrow_terminal_redraws_its_progress_in_place(tmp_path, feed_server):
    """`briefing refresh` in a real terminal 40 and then 20 columns wide (no COLUMNS
    set: the terminal's own size): every redraw of the progress line fits in one row."""
    import re

    from briefing.render.text import cells

    urls = serve_pages(feed_server, PAGES, delay=0.2)
    feed = feed_server.add_bytes("/world.xml", rss("A World News Desk With A Long Name", [
        {"title": f"Story {n}", "link": url, "guid": f"g{n}"} for n, url in enumerate(urls)]))
    (tmp_path / "config.toml").write_text(f'database = "b.db"\n[[feeds]]\nurl = "{feed}"\n',
                                          encoding="utf-8")
    env = {k: v for k, v in repo_env().items() if k not in ("COLUMNS", "LINES")}
    for columns in (40, 20):
        (tmp_path / "b.db").unlink(missing_ok=True)
        code, said = run_in_terminal(
            [sys.executable, "-m", "briefing", "--config", str(tmp_path / "config.toml"),
             "refresh", "--refetch"], cwd=tmp_path, env=env, columns=columns)
        assert code == 0, said
        rows = re.split(r"[\r\n]+", said.decode("utf-8"))
        drawn = [row for row in rows if re.match(r"(\[[#-]+\] |\d+% )", row)]
        assert len(drawn) >= 3, rows
        assert {cells(row) for row in drawn} == {columns - 1}, drawn
        assert any("feeds read" in row for row in drawn) and drawn[-1].startswith("100% ")


def test_progress_says_how_far_the_refresh_is_in_feeds_and_items(tmp_path, feed_server):
    urls = serve_pages(feed_server, PAGES[:3])
    one = feed_server.add_bytes("/1.xml", rss("One", [{"title": "a", "link": urls[0]},
                                                     {"title": "b", "link": urls[1]}]))
    two = feed_server.add_bytes("/2.xml", rss("Two", [{"title": "b", "link": urls[1]},
                                                     {"title": "c", "link": urls[2]}]))
    settings = make_settings(tmp_path, [one, two])
    calls: list[tuple[int, int, str]] = []
    with Store.open(settings.database) as store:
        refresh_all(store, settings, on_progress=lambda *a: calls.append(a))
    done, total, what = calls[-1]
    # The page both feeds list is fetched once and still ends the second feed's item.
    assert (done, total, what) == (6, 6, "2 of 2 feeds read · 4 of 4 new items")
    assert all(d <= t for d, t, _ in calls)
    assert all(w.startswith(("0 of 2", "1 of 2", "2 of 2")) for _, _, w in calls)


def test_a_config_feed_spelled_two_ways_is_one_feed_fetched_once(tmp_path, feed_server):
    body = rss("One", [{"title": "Story", "link": "http://example.org/s",
                        "description": "A story about zebras and their stripes."}])
    url = feed_server.add_bytes("/one.xml", body)
    shouting = url.replace("http://127.0.0.1", "HTTP://127.0.0.1") + "#latest"
    settings = make_settings(tmp_path, [FeedConfig(url, "One"), FeedConfig(shouting, "Two")],
                             full_text=False)
    assert [f.url for f in settings.feeds] == [url]
    with Store.open(settings.database) as store:
        refresh_all(store, settings)
        assert [(f.url, f.name) for f in store.feeds.all()] == [(url, "One")]
    assert sum(r.path == "/one.xml" for r in feed_server.requests) == 1


def test_a_config_feed_stored_as_written_keeps_its_articles_once_normalised(tmp_path,
                                                                          feed_server):
    body = rss("One", [{"title": "Story", "link": "http://example.org/s",
                        "description": "A story about zebras and their stripes."}])
    url = feed_server.add_bytes("/one.xml", body)
    settings = make_settings(tmp_path, [url], full_text=False)
    with Store.open(settings.database) as store:
        refresh_all(store, settings)
        # As an older briefing stored a config URL: exactly as the file spelled it.
        store.conn.execute("UPDATE feeds SET url = ?", [url + "#top"])
        store.conn.commit()
        store.feeds.sync_config(settings.feeds)
        (feed,) = store.feeds.all()
        assert feed.url == url and feed.stored == 1


def test_https_to_a_plain_http_server_is_explained_as_such(tmp_path, feed_server):
    """The real TLS handshake against the plain-HTTP test server: not "nothing listens"."""
    plain = feed_server.add_bytes("/f.xml", rss("F", []))
    feed = "https" + plain.removeprefix("http")
    settings = make_settings(tmp_path, [feed])
    with Store.open(settings.database) as store:
        refresh_all(store, settings)
    _, problem, _ = store_health(settings, feed)
    assert problem.startswith("the server does not speak TLS (https) at that address:"), problem
