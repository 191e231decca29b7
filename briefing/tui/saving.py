"""The reader's own changes (a story read, starred) saved off the UI thread, in order.

A refresh (this reader's or a cron one) holds SQLite's write lock while it stores each
batch, and a write on the UI thread would wait for it with every key pressed meanwhile.
So the screen shows the change at once and a thread worker saves it on a connection of
its own; when the database refuses it (read-only) or stays locked past `SAVE_WAIT`, the
change's `done` hears why and undoes it.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from textual.app import App
from textual.message import Message
from textual.worker import Worker

from briefing.store import Store

SAVE_WAIT = 30.0
"""Seconds a change waits for another writer before it is given up (the screen does not
wait with it)."""


@dataclass(frozen=True)
class Change:
    """One write: `write` runs on the worker's thread with its store; `done` runs on the
    UI thread with None once saved, else the error that refused it."""

    write: Callable[[Store], object]
    done: Callable[[sqlite3.DatabaseError | None], None]


class ChangeSaved(Message):
    """A change was written, or refused (`error`); posted by the saving worker."""

    def __init__(self, change: Change, error: sqlite3.DatabaseError | None) -> None:
        super().__init__()
        self.change = change
        self.error = error


class Saver:
    """Saves changes one after another, in the order they were made, in a thread worker
    of `app` (group "saves") with a store from `open_store`."""

    def __init__(self, app: App[object], open_store: Callable[[], Store]) -> None:
        self.app = app
        self.open_store = open_store
        self.pending: deque[Change] = deque()
        self.worker: Worker[None] | None = None
        self._saving = threading.Lock()
        """Held while a thread takes and writes changes: at quit, `finish` waits for it."""
        self._stopping = False

    def save(self, change: Change) -> None:
        """Queue a change (on the UI thread); it is saved after those queued before it."""
        self.pending.append(change)
        self.resume()

    def resume(self) -> None:
        """Start the worker when changes wait and none runs (also called when one ends:
        a change queued as it was finishing is not left behind)."""
        if self.pending and (self.worker is None or self.worker.is_finished):
            self.worker = self.app.run_worker(self._save_pending, thread=True, group="saves",
                                              exit_on_error=False, description="Saving")

    def _save_pending(self) -> None:
        with self._saving:
            if not self._stopping:
                self._save_with_own_store()

    def _save_with_own_store(self) -> None:
        store = self.open_store()
        try:
            store.wait_for_writers(SAVE_WAIT)
            while self.pending and not self._stopping:
                change = self.pending.popleft()
                try:
                    change.write(store)
                except sqlite3.DatabaseError as err:  # read-only, locked for too long, full
                    self.app.post_message(ChangeSaved(change, err))
                else:
                    self.app.post_message(ChangeSaved(change, None))
        finally:
            store.close()

    def finish(self, store: Store) -> None:
        """At quit: let the saving thread end the change it is writing, then save what is
        still queued on `store` (the worker may not get to it), in order."""
        self._stopping = True
        if not self._saving.acquire(timeout=SAVE_WAIT):
            return  # still stuck behind another writer: a read mark comes back next time
        try:
            self._save_rest(store)
        finally:
            self._saving.release()

    def _save_rest(self, store: Store) -> None:
        while self.pending:
            change = self.pending.popleft()
            # Leaving: nowhere to say it failed; a read mark comes back next time.
            with contextlib.suppress(sqlite3.DatabaseError):
                change.write(store)
