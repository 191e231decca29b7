"""The feeds screen (F) while another process holds the refresh lock: what that process
does (a feed refresh, seeds only, rebrief, a purge) is read from the lock's file, and a
feed is "being fetched" only while feeds are. A real second process holds the lock on
the real SQLite file's lock; the reader must never block on what it finds at that path."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from contextlib import contextmanager
from pathlib import Path

import pytest
from textual.widgets import DataTable

from briefing.config import FeedConfig, Settings, TuiSettings
from briefing.refresh.lock import RefreshLock, RefreshLocked, lock_path
from briefing.refresh_state import running_refresh
from briefing.tui.widgets.title_bar import TitleBar
from tests.tui.conftest import make_app, open_store

HOLD = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from briefing.refresh.lock import RefreshLock
    doing, written = sys.argv[2], sys.argv[3]
    lock = RefreshLock(Path(sys.argv[1]), wait=1, doing=doing or "feeds")
    lock.acquire()
    if written:  # what another version, or another PID namespace, writes
        os.ftruncate(lock._fd, 0)
        os.pwrite(lock._fd, written.encode(), 0)
    print("held", flush=True)
    sys.stdin.read()
""")


@contextmanager
def held(database: Path, doing: str = "", written: str = ""):
    """Another process holding the refresh lock, `doing` what it says (or writing
    `written` in the file in its own stead), until the block ends."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(database), doing, written],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "held"
        yield proc
    finally:
        proc.stdin.close()
        proc.wait(timeout=10)


def one_new_feed(tmp_path) -> Settings:
    settings = Settings(seeds=None, database=tmp_path / "b.db", keep_days=0,
                        feeds=(FeedConfig("https://example.org/feed.xml", "Wire"),),
                        tui=TuiSettings(read_after=3600))
    with open_store(settings) as store:
        store.feeds.sync_config(settings.feeds)
    return settings


async def feeds_screen(settings: Settings) -> tuple[str, str, str]:
    """The title, the feed's state and its detail, as the feeds screen first shows them."""
    app = make_app(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("F")
        await pilot.pause()
        return (app.screen.query_one(TitleBar)._line.plain,
                str(app.screen.query_one(DataTable).get_row_at(0)[3]),
                str(app.screen.query_one("#feed-detail").render()))


@pytest.mark.parametrize(("doing", "said"), [
    ("rebrief", "rebrief running"),
    ("seeds", "seeds being read"),
    ("purge", "a feed being removed"),
])
async def test_a_job_fetching_no_feed_is_named_and_no_feed_waits_for_it(
        tmp_path, doing, said):
    """`briefing rebrief`, `refresh --seeds-only` and `feeds remove --purge` take the
    refresh lock but fetch no feed: the screen names what runs, and a feed not fetched
    yet is not "being fetched" nor told to wait for a refresh that will not fetch it."""
    settings = one_new_feed(tmp_path)
    with held(settings.database, doing):
        title, state, detail = await feeds_screen(settings)
    assert title.endswith(f"1 feed · {said}"), title
    assert "another refresh" not in title
    assert state == "not fetched yet"
    assert "Wait" not in detail and "Press r to refresh" in detail


async def test_a_feed_refresh_elsewhere_is_still_a_refresh_in_either_format(tmp_path):
    """A feed refresh in another process: "another refresh running" and the feed waits
    for it; so with an older version's file (its pid alone), and with a file naming this
    reader's own pid (a process in another PID namespace): the reader knows its own
    refresh by the lock it holds, not by a pid."""
    settings = one_new_feed(tmp_path)
    for written in ("", "12345\n", f"{os.getpid()} feeds\n"):
        with held(settings.database, "feeds", written):
            title, state, detail = await feeds_screen(settings)
        assert title.endswith("1 feed · another refresh running"), (written, title)
        assert state == "not fetched yet" and "Wait: this screen shows" in detail


def test_the_lock_file_says_what_its_holder_does_and_whose_it_is(tmp_path):
    """Within the process that holds it, the lock is known as ours whatever the file's
    pid; the file names the job."""
    database = tmp_path / "b.db"
    with RefreshLock(database, doing="rebrief"):
        running = running_refresh(database)
        assert running is not None
        assert (running.pid, running.doing, running.ours) == (os.getpid(), "rebrief", True)
        assert not running.fetches_feeds
    assert running_refresh(database) is None
    with held(database, "feeds", f"{os.getpid()} feeds\n"):
        running = running_refresh(database)
        assert running is not None and not running.ours and running.fetches_feeds


def test_the_lock_file_says_up_to_which_feed_a_refresh_fetches(tmp_path):
    """Once a refresh has read its feed list it writes the highest id in it: a feed added
    since (a higher id: ids are never given twice) is not fetched by it. Before that, or
    from an older version's file, every feed is taken to be fetched."""
    database = tmp_path / "b.db"
    with RefreshLock(database) as lock:
        running = running_refresh(database)
        assert running is not None and running.last_feed is None and running.fetches(99)
        lock.note_feeds(12)
        running = running_refresh(database)
        assert running is not None and running.last_feed == 12
        assert running.fetches(12) and not running.fetches(13)
    with held(database, "feeds", "12345 feeds\n"):
        running = running_refresh(database)
        assert running is not None and running.last_feed is None and running.fetches(13)
    with RefreshLock(database, doing="rebrief") as lock:
        lock.note_feeds(12)  # not that a rebrief would: it fetches none
        running = running_refresh(database)
        assert running is not None and not running.fetches(1)


def test_a_command_kept_waiting_is_told_which_job_holds_the_lock(tmp_path):
    """`briefing refresh` waiting on a rebrief is told it is a rebrief (and still, in
    the words it always used, that the refresh lock is taken)."""
    database = tmp_path / "b.db"
    with held(database, "rebrief") as holder, pytest.raises(RefreshLocked) as err:
        RefreshLock(database, wait=0.2).acquire()
    assert f"another refresh is running (process {holder.pid}: rebrief, lock" in str(err.value)


def test_a_fifo_at_the_lock_path_does_not_block_the_reader(tmp_path):
    """Asked every few seconds on the reader's UI thread: a FIFO (or anything but a file)
    at the lock's path is no refresh, answered at once, not waited on for a writer."""
    database = tmp_path / "b.db"
    os.mkfifo(lock_path(database))
    asked = subprocess.run(
        [sys.executable, "-c", "import sys; from pathlib import Path; "
         "from briefing.refresh_state import running_refresh; "
         "print(running_refresh(Path(sys.argv[1])))", str(database)],
        capture_output=True, text=True, timeout=20)
    assert asked.stdout.strip() == "None", asked.stderr


async def test_r_while_a_rebrief_holds_the_lock_names_the_rebrief(tmp_path):
    """`r` while `briefing rebrief` holds the lock: the reader says a rebrief is running,
    and, when the wait ends, to press r again; not that another refresh's stories will
    appear, as none will."""
    import contextlib
    import dataclasses

    from textual.worker import WorkerFailed

    settings = one_new_feed(tmp_path)
    settings = dataclasses.replace(settings, fetch=dataclasses.replace(settings.fetch,
                                                                       lock_wait=1.5))
    app = make_app(settings)
    with held(settings.database, "rebrief"):
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("r")
            assert str(app.screen.query_one("#status").render()) == (
                "A rebrief is running: waiting up to 1.5 s for it to finish…")
            with contextlib.suppress(WorkerFailed):  # the worker did fail; the app copes
                await app.workers.wait_for_complete()
            await pilot.pause()
            messages = [n.message for n in app._notifications]
            assert "A rebrief is running; press r again once it has finished." in messages
            assert not any("its stories will appear" in m for m in messages)
