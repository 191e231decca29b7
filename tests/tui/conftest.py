"""TUI fixtures: the real app on a temporary database with a fixed clock."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from briefing.config import Settings, TuiSettings
from briefing.refresh import refresh_all
from briefing.store import Store
from briefing.tui.app import BriefingApp
from tests.paths import SEED

NOW = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)


def fixed_clock() -> datetime:
    return NOW


def make_settings(tmp_path: Path, *, seeds: Path | None = None, read_after: float = 0.2,
                  **kw) -> Settings:
    return Settings(seeds=seeds, database=tmp_path / "b.db", feeds=(),
                    tui=TuiSettings(read_after=read_after), **kw)


def make_app(settings: Settings) -> BriefingApp:
    return BriefingApp(settings, lambda: Store.open(settings.database), clock=fixed_clock)


@pytest.fixture
def seeded_settings(tmp_path) -> Settings:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / SEED.name)
    settings = make_settings(tmp_path, seeds=seeds)
    with Store.open(settings.database) as store:
        refresh_all(store, settings)
    return settings
