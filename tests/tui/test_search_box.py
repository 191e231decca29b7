"""The reader's search typed on a Persian keyboard: the half-space (ZWNJ, Shift+Space)
reaches the query, and the word is found typed with it or with a space."""

from briefing.tui.widgets.story_list import StoryList
from tests.tui.conftest import add_story, make_app, make_settings, open_store

# Persian: "books (کتاب‌ها, with its half-space) at the fair"; "weeks (هفته‌ها) went by".
BOOKS = ("کتاب‌ها در نمایشگاه", "ناشران کتاب‌ها را به نمایشگاه کتاب تهران آوردند.")
WEEKS = ("هفته‌ها گذشت", "هفته‌ها گذشت و خبری از توافق نشد.")


async def test_a_persian_search_keeps_its_half_space(tmp_path):
    settings = make_settings(tmp_path)
    with open_store(settings) as store:
        for n, (title, text) in enumerate((BOOKS, WEEKS)):
            add_story(store, n, title, "Example", text, hours_ago=n + 1)
    app = make_app(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash")
        box = app.screen.query_one("#search-box")
        await pilot.press(*"کتاب\u200cها")
        assert box.value == "کتاب\u200cها"
        await pilot.pause(0.4)
        stories = app.screen.query_one(StoryList)
        assert [stories.source.row(i).title for i in range(len(stories.source))] == [BOOKS[0]]
        box.value = ""
        await pilot.press(*"کتاب ها")  # typed with a space, as on a keyboard without one
        await pilot.pause(0.4)
        assert [stories.source.row(i).title for i in range(len(stories.source))] == [BOOKS[0]]
