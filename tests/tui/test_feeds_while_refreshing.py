"""The feeds screen (F) and `briefing feeds list` while a refresh runs: a feed's first
fetch is recorded when it ends, after the articles it stores as it goes, so a feed being
fetched, or one whose fetch was stopped, has stored articles and no fetch on record. Real
processes on one SQLite file, pages from 127.0.0.1."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from click.testing import CliRunner
from textual.widgets import DataTable

from briefing.cli import main
from briefing.config import load_settings
from briefing.refresh import refresh_all
from briefing.tui.screens.feeds import FeedsScreen
from briefing.tui.widgets.title_bar import TitleBar
from tests.test_refresh import PAGES, rss, serve_pages
from tests.tui.conftest import make_app, open_store, until

SLOW = 8.0
"""Seconds the last page takes: the refresh is under way that long after the others."""


def slow_feed_config(tmp_path: Path, feed_server) -> Path:
    """A config with one feed of five real pages, the last of which is slow to come."""
    fast = serve_pages(feed_server, PAGES[:-1])
    slow = serve_pages(feed_server, PAGES[-1:], prefix="/slow/", delay=SLOW)
    feed = feed_server.add_bytes("/wire.xml", rss("Wire", [
        {"title": f"Story {n}", "link": url, "guid": f"story-{n}"}
        for n, url in enumerate(fast + slow)]))
    (tmp_path / "seeds").mkdir()
    config = tmp_path / "config.toml"
    config.write_text("\n".join([
        'database = "briefing.db"', 'seeds = "seeds"', "keep_days = 0",
        "[fetch]", "workers = 1", "per_host = 2", "read_timeout = 30.0",
        "total_timeout = 60.0", "lock_wait = 0.2",
        "[tui]", "read_after = 3600.0",
        "[[feeds]]", f'url = "{feed}"', 'name = "Slow wire"']) + "\n")
    return config


@contextmanager
def refresh_in_background(config: Path, tmp_path: Path) -> Iterator[subprocess.Popen]:
    """`briefing refresh --quiet` in a process of its own, its output in
    tmp_path/refresh.out (a file, not a pipe its worker processes could hold open); killed
    with its workers if the test fails midway."""
    with (tmp_path / "refresh.out").open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "briefing", "--config", str(config),
                                 "refresh", "--quiet"], stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def stored_unchecked(settings) -> int:
    """The feed's stored articles while no fetch of it is recorded (0 once one is)."""
    if not settings.database.exists():
        return 0
    with open_store(settings) as store:
        feeds = store.feeds.all()
        return feeds[0].stored if feeds and feeds[0].last_checked is None else 0


def feeds_list(config: Path) -> str:
    """What `briefing feeds list` prints."""
    result = CliRunner().invoke(main, ["--config", str(config), "feeds", "list"])
    assert result.exit_code == 0, result.output
    return result.output


def row(app) -> list[str]:
    return [str(cell) for cell in app.screen.query_one(DataTable).get_row_at(0)]


def detail(app) -> str:
    return str(app.screen.query_one("#feed-detail").render())


async def test_a_feed_fetched_by_another_refresh_says_so_and_not_never(
        tmp_path, feed_server, monkeypatch):
    """`briefing refresh` in another terminal has stored four of the feed's articles and
    waits for the fifth page: the feeds screen said "never · not fetched yet" beside 4
    unread. It counts what is stored and names the refresh under way; when that refresh
    ends, the screen shows what it found by itself."""
    from briefing.tui import app as app_module

    monkeypatch.setattr(app_module, "WATCH_SECONDS", 0.2)
    config = slow_feed_config(tmp_path, feed_server)
    settings = load_settings(config)
    said = tmp_path / "refresh.out"
    with refresh_in_background(config, tmp_path) as proc:
        app = make_app(settings)
        async with app.run_test(size=(80, 24)) as pilot:
            assert await until(pilot, lambda: stored_unchecked(settings) == len(PAGES) - 1,
                               timeout=30)
            await pilot.press("F")
            await pilot.pause()
            assert isinstance(app.screen, FeedsScreen)
            name, unread, success, state = row(app)
            assert (name, unread, success, state) == ("Slow wire", "4", "—", "being fetched")
            title = app.screen.query_one(TitleBar)._line.plain
            assert title.endswith("1 feed · another refresh running"), title
            assert (f"4 articles stored so far, by another refresh (process {proc.pid}), "
                    "still running") in detail(app)
            assert "never" not in app.export_screenshot()
            listed = feeds_list(config)  # the command line says the same
            assert f"A refresh is running (process {proc.pid})" in listed
            assert "new, being fetched, 0 items, 4 stored" in listed
            assert proc.wait(timeout=60) == 0, said.read_text()
            assert await until(pilot, lambda: row(app)[3] == "ok")  # not reopened
            assert row(app)[1] == "5"
            assert "refresh" not in app.screen.query_one(TitleBar)._line.plain
            assert "stored so far" not in detail(app)


