"""Store: articles, their briefs, feeds and stories in one SQLite file.

One `Connection` and an object for each thing stored, each given that connection:
`store.articles`, `store.feeds`, `store.stories`, `store.clusters`, `store.failures`
and `store.llm`. Their writes nest: a caller's `store.transaction()` holds several.
"""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.clock import Clock, system_clock
from briefing.store.articles import Articles
from briefing.store.clusters import Clusters
from briefing.store.connection import Connection
from briefing.store.failures import Failures
from briefing.store.feeds import Feeds
from briefing.store.llm import LlmAnswers
from briefing.store.stories import Stories

if TYPE_CHECKING:
    from sqlite_utils import Database


class Store:
    """The database: one connection, and an object for each thing it stores. Use one
    Store per thread."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self.stories = Stories(connection)
        self.clusters = Clusters(connection, self.stories)
        self.articles = Articles(connection, self.clusters)
        self.failures = Failures(connection)
        self.feeds = Feeds(connection, self.articles, self.failures)
        self.llm = LlmAnswers(connection)

    @classmethod
    def open(cls, path: Path, *, clock: Clock = system_clock) -> Store:
        """Open (creating if needed) and migrate the database at `path`; `clock` is the
        app's one clock (see `briefing.clock`)."""
        return cls(Connection.open(path, clock=clock))

    @classmethod
    def open_for_reading(cls, path: Path, *, clock: Clock = system_clock) -> Store:
        """The store for work that only reads: read-only when the database cannot be
        written (see `Connection.open_for_reading`)."""
        return cls(Connection.open_for_reading(path, clock=clock))

    @property
    def path(self) -> Path | None:
        return self._connection.path

    @property
    def clock(self) -> Clock:
        """The app's clock: it stamps rows, and the refresh and the reader read it too."""
        return self._connection.clock

    @clock.setter
    def clock(self, clock: Clock) -> None:
        self._connection.clock = clock

    @property
    def read_only(self) -> bool:
        """Opened read-only by `open_for_reading`: writes fail."""
        return self._connection.read_only

    @property
    def conn(self) -> sqlite3.Connection:
        """The sqlite3 connection itself (tests and benches read tables through it)."""
        return self._connection.conn

    @property
    def db(self) -> Database:
        """The connection as a sqlite-utils Database (made on first use)."""
        return self._connection.db

    def close(self) -> None:
        self._connection.close()

    def never_refreshed(self) -> bool:
        """Nothing was ever fetched or read into it: no article, no feed checked, no seed
        failure (a database made by `feeds add` alone, say)."""
        return self.conn.execute(
            "SELECT NOT EXISTS (SELECT 1 FROM articles) "
            "AND NOT EXISTS (SELECT 1 FROM feeds WHERE last_checked IS NOT NULL) "
            "AND NOT EXISTS (SELECT 1 FROM seed_failures)").fetchone()[0] == 1

    def held_elsewhere(self) -> bool:
        """True when another connection holds the write lock right now."""
        return self._connection.held_elsewhere()

    def wait_for_writers(self, seconds: float) -> None:
        """How long a write waits for another writer before it fails."""
        self._connection.wait_for_writers(seconds)

    def data_version(self) -> int:
        """A number that changes when another connection (a cron refresh) commits."""
        return self._connection.data_version()

    def transaction(self) -> AbstractContextManager[None]:
        """One write transaction; nested calls become savepoints."""
        return self._connection.transaction()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
