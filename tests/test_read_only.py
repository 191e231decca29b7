"""A database on read-only storage (a read-only mount, a file that is not ours): the
commands that only read work, the ones that write say plainly what cannot be written.

Made read-only for real: the folder mode 0o555 and the file 0o444. Root ignores modes, so
when the suite runs as root the commands run under `setpriv` without capabilities (root
then obeys modes like anyone); without `setpriv` such a run is skipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.paths import REPO, SEED, repo_env


def _refused_writes(folder: Path) -> list[str] | None:
    """The prefix that runs a command without the power to write into `folder` (empty:
    none is needed), or None when this machine has no such way."""
    if not os.access(folder, os.W_OK):
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    prefix = [setpriv, "--inh-caps=-all", "--bounding-set=-all"]
    probe = subprocess.run([*prefix, "test", "-w", str(folder)], timeout=30)
    return prefix if probe.returncode != 0 else None


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Path]:
    """A folder holding a config, and `store/briefing.db` with one article from a seed."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / SEED.name)
    (tmp_path / "config.toml").write_text(f'feeds = []\nseeds = "{seeds}"\n', encoding="utf-8")
    (tmp_path / "store").mkdir()
    made = _briefing(tmp_path, [], "refresh", "--seeds-only", "--quiet")
    assert made.returncode == 0, made.stderr
    yield tmp_path
    for path in (tmp_path / "store", *(tmp_path / "store").iterdir()):
        path.chmod(0o755)  # so the temporary folder can be removed


def _briefing(home: Path, prefix: list[str], *args: str,
              db: str = "store/briefing.db") -> subprocess.CompletedProcess[str]:
    return subprocess.run([*prefix, sys.executable, "-m", "briefing", "--config",
                           str(home / "config.toml"), "--db", str(home / db), *args],
                          capture_output=True, text=True, timeout=120,
                          env=repo_env())


def _lock_down(library: Path, *, folder: bool) -> list[str]:
    store = library / "store"
    (store / "briefing.db").chmod(0o444)
    if folder:
        store.chmod(0o555)
    prefix = _refused_writes(store if folder else store / "briefing.db")
    if prefix is None:
        pytest.skip("running as root without `setpriv`: file modes cannot make a file "
                    "read-only here")
    return prefix


READS = [("list",), ("show", "{id}"), ("show", "{id}", "--markdown"), ("show", "{id}", "--json"),
         ("search", "meeting"), ("stories",), ("digest", "--since", "36500d"),
         ("prompt", "{id}"), ("feeds", "list"), ("export-opml",)]


def _article_id(library: Path) -> str:
    listed = _briefing(library, [], "list")
    assert listed.returncode == 0, listed.stderr
    return listed.stdout.split()[0]


@pytest.mark.parametrize("folder", [True, False], ids=["folder", "file"])
def test_reading_works_on_read_only_storage(library, folder):
    """In a read-only folder even the write-ahead log's index cannot be made: SQLite reads
    the file as it is (immutable), and nothing is left beside it. A read-only file in a
    folder that can be written (one not ours, or made immutable) is read with `mode=ro`,
    and SQLite may leave its write-ahead log and index beside it, empty."""
    ident = _article_id(library)
    prefix = _lock_down(library, folder=folder)
    before = sorted(p.name for p in (library / "store").iterdir())
    for command in READS:
        done = _briefing(library, prefix, *(a.format(id=ident) for a in command))
        assert done.returncode == 0, (command, done.stderr)
        assert done.stderr == "" or command[0] == "prompt", (command, done.stderr)
    shown = _briefing(library, prefix, "show", ident)
    assert "face-to-face meeting" in shown.stdout
    if folder:  # else SQLite may make the log and its index beside the file, empty
        assert sorted(p.name for p in (library / "store").iterdir()) == before


@pytest.mark.parametrize(("folder", "reason"), [
    (True, "its folder {store} is read-only"),
    (False, "the file is read-only"),
])
def test_a_command_that_writes_says_what_is_read_only(library, folder, reason):
    ident = _article_id(library)
    prefix = _lock_down(library, folder=folder)
    expected = (f"briefing: {library / 'store' / 'briefing.db'}: cannot write to the "
                f"database: {reason.format(store=library / 'store')}")
    for command in (("feeds", "add", "http://127.0.0.1:9/feed.xml", "--no-check"),
                    ("refresh", "--seeds-only"), ("rebrief", "--all")):
        done = _briefing(library, prefix, *command)
        assert done.returncode == 1, (command, done.stderr)
        assert done.stderr.splitlines()[0].startswith(expected), (command, done.stderr)
    assert _briefing(library, prefix, "show", ident).returncode == 0  # reading still works


