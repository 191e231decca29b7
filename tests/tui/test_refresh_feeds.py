"""`r` in the reader runs a real feed refresh (worker processes and all) from a worker
thread of the running app, and the new stories appear without a restart."""

import contextlib
import dataclasses

from textual.worker import WorkerFailed

from briefing.config import FeedConfig, FetchSettings, Settings, TuiSettings
from briefing.tui.app import BriefingApp
from briefing.tui.widgets.story_list import StoryList
from tests.paths import DATA
from tests.test_refresh import rss
from tests.tui.conftest import open_store

PAGES = ["bbc.com.52241221.html", "politico.com.retirement.html"]


def served_feed(tmp_path, feed_server) -> Settings:
    links = [feed_server.add_file(f"/p/{name}", DATA / "pages" / name)
             for name in PAGES]
    feed = feed_server.add_bytes("/world.xml", rss("World", [
        {"title": f"Story {n}", "link": link} for n, link in enumerate(links)]))
    return Settings(seeds=None, database=tmp_path / "b.db", keep_days=0,
                    feeds=(FeedConfig(feed, "World"),),
                    fetch=FetchSettings(connect_timeout=2, read_timeout=2, workers=1),
                    tui=TuiSettings(read_after=3600))


async def test_a_first_run_fetches_the_feeds_by_itself(tmp_path, feed_server):
    settings = served_feed(tmp_path, feed_server)
    app = BriefingApp(settings, lambda: open_store(settings),
                      refresh_on_start=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one(StoryList).source.story_count == len(PAGES)


async def test_r_fetches_feeds_and_pages_inside_the_running_app(tmp_path, feed_server):
    settings = served_feed(tmp_path, feed_server)
    app = BriefingApp(settings, lambda: open_store(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        assert len(app.screen.query_one(StoryList).source) == 0
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert not errors
        stories = app.screen.query_one(StoryList)
        assert stories.source.story_count == len(PAGES)
        rows = [stories.source.row(i) for i in range(len(stories.source))]
        assert {row.text_origin for row in rows if row is not None} == {"page"}


async def test_r_while_another_refresh_holds_the_lock_is_a_calm_notice(tmp_path, feed_server):
    import dataclasses

    from briefing.refresh.lock import RefreshLock

    settings = served_feed(tmp_path, feed_server)
    settings = dataclasses.replace(settings, fetch=dataclasses.replace(settings.fetch,
                                                                       lock_wait=1.5))
    app = BriefingApp(settings, lambda: open_store(settings))
    holder = RefreshLock(settings.database, wait=0)
    holder.acquire()  # as a cron refresh would
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("r")
            # Said at once, not after the wait: what the refresh waits for. (The wait is
            # long enough that a loaded machine does not end it before this looks.)
            assert str(app.screen.query_one("#status").render()) == (
                "Another refresh is running: waiting up to 1.5 s for it to finish…")
            with contextlib.suppress(WorkerFailed):  # the worker did fail; the app copes
                await app.workers.wait_for_complete()
            await pilot.pause()
            messages = [(n.severity, n.message) for n in app._notifications]
            assert ("information", "Another refresh is running; its stories will appear "
                    "here.") in messages
            assert not [m for severity, m in messages if severity == "error"]
    finally:
        holder.release()


def app_with_a_slow_feed(tmp_path, feed_server) -> BriefingApp:
    """The served feed, one that answers after 1.5 s (a refresh long enough to act
    during), and a story to open."""
    from tests.feedserver import Response
    from tests.tui.conftest import add_story

    settings = served_feed(tmp_path, feed_server)
    slow = feed_server.add("/slow.xml", Response(
        200, rss("Slow", []), headers={"Content-Type": "application/rss+xml"}, delay=1.5))
    settings = dataclasses.replace(settings, feeds=(*settings.feeds, FeedConfig(slow, "Slow")))
    with open_store(settings) as store:
        add_story(store, 1, "Harbour cranes return to the old port", "Port Daily",
                  "The city brought three cranes back to the old port on Tuesday. Officials "
                  "said the move would create 200 jobs.")
    return BriefingApp(settings, lambda: open_store(settings))


async def refresh_from_the_full_text(pilot, app):
    """Open the selected story's full text and press r there; the full text's status line."""
    from briefing.tui.screens.reader import ReaderScreen

    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, ReaderScreen)
    status = app.screen.query_one("#status")
    await pilot.press("r")
    await pilot.pause(0.3)
    return status


async def test_r_in_the_full_text_says_there_that_a_refresh_runs_and_how_it_ended(
        tmp_path, feed_server):
    """The status line of the full text shows the refresh's progress and outcome (the
    briefing's is out of sight under it), and the briefing's has it too on the way back."""
    from briefing.tui.screens.reader import ReaderScreen

    app = app_with_a_slow_feed(tmp_path, feed_server)
    async with app.run_test(size=(80, 24)) as pilot:
        status = await refresh_from_the_full_text(pilot, app)
        assert status.display and "Refreshing" in str(status.render()), str(status.render())
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        said = str(status.render())
        assert status.display and "Refreshed: 2 new, 0 updated" in said, said
        assert not any("Refreshed" in n.message for n in app._notifications)  # no repeat
        await pilot.press("escape")
        await pilot.pause()
        assert "Refreshed: 2 new" in str(app.screen.query_one("#status").render())


async def test_a_refresh_that_ends_under_help_leaves_the_full_text_saying_how_it_ended(
        tmp_path, feed_server):
    """The full text under help (or the feeds screen) hears the refresh's outcome too: on
    the way back it never still says "Refreshing…"."""
    from briefing.tui.screens.help import HelpScreen
    from briefing.tui.screens.reader import ReaderScreen

    app = app_with_a_slow_feed(tmp_path, feed_server)
    async with app.run_test(size=(80, 24)) as pilot:
        status = await refresh_from_the_full_text(pilot, app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        said = str(status.render())
        assert "Refreshing" not in said, said
        assert not status.display or "Refreshed: 2 new, 0 updated" in said, said


async def test_a_first_runs_summary_counts_the_seeds_it_stored_before_opening(
        tmp_path, feed_server):
    """A first run stores the seeds, then opens the reader, whose refresh fetches the
    feeds: its line counts the seed story too (it said "0 new" under it), once: `r`
    later says what that refresh alone did."""
    import shutil

    from briefing.refresh import refresh_all
    from tests.paths import SEED

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / SEED.name)
    settings = dataclasses.replace(served_feed(tmp_path, feed_server), seeds=seeds)
    with open_store(settings) as store:
        stored = refresh_all(store, settings, seeds_only=True)
    assert stored.new == 1
    app = BriefingApp(settings, lambda: open_store(settings), refresh_on_start=True,
                      stored_before=stored)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = str(app.screen.query_one("#status").render())
        assert f"Refreshed: {1 + len(PAGES)} new, 0 updated" in said, said
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = str(app.screen.query_one("#status").render())
        assert "Refreshed: 0 new, 0 updated" in said, said
