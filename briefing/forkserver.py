"""The fork server that worker processes come from, started as early as possible.

Light on purpose (no parser is imported here): `briefing refresh` starts the fork server
before it imports anything else, so that the server's own imports (the parsers, 0.2-0.3 s)
run on the other core meanwhile. The workers themselves are `pagework.Extractor`'s.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from multiprocessing import forkserver, resource_tracker

_helpers_lock = threading.Lock()


def start_helper_processes() -> None:
    """Start multiprocessing's resource tracker and fork server with the real stderr, and
    without the current folder on their import path.

    Inside a running Textual app sys.stderr is a capture object whose fileno() is -1; the
    resource tracker hands that to the process it starts, which fails with "bad value(s)
    in fds_to_keep". Once both helpers run, new workers no longer look at sys.stderr.

    Both helpers run `python -c`, which puts the current folder first on sys.path (the
    fork server ignores the parent's path): a `briefing/` folder there, such as a clone
    of this repository, would be imported instead of the installed package.
    PYTHONSAFEPATH keeps the current folder off their path; the workers inherit it.
    """
    with _helpers_lock:
        saved = sys.stderr, os.environ.get("PYTHONSAFEPATH")
        sys.stderr = sys.__stderr__ or saved[0]
        os.environ["PYTHONSAFEPATH"] = "1"
        try:
            resource_tracker.ensure_running()
            forkserver.ensure_running()
        finally:
            sys.stderr = saved[0]
            if saved[1] is None:
                del os.environ["PYTHONSAFEPATH"]
            else:
                os.environ["PYTHONSAFEPATH"] = saved[1]


def start_fork_server(*, pages: bool = True) -> None:
    """Start the fork server now, so that it imports the parsers while the caller does
    other work (the first pool otherwise waits ~0.2 s for it). Safe to call again."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(preload(pages))
    start_helper_processes()


def preload(pages: bool) -> list[str]:
    """What the fork server imports: first `forkserver_setup` (its BLAS threads and its exit),
    then what its workers need, so that none imports it on its first job: the briefer
    with numpy for its sentence graphs, the clustering features and feedparser (imported
    on first use in the app's own process), and trafilatura only when jobs will carry
    pages (0.3 s that a feeds-only refresh never needs)."""
    workers = ["briefing.forkserver_setup", "briefing.pagework", "briefing.brief",
               "briefing.cluster.features", "numpy", "feedparser"]
    return workers + (["briefing.extract.html"] if pages else [])
