"""Where briefing keeps its files. Functions, so nothing is created at import time."""

from __future__ import annotations

from pathlib import Path

APP_NAME = "briefing"


def user_config_file() -> Path:
    """The per-user config file (it need not exist)."""
    from platformdirs import user_config_path  # here: the reader's startup need not pay

    return user_config_path(APP_NAME) / "config.toml"


def default_database() -> Path:
    """The database when the config names none."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME) / "briefing.db"


def bundled_seeds() -> Path | None:
    """The seeds folder shipped beside the package in a source checkout, if present."""
    candidate = Path(__file__).resolve().parent.parent / "seeds"
    return candidate if candidate.is_dir() else None


def shipped_config() -> Path:
    """Where a source checkout keeps the config.toml it ships (it need not exist)."""
    return Path(__file__).resolve().parent.parent / "config.toml"
