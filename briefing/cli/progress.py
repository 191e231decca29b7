"""What long commands print as they go and when they end: a progress line, a summary."""

from __future__ import annotations

import re
import shutil

import click

from briefing.models import RefreshReport, SourceFailure
from briefing.render.text import cells, cut, fit
from briefing.sanitize import clean_inline


class ProgressLine:
    """A one-line progress bar on stderr, redrawn in place. The line always fits the
    terminal, one column spare for the cursor: a line that wrapped could not be redrawn
    in place (each redraw would leave a row behind)."""

    def __init__(self, width: int = 30) -> None:
        self.width = width
        """The bar's width where there is room; a narrower terminal gets a shorter one."""
        self._shown = False

    def update(self, done: int, total: int, what: str) -> None:
        """Redraw: the bar fills with the work finished; `what` says what it is."""
        line = progress_text(done, total, clean_inline(what), self._room(), bar=self.width)
        click.echo(f"\r{line}", nl=False, err=True)
        self._shown = True

    def clear(self) -> None:
        if self._shown:
            click.echo("\r" + " " * self._room() + "\r", nl=False, err=True)

    @staticmethod
    def _room() -> int:
        """The columns the line may take: the terminal's, one spare for the cursor."""
        return max(1, shutil.get_terminal_size().columns - 1)


BAR_ROOM = 40
"""The fewest columns a bar is drawn in; in fewer the share done is a percentage, which
leaves the words the room."""


def progress_text(done: int, total: int, what: str, room: int, *, bar: int = 30) -> str:
    """The progress line in exactly `room` columns: "[####----] 3 of 6 feeds read · ...",
    the bar a quarter of the room, at most `bar` wide, and the words shortened to fit (see
    `_shorter`); in less than BAR_ROOM columns "50% 3/6 feeds read…" instead of a bar."""
    share = min(1.0, done / total) if total else 0.0
    if room >= BAR_ROOM and bar > 0:
        width = min(bar, room // 4)
        filled = int(width * share)
        head = f"[{'#' * filled}{'-' * (width - filled)}] "
    else:
        head = f"{int(100 * share)}% "
    return fit(head + _shorter(what, room - cells(head)), room)


MIDDLE_MIN = 16
"""The fewest columns a middle part ("waiting for BBC News") is cut to before it goes."""


def _shorter(what: str, room: int) -> str:
    """`what` in `room` columns, the counts kept the longest: the middle parts (the feeds
    waited for) are cut, or go when even that leaves no room, then "12 of 40" becomes
    "12/40", then the last part goes, then the end is cut with "…"."""
    if cells(what) <= room:
        return what
    parts = what.split(" · ")
    if len(parts) > 2:
        first, middle, last = parts[0], " · ".join(parts[1:-1]), parts[-1]
        spare = room - cells(first) - cells(last) - 6  # the two " · "
        what = (f"{first} · {cut(middle, spare)} · {last}" if spare >= MIDDLE_MIN
                else f"{first} · {last}")
    if cells(what) > room:
        what = _OF.sub(r"\1/\2", what)
    if cells(what) > room and cells(first := what.split(" · ")[0]) <= room:
        return first
    return cut(what, room)


_OF = re.compile(r"(\d+) of (\d+)")


def feed_notes(report: RefreshReport) -> list[tuple[str, str]]:
    """(feed name, note) for the feeds read with something to say: a new address
    followed, items that could not be read, a document cut at the size limit. Not
    failures: the feed works, and the items are tried again after a pause."""
    moved = [(row["name"], f"moved permanently to {row['moved_to']}; subscription updated")
             for row in report.feeds if row.get("moved_to")]
    return moved + [(row["name"], row["error"]) for row in report.feeds
                    if row.get("error") and row.get("status") != "failed"]


def summary_line(report: RefreshReport, *, name_failures: bool) -> str:
    """The one line cron mails: the articles, the feeds, which sources failed and why,
    notes, and the time the whole refresh took; e.g. "12 new articles, 3 updated, 40
    unchanged; feeds: 5 with news, 13 without; 1 failed (Name: HTTP 500); done in 20.5s"."""
    articles = (f"{report.new} new {'article' if report.new == 1 else 'articles'}, "
                f"{report.updated} updated, {report.unchanged} unchanged")
    parts = [articles]
    read = [row for row in report.feeds if row.get("status") not in ("failed", "pending")]
    if read:
        news = sum(1 for row in read if row.get("new") or row.get("updated"))
        parts.append(f"feeds: {news} with news, {len(read) - news} without")
    failed = f"{len(report.failures)} failed"
    if name_failures and report.failures:
        failed += f" ({_named([(f.source, f.error) for f in report.failures])})"
    if report.still_failing:
        still = report.still_failing
        failed += f", {len(still)} still failing"
        if name_failures:
            failed += f" ({_named([(f.source, _still(f)) for f in still])})"
    parts.append(failed)
    notes = feed_notes(report)
    if name_failures and notes:
        parts.append(f"notes: {_named(notes)}")
    parts.append(f"done in {report.seconds:.1f}s")
    return "; ".join(parts)


def _still(failure: SourceFailure) -> str:
    """A known failure's reason, with since when it fails when that is known."""
    if failure.since is None:
        return failure.error
    return f"{failure.error} (since {failure.since.astimezone():%Y-%m-%d})"


REASON_CHARS = 300
"""The most of one reason the summary line prints: whole as a rule (the line may be
long), cut between words with "…" past this."""


def _named(items: list[tuple[str, str]], most: int = 10) -> str:
    named = "; ".join(f"{_tail(clean_inline(source, 500), 60)}: "
                      f"{clean_inline(what, REASON_CHARS, whole_words=True)}"
                      for source, what in items[:most])
    return named + (f"; and {len(items) - most} more" if len(items) > most else "")


def _tail(text: str, limit: int) -> str:
    """The end of a long name (a path's file name matters more than its folders)."""
    return text if len(text) <= limit else "…" + text[-(limit - 1):]
