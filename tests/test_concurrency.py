"""Concurrent use (issue 7): the TUI open while a cron refresh writes, and two refreshes
at once. Real processes on one SQLite file, feeds from 127.0.0.1."""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from textual.widgets import Input

from briefing.store import Store
from briefing.tui.app import BriefingApp
from briefing.tui.widgets.story_list import StoryList
from tests.feedserver import FeedServer, Response
from tests.paths import corpus_file
from tests.test_feeds import write_config
from tests.test_parser_safety import rss, rss_item
from tests.tui.conftest import add_story, make_settings

ITEMS = 40


def slow_feed(server: FeedServer, n: int = ITEMS) -> str:
    """A feed of real, distinct BBC stories whose pages arrive slowly, so a refresh writes
    over a few seconds."""
    lines = corpus_file("summaries", "dev", "bbc_news_summary_dev.jsonl").read_text()
    stories = [json.loads(line) for line in lines.splitlines()[::7][:n]]
    items = []
    for i, story in enumerate(stories):
        body = "".join(f"<p>{html.escape(p)}</p>" for p in story["text"].split("\n") if p)
        page = (f"<html><head><title>{html.escape(story['title'])}</title></head><body>"
                f"<article><h1>{html.escape(story['title'])}</h1>{body}</article></body></html>")
        url = server.add(f"/p/{i}.html", Response(200, page.encode(), {"Content-Type": "text/html"},
                                                  delay=0.05))
        items.append(rss_item(story["title"], url))
    return server.add_bytes("/cron.xml", rss(items, title="Cron"))


def cron(config: Path, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "briefing", "--config", str(config), "--db",
                             str(db), "refresh", "--quiet"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def errors_shown(app) -> list[str]:
    return [n.message for n in app._notifications if n.severity == "error"]


async def test_the_tui_reads_and_writes_while_cron_refreshes_and_then_shows_the_news(
        tmp_path, feed_server):
    settings = make_settings(tmp_path)
    with Store.open(settings.database) as store:
        for n in range(3):
            add_story(store, n, f"Old story {n}", "Old", "An old story. It has text. " * 5)
    config = write_config(tmp_path, [slow_feed(feed_server)], per_host=4)
    app = BriefingApp(settings, lambda: Store.open(settings.database))  # the real clock
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        before = shown(app)
        proc = cron(config, settings.database)
        keys = ["j", "m", "k", "s", "j", "m", "enter", "escape", "u", "u", "slash"]
        deadline = time.monotonic() + 60
        turn = 0
        while proc.poll() is None and time.monotonic() < deadline:
            await pilot.press(keys[turn % len(keys)])  # reads, and writes (read, star)
            if isinstance(app.focused, Input):
                await pilot.press("escape")
            turn += 1
            await pilot.pause(0.05)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, out + err
        assert "locked" not in out + err
        with Store.open(settings.database) as store:
            assert store.articles.count() == 3 + ITEMS
        for _ in range(100):  # the TUI notices the other process's writes by itself
            await pilot.pause(0.1)
            if shown(app) > before + ITEMS // 2:
                break
        assert shown(app) > before + ITEMS // 2  # distinct stories, most in today's edition
        assert errors_shown(app) == [] and app.is_running
        assert turn > 5  # the UI kept answering keys during the refresh


def shown(app) -> int:
    return len(app.get_screen_stack_base().query_one(StoryList).source)


def test_two_refreshes_at_once_one_waits_out_and_exits_3(tmp_path, feed_server):
    config = write_config(tmp_path, [slow_feed(feed_server, 20)], per_host=1)
    db = tmp_path / "briefing.db"
    first = cron(config, db)
    deadline = time.monotonic() + 20
    while not (tmp_path / "briefing.db.lock").exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.3)
    second = cron(config, db)
    out2, err2 = second.communicate(timeout=60)
    out1, err1 = first.communicate(timeout=60)
    assert first.returncode == 0, out1 + err1
    assert second.returncode == 3, out2 + err2
    assert err2.startswith("briefing: another refresh is running") and err2.count("\n") == 1
    assert str(first.pid) in err2  # names the holder
    assert os.path.exists(db)
