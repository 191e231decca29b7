"""`m` in the full text marks the story on that screen read or unread and says so: nothing
else there shows it, and the list under it may have moved to another story since."""

from briefing.tui.screens.reader import ReaderScreen
from briefing.tui.widgets.story_list import StoryList
from tests.tui.conftest import make_app, open_store, until
from tests.tui.test_kept_unread import story_read
from tests.tui.test_keys import SIZE, stories_of, two_source_story


def notices(app) -> list[str]:
    return [n.message for n in app._notifications]


def list_under(app) -> StoryList:
    """The list on the briefing screen, under the full text."""
    return app.screen_stack[0].query_one(StoryList)


def listed(app) -> list[str]:
    source = list_under(app).source
    return [row.id for i in range(len(source)) if (row := source.row(i)) is not None]


async def test_m_in_the_full_text_says_what_it_did(tmp_path):
    settings = two_source_story(tmp_path)  # read_after 3600: only m marks anything read
    app = make_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        story = stories_of(app).current
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("m")
        assert await until(pilot, lambda: "Marked read" in notices(app))
        assert story_read(settings, story.id)
        await pilot.press("m")
        assert await until(pilot, lambda: "Marked unread" in notices(app))
        assert not story_read(settings, story.id)
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("escape")
        assert not list_under(app).current.read  # the list shows what was stored


async def test_m_in_the_full_text_marks_its_story_when_the_list_has_moved_on(tmp_path):
    settings = two_source_story(tmp_path)
    app = make_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("u")  # unread only: a story read elsewhere leaves the list
        shown = stories_of(app).current
        ids = listed(app)
        assert len(ids) == 2 and ids[0] == shown.id
        other = ids[1]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        with open_store(settings) as store:  # another program reads the story on screen
            store.stories.set_read(shown.id, True)
        assert await until(pilot, lambda: list_under(app).current is not None
                           and list_under(app).current.id == other)
        await pilot.press("m")  # the full text still shows `shown`: m is about it
        assert await until(pilot, lambda: "Marked unread" in notices(app))
        assert not story_read(settings, shown.id)
        assert not story_read(settings, other)  # the list's story is left alone
        await pilot.press("escape")
        # Unread again, the story is back in the list; the list's selection stays.
        assert await until(pilot, lambda: shown.id in listed(app))
        assert list_under(app).current.id == other
