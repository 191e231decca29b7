"""A feed that is too big, or full of junk, served from 127.0.0.1 into a real SQLite file:
the newest items only, no article made of junk, and a feed removed with its articles."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.clock import fixed_clock
from briefing.extract.cleanup import holds_words
from briefing.feed_health import feed_health
from briefing.feedcheck import check_feeds, not_stored
from briefing.refresh import refresh_all
from briefing.refresh.lock import RefreshLock
from briefing.store import Store
from tests.conftest import make_settings
from tests.feedserver import FeedServer, Response
from tests.test_refresh import PAGES, rss, serve_pages

PROSE = ("The council voted on Tuesday to close the old bridge to traffic while engineers "
         "study the cracks found in its main span last month.")


def dated_items(server: FeedServer, count: int, *, text: str) -> list[dict[str, str]]:
    """`count` items, the newest last in the document, each linking to a page that is gone."""
    start = datetime(2026, 3, 1, tzinfo=UTC)
    return [{"title": f"Item {i}", "link": server.url(f"/gone/{i}.html"), "guid": f"g{i}",
             "pubDate": format_datetime(start + timedelta(minutes=i)), "description": text}
            for i in range(count)]


def cli(tmp_path, monkeypatch):
    """`briefing` as a user runs it, on a database and config of its own (no feeds, an empty
    seeds folder, nothing pruned, a short wait for the refresh lock)."""
    (tmp_path / "seeds").mkdir()
    config = tmp_path / "config.toml"
    config.write_text(f'feeds = []\nkeep_days = 0\nseeds = "{tmp_path / "seeds"}"\n'
                      '[fetch]\nlock_wait = 0.2\n', encoding="utf-8")
    monkeypatch.setenv("BRIEFING_CONFIG", str(config))
    db = str(tmp_path / "b.db")

    def run(*args: str):
        return CliRunner().invoke(main, ["--db", db, *args], catch_exceptions=False)

    return run


def test_junk_is_not_prose():
    assert not holds_words("x" * 400)
    assert not holds_words("x" * 40 + " " + "y" * 40 + " ...")
    assert not holds_words("12345 67890 ... !!!")
    assert not holds_words("")
    assert not holds_words("xxxx xxxx xxxx")  # the same letter over and over
    assert not holds_words("Xxxx XXXX")
    assert holds_words(PROSE)
    assert holds_words("市政府周二宣布，由于工程师在主桥跨度上发现裂缝，旧桥将暂停通车。")


def test_a_huge_feed_gives_its_newest_items_and_says_how_many_it_skipped(
        tmp_path, feed_server):
    # No route for /gone/: every page answers 404.
    items = dated_items(feed_server, 300, text=PROSE)
    feed = feed_server.add_bytes("/huge.xml", rss("Huge", items))
    settings = make_settings(tmp_path, [feed], max_items=20)
    # The day after the items' dates, whatever today is: dates ahead of the clock are no
    # dates, and the newest would not be chosen by them.
    clock = fixed_clock(datetime(2026, 3, 2, tzinfo=UTC))
    with Store.open(settings.database, clock=clock) as store:
        report = refresh_all(store, settings)
        assert not report.failures
        pages = [r.path for r in feed_server.requests if r.path.startswith("/gone/")]
        assert len(pages) == 20  # one request per item taken, no more
        assert sorted(int(p.split("/")[-1].split(".")[0]) for p in pages) == list(
            range(280, 300))  # the newest, though the document lists them last
        assert report.new == 20
        (row,) = store.feeds.all()
        assert "280 items beyond the newest 20 skipped ([fetch] max_items)" in row.last_error
        assert row.stored == 20
        second = refresh_all(store, settings)  # the skipped ones stay skipped
        assert second.new == 0
        assert len([r for r in feed_server.requests if r.path.startswith("/gone/")]) == 20


def test_items_dated_years_ahead_do_not_take_the_newest_slots(tmp_path, feed_server):
    """A wrong date far in the future is no date: such items come after the dated ones
    when the newest `max_items` are chosen, not first."""
    real = dated_items(feed_server, 30, text=PROSE)
    wrong = [{"title": f"Wrong {i}", "link": feed_server.url(f"/gone/w{i}.html"),
              "guid": f"w{i}", "pubDate": "Sat, 01 Mar 2036 00:00:00 GMT", "description": PROSE}
             for i in range(5)]
    feed = feed_server.add_bytes("/future.xml", rss("Future", wrong + real))
    settings = make_settings(tmp_path, [feed], max_items=20)
    now = datetime(2026, 3, 2, tzinfo=UTC)
    with Store.open(settings.database, clock=fixed_clock(now)) as store:
        refresh_all(store, settings)
        pages = {r.path.split("/")[-1] for r in feed_server.requests
                 if r.path.startswith("/gone/")}
        assert pages == {f"{i}.html" for i in range(10, 30)}
        # `feeds check` gives the same account of what the refresh left out, and why.
        (checked,) = check_feeds([feed], settings.fetch, fixed_clock(now))
        left_out = not_stored(store, store.feeds.all()[0], checked.items, keep_days=0,
                              max_items=20, now=now)
    assert sorted(n.title for n in left_out) == sorted(
        [f"Wrong {i}" for i in range(5)] + [f"Item {i}" for i in range(10)])
    assert {n.why for n in left_out} == {"beyond the newest 20 ([fetch] max_items)"}


@pytest.mark.parametrize("text", ["x" * 400, "xxxx xxxx xxxx"])
def test_an_item_whose_page_is_gone_and_whose_summary_is_junk_is_no_article(
        tmp_path, feed_server, text):
    junk = dated_items(feed_server, 3, text=text)
    feed = feed_server.add_bytes("/junk.xml", rss("Junk", junk))
    settings = make_settings(tmp_path, [feed])
    with Store.open(settings.database) as store:
        report = refresh_all(store, settings)
        assert report.new == 0 and report.feeds[0]["failed"] == 3
        assert store.articles.count() == 0
        failures = store.failures.items([i["link"] for i in junk])
        assert {f.error for f in failures.values()} == {"page: HTTP 404; no prose in the feed"}
        assert "3 items could not be read" in store.feeds.all()[0].last_error


def test_feeds_remove_purge_deletes_the_feeds_articles_and_empty_stories(
        tmp_path, feed_server, monkeypatch):
    urls = serve_pages(feed_server, PAGES[:3])
    mine = feed_server.add_bytes("/mine.xml", rss("Mine", [
        {"title": f"Story {i}", "link": u, "guid": f"m{i}"} for i, u in enumerate(urls)]))
    # The other feed carries the first page too: that article stays, with its story.
    other = feed_server.add_bytes("/other.xml", rss("Other", [
        {"title": "Shared story", "link": urls[0], "guid": "o0"}]))
    run = cli(tmp_path, monkeypatch)

    assert run("feeds", "add", "--no-check", mine).exit_code == 0
    assert run("feeds", "add", "--no-check", other).exit_code == 0
    assert run("refresh", "--quiet").exit_code == 0
    with Store.open(tmp_path / "b.db") as store:
        assert store.articles.count() == 3
        stories_before = store.stories.count()
        only_mine = store.db.execute("SELECT id FROM articles WHERE url = ?",
                                     [urls[1]]).fetchone()[0]
        its_story = store.stories.story_of(only_mine)
        assert its_story and len(store.stories.members(its_story)) == 1
        starred = store.db.execute("SELECT id FROM articles WHERE url = ?",
                                   [urls[2]]).fetchone()[0]
        store.conn.execute("UPDATE articles SET starred = 1 WHERE id = ?", [starred])
        store.conn.commit()
    kept = run("feeds", "remove", "1")
    assert kept.exit_code == 0 and "article" not in kept.output
    assert run("feeds", "add", "--no-check", mine).exit_code == 0
    assert run("refresh", "--quiet").exit_code == 0
    # A refresh writes story sizes back from memory: --purge waits for it like rebrief.
    with RefreshLock(tmp_path / "b.db", wait=0):
        locked = run("feeds", "remove", "--purge", "1")
    assert locked.exit_code == 3 and "another refresh is running" in locked.output
    with Store.open(tmp_path / "b.db") as store:
        assert store.articles.count() == 3 and len(store.feeds.all()) == 2
    purged = run("feeds", "remove", "--purge", "1")
    assert purged.exit_code == 0, purged.output
    assert "and 1 article" in purged.output  # the shared and the starred ones stay
    with Store.open(tmp_path / "b.db") as store:
        left = {r["url"] for r in store.db.query("SELECT url FROM articles")}
        assert left == {urls[0], urls[2]}
        assert store.stories.count() == stories_before - 1
        assert store.stories.rows([its_story]) == {}
        members = {r[0] for r in store.db.execute("SELECT article_id FROM story_articles")}
        assert members == {r[0] for r in store.db.execute("SELECT id FROM articles")}
        assert not list(store.db.query(
            "SELECT * FROM stories s WHERE NOT EXISTS "
            "(SELECT 1 FROM story_articles sa WHERE sa.story_id = s.id)"))
    listed = json.loads(run("feeds", "list", "--json").output)
    assert [f["url"] for f in listed] == [other]


def channel(title: str, site: str, items: list[dict[str, str]]) -> bytes:
    return rss(title, items).replace(b"<link>http://example.org/</link>",
                                     f"<link>{site}</link>".encode(), 1)


def test_an_article_two_feeds_carry_has_its_pages_headline_and_its_sites_feed(
        tmp_path, feed_server):
    """A hostile feed subscribed first links to another site's page with a title of its
    own: the article keeps the page's headline, is credited to the feed of the page's
    site, and stays in both feeds."""
    (page,) = serve_pages(feed_server, ["bbc.com.52241221.html"])
    evil = channel("Evil Feed", "http://evil.example/", [
        {"title": "[bold red]Evil bold title[/]", "link": page, "guid": "e1"}])
    good = channel("BBC News", feed_server.url("/"), [
        {"title": "New York mass burials", "link": page, "guid": "b1"}])
    # The hostile feed is served from another host name, and answers first.
    evil_url = feed_server.add_bytes("/evil.xml", evil).replace("127.0.0.1", "localhost")
    good_url = feed_server.add("/bbc.xml", Response(body=good, delay=0.5))
    settings = make_settings(tmp_path, [evil_url, good_url])
    with Store.open(settings.database) as store:
        report = refresh_all(store, settings)
        assert not report.failures
        (article,) = store.db.query("SELECT id, title, source FROM articles")
        assert article["title"] == "New York ramps up mass burials amid virus outbreak"
        assert article["source"] == "BBC News"
        links = {r[0] for r in store.db.execute("SELECT feed_id FROM feed_articles")}
        assert links == {f.id for f in store.feeds.all()}
        assert [row["new"] for row in report.feeds] == [1, 1]  # neither feed shorted
        assert (report.new, report.unchanged) == (1, 0)  # one article, none seen before
        (story,) = store.db.query("SELECT merged FROM stories")
        assert story["merged"]  # merged again after the credit moved
    assert [r.path for r in feed_server.requests].count("/p/bbc.com.52241221.html") == 1


def test_feeds_check_says_which_items_are_not_stored_and_why(tmp_path, feed_server,
                                                              monkeypatch):
    (page,) = serve_pages(feed_server, ["aclu.org-grades.html"])
    feed = feed_server.add_bytes("/seven.xml", rss("Seven", [
        {"title": "Grades", "link": page, "guid": "a"},
        {"title": "Gone", "link": feed_server.url("/missing.html"), "guid": "b"},
        {"title": "Grades again", "link": page + "?utm_source=rss", "guid": "c"},
        {"title": "Junk", "link": feed_server.url("/missing2.html"), "guid": "d",
         "description": "x" * 300}]))
    run = cli(tmp_path, monkeypatch)

    assert run("feeds", "add", "--no-check", feed).exit_code == 0
    assert run("refresh", "--quiet").exit_code == 0
    listed = run("feeds", "list").output
    assert "4 items, 1 stored" in listed
    assert "3 items not stored" in listed and "`briefing feeds check 1` says which" in listed
    checked = run("feeds", "check", "1")
    assert checked.exit_code == 0, checked.output
    lines = checked.output.splitlines()
    assert "        3 items not stored:" in lines
    gone = next(line for line in lines if "/missing.html" in line)
    assert gone.strip().startswith("Gone ")
    assert "page: HTTP 404; no text in the feed (1 attempt; next try after" in gone
    assert any("Grades again" in line and "the same article as the item “Grades”" in line
               for line in lines)
    assert any("Junk" in line and "no prose in the feed" in line for line in lines)


def test_feeds_list_counts_the_present_items_not_stored_not_past_ones(tmp_path, feed_server,
                                                                     monkeypatch):
    """`feeds list` took the feed's stored articles from the items it holds now: once items
    it had stored left the feed, the new ones that could not be stored went unsaid, and
    the count disagreed with `feeds check`'s. It now counts the present items."""
    pages = serve_pages(feed_server, PAGES[:3])
    first = [{"title": f"Page {n}", "link": url, "guid": f"p{n}"} for n, url in enumerate(pages)]
    gone = [{"title": f"Gone {n}", "link": feed_server.url(f"/gone{n}.html"), "guid": f"g{n}"}
            for n in range(2)]
    feed = feed_server.add_bytes("/rotating.xml", rss("Rotating", first))
    run = cli(tmp_path, monkeypatch)
    assert run("feeds", "add", "--no-check", feed).exit_code == 0
    assert run("refresh", "--quiet").exit_code == 0
    assert "not stored" not in run("feeds", "list").output
    feed_server.add_bytes("/rotating.xml", rss("Rotating", first[2:] + gone))
    assert run("refresh", "--quiet").exit_code == 0
    listed = run("feeds", "list").output
    assert "3 items, 3 stored" in listed  # the feed's articles, past items' included
    assert "      2 items not stored: could not be read" in listed
    assert "        2 items not stored:" in run("feeds", "check", "1").output.splitlines()
    assert json.loads(run("feeds", "list", "--json").output)[0]["items_stored"] == 1


