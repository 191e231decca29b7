"""Snapshots of the reader's screens (pytest-textual-snapshot; see the SVG report on failure).

The clock is fixed and stories never turn read during a snapshot (read_after is long), so
the pictures only change when the layout or the briefs do: then review the report and run
`python -m pytest tests/tui/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import pytest

from tests.tui.conftest import STORIES, add_story, make_app, make_settings, open_store


@pytest.fixture
def calm_settings(tmp_path):
    settings = make_settings(tmp_path, read_after=3600)
    with open_store(settings) as store:
        for n, (title, source, text) in enumerate(STORIES):
            add_story(store, n, title, source, text, hours_ago=n + 1)
    return settings


def test_main_screen_80x24(snap_compare, calm_settings):
    assert snap_compare(make_app(calm_settings), terminal_size=(80, 24))


def test_main_screen_160x48(snap_compare, calm_settings):
    assert snap_compare(make_app(calm_settings), terminal_size=(160, 48), press=["j"])


def test_help_screen(snap_compare, calm_settings):
    assert snap_compare(make_app(calm_settings), terminal_size=(100, 36), press=["question_mark"])


def test_empty_state(snap_compare, tmp_path):
    settings = make_settings(tmp_path, seeds=None, read_after=3600)
    assert snap_compare(make_app(settings), terminal_size=(100, 30))


def test_full_text_view(snap_compare, calm_settings):
    assert snap_compare(make_app(calm_settings), terminal_size=(100, 30), press=["enter"])
