"""Tags that differ only by case are one tag: "News" from an OPML file and "news" from a
newsboat urls file make one entry in the reader's filter, counting both feeds' articles,
and one spelling in `feeds list`, `export-opml` and the favourites."""

from __future__ import annotations

import json
from pathlib import Path

from briefing.config import load_settings
from briefing.sources.opml import parse_opml
from briefing.store import Store
from briefing.tui.app import BriefingApp
from briefing.tui.screens.source_filter import SourceFilterModal
from briefing.tui.widgets.story_list import StoryList
from tests.test_feeds import run, write_config

STORIES = {
    "/world.rss": [
        ("Harbour cranes return to the old port",
         "The city brought three cranes back to the old port on Tuesday. Officials said the "
         "move would create 200 jobs. The council will vote on a second phase next month."),
        ("Library opens a night reading room",
         "The central library opened a reading room that stays open until 2 a.m. Staff "
         "said 400 people came on the first night. Similar rooms exist in Oslo and Helsinki."),
    ],
    "/local.rss": [
        ("Rail strike called off after late talks",
         "Union leaders called off Thursday's rail strike after talks that ran past midnight. "
         "The agreement raises wages 4% over two years. Members vote on the deal on Monday."),
    ],
    "/sport.rss": [
        ("Museum finds a lost painting in its basement",
         "A museum found a painting missing since 1962 in a basement storeroom. Curators said "
         "the canvas was in good condition. It had been filed under the wrong artist."),
    ],
}


def _rss(path: str) -> bytes:
    items = "".join(
        f"<item><title>{title}</title><link>https://example.org{path}/{n}</link>"
        f"<description>{text}</description></item>"
        for n, (title, text) in enumerate(STORIES[path], 1))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{path[1:]}</title>'
            f"{items}</channel></rss>").encode()


def _subscribe(tmp_path: Path, feed_server, monkeypatch, config_lines: str = "") -> Path:
    """World (OPML category "News"), Local (newsboat tag "news"), Sport (newsboat tag
    "sport"), refreshed; returns the config file."""
    urls = {path: feed_server.add_bytes(path, _rss(path)) for path in STORIES}
    config = write_config(tmp_path, [], full_text=False)
    config.write_text(config.read_text() + config_lines)
    monkeypatch.setenv("BRIEFING_CONFIG", str(config))
    opml = tmp_path / "feeds.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><head/><body>'
                    f'<outline type="rss" text="World" category="News" '
                    f'xmlUrl="{urls["/world.rss"]}"/></body></opml>')
    newsboat = tmp_path / "urls"
    newsboat.write_text(f'{urls["/local.rss"]} news "~Local"\n{urls["/sport.rss"]} sport\n')
    for file in (opml, newsboat):
        assert run("import-opml", str(file)).exit_code == 0
    refreshed = run("refresh", "--quiet")
    assert refreshed.exit_code == 0 and "4 new articles" in refreshed.output, refreshed.output
    return config


def test_tags_differing_by_case_are_one_tag_everywhere(tmp_path, feed_server, monkeypatch):
    config = _subscribe(tmp_path, feed_server, monkeypatch,
                        '[edition]\nfavourites = ["#NEWS"]\n')
    listed = json.loads(run("feeds", "list", "--json").output)
    assert [f["tags"] for f in listed] == [["News"], ["News"], ["sport"]]
    text = run("feeds", "list").output
    assert text.count("[News]") == 2 and "[news]" not in text
    exported = parse_opml(run("export-opml").output.encode()).feeds
    assert [f.tags for f in exported] == [("News",), ("News",), ("sport",)]

    settings = load_settings(config)
    with Store.open(settings.database) as store:
        tags = [(name, n) for name, n in store.articles.sources() if name.startswith("#")]
        assert tags == [("#News", 3), ("#sport", 1)]  # World's two and Local's one
        for spelling in ("#News", "#news", "#NEWS"):
            assert store.stories.count(source=spelling) == 3
            assert store.articles.count(source=spelling) == 3
        ids = [row.id for row in store.stories.page(limit=10)]
        sport = {row.id for row in store.stories.page(limit=10, source="#sport")}
        # "#NEWS" in the config favours the stories of both feeds, whatever their spelling.
        assert store.stories.favourites(ids, settings.edition.favourites) == set(ids) - sport


def test_a_tag_written_in_the_config_is_spelled_as_there(tmp_path, feed_server, monkeypatch):
    """The config's spelling wins over an imported feed's, even one added before it."""
    config = _subscribe(tmp_path, feed_server, monkeypatch)
    url = feed_server.add_bytes("/more.rss", _rss("/sport.rss").replace(b"sport", b"more"))
    config.write_text(config.read_text().replace(
        "feeds = []\n", "") + f'[[feeds]]\nurl = "{url}"\ntags = ["NEWS", "News"]\n')
    listed = json.loads(run("feeds", "list", "--json").output)
    assert [f["tags"] for f in listed] == [["NEWS"], ["NEWS"], ["sport"], ["NEWS"]]


async def test_the_reader_filters_by_a_tag_in_any_case_as_one(tmp_path, feed_server,
                                                              monkeypatch):
    settings = load_settings(_subscribe(tmp_path, feed_server, monkeypatch))
    app = BriefingApp(settings, lambda: Store.open(settings.database))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f")
        assert isinstance(app.screen, SourceFilterModal)
        tags = [(name, n) for name, n in app.screen.sources if name.startswith("#")]
        assert tags == [("#News", 3), ("#sport", 1)]
        menu = app.screen.query_one("#source-menu")
        labels = [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]
        assert "#News  3" in labels and not any("#news" in label for label in labels)
        await pilot.press("end", "up", "enter")  # "#News", above "#sport"
        listed = app.screen.query_one(StoryList)
        assert {listed.source.row(i).title for i in range(len(listed.source))} == {
            title for path in ("/world.rss", "/local.rss") for title, _ in STORIES[path]}
