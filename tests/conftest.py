"""Shared fixtures: a real HTTP server on 127.0.0.1, the corpus, settings for a temp DB."""

from __future__ import annotations

import dataclasses
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing.config import FeedConfig, FetchSettings, Settings
from briefing.store import Store
from tests.feedserver import FeedServer
from tests.paths import corpus_file

# Local days and times (editions, stamps in the reader) read the machine's zone: the
# suite pins it, so snapshots and edition days are the same on every machine.
os.environ["TZ"] = "UTC"
time.tzset()


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """A started server on an ephemeral 127.0.0.1 port; routes are added by the test."""
    with FeedServer() as server:
        yield server


@pytest.fixture
def corpus() -> Path:
    """The shared corpus folder (the test is skipped, naming it, when it is absent)."""
    return corpus_file()


@pytest.fixture
def expectations(corpus: Path) -> dict[str, dict]:
    return json.loads((corpus / "html" / "expectations.json").read_text(encoding="utf-8"))


def mark_article(store: Store, article_id: str, *, read: bool | None = None,
                 starred: bool | None = None) -> None:
    """Set one article's own flags. The app marks whole stories (`stories.set_read`,
    `stories.set_starred`); an article list or retention test needs a lone article marked."""
    for column, value in (("read", read), ("starred", starred)):
        if value is not None:
            store.conn.execute(f"UPDATE articles SET {column} = ? WHERE id = ?",
                               [int(value), article_id])
    store.conn.commit()


def make_settings(tmp_path: Path, feeds: list[str] | tuple[FeedConfig, ...] = (),
                  **fetch: object) -> Settings:
    """Settings for a test: a temp database, no seeds, the given feeds, fast fetch limits."""
    configs = tuple(f if isinstance(f, FeedConfig) else FeedConfig(f) for f in feeds)
    base = FetchSettings(connect_timeout=2.0, read_timeout=2.0, backoff=0.05,
                         max_retry_wait=2.0, jitter=0.01, workers=1)
    return Settings(seeds=None, database=tmp_path / "briefing.db", keep_days=0, feeds=configs,
                    fetch=dataclasses.replace(base, **fetch))  # type: ignore[arg-type]
