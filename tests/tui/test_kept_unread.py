"""`m` marks a story unread to come back to: the read_after timer must not mark it read
again while it stays on screen, through the list's reloads (every save, another program's
refresh), in the full text and on a story's articles alike."""

from dataclasses import replace

from briefing.config import Settings, TuiSettings
from briefing.tui.app import WATCH_SECONDS
from briefing.tui.screens.reader import ReaderScreen
from tests.tui.conftest import make_app, open_store, until
from tests.tui.test_keys import SIZE, headline, stories_of, two_source_story

READ_AFTER = 0.3
KEPT = WATCH_SECONDS + READ_AFTER + 1.0
"""Long enough for the list to be read again (the app looks for changes every
WATCH_SECONDS, and the mark's own save is one) and the timer to run out after it."""


def story_read(settings: Settings, story_id: str) -> bool:
    """Whether every article of the story is read in the database."""
    with open_store(settings) as store:
        return all(store.articles.get(m.id).read for m in store.stories.sources(story_id))


async def read_then_marked_unread(pilot, settings: Settings, story_id: str) -> None:
    assert await until(pilot, lambda: story_read(settings, story_id))
    await pilot.press("m")
    assert await until(pilot, lambda: not story_read(settings, story_id))


async def test_a_story_marked_unread_stays_unread_until_the_reader_comes_back_to_it(
        stories_settings):
    app = make_app(replace(stories_settings, tui=TuiSettings(read_after=READ_AFTER)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        story = stories_of(app).current
        await read_then_marked_unread(pilot, stories_settings, story.id)
        assert not await until(pilot, lambda: story_read(stories_settings, story.id),
                               timeout=KEPT)
        assert stories_of(app).current.id == story.id and not stories_of(app).current.read
        # Left and come back to: shown for read_after, it is read as any story.
        await pilot.press("k", "j")
        assert await until(pilot, lambda: story_read(stories_settings, story.id))


async def test_m_in_the_full_text_keeps_the_story_unread_there_and_back(stories_settings):
    app = make_app(replace(stories_settings, tui=TuiSettings(read_after=READ_AFTER)))
    async with app.run_test(size=SIZE) as pilot:
        story = stories_of(app).current
        assert await until(pilot, lambda: story_read(stories_settings, story.id))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        await read_then_marked_unread(pilot, stories_settings, story.id)
        assert not await until(pilot, lambda: story_read(stories_settings, story.id),
                               timeout=KEPT)
        await pilot.press("escape")
        assert not await until(pilot, lambda: story_read(stories_settings, story.id),
                               timeout=KEPT)
        assert not stories_of(app).current.read
        # Opened again: read once shown for read_after.
        await pilot.press("enter")
        assert await until(pilot, lambda: story_read(stories_settings, story.id))


async def test_a_story_of_several_articles_stays_unread_on_the_article_stepped_to(tmp_path):
    settings = two_source_story(tmp_path)
    app = make_app(replace(settings, tui=TuiSettings(read_after=READ_AFTER)))
    async with app.run_test(size=SIZE) as pilot:
        story = stories_of(app).current
        assert story.article_count == 2
        await pilot.press("n", "n")
        assert "Article 2 of 2" in headline(app)
        await read_then_marked_unread(pilot, settings, story.id)
        assert not await until(pilot, lambda: story_read(settings, story.id), timeout=KEPT)
        # The list was read again meanwhile: the article stepped to is still the one shown.
        assert "Article 2 of 2" in headline(app)
        await pilot.press("n")  # back to the story's brief: still the same story
        assert not await until(pilot, lambda: story_read(settings, story.id), timeout=1.0)


async def test_unread_only_keeps_the_story_marked_unread(stories_settings):
    app = make_app(replace(stories_settings, tui=TuiSettings(read_after=READ_AFTER)))
    async with app.run_test(size=SIZE) as pilot:
        story = stories_of(app).current
        await read_then_marked_unread(pilot, stories_settings, story.id)
        await pilot.press("u")
        stories = stories_of(app)
        ids = [stories.source.row(i).id for i in range(len(stories.source))]
        assert story.id in ids and stories.current.id == story.id
        assert not await until(pilot, lambda: story_read(stories_settings, story.id),
                               timeout=KEPT)
        await pilot.press("j")  # another story: read after a moment, and it stays listed
        other = stories.current
        assert other.id != story.id
        assert await until(pilot, lambda: story_read(stories_settings, other.id))
        assert other.id in [stories.source.row(i).id for i in range(len(stories.source))]