def test_a_file_of_another_user_is_named_so(library):
    """A database left by `sudo briefing refresh`, say: the reason is its owner, not a
    mount or its permissions."""
    if os.geteuid() != 0:
        pytest.skip("needs root to give the file to another user")
    database = library / "store" / "briefing.db"
    os.chown(database, 65534, 65534)
    database.chmod(0o644)
    prefix = _refused_writes(database)
    if not prefix:
        pytest.skip("no `setpriv` to run a command without root's power to write")
    done = _briefing(library, prefix, "feeds", "add", "http://127.0.0.1:9/f.xml", "--no-check")
    assert done.returncode == 1
    assert done.stderr.startswith(f"briefing: {database}: cannot write to the database: the "
                                  "file is read-only: it belongs to another user"), done.stderr


def test_a_lock_file_of_another_user_is_named_so(library):
    """A lock file left by `sudo briefing refresh` in a folder the user can write: the
    message names the lock file, not a read-only database."""
    if os.geteuid() != 0:
        pytest.skip("needs root to give the lock file to another user")
    lock = library / "store" / "briefing.db.lock"
    lock.write_text("")
    os.chown(lock, 65534, 65534)
    lock.chmod(0o644)
    prefix = _refused_writes(lock)
    if not prefix:
        pytest.skip("no `setpriv` to run a command without root's power to write")
    done = _briefing(library, prefix, "refresh", "--seeds-only")
    assert done.returncode == 1
    assert done.stderr.startswith(f"briefing: cannot open the refresh lock {lock} "
                                  "(Permission denied): it was left by another user"), done.stderr


def test_a_read_only_file_in_a_writable_folder_is_read_as_usual(library):
    prefix = _lock_down(library, folder=False)
    done = _briefing(library, prefix, "stories")
    assert done.returncode == 0 and "face-to-face" in done.stdout, done.stderr


def test_a_read_only_folder_with_changes_left_in_the_write_ahead_log_is_refused(library):
    """A commit still in briefing.db-wal (its writer died before folding it into the file)
    cannot be read without the log's index, which cannot be made in a read-only folder:
    reading the file as it is would show old data as if current, so it is refused."""
    db = library / "store" / "briefing.db"
    writer = subprocess.run([sys.executable, "-c", (
        "import os, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1])\n"
        "c.execute('PRAGMA wal_autocheckpoint = 0')\n"
        "c.execute(\"UPDATE articles SET title = 'Changed in the log'\")\n"
        "c.commit()\n"
        "os._exit(0)  # no checkpoint at close: the commit stays in the log\n"), str(db)],
        timeout=60)
    assert writer.returncode == 0 and (library / "store" / "briefing.db-wal").stat().st_size
    (library / "store" / "briefing.db-shm").unlink()
    prefix = _lock_down(library, folder=True)
    done = _briefing(library, prefix, "list", "--json")
    assert done.returncode == 1, done.stdout
    assert "has changes not yet written into the file" in done.stderr, done.stderr
    assert "open it once where it can be written" in done.stderr


def test_feeds_check_by_id_only_reads(library, feed_server):
    feed = REPO / "tests" / "data" / "feeds" / "heise-online.atom"
    url = feed_server.add_file("/feed.atom", feed)
    added = _briefing(library, [], "feeds", "add", url, "--no-check")
    assert added.returncode == 0, added.stderr
    prefix = _lock_down(library, folder=True)
    for args in (("feeds", "check", "1"), ("feeds", "check")):
        done = _briefing(library, prefix, *args)
        assert "cannot write" not in done.stderr, (args, done.stderr)
        assert url in done.stdout, (args, done.stdout, done.stderr)


def test_the_feed_commands_read_a_read_only_file_with_the_configs_feeds(library,
                                                                       feed_server):
    """`feeds list`, `feeds check` and `export-opml` only read: on a database file that
    cannot be written, in a folder that can, they list the feeds as stored, plus a
    config feed added since (it cannot be stored), instead of failing to write."""
    feed = REPO / "tests" / "data" / "feeds" / "heise-online.atom"
    stored, added = (feed_server.add_file(f"/{name}.atom", feed) for name in ("a", "b"))
    config = library / "config.toml"
    config.write_text(config.read_text().replace("feeds = []\n", "")
                      + f'[[feeds]]\nurl = "{stored}"\n')
    assert _briefing(library, [], "feeds", "list").returncode == 0  # stores the feed
    config.write_text(config.read_text() + f'[[feeds]]\nurl = "{added}"\nname = "Later"\n')
    prefix = _lock_down(library, folder=False)
    for command in (("feeds", "list"), ("feeds", "check"), ("export-opml",)):
        done = _briefing(library, prefix, *command)
        # `feeds check` finds the saved feed stale (exit 4), which is not the point here.
        assert done.returncode in (0, 4), (command, done.stderr)
        assert "cannot write" not in done.stderr, (command, done.stderr)
        assert stored in done.stdout and added in done.stdout, (command, done.stdout)
    listed = _briefing(library, prefix, "feeds", "list").stdout
    assert f"   1  {stored}  (config)" in listed, listed
    assert "   -  Later  (config)" in listed and "not in the database, which is read-only" in listed


