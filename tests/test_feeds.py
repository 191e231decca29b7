"""Feed parsing from bytes, canonical URLs, and the feed commands."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from briefing.cli import main
from briefing.config import load_settings
from briefing.sources.feeds import feed_head, html_to_text, parse_feed
from briefing.store import Store
from briefing.urls import canonical_url, is_http_url, resolve, same_site
from tests.feedserver import Response, closed_port
from tests.paths import DATA


def feed_files(corpus: Path, kind: str) -> list[Path]:
    return sorted(p for p in (corpus / "feeds" / kind).rglob("*") if p.is_file())


def test_real_feeds_parse_with_expected_counts(corpus):
    index = json.loads((corpus / "feeds" / "real" / "index.json").read_text())
    for entry in index:
        parsed = parse_feed((corpus / "feeds" / "real" / entry["file"]).read_bytes(),
                            "http://127.0.0.1/feed", "application/xml")
        assert parsed.is_feed and len(parsed.entries) == entry["entries"], entry["file"]
        for item in parsed.entries:
            assert item.link is None or is_http_url(item.link)
            assert "\x1b" not in item.title and "<" not in item.text[:1]


def test_every_corpus_document_parses_without_raising(corpus):
    bozo_with_entries = 0
    for path in feed_files(corpus, "wellformed") + feed_files(corpus, "illformed"):
        parsed = parse_feed(path.read_bytes(), "http://127.0.0.1/f.xml", "application/xml")
        bozo_with_entries += bool(parsed.problem and parsed.entries)
    assert bozo_with_entries > 10  # ill-formed documents still give their good entries


def test_scripts_in_entries_and_markup_in_feed_titles_never_become_text(corpus):
    for path in feed_files(corpus, "wellformed/sanitize"):
        parsed = parse_feed(path.read_bytes(), "http://127.0.0.1/f.xml", "application/xml")
        for item in parsed.entries:
            for code in ("executeMe", "function", "alert(", "<script", "javascript:"):
                assert code not in item.text and code not in item.title, (path.name, code)
    atom = corpus / "feeds" / "illformed" / "atom10-2011" / "ampersand_in_attr.xml"
    title = parse_feed(atom.read_bytes(), "http://127.0.0.1/f.xml", "application/xml").title
    assert title == "Example test"  # the feed names itself in HTML: <a href="...">


def test_a_feed_served_without_a_content_type_is_decoded_from_its_bytes(corpus):
    # The document says utf-8 but is KOI8-R; with no Content-Type header to go by, the
    # parser must look at the bytes (it used to read them as Latin-1: "ëÁË ÐÅÒÅÖÉÔØ").
    koi8 = corpus / "feeds" / "illformed" / "chardet" / "koi8r.xml"
    parsed = parse_feed(koi8.read_bytes(), "http://127.0.0.1/f.xml", None)
    assert parsed.entries[0].title == "Как пережить новогоднюю ночь"
    assert parsed.problem and "KOI8-R" in parsed.problem


def test_a_broken_feed_says_what_is_broken_in_words():
    parsed = parse_feed(b"<rss>\n\x01<channel><title>x</title></channel></rss>",
                        "http://example.org/feed.xml")
    assert parsed.problem == "broken XML: not well-formed (invalid token)"


def test_html_to_text_cleans_markup_and_controls():
    html = "<p>One <b>bold</b> &amp; more.</p><script>evil()</script><p>Two\x1b[31m</p>"
    assert html_to_text(html) == "One bold & more.\n\nTwo"
    # A whole document as an item's content (a newsletter's): its head is no text.
    assert html_to_text("  <html lang='en'><head><title>*|MC:SUBJECT|*</title></head>"
                        "<body><p>Hello.</p></body></html>") == "Hello."
    assert html_to_text("plain &lt;text&gt;") == "plain <text>"
    assert html_to_text(None) == "" and html_to_text("   ") == ""


def test_canonical_urls():
    assert canonical_url("HTTPS://Example.ORG:443/a?utm_source=x&id=3&fbclid=y#frag") == \
        "https://example.org/a?id=3"
    assert canonical_url("http://example.org") == "http://example.org/"
    assert canonical_url("http://example.org:8080/x?b=2&a=1") == "http://example.org:8080/x?b=2&a=1"
    assert not is_http_url("javascript:alert(1)") and not is_http_url("file:///etc/passwd")
    assert not is_http_url("http://") and not is_http_url("http://a b/")
    assert is_http_url("http://[::1]:8080/feed") and not is_http_url("http://[::1]x/")
    assert not is_http_url("http://[::1") and not is_http_url("http://[::1]:99999/")
    assert resolve("http://example.org/feed/", "../story") == "http://example.org/story"
    assert resolve("http://example.org/", "mailto:x@y") is None
    assert same_site("https://www.example.org/a", "http://example.org/b")
    assert not same_site("https://example.org/a", "https://evil.example/b")


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def write_config(tmp_path: Path, feeds: list[str], **fetch: object) -> Path:
    (tmp_path / "seeds").mkdir(exist_ok=True)
    lines = ["keep_days = 0", 'database = "briefing.db"', 'seeds = "seeds"',
             *([] if feeds else ["feeds = []"]), "[fetch]",
             "connect_timeout = 2.0", "read_timeout = 2.0", "workers = 1",
             "backoff = 0.05", "jitter = 0.0", "lock_wait = 0.2"]
    lines += [f"{k} = {json.dumps(v)}" for k, v in fetch.items()]
    for url in feeds:
        lines += ["[[feeds]]", f'url = "{url}"']
    config = tmp_path / "config.toml"
    config.write_text("\n".join(lines) + "\n")
    return config


def test_feeds_add_list_remove_check(tmp_path, feed_server, monkeypatch):
    good = feed_server.add_file("/heise.atom", DATA / "feeds" / "heise-online.atom")
    config_feed = feed_server.add_file("/golem.xml", DATA / "feeds" / "golem-de-iso-8859-1.xml")
    feed_server.add("/down.xml", Response(500))
    config = write_config(tmp_path, [config_feed], full_text=False)
    monkeypatch.setenv("BRIEFING_CONFIG", str(config))
    assert run("feeds", "add", good, "--name", "Heise", "--tag", "tech").exit_code == 0
    assert run("feeds", "add", good).exit_code == 1  # already there
    assert run("feeds", "add", "file:///etc/passwd").exit_code == 2
    assert run("feeds", "add", feed_server.url("/down.xml")).exit_code == 1  # checked first
    assert run("feeds", "add", "--no-check", feed_server.url("/down.xml")).exit_code == 0
    refreshed = run("refresh", "--json")
    assert refreshed.exit_code == 1
    report = json.loads(refreshed.output)
    assert report["failed"] == 1 and report["failures"][0]["source"].endswith("/down.xml")
    assert {f["status"] for f in report["feeds"]} == {"ok", "failed"}
    assert all({"new", "updated", "failed", "seconds"} <= set(f) for f in report["feeds"])
    listed = json.loads(run("feeds", "list", "--json").output)
    by_url = {f["url"]: f for f in listed}
    assert by_url[config_feed]["origin"] == "config" and by_url[good]["tags"] == ["tech"]
    assert by_url[good]["stored"] == 15 and by_url[good]["last_success"]
    assert by_url[feed_server.url("/down.xml")]["last_error"] == "HTTP 500"
    text = run("feeds", "list").output
    # The error in plain words first, as the feeds screen says it; JSON keeps it bare.
    assert "Heise" in text and "last error: the server failed: HTTP 500" in text
    quiet = run("refresh", "--quiet")  # failing as before: named, no new failure
    assert quiet.exit_code == 0 and quiet.output.count("\n") == 1
    assert "/down.xml: HTTP 500)" in quiet.output and "0 failed, 1 still failing" in quiet.output
    check = run("feeds", "check")
    assert check.exit_code == 1 and "unreachable: HTTP 500" in check.output
    assert "stale" in check.output  # the saved feeds are years old
    removed = run("feeds", "remove", config_feed)
    assert removed.exit_code == 1 and f"comes from {config.resolve()}" in removed.output
    assert run("feeds", "remove", feed_server.url("/down.xml")).exit_code == 0
    assert run("refresh", "--quiet").exit_code == 0
    assert run("feeds", "remove", "nope").exit_code == 2


def test_feeds_add_finds_the_feed_a_page_offers_and_refuses_what_is_no_feed(
        tmp_path, feed_server, monkeypatch):
    import socket

    feed = feed_server.add_file("/world.xml", DATA / "feeds" / "heise-online.atom")
    page = feed_server.add_bytes("/world/", (
        b'<html><head><title>World</title><link rel="alternate" '
        b'type="application/atom+xml" href="/world.xml"></head><body>News</body></html>'
    ), content_type="text/html")
    bare = feed_server.add_bytes("/about", b"<html><body>About us</body></html>",
                                 content_type="text/html")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}/feed.xml"
    monkeypatch.setenv("BRIEFING_CONFIG", str(write_config(tmp_path, [])))
    added = CliRunner().invoke(main, ["feeds", "add", page])
    assert added.exit_code == 0, added.output
    assert f"subscribing to the feed it offers: {feed}" in added.output
    assert f"Added feed 1: heise developer neueste Meldungen ({feed})" in added.output
    # Real pages are seldom well-formed XML (an unclosed <meta>): still a page, not a
    # broken feed.
    sloppy = feed_server.add_bytes("/about-us", b"<!DOCTYPE html><html><head><meta charset="
                                   b"utf-8><title>About</title></head><body><p>About us<br>"
                                   b"</body></html>", content_type="text/html")
    for address in (bare, sloppy):
        refused = run("feeds", "add", address)
        assert refused.exit_code == 1 and "not an RSS or Atom feed" in refused.output
        assert "broken XML" not in refused.output
    refused = run("feeds", "add", dead)
    assert refused.exit_code == 1 and "could not be reached" in refused.output
    assert "--no-check" in refused.output
    listed = json.loads(run("feeds", "list", "--json").output)
    assert [f["url"] for f in listed] == [feed]


def test_the_summary_line_notes_items_that_could_not_be_read(tmp_path, feed_server,
                                                              monkeypatch):
    """An item whose page is gone (and no text in the feed) is no failure of the feed,
    but cron's one line says so, and the exit code stays 0."""
    from tests.test_refresh import rss

    gone = feed_server.add("/gone.html", Response(404))
    feed = feed_server.add_bytes("/notes.xml", rss("Notes", [{"title": "Gone", "link": gone}]))
    monkeypatch.setenv("BRIEFING_CONFIG", str(write_config(tmp_path, [feed])))
    quiet = run("refresh", "--quiet")
    assert quiet.exit_code == 0 and quiet.output.count("\n") == 1
    assert "0 failed; notes: " in quiet.output
    assert "; notes: Notes: 1 item could not be read" in quiet.output
    assert quiet.output.rstrip().endswith("s") and "; done in " in quiet.output


