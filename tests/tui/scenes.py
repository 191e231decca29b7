"""The reader's scenes for snapshots (and for looking at them in a terminal).

Each builds a real database in a folder and returns the settings to open it with:

    python -m tests.tui.scenes FOLDER edition|offline   # then: briefing --config FOLDER/config.toml
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from briefing.config import FeedConfig, FetchSettings, Settings, TuiSettings
from briefing.store.feeds import FeedStatus
from tests.tui.conftest import NOW, STORIES, add_story, open_store

OFFLINE_FEEDS = tuple(
    FeedConfig(f"http://127.0.0.1:9/{slug}.xml", name, ("world",))
    for slug, name in [("bbc", "BBC News: World"), ("npr", "NPR: World"),
                       ("aljazeera", "Al Jazeera"), ("dw", "DW: World"),
                       ("guardian", "The Guardian: World")])
"""Feeds at a port where nothing listens: a refresh fails as it does with no network."""

EARLIER = [
    ("Ferry timetable changes for the winter", "City Paper",
     "The island ferry will sail every two hours from December. Operators blamed fuel "
     "costs. Commuters' groups plan to ask the province for a subsidy in January."),
    ("Orchestra names a new conductor", "Port Daily",
     "The city orchestra named Maria Lind as its conductor from next season. She led the "
     "youth orchestra for six years. Her first concert is set for September."),
]
"""Older unread stories: they follow the day's edition under a divider."""

LONG_TEXT = "\n\n".join([
    "Harbour cranes returned to the old port of Rotterdam on Tuesday. Three of them, "
    "painted in the port's old colours, were lifted onto the quay before dawn.",
    "The three cranes will handle 200 containers a day, the port authority said. That is "
    "a tenth of what the new terminal moves, but enough for the river barges.",
    "They were built in 1962 and restored at a cost of 4 million euros. The city paid half; "
    "a foundation of former dock workers raised the rest over six years.",
    "Dock workers said the old port had been quiet for a decade. Cafés on the quay closed "
    "one by one after the last shipping line moved west in 2014.",
    "Port director Anna de Vries said the cranes were cheaper than new ones, and that "
    "skilled crane drivers were easier to find for machines they already knew.",
    "Because the basin silts up, the cranes only pay off if it is dredged every year, which "
    "costs the city about 300,000 euros, the council's own report found.",
    "The city council will vote on a second phase next month. It would add a rail link "
    "to the quay and two more cranes by 2028.",
    "Shipping lines have asked for night berths, which neighbours oppose. A hearing on "
    "noise is expected before the vote.",
])


def _settings(folder: Path, *, feeds: tuple[FeedConfig, ...] = (), dark: bool = True
              ) -> Settings:
    return Settings(seeds=None, database=folder / "b.db", feeds=feeds,
                    fetch=FetchSettings(connect_timeout=2, read_timeout=2, retries=0,
                                        workers=1),
                    tui=TuiSettings(read_after=3600,
                                    theme="textual-dark" if dark else "textual-light"))


def edition(folder: Path, *, dark: bool = True) -> Settings:
    """A day's edition: a story of two sources, four of one, two older unread stories,
    and two feeds, one of them failing."""
    feeds = (FeedConfig("https://portdaily.example/rss", "Port Daily", ("local",)),
             FeedConfig("https://citypaper.example/feed", "City Paper", ("local",)),
             FeedConfig("https://harbour.example/atom.xml", "Harbour News", ()))
    settings = _settings(folder, feeds=feeds, dark=dark)
    with open_store(settings) as store:
        store.feeds.sync_config(feeds)
        ids = {f.name: f.id for f in store.feeds.all()}
        linked = []
        lead = add_story(store, 10, "Cranes return to Rotterdam's old port", "Port Daily",
                         LONG_TEXT, hours_ago=0.5)
        other = add_story(store, 11, "Rotterdam's old port gets its cranes back",
                          "Harbour News", LONG_TEXT.replace("Tuesday", "Tuesday morning"),
                          hours_ago=1.5)
        linked += [(ids["Port Daily"], lead), (ids["Harbour News"], other)]
        for n, (title, source, text) in enumerate(STORIES[1:], 1):
            article = add_story(store, n, title, source, text, hours_ago=n + 2,
                                text_origin="feed" if n == 3 else "page")
            if source in ids:
                linked.append((ids[source], article))
        for n, (title, source, text) in enumerate(EARLIER):
            article = add_story(store, 20 + n, title, source, text, hours_ago=30 + 24 * n)
            linked.append((ids[source], article))
        store.feeds.link_articles((feed, article, ()) for feed, article in linked)
        store.feeds.record_fetch(ids["Port Daily"], FeedStatus(200, None, True, item_count=3))
        store.feeds.record_fetch(ids["City Paper"], FeedStatus(200, None, True, item_count=2))
        for _ in range(3):
            store.feeds.record_fetch(ids["Harbour News"], FeedStatus(404, "HTTP 404", False))
    return settings


def offline(folder: Path, *, dark: bool = True) -> Settings:
    """A first run with no network: the default kind of feeds, none reachable."""
    return _settings(folder, feeds=OFFLINE_FEEDS, dark=dark)


SCENES = {"edition": edition, "offline": offline}


def write_config(settings: Settings, path: Path) -> None:
    """The scene's settings as a config.toml, to open it with the real command."""
    lines = [f'database = "{settings.database}"', "feeds = []" if not settings.feeds else "",
             "[tui]", "read_after = 3600.0", f'theme = "{settings.tui.theme}"',
             "[fetch]", "retries = 0", "connect_timeout = 2.0"]
    for feed in settings.feeds:
        lines += ["[[feeds]]", f'url = "{feed.url}"', f'name = "{feed.name}"']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    built = SCENES[sys.argv[2]](folder)
    write_config(replace(built, seeds=None), folder / "config.toml")
    print(folder / "config.toml", NOW)
