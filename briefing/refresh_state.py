"""Whether a refresh is running on a database, and in which process: read from the
refresh lock's file beside the database (`refresh.lock.RefreshLock` holds it) without
taking the lock.

Apart from the refresh package, so that the reader can ask without importing the
pipeline that package loads (its feeds screen asks as it opens, and every few seconds).
"""

from __future__ import annotations

import fcntl
import os
from dataclasses import dataclass
from pathlib import Path


def lock_path(database: Path) -> Path:
    """The refresh lock's file, beside the database."""
    return database.with_name(database.name + ".lock")


@dataclass(frozen=True)
class RunningRefresh:
    """A refresh holding the lock: its process, when it has written it."""

    pid: int | None

    @property
    def ours(self) -> bool:
        """Run by this process (the reader's own refresh, on a thread of its own)."""
        return self.pid == os.getpid()


def running_refresh(database: Path) -> RunningRefresh | None:
    """The refresh holding the lock now, asked without waiting; None when none does (or
    it cannot be told)."""
    try:
        fd = os.open(lock_path(database), os.O_RDONLY)
    except OSError:
        return None  # no lock file: no refresh has run here yet
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return RunningRefresh(read_pid(fd))
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


def read_pid(fd: int) -> int | None:
    """The pid the lock's holder wrote in the file open as `fd`, if it has."""
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        return int(text) if text.isdigit() else None
    except OSError:
        return None
