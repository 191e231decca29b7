"""The reader opens on the seed story, shows the three panels, moves with j, quits."""

from briefing.tui.widgets.brief_view import BriefView
from briefing.tui.widgets.story_list import StoryList
from tests.tui.conftest import make_app


async def test_opens_on_the_seed_with_three_panels(seeded_settings):
    app = make_app(seeded_settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(BriefView)
        assert view.section_titles[:3] == ["Why it matters", "What to know", "What's next"]
        for title in view.section_titles:
            assert f"╭─ {title} ─" in view.text
        assert "face-to-face meeting" in view.text
        stories = app.screen.query_one(StoryList)
        assert len(stories.source) == 1 and stories.cursor == 0
        await pilot.press("j")
        assert stories.cursor == 0  # one story: j stays on it
        await pilot.press("q")
    assert app.return_code == 0
