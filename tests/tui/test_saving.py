"""The reader's changes saved off the UI thread: at quit, none lost and none reordered."""

from __future__ import annotations

import dataclasses
import threading
import time

from briefing.config import Settings
from briefing.store import Store
from briefing.tui import saving
from briefing.tui.saving import Change
from tests.tui.conftest import make_app, open_store


def without_auto_read(settings: Settings) -> Settings:
    """The stories' settings with no story turning read while a test runs: on a slow
    machine the list's first story would be marked read before the quit, and that change
    would queue beside the ones a test is about."""
    return dataclasses.replace(settings, tui=dataclasses.replace(settings.tui, read_after=3600))


async def test_quitting_while_a_change_is_being_saved_keeps_the_changes_in_order(
        stories_settings):
    """A star still being written by the saving thread at quit, then an unstar queued
    behind it: the story ends unstarred (the quit waits for the thread, then saves the
    rest), not starred by a thread that finished last."""
    with open_store(stories_settings) as store:
        story = store.stories.page(limit=10)[0].id
    app = make_app(without_auto_read(stories_settings))

    def slow_star(store: Store) -> None:
        time.sleep(0.5)  # a write that takes a while (another writer held the lock)
        store.stories.set_starred(story, True)

    async with app.run_test(size=(100, 30)) as pilot:
        app.saver.save(Change(slow_star, lambda error: None))
        await pilot.pause(0.1)  # the saving thread has taken the star and is writing it
        app.saver.save(Change(lambda s: s.stories.set_starred(story, False),
                              lambda error: None))
    time.sleep(1.0)  # any thread still running has finished by now
    with open_store(stories_settings) as store:
        assert not next(r for r in store.stories.page(limit=10) if r.id == story).starred


async def test_a_change_refused_for_another_reason_at_quit_is_named_not_saved(
        stories_settings, monkeypatch):
    """A write refused while quitting for a reason other than a busy database (a full
    disk, an I/O error; here a real SQLite error) is named in the notice, with why."""
    # The quit waits long enough for the refusal even on a busy machine: this test is
    # about how a refusal is named, not about the wait.
    monkeypatch.setattr(saving, "QUIT_WAIT", 10.0)
    app = make_app(without_auto_read(stories_settings))

    def refused(store: Store) -> None:
        time.sleep(0.4)  # still writing when the reader quits
        store.db.execute("INSERT INTO no_such_table VALUES (1)")

    async with app.run_test(size=(100, 30)) as pilot:
        app.saver.save(Change(refused, lambda error: None, what="“Cranes” starred"))
        await pilot.pause(0.1)
    notice = app.saver.unsaved_notice()
    assert notice is not None, "the refused change went unnamed"
    assert notice.startswith("briefing: 1 change not saved (the database refused it: ")
    assert "no such table" in notice and "  “Cranes” starred" in notice.splitlines()


async def test_a_change_still_being_written_when_quitting_stops_waiting_may_be_saved(
        stories_settings):
    """Quitting waits QUIT_WAIT for the saving thread; the change it is still writing
    then may yet commit (and here does), so it is named as maybe not saved; the one
    queued behind it is not saved."""
    with open_store(stories_settings) as store:
        story = store.stories.page(limit=10)[0].id
    app = make_app(without_auto_read(stories_settings))

    # The first change is still being written until the reader has quit: released only
    # then, however long the quit takes on a busy machine.
    quit_done, written = threading.Event(), threading.Event()

    def slow_star(store: Store) -> None:
        quit_done.wait(30)
        store.stories.set_starred(story, True)
        written.set()

    async with app.run_test(size=(100, 30)) as pilot:
        app.saver.save(Change(slow_star, lambda error: None, what="first starred"))
        await pilot.pause(0.1)
        app.saver.save(Change(lambda s: s.stories.set_starred(story, False),
                              lambda error: None, what="then unstarred"))
    notice = app.saver.unsaved_notice()
    quit_done.set()
    assert notice == (
        "briefing: 1 change may not have been saved (it was still being written when the "
        "reader quit):\n  first starred\n"
        "briefing: 1 change not saved (another program kept the database busy):\n"
        "  then unstarred")
    assert written.wait(30)  # the thread goes on after the quit: the star did commit
    with open_store(stories_settings) as store:
        assert next(r for r in store.stories.page(limit=10) if r.id == story).starred
