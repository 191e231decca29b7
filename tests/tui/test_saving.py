"""The reader's changes saved off the UI thread: at quit, none lost and none reordered."""

from __future__ import annotations

import time

from briefing.store import Store
from briefing.tui.saving import Change
from tests.tui.conftest import make_app, open_store


async def test_quitting_while_a_change_is_being_saved_keeps_the_changes_in_order(
        stories_settings):
    """A star still being written by the saving thread at quit, then an unstar queued
    behind it: the story ends unstarred (the quit waits for the thread, then saves the
    rest), not starred by a thread that finished last."""
    with open_store(stories_settings) as store:
        story = store.list_stories(limit=10)[0].id
    app = make_app(stories_settings)

    def slow_star(store: Store) -> None:
        time.sleep(0.5)  # a write that takes a while (another writer held the lock)
        store.set_story_starred(story, True)

    async with app.run_test(size=(100, 30)) as pilot:
        app.saver.save(Change(slow_star, lambda error: None))
        await pilot.pause(0.1)  # the saving thread has taken the star and is writing it
        app.saver.save(Change(lambda s: s.set_story_starred(story, False),
                              lambda error: None))
    time.sleep(1.0)  # any thread still running has finished by now
    with open_store(stories_settings) as store:
        assert not next(r for r in store.list_stories(limit=10) if r.id == story).starred
