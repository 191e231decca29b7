"""The `briefing` command group: bare, it opens the TUI; subcommands (in the sibling
modules, which register on `main`) run headless. Also what they share: the settings,
the clock, the store, JSON output and the mapping of errors to one line and an exit code.

Exit codes are declared in `briefing.errors`.
"""

from __future__ import annotations

import asyncio
import dataclasses
import errno
import gc
import json
import os
import shutil
import signal
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from briefing import __version__, paths
from briefing.clock import Clock, system_clock
from briefing.config import Settings, ignored_config_here, load_settings
from briefing.errors import EXIT_FAILED, EXIT_LOCKED, BriefingError, UsageError
from briefing.sanitize import strip_controls


class _OneLine(click.ClickException):
    """How click shows a `BriefingError`: one line on stderr, no traceback."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(strip_controls(message))
        self.exit_code = exit_code

    def show(self, file: Any = None) -> None:
        click.echo(f"briefing: {self.format_message()}", err=True)


def exit_code_of(err: BaseException) -> int | None:
    """The exit code an error ends the command with (every `BriefingError` carries its
    own), or None for a bug (a traceback)."""
    return err.exit_code if isinstance(err, BriefingError) else None


class _Main(click.Group):
    """The command group; errors for the user and failures of the machine (disk full,
    read-only or damaged database, permissions) end here as one line and an exit code,
    never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # The reader of our output went away (`briefing search x | head -1`): that is
            # its choice, not an error. Nothing more can be written; Python's own flush at
            # exit must not complain either.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(0)
        except (sqlite3.Error, OSError) as err:
            settings = (ctx.obj or {}).get("settings")
            where = settings.database if settings else "briefing"
            if settings and _cannot_write_database(err, settings.database):
                from briefing.store.connection import read_only_reason

                raise _OneLine(f"{where}: cannot write to the database: "
                               f"{read_only_reason(settings.database)}", EXIT_FAILED) from None
            raise _OneLine(f"{where}: {_explain(err)}", machine_exit_code(err)) from None
        except click.ClickException:
            raise
        except Exception as err:
            code = exit_code_of(err)
            if code is None:
                raise
            raise _OneLine(str(err), code) from None


def _cannot_write_database(err: sqlite3.Error | OSError, database: Path) -> bool:
    """A write to the database (or its journal or lock file beside it) was refused."""
    from briefing.store.connection import cannot_write

    if isinstance(err, OSError) and not str(err.filename or "").startswith(str(database)):
        return False  # another file's trouble
    return cannot_write(err, database)


def machine_exit_code(err: BaseException) -> int:
    """3 for a database another program kept locked (busy: try again later, as when
    another refresh holds the lock), else 1."""
    text = str(err).lower()
    busy = isinstance(err, sqlite3.OperationalError) and ("locked" in text or "busy" in text)
    return EXIT_LOCKED if busy else EXIT_FAILED


def _explain(err: BaseException) -> str:
    """A failure of the database or the file system in the user's words."""
    text = str(err).lower()
    code = getattr(err, "errno", None)
    if "full" in text or code in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return ("the disk is full (or the file may grow no larger); nothing stored was "
                "lost: free some space and run again")
    if "disk i/o error" in text:  # SQLite's word for a failed write (EFBIG, EIO)
        return ("writing to the disk failed (is it full?); nothing stored was lost: free "
                "some space and run again")
    if "readonly" in text or "read-only" in text or code in (errno.EROFS, errno.EACCES,
                                                             errno.EPERM):
        return f"cannot write here (read-only or no permission): {strip_controls(str(err))}"
    if "malformed" in text or "not a database" in text:
        return ("the database file is damaged or not a briefing database; it was left "
                "as it is (restore a copy, or move it away to start afresh)")
    if "locked" in text or "busy" in text:
        return "the database stayed locked by another program; try again"
    return strip_controls(str(err)) or type(err).__name__


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """ "1 item", "2 items" ("1 story", "2 stories" with `nouns`)."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


def write_output(output: Path, text: str) -> None:
    """Write a command's `-o` file; a path that cannot be written is said as such (not as
    the database's problem), with exit 1."""
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as err:
        raise BriefingError(f"{strip_controls(str(output))}: cannot write: "
                            f"{err.strerror or err}") from None


