"""The full-text view: keys scroll it, its title bar says where you are, n/p step sources."""

import time
from datetime import timedelta

from textual.containers import VerticalScroll

from briefing.brief import make_brief
from briefing.edition.update import update_stories
from briefing.models import Document
from briefing.tui.screens.reader import ReaderScreen
from briefing.tui.widgets.title_bar import TitleBar
from tests.tui.conftest import NOW, add_story, make_app, make_settings, open_store

SIZE = (80, 24)
LONG_TEXT = "\n\n".join(
    f"Paragraph {n}: the council met again on the harbour plan and heard from residents, "
    f"engineers and the port authority about cranes, jobs and the cost of dredging."
    for n in range(1, 41))


def long_story(tmp_path):
    settings = make_settings(tmp_path, read_after=3600)
    with open_store(settings) as store:
        add_story(store, 1, "Cranes return to Rotterdam's old port", "Port Daily", LONG_TEXT)
        add_story(store, 2, "Rotterdam's old port gets its cranes back", "Harbour News",
                  LONG_TEXT.replace("council", "city council"), hours_ago=2)
    return settings


def scroller(app) -> VerticalScroll:
    return app.screen.query_one("#reader-scroll", VerticalScroll)


def title(app) -> str:
    """The title bar as on screen."""
    return app.screen.query_one(TitleBar).render().plain.strip()


