"""OPML import and export: a round trip, and hostile documents."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from briefing.config import FeedConfig
from briefing.sources.opml import OpmlError, parse_opml, write_opml
from tests.test_feeds import run

OPML = b"""<?xml version="1.0"?>
<opml version="2.0"><head><title>Mine</title></head><body>
  <outline text="News">
    <outline text="BBC" title="BBC World" type="rss" xmlUrl="https://feeds.bbci.co.uk/news/world/rss.xml"/>
    <outline text="Local" type="rss" xmlUrl="file:///etc/passwd"/>
    <outline text="JS" type="rss" xmlUrl="javascript:alert(1)"/>
  </outline>
  <outline text="Heise" type="rss" xmlUrl="http://www.heise.de/rss" category="/tech,de"/>
  <outline text="Dup" type="rss" xmlUrl="http://www.heise.de/rss"/>
</body></opml>"""


def test_parse_nested_tags_and_schemes():
    found = parse_opml(OPML)
    assert found.feeds == (
        FeedConfig("https://feeds.bbci.co.uk/news/world/rss.xml", "BBC World", ("News",)),
        FeedConfig("http://www.heise.de/rss", "Heise", ("tech", "de")),
    )
    assert [why for _, why in found.skipped] == ["not an http(s) URL"] * 2


def test_round_trip():
    feeds = (FeedConfig("https://a.example/rss", "A & B <x>", ("one", "two")),
             FeedConfig("http://b.example/atom?x=1&y=2"))
    assert parse_opml(write_opml(feeds, now=datetime(2026, 1, 2, tzinfo=UTC)).encode()).feeds == feeds


@pytest.mark.parametrize("doc", [
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><opml><body/></opml>',
    b"<opml><body>", b"<html><body/></html>", b""])
def test_hostile_or_broken_documents_are_refused(doc):
    with pytest.raises(OpmlError):
        parse_opml(doc)


def test_cli_import_then_export(tmp_path, monkeypatch):
    (tmp_path / "config.toml").write_text('database = "b.db"\nfeeds = []\n')
    monkeypatch.setenv("BRIEFING_CONFIG", str(tmp_path / "config.toml"))
    (tmp_path / "in.opml").write_bytes(OPML)
    imported = run("import-opml", str(tmp_path / "in.opml"))
    assert imported.exit_code == 0 and "Imported 2 new feeds" in imported.output
    assert "Imported 0 new feeds" in run("import-opml", str(tmp_path / "in.opml")).output
    assert run("export-opml", "-o", str(tmp_path / "out.opml")).exit_code == 0
    assert parse_opml((tmp_path / "out.opml").read_bytes()).feeds == parse_opml(OPML).feeds
    assert parse_opml(run("export-opml").output.encode()).feeds == parse_opml(OPML).feeds
    (tmp_path / "bad.opml").write_text("<opml>")
    assert run("import-opml", str(tmp_path / "bad.opml")).exit_code == 2


def test_cli_counts_in_words(tmp_path, monkeypatch):
    (tmp_path / "config.toml").write_text('database = "b.db"\nfeeds = []\n')
    monkeypatch.setenv("BRIEFING_CONFIG", str(tmp_path / "config.toml"))
    (tmp_path / "one.opml").write_text(
        '<?xml version="1.0"?><opml version="2.0"><head/><body>'
        '<outline type="rss" text="A" xmlUrl="https://a.example/rss"/></body></opml>')
    assert "Imported 1 new feed (" in run("import-opml", str(tmp_path / "one.opml")).output


def test_a_feed_of_config_toml_is_already_there_on_a_fresh_database(tmp_path, monkeypatch):
    (tmp_path / "config.toml").write_text(
        'database = "b.db"\n[[feeds]]\nurl = "https://a.example/rss"\nname = "A"\n')
    monkeypatch.setenv("BRIEFING_CONFIG", str(tmp_path / "config.toml"))
    (tmp_path / "one.opml").write_text(
        '<?xml version="1.0"?><opml version="2.0"><head/><body>'
        '<outline type="rss" text="A" xmlUrl="https://a.example/rss"/></body></opml>')
    imported = run("import-opml", str(tmp_path / "one.opml")).output
    assert "Imported 0 new feeds (1 already there" in imported


def test_newsboats_urls_file_is_imported_with_its_tags_and_names(tmp_path, monkeypatch):
    """A newsboat user's subscriptions come over as they are: tags kept, "~Name" as the
    name, "!hidden" dropped; saved searches and programs are skipped and named."""
    import json

    from tests.test_feeds import write_config

    monkeypatch.setenv("BRIEFING_CONFIG", str(write_config(tmp_path, [])))
    urls = tmp_path / "urls"
    urls.write_text(
        "# my feeds\n"
        'https://www.heise.de/rss/heise-atom.xml tech "~Heise online" de\n'
        'https://lwn.net/headlines/rss "!hidden" linux\n'
        '"query:Unread Articles:unread = \\"yes\\""\n'
        "exec:~/bin/my-feed.sh\n"
        "file:///etc/passwd\n"
        "HTTPS://LWN.net/headlines/rss#again\n"
        "https://example.org/rss?q=rock'n roll # a comment, not tags\n", encoding="utf-8")
    result = run("import-opml", str(urls))
    assert result.exit_code == 0, result.output
    assert "Imported 3 new feeds (0 already there, 4 skipped)" in result.output
    assert "listed again; the first line's tags and name are kept" in result.output
    assert "a newsboat saved search" in result.output and "runs a program" in result.output
    listed = {f["url"]: f for f in json.loads(run("feeds", "list", "--json").output)}
    heise = listed["https://www.heise.de/rss/heise-atom.xml"]
    assert heise["name"] == "Heise online" and heise["tags"] == ["tech", "de"]
    assert listed["https://lwn.net/headlines/rss"]["tags"] == ["linux"]
    assert listed["https://example.org/rss?q=rock'n"]["tags"] == ["roll"]


def test_a_file_that_is_neither_opml_nor_a_urls_file_is_refused(tmp_path, monkeypatch):
    from tests.paths import REPO
    from tests.test_feeds import write_config

    monkeypatch.setenv("BRIEFING_CONFIG", str(write_config(tmp_path, [])))
    assert run("import-opml", str(REPO / "README.md")).exit_code == 2
    utf16 = tmp_path / "feeds.opml"  # OPML in UTF-16 is still OPML
    utf16.write_bytes('<?xml version="1.0" encoding="UTF-16"?><opml version="2.0"><body>'
                      '<outline text="A" xmlUrl="https://example.org/a.xml"/></body></opml>'
                      .encode("utf-16"))
    result = run("import-opml", str(utf16))
    assert result.exit_code == 0 and "Imported 1 new feed" in result.output
