"""An article stepped to with n / p stays on screen when the list is read again (another
program's refresh), and its "Article N of M" follows it when the story's articles change."""

from briefing.tui.widgets.brief_view import BriefView
from tests.tui.conftest import add_story, make_app, open_store, until
from tests.tui.test_keys import SIZE, headline, stories_of, two_source_story

TEXT = ("Harbour cranes returned to the old port of Rotterdam on Tuesday evening, the port "
        "authority said. The three cranes will handle 200 containers a day. The cranes "
        "were built in 1962 and restored at a cost of 4 million euros. Dock workers said "
        "the old port had been quiet for a decade. Port director Anna de Vries said the "
        "cranes were cheaper than new ones. The city council will vote on a second phase "
        "next month.")


def step_line(app) -> str:
    """The brief's source line: "Article N of M · source · date ..." on an article."""
    return headline(app).splitlines()[1]


async def test_a_new_lead_moves_the_article_stepped_to_and_its_label_says_so(tmp_path):
    settings = two_source_story(tmp_path)
    app = make_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        story = stories_of(app).current
        await pilot.press("n", "n")
        assert step_line(app).startswith("Article 2 of 2 · Harbour News")
        with open_store(settings) as store:  # another program adds a newer source: the lead
            add_story(store, 9, "Cranes are back at Rotterdam's old port", "Third Wire", TEXT,
                      hours_ago=0.5)
            assert len(store.stories.sources(story.id)) == 3
        assert await until(pilot, lambda: stories_of(app).current.article_count == 3)
        await pilot.pause()
        # Still Harbour News, now after the new lead and Port Daily.
        assert step_line(app).startswith("Article 3 of 3 · Harbour News")
        await pilot.press("p")
        assert step_line(app).startswith("Article 2 of 3 · Port Daily")
        await pilot.press("n")
        assert step_line(app).startswith("Article 3 of 3 · Harbour News")
        await pilot.press("n")  # past the last article: the story's brief
        assert "3 sources" in step_line(app)


async def test_the_label_follows_without_moving_the_brief_scrolled_to(tmp_path):
    settings = two_source_story(tmp_path)
    app = make_app(settings)
    async with app.run_test(size=(80, 20)) as pilot:  # the article's brief scrolls
        story = stories_of(app).current
        await pilot.press("n", "n")
        view = app.screen.query_one(BriefView)
        assert view.max_scroll_y >= 3
        view.scroll_to(y=3, animate=False, immediate=True)
        with open_store(settings) as store:
            add_story(store, 9, "Cranes are back at Rotterdam's old port", "Third Wire", TEXT,
                      hours_ago=0.5)
        assert await until(pilot, lambda: stories_of(app).current.article_count == 3)
        await pilot.pause()
        assert stories_of(app).current.id == story.id
        assert step_line(app).startswith("Article 3 of 3 · Harbour News")
        assert view.scroll_y == 3
