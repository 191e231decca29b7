"""Every binding of the reader, driven through Pilot on a real temporary database."""

import os
import shutil
import stat
import time
from dataclasses import replace

import pytest
from textual.command import CommandPalette

from briefing.config import TuiSettings
from briefing.tui.screens.feeds import FeedsScreen
from briefing.tui.screens.help import HelpScreen
from briefing.tui.screens.reader import ReaderScreen
from briefing.tui.screens.source_filter import SourceFilterModal
from briefing.tui.widgets.brief_view import BriefView
from briefing.tui.widgets.story_list import StoryList
from tests.paths import SEED
from tests.tui.conftest import STORIES, make_app, make_settings, open_store, until

SIZE = (120, 40)


def stories_of(app) -> StoryList:
    return app.screen.query_one(StoryList)


def headline(app) -> str:
    """The brief as on screen: headline, source line, lede and panels."""
    return app.screen.query_one(BriefView).text


async def test_moving_j_k_arrows_g_G(stories_settings):
    app = make_app(stories_settings)
    async with app.run_test(size=SIZE) as pilot:
        stories = stories_of(app)
        assert stories.cursor == 0 and STORIES[0][0] in headline(app)
        await pilot.press("j")
        assert stories.cursor == 1 and STORIES[1][0] in headline(app)
        await pilot.press("down", "down")
        assert stories.cursor == 3
        await pilot.press("j")  # stays on the last story
        assert stories.cursor == 3
        await pilot.press("k", "up")
        assert stories.cursor == 1
        await pilot.press("G")
        assert stories.cursor == 3
        await pilot.press("g")
        assert stories.cursor == 0


async def test_enter_and_space_open_the_full_text(stories_settings):
    app = make_app(stories_settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.article.title == STORIES[0][0]
        await pilot.press("escape")
        assert not isinstance(app.screen, ReaderScreen)
        await pilot.press("j", "space")
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.article.title == STORIES[1][0]
        await pilot.press("q")  # q goes back from the reader, like newsboat
        assert not isinstance(app.screen, ReaderScreen)


async def test_tab_cycles_list_and_panels(stories_settings):
    app = make_app(stories_settings)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.focused, StoryList)
        view = app.screen.query_one(BriefView)
        seen = []
        for _ in range(4):
            await pilot.press("tab")
            seen.append(view.section_ids[view.selected] if app.focused is view
                        else app.focused.id)
        assert seen == ["why_it_matters", "what_to_know", "whats_next", "stories"]
        await pilot.press("tab", "tab")  # the highlighted panel is drawn in the accent colour
        accent = view.get_component_rich_style("brief-view--border-selected")
        lines = [view.render_line(y) for y in range(view.size.height)]
        highlighted = {seg.text for line in lines for seg in line if seg.style and
                       seg.style.color == accent.color and "╭" in seg.text}
        assert any("What to know" in line.text for line in lines)
        assert highlighted


async def test_tab_after_a_click_on_the_brief_and_j_k_scroll_it(stories_settings):
    app = make_app(stories_settings)
    async with app.run_test(size=(80, 20)) as pilot:  # small: the brief needs scrolling
        view = app.screen.query_one(BriefView)
        await pilot.click(BriefView)
        assert app.focused is view and view.selected is None
        await pilot.press("tab")
        assert view.section_ids[view.selected] == "why_it_matters"
        assert view.max_scroll_y > 0
        view.scroll_home(animate=False)
        await pilot.press("j", "j")
        await pilot.pause()
        assert view.scroll_y == 2
        await pilot.press("k")
        await pilot.pause()
        assert view.scroll_y == 1


async def test_title_bar_names_the_edition_and_any_filter(stories_settings):
    from briefing.tui.widgets.title_bar import TitleBar

    app = make_app(stories_settings)
    async with app.run_test(size=SIZE) as pilot:
        title = app.screen.query_one(TitleBar)
        assert "Today" in str(title.render()) and "stories" in str(title.render())
        await pilot.press("u")
        assert "unread stories" in str(title.render())
        await pilot.press("u")
        assert "unread stories" not in str(title.render())
    app = make_app(stories_settings)
    async with app.run_test(size=(80, 24)) as pilot:  # narrow: the whole line still shows
        await pilot.press("f", "down", "enter")
        title = app.screen.query_one(TitleBar)
        assert str(title.render()).strip().endswith("2 stories · showing source Port Daily")
        # A search spans every day: the title names it, not the edition's date, and
        # keeps the app's name at 80 columns.
        await pilot.press("escape", "slash", *"harbour")
        await pilot.pause(0.3)
        line = str(title.render()).strip()
        assert line.endswith("Briefing — 1 story · showing search “harbour”"), line


async def test_key_bar_follows_focus_and_clicks_run_keys(stories_settings):
    from briefing.tui.widgets.key_bar import KeyBar

    app = make_app(stories_settings)
    async with app.run_test(size=SIZE) as pilot:
        bar = app.screen.query_one(KeyBar)
        shown = str(bar.render())
        assert "Next" in shown and "Help" in shown and "palette" in shown
        await pilot.press("tab")  # into the brief: the list's keys are not shown there
        await pilot.pause()
        assert "Next" not in str(bar.render())
        await pilot.press("escape")
        start = str(bar.render()).index("? Help")
        await pilot.click(KeyBar, offset=(start + 1, 0))
        assert isinstance(app.screen, HelpScreen)


async def test_a_list_longer_than_its_rows_is_read_again(stories_settings):
    """Older unread stories follow the edition, counted when the list was read. When some
    are read elsewhere (a second window, `briefing` on another terminal), the count runs
    past the rows: going to the end must not show an empty brief."""
    from tests.tui.conftest import add_story

    older = ["Ferry crews on the northern islands voted to strike over pay on Monday.",
             "A library opened in the old flour mill with a reading room for children.",
             "Orchard growers reported a record apple harvest despite the dry summer."]
    with open_store(stories_settings) as store:
        ids = [add_story(store, 10 + n, text.split(" on ")[0], "Valley News", text,
                         hours_ago=48 + n) for n, text in enumerate(older)]
    app = make_app(replace(stories_settings, tui=TuiSettings(read_after=3600)))
    async with app.run_test(size=(100, 10)) as pilot:  # only the edition is on screen
        stories = stories_of(app)
        counted = len(stories.source)
        assert counted > len(STORIES)
        with open_store(stories_settings) as store:
            store.stories.set_read(store.stories.story_of(ids[-1]))  # the oldest: the list's last
        await pilot.press("G")
        await pilot.pause()
        assert len(stories.source) == counted - 1
        assert stories.cursor == counted - 2
        assert app.screen.query_one(BriefView).article is not None
        assert "No stories yet" not in headline(app)