def test_one_feed_has_one_spelling(tmp_path, monkeypatch):
    """A pasted URL with spaces, another case of scheme and host, a fragment or the
    default port is the feed already there, not a second subscription."""
    monkeypatch.setenv("BRIEFING_CONFIG", str(write_config(tmp_path, [])))
    added = run("feeds", "add", "--no-check", " HTTP://Example.ORG:80/Rss.xml?Lang=en#top ")
    assert added.exit_code == 0 and "http://example.org/Rss.xml?Lang=en" in added.output
    for again in ("http://example.org/Rss.xml?Lang=en#latest",
                  "http://EXAMPLE.org/Rss.xml?Lang=en"):
        result = run("feeds", "add", "--no-check", again)
        assert result.exit_code == 1 and "already subscribed" in result.output, again
    assert run("feeds", "add", "--no-check", "http://example.org/rss.xml?Lang=en").exit_code == 0
    assert run("feeds", "remove", "HTTP://example.org/Rss.xml?Lang=en#x").exit_code == 0
    listed = json.loads(run("feeds", "list", "--json").output)
    assert [f["url"] for f in listed] == ["http://example.org/rss.xml?Lang=en"]


def test_a_removed_feeds_id_is_never_given_to_another(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_CONFIG", str(write_config(tmp_path, [])))
    for name in ("a", "b"):
        run("feeds", "add", "--no-check", f"https://example.org/{name}.xml")
    assert run("feeds", "remove", "2").exit_code == 0
    assert "Added feed 3:" in run("feeds", "add", "--no-check", "https://example.org/c.xml").output
    listed = json.loads(run("feeds", "list", "--json").output)
    assert [(f["id"], f["url"][-5:]) for f in listed] == [(1, "a.xml"), (3, "c.xml")]
    assert "Added feed 2:" in run("feeds", "add", "--no-check",
                                  "https://example.org/b.xml").output  # its own id back


def test_without_a_config_file_the_default_feeds_say_how_to_drop_them(tmp_path, monkeypatch):
    """The built-in feeds are not in any file the user can edit: say where one goes."""
    monkeypatch.delenv("BRIEFING_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    listed = json.loads(run("feeds", "list", "--json").output)
    assert listed and {f["origin"] for f in listed} == {"default"}
    settings = load_settings(None)
    with Store.open(settings.database) as store:  # as a refresh stores them
        store.feeds.sync_config(settings.feeds)
    removed = run("feeds", "remove", "1")
    assert removed.exit_code == 1
    assert "built-in default feeds" in removed.output and "feeds = []" in removed.output
    assert str(tmp_path / "xdg" / "briefing" / "config.toml") in removed.output.replace("\n", "")
    # A config file that names no feeds keeps the built-in ones, and says where they go.
    (tmp_path / "xdg" / "briefing").mkdir(parents=True)
    (tmp_path / "xdg" / "briefing" / "config.toml").write_text("keep_days = 7\n")
    assert {f["origin"] for f in json.loads(run("feeds", "list", "--json").output)} == {
        "default"}
    removed = run("feeds", "remove", "1")
    assert removed.exit_code == 1 and "built-in default feeds" in removed.output


def test_dates_written_in_the_feeds_own_language_are_read():
    # UOL Notícias writes its RFC 822 dates in Portuguese, which feedparser leaves unread;
    # an item would otherwise count as published when the refresh ran.
    items = "".join(
        f"<item><title>T{i}</title><link>https://example.org/{i}</link>"
        f"<pubDate>{date}</pubDate></item>"
        for i, date in enumerate(["Seg, 24 Set 2018 19:42:40 -0300",
                                  "Mo, 03 Dez 2018 10:00:00 +0100",
                                  "Wed, 05 Dec 2018 10:00:00 GMT",
                                  "vor 2 Stunden", "not a date",
                                  "24 Set 2018 19:42"]))  # no zone: UTC, as feedparser
    data = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'.encode()
    parsed = parse_feed(data, "https://example.org/feed")
    dates = [e.published and e.published.isoformat() for e in parsed.entries]
    assert dates == ["2018-09-24T22:42:40+00:00", "2018-12-03T09:00:00+00:00",
                     "2018-12-05T10:00:00+00:00", None, None, "2018-09-24T19:42:00+00:00"]


def test_a_config_entry_for_a_feed_the_user_added_leaves_it_theirs_and_says_so(
        tmp_path, monkeypatch):
    """Before, the config entry silently took the feed over ("Wire A (user)" became
    "A2 (config)"); now the user's feed keeps its name and tags, and `feeds list` names
    the config entry and how to let it take over."""
    config = write_config(tmp_path, [])
    monkeypatch.setenv("BRIEFING_CONFIG", str(config))
    url = "https://example.org/a.xml"
    assert run("feeds", "add", "--no-check", url, "--name", "Wire A", "--tag", "wire"
               ).exit_code == 0
    config.write_text(config.read_text().replace("feeds = []\n", "") +
                      f'[[feeds]]\nurl = "{url}"\nname = "A2"\n'
                      '[[feeds]]\nurl = "https://example.org/b.xml"\n')
    for _ in range(2):  # listing (which syncs the config's feeds, as a refresh does) again
        listed = json.loads(run("feeds", "list", "--json").output)
        assert [(f["id"], f["name"], f["origin"], f["tags"], f["also_in_config"])
                for f in listed] == [(1, "Wire A", "user", ["wire"], True),
                                     (2, "https://example.org/b.xml", "config", [], False)]
    text = run("feeds", "list").output
    assert (f"also in {config} (as 'A2'): the feed you added is kept as it is; "
            "`briefing feeds remove 1` lets the config's entry take over") in text
    removed = run("feeds", "remove", "1")
    assert removed.exit_code == 0
    assert removed.output.splitlines()[1] == (
        f"{config} lists it too: it stays subscribed from there, as a config feed")
    listed = json.loads(run("feeds", "list", "--json").output)
    assert [(f["name"], f["origin"]) for f in listed] == [("A2", "config"),
                                                         ("https://example.org/b.xml", "config")]


def test_feeds_add_names_the_feed_by_the_title_it_fetched(tmp_path, feed_server, monkeypatch):
    """Not by its URL until the first refresh: the check has just read the title. A
    hostile title is cleaned as a refresh cleans it."""
    from tests.test_parser_safety import rss, rss_item

    body = rss([rss_item("One", "http://example.org/1")],
               title="&lt;b&gt;Wire&lt;/b&gt; \x1b[31mA [bold]x[/bold]\u202e\n  News")
    feed = feed_server.add_bytes("/wire.xml", body)
    monkeypatch.setenv("BRIEFING_CONFIG", str(write_config(tmp_path, [])))
    added = run("feeds", "add", feed)
    assert added.exit_code == 0, added.output
    line = added.output.strip().splitlines()[-1]
    assert line == f"Added feed 1: Wire A [bold]x[/bold] News ({feed})", line
    listed = json.loads(run("feeds", "list", "--json").output)
    assert listed[0]["name"] == "Wire A [bold]x[/bold] News"
    bare = run("feeds", "add", "--no-check", feed_server.url("/other.xml"))
    assert bare.output.strip() == f"Added feed 2: {feed_server.url('/other.xml')}"


def test_a_feeds_head_says_what_the_whole_says_of_its_kind_and_title(corpus):
    """`feeds add` parses only the first items: cut even after the first, every corpus
    document that has items says as much about being a feed (and its title and offered
    feeds) as it does whole."""
    cut = 0
    for path in (feed_files(corpus, "real") + feed_files(corpus, "wellformed")
                 + feed_files(corpus, "illformed")):
        data = path.read_bytes()
        head = feed_head(data, items=1)
        if head == data:
            continue
        cut += 1
        whole = parse_feed(data, "http://127.0.0.1/f.xml", "application/xml")
        first = parse_feed(head, "http://127.0.0.1/f.xml", "application/xml")
        assert (first.is_feed, first.title, first.alternates) == (
            whole.is_feed, whole.title, whole.alternates), path.name
    assert cut > 100


def test_feeds_add_of_a_30000_item_feed_reads_only_its_head(tmp_path, feed_server,
                                                            monkeypatch):
    """Adding needs to know that the address is a feed and its title: the 30,000 items
    are not parsed (they are when it is checked with `feeds check`, which judges them).
    A second channel title after the head's items tells: feedparser gives the whole
    document the later one, so a feed added under the first was read only to its head."""
    from briefing.clock import system_clock
    from briefing.config import FetchSettings
    from briefing.feedcheck import check_feeds
    from briefing.sources.feeds import HEAD_ITEMS, parse_feed
    from tests.test_refresh import rss

    items = [{"title": f"Item {n}", "link": f"http://example.org/a/{n}", "guid": f"g{n}"}
             for n in range(30_000)]
    data = rss("Huge [b]feed[/b]", items)
    cut = 0
    for _ in range(HEAD_ITEMS + 1):
        cut = data.index(b"</item>", cut) + len(b"</item>")
    data = data[:cut] + b"<title>Read past the head</title>" + data[cut:]
    whole = parse_feed(data, "http://127.0.0.1/huge.xml", "application/rss+xml")
    assert whole.title == "Read past the head"  # what the whole document says
    huge = feed_server.add_bytes("/huge.xml", data)
    monkeypatch.setenv("BRIEFING_CONFIG", str(write_config(tmp_path, [])))
    added = run("feeds", "add", huge)
    assert added.exit_code == 0, added.output
    assert f"Added feed 1: Huge [b]feed[/b] ({huge})" in added.output
    (head,) = check_feeds([huge], FetchSettings(workers=1), system_clock, head_only=True)
    assert head.is_feed and head.entries == HEAD_ITEMS and head.items == ()


def test_feeds_list_says_a_failing_feeds_counts_are_from_its_last_success(
        tmp_path, feed_server, monkeypatch):
    """A feed that worked and now fails kept "15 items, 15 stored" from weeks before, as if
    current, and a feed that never answered showed "HTTP -"."""
    feed_server.add_file("/heise.atom", DATA / "feeds" / "heise-online.atom")
    heise = feed_server.url("/heise.atom")
    silent = f"http://127.0.0.1:{closed_port()}/feed.xml"
    monkeypatch.setenv("BRIEFING_CONFIG", str(write_config(tmp_path, [heise, silent],
                                                           full_text=False)))
    assert run("refresh", "--quiet").exit_code == 1
    feed_server.add("/heise.atom", Response(404))
    assert run("refresh", "--quiet").exit_code == 1
    text = run("feeds", "list").output
    assert "failing x1, HTTP 404, 15 items, 15 stored at its last success, last success" in text
    assert "failing x2, no HTTP answer, 0 items, 0 stored, last success never" in text


def test_an_ill_formed_document_is_read_whole_only_when_it_ends():
    """A stray control byte loses no item; a document that breaks off after a whole item
    (a server error appended, the rest never sent) loses the items after it, though every
    item it holds is closed."""
    whole = (DATA / "feeds" / "golem-de-iso-8859-1.xml").read_bytes()
    first = whole.index(b"</title>", whole.index(b"<item>")) - 1
    stray = parse_feed(whole[:first] + b"\x01" + whole[first:], "http://127.0.0.1/f.xml")
    assert stray.problem and stray.every_item
    cut = whole.index(b"</item>", whole.index(b"</item>") + 1) + len(b"</item>")
    broken = parse_feed(whole[:cut] + b"<br /><b>Fatal error</b>: Allowed memory size",
                        "http://127.0.0.1/f.xml")
    assert broken.problem and len(broken.entries) == 2 and not broken.every_item


def test_a_refresh_on_a_terminal_says_why_a_feed_failed_in_plain_words(tmp_path, feed_server):
    """On a terminal, `briefing refresh` names each failed feed with the problem in the
    words the feeds screen uses, then the error as given."""
    import sys

    from tests.terminal import run_in_terminal

    feed_server.add("/down.xml", Response(500))
    (tmp_path / "config.toml").write_text(
        f'database = "b.db"\nseeds = "seeds"\n[[feeds]]\nurl = "{feed_server.url("/down.xml")}"\n',
        encoding="utf-8")
    (tmp_path / "seeds").mkdir()
    code, said = run_in_terminal([sys.executable, "-m", "briefing", "--config",
                                  str(tmp_path / "config.toml"), "refresh"], cwd=tmp_path)
    assert code == 1
    assert "down.xml: the server failed: HTTP 500" in said.decode("utf-8", "replace")


BROKEN = b"<rss><channel><title>Broken<item><title>x</title></chan"
"""Broken XML with no item whole: `refresh` and `feeds check` read nothing from it."""


def test_feeds_add_refuses_what_feeds_check_fails_in_the_same_words(tmp_path, feed_server,
                                                                     monkeypatch):
    broken = feed_server.add_bytes("/garbage.xml", BROKEN)
    monkeypatch.setenv("BRIEFING_CONFIG", str(write_config(tmp_path, [])))
    check = run("feeds", "check", broken)
    assert check.exit_code == 1 and "FAILED" in check.output
    reason = "not a feed (broken XML: unclosed token)"
    assert reason in check.output
    added = run("feeds", "add", broken)
    assert added.exit_code == 1, added.output
    assert f"not added: {reason}" in added.output and "--no-check" in added.output
    assert "</" not in added.output and "Added" not in added.output
    assert json.loads(run("feeds", "list", "--json").output) == []


def test_feeds_add_takes_an_ill_formed_feed_whose_every_item_is_read(tmp_path, feed_server,
                                                                    monkeypatch):
    from tests.test_parser_safety import rss, rss_item

    body = rss([rss_item("One", "http://example.org/1"), rss_item("Two", "http://example.org/2")],
               title="Wire").replace(b"<title>One", b"<title>\x01One")
    feed = feed_server.add_bytes("/stray.xml", body)
    monkeypatch.setenv("BRIEFING_CONFIG", str(write_config(tmp_path, [])))
    added = run("feeds", "add", feed)
    assert added.exit_code == 0, added.output
    assert added.output.strip().splitlines()[-1] == f"Added feed 1: Wire ({feed})"
    check = run("feeds", "check", feed)
    assert check.output.startswith("ok") and "ill-formed, every item read" in check.output


def test_a_title_left_open_in_markup_brings_no_debris():
    """lxml closes a fragment with "</body></html>": an unclosed <title> or <textarea>
    (raw text to the end) must not take it in."""
    assert html_to_text("Broken<item><title>x") == "Brokenx"
    assert html_to_text("Notes <textarea>left open") == "Notes left open"
    assert html_to_text("A <b>bold</b> word") == "A bold word"
    assert parse_feed(BROKEN, "http://example.org/feed.xml").title == "Brokenx"


def test_a_feed_id_that_names_no_feed_is_bad_usage(tmp_path, feed_server, monkeypatch):
    """Exit 2 as README says for bad usage, not 1, which `feeds check` gives a feed that
    FAILED: every unknown id is named at once, before anything is fetched."""
    feed = feed_server.add_file("/heise.atom", DATA / "feeds" / "heise-online.atom")
    monkeypatch.setenv("BRIEFING_CONFIG", str(write_config(tmp_path, [], full_text=False)))
    assert run("feeds", "add", feed).exit_code == 0  # feed 1
    fetched = len(feed_server.requests)
    alone = run("feeds", "check", "999")
    assert alone.exit_code == 2, alone.output
    assert "no feed with id 999 (`briefing feeds list` shows the ids)" in alone.output
    mixed = run("feeds", "check", "1", "999", "1000")
    assert mixed.exit_code == 2 and "no feed with id 999 or 1000" in mixed.output
    assert len(feed_server.requests) == fetched  # refused before fetching the known one
    assert run("feeds", "check", "1").exit_code == 4  # known: checked (stale: a PROBLEM)
    for gone in ("999", feed_server.url("/nowhere.xml"), "²", "9" * 25):
        removed = CliRunner().invoke(main, ["feeds", "remove", gone])
        assert removed.exit_code == 2 and "no feed" in removed.output, removed.output
    for odd in ("²", "9" * 25):  # digits that are no id: int("²") and an SQLite overflow
        checked = CliRunner().invoke(main, ["feeds", "check", odd])
        assert checked.exit_code == 2 and "is not an http(s) URL" in checked.output
    assert run("feeds", "remove", "1").exit_code == 0
    assert run("feeds", "check", "1").exit_code == 2  # removed: no longer a feed id


def test_an_item_whose_link_is_not_http_is_said_so(tmp_path, feed_server, monkeypatch):
    """An item linking to `javascript:alert(1)` has a link, one that is never fetched:
    `feeds check` says so rather than "no link and no id", and an article made from
    such an item's text (it has a guid) says why its page was not read."""
    from tests.test_refresh import rss

    items = [{"title": "Script", "link": "javascript:alert(1)",
              "description": "A script in place of the article's address."},
             {"title": "Mail", "link": "mailto:desk@example.org", "guid": "g-mail",
              "description": "The council approved the budget on Monday after a long debate."},
             {"title": "Bare", "description": "An item with neither a link nor an id."}]
    feed = feed_server.add_bytes("/odd.xml", rss("Odd", items))
    monkeypatch.setenv("BRIEFING_CONFIG", str(write_config(tmp_path, [])))
    assert run("feeds", "add", feed).exit_code == 0
    assert run("refresh", "--quiet").exit_code == 0
    check = run("feeds", "check", "1").output
    assert "2 items not stored:" in check
    assert ("Script javascript:alert(1): its link is not an http(s) address, and it has no id"
            in check)
    assert "Bare : no link and no id" in check
    listed = run("feeds", "list").output  # the feed's note names that reason among others
    assert "2 items not stored:" in listed and "neither an http(s) link nor an id" in listed
    listed = json.loads(run("list", "--json").output)
    assert [a["title"] for a in listed] == ["Mail"]
    shown = run("show", listed[0]["id"]).output
    assert "Text from the feed's summary: the item's link is not an http(s) address." in shown
    assert not [r for r in feed_server.requests if r.path != "/odd.xml"]
