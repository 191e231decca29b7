"""The app's one clock.

Every part that needs the time (stamping rows, today's edition, the keep_days cut-off,
"3 h ago") asks the clock it was given; only `system_clock` reads the wall clock. The
CLI makes one and hands it to `Store.open`, whose `store.clock` the refresh and the
reader use; tests pin time by passing a fixed clock in that one place.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

Clock = Callable[[], datetime]
"""Returns the current time, timezone-aware."""

FUTURE_SLACK = timedelta(days=1)
"""A date this far past the clock is still plausible (time zones, early publication)."""


def system_clock() -> datetime:
    """The wall clock, in UTC."""
    return datetime.now(UTC)


def fixed_clock(when: datetime) -> Clock:
    """A clock that always says `when` (for tests and reproducible runs)."""
    if when.tzinfo is None:
        raise ValueError("a fixed clock needs a timezone-aware datetime")
    return lambda: when


def plausible(when: datetime | None, now: datetime) -> datetime | None:
    """`when`, unless it lies implausibly far in the future of `now` (a wrong feed date)."""
    return when if when is not None and when <= now + FUTURE_SLACK else None