def current_settings(ctx: click.Context) -> Settings:
    return ctx.ensure_object(dict)["settings"]


def app_clock() -> Clock:
    """The clock of the running command (`main` chooses it: the wall clock, unless a
    caller such as a test passed `obj={"clock": ...}`)."""
    return click.get_current_context().ensure_object(dict)["clock"]


def database_exists(settings: Settings) -> bool:
    """Whether the database is there; a path where none can ever be (under a file, a
    name too long) stops with one line and exit 2, as `refresh` does for it: the setting
    is wrong, not the database missing."""
    from briefing.store.connection import unusable_path

    if (unusable := unusable_path(settings.database)) is not None:
        raise UsageError(f"{strip_controls(str(settings.database))}: no database can be "
                         f"there: {strip_controls(unusable)}; check --db or the config's "
                         "`database`")
    return settings.database.exists()


def require_database(settings: Settings) -> None:
    """Stop with one line when the database is not there (a mistyped --db, say)."""
    if not database_exists(settings):
        raise BriefingError(f"no database at {strip_controls(str(settings.database))}: run "
                            "`briefing refresh` first, or check --db or the config's "
                            "`database`")


@contextmanager
def open_store(settings: Settings, *, existing: bool = False,
               reads_only: bool = False) -> Iterator[Any]:
    """The store, created if need be; `existing`: only one that is there already (a
    command that reads must not leave an empty database where a path was mistyped);
    `reads_only`: the command never writes, so a database that cannot be written (a
    read-only mount) is opened read-only rather than refused. A database from an older
    briefing is migrated as it is opened, which takes seconds on a large one: a line on
    stderr says so first (the reader's screen is still the shell's then)."""
    from briefing.store import Store, needs_upgrade

    if existing:
        require_database(settings)
    if needs_upgrade(settings.database):
        click.echo("briefing: upgrading the database to this version (once)…", err=True)
    opener = Store.open_for_reading if reads_only else Store.open
    store = opener(settings.database, clock=app_clock())
    try:
        yield store
    finally:
        store.close()


