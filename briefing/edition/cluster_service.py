"""A refresh's clusterer in a process of its own.

A first refresh of 200 feeds clusters 5,000 teasers: 0.6 s of CPU on the app's process,
where it held the GIL against the event loop and the writer (that process is what a
refresh waits for). Here the writer sends each batch's features, stores the next batch
while they are clustered on the other core, then collects their stories (all in one
transaction: see `StoryUpdater.send`). It is the same `Clusterer`, fed the same articles
in the same order, so the stories are the same (tests/test_cluster_service.py).

The process loads the stored state from the database itself, with a connection of its
own, when told to (`load`): after the app's process has brought that state up to date.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Sequence
from datetime import datetime
from multiprocessing.connection import Connection
from pathlib import Path

from briefing.cluster import Clusterer, ClusterItem, StateRow
from briefing.forkserver import start_helper_processes

Job = tuple[str, dict[str, float], datetime | None]
"""What the process needs of an article: its id, its features and its date."""


class ClusterServiceError(RuntimeError):
    """The clustering process failed or is gone."""


class ClusterService:
    """The client side: start the process, `load`, `send` batches and `receive` their
    stories in order, `close`."""

    def __init__(self, database: Path) -> None:
        context = multiprocessing.get_context("forkserver")
        start_helper_processes()
        self._conn, theirs = context.Pipe()
        self._process = context.Process(target=_serve, args=(theirs, str(database.resolve())),
                                        name="briefing-clusterer", daemon=True)
        self._process.start()
        theirs.close()

    def load(self) -> None:
        """Have the process replay the stored state (before the batches sent next)."""
        self._send(("load", None))

    def send(self, items: Sequence[tuple[ClusterItem, dict[str, float]]]) -> None:
        """Have the articles clustered, in order, after those sent before; `receive` gets
        the stories, one call per `send` in the same order."""
        self._send(("add", [(item.id, features, item.published) for item, features in items]))

    def receive(self) -> list[str]:
        """The stories of the earliest `send` not received yet (waiting for them)."""
        try:
            kind, value = self._conn.recv()
        except (EOFError, OSError) as err:
            raise ClusterServiceError(f"the clustering process ended ({err or 'no reply'})") \
                from None
        if kind == "error":
            raise ClusterServiceError(f"clustering failed: {value}")
        return value

    def close(self) -> None:
        """End the process (killed if it does not stop within a second: it holds nothing
        but a clusterer and a read-only connection)."""
        with contextlib.suppress(ClusterServiceError):
            self._send(("stop", None))
        self._process.join(1)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        self._conn.close()

    def _send(self, message: tuple[str, object]) -> None:
        try:
            self._conn.send(message)
        except OSError as err:
            raise ClusterServiceError(f"the clustering process ended ({err})") from None


def _serve(conn: Connection, database: str) -> None:
    """The process: one clusterer, fed batches until told to stop."""
    clusterer = Clusterer()
    failure: str | None = None
    while True:
        kind, value = conn.recv()
        if kind == "stop":
            return
        try:
            if kind == "load":
                clusterer = Clusterer.from_rows(_stored_rows(database))
            elif failure is None:
                jobs: list[Job] = value  # type: ignore[assignment]
                stories = [clusterer.add(ClusterItem(article_id, "", "", published), features)
                           for article_id, features, published in jobs]
                conn.send(("result", stories))
                continue
        except Exception as err:  # reported on the next batch; the app raises it there
            failure = f"{type(err).__name__}: {err}"
        if kind == "add":
            conn.send(("error", failure))


def _stored_rows(database: str) -> list[StateRow]:
    from briefing.store import Store

    store = Store.open(Path(database))
    try:
        return [StateRow.from_dict(row) for row in store.cluster_state()]
    finally:
        store.close()
