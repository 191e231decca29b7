"""The store's memory of what could not be read, so a refresh does not treat an old,
unchanged failure as news and does not fetch again at every run what keeps failing: seed
files that failed (and on which bytes), feed items whose article could not be made.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from briefing.store.connection import Connection


@dataclass(frozen=True)
class SeedFailure:
    """A seed file that could not be read: the digest of the bytes it failed on and the
    briefer's version (None when the file could not even be opened), the reason, and
    since when it fails."""

    key: str
    digest: str | None
    error: str
    since: datetime


@dataclass(frozen=True)
class ItemFailure:
    """A feed item whose article could not be made: attempts so far, the last reason."""

    attempts: int
    error: str
    last_tried: datetime


class Failures:
    """The `seed_failures` and `item_failures` tables (`store.failures`)."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def seeds(self) -> dict[str, SeedFailure]:
        """{seed key: its failure} for every seed file that failed at its last reading."""
        return {r["key"]: SeedFailure(r["key"], r["digest"], r["error"],
                                      datetime.fromisoformat(r["since"]))
                for r in self._conn.query("SELECT * FROM seed_failures ORDER BY key")}

    def record_seed(self, key: str, digest: str | None, error: str) -> None:
        """Remember that a seed failed; `since` stays that of a failure already known
        with the same bytes and reason."""
        now = self._conn.clock().astimezone(UTC).isoformat(timespec="seconds")
        with self._conn.transaction():
            self._conn.execute(
                """INSERT INTO seed_failures (key, digest, error, since) VALUES (?, ?, ?, ?)
                   ON CONFLICT (key) DO UPDATE SET digest = excluded.digest,
                   error = excluded.error, since = CASE WHEN
                   seed_failures.digest IS excluded.digest AND
                   seed_failures.error = excluded.error
                   THEN seed_failures.since ELSE excluded.since END""",
                [key, digest, error, now])

    def forget_seeds(self, keep: Collection[str]) -> None:
        """Forget the failures of seeds other than `keep` (read since, or gone)."""
        with self._conn.transaction():
            for key in set(self.seeds()) - set(keep):
                self._conn.execute("DELETE FROM seed_failures WHERE key = ?", [key])

    def items(self, keys: Collection[str]) -> dict[str, ItemFailure]:
        """{key: failure} for those of `keys` (a feed document's items) that failed."""
        return {r["key"]: ItemFailure(r["attempts"], r["error"],
                                      datetime.fromisoformat(r["last_tried"]))
                for r in self._conn.query_in("SELECT * FROM item_failures WHERE key IN ({})",
                                             list(keys))}

    def record_item(self, key: str, error: str,
                    tried: datetime | None = None) -> None:
        """Count one more failed attempt at an item, made at `tried` (the start of the
        refresh that made it; default: now)."""
        now = (tried or self._conn.clock()).astimezone(UTC).isoformat(timespec="seconds")
        self._conn.execute("""INSERT INTO item_failures (key, attempts, error, last_tried)
                              VALUES (?, 1, ?, ?) ON CONFLICT (key) DO UPDATE SET
                              attempts = attempts + 1, error = excluded.error,
                              last_tried = excluded.last_tried""", [key, error, now])

    def forget_items(self, keys: Collection[str]) -> None:
        """Forget the failures of items that have landed."""
        self._conn.executemany("DELETE FROM item_failures WHERE key = ?",
                               [(key,) for key in keys])

    def prune_items(self, older_than_days: int) -> None:
        """Forget failures not tried for this long: such items have left their feeds."""
        cutoff = (self._conn.clock() - timedelta(days=older_than_days)).astimezone(UTC)
        self._conn.execute("DELETE FROM item_failures WHERE last_tried < ?",
                           [cutoff.isoformat(timespec="seconds")])