async def test_a_feed_whose_refresh_stopped_midway_says_its_fetch_is_unfinished(
        tmp_path, feed_server):
    """The refresh that stored some of a feed's articles was stopped (Ctrl-C, the reader
    quit) before the feed was done, and none runs now: "fetch unfinished", what is stored,
    and r to refresh, not "never · not fetched yet"."""
    config = slow_feed_config(tmp_path, feed_server)
    settings = load_settings(config)
    stop = threading.Event()

    def four_stored() -> bool:  # asked by the refresh between its steps
        if not stop.is_set() and stored_unchecked(settings) == len(PAGES) - 1:
            stop.set()
        return stop.is_set()

    with open_store(settings) as store:
        refresh_all(store, settings, is_cancelled=four_stored)
    assert stop.is_set() and stored_unchecked(settings) == len(PAGES) - 1
    app = make_app(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("F")
        await pilot.pause()
        assert row(app) == ["Slow wire", "4", "—", "fetch unfinished"]
        assert "refresh" not in app.screen.query_one(TitleBar)._line.plain
        shown = " ".join(detail(app).split())
        assert "4 articles stored so far" in shown and "by another" not in shown
        assert "stopped before it was done with this feed" in shown
        assert "press r to refresh" in shown
    listed = feeds_list(config)
    assert "new, fetch unfinished, 0 items, 4 stored" in listed
    assert "A refresh is running" not in listed


async def test_a_feed_added_after_the_refresh_read_its_feeds_waits_for_the_next(
        tmp_path, feed_server):
    """`briefing feeds add` while `briefing refresh` runs in another terminal: that
    refresh read its feed list before, and will not fetch the new feed. `feeds list` and
    the feeds screen say so, and do not tell the user to wait for it; the feed it does
    fetch is still "being fetched"."""
    config = slow_feed_config(tmp_path, feed_server)
    settings = load_settings(config)
    said = tmp_path / "refresh.out"
    with refresh_in_background(config, tmp_path) as proc:
        app = make_app(settings)
        async with app.run_test(size=(80, 24)) as pilot:
            assert await until(pilot, lambda: stored_unchecked(settings) == len(PAGES) - 1,
                               timeout=30)
            late = feed_server.url("/late.xml")
            added = CliRunner().invoke(main, ["--config", str(config), "feeds", "add", late,
                                              "--no-check"])
            assert added.exit_code == 0, added.output
            listed = feeds_list(config).split("\n   2  ")
            assert "new, being fetched, 0 items, 4 stored" in listed[0]
            assert "added after the running refresh" not in listed[0]
            assert listed[1].splitlines()[2:4] == [
                "      new, not fetched yet, 0 items, 0 stored, last success never",
                "      added after the running refresh read its feeds: the next refresh "
                "fetches it"]
            await pilot.press("F")
            await pilot.pause()
            table = app.screen.query_one(DataTable)
            assert str(table.get_row_at(0)[3]) == "being fetched"
            assert str(table.get_row_at(1)[3]) == "not fetched yet"
            await pilot.press("j")
            shown = " ".join(detail(app).split())
            assert ("Added after the running refresh read its feeds: the next refresh "
                    "fetches it.") in shown
            assert "Wait" not in shown
            assert proc.wait(timeout=60) == 0, said.read_text()
        assert "added after" not in feeds_list(config)  # no refresh runs now