async def test_keys_scroll_the_full_text_and_the_title_shows_the_position(tmp_path):
    app = make_app(long_story(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert scroller(app).max_scroll_y > 20
        assert app.focused is scroller(app)
        assert title(app).endswith(" 0%"), title(app)  # the top, once the text is laid out
        assert "Port Daily" in title(app) or "Harbour News" in title(app)
        await pilot.press("j", "j", "down")
        assert scroller(app).scroll_y == 3
        await pilot.press("k")
        assert scroller(app).scroll_y == 2
        await pilot.press("space")
        assert scroller(app).scroll_y > 10
        await pilot.press("G")
        await pilot.pause()
        assert scroller(app).scroll_y == scroller(app).max_scroll_y
        assert title(app).endswith("100%")
        await pilot.press("g")
        assert scroller(app).scroll_y == 0
        await pilot.press("end")
        assert scroller(app).scroll_y == scroller(app).max_scroll_y
        await pilot.press("pageup")
        assert 0 < scroller(app).scroll_y < scroller(app).max_scroll_y
        assert "Fri 27 Nov 2026" in title(app)


async def test_n_and_p_step_between_the_storys_sources_in_the_full_text(tmp_path):
    app = make_app(long_story(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.query_one("#stories").current.source_count == 2
        await pilot.press("enter")
        await pilot.pause()
        first = app.screen.article.source
        assert "article 1 of 2" in title(app)
        await pilot.press("G", "n")
        await pilot.pause()
        assert app.screen.article.source != first
        assert "article 2 of 2" in title(app) and scroller(app).scroll_y == 0
        await pilot.press("p")
        await pilot.pause()
        assert app.screen.article.source == first


async def test_o_opens_the_article_on_screen(tmp_path, monkeypatch):
    out = tmp_path / "argv.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{out}"\n')
    browser.chmod(0o755)
    monkeypatch.setenv("BROWSER", str(browser))
    app = make_app(long_story(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("o")
        deadline = time.monotonic() + 10
        while not out.exists() and time.monotonic() < deadline:
            await pilot.pause(0.05)
        assert out.read_text().splitlines() == [app.screen.article.url]


async def test_times_are_shown_in_the_readers_own_zone(tmp_path, monkeypatch):
    """Editions are local days, so the stamps are local times, named: at 09:30 UTC a
    reader in Los Angeles sees 01:30 PST, the day the edition files the story under."""
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    try:
        app = make_app(long_story(tmp_path))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter")
            await pilot.pause()
            assert "PST" in title(app) and "UTC" not in title(app), title(app)
    finally:
        monkeypatch.undo()
        time.tzset()


async def test_the_full_text_of_a_title_only_article_shows_its_line_once(tmp_path):
    from textual.widgets import Markdown

    settings = make_settings(tmp_path, read_after=3600)
    title = "Ferry service between the islands resumes on Monday"
    with open_store(settings) as store:
        add_story(store, 1, title, "Island Post", title)
    app = make_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        shown = app.screen.query_one(Markdown).source
        assert shown.count(title) == 1
        assert "The text is only its headline." in shown


def seed_led_story(tmp_path, *, second_url: str | None = "https://example.org/story/2"):
    """A story led by a seed file (no web address) whose second article is a web page."""
    settings = make_settings(tmp_path, read_after=3600)
    with open_store(settings) as store:
        doc = Document(key="file:/seeds/cranes.txt", title="Cranes return to Rotterdam's old port",
                       text=LONG_TEXT, path="/seeds/cranes.txt", site="seeds",
                       published=NOW - timedelta(hours=1), text_origin="file")
        store.articles.ingest(doc, make_brief(LONG_TEXT), source="seeds", now=NOW)
        other = LONG_TEXT.replace("council", "city council")
        store.articles.ingest(Document(key="https://example.org/story/2",
                                       title="Rotterdam's old port gets its cranes back",
                                       text=other, url=second_url, site="Harbour News",
                                       published=NOW - timedelta(hours=2)),
                              make_brief(other), source="Harbour News", now=NOW)
        update_stories(store)
    return settings


def browser_script(tmp_path, monkeypatch):
    out = tmp_path / "argv.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{out}"\n')
    browser.chmod(0o755)
    monkeypatch.setenv("BROWSER", str(browser))
    return out


async def wait_for(path, pilot):
    deadline = time.monotonic() + 10
    while not path.exists() and time.monotonic() < deadline:
        await pilot.pause(0.05)


async def test_o_on_a_seed_opens_the_storys_first_article_with_a_web_address(
        tmp_path, monkeypatch):
    out = browser_script(tmp_path, monkeypatch)
    app = make_app(seed_led_story(tmp_path))
    notices = []
    async with app.run_test(size=SIZE, message_hook=notices.append) as pilot:
        assert app.screen.query_one("#stories").current.source_count == 2
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.article.url is None and app.screen.article.source == "seeds"
        await pilot.press("o")
        await wait_for(out, pilot)
        assert out.read_text().splitlines() == ["https://example.org/story/2"]
        said = [n.message for n in app._notifications]
        assert any("no web address" in m and "Harbour News" in m for m in said), said
        # From the briefing too: the lead (the seed) gives way to the web page.
        out.unlink()
        await pilot.press("escape", "o")
        await wait_for(out, pilot)
        assert out.read_text().splitlines() == ["https://example.org/story/2"]


async def test_o_refuses_only_when_no_article_has_a_web_address(tmp_path, monkeypatch):
    out = browser_script(tmp_path, monkeypatch)
    app = make_app(seed_led_story(tmp_path, second_url=None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause(0.3)
        assert not out.exists()
        said = [n.message for n in app._notifications]
        assert "no article of this story has a web address" in said, said


async def test_o_on_a_seed_whose_browser_will_not_start_says_so(tmp_path, monkeypatch):
    """The story has a web address (its second article's): when the browser cannot start,
    the notice says that, not that there is no address."""
    monkeypatch.setenv("BROWSER", str(tmp_path / "no-such-browser"))
    app = make_app(seed_led_story(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.article.url is None
        await pilot.press("o")
        await pilot.pause(0.3)
        said = [n.message for n in app._notifications]
        assert any(m.startswith("cannot start ") and "no-such-browser" in m
                   for m in said), said
        assert "no article of this story has a web address" not in said, said


def two_articles_of(tmp_path, source: str):
    """A reader on a story of two articles from `source`, not turning them read."""
    settings = make_settings(tmp_path, read_after=3600)
    with open_store(settings) as store:
        add_story(store, 1, "Cranes return to Rotterdam's old port", source, LONG_TEXT)
        add_story(store, 2, "Rotterdam's old port gets its cranes back", source,
                  LONG_TEXT.replace("council", "city council"), hours_ago=2)
    return make_app(settings)


async def open_full_text(pilot) -> None:
    await pilot.press("enter")
    await pilot.pause()
    await pilot.pause()


async def test_a_long_source_name_is_shortened_before_the_position_at_80_columns(tmp_path):
    source = "C: Hostile clean [i]Feed[/i] blink with a long name too"
    app = two_articles_of(tmp_path, source)
    async with app.run_test(size=SIZE) as pilot:
        await open_full_text(pilot)
        shown = title(app)
        assert shown.endswith("article 1 of 2 · 0%"), shown
        assert shown.startswith("≡  C: Hostile clean [i]") and "…" in shown, shown
        await pilot.resize_terminal(200, 50)
        await pilot.pause()
        assert source in title(app)  # room enough: the whole name


async def test_the_date_is_cut_before_the_position_on_a_narrow_screen(tmp_path):
    app = two_articles_of(tmp_path, "Wire B")
    async with app.run_test(size=(50, 20)) as pilot:
        await open_full_text(pilot)
        shown = title(app)
        assert shown.endswith("article 1 of 2 · 0%"), shown
        assert shown.startswith("≡  Wire B · ") and "…" in shown, shown
        await pilot.resize_terminal(120, 20)
        await pilot.pause()
        assert "UTC · article 1 of 2 · 0%" in title(app)  # room enough: the whole date
