"""Whether a refresh (or another job that takes its lock) is running on a database, in
which process and doing what: read from the refresh lock's file beside the database
(`refresh.lock.RefreshLock` holds it) without taking the lock.

Apart from the refresh package, so that the reader can ask without importing the
pipeline that package loads (its feeds screen asks as it opens, and every few seconds).
"""

from __future__ import annotations

import fcntl
import os
import stat
from dataclasses import dataclass
from pathlib import Path


def lock_path(database: Path) -> Path:
    """The refresh lock's file, beside the database."""
    return database.with_name(database.name + ".lock")


FEEDS = "feeds"
"""A refresh of the feeds (and the seeds): what the lock's holder does, as its file says."""
SEEDS = "seeds"
"""`refresh --seeds-only`: the seeds folder read, no feed fetched."""
REBRIEF = "rebrief"
"""`briefing rebrief`: the stored articles' briefs made again."""
PURGE = "purge"
"""`feeds remove --purge`: a feed and its stories removed."""

DOING_WORDS = {FEEDS: "another refresh running", SEEDS: "seeds being read",
               REBRIEF: "rebrief running", PURGE: "a feed being removed"}
"""What the lock's holder does, in a few words."""


@dataclass(frozen=True)
class RunningRefresh:
    """A process holding the refresh lock: its pid and what it does, when it has written
    them (a file of an older version holds the pid alone), and whether it is this
    process (the reader's own refresh, on a thread of its own): known from the locks this
    process holds, not from the pid in the file, which can be another PID namespace's."""

    pid: int | None
    doing: str | None = None
    last_feed: int | None = None
    """The highest id in the feed list the refresh read (None before it has read it, or
    from an older version's file): a feed added since has a higher id, as a new feed's id
    is never one given before, and this refresh does not fetch it."""
    ours: bool = False

    @property
    def fetches_feeds(self) -> bool:
        """Whether feeds are being fetched (an older version's file: taken to be so)."""
        return self.doing in (None, FEEDS)

    def fetches(self, feed_id: int) -> bool:
        """Whether this refresh fetches the feed: it fetches feeds, and the feed was there
        when it read its list (or it has not read it yet)."""
        return self.fetches_feeds and (self.last_feed is None or feed_id <= self.last_feed)

    def skips(self, feed_id: int) -> bool:
        """Whether the feed came after this refresh read its list of feeds: the next
        refresh fetches it, not this one."""
        return self.fetches_feeds and not self.fetches(feed_id)

    @property
    def words(self) -> str:
        """What it does in a few words ("rebrief running", "seeds being read"), as
        another process."""
        return DOING_WORDS[self.doing or FEEDS]


HELD_HERE: set[tuple[int, int]] = set()
"""The lock files this process holds, by (device, inode): `RefreshLock` adds and removes."""


def file_id(fd: int) -> tuple[int, int]:
    """The open file's (device, inode)."""
    info = os.fstat(fd)
    return info.st_dev, info.st_ino


def running_refresh(database: Path) -> RunningRefresh | None:
    """The process holding the lock now, asked without waiting; None when none does (or
    it cannot be told). Never blocks: the reader asks on its UI thread."""
    try:
        # Non-blocking: a FIFO put at the lock's path would otherwise wait for a writer.
        fd = os.open(lock_path(database), os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError:
        return None  # no lock file: no refresh has run here yet
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None  # not a lock file of ours
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return RunningRefresh(*read_holder(fd), ours=file_id(fd) in HELD_HERE)
    except OSError:
        return None
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def is_held(database: Path) -> bool:
    """Whether a refresh holds the lock now, asked without waiting (False when it cannot
    be told: the lock is then waited for as usual)."""
    return running_refresh(database) is not None


def holder_line(doing: str, last_feed: int | None = None) -> bytes:
    """What the lock's holder writes in its file: its pid, what it does and, once a
    refresh has read its feed list, the highest feed id in it ("1234 feeds 17")."""
    last = "" if last_feed is None else f" {last_feed}"
    return f"{os.getpid()} {doing}{last}\n".encode()


def read_holder(fd: int) -> tuple[int | None, str | None, int | None]:
    """The pid, what it does and the last feed id that the lock's holder wrote in the
    file open as `fd` ("1234 feeds 17"; "1234" from an older version), as far as it has."""
    try:
        words = os.pread(fd, 64, 0).decode("ascii", "replace").split()
    except OSError:
        return None, None, None
    pid = int(words[0]) if words and words[0].isdigit() else None
    doing = words[1] if pid is not None and len(words) > 1 and words[1] in DOING_WORDS else None
    last = words[2] if doing is not None and len(words) > 2 else ""
    return pid, doing, int(last) if last.isdigit() else None

