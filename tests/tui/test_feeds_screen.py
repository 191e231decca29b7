"""The feeds screen (F): each feed's unread count, last success, last error in words and
what to do; choosing a feed filters the edition; refresh failures point there."""

import asyncio
import shutil
from dataclasses import replace
from datetime import timedelta

from textual.widgets import DataTable

from briefing.config import FeedConfig, FetchSettings, Settings, TuiSettings
from briefing.tui.app import BriefingApp
from briefing.tui.screens.feeds import FeedsScreen
from briefing.tui.widgets.brief_view import BriefView
from briefing.tui.widgets.story_list import StoryList
from briefing.tui.widgets.title_bar import TitleBar
from tests.feedserver import closed_port
from tests.hostile import has_controls
from tests.paths import DATA, SEED
from tests.test_refresh import rss
from tests.tui.conftest import open_store

PAGE = "bbc.com.52241221.html"


def failing_since_last_week(settings: Settings, failures: int) -> None:
    """Every feed of `settings` stored as failing `failures` times in a row (HTTP 500)."""
    with open_store(settings) as store:
        store.feeds.sync_config(settings.feeds)
        store.conn.execute("UPDATE feeds SET failures = ?, last_error = 'HTTP 500', "
                           "last_checked = '2026-11-27T09:00:00+00:00'", [failures])
        store.conn.commit()


def two_feeds(tmp_path, feed_server) -> Settings:
    link = feed_server.add_file(f"/p/{PAGE}", DATA / "pages" / PAGE)
    world = feed_server.add_bytes("/world.xml", rss("World", [{"title": "Story", "link": link}]))
    dead = f"http://127.0.0.1:{closed_port()}/feed.xml"
    return Settings(seeds=None, database=tmp_path / "b.db", keep_days=0,
                    feeds=(FeedConfig(dead, "Dead Feed"), FeedConfig(world, "World")),
                    fetch=FetchSettings(connect_timeout=2, read_timeout=2, workers=1,
                                        retries=0),
                    tui=TuiSettings(read_after=3600))


async def refresh_and_wait(pilot, app) -> None:
    """Press r and let the refresh finish and its result be drawn."""
    await pilot.press("r")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def refresh_then_feeds_screen(pilot, app) -> None:
    """A refresh run to its end, then the feeds screen (F) open."""
    await refresh_and_wait(pilot, app)
    await pilot.press("F")
    await pilot.pause()

