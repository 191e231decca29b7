"""A refresh killed with SIGKILL at random points, many times over, leaves a database
that passes `PRAGMA integrity_check`, with no duplicate and no half-written story; the
next refresh completes the work (issue 7).

tests/test_refresh.py kills one refresh once at a chosen point; this kills a run of them
at random moments (the seed is printed, and BRIEFING_CRASH_SEED replays it).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.feedserver import Response
from tests.test_concurrency import slow_feed
from tests.test_feeds import write_config

KILLS = 8
ITEMS = 30


def check_database(db: Path) -> int:
    """Every invariant a crash could break; returns the number of stored articles."""
    conn = sqlite3.connect(db, timeout=10)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "articles" not in tables:
            # Killed while the new database was being created: a migration is all or
            # nothing, so no briefing table may exist yet (the next refresh creates them).
            assert not tables - {"_sqlite_migrations"}, tables
            return 0
        dupes = conn.execute("SELECT key FROM articles GROUP BY key HAVING count(*) > 1")
        assert dupes.fetchall() == []
        # No half-written story: every article has its brief and its search entry.
        assert conn.execute("""SELECT count(*) FROM articles a LEFT JOIN briefs b
                               ON b.article_id = a.id WHERE b.article_id IS NULL""").fetchone()[0] == 0
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        assert conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == articles
        assert conn.execute("""SELECT count(*) FROM articles WHERE title = '' OR text = ''
                               OR content_hash IS NULL""").fetchone()[0] == 0
        return articles
    finally:
        conn.close()


def stored(db: Path) -> int:
    try:
        conn = sqlite3.connect(db, timeout=10)
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:  # not created yet
        return 0


def wait_for_progress(db: Path, before: int, proc: subprocess.Popen, limit: float = 30) -> None:
    """Until the refresh has stored more than `before` articles (or ended, or time is up)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists() and stored(db) > before:
            return
        time.sleep(0.02)


def test_sigkill_at_random_points_many_times(tmp_path, feed_server):
    seed = int(os.environ.get("BRIEFING_CRASH_SEED", random.randrange(1 << 30)))
    print(f"BRIEFING_CRASH_SEED={seed}")
    rng = random.Random(seed)
    feed = slow_feed(feed_server, ITEMS)
    feed_server.add("/flaky.xml", Response(200, b"<rss><channel><title>x</title>", delay=0.3))
    config = write_config(tmp_path, [feed, feed_server.url("/flaky.xml")], per_host=2)
    db = tmp_path / "briefing.db"
    cmd = [sys.executable, "-m", "briefing", "--config", str(config), "refresh", "--quiet"]
    counts = []
    for kill in range(KILLS):
        proc = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        if kill % 2:
            # Every other kill waits for the refresh to store something first, so kills land
            # among the writes even on a slow, loaded machine.
            wait_for_progress(db, counts[-1] if counts else 0, proc)
            time.sleep(rng.uniform(0.0, 0.3))
        else:
            time.sleep(rng.uniform(0.05, 1.5))  # from start-up to the middle of the writes
        os.killpg(proc.pid, signal.SIGKILL)  # the refresh and its parsing workers
        proc.wait()
        if db.exists():
            counts.append(check_database(db))
        else:
            counts.append(0)
        assert counts == sorted(counts), (seed, kill, counts)  # nothing stored is lost
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1), (seed, counts, done.stderr)  # 1: the flaky feed
    assert "Traceback" not in done.stderr
    assert check_database(db) == ITEMS, (seed, counts, done.stdout, done.stderr)
    conn = sqlite3.connect(db)
    try:  # every article in a story whose row counts it (merged by the batch or the end)
        assert conn.execute("SELECT count(*) FROM story_articles").fetchone()[0] == ITEMS
        assert conn.execute("""SELECT count(*) FROM story_articles sa LEFT JOIN stories s
                               ON s.id = sa.story_id WHERE s.id IS NULL""").fetchone()[0] == 0
        assert conn.execute("""SELECT coalesce(sum(article_count), 0) FROM stories""").fetchone()[0] == ITEMS
    finally:
        conn.close()
    assert any(0 < c < ITEMS for c in counts) or counts[-1] == ITEMS, (seed, counts)
