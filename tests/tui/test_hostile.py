"""Hostile titles and bodies render as plain text: no markup parsed, no escapes emitted."""

from datetime import timedelta

from briefing.edition.update import update_stories
from briefing.models import Brief, Document
from briefing.tui.screens.reader import ReaderScreen
from tests.hostile import HOSTILE_BODY, HOSTILE_TITLES, has_controls
from tests.tui.conftest import NOW, make_app, make_settings, open_store


def screen_text(app) -> list[str]:
    """Every line the compositor would send to the terminal, as plain segment text."""
    update = app.screen._compositor.render_full_update()
    lines = []
    for strips in update.strips:
        lines.append("".join(seg.text for strip in strips for seg in strip
                             if not seg.control))
    return lines


TOPICS = ["Harbour cranes returned to Rotterdam", "Wildfire smoke closed schools in Denver",
          "Chess prodigy wins in Reykjavik", "Drought cuts coffee harvest in Minas Gerais",
          "Tram strike halts Melbourne commuters", "Volcano ash grounds flights over Sicily",
          "Orchestra premieres symphony in Vienna", "Flooding swamps rice paddies in Assam"]


def hostile_database(tmp_path):
    """Stories stored raw, as an old or tampered database might hold them: the
    renderer must not rely on ingestion having cleaned them."""
    settings = make_settings(tmp_path)
    with open_store(settings) as store:
        for n, title in enumerate(HOSTILE_TITLES):
            brief = Brief(lede=(title,), why_it_matters=(HOSTILE_BODY.split("\n\n")[0],),
                          what_to_know=tuple(HOSTILE_BODY.split("\n\n")),
                          whats_next=(HOSTILE_TITLES[(n + 1) % len(HOSTILE_TITLES)],),
                          method="extractive")
            # Each story its own event, so clustering keeps them apart.
            hostile = HOSTILE_BODY.split("\n\n")[n % 4]
            text = f"{TOPICS[n % len(TOPICS)]} on day {n}.\n\n{hostile}"
            doc = Document(key=f"https://example.org/h/{n}", title=title, text=text,
                           url=f"https://example.org/h/{n}", site=title[:40],
                           published=NOW - timedelta(hours=n))
            store.articles.ingest(doc, brief, source=title[:40], now=NOW)
        update_stories(store)
    return settings


async def test_hostile_titles_and_bodies_render_as_plain_text(tmp_path):
    app = make_app(hostile_database(tmp_path))
    async with app.run_test(size=(160, 48)) as pilot:
        for index in range(len(HOSTILE_TITLES)):
            await pilot.pause()
            lines = screen_text(app)
            assert lines and not any(has_controls(line) for line in lines), index
            assert app.is_running  # "[@click=app.quit]" did nothing
            await pilot.press("j")
        joined = "\n".join(screen_text(app))
        # Markup shows literally instead of styling or acting.
        assert "[link=https://evil.example]not a link[/link]" in joined
        await pilot.press("g")
        await pilot.pause()
        assert "[bold red]Markup[/bold red]" in "\n".join(screen_text(app))
        await pilot.press("enter")
        assert isinstance(app.screen, ReaderScreen)
        await pilot.pause()
        lines = screen_text(app)
        assert not any(has_controls(line) for line in lines)
        assert "[b]not bold[/b]" in "\n".join(lines)


async def test_long_words_do_not_widen_the_screen(tmp_path):
    app = make_app(hostile_database(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("G")  # near the long-word title
        await pilot.pause()
        assert all(len(line) <= 80 for line in screen_text(app))


async def test_hostile_feed_names_and_errors_on_the_feeds_screen(tmp_path):
    from briefing.store.feeds import FeedStatus
    from briefing.tui.screens.feeds import FeedsScreen

    settings = make_settings(tmp_path)
    with open_store(settings) as store:
        for n, title in enumerate(HOSTILE_TITLES):
            store.feeds.add(f"https://example.org/{n}.xml", name=title)
        for n, feed in enumerate(store.feeds.all()):
            store.feeds.record_fetch(feed.id, FeedStatus(None, HOSTILE_TITLES[-1 - n], False))
    app = make_app(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("F")
        await pilot.pause()
        assert isinstance(app.screen, FeedsScreen)
        for _ in HOSTILE_TITLES:
            lines = screen_text(app)
            assert not any(has_controls(line) for line in lines)
            assert app.is_running
            await pilot.press("j")
            await pilot.pause()
        assert "[bold red]Markup[/bold red]" in "\n".join(screen_text(app))
        await pilot.press("enter")  # the feed filter's name is shown as given, too
        await pilot.pause()
        assert not any(has_controls(line) for line in screen_text(app))


async def test_an_address_in_bracketed_markup_shows_as_written_in_the_full_text(tmp_path):
    settings = make_settings(tmp_path)
    markup = "[link=http://evil.example/]Click[/link]"
    with open_store(settings) as store:
        text = (f"Ferry services to Arran resumed on Monday after repairs. Readers were told "
                f"to {markup} for the timetable at https://example.org/a_b_c today.")
        doc = Document(key="https://example.org/ferry", title="Ferry services resume",
                       text=text, url="https://example.org/ferry", published=NOW)
        brief = Brief(lede=("Ferry services to Arran resumed on Monday after repairs.",),
                      method="extractive")
        store.articles.ingest(doc, brief, source="Arran Banner", now=NOW)
        update_stories(store)
    app = make_app(settings)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        joined = "\n".join(screen_text(app))
        assert markup in joined
        assert "https://example.org/a_b_c" in joined
        assert "\\" not in joined