async def test_feeds_screen_explains_a_failure_and_filters_by_feed(tmp_path, feed_server):
    settings = two_feeds(tmp_path, feed_server)
    app = BriefingApp(settings, lambda: open_store(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await refresh_and_wait(pilot, app)
        status = str(app.screen.query_one("#status").render())
        assert "1 feed failed: press F" in status
        assert not [n for n in app._notifications if n.severity != "information"]
        await pilot.press("F")
        await pilot.pause()
        assert isinstance(app.screen, FeedsScreen)
        assert "2 feeds · 1 failing" in app.screen.query_one(TitleBar)._line.plain
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2
        detail = str(app.screen.query_one("#feed-detail").render())
        assert "could not be reached" in detail and "What to do" in detail
        dead, world = (table.get_row_at(n) for n in range(2))
        assert str(dead[0]) == "Dead Feed" and str(dead[2]) == "never"
        assert "failed once" in str(dead[3])
        assert str(world[1]) == "1" and str(world[3]) == "ok"
        await pilot.press("j", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, FeedsScreen)
        assert "feed World" in app.sub_title
        assert len(app.screen.query_one(StoryList).source) == 1
        await pilot.press("F")
        await pilot.pause()
        await pilot.press("escape")
        assert not isinstance(app.screen, FeedsScreen)


async def test_while_feeds_are_fetched_the_empty_list_says_so(tmp_path, feed_server):
    settings = two_feeds(tmp_path, feed_server)
    app = BriefingApp(settings, lambda: open_store(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        from briefing.tui.widgets.brief_view import BriefView

        assert "Press r to fetch your 2 feeds" in app.screen.query_one(BriefView).text
        app.screen.set_fetching(2)
        await pilot.pause()
        text = app.screen.query_one(BriefView).text
        assert "Fetching 2 feeds" in text and "feeds add" not in text


async def test_a_refresh_from_the_feeds_screen_updates_it(tmp_path, feed_server):
    settings = two_feeds(tmp_path, feed_server)
    app = BriefingApp(settings, lambda: open_store(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("F")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert {str(table.get_row_at(n)[3]) for n in range(2)} == {"not fetched yet"}
        await refresh_and_wait(pilot, app)
        assert isinstance(app.screen, FeedsScreen)
        assert [str(table.get_row_at(n)[3]) for n in range(2)] == ["failed once", "ok"]
        assert any("1 feed failed" in n.message for n in app._notifications)


async def test_at_80_columns_a_long_feed_name_gives_way_to_the_state(tmp_path):
    """The state ("failed 4 times in a row") is what the screen is for: a long feed name
    is cut instead, and a wider screen shows more of the name again."""
    name = "The Regional Newspaper World and Politics Desk Feed"
    settings = Settings(seeds=None, database=tmp_path / "b.db", keep_days=0,
                        feeds=(FeedConfig("https://example.org/feed.xml", name),),
                        tui=TuiSettings(read_after=3600))
    failing_since_last_week(settings, 4)
    app = BriefingApp(settings, lambda: open_store(settings))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("F")
        await pilot.pause()
        screen = app.export_screenshot().replace("&#160;", " ")
        assert "failed 4 times in a row" in screen
        assert name not in screen and name[:16] in screen
        await pilot.resize_terminal(200, 50)
        await pilot.pause()
        assert name in app.export_screenshot().replace("&#160;", " ")


def thirty_feeds(tmp_path) -> BriefingApp:
    """A reader over a database that lists 30 feeds, none fetched: more than a screen."""
    feeds = tuple(FeedConfig(f"https://example.org/{n}.xml", f"Feed {n}") for n in range(30))
    settings = Settings(seeds=None, database=tmp_path / "b.db", keep_days=0, feeds=feeds,
                        tui=TuiSettings(read_after=3600))
    with open_store(settings) as store:
        store.feeds.sync_config(settings.feeds)
    return BriefingApp(settings, lambda: open_store(settings))


async def test_g_G_home_end_move_the_selection_and_enter_opens_it(tmp_path):
    """The story list's keys: g / home the first feed, G / end the last; enter then
    shows the feed selected, not the one selected before."""
    app = thirty_feeds(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("F")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.cursor_row == 0
        for key, row in (("G", 29), ("g", 0), ("end", 29), ("home", 0), ("j", 1), ("G", 29)):
            await pilot.press(key)
            await pilot.pause()
            assert table.cursor_row == row, key
        assert "29.xml" in str(app.screen.query_one("#feed-detail").render())
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, FeedsScreen)
        assert "feed Feed 29" in app.sub_title


async def test_page_keys_move_the_selection_and_follow_the_keymap(tmp_path):
    """The table's own keys are ours, with ids: pgdn / pgup move the selection a screen
    (and [keymap] moves them), and the sideways keys the table had, which scrolled a
    table laid out to fit, are gone (the help listed none of them)."""
    from briefing.tui.keymap import check_tui_settings

    app = thirty_feeds(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("F")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        await pilot.press("pagedown")
        down = table.cursor_row
        assert down > 5
        assert f"{down}.xml" in str(app.screen.query_one("#feed-detail").render())
        await pilot.press("pageup")
        assert table.cursor_row == 0
        assert not {"left", "right", "ctrl+home", "ctrl+end", "ctrl+pageup",
                    "ctrl+pagedown"} & set(app.screen.active_bindings)
        await pilot.press("question_mark")
        listed = {i: k for k, _, i in app.screen.rows}
        assert listed["choose-feed"] == "⏎" and listed["feeds-page-down"] == "pgdn"
    settings = replace(app.settings, keymap={"feeds-page-down": "x"})
    check_tui_settings(settings)  # a binding id the config may name
    app = BriefingApp(settings, lambda: open_store(settings))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("F", "pagedown")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.cursor_row == 0
        await pilot.press("x")
        assert table.cursor_row == down


async def test_at_60_columns_what_to_do_stays_readable(tmp_path):
    """The status line wraps with the action first; the state loses "in a row" only."""
    feeds = tuple(FeedConfig(f"http://127.0.0.1:{closed_port()}/{n}.xml", f"Dead feed {n}")
                  for n in range(7))
    settings = Settings(seeds=None, database=tmp_path / "b.db", keep_days=0, feeds=feeds,
                        fetch=FetchSettings(connect_timeout=2, read_timeout=2, workers=2,
                                            retries=0),
                        tui=TuiSettings(read_after=3600))
    failing_since_last_week(settings, 6)
    app = BriefingApp(settings, lambda: open_store(settings))
    async with app.run_test(size=(60, 24)) as pilot:
        await refresh_and_wait(pilot, app)
        screen = app.export_screenshot().replace("&#160;", " ")
        assert "7 feeds failed: press F to see why" in screen
        assert "updated" in screen  # the rest of the line, wrapped, not cut
        await pilot.press("F")
        await pilot.pause()
        screen = app.export_screenshot().replace("&#160;", " ")
        assert "failed 7 times" in screen and "failed 7 times in" not in screen
        assert "Dead feed 0" in screen
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert "failed 7 times in a row" in app.export_screenshot().replace("&#160;", " ")


async def test_a_feed_failing_as_before_is_still_failing_as_the_cli_says(tmp_path,
                                                                          feed_server):
    settings = two_feeds(tmp_path, feed_server)
    app = BriefingApp(settings, lambda: open_store(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        for said in ("1 feed failed: press F", "1 feed still failing: press F"):
            await refresh_and_wait(pilot, app)
            assert said in str(app.screen.query_one("#status").render())


async def test_seed_files_that_cannot_be_read_are_listed_with_their_error(tmp_path):
    """A seeds folder holding a PDF under a markup-laden name and a binary file: after a
    refresh, F lists both after the feeds with the file's name, its path and the error,
    as plain text; enter on one does nothing; once fixed, a refresh takes it off."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / SEED.name)
    hostile = "[bold red]evil[@click=app.quit]x[-] \x1b[31m.txt"
    (seeds / hostile).write_bytes(b"%PDF-1.4\n1 0 obj\n")
    (seeds / "blank.md").write_bytes(b"\x00\x00\xff\xfe")
    settings = Settings(seeds=seeds, database=tmp_path / "b.db", keep_days=0, feeds=(),
                        tui=TuiSettings(read_after=3600))
    app = BriefingApp(settings, lambda: open_store(settings))
    async with app.run_test(size=(80, 24)) as pilot:
        await refresh_then_feeds_screen(pilot, app)
        assert isinstance(app.screen, FeedsScreen)
        assert "2 seeds unreadable" in app.screen.query_one(TitleBar)._line.plain
        table = app.screen.query_one(DataTable)
        names = [table.get_row_at(n)[0] for n in range(table.row_count)]
        assert names[0].plain.startswith("[bold red]evil[@click=app.quit]x[-] ")
        assert names[1].plain == "blank.md"
        assert all(str(table.get_row_at(n)[3]) == "cannot be read" for n in range(2))
        detail = app.screen.query_one("#feed-detail").render()
        assert f"Seed file: {seeds}/[bold red]evil" in detail.plain
        assert "a PDF, not text" in detail.plain and "What to do" in detail.plain
        assert not has_controls(detail.plain.replace("\n", ""))
        await pilot.press("j")
        assert "binary file" in app.screen.query_one("#feed-detail").render().plain
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FeedsScreen)  # a file has no stories to show
        (seeds / "blank.md").write_text("Ferry service resumes on Monday.\n", encoding="utf-8")
        await refresh_and_wait(pilot, app)
        assert table.row_count == 1
        assert "1 seed unreadable" in app.screen.query_one(TitleBar)._line.plain


async def test_a_missing_seeds_folder_is_listed_as_the_folder(tmp_path):
    settings = Settings(seeds=tmp_path / "missing-folder", database=tmp_path / "b.db",
                        keep_days=0, feeds=(), tui=TuiSettings(read_after=3600))
    app = BriefingApp(settings, lambda: open_store(settings))
    async with app.run_test(size=(80, 24)) as pilot:
        await refresh_then_feeds_screen(pilot, app)
        table = app.screen.query_one(DataTable)
        assert str(table.get_row_at(0)[0]) == "missing-folder"
        assert str(table.get_row_at(0)[3]) == "folder missing"  # not a seed that cannot be read
        detail = app.screen.query_one("#feed-detail").render().plain
        assert f"Seeds folder: {tmp_path / 'missing-folder'}" in detail
        assert "seeds folder not found" in detail and "Make the folder" in detail


async def test_a_feed_capped_by_max_items_says_so_not_keep_days(tmp_path, feed_server):
    """The detail names the real cause of items not stored: the newest `max_items` only
    are taken, though keep_days is set too."""
    link = feed_server.add_file(f"/p/{PAGE}", DATA / "pages" / PAGE)
    items = [{"title": f"Story {n}", "link": f"{link}?n={n}", "guid": f"s{n}",
              "pubDate": f"Fri, 27 Nov 2026 0{n}:00:00 GMT"} for n in range(8)]
    world = feed_server.add_bytes("/world.xml", rss("World", items))
    settings = Settings(seeds=None, database=tmp_path / "b.db", keep_days=30,
                        feeds=(FeedConfig(world, "World"),),
                        fetch=FetchSettings(workers=1, retries=0, max_items=3),
                        tui=TuiSettings(read_after=3600))
    app = BriefingApp(settings, lambda: open_store(settings))
    async with app.run_test(size=(80, 24)) as pilot:
        await refresh_then_feeds_screen(pilot, app)
        detail = str(app.screen.query_one("#feed-detail").render()).replace("\n", " ")
        assert "8 items in the feed at its last success, 3 stored" in detail, detail
        assert ("5 items not stored: beyond the newest 3 ([fetch] max_items); `briefing feeds "
                "check` says which.") in detail
        assert "keep_days" not in detail
        screen = app.export_screenshot().replace("&#160;", " ")
        assert "max_items" in screen


async def test_a_feed_read_but_broken_is_a_problem_as_feeds_check_says(tmp_path, feed_server):
    """A feed whose XML breaks off is read up to the fault: the fetch worked, but its later
    items are lost. The feeds screen and `feeds list` said "ok" (the note only in the
    detail) while `feeds check` said PROBLEM; now all three say it."""
    from click.testing import CliRunner

    from briefing.cli import main

    link = feed_server.add_file(f"/p/{PAGE}", DATA / "pages" / PAGE)
    whole = rss("Broken", [{"title": f"Story {n}", "link": f"{link}?{n}"} for n in range(3)])
    cut = whole.index(b"<item>", whole.index(b"<item>") + 1)  # a stray & in the second item
    broken = feed_server.add_bytes("/broken.xml", whole[:cut] + b"<item><title>Tom & Jerry")
    settings = Settings(seeds=None, database=tmp_path / "b.db", keep_days=0,
                        feeds=(FeedConfig(broken, "Broken"),),
                        fetch=FetchSettings(workers=1, retries=0))
    app = BriefingApp(settings, lambda: open_store(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await refresh_then_feeds_screen(pilot, app)
        assert "1 feed · 1 with a problem" in app.screen.query_one(TitleBar)._line.plain
        assert str(app.screen.query_one(DataTable).get_row_at(0)[3]) == "problem"
        detail = str(app.screen.query_one("#feed-detail").render())
        assert "Note: ill-formed: broken XML" in detail
        assert "items past the fault are not read" in detail
        assert "Enter shows this feed's stories." in detail  # it has some

    config = tmp_path / "config.toml"
    config.write_text(f'database = "{settings.database}"\n[[feeds]]\nurl = "{broken}"\n',
                      encoding="utf-8")
    listed = CliRunner(env={"BRIEFING_CONFIG": str(config)}).invoke(main, ["feeds", "list"])
    assert "      PROBLEM, HTTP 200, 2 items, 1 stored" in listed.output, listed.output
    assert "note: ill-formed: broken XML" in listed.output


async def test_a_feed_ill_formed_without_loss_is_ok_with_a_note(tmp_path, feed_server):
    """A stray control byte in one title: the XML is ill-formed, yet every item is read.
    The feeds screen, `feeds list` and `feeds check` say ok with a note, not that items
    past the fault are not read."""
    from click.testing import CliRunner

    from briefing.cli import main

    link = feed_server.add_file(f"/p/{PAGE}", DATA / "pages" / PAGE)
    whole = rss("Stray", [{"title": f"Story {n}", "link": f"{link}?{n}"} for n in range(3)])
    stray = feed_server.add_bytes("/stray.xml", whole.replace(b"Story 1", b"Story \x011"))
    settings = Settings(seeds=None, database=tmp_path / "b.db", keep_days=0,
                        feeds=(FeedConfig(stray, "Stray"),),
                        fetch=FetchSettings(workers=1, retries=0))
    app = BriefingApp(settings, lambda: open_store(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await refresh_then_feeds_screen(pilot, app)
        assert "with a problem" not in app.screen.query_one(TitleBar)._line.plain
        assert str(app.screen.query_one(DataTable).get_row_at(0)[3]) == "ok"
        detail = str(app.screen.query_one("#feed-detail").render()).replace("\n", " ")
        assert "Note: ill-formed, every item read: broken XML" in detail, detail
        assert "3 items in the feed at its last success, 3 stored" in detail, detail
        assert "past the fault" not in detail

    config = tmp_path / "config.toml"
    config.write_text(f'database = "{settings.database}"\n[[feeds]]\nurl = "{stray}"\n',
                      encoding="utf-8")
    runner = CliRunner(env={"BRIEFING_CONFIG": str(config)})
    listed = runner.invoke(main, ["feeds", "list"]).output
    assert "      ok, HTTP 200, 3 items, 3 stored" in listed, listed
    assert "note: ill-formed, every item read: broken XML" in listed
    # In a thread: `feeds check` runs its own event loop, and this test's is running.
    done = await asyncio.to_thread(runner.invoke, main, ["feeds", "check", stray])
    checked = done.output
    assert done.exit_code == 0, (done.exception, checked)
    assert checked.startswith(f"ok      {stray}: 3 items\n"), checked
    assert "        ill-formed, every item read: broken XML" in checked


async def test_opening_the_reader_says_feeds_are_failing_or_the_news_is_old(tmp_path):
    """A user who leaves refreshing to cron learns on opening what only `r` or F showed:
    feeds that keep failing, and a last refresh long ago. All well: nothing is said."""
    settings = Settings(seeds=None, database=tmp_path / "b.db", keep_days=0,
                        feeds=(FeedConfig("http://127.0.0.1:9/a.xml", "A"),
                               FeedConfig("http://127.0.0.1:9/b.xml", "B")))

    def stored_as(failures: int, checked: str) -> None:
        with open_store(settings) as store:
            store.feeds.sync_config(settings.feeds)
            store.conn.execute("UPDATE feeds SET failures = 0, last_error = NULL, "
                               "last_checked = ?", [checked])
            store.conn.execute("UPDATE feeds SET failures = ?, last_error = 'HTTP 404' "
                               "WHERE url LIKE '%a.xml'", [failures])
            store.conn.commit()

    for failures, checked, said in (
            (25, "2026-11-27T06:00:00+00:00", "1 feed failing: press F to see why"),
            (0, "2026-09-28T06:00:00+00:00", "last refresh on 2026-09-28: press r to refresh"),
            (2, "2026-11-24T06:00:00+00:00",
             "1 feed failing: press F to see why · last refresh 3d ago: press r to refresh"),
            (0, "2026-11-26T06:00:00+00:00", None)):
        stored_as(failures, checked)
        app = BriefingApp(settings, lambda: open_store(settings))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            status = app.screen.query_one("#status")
            assert (str(status.render()) if status.display else None) == said

    # A feed read but broken counts too; keys are those [keymap] gives; a feed taken out of
    # the config is not counted.
    stored_as(3, "2026-11-27T06:00:00+00:00")
    with open_store(settings) as store:
        store.conn.execute("UPDATE feeds SET failures = 0, last_error = 'ill-formed: broken "
                           "XML' WHERE url LIKE '%b.xml'")
        store.conn.commit()
    remapped = replace(settings, keymap={"feeds": "f2", "refresh": "f5"})
    app = BriefingApp(remapped, lambda: open_store(remapped))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert str(app.screen.query_one("#status").render()) == (
            "1 feed failing and 1 feed with a problem: press f2 to see why")
    left = replace(settings, feeds=settings.feeds[1:])
    app = BriefingApp(left, lambda: open_store(left))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert str(app.screen.query_one("#status").render()) == (
            "1 feed with a problem: press F to see why")


async def test_an_empty_list_after_a_long_absence_does_not_blame_the_failed_feeds(
        tmp_path, feed_server):
    """Back after two months, every story was older than keep_days: the list said only that
    a feed could not be read, as if that were why nothing was there."""
    from email.utils import format_datetime

    from tests.tui.conftest import NOW

    old = rss("Old News", [{"title": "Story", "link": feed_server.url("/p/old.html"),
                            "pubDate": format_datetime(NOW - timedelta(days=60))}])
    read = feed_server.add_bytes("/old.xml", old)
    dead = f"http://127.0.0.1:{closed_port()}/feed.xml"
    settings = Settings(seeds=None, database=tmp_path / "b.db", keep_days=30,
                        feeds=(FeedConfig(dead, "Dead Feed"), FeedConfig(read, "Old News")),
                        fetch=FetchSettings(connect_timeout=2, read_timeout=2, workers=1,
                                            retries=0, full_text=False))
    app = BriefingApp(settings, lambda: open_store(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await refresh_and_wait(pilot, app)
        shown = " ".join(app.screen.query_one(BriefView).text.split())
        assert ("1 feed could not be read. Press F to see why and what to do, then r to try "
                "again. The other 1 was read, with no recent story to show.") in shown


async def test_the_empty_list_names_the_keys_the_keymap_gives(tmp_path, feed_server):
    """[keymap] moved refresh to f5 and feeds to f2: the hints said r and F, which then did
    nothing."""
    settings = replace(two_feeds(tmp_path, feed_server),
                       keymap={"refresh": "f5", "feeds": "f2"})
    app = BriefingApp(settings, lambda: open_store(settings))
    async with app.run_test(size=(120, 40)):
        assert "Press f5 to fetch your 2 feeds; f2 shows how each one fared." in (
            app.screen.query_one(BriefView).text)