def _inert(data: Any) -> Any:
    """Every string in a JSON-ready value without controls: `jq -r` prints them raw."""
    if isinstance(data, str):
        return strip_controls(data)
    if isinstance(data, dict):
        return {_inert(k): _inert(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_inert(v) for v in data]
    return data


def emit_json(data: Any) -> None:
    click.echo(json.dumps(_inert(data), ensure_ascii=False, indent=None))


def term_width() -> int:
    return max(40, min(100, shutil.get_terminal_size((100, 24)).columns))


@click.group(cls=_Main, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
# Paths are checked by the loader and the store, whose errors are one line (click's
# own checks print a usage block).
@click.option("--config", "config_path", type=click.Path(path_type=Path, readable=False),
              help="Config file (default: $BRIEFING_CONFIG, else the user config dir).")
@click.option("--db", "db_path", type=click.Path(path_type=Path, readable=False),
              help="Database file (overrides the config's `database`).")
@click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Open the reader on this day's edition (YYYY-MM-DD).")
@click.version_option(__version__, prog_name="briefing")
@click.pass_context
def main(ctx: click.Context, config_path: Path | None, db_path: Path | None,
         day: datetime | None) -> None:
    """The day's news as three-panel briefs: Why it matters, What to know, What's next.

    With no command, opens the reader. On a first run (no database yet, or one never
    refreshed) it reads the seeds folder first and fetches the feeds as it opens.
    """
    settings = load_settings(config_path)
    chosen = config_path is not None or bool(os.environ.get("BRIEFING_CONFIG"))
    if not chosen and (here := ignored_config_here(settings)) is not None:
        where = strip_controls(str(here))
        if settings.source is None:
            click.echo(f"briefing: {where} is not read; to use it, move it to "
                       f"{paths.user_config_file()} or pass --config", err=True)
        else:
            click.echo(f"briefing: {where} is not read; the settings come from "
                       f"{strip_controls(str(settings.source))} (pass --config to use it)",
                       err=True)
    if db_path is not None:
        try:
            database = db_path.expanduser().resolve()
        except (OSError, RuntimeError):  # a loop of links: what opens it says so
            database = db_path.expanduser().absolute()
        settings = dataclasses.replace(settings, database=database)
    if os.path.isdir(settings.database):  # False for a name too long: opening it says so
        raise UsageError(f"{settings.database}: is a directory, not a database file")
    ctx.ensure_object(dict)["settings"] = settings
    ctx.obj.setdefault("clock", system_clock)
    if day is not None and ctx.invoked_subcommand is not None:
        raise UsageError(f"--date opens the reader on a day; `{ctx.invoked_subcommand}` "
                         "does not take it")
    if ctx.invoked_subcommand is None:
        _run_tui(settings, day.date() if day else None)


def _run_tui(settings: Settings, day: date | None = None) -> None:
    from briefing.tui.keymap import check_tui_settings  # the TUI path imports Textual anyway

    check_tui_settings(settings)  # before anything is created or fetched
    first_run = _never_refreshed(settings)
    seeds = None
    if first_run:
        _require_terminal()
        from briefing.refresh import refresh_all

        with open_store(settings) as store:
            seeds = refresh_all(store, settings, seeds_only=True)
    from briefing.tui.app import make_app

    # What is imported by now lives as long as the process; frozen, the garbage collector
    # stops re-scanning it while the reader builds its first frame (bench/TUI.md).
    gc.freeze()

    # On a first run the seeds are there at once and the feeds follow in the background;
    # that refresh's summary counts the seeds too.
    app = make_app(settings, clock=app_clock(), day=day, refresh_on_start=first_run,
                   stored_before=seeds)
    _require_terminal()  # after the database is opened: its errors are the more useful
    with _exit_on_signals(app, signal.SIGTERM, signal.SIGHUP):
        app.run()
    if (unsaved := app.saver.unsaved_notice()) is not None:
        click.echo(unsaved, err=True)
    if app.return_code:
        sys.exit(app.return_code)


def _never_refreshed(settings: Settings) -> bool:
    """No database yet, or one never refreshed (made by `feeds add`, say) that can be
    written and that no refresh is filling now: the reader's first run is due (seeds
    read, feeds fetched in the background). While a first `briefing refresh` runs, the
    reader opens at once and shows its stories as it stores them."""
    if not database_exists(settings):  # a path no database can be at stops here, exit 2
        return True
    with open_store(settings, reads_only=True) as store:
        if store.read_only or not store.never_refreshed():
            return False
    from briefing.refresh.lock import is_held  # only here: the refresh package is large

    return not is_held(settings.database)


def _require_terminal() -> None:
    """Without a terminal the reader would draw into a file or a pipe and wait for keys
    that never come (a crontab line without `refresh`, a redirected run): refuse."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError("the reader needs a terminal (stdin and stdout); for cron or "
                         "scripts use `briefing refresh`")


@contextmanager
def _exit_on_signals(app: Any, *signums: signal.Signals) -> Iterator[None]:
    """While the reader runs, `kill` (SIGTERM) or a closed terminal (SIGHUP) quits it as
    `q` does: the terminal is given back as it was (no alternate screen or mouse
    reporting left on), and the exit code is the shell's 128 + the signal's number."""

    def stop(signum: int, _frame: object) -> None:
        try:
            loop = asyncio.get_running_loop()  # the handler runs on the app's own thread
        except RuntimeError:  # before the app's loop starts or after it ends
            raise SystemExit(128 + signum) from None
        loop.call_soon_threadsafe(lambda: app.exit(return_code=128 + signum))

    previous = {signum: signal.signal(signum, stop) for signum in signums}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
