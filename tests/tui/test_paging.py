"""The list's tail is paged by key: every order of reading it gives the same rows."""

import random
from datetime import timedelta

import pytest

from briefing.brief import make_brief
from briefing.edition.update import update_stories
from briefing.models import Document
from briefing.store.stories import SEARCH_LIMIT
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
            store.articles.ingest(doc, make_brief(text), source=f"Source {n % 3}", now=NOW)
        update_stories(store)
    return settings


@pytest.mark.parametrize("story_filter", [StoryFilter(), StoryFilter(feed="Source 1")])
def test_every_reading_order_gives_the_same_rows(many, story_filter):
    with open_store(many) as store:
        expected = [r.id for r in store.stories.page(limit=1000, source=story_filter.feed)]
        orders = {"down": list(range(50)), "up from the end": list(range(50))[::-1]}
        orders["jumps"] = random.Random(5).sample(range(50), 50)
        for name, order in orders.items():
            source = StorySource(store, story_filter)
            offset = 1 if source.divider is not None else 0  # the edition's divider row
            rows = {i: source.row(i) for i in order}
            got = [rows[i].id for i in sorted(rows) if rows[i] is not None]
            assert got == expected, name
            assert len(source) == len(expected) + offset


def test_a_search_says_when_more_stories_match_than_it_lists(tmp_path):
    # 230 stories that each mention "harbour": the list holds the best 200 and says so.
    settings = make_settings(tmp_path)
    rng = random.Random(7)
    with open_store(settings) as store:
        for n in range(230):
            words = " ".join("".join(rng.choice("bcdfgklmnprstvz") + rng.choice("aeiou")
                                     for _ in range(4)) for _ in range(8))
            text = f"The harbour {words}. A second sentence {n} follows here."
            doc = Document(key=f"https://example.org/h{n}", title=f"{words[:30]} {n}",
                           text=text, url=f"https://example.org/h{n}", site="Site",
                           published=NOW - timedelta(hours=2, minutes=n), text_origin="page")
            store.articles.ingest(doc, make_brief(text), source="Site", now=NOW)
        update_stories(store)
        assert store.stories.count() == 230
        found = store.stories.search("harbour")
        assert len(found.rows) == SEARCH_LIMIT and found.more
        assert found.total == 230 and not found.at_least
        found = store.stories.search("harbour", limit=300)
        assert len(found.rows) == 230 and not found.more
    with open_store(settings) as store:
        source = StorySource(store, StoryFilter(query="harbour"))
        assert source.story_count == SEARCH_LIMIT and source.more_matches


async def test_the_search_title_says_more_match(tmp_path):
    from tests.tui.conftest import make_app

    test_a_search_says_when_more_stories_match_than_it_lists(tmp_path)
    app = make_app(make_settings(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"harbour")
        await pilot.pause(0.4)
        assert app.sub_title == ("200 of 230 stories — add words to narrow · showing "
                                 "search “harbour”")
        await pilot.press("backspace", *"xyz")
        await pilot.pause(0.4)
        assert "more" not in app.sub_title
