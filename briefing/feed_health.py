"""A feed's state in words: what its last fetch found and what the user can do about it.

Used by the reader's feeds screen and by its refresh notices; plain strings, no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from briefing.fetch_errors import explain
from briefing.sanitize import clean_inline


@dataclass(frozen=True)
class FeedHealth:
    """`state` in a few words, `failure` the last error explained, `advice` what to do."""

    state: str
    failure: str | None = None
    advice: str | None = None
    note: str | None = None
    """What a fetch that worked still reported: items that failed, an ill-formed or cut
    document."""

    @property
    def failing(self) -> bool:
        return self.failure is not None


CUT_AT_LIMIT = "feed cut at the size limit"
DOCUMENT_PROBLEMS = ("ill-formed", CUT_AT_LIMIT)
"""How the notes begin that say the feed's document itself is amiss (refresh's words): its
items past the break or the cut are missing, as `feeds check` says with PROBLEM."""

EVERY_ITEM_READ = "ill-formed, every item read"
"""How the note begins for a document ill-formed without loss: no problem, a note."""

PROBLEM = "problem"


def items_lost(note: str) -> bool:
    """The note (refresh's words) says the feed's document lost items: cut at the size
    limit, or ill-formed with items past the fault not read."""
    return note.startswith(DOCUMENT_PROBLEMS) and not note.startswith(EVERY_ITEM_READ)


NOT_FETCHED = "not fetched yet"
BEING_FETCHED = "being fetched"
UNFINISHED = "fetch unfinished"
ADDED_SINCE = ("Added after the running refresh read its feeds: the next refresh "
               "fetches it")


def feed_health(*, last_error: str | None, failures: int, last_checked: datetime | None,
                last_success: datetime | None, stored: int = 0,
                refreshing: bool = False, added_since: bool = False) -> FeedHealth:
    """Explain a feed's last fetch (fields of a stored feed row). A fetch is recorded when
    it ends, after the articles it stores as it goes: `stored` (the feed's stored
    articles) and `refreshing` (a refresh that fetches this feed holds the lock now) tell
    a feed never fetched from one whose first fetch is under way, or was stopped before
    its end; `added_since`: a refresh runs, but the feed came after it read its list."""
    if last_checked is None:
        if refreshing:
            return FeedHealth(BEING_FETCHED if stored else NOT_FETCHED, advice=(
                "Wait: this screen shows what the refresh found when it ends."))
        if added_since and not stored:
            return FeedHealth(NOT_FETCHED, advice=ADDED_SINCE + ".")
        if stored:
            return FeedHealth(UNFINISHED, advice=(
                "The refresh that stored its articles stopped before it was done with "
                "this feed (interrupted, or quit): press r to refresh."))
        return FeedHealth(NOT_FETCHED, advice="Press r to refresh.")
    if not last_error:
        return FeedHealth("ok")
    error = clean_inline(last_error, 200)
    if failures == 0:  # the last fetch worked: what it reported is a note, not a failure
        if error.startswith(CUT_AT_LIMIT):
            return FeedHealth(PROBLEM, note=error, advice=(
                "The feed's items past the cut are not read: raise [fetch] max_bytes in "
                "the config file."))
        if items_lost(error):
            return FeedHealth(PROBLEM, note=error, advice=(
                "The feed's items past the fault are not read. Tell the site; "
                "`briefing feeds check URL` shows what is read."))
        return FeedHealth("ok", note=error)
    times = "once" if failures <= 1 else f"{failures} times in a row"
    if explained := explain(error):
        problem, advice = explained
        return FeedHealth(f"failed {times}", f"{problem}: {error}", advice)
    return FeedHealth(f"failed {times}", error,
                      "Check the address with `briefing feeds check URL`.")


def not_stored_words(item_count: int, missing: int, *, keep_days: int, max_items: int) -> str:
    """Why `missing` of a feed's `item_count` items are not stored, in words: only the
    newest `max_items` are taken (0: all); of those, an item is left out when it is older
    than keep_days (0: never), cannot be read, is the same article as another item, or
    has neither an http(s) link nor an id (a `javascript:` link, say)."""
    skipped = max(0, min(missing, item_count - max_items)) if max_items else 0
    rest = missing - skipped
    beyond = f"beyond the newest {max_items} ([fetch] max_items)"
    other = ", ".join(filter(None, (
        f"older than keep_days ({keep_days} days)" if keep_days else "",
        "could not be read", "the same article as another item",
    ))) + " or with neither an http(s) link nor an id"
    why = (f"{skipped} {beyond}, {rest} {other}" if skipped and rest
           else beyond if skipped else other)
    return f"{missing} {'item' if missing == 1 else 'items'} not stored: {why}"
