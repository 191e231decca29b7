"""TUI fixtures: the real app on a temporary database with a fixed clock."""

from __future__ import annotations

import shutil
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from briefing.brief import make_brief
from briefing.clock import fixed_clock
from briefing.config import Settings, TuiSettings
from briefing.edition.update import update_stories
from briefing.models import Document
from briefing.refresh import refresh_all
from briefing.store import Store
from briefing.tui.app import BriefingApp
from tests.paths import SEED

NOW = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)

STORIES = [
    ("Harbour cranes return to the old port", "Port Daily",
     "The city brought three cranes back to the old port on Tuesday. Officials said the move "
     "would create 200 jobs. The council will vote on a second phase next month."),
    ("Library opens a night reading room", "City Paper",
     "The central library opened a reading room that stays open until 2 a.m. Staff said 400 "
     "people came on the first night. Similar rooms exist in Oslo and Helsinki."),
    ("Rail strike called off after late talks", "Port Daily",
     "Union leaders called off Thursday's rail strike after talks that ran past midnight. "
     "The agreement raises wages 4% over two years. Members are expected to vote on the deal "
     "on Monday."),
    ("Museum finds a lost painting in its basement", "Arts Weekly",
     "A museum found a painting missing since 1962 in a basement storeroom. Curators said "
     "the canvas was in good condition. It had been filed under the wrong artist."),
]


CLOCK = fixed_clock(NOW)
"""The tests' one clock: every store (and so the app and its refreshes) runs on it."""


def open_store(settings: Settings) -> Store:
    return Store.open(settings.database, clock=CLOCK)


def make_settings(tmp_path: Path, *, seeds: Path | None = None, read_after: float = 0.3,
                  **kw) -> Settings:
    return Settings(seeds=seeds, database=tmp_path / "b.db", feeds=(),
                    tui=TuiSettings(read_after=read_after), **kw)


async def until(pilot, condition, timeout: float = 10.0) -> bool:
    """Let the app run until `condition()` holds (a save on another thread, a timer),
    at most `timeout` seconds: a loaded machine is slow, never wrong. Its last answer."""
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        await pilot.pause(0.05)
    return condition()


def make_app(settings: Settings) -> BriefingApp:
    return BriefingApp(settings, lambda: open_store(settings))


def add_story(store: Store, n: int, title: str, source: str, text: str, *,
              hours_ago: float = 1, url: str | None = None, text_origin: str = "page") -> str:
    doc = Document(key=url or f"https://example.org/story/{n}", title=title, text=text,
                   url=url or f"https://example.org/story/{n}", site=source,
                   published=NOW - timedelta(hours=hours_ago), text_origin=text_origin)
    article_id = store.articles.ingest(doc, make_brief(text), source=source, now=NOW).article_id
    update_stories(store)  # as a refresh does: every article joins a story
    return article_id


@pytest.fixture
def seeded_settings(tmp_path) -> Settings:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / SEED.name)
    settings = make_settings(tmp_path, seeds=seeds)
    with open_store(settings) as store:
        refresh_all(store, settings)
    return settings


@pytest.fixture
def stories_settings(tmp_path) -> Settings:
    """Four short stories, newest first in list order, all unread."""
    settings = make_settings(tmp_path)
    with open_store(settings) as store:
        for n, (title, source, text) in enumerate(STORIES):
            add_story(store, n, title, source, text, hours_ago=n + 1)
    return settings
