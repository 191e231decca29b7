"""The reader against hostile conditions: a database it cannot write (one notice, reading
goes on, no traceback) and an article of megabytes in one paragraph (laid out bounded)."""

from __future__ import annotations

from textual.widgets import Markdown

from briefing.brief.sentences import MAX_SENTENCE_CHARS, split_sentences
from briefing.models import Brief, Document
from briefing.tui.app import BriefingApp
from briefing.tui.safe import MAX_BLOCK, safe_text
from briefing.tui.screens.reader import READER_MAX_CHARS
from tests.hostile import LETTERS, ZWJ_WORD
from tests.tui.conftest import NOW, make_app, make_settings, open_store
from tests.tui.test_hostile import screen_text
from tests.tui.test_keys import SIZE, stories_of


def read_only_app(settings, pragma: str) -> BriefingApp:
    def opened():
        store = open_store(settings)
        # SQLite's own refusal, as for a file the user may not write: the same
        # OperationalError ("attempt to write a readonly database").
        store.conn.execute(pragma)
        return store

    return BriefingApp(settings, opened)


async def test_marking_read_and_starring_on_a_read_only_database(stories_settings):
    app = read_only_app(stories_settings, "PRAGMA query_only = 1")
    async with app.run_test(size=SIZE) as pilot:
        first = stories_of(app).current
        await pilot.pause(0.6)  # read_after is 0.3 s in tests: the automatic mark-read
        await pilot.press("s", "m", "j", "k")
        await pilot.pause(0.6)
        notices = [n.message for n in app._notifications]
        assert sum("cannot be saved" in m for m in notices) == 1, notices
        assert notices[0].startswith("Changes cannot be saved: the database cannot be written")
        # Then each change asked for says it was not saved, and the row shows none.
        assert [m.split("” ")[-1] for m in notices[1:]] == [
            "starred (the database cannot be written).",
            "marked read (the database cannot be written)."], notices
        assert not stories_of(app).current.starred
        assert stories_of(app).current.id == first.id  # still reading
        assert app.is_running
    assert app.return_code in (None, 0)
    with open_store(stories_settings) as store:
        assert not store.articles.get(first.id).read


async def test_a_database_another_program_holds_neither_blocks_the_screen_nor_loses_a_star(
        stories_settings):
    """A program holding the write lock (a refresh storing a batch, a sqlite3 shell
    mid-transaction): the star shows at once and the screen keeps moving, while the
    change waits off the UI thread; it is saved once the lock is let go."""
    import sqlite3

    app = BriefingApp(stories_settings, lambda: open_store(stories_settings))
    async with app.run_test(size=SIZE) as pilot:
        first = stories_of(app).current
        holder = sqlite3.connect(stories_settings.database, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            await pilot.press("s", "j", "m")
            await pilot.pause(0.3)
            stories = stories_of(app)
            assert stories.source.row(0).starred and stories.current.id != first.id
            assert stories.current.read  # m: shown read at once too
            assert [n.message for n in app._notifications] == []  # not saved yet
            assert app.store.conn.execute("PRAGMA busy_timeout").fetchone()[0] <= 2000
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [n.message for n in app._notifications] == ["Starred"]  # now it is
        second = stories_of(app).current.id
    with open_store(stories_settings) as store:
        assert store.articles.get(first.id).starred and store.articles.get(second).read


async def test_changes_are_saved_in_the_order_they_were_made(stories_settings):
    app = BriefingApp(stories_settings, lambda: open_store(stories_settings))
    async with app.run_test(size=SIZE) as pilot:
        first = stories_of(app).current
        await pilot.press("s", "s", "s")  # starred, unstarred, starred
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert stories_of(app).source.row(0).starred
    with open_store(stories_settings) as store:
        assert store.articles.get(first.id).starred


WORDS = "The council met again on Tuesday and the vote was delayed because members argued "


def test_a_sentence_without_full_stops_is_cut_into_bounded_sentences():
    text = (WORDS * 3000).strip()
    sentences = split_sentences(text)
    assert len(sentences) > 200
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)
    assert all(text[s.start:s.end] == s.text for s in sentences)
    assert " ".join(s.text for s in sentences) == text


async def test_a_megabyte_paragraph_opens_bounded(tmp_path):
    settings = make_settings(tmp_path)
    text = (WORDS * (1_000_000 // len(WORDS))).strip()
    with open_store(settings) as store:
        from briefing.edition.update import update_stories

        doc = Document(key="https://example.org/huge", title="Huge", text=text,
                       url="https://example.org/huge", site="Src", published=NOW)
        # A brief stored before points were bounded: its lede is the whole paragraph.
        store.articles.ingest(doc, Brief(lede=(text,), method="extractive"), source="Src", now=NOW)
        update_stories(store)
    assert len(safe_text(text).plain) <= MAX_BLOCK + 2
    app = make_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        shown = app.screen.query_one("#reader", Markdown).source
        assert len(shown) < READER_MAX_CHARS + 1000
        assert "press o to open the original" in shown


async def test_a_word_joined_by_zwj_is_drawn_whole_in_the_full_text(tmp_path):
    settings = make_settings(tmp_path)
    with open_store(settings) as store:
        from briefing.edition.update import update_stories

        text = (f"The word {ZWJ_WORD} was written with joiners between its letters, and "
                "the reader must show every one of them on the screen.")
        doc = Document(key="https://example.org/zwj", title=f"Joined {ZWJ_WORD}", text=text,
                       url="https://example.org/zwj", site=f"Site {ZWJ_WORD}",
                       author=f"By {ZWJ_WORD}", published=NOW)
        store.articles.ingest(doc, Brief(lede=(text,), method="extractive"),
                              source=f"Site {ZWJ_WORD}", now=NOW)
        update_stories(store)
    app = make_app(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        lines = screen_text(app)
        body = [line for line in lines if LETTERS in line]
        # The title, source and author, and the paragraph: the word whole on each.
        assert len(body) >= 3, lines
        assert all(len(line) <= 80 and "\u200d" not in line for line in lines)


async def test_a_brief_scrolled_down_stays_put_when_the_list_is_read_again(stories_settings):
    """Another connection's commit (a cron refresh's batch, or the reader's own saved
    star) reloads the list; the brief of an unchanged story keeps its scroll."""
    from briefing.tui.widgets.brief_view import BriefView

    app = BriefingApp(stories_settings, lambda: open_store(stories_settings))
    async with app.run_test(size=(60, 16)) as pilot:
        view = app.screen.query_one(BriefView)
        await pilot.press("tab")
        for _ in range(6):
            await pilot.press("j")
        await pilot.pause()
        scrolled = view.scroll_y
        assert scrolled > 0
        await pilot.press("s")  # saved on another connection: the list is read again
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.show_outside_changes()
        await pilot.pause()
        assert stories_of(app).source.row(0).starred and view.scroll_y == scrolled
