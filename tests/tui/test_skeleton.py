"""The reader opens on the seed story, shows the three panels, moves with j, quits."""

from textual.widgets import Static

from briefing.tui.widgets.brief_view import BriefPanel
from briefing.tui.widgets.story_list import StoryList
from tests.tui.conftest import make_app


async def test_opens_on_the_seed_with_three_panels(seeded_settings):
    app = make_app(seeded_settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        titles = [p.border_title for p in app.screen.query(BriefPanel)]
        assert titles == ["Why it matters", "What to know", "What's next"]
        headline = app.screen.query_one("#headline", Static)
        assert "face-to-face meeting" in str(headline.render())
        stories = app.screen.query_one(StoryList)
        assert len(stories.source) == 1 and stories.cursor == 0
        await pilot.press("j")
        assert stories.cursor == 0  # one story: j stays on it
        await pilot.press("q")
    assert app.return_code == 0