def test_the_summary_line_says_what_it_counts_and_names_feeds(tmp_path, feed_server,
                                                               monkeypatch):
    (page,) = serve_pages(feed_server, ["aclu.org-grades.html"])
    news = feed_server.add_bytes("/news.xml", rss("News", [
        {"title": "Grades", "link": page, "guid": "a"},
        {"title": "Gone", "link": feed_server.url("/missing.html"), "guid": "b"}]))
    quiet = feed_server.add_bytes("/quiet.xml", rss("Quiet", []))
    run = cli(tmp_path, monkeypatch)

    assert run("feeds", "add", "--no-check", "--name", "Desk\x1b[31m [b]one[/b]",
               news).exit_code == 0
    assert run("feeds", "add", "--no-check", quiet).exit_code == 0
    line = run("refresh", "--quiet").output
    assert line.startswith("1 new article, 0 updated, 0 unchanged; feeds: 1 with news, "
                           "1 without; 0 failed; notes: Desk [b]one[/b]: 1 item could "
                           "not be read"), line
    assert "\x1b" not in line and news not in line
    assert line.rstrip().endswith("s") and "); done in " in line
    again = run("refresh", "--quiet", "--json").output
    assert {"new", "updated", "unchanged", "failed", "feeds", "seconds"} <= set(json.loads(again))


