"""The reader (bare `briefing`) and the terminal it runs in, tested on a real process: it
refuses to start without one, and `kill` ends it with the terminal given back."""

from __future__ import annotations

import json
import os
import pty
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from briefing.store import Store
from briefing.tui.saving import SAVE_WAIT
from tests.paths import REPO, SEED, repo_env

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal")


def _command(tmp_path: Path) -> list[str]:
    config = tmp_path / "config.toml"
    config.write_text("feeds = []\n", encoding="utf-8")
    return [sys.executable, "-m", "briefing", "--config", str(config),
            "--db", str(tmp_path / "briefing.db")]


def _env() -> dict[str, str]:
    return repo_env(TERM="xterm-256color", COLUMNS="100", LINES="30")


def test_without_a_terminal_the_reader_refuses_at_once(tmp_path):
    """As from a crontab line that forgot `refresh`: one line, exit 2, nothing drawn and
    no database made (before this, it spun at full CPU writing escape codes)."""
    run = subprocess.run(_command(tmp_path), stdin=subprocess.DEVNULL, capture_output=True,
                         env=_env(), timeout=60, text=True)
    assert run.returncode == 2
    assert run.stdout == ""
    assert run.stderr.strip().splitlines() == [
        "briefing: the reader needs a terminal (stdin and stdout); for cron or scripts use "
        "`briefing refresh`"]
    assert not (tmp_path / "briefing.db").exists()
    made = subprocess.run([*_command(tmp_path), "refresh", "--seeds-only"], env=_env(),
                          capture_output=True, timeout=120)
    assert made.returncode == 0, made.stderr
    again = subprocess.run(_command(tmp_path), stdin=subprocess.DEVNULL, capture_output=True,
                           env=_env(), timeout=60, text=True)
    assert again.returncode == 2 and again.stdout == "" and "needs a terminal" in again.stderr


def test_output_redirected_from_a_terminal_is_refused_too(tmp_path):
    leader, follower = pty.openpty()
    try:
        run = subprocess.run(_command(tmp_path), stdin=follower, capture_output=True,
                             env=_env(), timeout=60, text=True)
    finally:
        os.close(leader)
        os.close(follower)
    assert run.returncode == 2
    assert "needs a terminal" in run.stderr and run.stdout == ""


def _read_until(fd: int, wanted: bytes, seconds: float) -> bytes:
    seen = b""
    end = time.monotonic() + seconds
    while wanted not in seen and time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the process ended and closed the terminal
                break
            if not chunk:
                break
            seen += chunk
    return seen


@contextmanager
def _in_terminal(command: list[str]) -> Iterator[tuple[subprocess.Popen, int]]:
    """The command running in a new terminal: (its process, the terminal's other end);
    killed if still running at the end, the terminal closed."""
    leader, follower = pty.openpty()
    os.set_blocking(leader, True)
    proc = subprocess.Popen(command, stdin=follower, stdout=follower, stderr=follower,
                            env=_env(), start_new_session=True)
    os.close(follower)
    try:
        yield proc, leader
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(leader)


def _read_then_quit(command: list[str], wanted: bytes, seconds: float) -> tuple[int, bytes]:
    """Run the reader in a terminal until it draws `wanted` (or `seconds` pass), then press
    q: (its exit code, what it drew)."""
    with _in_terminal(command) as (proc, leader):
        drawn = _read_until(leader, wanted, seconds)
        os.write(leader, b"q")
        return proc.wait(timeout=30), drawn


def test_sigterm_quits_the_reader_and_gives_the_terminal_back(tmp_path):
    leader, follower = pty.openpty()
    os.set_blocking(leader, True)
    proc = subprocess.Popen(_command(tmp_path), stdin=follower, stdout=follower,
                            stderr=follower, env=_env(), start_new_session=True)
    os.close(follower)
    try:
        drawn = _read_until(leader, b"Briefing", 60)
        assert b"\x1b[?1049h" in drawn, "the reader did not start in the terminal"
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=20)
        rest = _read_until(leader, b"\x1b[?1049l", 5)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(leader)
    assert code == 128 + signal.SIGTERM
    assert b"\x1b[?1049l" in rest, "the alternate screen was left on"


