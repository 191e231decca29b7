"""The store's one connection to the SQLite file: opening (and migrating) it, read-only
access, transactions, and running statements.

WAL lets the TUI read while a refresh writes; a busy timeout makes a writer wait for
another instead of failing. Every multi-row change runs in one transaction, so a crash
leaves either the old story or the new one, never half of it.
"""

from __future__ import annotations

import errno
import itertools
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing.clock import Clock, system_clock
from briefing.errors import EXIT_USAGE, BriefingError
from briefing.store.tags import add_tag_function

if TYPE_CHECKING:
    from sqlite_utils import Database

BUSY_TIMEOUT_MS = 30_000
_SAVEPOINTS = itertools.count()
MIGRATIONS = ("m001_initial", "m002_article_aliases", "m003_stories", "m004_feed_body_hash",
              "m005_llm_answers", "m006_cluster_totals", "m007_articles_to_cluster",
              "m008_seed_failures", "m009_item_failures", "m010_article_page_error",
              "m011_cluster_postings_by_story", "m012_feed_items_stored",
              "m013_search_whole_words")
"""The names of `schema`'s migrations, in order (a test keeps the two lists equal): a
database that records another name comes from a newer briefing."""
SCHEMA_VERSION = len(MIGRATIONS)
"""A database at this `user_version` needs no migration, so opening it imports neither
sqlite-migrate nor sqlite-utils (the reader starts faster)."""


class StoreError(BriefingError):
    """The database cannot be opened or used; the message says why."""

    def __init__(self, message: str = "", *, read_only: bool = False,
                 exit_code: int | None = None) -> None:
        super().__init__(message, exit_code)
        self.read_only = read_only
        """It failed because the file or its folder cannot be written (it may still be
        read: see `Store.open_for_reading`)."""


_BAD_PATH = frozenset({errno.ENOENT, errno.ENOTDIR, errno.ENAMETOOLONG, errno.ELOOP})
"""The errors of a database path no file can be made at."""

_SQLITE_READONLY = 8
_SQLITE_CANTOPEN = 14


def _unwritten_log(path: Path) -> bool:
    """A write-ahead log beside the database that may hold commits: `immutable=1` would
    read the file without them, showing old data as current."""
    try:
        return path.with_name(path.name + "-wal").stat().st_size > 0
    except OSError:
        return False


def cannot_write(err: sqlite3.Error | OSError, path: Path) -> bool:
    """The error says the database, its folder or its journal cannot be written."""
    if isinstance(err, OSError):
        return err.errno in (errno.EROFS, errno.EACCES, errno.EPERM)
    code = getattr(err, "sqlite_errorcode", 0) & 0xFF
    return code == _SQLITE_READONLY or (code == _SQLITE_CANTOPEN and not _writable(path))


