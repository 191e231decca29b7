"""A full disk, a read-only or damaged database, a missing or unreadable config: one
clear line and an exit code, never a traceback, and a damaged file is never overwritten.

The disk-full case runs the real CLI in a subprocess with a file-size limit
(RLIMIT_FSIZE: writes past it fail with EFBIG, as on a full disk). Permission cases run
the command in a forked child as `nobody` when the tests run as root (root ignores file
modes), else as the current user.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.store.connection import SCHEMA_VERSION
from tests.paths import SEED
from tests.test_feeds import write_config
from tests.test_parser_safety import rss, rss_item

NOBODY = 65534


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    out = result.output  # click mixes stderr in
    if result.exception and not isinstance(result.exception, SystemExit):
        out += f"\nTraceback: {result.exception!r}"
    return result.exit_code, out


def assert_one_clean_line(code: int, out: str, expected_code: int, *words: str) -> None:
    assert code == expected_code, out
    assert "Traceback" not in out and out.strip().count("\n") == 0, out
    assert out.startswith("briefing: "), out
    for word in words:
        assert word in out, out


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def unprivileged(*args: str) -> tuple[int, str]:
    """Run a CLI command in a forked child that cannot override file modes."""
    if os.geteuid() != 0:
        return invoke(*args)
    invoke("--help")  # imports done by root first: the child may not read /root
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop root, run, report, leave without cleanup
        try:
            os.close(read)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            code, out = invoke(*args)
            os.write(write, json.dumps([code, out]).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    code, out = json.loads(data)
    return code, out


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder `nobody` can enter (pytest's tmp_path is private to root)."""
    path = Path(tempfile.mkdtemp(prefix="briefing-faults-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def seeded(folder: Path) -> Path:
    config = write_config(folder, [])
    shutil.copy(SEED, folder / "seeds" / SEED.name)
    return config


def test_missing_unreadable_and_broken_configs_exit_2(shared_dir, monkeypatch):
    monkeypatch.delenv("BRIEFING_CONFIG", raising=False)
    assert_one_clean_line(*invoke("--config", str(shared_dir / "nope.toml"), "list"), 2,
                          "config file not found")
    monkeypatch.setenv("BRIEFING_CONFIG", str(shared_dir / "gone.toml"))
    assert_one_clean_line(*invoke("list"), 2, "not found", "BRIEFING_CONFIG")
    monkeypatch.delenv("BRIEFING_CONFIG")
    for name, body in (("binary.toml", b"\xff\xfe\x00garbage"), ("bad.toml", b"a = [1,\n"),
                       ("type.toml", b"keep_days = 'x'\n")):
        (shared_dir / name).write_bytes(body)
        code, out = invoke("--config", str(shared_dir / name), "list")
        assert_one_clean_line(code, out, 2, name)
    secret = shared_dir / "secret.toml"
    secret.write_text("keep_days = 3\n")
    secret.chmod(0o600)
    code, out = unprivileged("--config", str(secret), "list")
    assert_one_clean_line(code, out, 2, "secret.toml", "ermission denied")
    (shared_dir / "folder.toml").mkdir()
    assert_one_clean_line(*invoke("--config", str(shared_dir / "folder.toml"), "list"), 2,
                          "is a directory")
    assert_one_clean_line(*invoke("--db", str(shared_dir), "list"), 2, "is a directory")
    monkeypatch.setenv("BRIEFING_CONFIG", str(secret))
    code, out = unprivileged("list")
    assert_one_clean_line(code, out, 2, "secret.toml", "ermission denied")


def test_a_read_only_database_is_a_clear_error_and_stays_as_it_was(shared_dir, monkeypatch):
    monkeypatch.setenv("BRIEFING_CONFIG", str(seeded(shared_dir)))
    assert invoke("refresh", "--seeds-only")[0] == 0
    db = shared_dir / "briefing.db"
    for path in shared_dir.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)  # readable by all, writable by root
    (shared_dir / "seeds" / "new.txt").write_text("A new story. " * 40)
    before = sha(db)
    for args in (("refresh", "--seeds-only"),
                 ("feeds", "add", "--no-check", "http://example.org/f")):
        code, out = unprivileged(*args)
        assert_one_clean_line(code, out, 1, str(db))
        assert "read-only" in out or "permission" in out or "cannot" in out, out
    assert sha(db) == before


def test_a_corrupt_database_is_reported_and_never_overwritten(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_CONFIG", str(seeded(tmp_path)))
    assert invoke("refresh", "--seeds-only")[0] == 0
    db = tmp_path / "briefing.db"
    sqlite3.connect(db).execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
    good = db.read_bytes()
    damaged = {
        "garbage": b"this is not a database " * 500,
        "zeroed pages": good[:4096] + b"\0" * (len(good) - 4096),
        "truncated": good[: len(good) // 3],
        "scribbled": good[:100] + os.urandom(len(good) - 100),
    }
    outcomes: list[tuple[str, str, int]] = []
    for name, data in damaged.items():
        db.write_bytes(data)
        for suffix in ("-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        for args in (["list"], ["refresh", "--seeds-only"], ["search", "x"], []):
            code, out = invoke(*args)
            outcomes.append((name, args[0] if args else "tui", code))
            assert_one_clean_line(code, out, 1, str(db))
            assert db.read_bytes() == data, (name, args)  # never overwritten
        assert db.read_bytes() == data, name
    assert len(outcomes) == 16  # 4 damages x (list, refresh, search, the TUI's start)


def test_disk_full_mid_refresh_fails_cleanly_and_loses_nothing(tmp_path, feed_server):
    items = [rss_item(f"Story {i}", f"http://example.org/{i}") .replace(
        "</description>", " " + f"Sentence number {i} about the harbour. " * 120
        + "</description>") for i in range(300)]
    feed = feed_server.add_bytes("/big.xml", rss(items))
    config = write_config(tmp_path, [feed], full_text=False, max_items=0)
    env = {**os.environ, "BRIEFING_CONFIG": str(config)}
    cmd = [sys.executable, "-m", "briefing", "refresh", "--quiet"]
    db = tmp_path / "briefing.db"
    seed_done = subprocess.run([*cmd[:-1], "--seeds-only"], env=env, capture_output=True,
                               timeout=60)
    assert seed_done.returncode == 0
    size = db.stat().st_size

    def tiny_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of a kill
        limit = size + 300_000
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    full = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120,
                          preexec_fn=tiny_disk)
    assert full.returncode == 1, full.stdout + full.stderr
    assert "Traceback" not in full.stderr and "full" in full.stderr, full.stderr
    assert full.stderr.strip().count("\n") == 0, full.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    partial = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    conn.close()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 300 > partial
    assert conn.execute("SELECT count(*) FROM briefs").fetchone()[0] == 300
    conn.close()


def test_a_database_from_a_newer_version_is_refused_and_left_as_it_is(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_CONFIG", str(seeded(tmp_path)))
    assert invoke("refresh", "--seeds-only")[0] == 0
    db = tmp_path / "briefing.db"
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 99")
    for args in (["list"], ["refresh", "--seeds-only"], []):
        assert_one_clean_line(*invoke(*args), 1, str(db), "newer", "upgrade briefing")
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 99
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                     "VALUES ('briefing', 'm999_from_the_future', '2030-01-01')")
    for args in (["list"], ["refresh", "--seeds-only"], []):
        assert_one_clean_line(*invoke(*args), 1, str(db), "m999_from_the_future", "upgrade")
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_database_another_program_keeps_locked_ends_with_exit_code_3(tmp_path):
    # The error SQLite raises when another connection holds the write lock (without
    # waiting: the CLI's own wait is 30 seconds), mapped as the CLI maps it.
    from briefing.cli.app import machine_exit_code

    path = tmp_path / "b.db"
    holder = sqlite3.connect(path)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(path, timeout=0)
    with pytest.raises(sqlite3.OperationalError) as locked:
        other.execute("INSERT INTO t VALUES (1)")
    holder.rollback()
    assert machine_exit_code(locked.value) == 3
    with pytest.raises(sqlite3.DatabaseError) as damaged:
        (tmp_path / "junk.db").write_bytes(b"not a database" * 100)
        sqlite3.connect(tmp_path / "junk.db").execute("SELECT * FROM sqlite_master")
    assert machine_exit_code(damaged.value) == 1
    assert machine_exit_code(OSError(28, "No space left on device")) == 1
