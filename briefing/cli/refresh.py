"""`briefing refresh`: fetch, brief and store, then the language-model pass if chosen."""

from __future__ import annotations

import contextlib
import gc
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

from briefing.cli.app import current_settings, emit_json, main, open_store
from briefing.errors import EXIT_FAILED, EXIT_INTERRUPTED, BriefingError
from briefing.sanitize import strip_controls

if TYPE_CHECKING:
    from briefing.cli.progress import ProgressLine
    from briefing.config import Settings
    from briefing.models import RefreshReport, SourceFailure


@main.command(short_help="Fetch, brief and store what is new.")
@click.option("--seeds-only", is_flag=True, help="Read the seeds folder only, no feeds.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar; one summary line.")
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable report.")
@click.option("--refetch", is_flag=True, help="Fetch and extract every item's page again, and read again the seed files "
                   "that failed.")
@click.pass_context
def refresh(ctx: click.Context, seeds_only: bool, quiet: bool, as_json: bool,
            refetch: bool) -> None:
    """Fetch feeds and read seeds; brief and store what is new or changed.

    Exit status: 0 all well (a source still failing as at the last refresh, for the
    same reason, is named but is no new failure), 1 a source failed anew, 2 bad usage
    or config, 3 another refresh is running, 130 interrupted (Ctrl-C; what was stored
    is kept), 143 or 129 stopped by SIGTERM or SIGHUP (`timeout`, a closed terminal),
    as Ctrl-C stops it.
    """
    settings = current_settings(ctx)
    from briefing.cli.progress import ProgressLine

    # What is imported by now lives as long as the process; frozen, the collections that
    # a refresh's many small objects trigger stop re-scanning it.
    gc.freeze()
    interactive = sys.stdout.isatty() and sys.stderr.isatty() and not quiet and not as_json
    progress = ProgressLine() if interactive else None
    stopped_by: list[int] = []
    try:
        with _interrupt_on(stopped_by, signal.SIGTERM, signal.SIGHUP):
            report = _refresh_and_report(settings, progress, seeds_only=seeds_only,
                                         refetch=refetch, as_json=as_json)
    except BriefingError as err:
        if as_json:  # a script reading stdout gets the reason too, not nothing
            emit_json({"error": str(err), "exit": err.exit_code})
        raise
    except KeyboardInterrupt:  # the refresh, the lock's wait or the language-model pass
        code = 128 + stopped_by[0] if stopped_by else EXIT_INTERRUPTED
        how = f"stopped ({signal.Signals(stopped_by[0]).name})" if stopped_by else "interrupted"
        # After a hang-up the terminal is gone and writing to it fails: the exit code is
        # all that is left to say it.
        with contextlib.suppress(OSError):
            if progress:
                progress.clear()
            if as_json:
                emit_json({"error": how, "exit": code})
            click.echo(f"briefing: {how}; what was stored before is kept, the rest comes "
                       "at the next refresh", err=True)
        ctx.exit(code)
    if report.failures:
        ctx.exit(EXIT_FAILED)


@contextmanager
def _interrupt_on(caught: list[int], *signums: signal.Signals) -> Iterator[None]:
    """While the refresh runs, these signals stop it as Ctrl-C does: the work in hand is
    stored or dropped whole, the workers and the lock are let go, and one line says so.
    Their default would end the process at once, leaving the workers' semaphores to a
    warning in cron's mail. Each signal's number is appended to `caught`; a signal the
    caller ignores (`nohup`) stays ignored."""

    def interrupt(signum: int, _frame: object) -> None:
        caught.append(signum)
        raise KeyboardInterrupt

    previous = {signum: signal.getsignal(signum) for signum in signums}
    for signum, handler in previous.items():
        if handler is not signal.SIG_IGN:
            signal.signal(signum, interrupt)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _refresh_and_report(settings: Settings, progress: ProgressLine | None, *,
                        seeds_only: bool, refetch: bool, as_json: bool) -> RefreshReport:
    """Refresh, print what it did (and run the language-model pass when chosen)."""
    from briefing.cli.progress import feed_notes, summary_line
    from briefing.refresh import refresh_all
    from briefing.store.connection import BUSY_TIMEOUT_MS

    try:
        with open_store(settings) as store:
            if store.held_elsewhere():  # else the refresh would seem to hang
                click.echo(f"briefing: {strip_controls(str(settings.database))} is busy "
                           f"(another program or refresh is writing to it); waiting up to "
                           f"{BUSY_TIMEOUT_MS // 1000} s", err=True)
            report = refresh_all(store, settings, seeds_only=seeds_only, refetch=refetch,
                                 on_progress=progress.update if progress else None)
    finally:
        if progress:
            progress.clear()
    # Language-model briefs come after storing: the model never holds up a refresh.
    llm = settings.brief.engine == "llm"
    if as_json:
        from briefing.cli.llm import llm_pass

        extra = {"llm": llm_pass(settings, progress=False).to_dict()} if llm else {}
        emit_json({**report.to_dict(), **extra})
        return report
    if progress:
        from briefing.fetch_errors import in_words

        def said(failure: SourceFailure) -> str:  # a seed file's error is plain already
            return in_words(failure.error) if failure.kind == "feed" else failure.error

        for failure in report.failures:
            click.echo(f"briefing: {strip_controls(failure.source)}: "
                       f"{strip_controls(said(failure))}", err=True)
        for failure in report.still_failing:
            click.echo(f"briefing: still failing: {strip_controls(failure.source)}: "
                       f"{strip_controls(said(failure))}", err=True)
        for feed, note in feed_notes(report):
            click.echo(f"briefing: note: {strip_controls(feed)}: {strip_controls(note)}",
                       err=True)
    click.echo(summary_line(report, name_failures=progress is None))
    if llm:
        from briefing.cli.llm import llm_pass

        click.echo(llm_pass(settings, progress=progress is not None).summary())
    return report
