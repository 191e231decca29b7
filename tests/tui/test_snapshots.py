"""Snapshots of the reader's screens (pytest-textual-snapshot; see the SVG report on failure).

Each scene of `tests/tui/scenes.py` at 80x24, 120x40 and 200x60, dark and light: a first
run with no network, a full edition, the full text scrolled, the feeds screen, help. The
clock is fixed and stories never turn read during a snapshot (read_after is long), so the
pictures only change when the layout or the briefs do: then review the report and run
`python -m pytest tests/tui/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import time

import pytest

from briefing.tui.app import BriefingApp
from tests.tui.conftest import open_store
from tests.tui.scenes import edition, offline

SIZES = [(80, 24), (120, 40), (200, 60)]


async def _settle(pilot) -> None:
    """Until the refresh started on the first frame has ended and said how it went."""
    deadline = time.monotonic() + 60
    while "Refreshed" not in str(pilot.app.screen.query_one("#status").render()):
        assert time.monotonic() < deadline, "the refresh did not end"
        await pilot.pause(0.05)
    await pilot.pause()


async def _full_text_scrolled(pilot) -> None:
    await pilot.press("enter")
    await pilot.pause()
    await pilot.pause()  # the Markdown is laid out after the screen mounts
    await pilot.press("space")
    await pilot.pause()


SCENES = {
    # scene: (settings builder, refresh on start, keys or steps before the picture)
    "first_run_offline": (offline, True, _settle),
    "edition": (edition, False, None),
    "full_text_scrolled": (edition, False, _full_text_scrolled),
    "feeds": (edition, False, ["F"]),
    "help": (edition, False, ["question_mark"]),
}


@pytest.mark.parametrize("theme", ["dark", "light"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scene", list(SCENES))
def test_scene(snap_compare, tmp_path, scene, size, theme):
    build, refresh_on_start, before = SCENES[scene]
    settings = build(tmp_path, dark=theme == "dark")
    app = BriefingApp(settings, lambda: open_store(settings), refresh_on_start=refresh_on_start)
    if isinstance(before, list):
        assert snap_compare(app, terminal_size=size, press=before)
    else:
        assert snap_compare(app, terminal_size=size, run_before=before)
