"""The list's tail is paged by key: every order of reading it gives the same rows."""

import random
from datetime import timedelta

import pytest

from briefing.brief import make_brief
from briefing.edition.update import update_stories
from briefing.models import Document
from briefing.tui import story_source
from briefing.tui.story_source import StoryFilter, StorySource
from tests.tui.conftest import NOW, make_settings, open_store


@pytest.fixture
def many(tmp_path, monkeypatch):
    monkeypatch.setattr(story_source, "PAGE_SIZE", 7)
    settings = make_settings(tmp_path)
    with open_store(settings) as store:
        for n in range(45):
            text = f"Item {n} about topic {n * 7919 % 1000}. It has a second sentence {n}."
            # Pairs share a time: the id breaks the tie, and paging must keep to it.
            doc = Document(key=f"https://example.org/{n}", title=f"Headline {n} {n * 31 % 97}",
                           text=text, url=f"https://example.org/{n}", site="Site",
                           published=NOW - timedelta(hours=30 + n // 2), text_origin="page")
            store.ingest(doc, make_brief(text), source=f"Source {n % 3}", now=NOW)
        update_stories(store)
    return settings


@pytest.mark.parametrize("story_filter", [StoryFilter(), StoryFilter(feed="Source 1")])
def test_every_reading_order_gives_the_same_rows(many, story_filter):
    with open_store(many) as store:
        expected = [r.id for r in store.list_stories(limit=1000, source=story_filter.feed)]
        orders = {"down": list(range(50)), "up from the end": list(range(50))[::-1]}
        orders["jumps"] = random.Random(5).sample(range(50), 50)
        for name, order in orders.items():
            source = StorySource(store, story_filter)
            offset = 1 if source.divider is not None else 0  # the edition's divider row
            rows = {i: source.row(i) for i in order}
            got = [rows[i].id for i in sorted(rows) if rows[i] is not None]
            assert got == expected, name
            assert len(source) == len(expected) + offset
