"""The errors a user is shown, each with the exit code the command ends with.

Exit codes: 0 success, 1 some sources failed or a thing was not found, 2 bad usage or
config, 3 busy: another refresh holds the lock, or another program kept the database
locked (try again later), 4 `feeds check` found feeds that are read but with a problem
(stale, cut at the size limit, ill-formed, empty). The CLI prints a `BriefingError` as one line
and exits with its `exit_code`; the parts' own errors (the config's, the store's, the
refresh lock's) are subclasses.
"""

from __future__ import annotations

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_LOCKED = 3
EXIT_FEED_PROBLEM = 4
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report a SIGINT


class BriefingError(Exception):
    """An error for the user: one line, no traceback, and the exit code it ends with."""

    exit_code: int = EXIT_FAILED

    def __init__(self, message: str = "", exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(BriefingError):
    """Bad usage: a wrong option, value or file named on the command line."""

    exit_code = EXIT_USAGE