READER = """
import asyncio, sys
from briefing.config import load_settings
from briefing.store import Store
from briefing.tui.app import make_app
from briefing.tui.widgets.story_list import StoryList

async def main():
    import dataclasses, pathlib
    settings = dataclasses.replace(load_settings(pathlib.Path(sys.argv[1])),
                                   database=pathlib.Path(sys.argv[2]))
    app = make_app(settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.3)
        first = app.query_one(StoryList).current.id
        await pilot.press("m", "s", "j", "k", "r")
        await pilot.pause(0.5)
        for n in app._notifications:
            print("NOTICE", n.message.replace("\\n", " "))
        print("RUNNING", app.is_running, app.read_only)
    with Store.open_for_reading(settings.database) as store:
        print("READ", store.articles.get(first).read)

asyncio.run(main())
"""


def test_the_reader_opens_a_read_only_database(library):
    """The reader reads, and says why it cannot write once; each key that writes says it
    was not saved, and nothing is saved."""
    prefix = _lock_down(library, folder=True)
    before = sorted(p.name for p in (library / "store").iterdir())
    done = subprocess.run([*prefix, sys.executable, "-c", READER, str(library / "config.toml"),
                           str(library / "store" / "briefing.db")],
                          capture_output=True, text=True, timeout=120,
                          env=repo_env())
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "RUNNING True True" in lines, done.stdout
    notices = [line for line in lines if line.startswith("NOTICE")]
    assert "is read-only" in notices[0], notices  # said once, when it opens
    assert any(n.startswith("NOTICE Not saved: “") and n.endswith(
        "marked read (the database cannot be written).") for n in notices), notices
    assert any(n.startswith("NOTICE Not saved: “") and n.endswith(
        "starred (the database cannot be written).") for n in notices), notices
    assert any("Cannot refresh: the database cannot be written; its folder" in n
               for n in notices), notices
    assert "READ False" in lines
    assert sorted(p.name for p in (library / "store").iterdir()) == before


LOCKED_WHILE_OPEN = """
import asyncio, dataclasses, os, pathlib, sys
from briefing.config import load_settings
from briefing.store import Store
from briefing.tui.app import make_app
from briefing.tui.widgets.story_list import StoryList

async def main():
    settings = dataclasses.replace(load_settings(pathlib.Path(sys.argv[1])),
                                   database=pathlib.Path(sys.argv[2]))
    app = make_app(settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.3)
        os.chmod(settings.database, 0o444)  # made read-only while the reader has it open
        for key in ("s", "s", "m", "r"):
            await pilot.press(key)
            await pilot.pause(0.6)  # the saving thread (or the refresh) has answered
            row = app.query_one(StoryList).current
            print("ROW", key, row.starred, row.read)
            for n in app._notifications:
                print("NOTICE", n.identity, n.message.replace("\\n", " "))
    print("UNSAVED", app.saver.unsaved_notice())
    with Store.open_for_reading(settings.database) as store:
        row = store.stories.page(limit=5)[0]
        print("STORED", row.starred, row.read)

asyncio.run(main())
"""


def test_a_database_that_becomes_read_only_while_the_reader_has_it_open(library):
    """The first star refused says why, in words a user can act on; each later `s` or
    `m` says it was not saved (never "Starred"), the row shows what is stored, and `r`
    says the database cannot be written rather than SQLite's own message."""
    db = library / "store" / "briefing.db"
    db.chmod(0o444)
    prefix = _refused_writes(db)
    db.chmod(0o644)
    if prefix is None:
        pytest.skip("running as root without `setpriv`: file modes cannot make a file "
                    "read-only here")
    (library / "config.toml").write_text(
        (library / "config.toml").read_text() + "[tui]\nread_after = 600\n")
    done = subprocess.run([*prefix, sys.executable, "-c", LOCKED_WHILE_OPEN,
                           str(library / "config.toml"), str(db)],
                          capture_output=True, text=True, timeout=120,
                          env=repo_env())
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert [line for line in lines if line.startswith("ROW")] == [
        "ROW s False False", "ROW s False False", "ROW m False False", "ROW r False False"]
    notices = list({line.split(" ", 2)[1]: line.split(" ", 2)[2] for line in lines
                    if line.startswith("NOTICE")}.values())  # each notice once
    assert not any(n in ("Starred", "Unstarred") for n in notices), notices
    assert not any("readonly database" in n for n in notices), notices
    assert notices[0].startswith("Changes cannot be saved: the database cannot be written; "
                                 "the file is read-only"), notices  # the first `s`: why
    not_saved = [n for n in notices if n.startswith("Not saved: “")]
    assert len(not_saved) == 2, notices  # the second `s`, and `m`: each said
    assert not_saved[0].endswith("starred (the database cannot be written).")
    assert not_saved[1].endswith("marked read (the database cannot be written).")
    assert any(n.startswith("Cannot refresh: the database cannot be written; the file is "
                            "read-only") for n in notices), notices
    assert "STORED False False" in lines