def test_quitting_while_another_program_holds_the_database_leaves_at_once(tmp_path):
    """`sqlite3` (or a long refresh) holds the write lock while the reader marks a story
    and stars it, then `q`: the reader goes within a short bound instead of waiting out
    the long one, says on stderr what was not saved, and writes none of it."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / SEED.name)
    config = tmp_path / "config.toml"
    config.write_text(f"feeds = []\nseeds = {json.dumps(str(seeds))}\n[tui]\nread_after = 600\n",
                      encoding="utf-8")
    database = tmp_path / "briefing.db"
    command = [sys.executable, "-m", "briefing", "--config", str(config), "--db", str(database)]
    made = subprocess.run([*command, "refresh"], env=_env(), capture_output=True, timeout=120)
    assert made.returncode == 0, made.stderr
    with Store.open(database) as store:
        story = store.stories.page(limit=5)[0]
    leader, follower = pty.openpty()
    os.set_blocking(leader, True)
    proc = subprocess.Popen(command, stdin=follower, stdout=follower, stderr=follower,
                            env=_env(), start_new_session=True)
    os.close(follower)
    holder = sqlite3.connect(database, isolation_level=None)
    try:
        drawn = _read_until(leader, b"Full text", 60)  # the key bar: the list is on screen
        assert b"\x1b[?1049h" in drawn and b"Full text" in drawn
        holder.execute("BEGIN IMMEDIATE")  # what `sqlite3` does for a write transaction
        os.write(leader, b"m")
        os.write(leader, b"s")
        _read_until(leader, b"\x00", 1.0)  # the saving thread is waiting for the lock
        os.write(leader, b"q")
        code = proc.wait(timeout=SAVE_WAIT / 2)  # it once waited out the whole SAVE_WAIT
        said = _read_until(leader, b"\x00", 2.0).decode("utf-8", "replace")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(leader)
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 0
    notice = said[said.index("briefing: 2 changes not saved"):]
    assert "another program kept the database busy" in notice
    assert f"“{story.title[:40]}" in notice and "marked read" in notice and "starred" in notice
    with Store.open(database) as store:
        after = next(row for row in store.stories.page(limit=5) if row.id == story.id)
    assert (after.unread_count, after.starred) == (story.unread_count, story.starred)


@pytest.mark.parametrize("first", ["feeds-add", "feeds-list"])
def test_a_database_never_refreshed_gets_the_first_run(tmp_path, feed_server, first):
    """`feeds add` (which makes the database) or `feeds list` (which makes none) before the
    reader's first opening: the reader still reads the seeds, opens on them and fetches
    the feeds in the background."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / SEED.name)
    feed = REPO / "tests" / "data" / "feeds" / "heise-online.atom"
    configured, added = (feed_server.add_file(f"/{name}.atom", feed) for name in ("a", "b"))
    config = tmp_path / "config.toml"
    config.write_text(f"seeds = {json.dumps(str(seeds))}\n[[feeds]]\nurl = "
                      f"{json.dumps(configured)}\n", encoding="utf-8")
    database = tmp_path / "briefing.db"
    command = [sys.executable, "-m", "briefing", "--config", str(config), "--db", str(database)]
    before = (["feeds", "add", "--no-check", added] if first == "feeds-add"
              else ["feeds", "list"])
    made = subprocess.run([*command, *before], env=_env(), capture_output=True, timeout=120)
    assert made.returncode == 0, made.stderr
    assert database.exists() == (first == "feeds-add")
    code, drawn = _read_then_quit(command, b"Refreshed", 90)  # the background fetch ended
    assert code == 0 and b"Refreshed" in drawn
    with Store.open(database) as store:
        sources = {row.source for row in store.articles.page(limit=100)}
        feeds = store.feeds.all()
    assert "seeds" in sources
    fetched = {configured, added} if first == "feeds-add" else {configured}
    assert {f.url for f in feeds if f.last_checked is not None} == fetched


def test_the_reader_opens_at_once_while_a_first_refresh_fills_the_database(tmp_path):
    """A first `briefing refresh` has made the database and holds the refresh lock while
    it fetches, nothing stored yet: the reader opens (its stories arrive as the refresh
    stores them) instead of waiting for the lock to do a first run of its own."""
    from briefing.refresh.lock import RefreshLock

    command = _command(tmp_path)
    database = tmp_path / "briefing.db"
    Store.open(database).close()  # made, never refreshed
    with RefreshLock(database, wait=0):
        code, drawn = _read_then_quit(command, b"No stories", 60)
    assert code == 0 and b"No stories" in drawn, drawn[-300:]


def test_the_first_runs_summary_counts_the_seeds_stored_before_the_reader_opened(
        tmp_path, feed_server):
    """A first run stores the seeds, opens the reader on them, then refreshes in the
    background: that refresh's line counts the seed story too (it once said "Refreshed:
    0 new" under the story just stored), and a refresh pressed later says what it did."""
    from tests.test_refresh import rss

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / SEED.name)
    feed = feed_server.add_bytes("/desk.xml", rss("Desk", [{
        "title": "Budget passed", "guid": "desk-1",
        "description": "The council approved the budget on Monday after a long debate."}]))
    config = tmp_path / "config.toml"
    config.write_text(f"seeds = {json.dumps(str(seeds))}\n[[feeds]]\nurl = "
                      f"{json.dumps(feed)}\n", encoding="utf-8")
    database = tmp_path / "briefing.db"
    command = [sys.executable, "-m", "briefing", "--config", str(config), "--db", str(database)]
    with _in_terminal(command) as (proc, leader):
        first = _read_until(leader, b"Refreshed: ", 90)
        first += _read_until(leader, b"updated", 5)
        os.write(leader, b"r")
        again = _read_until(leader, b"Refreshed: ", 60)
        again += _read_until(leader, b"updated", 5)
        os.write(leader, b"q")
        code = proc.wait(timeout=30)
    assert code == 0
    assert b"Refreshed: 2 new, 0 updated" in first, first[-400:]  # the seed and the item
    assert b"Refreshed: 0 new, 0 updated" in again, again[-400:]
