"""The reader on a database it cannot write: one notice, reading goes on, no traceback."""

from __future__ import annotations

from briefing.tui.app import BriefingApp
from tests.tui.conftest import open_store
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
        assert "readonly" in next(m for m in notices if "cannot be saved" in m)
        assert stories_of(app).current.id == first.id  # still reading
        assert app.is_running
    assert app.return_code in (None, 0)
    with open_store(stories_settings) as store:
        assert not store.get(first.id).read
