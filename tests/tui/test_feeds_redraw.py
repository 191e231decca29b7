"""The feeds screen (F) re-drawn while it is open (a resize, another process storing):
the table always fits the screen, and a user reading lower rows stays where they are.
Another connection writes the real SQLite file, as a refresh in another terminal does."""

from __future__ import annotations

import sqlite3

from textual import events
from textual.widgets import DataTable

from briefing.config import FeedConfig, Settings, TuiSettings
from tests.tui.conftest import make_app, open_store, until

LONG = "The Regional Newspaper World and Politics Desk Feed {n}"


def many_feeds(tmp_path, count: int = 30, name: str = "Feed {n}") -> Settings:
    feeds = tuple(FeedConfig(f"https://example.org/{n}.xml", name.format(n=n))
                  for n in range(count))
    settings = Settings(seeds=None, database=tmp_path / "b.db", keep_days=0, feeds=feeds,
                        tui=TuiSettings(read_after=3600))
    with open_store(settings) as store:
        store.feeds.sync_config(settings.feeds)
        store.conn.execute("UPDATE feeds SET last_checked = '2026-11-27T09:00:00+00:00', "
                           "last_success = '2026-11-27T09:00:00+00:00'")
        store.conn.commit()
    return settings


def write_elsewhere(settings: Settings, sql: str, *params) -> None:
    """What a refresh in another process does: a write on a connection of its own."""
    conn = sqlite3.connect(settings.database)
    try:
        conn.execute(sql, params)
        conn.commit()
    finally:
        conn.close()


def fits(table: DataTable) -> bool:
    return table.max_scroll_x == 0 and table.virtual_size.width <= table.size.width


def states(table: DataTable) -> list[str]:
    return [str(table.get_row_at(n)[3]) for n in range(table.row_count)]


async def test_the_table_fits_the_screen_after_it_narrows(tmp_path):
    """Opened at 200 columns, the long names are whole; made 80 then 60 columns wide,
    the table is laid out again to fit (a column never shrinks by itself), so nothing
    runs off the right edge with no key to scroll to it."""
    settings = many_feeds(tmp_path, 5, LONG)
    write_elsewhere(settings, "UPDATE feeds SET failures = 2, last_error = 'HTTP 500' "
                    "WHERE id = 2")
    app = make_app(settings)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.press("F")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert fits(table)
        assert LONG.format(n=0) in str(table.get_row_at(0)[0])
        for width in (80, 60):
            await pilot.resize_terminal(width, 24)
            await pilot.pause()
            assert fits(table), (width, table.virtual_size.width, table.size.width)
            assert states(table)[1].startswith("failed 2 times")


async def test_a_state_widened_by_another_process_still_fits(tmp_path, monkeypatch):
    """A feed turns "failed 2 times in a row" while the screen is open (another process's
    refresh): the state column widens, and the names give way so the table still fits."""
    from briefing.tui import app as app_module

    monkeypatch.setattr(app_module, "WATCH_SECONDS", 0.2)
    settings = many_feeds(tmp_path, 5, LONG)
    app = make_app(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("F")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert fits(table) and states(table)[0] == "ok"
        write_elsewhere(settings, "UPDATE feeds SET failures = 2, last_error = 'HTTP 500'")
        assert await until(pilot, lambda: states(table)[0] == "failed 2 times in a row")
        await pilot.pause()
        assert fits(table), (table.virtual_size.width, table.size.width)


async def test_a_redraw_keeps_the_scroll_and_the_selection(tmp_path, monkeypatch):
    """A user reading lower rows (mouse wheel, or keys) is not thrown back to the top as
    another process stores: a write that changes no row leaves the table alone, and one
    that changes a row keeps the scroll and the selected feed."""
    from briefing.tui import app as app_module

    monkeypatch.setattr(app_module, "WATCH_SECONDS", 0.2)
    settings = many_feeds(tmp_path)
    app = make_app(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("F")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        for _ in range(4):
            table.post_message(events.MouseScrollDown(
                table, 5, 3, 0, 0, 0, False, False, False, screen_x=5, screen_y=3))
        await pilot.pause()
        scrolled = table.scroll_y
        assert scrolled > 0 and table.cursor_row == 0
        write_elsewhere(settings, "UPDATE feeds SET item_count = 7 WHERE id = 5")
        await pilot.pause(1.0)  # five polls
        assert (table.scroll_y, table.cursor_row) == (scrolled, 0)
        await pilot.press("G", "k", "k", "k")
        await pilot.pause()
        scrolled, selected = table.scroll_y, table.cursor_row
        assert scrolled > 0 and selected == 26
        write_elsewhere(settings, "UPDATE feeds SET failures = 1, last_error = 'HTTP 500' "
                        "WHERE id = 29")
        assert await until(pilot, lambda: states(table)[28] == "failed once")
        await pilot.pause(0.5)
        assert (table.scroll_y, table.cursor_row) == (scrolled, selected)
        assert "26.xml" in str(app.screen.query_one("#feed-detail").render())


async def test_a_row_added_above_keeps_the_selected_row_in_view(tmp_path, monkeypatch):
    """A seed file's failure, the last row, selected at the bottom edge; then a feed
    added by another process, a row above it: the selection stays on that row, in view."""
    from briefing.tui import app as app_module

    monkeypatch.setattr(app_module, "WATCH_SECONDS", 0.2)
    settings = many_feeds(tmp_path)
    with open_store(settings) as store:
        store.failures.record_seed("seed:bad.txt", None, "a binary file, not text")
    app = make_app(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("F")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        await pilot.press("G")
        await pilot.pause()
        assert table.cursor_row == 30
        write_elsewhere(settings, "INSERT INTO feeds (url, title) VALUES (?, ?)",
                        "https://example.org/added.xml", "Added feed")
        assert await until(pilot, lambda: table.row_count == 32)
        await pilot.pause(0.3)
        row = table.cursor_row
        assert row == 31 and "bad.txt" in str(app.screen.query_one("#feed-detail").render())
        body = table.size.height - table.header_height
        assert table.scroll_y <= row < table.scroll_y + body, (row, table.scroll_y)
