"""One call on a thread of its own, its outcome in a future: for start-up work that waits
(on another process, on a file) while the caller goes on."""

from __future__ import annotations

import concurrent.futures
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def in_background(fn: Callable[[], T], name: str) -> concurrent.futures.Future[T]:
    """Start `fn()` on a daemon thread; its result, or its exception, lands in the future."""
    future: concurrent.futures.Future[T] = concurrent.futures.Future()

    def run() -> None:
        try:
            future.set_result(fn())
        except BaseException as err:  # the future's reader decides what a failure means
            future.set_exception(err)

    threading.Thread(target=run, name=name, daemon=True).start()
    return future
