"""`briefing refresh`: fetch, brief and store, then the language-model pass if chosen."""

from __future__ import annotations

import gc
import sys

import click

from briefing.cli.app import current_settings, emit_json, main, open_store
from briefing.errors import EXIT_FAILED, EXIT_INTERRUPTED, BriefingError
from briefing.sanitize import strip_controls


@main.command(short_help="Fetch, brief and store what is new.")
@click.option("--seeds-only", is_flag=True, help="Read the seeds folder only, no feeds.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar; one summary line.")
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable report.")
@click.option("--refetch", is_flag=True, help="Fetch and extract every item's page again.")
@click.pass_context
def refresh(ctx: click.Context, seeds_only: bool, quiet: bool, as_json: bool,
            refetch: bool) -> None:
    """Fetch feeds and read seeds; brief and store what is new or changed.

    Exit status: 0 all well, 1 some feeds failed, 2 bad usage or config, 3 another
    refresh is running, 130 interrupted (Ctrl-C; what was stored is kept).
    """
    settings = current_settings(ctx)
    from briefing.cli.progress import ProgressLine, feed_notes, summary_line
    from briefing.refresh import refresh_all

    # What is imported by now lives as long as the process; frozen, the collections that
    # a refresh's many small objects trigger stop re-scanning it.
    gc.freeze()
    interactive = sys.stdout.isatty() and sys.stderr.isatty() and not quiet and not as_json
    progress = ProgressLine() if interactive else None
    try:
        with open_store(settings) as store:
            report = refresh_all(store, settings, seeds_only=seeds_only, refetch=refetch,
                                 on_progress=progress.update if progress else None)
    except BriefingError as err:
        if as_json:  # a script reading stdout gets the reason too, not nothing
            emit_json({"error": str(err), "exit": err.exit_code})
        raise
    except KeyboardInterrupt:
        if progress:
            progress.clear()
            progress = None
        click.echo("briefing: refresh interrupted; what it stored is kept, the rest comes "
                   "at the next refresh", err=True)
        ctx.exit(EXIT_INTERRUPTED)
    finally:
        if progress:
            progress.clear()
    # Language-model briefs come after storing: the model never holds up a refresh.
    llm = settings.brief.engine == "llm"
    if as_json:
        from briefing.cli.llm import llm_pass

        extra = {"llm": llm_pass(settings, progress=False).to_dict()} if llm else {}
        emit_json({**report.to_dict(), **extra})
    else:
        if interactive:
            for failure in report.failures:
                click.echo(f"briefing: {strip_controls(failure.source)}: "
                           f"{strip_controls(failure.error)}", err=True)
            for feed, note in feed_notes(report):
                click.echo(f"briefing: note: {strip_controls(feed)}: {strip_controls(note)}",
                           err=True)
        click.echo(summary_line(report, name_failures=not interactive))
        if llm:
            from briefing.cli.llm import llm_pass

            click.echo(llm_pass(settings, progress=interactive).summary())
    if report.failures:
        ctx.exit(EXIT_FAILED)