async def test_search_as_you_type_and_escape(stories_settings):
    app = make_app(stories_settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        box = app.screen.query_one("#search-box")
        assert app.focused is box and box.region.y == SIZE[1] - 2  # asked at the bottom
        await pilot.press(*"rail")
        await pilot.pause(0.4)
        stories = stories_of(app)
        assert len(stories.source) == 1
        assert stories.current.title == "Rail strike called off after late talks"
        await pilot.press("backspace", "backspace", "backspace", "backspace", *"museu")
        await pilot.pause(0.4)  # a prefix finds "museum" while typing
        assert stories.current.title.startswith("Museum finds")
        await pilot.press("enter")
        assert isinstance(app.focused, StoryList)
        await pilot.press("escape")
        await pilot.pause()
        assert len(stories.source) == len(STORIES)


async def test_open_original_uses_an_argv_never_a_shell(stories_settings, tmp_path, monkeypatch):
    out = tmp_path / "argv.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{out}"\n')
    browser.chmod(browser.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("BROWSER", str(browser))
    app = make_app(stories_settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        deadline = time.monotonic() + 10
        while not out.exists() and time.monotonic() < deadline:
            await pilot.pause(0.05)
        assert out.read_text().splitlines() == ["https://example.org/story/0"]


async def test_open_refuses_non_http_urls(tmp_path, monkeypatch):
    from tests.tui.conftest import add_story

    monkeypatch.setenv("BROWSER", "/bin/false")
    settings = make_settings(tmp_path)
    with open_store(settings) as store:
        add_story(store, 1, "Sneaky", "X", "Text. More text.", url="javascript:alert(1)")
    app = make_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("only http(s)" in m for m in messages)


async def test_star_and_toggle_read(stories_settings):
    # The story must not turn read on its own during the test: only `m` may change it.
    app = make_app(replace(stories_settings, tui=TuiSettings(read_after=3600)))
    async with app.run_test(size=SIZE) as pilot:
        row = stories_of(app).current
        await pilot.press("s")
        await pilot.press("m")
        with open_store(stories_settings) as store:
            article = store.articles.get(row.id)
            assert article.starred and article.read
        assert stories_of(app).current.starred
        await pilot.press("s", "m")
        with open_store(stories_settings) as store:
            article = store.articles.get(row.id)
            assert not article.starred and not article.read


async def test_a_starred_unread_story_shows_the_star_and_the_unread_dot(stories_settings):
    from tests.tui.test_hostile import screen_text

    app = make_app(replace(stories_settings, tui=TuiSettings(read_after=3600)))
    async with app.run_test(size=SIZE) as pilot:
        assert stories_of(app).cursor == 0
        await pilot.press("s")
        await pilot.pause()
        title, meta = screen_text(app)[1:3]
        assert title.startswith("● ") and meta.startswith("★ "), (title, meta)
        await pilot.press("m")  # read: the star stays, the dot goes
        await pilot.pause()
        title, meta = screen_text(app)[1:3]
        assert title.startswith("  ") and meta.startswith("★ "), (title, meta)


async def test_story_becomes_read_after_a_moment_and_unread_only(stories_settings):
    app = make_app(stories_settings)
    async with app.run_test(size=SIZE) as pilot:
        first = stories_of(app).current
        def is_read() -> bool:  # after read_after (0.3 s in tests), saved on a thread
            with open_store(stories_settings) as store:
                return store.articles.get(first.id).read

        assert await until(pilot, is_read)
        await pilot.press("u")
        stories = stories_of(app)
        assert len(stories.source) == len(STORIES) - 1
        assert first.id not in {stories.source.row(i).id for i in range(len(stories.source))}
        await pilot.press("u")
        assert len(stories_of(app).source) == len(STORIES)


async def test_opens_on_the_first_unread_story(stories_settings):
    with open_store(stories_settings) as store:
        for row in store.articles.page(limit=2):
            store.stories.set_read(store.stories.story_of(row.id))
    app = make_app(stories_settings)
    async with app.run_test(size=SIZE):
        assert stories_of(app).cursor == 2


async def test_filter_by_source(stories_settings):
    app = make_app(stories_settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        assert isinstance(app.screen, SourceFilterModal)
        # Sources are listed by story count: Port Daily (2) first, after "All sources".
        await pilot.press("down", "enter")
        stories = stories_of(app)
        assert len(stories.source) == 2
        assert {stories.source.row(i).source for i in range(2)} == {"Port Daily"}
        await pilot.press("f", "home", "enter")  # "All sources" (the menu opens on the current one)
        assert len(stories_of(app).source) == len(STORIES)


async def test_the_source_filter_moves_with_j_and_k_and_the_keymap(stories_settings, tmp_path):
    """As the list, the feeds screen and the help do: j / k move, g / G go to the ends,
    and [keymap] rebinds them by id."""
    app = make_app(stories_settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        menu = app.screen.query_one("#source-menu")
        await pilot.press("j", "j", "k")
        assert menu.highlighted == 1
        await pilot.press("G")
        assert menu.highlighted == menu.option_count - 1
        await pilot.press("g", "j", "enter")  # Port Daily, the first source
        assert {stories_of(app).source.row(i).source for i in range(2)} == {"Port Daily"}
    settings = replace(stories_settings, keymap={"filter-down": "x"})
    app = make_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f", "x", "j")
        assert app.screen.query_one("#source-menu").highlighted == 1


async def test_question_mark_over_the_source_filter_lists_its_keys(stories_settings):
    """? did nothing in the source filter (a dialog takes none of the app's keys): it
    lists the dialog's keys, escape goes back to the dialog, and [keymap] `help` moves it
    there too. Nothing is typed in the dialog, so ? is free."""
    app = make_app(stories_settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f", "j", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert [binding_id for _, _, binding_id in app.screen.rows] == [
            "choose-source", "filter-down", "filter-up", "filter-first", "filter-last",
            "filter-page-down", "filter-page-up", "quit", "cancel-filter", "help"]
        await pilot.press("escape")
        assert isinstance(app.screen, SourceFilterModal)
        assert app.screen.query_one("#source-menu").highlighted == 1  # as it was left
        await pilot.press("enter")
        assert {stories_of(app).source.row(i).source for i in range(2)} == {"Port Daily"}
    app = make_app(replace(stories_settings, keymap={"help": "f1"}))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f", "question_mark")
        assert isinstance(app.screen, SourceFilterModal)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        assert dict((i, k) for k, _, i in app.screen.rows)["help"] == "f1"


@pytest.mark.parametrize("keys", [["f"], ["question_mark"], ["f", "question_mark"]])
async def test_ctrl_c_quits_from_the_dialogs_as_the_help_says(stories_settings, keys):
    """The help says ctrl+c quits from any screen: the source filter and the help itself
    are dialogs, which take none of the app's keys, so they have it too."""
    app = make_app(stories_settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*keys, "ctrl+c")
        await pilot.pause()
    assert app._exit and app.return_code == 0


async def test_refresh_in_a_worker_shows_new_stories(stories_settings, tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    settings = make_settings(tmp_path, seeds=seeds)
    app = make_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        assert len(stories_of(app).source) == len(STORIES)
        shutil.copy(SEED, seeds / SEED.name)
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(stories_of(app).source) == len(STORIES) + 1
        assert "Refreshed: 1 new" in str(app.screen.query_one("#status").render())


async def test_a_seeds_failure_is_named_on_the_status_line_and_stays(tmp_path):
    """A seed file that fails is counted as the feeds are, with where to look (the
    feeds screen lists it), and named with its error when it first fails; refreshed again,
    it is "still failing", not its path and error once more."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "blank.md").write_text("", encoding="utf-8")
    settings = make_settings(tmp_path, seeds=seeds)
    app = make_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app._notifications  # nothing covers the brief
        status = app.screen.query_one("#status")
        line = str(status.render())
        assert status.display and line.startswith("1 seed failed: press F to see why")
        assert "blank.md: " in line
        assert str(tmp_path) not in line and "Press F" not in headline(app)
        await pilot.pause(0.5)
        assert status.display  # it stays until the next refresh
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        line = str(status.render())
        assert line.startswith("1 seed still failing: press F to see why")
        assert "blank.md" not in line


@pytest.mark.parametrize("size", [(80, 24), (160, 30)])
async def test_a_missing_seeds_folder_is_said_as_such_not_counted_as_a_seed(tmp_path, size):
    """The folder is no seed: the line says it is missing and what to do, first (a
    narrow screen wraps the rest), at every refresh while it stays missing."""
    folder = tmp_path / "missing-folder"
    app = make_app(make_settings(tmp_path, seeds=folder))
    async with app.run_test(size=size) as pilot:
        status = app.screen.query_one("#status")
        for _ in range(2):  # failed, then still failing: the same words
            await pilot.press("r")
            await app.workers.wait_for_complete()
            await pilot.pause()
            line = "".join(str(status.render()).splitlines())  # as wrapped at 80
            assert status.display and line.startswith(
                "Seeds folder missing: create the folder "), line
            where = line.index("missing-folder")  # the path's end, kept when it is long
            assert line.index("or set `seeds` in the config") > where
            assert line.index("Refreshed: 0 new, 0 updated") > where
            assert "seed failed" not in line and "seed still failing" not in line
            assert "seeds folder not found" not in line
        await pilot.press("F")
        await pilot.pause()
        assert isinstance(app.screen, FeedsScreen)
        title = app.screen.query_one("TitleBar")._line.plain
        assert title.endswith("0 feeds · seeds folder missing") and "unreadable" not in title


async def test_a_seeds_path_that_is_a_file_is_said_as_such(tmp_path):
    """A file where the seeds folder should be: the user is told it is a file, not asked
    to create what exists."""
    (tmp_path / "notes.txt").write_text("not a folder", encoding="utf-8")
    app = make_app(make_settings(tmp_path, seeds=tmp_path / "notes.txt"))
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        line = "".join(str(app.screen.query_one("#status").render()).splitlines())
        assert line.startswith("Seeds path is a file: point `seeds` in the config at a "
                               "folder, not "), line
        assert "notes.txt" in line and "create the folder" not in line
        await pilot.press("F")
        await pilot.pause()
        table = app.screen.query_one("DataTable")
        assert str(table.get_row_at(0)[3]) == "not a folder"


async def test_theme_toggle_help_palette_and_quit(stories_settings):
    app = make_app(stories_settings)
    async with app.run_test(size=SIZE) as pilot:
        assert app.current_theme.dark
        await pilot.press("t")
        assert not app.current_theme.dark
        await pilot.press("t")
        assert app.current_theme.dark

        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        described = {desc: keys for keys, desc, _ in app.screen.rows}
        assert "j" in described["Next story"]
        assert "r" in described["Fetch all feeds and seeds"]
        ids = {binding_id: keys for keys, _, binding_id in app.screen.rows}
        assert ids["refresh"] == "r" and "j" in ids["next-story"] and ids["feeds"] == "F"
        from tests.tui.test_hostile import screen_text

        shown = "\n".join(screen_text(app))
        assert "binding id" in shown and "next-story" in shown
        await pilot.press("escape")

        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert commands.count("Keys") == 1
        titles = set(commands)
        assert {"Refresh all feeds", "Search stories", "Star story", "Unread only",
                "Filter by source or tag", "Open original", "Toggle light/dark"} <= titles
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        await pilot.press("q")
    assert app.return_code == 0


@pytest.mark.parametrize("where", ["list", "full-text", "search-box", "feeds"])
async def test_ctrl_c_quits_from_every_screen(stories_settings, where):
    """As in newsboat: ctrl+c quits, where Textual only says to press ctrl+q."""
    app = make_app(stories_settings)
    async with app.run_test(size=SIZE) as pilot:
        keys = {"list": [], "full-text": ["enter"], "search-box": ["slash", "x"],
                "feeds": ["F"]}[where]
        await pilot.press(*keys)
        await pilot.pause()
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert not [n for n in app._notifications if "quit" in n.message.lower()]
    assert app.return_code == 0 and app._exit


async def test_help_names_ctrl_c_and_in_the_full_text_q_goes_back(stories_settings):
    app = make_app(stories_settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        def note() -> str:
            return str(list(app.screen.query("#help-box > Static"))[-1].render())

        assert "ctrl+c quits from any screen" in note()
        box = app.screen.query_one("#help-box")
        await pilot.press("G")
        assert box.scroll_y == box.max_scroll_y > 0
        await pilot.press("g")
        assert box.scroll_y == 0
        await pilot.press("escape", "enter")
        await pilot.pause()
        await pilot.press("question_mark")
        ids = {binding_id: keys for keys, _, binding_id in app.screen.rows}
        assert "q" in ids["close-reader"] and "quit" not in ids  # q goes back there
        assert "ctrl+c quits from any screen" in note()


async def test_keymap_rebinds_refresh(stories_settings, tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / SEED.name)
    settings = make_settings(tmp_path, seeds=seeds, keymap={"refresh": "f5"})
    app = make_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert not app.workers._workers
        await pilot.press("f5")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(stories_of(app).source) == len(STORIES) + 1


async def test_states_nothing_announced_and_feed_summary(tmp_path):
    from tests.tui.conftest import add_story

    settings = make_settings(tmp_path)
    with open_store(settings) as store:
        add_story(store, 1, "Museum finds a lost painting", "Arts Weekly", STORIES[3][2],
                  text_origin="feed")
    app = make_app(settings)
    async with app.run_test(size=SIZE):
        meta = headline(app)
        assert "What's next" in meta and "Nothing announced" in meta.split("What's next")[1]
        assert "feed's summary" in meta
        assert isinstance(app.screen.query_one(BriefView).article.text, str)


async def test_empty_state_says_how_to_add_sources(tmp_path):
    settings = make_settings(tmp_path, seeds=tmp_path / "my-seeds")
    app = make_app(settings)
    async with app.run_test(size=SIZE):
        text = headline(app).replace("\n", "")  # a long path wraps mid-word
        assert "No stories yet" in text
        assert "briefing feeds add" in text and "my-seeds" in text
        assert os.fspath(tmp_path) in text


OLD_SEEDS = {
    "budget.txt": "Council approves budget\n\nPublished: 23 May 2005\n\nThe city council "
                  "approved next year's budget on Monday by seven votes to two, after a "
                  "three-hour debate over library hours.\n",
    "quake.txt": "Quake shakes the northern coast\n\nJuly 2, 2013\n\nA magnitude 6.1 "
                 "earthquake struck the northern coast on Tuesday, damaging houses and "
                 "cutting roads to three villages.\n",
}


async def test_an_empty_edition_with_older_stories_read_points_to_them(tmp_path):
    """Seeds dated years ago are no story of today's: once they are read, today's edition
    is empty, yet the earlier days are there. The reader says so and what to press, not
    that there are no stories yet."""
    from briefing.refresh import refresh_all

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name, text in OLD_SEEDS.items():
        (seeds / name).write_text(text, encoding="utf-8")
    settings = make_settings(tmp_path, seeds=seeds, keep_days=30)
    with open_store(settings) as store:
        refresh_all(store, settings)
    app = make_app(settings)
    async with app.run_test(size=SIZE) as pilot:  # the first run: both earlier, unread
        assert "0 stories · 2 earlier unread" in app.sub_title
        def read() -> int:
            with open_store(settings) as store:
                return store.conn.execute("SELECT count(*) FROM articles WHERE read").fetchone()[0]

        assert await until(pilot, lambda: read() == 1)  # the one shown
        await pilot.press("j")
        assert await until(pilot, lambda: read() == 2)
    app = make_app(settings)
    async with app.run_test(size=SIZE) as pilot:  # opened again: all read
        text = headline(app).replace("\n", " ")
        assert "No stories yet" not in text and "fetch your" not in text
        assert "Nothing new today" in text
        assert "Press [ for the latest earlier day (Tuesday 02 July 2013)" in text
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert app.screen.day.year == 2013
        assert "Quake shakes the northern coast" in headline(app)
    # The keys named are the ones that work, with a [keymap] too.
    app = make_app(replace(settings, keymap={"previous-edition": "f3", "refresh": "f5"}))
    async with app.run_test(size=SIZE) as pilot:
        text = headline(app).replace("\n", " ")
        assert "Press f3 for the latest earlier day (Tuesday 02 July 2013), or f5 to" in text
        await pilot.press("f3")
        await pilot.pause()
        assert app.screen.day.year == 2013


async def test_an_empty_day_names_the_keys_that_step_days(tmp_path):
    """`briefing --day` on a day with no stories, or after today: the message names the
    keys that move to a day with stories, as [keymap] sets them."""
    from datetime import date, timedelta

    from briefing.tui.app import BriefingApp
    from tests.tui.conftest import NOW

    settings = replace(make_settings(tmp_path),
                       keymap={"previous-edition": "f3", "next-edition": "f4"})
    with open_store(settings):
        pass  # the database, with no story in it
    for day, said in [(date(2013, 7, 1), "Press f4 for the next day with stories, f3 for "
                                         "the one before."),
                      (NOW.date() + timedelta(days=400), "that is after today. Press f4 "
                                                            "for today's edition or f3")]:
        app = BriefingApp(settings, lambda: open_store(settings), day=day)
        async with app.run_test(size=SIZE):
            assert said in headline(app).replace("\n", " ")


def two_source_story(tmp_path):
    from tests.tui.conftest import add_story

    settings = make_settings(tmp_path, read_after=3600)
    text = ("Harbour cranes returned to the old port of Rotterdam on Tuesday, the port "
            "authority said. The three cranes will handle 200 containers a day. The cranes "
            "were built in 1962 and restored at a cost of 4 million euros. Dock workers said "
            "the old port had been quiet for a decade. Port director Anna de Vries said the "
            "cranes were cheaper than new ones. The city council will vote on a second phase "
            "next month.")
    with open_store(settings) as store:
        add_story(store, 1, "Cranes return to Rotterdam's old port", "Port Daily", text)
        add_story(store, 2, "Rotterdam's old port gets its cranes back", "Harbour News",
                  text.replace("Tuesday", "Tuesday morning"), hours_ago=2)
        add_story(store, 3, STORIES[1][0], STORIES[1][1], STORIES[1][2], hours_ago=30)
    return settings


async def test_n_and_p_step_through_a_storys_sources(tmp_path):
    app = make_app(two_source_story(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        stories = stories_of(app)
        assert stories.current.source_count == 2
        assert "2 sources" in headline(app)
        # Each "What to know" point names its source in a story of several.
        from tests.tui.test_hostile import screen_text

        shown = "\n".join(screen_text(app))
        assert "— Port Daily" in shown or "— Harbour News" in shown
        await pilot.press("n")
        assert "Article 1 of 2" in headline(app)
        await pilot.press("n")
        assert "Article 2 of 2" in headline(app)
        await pilot.press("n")
        assert "2 sources" in headline(app) and "Article" not in headline(app).split("·")[0]
        await pilot.press("p")
        assert "Article 2 of 2" in headline(app)


async def test_previous_and_next_day_editions(tmp_path):
    app = make_app(two_source_story(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        assert "Today" in app.sub_title
        today_rows = len(stories_of(app).source)
        await pilot.press("left_square_bracket")
        assert "Thursday 26 November 2026" in app.sub_title
        assert stories_of(app).current.title == STORIES[1][0]
        await pilot.press("right_square_bracket")
        assert "Today" in app.sub_title and len(stories_of(app).source) == today_rows
        await pilot.press("right_square_bracket")
        assert any("today's edition" in n.message for n in app._notifications)


async def test_opens_on_a_given_days_edition(tmp_path):
    from datetime import date

    from briefing.tui.app import BriefingApp

    settings = two_source_story(tmp_path)
    app = BriefingApp(settings, lambda: open_store(settings),
                      day=date(2026, 11, 26))
    async with app.run_test(size=SIZE):
        assert "Thursday 26 November 2026" in app.sub_title
        assert stories_of(app).current.title == STORIES[1][0]


async def test_a_far_date_leads_back_and_days_without_stories_are_skipped(tmp_path):
    from datetime import date

    from briefing.tui.app import BriefingApp
    from tests.tui.conftest import add_story

    settings = make_settings(tmp_path, read_after=3600)
    with open_store(settings) as store:
        add_story(store, 1, STORIES[0][0], STORIES[0][1], STORIES[0][2], hours_ago=1)
        add_story(store, 2, STORIES[1][0], STORIES[1][1], STORIES[1][2], hours_ago=24 * 10)
        add_story(store, 3, STORIES[3][0], STORIES[3][1], STORIES[3][2], hours_ago=24 * 40)
    app = BriefingApp(settings, lambda: open_store(settings), day=date(2030, 1, 1))
    async with app.run_test(size=SIZE) as pilot:
        assert "after today" in headline(app)
        await pilot.press("left_square_bracket")  # the latest edition, today's
        assert "Today" in app.sub_title
        await pilot.press("left_square_bracket")  # ten days back, over the empty days
        assert stories_of(app).current.title == STORIES[1][0]
        await pilot.press("left_square_bracket")
        assert stories_of(app).current.title == STORIES[3][0]
        await pilot.press("left_square_bracket")
        assert any("no earlier stories" in n.message for n in app._notifications)
        await pilot.press("right_square_bracket")
        assert stories_of(app).current.title == STORIES[1][0]
        await pilot.press("right_square_bracket")
        assert "Today" in app.sub_title
    app = BriefingApp(settings, lambda: open_store(settings), day=date(2030, 1, 1))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_square_bracket")
        assert "Today" in app.sub_title


async def test_each_empty_panel_says_something_plain_about_the_article(tmp_path):
    from datetime import timedelta

    from briefing.edition.update import update_stories
    from briefing.models import Brief, Document
    from briefing.render.text import brief_text
    from tests.tui.conftest import NOW

    brief = Brief(lede=("The council met on Tuesday.",), what_to_know=("It met at noon.",),
                  method="extractive")
    settings = make_settings(tmp_path)
    with open_store(settings) as store:
        doc = Document(key="https://example.org/c", title="Council meets", url=
                       "https://example.org/c", text="The council met on Tuesday. It met at "
                       "noon.", published=NOW - timedelta(hours=1), text_origin="page")
        store.articles.ingest(doc, brief, source="City Paper", now=NOW)
        update_stories(store)
    app = make_app(settings)
    async with app.run_test(size=SIZE):
        shown = headline(app)
        why = shown.split("Why it matters")[1].split("What to know")[0]
        assert "The article does not say." in why and "Nothing announced" not in why
        assert "Nothing announced." in shown.split("What's next")[1]
    text = brief_text(brief)
    assert text.count("Nothing announced.") == 1 and "The article does not say." in text


async def test_escape_clears_every_filter(stories_settings):
    app = make_app(replace(stories_settings, tui=TuiSettings(read_after=3600)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f", "down", "enter", "u", "slash", *"rail")
        await pilot.pause(0.4)
        await pilot.press("enter")
        assert "search" in app.sub_title and "source" in app.sub_title
        assert "unread only" in app.sub_title
        await pilot.press("escape")
        await pilot.pause()
        assert "showing" not in app.sub_title
        assert len(stories_of(app).source) == len(STORIES)
        assert not app.screen.query_one("#search-box").display
        await pilot.press("f", "down", "enter")  # a source filter alone goes too
        assert len(stories_of(app).source) == 2
        await pilot.press("escape")
        assert len(stories_of(app).source) == len(STORIES)


def two_days(tmp_path, *, read_after: float = 3600, earlier_from: int = 2):
    """STORIES, those from `earlier_from` on dated two days back: unread under the
    "Earlier, unread" divider."""
    from tests.tui.conftest import add_story

    settings = make_settings(tmp_path, read_after=read_after)
    with open_store(settings) as store:
        for n, (title, source, text) in enumerate(STORIES):
            add_story(store, n, title, source, text,
                      hours_ago=1 + n + (48 if n >= earlier_from else 0))
    return settings


async def test_older_unread_stories_follow_a_divider_and_the_title_counts_both(tmp_path):
    settings = two_days(tmp_path)
    app = make_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        stories = stories_of(app)
        assert "· 2 stories · 2 earlier unread" in app.sub_title
        assert stories.source.divider == 2 and len(stories.source) == 5
        from tests.tui.test_hostile import screen_text

        assert any("Earlier, unread · 2 ─" in line for line in screen_text(app))
        await pilot.press("j", "j")  # over the divider
        assert stories.cursor == 3 and stories.current.title == STORIES[2][0]
        await pilot.press("k")
        assert stories.cursor == 1
        await pilot.press("G", "g")
        assert stories.cursor == 0
        await pilot.press("G")
        assert stories.current.title == STORIES[3][0]


async def test_a_story_of_several_articles_from_one_feed_counts_articles(tmp_path):
    from tests.tui.conftest import add_story
    from tests.tui.test_hostile import screen_text

    settings = make_settings(tmp_path, read_after=3600)
    text = ("Harbour cranes returned to the old port of Rotterdam on Tuesday, the port "
            "authority said. The three cranes will handle 200 containers a day. The cranes "
            "were built in 1962 and restored at a cost of 4 million euros.")
    with open_store(settings) as store:
        for n, when in enumerate(("Tuesday", "Tuesday morning", "Tuesday afternoon")):
            add_story(store, n, "Cranes return to Rotterdam's old port" + " again" * n,
                      "Port Daily", text.replace("Tuesday", when), hours_ago=n + 1)
    app = make_app(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        row = stories_of(app).current
        assert row.article_count == 3 and row.source_count == 1
        shown = "\n".join(screen_text(app))
        assert "1h · 3 articles · Port Da" in shown  # the age first: never cut
        assert "3 articles · Port Daily" in headline(app) and "n/p: each article" in \
            headline(app)
        await pilot.press("n")
        assert "Article 1 of 3" in headline(app) and "Source 1" not in headline(app)


def four_article_story(tmp_path):
    """A story of two sources and four articles, its lead not the first stored."""
    from tests.tui.conftest import add_story

    settings = make_settings(tmp_path, read_after=3600)
    text = ("Harbour cranes returned to the old port of Rotterdam on Tuesday, the port "
            "authority said. The three cranes will handle 200 containers a day. The cranes "
            "were built in 1962 and restored at a cost of 4 million euros.")
    with open_store(settings) as store:
        for n, (source, when, hours) in enumerate((
                ("Port Daily", "Tuesday", 3), ("Port Daily", "Tuesday morning", 2.5),
                ("Port Daily", "Tuesday noon", 2), ("Harbour News", "Tuesday night", 0.25))):
            add_story(store, n, "Cranes return to Rotterdam's old port" + " again" * n,
                      source, text.replace("Tuesday", when), hours_ago=hours)
    return settings


async def test_a_storys_counts_steps_and_age_agree(tmp_path):
    from tests.tui.test_hostile import screen_text

    app = make_app(four_article_story(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        row = stories_of(app).current
        assert (row.source_count, row.article_count) == (2, 4)
        assert "2 sources · 4 articles" in headline(app)
        # One age: the row's and the brief's, the story's newest article by the app clock.
        assert "15m · 2 sources · 4 articles" in "\n".join(screen_text(app))
        assert "(15m ago)" in headline(app) and "latest" in headline(app)
        # n steps through the articles, the lead first, then the other source.
        lead = app.screen.article.id
        assert lead == row.lead_article_id
        sources = []
        for n in range(1, 5):
            await pilot.press("n")
            assert f"Article {n} of 4" in headline(app)
            sources.append(app.screen.article.source)
            if n == 1:
                assert app.screen.article.id == lead
        assert len(set(sources[:2])) == 2  # one article of each source before the rest
        await pilot.press("n")  # back to the story
        # The full text opens on the article the story shows: the first of the four.
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.article.id == lead
        title = app.screen.query_one("#reader-title").render().plain
        assert "article 1 of 4" in title, title


async def test_side_by_side_panels_have_equal_widths(stories_settings):
    app = make_app(stories_settings)
    async with app.run_test(size=(200, 60)):
        view = app.screen.query_one(BriefView)
        top = next(line for line in view.text.splitlines() if "What's next" in line)
        widths = [len(part) for part in top.split("╮")[:3]]
        assert max(widths) - min(widths) <= 2, top
        assert min(widths) >= 40, top  # wide enough that a point is no tall strip


async def test_panels_are_stacked_until_each_could_be_40_columns_wide(stories_settings):
    """At 160 columns the brief has about 100: three panels of 30 would turn a two-line
    point into a strip of eight, so they stand one above the other."""
    app = make_app(stories_settings)
    async with app.run_test(size=(160, 48)):
        lines = app.screen.query_one(BriefView).text.splitlines()
        tops = [line for line in lines if "╭─" in line]
        assert len(tops) == 3 and all(line.count("╭─") == 1 for line in tops), tops


TEXTUAL_KEYS = {"tab", "shift+tab", "ctrl+c", "super+c", "ctrl+q", "ctrl+p"}
"""Textual's own keys (focus, copy, quit, palette): the help's closing note names them."""


async def test_help_lists_every_key_that_works_and_no_other(stories_settings):
    """Every key bound where the help was asked for (the list, the brief after tab, the
    full text, the feeds screen, the source filter) is in it with its binding id: page
    keys and arrows too, not only j / k; and the help names no key not bound there."""
    app = make_app(stories_settings)

    async def keys_in_help() -> dict[str, str]:
        asked_on = app.screen
        bound = asked_on.active_bindings
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = app.screen.rows
        listed = {key.strip() for keys, _, _ in rows for key in keys.split(",")}
        for key, active in bound.items():
            if active.binding.id is None:
                assert key in TEXTUAL_KEYS, key
            else:
                assert app.get_key_display(active.binding) in listed, key
        assert listed == {app.get_key_display(active.binding) for active in bound.values()
                          if active.binding.id is not None}
        await pilot.press("escape")
        assert app.screen is asked_on
        return {binding_id: keys for keys, _, binding_id in rows}

    async with app.run_test(size=SIZE) as pilot:
        listed = await keys_in_help()
        assert listed["page-down"] == "pgdn" and listed["page-up"] == "pgup"
        assert listed["first-story"] == "home, g" and listed["last-story"] == "end, G"
        await pilot.press("tab")
        listed = await keys_in_help()
        assert listed["brief-down"] == "j, ↓" and listed["brief-page-down"] == "pgdn"
        assert "toggle-citations" not in listed  # c works on language-model briefs only
        await pilot.press("tab", "tab", "tab", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        listed = await keys_in_help()
        assert listed["reader-down"] == "j, ↓" and listed["reader-up"] == "k, ↑"
        assert listed["reader-page-down"] == "space, pgdn, f"
        assert listed["reader-page-up"] == "b, pgup"
        assert listed["reader-top"] == "g, home" and listed["reader-end"] == "G, end"
        await pilot.press("escape", "F")
        await pilot.pause()
        assert isinstance(app.screen, FeedsScreen)
        listed = await keys_in_help()
        assert listed["feeds-down"] == "j, ↓" and listed["feeds-up"] == "k, ↑"
        assert listed["feeds-first"] == "g, home" and listed["feeds-last"] == "G, end"
        assert listed["feeds-page-down"] == "pgdn" and listed["feeds-page-up"] == "pgup"
        assert listed["close-feeds"] == "esc, q, F"
        assert "choose-feed" not in listed  # no feed to choose: enter does nothing here
        await pilot.press("escape", "f")
        assert isinstance(app.screen, SourceFilterModal)
        listed = await keys_in_help()
        assert listed["filter-down"] == "j, ↓" and listed["filter-first"] == "g, home"
        assert listed["choose-source"] == "⏎" and listed["cancel-filter"] == "esc, q"
        assert listed["help"] == "?" and listed["quit"] == "^c"
        assert "next-story" not in listed and "refresh" not in listed  # not keys here


async def test_the_arrows_and_page_keys_follow_the_keymap_in_the_full_text(stories_settings):
    """The full text's arrows are its own bindings: rebinding reader-down moves them."""
    settings = replace(stories_settings, keymap={"reader-down": "x"})
    app = make_app(settings)
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        scroller = app.screen.query_one("#reader-scroll")
        assert scroller.max_scroll_y > 1
        await pilot.press("down")
        assert scroller.scroll_y == 0
        await pilot.press("x", "x")
        assert scroller.scroll_y == 2
        await pilot.press("pageup")
        assert scroller.scroll_y == 0


async def test_help_scrolls_from_the_keyboard_when_it_does_not_fit(stories_settings):
    app = make_app(stories_settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        box = app.screen.query_one("#help-box")
        assert box.max_scroll_y > 0
        await pilot.press("j", "j")
        assert box.scroll_y == 2
        await pilot.press("k")
        assert box.scroll_y == 1


async def test_help_at_80x24_says_what_is_below_the_fold_and_reaches_every_key(
        stories_settings):
    """At 80x24 the keys do not all fit: the frame says how many lines are below and how
    to reach them, and scrolling to the end shows the last key; a tall screen shows all."""
    from tests.tui.test_hostile import screen_text

    app = make_app(stories_settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        box = app.screen.query_one("#help-box")
        below = box.max_scroll_y
        assert below > 0 and str(box.border_subtitle) == (
            f"↓ {below} more lines below: j, space · escape closes")
        assert "more lines below" in "\n".join(screen_text(app))
        assert box.styles.scrollbar_size_vertical > 0
        await pilot.press("j")
        await pilot.pause()
        assert str(box.border_subtitle).startswith(f"↓ {below - 1} more lines below")
        await pilot.press("G")
        await pilot.pause()
        assert str(box.border_subtitle) == "↑ more above: k, g · escape closes"
        shown = "\n".join(screen_text(app))
        assert "Show all keys" in shown and "toggle-theme" in shown
        await pilot.press("escape")
        await pilot.resize_terminal(200, 50)
        await pilot.press("question_mark")
        await pilot.pause()
        box = app.screen.query_one("#help-box")
        assert box.max_scroll_y == 0 and str(box.border_subtitle) == "escape closes"
        shown = "\n".join(screen_text(app))
        assert "Previous story" in shown and "Show all keys" in shown


async def test_a_narrow_list_with_a_scrollbar_ends_titles_with_an_ellipsis(tmp_path):
    from tests.tui.conftest import add_story
    from tests.tui.test_hostile import screen_text

    settings = make_settings(tmp_path, read_after=3600)
    with open_store(settings) as store:
        for n in range(16):
            a, b, c = (f"{word}{n}" for word in ("Zorbin", "Kestrel", "Vantor"))
            add_story(store, n, f"{a} and {b} sign an accord on {c} water rights at last",
                      f"Source {n}", f"{a} signed with {b}. {c} is next.",
                      hours_ago=n * 0.2 + 0.1)
    app = make_app(settings)
    async with app.run_test(size=(80, 24)):
        stories = stories_of(app)
        assert stories.max_scroll_y > 0  # a scrollbar
        width = stories.scrollable_content_region.width
        titles = [line[:width].rstrip() for line in screen_text(app)[1:-1:2]]
        assert titles and all(t.endswith("…") for t in titles if t), titles


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_the_list_has_no_horizontal_scrollbar_and_loses_no_row(tmp_path, size):
    """Its lines end with an ellipsis at its width: there is nothing to scroll across, so
    a scrollbar under it would only take a row (it came after the list was read again)."""
    from tests.tui.conftest import add_story

    settings = make_settings(tmp_path, read_after=3600)
    with open_store(settings) as store:
        for n in range(30):
            add_story(store, n, f"Zorbin{n} and Kestrel{n} sign an accord on water rights",
                      f"Source {n}", f"Zorbin{n} signed with Kestrel{n}. Vantor{n} is next.",
                      hours_ago=n * 0.2 + 0.1)
    app = make_app(settings)
    async with app.run_test(size=size) as pilot:
        await pilot.press("u", "u")  # read again, as after a refresh
        await pilot.pause()
        stories = stories_of(app)
        assert stories.max_scroll_y > 0  # more stories than rows: a vertical scrollbar
        assert not stories.show_horizontal_scrollbar
        assert stories.scrollable_content_region.height == stories.size.height


async def test_a_title_made_from_the_lede_is_not_shown_twice(seeded_settings):
    app = make_app(seeded_settings)
    async with app.run_test(size=(160, 48)):
        shown = headline(app).replace("\n", " ")
        assert shown.count("will happen") == 1  # the whole sentence, as the headline
        assert "the Kremlin said on Sunday" in shown.split("seeds ·")[0]
        assert "…" not in shown.split("seeds ·")[0]


async def test_a_one_line_seed_says_no_more_to_know_than_the_headline(tmp_path):
    """Its only line is its headline and no lede is shown under it: an empty What to
    know points at the headline, not at a lede no one sees."""
    from briefing.refresh import refresh_all

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "ferry.txt").write_text("Ferry service between the islands resumes on Monday\n",
                                     encoding="utf-8")
    settings = make_settings(tmp_path, seeds=seeds)
    with open_store(settings) as store:
        refresh_all(store, settings)
    app = make_app(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = " ".join(headline(app).split())
        assert "No more to know than the headline." in shown, shown
        assert "than the lede" not in shown, shown


async def test_a_narrow_terminal_puts_the_list_above_a_full_width_brief(stories_settings):
    """Under 70 columns a brief beside the list would be a column of a few words: the
    list goes on top, the brief below at the screen's width; wider, side by side again."""
    app = make_app(stories_settings)
    async with app.run_test(size=(50, 24)) as pilot:
        await pilot.pause()
        stories, brief = stories_of(app), app.screen.query_one(BriefView)
        assert stories.region.bottom <= brief.region.y
        assert brief.region.width == 50
        await pilot.press("j")
        assert stories_of(app).cursor == 1
        await pilot.resize_terminal(100, 24)
        await pilot.pause()
        assert stories.region.right <= brief.region.x


@pytest.mark.parametrize("width", [30, 50, 80, 160])
async def test_the_key_bar_shows_whole_hints_and_the_help_key_at_any_width(stories_settings,
                                                                        width):
    from briefing.tui.widgets.key_bar import KeyBar

    app = make_app(stories_settings)
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        shown = str(app.screen.query_one(KeyBar).render()).rstrip()
        hints = shown.split("▏")[0].rstrip()
        assert len(shown) <= width and hints.endswith("? Help")  # never cut mid-hint
        assert shown.startswith(" ↓ Next ")  # the first keys first
        if width >= 80:
            assert "r Refresh" in shown and "F Feeds" in shown
        if width >= 160:
            assert "palette" in shown
        await pilot.resize_terminal(50, 24)  # a terminal narrowed while open
        await pilot.pause()
        assert str(app.screen.query_one(KeyBar).render()).rstrip().endswith("? Help")


async def test_help_does_not_promise_ctrl_c_once_the_keymap_rebinds_quit(tmp_path):
    """[keymap] quit = "x" replaces both q and ctrl+c: the help then names ctrl+q only,
    and ctrl+c indeed no longer quits."""
    settings = make_settings(tmp_path, keymap={"quit": "x"})
    app = make_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        note = str(list(app.screen.query("#help-box > Static"))[-1].render())
        assert "ctrl+c quits" not in note and "ctrl+q quits from any screen" in note
        await pilot.press("escape", "ctrl+c")
        await pilot.pause()
        assert not app._exit
        await pilot.press("x")
    assert app.return_code == 0 and app._exit


def read_titles(settings) -> set[str]:
    with open_store(settings) as store:
        return {r.title for r in store.stories.page(limit=10) if r.read}


@pytest.mark.parametrize("unread_only", [False, True])
async def test_a_story_read_under_earlier_unread_stays_in_the_list(tmp_path, monkeypatch,
                                                                  unread_only):
    """Under "Earlier, unread", or with unread only, a story the reader has read stays in
    the list, shown read, when the list is read again (the app reads it again when the
    database changes, and its own saves change it): the brief does not jump to another
    story, and no story is marked read that the reader did not stop on. Changing the
    filter leaves it out."""
    from briefing.tui import app as app_module

    monkeypatch.setattr(app_module, "WATCH_SECONDS", 0.2)
    settings = two_days(tmp_path, read_after=0.3, earlier_from=1)
    app = make_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: STORIES[0][0] in read_titles(settings))  # opened on
        if unread_only:
            await pilot.press("u")
        await pilot.press("G")  # the last earlier story: chosen, so read after a moment
        stories = stories_of(app)
        chosen = stories.current.title
        assert await until(pilot, lambda: chosen in read_titles(settings))
        await pilot.pause(1.5)  # five times read_after, several reloads
        assert read_titles(settings) == {STORIES[0][0], chosen}
        assert stories.current.title == chosen and chosen in headline(app)
        assert stories.current.read
        await pilot.press("u")  # another list: the story read leaves it
        titles = {stories.source.row(i).title for i in range(len(stories.source))
                  if stories.source.row(i) is not None}
        assert chosen not in titles


async def test_a_story_read_elsewhere_does_not_mark_the_one_taking_its_place(tmp_path,
                                                                            monkeypatch):
    """Another program marks the selected story read: it leaves the "Earlier, unread"
    list when the list is read again. The story that slides under the cursor was not
    chosen: it is shown, and not marked read unless the reader moves to it."""
    from briefing.tui import app as app_module

    monkeypatch.setattr(app_module, "WATCH_SECONDS", 0.2)
    settings = two_days(tmp_path, read_after=1.5, earlier_from=1)
    app = make_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: STORIES[0][0] in read_titles(settings))  # opened on
        await pilot.press("G")
        stories = stories_of(app)
        chosen = stories.current
        with open_store(settings) as store:  # another program, before read_after
            store.stories.set_read(chosen.id)
        assert await until(pilot, lambda: stories.current is not None
                           and stories.current.id != chosen.id)
        slid = stories.current
        await pilot.pause(2.5)  # past read_after
        assert read_titles(settings) == {STORIES[0][0], chosen.title}
        assert stories.current.id == slid.id and slid.title in headline(app)
        await pilot.press("k", "j")  # moving to it chooses it
        assert stories.current.id == slid.id
        assert await until(pilot, lambda: slid.title in read_titles(settings))


async def test_unread_only_counts_the_days_stories_and_the_earlier_ones_apart(tmp_path):
    """With unread only, the title names today's unread stories and the earlier unread
    ones apart, as without it: it does not count earlier days as today's."""
    settings = two_days(tmp_path)
    app = make_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        assert "· 2 stories · 2 earlier unread" in app.sub_title
        await pilot.press("u")
        assert app.sub_title.startswith("Today, ")
        assert app.sub_title.endswith("· 2 unread stories · 2 earlier unread"), app.sub_title


def test_the_readme_names_every_key_of_the_feeds_screen_and_the_source_filter():
    """Their keys are listed by ? with their binding ids; the README's keys say them too."""
    from briefing.tui.screens.feeds import FeedTable
    from briefing.tui.screens.source_filter import SourceMenu
    from tests.paths import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for screen in (FeedsScreen, FeedTable, SourceFilterModal, SourceMenu):
        for binding in screen.BINDINGS:
            assert f"`{binding.id}`" in readme, binding.id