def _writable(path: Path) -> bool:
    folder = path.parent
    return os.access(folder, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def _file_in_the_way(path: Path) -> Path | None:
    """The nearest of `path`'s parents that exists and is not a folder (a database path
    mistyped under a file), else None."""
    for parent in path.parents:
        if parent.exists():
            return None if parent.is_dir() else parent
    return None


def unusable_path(path: Path) -> str | None:
    """Why no database file can ever be at `path`, in the user's words, else None: a
    parent that is a file, a name longer than the file system takes, a loop of symbolic
    links. The setting is wrong (exit 2), not the database missing: every command that
    opens or looks for the database asks this first, so they agree."""
    try:
        if (blocker := _file_in_the_way(path)) is not None:
            return f"{blocker} is a file, not a folder"
        os.stat(path)
    except OSError as err:
        if err.errno != errno.ENOENT and err.errno in _BAD_PATH:
            return (err.strerror or str(err)).lower()  # "file name too long"
    # SQLite keeps its journal beside the file, named after it with "-journal": a name
    # the file system takes, but not with that added, cannot hold a database.
    if len(os.fsencode(path.name + _JOURNAL)) > _name_max(path.parent):
        return "file name too long"
    return None  # there, or can be made (what else fails, opening it says)


_JOURNAL = "-journal"


def _name_max(folder: Path) -> int:
    """The longest file name, in bytes, the file system at `folder` (or its nearest
    existing parent) takes; 255 when it cannot be asked."""
    for place in (folder, *folder.parents):
        try:
            return os.pathconf(place, "PC_NAME_MAX")
        except (OSError, ValueError):
            continue
    return 255


def read_only_reason(path: Path) -> str:
    """Which of the file and its folder cannot be written, in the user's words."""
    if path.parent.exists() and not os.access(path.parent, os.W_OK):
        return f"its folder {path.parent} is read-only (a read-only mount or not yours)"
    if path.exists() and not os.access(path, os.W_OK):
        import stat

        mode = path.stat()
        if mode.st_uid != os.geteuid():
            return "the file is read-only: it belongs to another user"
        if not mode.st_mode & stat.S_IWUSR:
            return "the file is read-only: its permissions allow no writing (chmod u+w)"
        return "the file is read-only: it is marked immutable (lsattr shows an i)"
    return "the file or its folder is read-only (a read-only mount or not yours)"


def _cannot_open(path: Path, err: sqlite3.Error) -> str:
    """Why the database cannot be opened and, for a damaged file, what to do."""
    text = str(err)
    if "malformed" in text or "not a database" in text:
        import shlex

        aside = shlex.quote(f"{path}.damaged")
        return (f"{path}: the database is damaged or not a briefing database ({text}); it "
                f"was left as it is: move it aside (mv {shlex.quote(str(path))} {aside}) and "
                "run `briefing refresh` to start afresh, or restore a copy")
    return f"{path}: cannot open the database: {text}"


class NewerDatabase(sqlite3.DatabaseError):
    """The database was written by a newer briefing: migrating it would lose its schema."""


def _refuse_newer(conn: sqlite3.Connection) -> None:
    """Raise NewerDatabase for a schema this version does not know: a higher user_version
    or a migration it never had. Opening such a file would reset its version."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise NewerDatabase(f"its schema version {version} is newer than this briefing's "
                            f"({SCHEMA_VERSION}); upgrade briefing to open it")
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = '_sqlite_migrations'"
                        ).fetchone():
        return
    recorded = {name for (name,) in conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = 'briefing'")}
    unknown = sorted(recorded - set(MIGRATIONS))
    if unknown:
        raise NewerDatabase(f"it records migration {unknown[0][:80]!r}, which this briefing "
                            "does not have; upgrade briefing to open it")


def needs_upgrade(path: Path) -> bool:
    """Opening the database at `path` will migrate it: it holds data from an older
    briefing and can be written (a large one takes seconds, so the caller may say so
    first). False for a missing or empty file, a current or newer one, one that cannot be
    written or read: opening it creates it at once or says why it cannot."""
    try:
        if path.stat().st_size == 0 or not _writable(path):
            return False
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    except (OSError, sqlite3.Error):
        return False
    try:
        if conn.execute("PRAGMA user_version").fetchone()[0] >= SCHEMA_VERSION:
            return False
        return conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is not None
    except sqlite3.Error:
        return False
    finally:
        conn.close()


class Connection:
    """One connection to the database, with the app's clock. Use one per thread."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None,
                 clock: Clock = system_clock) -> None:
        self.conn = conn
        self.path = path
        self.clock = clock
        """The app's clock: it stamps rows, and the refresh and the reader read it too."""
        self.read_only = False
        """Opened read-only by `open_for_reading`: writes fail."""
        self._db: Database | None = None
        add_tag_function(conn)

    @property
    def db(self) -> Database:
        """The connection as a sqlite-utils Database, for writes through its table API.

        Made on first use: reads go straight to `conn`, so the reader never imports it.
        """
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn)  # also sets recursive_triggers, as open does
        return self._db

    @classmethod
    def open(cls, path: Path, *, clock: Clock = system_clock) -> Connection:
        """Open (creating if needed) and migrate the database at `path`; `clock` is the
        app's one clock (see `briefing.clock`)."""
        conn = None
        if (unusable := unusable_path(path)) is not None:
            raise StoreError(f"{path}: cannot create the database: {unusable}",
                             exit_code=EXIT_USAGE)
        if path.is_file() and not _writable(path):
            # SQLite would open it read-only without a word, and the first write would
            # fail: refused here, so `open_for_reading` reads it as it reads a read-only
            # mount, and a command that writes says so before it starts.
            raise StoreError(f"{path}: cannot write to the database: "
                             f"{read_only_reason(path)}", read_only=True)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            # As sqlite-utils does: REPLACE fires delete triggers, keeping the FTS in sync.
            conn.execute("PRAGMA recursive_triggers = ON")
            _refuse_newer(conn)  # before anything is written to it
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = wal")
            opened = cls(conn, path, clock)
            if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                from briefing.store import schema

                schema.apply(opened.db)
        except sqlite3.DatabaseError as err:
            if conn is not None:
                conn.close()
            if cannot_write(err, path):
                raise StoreError(f"{path}: cannot write to the database: "
                                 f"{read_only_reason(path)}", read_only=True) from None
            raise StoreError(_cannot_open(path, err)) from None
        except OSError as err:
            # A path that names no place a file can be made (a folder that cannot exist)
            # is the setting's problem, as a path under a file is; a full disk is not.
            raise StoreError(f"{path}: cannot create the database: {err.strerror}",
                             read_only=cannot_write(err, path),
                             exit_code=EXIT_USAGE if err.errno in _BAD_PATH else None,
                             ) from None
        return opened

    @classmethod
    def open_for_reading(cls, path: Path, *, clock: Clock = system_clock) -> Connection:
        """The connection for work that only reads: opened as `open` does when the database
        can be written, else read-only (a read-only mount, a file that is not ours).
        Read-only, SQLite is asked for `mode=ro`; when even the write-ahead log's index
        cannot be made beside the file, for `immutable=1`, which reads the file as it is."""
        try:
            return cls.open(path, clock=clock)
        except StoreError as err:
            if not err.read_only or not path.is_file():
                raise
        failure: sqlite3.Error | None = None
        for options in ("mode=ro", "immutable=1"):
            if options == "immutable=1" and _unwritten_log(path):
                raise StoreError(
                    f"{path}: the database has changes not yet written into the file (in "
                    f"{path.name}-wal) and {read_only_reason(path)}; open it once where it "
                    "can be written") from None
            try:
                conn = sqlite3.connect(f"{path.as_uri()}?{options}", uri=True,
                                       timeout=BUSY_TIMEOUT_MS / 1000)
            except sqlite3.Error as err:
                failure = err
                continue
            try:
                conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                _refuse_newer(conn)  # the first read: it opens the write-ahead log too
                version = conn.execute("PRAGMA user_version").fetchone()[0]
            except sqlite3.Error as err:
                conn.close()
                if isinstance(err, NewerDatabase) or not cannot_write(err, path):
                    raise StoreError(_cannot_open(path, err)) from None
                failure = err
                continue
            if version != SCHEMA_VERSION:
                conn.close()
                raise StoreError(f"{path}: the database is from an older briefing and must "
                                 f"be upgraded, which needs writing, but "
                                 f"{read_only_reason(path)}; open it once where it can "
                                 "be written")
            opened = cls(conn, path, clock)
            opened.read_only = True
            return opened
        raise StoreError(f"{path}: cannot open the database read-only: {failure}")

    def close(self) -> None:
        self.conn.close()

    def held_elsewhere(self) -> bool:
        """True when another connection holds the write lock right now (a sqlite3 shell
        or another program mid-transaction): a write here would wait for it."""
        wait = self.conn.execute("PRAGMA busy_timeout").fetchone()[0]
        self.conn.execute("PRAGMA busy_timeout = 0")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError as err:
            if "locked" in str(err) or "busy" in str(err):
                return True
            raise
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {int(wait)}")

    def wait_for_writers(self, seconds: float) -> None:
        """How long a write on this connection waits for another writer before it fails
        with "database is locked" (`open` sets the usual, longer wait)."""
        self.conn.execute(f"PRAGMA busy_timeout = {max(0, int(seconds * 1000))}")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        """Run one statement; a write outside `transaction()` is committed at once."""
        was_in_transaction = self.conn.in_transaction
        try:
            cursor = self.conn.execute(sql, params)
        except Exception:
            if not was_in_transaction and self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        if not was_in_transaction and self.conn.in_transaction:
            self.conn.execute("COMMIT")  # Python's sqlite3 opened one implicitly
        return cursor

    def query(self, sql: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        """Rows as dicts of column name to value."""
        cursor = self.conn.execute(sql, params)
        keys = [d[0] for d in cursor.description]
        for row in cursor:
            yield dict(zip(keys, row, strict=True))

    def query_in(self, sql: str, values: Sequence[Any]) -> Iterator[dict[str, Any]]:
        """`query` for a statement whose one `{}` is the list of an IN (...), over all
        `values`, 500 at a time (SQLite limits the parameters of a statement)."""
        for start in range(0, len(values), 500):
            chunk = values[start:start + 500]
            yield from self.query(sql.format(", ".join("?" * len(chunk))), chunk)

    def data_version(self) -> int:
        """A number that changes when another connection (a cron refresh) commits."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction, taking the write lock up front (BEGIN IMMEDIATE).

        A deferred transaction that reads and then writes fails at once with "database is
        locked" when another connection wrote in between (busy_timeout cannot help then);
        an immediate one waits its turn instead. Nested calls become savepoints.
        """
        if self.conn.in_transaction:
            with self._savepoint():
                yield
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    @contextmanager
    def _savepoint(self) -> Iterator[None]:
        name = f"nested_{next(_SAVEPOINTS)}"
        self.conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            # An error can end the whole transaction, savepoints included.
            if self.conn.in_transaction:
                self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                self.conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        else:
            self.conn.execute(f"RELEASE SAVEPOINT {name}")

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> sqlite3.Cursor:
        """Run one statement for each of `rows`, as sqlite3 does: unlike `execute`, it
        commits nothing itself (callers run it inside `transaction()`)."""
        return self.conn.executemany(sql, rows)
