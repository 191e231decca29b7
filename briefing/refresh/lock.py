"""One refresh at a time: an advisory lock file beside the database.

`flock` is released by the kernel when its holder dies, even by SIGKILL, so a stale lock
of a dead process is simply taken over. The file also holds the holder's pid, for the
message shown to whoever has to wait, and what the holder does (fetching feeds, reading
seeds, rebriefing, purging a feed); `briefing.refresh_state` reads both without taking
the lock (whether a refresh runs, whose, and what it does).
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path
from types import TracebackType

from briefing.errors import EXIT_LOCKED, BriefingError
from briefing.refresh_state import (
    FEEDS,
    HELD_HERE,
    PURGE,
    REBRIEF,
    SEEDS,
    file_id,
    holder_line,
    is_held,
    lock_path,
    read_holder,
    running_refresh,
)

__all__ = ["RefreshLock", "RefreshLocked", "is_held", "lock_path", "running_refresh"]


JOB_NAMES = {SEEDS: "refresh --seeds-only", REBRIEF: "rebrief", PURGE: "feeds remove --purge"}
"""The command holding the lock, when it is not a feed refresh (as a waiter is told)."""


class RefreshLocked(BriefingError):
    """Another refresh holds the lock; the message names its process."""

    exit_code = EXIT_LOCKED


class RefreshLock:
    """`with RefreshLock(db_path, wait=10):` holds the refresh lock or raises RefreshLocked;
    `doing` (one of refresh_state's FEEDS, SEEDS, REBRIEF, PURGE) is written for readers."""

    def __init__(self, database: Path, *, wait: float = 10.0, poll: float = 0.2,
                 doing: str = FEEDS) -> None:
        self.path = lock_path(database)
        self.doing = doing
        self.wait = wait
        self.poll = poll
        self._fd: int | None = None
        self._file = (0, 0)

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except PermissionError as err:
            if not os.access(self.path.parent, os.W_OK):
                raise  # the folder is read-only: the database's own message says so
            raise BriefingError(  # the folder can be written: the lock file is in the way
                f"cannot open the refresh lock {self.path} ({err.strerror}): it was left by "
                "another user, perhaps a `sudo briefing refresh`; remove it") from None
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder, doing, _ = read_holder(fd)
                    os.close(fd)
                    who = f"process {holder}" if holder else "another process"
                    if doing in JOB_NAMES:  # not a feed refresh: say which job
                        who += f": {JOB_NAMES[doing]}"
                    raise RefreshLocked(
                        f"another refresh is running ({who}, lock {self.path}); "
                        "try again when it has finished") from None
                time.sleep(self.poll)
        os.ftruncate(fd, 0)
        os.pwrite(fd, holder_line(self.doing), 0)
        self._fd = fd
        self._file = file_id(fd)
        HELD_HERE.add(self._file)

    def note_feeds(self, last_feed: int) -> None:
        """Say, for `feeds list` and the feeds screen, the highest feed id in the list
        this refresh fetches: a feed added after has a higher one, and waits for the next."""
        if self._fd is not None:
            line = holder_line(self.doing, last_feed)
            os.pwrite(self._fd, line, 0)
            os.ftruncate(self._fd, len(line))

    def release(self) -> None:
        if self._fd is not None:
            HELD_HERE.discard(self._file)
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> RefreshLock:
        self.acquire()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()
