"""The reader's own changes (a story read, starred) saved off the UI thread, in order.

A refresh (this reader's or a cron one) holds SQLite's write lock while it stores each
batch, and a write on the UI thread would wait for it with every key pressed meanwhile.
So the screen shows the change at once and a thread worker saves it on a connection of
its own; when the database refuses it (read-only) or stays locked past `SAVE_WAIT`, the
change's `done` hears why and undoes it.

Quitting does not wait that long: the worker waits for the lock in short steps and stops
between them, and what is still queued gets `QUIT_WAIT` in all. Each change is one
transaction, so one not saved by then is not written at all; `Saver.unsaved` keeps it
for the command line to name when the reader has gone (and `Saver.in_doubt` the one the
thread was still writing, which may yet be saved).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from textual.app import App
from textual.message import Message
from textual.worker import Worker

from briefing.sanitize import clean_inline
from briefing.store import Store

SAVE_WAIT = 30.0
"""Seconds a change waits for another writer before it is given up (the screen does not
wait with it)."""
QUIT_WAIT = 1.0
"""Seconds quitting waits in all for another writer to let the queued changes through:
short enough to read as leaving at once."""
WAIT_STEP = 0.25
"""Seconds of one wait for the lock inside SQLite, which cannot be interrupted: the worker
hears a quit between two of them."""

NOTICE_LINES = 10
"""Changes named one a line in the notice of those not saved; the rest are counted."""


def is_busy(err: sqlite3.DatabaseError) -> bool:
    """The write failed only because another connection held the database."""
    text = str(err)
    return isinstance(err, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


@dataclass(frozen=True)
class Change:
    """One write: `write` runs on the worker's thread with its store; `done` runs on the
    UI thread with None once saved, else the error that refused it."""

    write: Callable[[Store], object]
    done: Callable[[sqlite3.DatabaseError | None], None]
    what: str = "a change"
    """The change in words ("“Rail strike called off” marked read"), for saying it was
    not saved."""


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
        """Changes not yet saved or refused, oldest first; the head may be being written."""
        self.worker: Worker[None] | None = None
        self.unsaved: list[Change] = []
        """At quit, the changes that could not be saved in time, in order."""
        self.unsaved_error: sqlite3.DatabaseError | None = None
        """Why the first of `unsaved` was not saved (None: the saving thread still had it)."""
        self.in_doubt: Change | None = None
        """At quit, the change the saving thread was still writing when quitting stopped
        waiting for it: it may yet be saved."""
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
            store.wait_for_writers(WAIT_STEP)
            while self.pending and not self._stopping:
                change = self.pending[0]  # it stays queued until decided: `finish` sees it
                error = self._write_patiently(change, store)
                if error is not None and self._stopping:
                    # Quitting: nothing would hear a ChangeSaved now. `finish` has a last,
                    # short try at it and names it if it is refused again.
                    return
                self.pending.popleft()
                self.app.post_message(ChangeSaved(change, error))
        finally:
            store.close()

    def _write_patiently(self, change: Change,
                         store: Store) -> sqlite3.DatabaseError | None:
        """Write `change`, waiting up to `SAVE_WAIT` for another writer in `WAIT_STEP`s;
        the error that refused it (read-only, locked for too long, full), else None."""
        deadline = time.monotonic() + SAVE_WAIT
        while True:
            try:
                change.write(store)
            except sqlite3.DatabaseError as err:
                if not is_busy(err) or self._stopping or time.monotonic() >= deadline:
                    return err
            else:
                return None

    def finish(self, store: Store) -> None:
        """At quit: stop the saving thread (it ends within a `WAIT_STEP`), then save what
        is still queued on `store`, in order, within `QUIT_WAIT` in all; what is not saved
        by then is left in `unsaved`."""
        self._stopping = True
        deadline = time.monotonic() + QUIT_WAIT
        if not self._saving.acquire(timeout=QUIT_WAIT):
            queued = list(self.pending)  # the thread is still writing the first
            if queued:
                self.in_doubt, self.unsaved = queued[0], queued[1:]
            return
        try:
            while self.pending:
                store.wait_for_writers(max(0.0, deadline - time.monotonic()))
                try:
                    self.pending[0].write(store)
                except sqlite3.DatabaseError as err:
                    # Busy past the deadline or refused: the rest would be too.
                    self.unsaved, self.unsaved_error = list(self.pending), err
                    self.pending.clear()
                    return
                self.pending.popleft()
        finally:
            self._saving.release()

    def unsaved_notice(self) -> str | None:
        """What was not saved at quit and why, for the terminal once the reader has
        gone (None: everything was saved)."""
        lines = []
        if self.in_doubt is not None:
            lines += ["briefing: 1 change may not have been saved (it was still being "
                      "written when the reader quit):", f"  {self.in_doubt.what}"]
        if self.unsaved:
            err = self.unsaved_error
            if err is None or is_busy(err):
                why = "another program kept the database busy"
            else:
                why = f"the database refused it: {clean_inline(str(err), limit=120)}"
            count = len(self.unsaved)
            lines.append(f"briefing: {count} {'change' if count == 1 else 'changes'} "
                         f"not saved ({why}):")
            lines += [f"  {change.what}" for change in self.unsaved[:NOTICE_LINES]]
            if count > NOTICE_LINES:
                lines.append(f"  and {count - NOTICE_LINES} more")
        return "\n".join(lines) or None
