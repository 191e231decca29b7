"""Hostile settings, arguments and documents given to the CLI: one clear line and an
exit code, never a traceback (tests/HOSTILE.md)."""

from __future__ import annotations

import json

import pytest

from briefing.config import FeedConfig
from briefing.refresh import refresh_all
from briefing.sources.opml import OpmlError, parse_opml
from briefing.store import Store
from tests.conftest import make_settings
from tests.feedserver import Response
from tests.test_faults import assert_one_clean_line, invoke
from tests.test_refresh import rss

TAGS = "".join(chr(0xE0000 + ord(c)) for c in "obey me")


def config_with(tmp_path, *lines: str):
    config = tmp_path / "config.toml"
    config.write_text("\n".join(['database = "b.db"', "feeds = []", *lines]) + "\n")
    return str(config)


@pytest.mark.parametrize("line", [
    "keep_days = 9223372036854775807", "keep_days = 1000000000", "keep_days = 99999999",
    "[fetch]\nread_timeout = nan", "[fetch]\nconnect_timeout = inf",
    "[fetch]\ntotal_timeout = -1.0", "[fetch]\nworkers = 100000000",
])
def test_numbers_out_of_range_in_the_config_are_one_line(tmp_path, line):
    config = config_with(tmp_path, line)
    for args in (["list"], ["refresh", "--seeds-only"], ["digest"]):
        code, out = invoke("--config", config, *args)
        assert_one_clean_line(code, out, 2, "config.toml", line.split("\n")[-1].split(" ")[0])


@pytest.mark.parametrize("since", ["999999999d", "99999999999999999999w", "876000h1"])
def test_digest_since_out_of_range_is_a_usage_error(tmp_path, since):
    code, out = invoke("--config", config_with(tmp_path), "digest", "--since", since)
    assert_one_clean_line(code, out, 2, "--since")


def test_opml_with_thousands_of_nested_folders(tmp_path):
    depth = 5000
    doc = ("<opml version='2.0'><head/><body>" + "<outline text='f'>" * depth
           + "<outline text='deep' xmlUrl='https://deep.example/rss'/>"
           + "</outline>" * depth
           + "<outline text='top' xmlUrl='https://top.example/rss'/></body></opml>")
    found = parse_opml(doc.encode())
    assert [f.url for f in found.feeds] == ["https://top.example/rss"]
    assert found.skipped and "nested deeper" in found.skipped[0][1]
    path = tmp_path / "deep.opml"
    path.write_text(doc)
    code, out = invoke("--config", config_with(tmp_path), "import-opml", str(path))
    assert code == 0 and "Traceback" not in out, out


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_opml_entities_are_refused_in_any_encoding(tmp_path, codec):
    doc = (f'<?xml version="1.0" encoding="{codec.upper()}"?>'
           '<!DOCTYPE opml [<!ENTITY e "https://evil.example/rss">]>'
           '<opml version="2.0"><head/><body>'
           '<outline text="&e;" xmlUrl="&e;"/></body></opml>').encode(codec)
    # Refused by the DTD rule, or earlier for an encoding expat cannot read.
    reason = {"utf-16": "DTDs and entities", "utf-16-be": "encoding",
              "utf-32": "not well-formed"}[codec]
    with pytest.raises(OpmlError, match=reason):
        parse_opml(doc)
    path = tmp_path / "entity.opml"
    path.write_bytes(doc)
    code, out = invoke("--config", config_with(tmp_path), "import-opml", str(path))
    assert_one_clean_line(code, out, 2, reason)
    assert "evil.example" not in out


def test_a_utf8_feed_declaring_utf16_and_tag_characters(tmp_path, feed_server):
    items = [{"title": f"Harbour{TAGS} reopens", "link": "http://127.0.0.1:9/x", "guid": "g1",
              "description": f"The northern channel{TAGS} reopened after three weeks of "
                             "dredging, officials said on Monday."}]
    body = rss(f"Port{TAGS} news", items).replace(b'encoding="utf-8"?>',
                                                   b'encoding="UTF-16"?>\n')
    url = feed_server.add("/declared16.xml", Response(200, body, {
        "Content-Type": "application/rss+xml"}))
    settings = make_settings(tmp_path, [FeedConfig(url)], full_text=False)
    with Store.open(settings.database) as store:
        report = refresh_all(store, settings)
        assert report.new == 1, report.to_dict()
        rows = store.conn.execute("SELECT title, text FROM articles").fetchall()
        names = store.conn.execute("SELECT title FROM feeds").fetchall()
    dumped = json.dumps([rows, names, report.to_dict()], ensure_ascii=False)
    assert "Harbour reopens" in dumped and "Port news" in dumped
    assert not any(0xE0000 <= ord(c) <= 0xE007F for c in dumped)


def test_import_opml_from_a_device_reads_a_bounded_amount(tmp_path):
    code, out = invoke("--config", config_with(tmp_path), "import-opml", "/dev/zero")
    assert_one_clean_line(code, out, 2, "/dev/zero", "larger than")
