"""What long commands print as they go and when they end: a progress line, a summary."""

from __future__ import annotations

import click

from briefing.models import RefreshReport
from briefing.sanitize import clean_inline


class ProgressLine:
    """A one-line progress bar on stderr, redrawn in place."""

    def __init__(self, width: int = 30) -> None:
        self.width = width
        self._shown = False

    def update(self, done: int, total: int, what: str) -> None:
        filled = int(self.width * done / total) if total else 0
        label = clean_inline(what, 40)
        bar = "#" * filled + "-" * (self.width - filled)
        click.echo(f"\r[{bar}] {done}/{total} {label:<40}", nl=False, err=True)
        self._shown = True

    def clear(self) -> None:
        if self._shown:
            click.echo("\r" + " " * (self.width + 60) + "\r", nl=False, err=True)


def summary_line(report: RefreshReport, *, name_failures: bool) -> str:
    """The one line cron mails: counts, and which sources failed and why."""
    line = (f"{report.new} new, {report.updated} updated, {report.unchanged} unchanged, "
            f"{len(report.failures)} failed")
    if name_failures and report.failures:
        named = "; ".join(f"{_tail(clean_inline(f.source, 500), 60)}: "
                          f"{clean_inline(f.error, 80)}" for f in report.failures[:10])
        more = f"; and {len(report.failures) - 10} more" if len(report.failures) > 10 else ""
        line += f" ({named}{more})"
    return f"{line} in {report.seconds:.1f}s"


def _tail(text: str, limit: int) -> str:
    """The end of a long name (a path's file name matters more than its folders)."""
    return text if len(text) <= limit else "…" + text[-(limit - 1):]