def test_a_page_of_junk_words_is_held_back_as_a_junk_summary_is(tmp_path, feed_server):
    """One rule for both: a page long enough to pass for an article but made of "xxxx"
    is no article either, whatever its length."""
    page = ("<html><head><title>xxxx</title></head><body><article>"
            + "".join(f"<p>{'xxxx ' * 40}</p>" for _ in range(6)) + "</article></body></html>")
    link = feed_server.add_bytes("/junk.html", page.encode(), "text/html")
    feed = feed_server.add_bytes("/feed.xml", rss("Junk", [
        {"title": "xxxx", "link": link, "guid": "g1", "description": "xxxx xxxx xxxx"}]))
    settings = make_settings(tmp_path, [feed])
    with Store.open(settings.database) as store:
        report = refresh_all(store, settings)
        assert report.new == 0 and store.articles.count() == 0
        (failure,) = store.failures.items([link]).values()
        assert failure.error == "no text in the page; no prose in the feed"


def test_feeds_check_says_what_refresh_says_and_exits_by_the_kind_of_problem(
        tmp_path, feed_server):
    """A feed cut at the size limit is that, in `check` as in `refresh` (not "broken
    XML"); a feed read with a problem (cut, stale) exits 4, one that cannot be read 1."""
    now = datetime(2026, 3, 2, tzinfo=UTC)
    cut = feed_server.add_bytes("/cut.xml", rss("Cut", dated_items(feed_server, 200,
                                                                   text=PROSE)))
    stale = feed_server.add_bytes("/stale.xml", rss("Stale", [
        {"title": "Old news", "link": feed_server.url("/gone/old.html"), "guid": "old",
         "pubDate": format_datetime(now - timedelta(days=90)), "description": PROSE}]))
    down = feed_server.add("/down.xml", Response(500, b"no"))
    config = tmp_path / "config.toml"
    config.write_text(f'feeds = []\nseeds = "{tmp_path}"\ndatabase = "{tmp_path / "b.db"}"\n'
                      "[fetch]\nmax_bytes = 20000\n", encoding="utf-8")

    def run(*args: str):
        return CliRunner(env={"BRIEFING_CONFIG": str(config)}).invoke(
            main, list(args), obj={"clock": fixed_clock(now)}, catch_exceptions=False)

    for url in (cut, stale):
        assert run("feeds", "add", "--no-check", url).exit_code == 0
    refreshed = run("refresh", "--quiet")
    assert refreshed.exit_code == 0 and "Cut: feed cut at the size limit" in refreshed.output
    # The cut is the user's own limit: `feeds list` says PROBLEM, the feeds screen which key.
    assert "      PROBLEM, HTTP 200," in run("feeds", "list").output
    with Store.open(tmp_path / "b.db") as store:
        (row,) = [f for f in store.feeds.all() if f.url == cut]
    advice = feed_health(last_error=row.last_error, failures=row.failures,
                         last_checked=row.last_checked, last_success=row.last_success).advice
    assert "raise [fetch] max_bytes" in advice
    checked = run("feeds", "check", cut)
    assert checked.exit_code == 4, checked.output
    assert checked.output.startswith(f"PROBLEM {cut}: ")
    assert "        feed cut at the size limit\n" in checked.output
    assert "ill-formed" not in checked.output and "XML" not in checked.output
    checked = run("feeds", "check", stale)
    assert checked.exit_code == 4 and "stale: newest item 2025-12-02" in checked.output
    checked = run("feeds", "check", down)
    assert checked.exit_code == 1 and checked.output.startswith(f"FAILED  {down}: ")
    assert run("feeds", "check", cut, down).exit_code == 1  # the worse kind wins
    assert run("feeds", "check").exit_code == 4
    assert "Exit codes:" in run("feeds", "check", "--help").output
