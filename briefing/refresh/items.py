"""Which of a feed document's items a refresh takes, and what the feed's status says of
them: the newest `max_items`, none older than `keep_days`, none stored already, and an
item that failed before only once its pause is over (given up after `GIVE_UP_AFTER`
tries). `feeds check` judges a feed by the same rules.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from briefing.clock import plausible
from briefing.feed_health import CUT_AT_LIMIT, EVERY_ITEM_READ
from briefing.sanitize import clean_inline
from briefing.sources.feeds import FeedEntry, ParsedFeed
from briefing.store.failures import ItemFailure
from briefing.store.feeds import FeedRow, KnownItems
from briefing.urls import canonical_url

RETRY_PAUSES = (timedelta(hours=1), timedelta(hours=6), timedelta(hours=24))
"""How long an item that failed once, twice, three times waits before it is tried again
(a refresh every half hour or once a day both get a few chances at a page that is down);
after its `GIVE_UP_AFTER`th failure it is not tried again until its failures are forgotten
(`refresh.FORGET_ITEM_FAILURES_DAYS` after the last try: a fresh round of tries)."""
GIVE_UP_AFTER = len(RETRY_PAUSES) + 1


def entry_key(feed: FeedRow, entry: FeedEntry) -> str | None:
    """An entry's identity before its page is read: canonical link, else a guid key."""
    if entry.link:
        return entry.canonical or canonical_url(entry.link)
    if entry.guid:
        return f"guid:{feed.url}#{entry.guid}"
    return None


@dataclass(frozen=True)
class ItemPlan:
    """What a refresh does with one of a feed document's items: `plan_item` decides it
    for the refresh and for `feeds check` alike."""

    entry: FeedEntry
    """The entry, its date cleared when implausible."""
    article: str | None = None
    """Stored already, as this article: linked to the feed, not fetched."""
    too_old: bool = False
    """Published before the keep_days cutoff: left out (it would be pruned at once)."""
    failure: ItemFailure | None = None
    """It failed before: held back while its pause runs, and once given up."""


def plan_item(feed_id: int, entry: FeedEntry, key: str, known: KnownItems, *,
              now: datetime, cutoff: datetime | None, refetch: bool = False) -> ItemPlan:
    """The plan for an entry among a feed's newest (`refetch`: fetch even what is
    stored or failed before); a plan with none of its fields set is fetched."""
    article = None if refetch else known.keys.get(key) or (
        known.guids.get((feed_id, entry.guid)) if entry.guid else None)
    if article:
        return ItemPlan(entry, article=article)
    entry = dataclasses.replace(entry, published=plausible(entry.published, now))
    if cutoff and entry.published and entry.published < cutoff:
        return ItemPlan(entry, too_old=True)
    return ItemPlan(entry, failure=None if refetch else known.failed.get(key))


@dataclass
class HeldItems:
    """A feed's items not tried this time because they failed before."""

    waiting: int = 0
    """Tried again once their pause is over."""
    given_up: int = 0
    """Failed `GIVE_UP_AFTER` times: not tried again (`refresh --refetch` does)."""
    reasons: dict[str, int] = field(default_factory=dict)
    """Their last errors, with how many items each."""
    next_try: datetime | None = None
    """When the first of the waiting ones is tried again."""

    @property
    def count(self) -> int:
        return self.waiting + self.given_up

    def holds(self, failure: ItemFailure, now: datetime) -> bool:
        """Whether an item that failed is held back now (and counted if so)."""
        if failure.attempts >= GIVE_UP_AFTER:
            self.given_up += 1
        elif now < (retry := failure.last_tried + RETRY_PAUSES[max(0, failure.attempts - 1)]):
            self.waiting += 1
            self.next_try = min(retry, self.next_try or retry)
        else:
            return False
        reason = clean_inline(failure.error, 120, whole_words=True)
        self.reasons[reason] = self.reasons.get(reason, 0) + 1
        return True

    def describe(self) -> str | None:
        """E.g. "3 items held back after failing (2 waiting, next try after 2026-03-02
        07:00; 1 given up after 4 attempts): page: HTTP 404 (2), no text in the feed (1)"."""
        if not self.count:
            return None
        parts = [f"{self.waiting} waiting, next try after {self.next_try.astimezone():%Y-%m-%d %H:%M}"
                 if self.waiting and self.next_try else "",
                 f"{self.given_up} given up after {GIVE_UP_AFTER} attempts"
                 if self.given_up else ""]
        why = ", ".join(f"{reason} ({n})" for reason, n in
                        sorted(self.reasons.items(), key=lambda item: -item[1])[:3])
        return (f"{_items(self.count)} held back after failing "
                f"({'; '.join(filter(None, parts))}): {why}")


def newest(entries: tuple[FeedEntry, ...], most: int,
           now: datetime) -> tuple[FeedEntry, ...]:
    """A feed document's `most` newest entries (all when `most` is 0): by date, the
    undated ones (and those dated implausibly far after `now`) after the dated, in the
    document's order (a feed lists its newest first)."""
    if not most or len(entries) <= most:
        return entries
    oldest = datetime.min.replace(tzinfo=UTC)
    by_date = sorted(entries, key=lambda e: plausible(e.published, now) or oldest,
                     reverse=True)  # stable
    return tuple(by_date[:most])


def skipped_note(count: int, most: int) -> str | None:
    """The feed's note for the entries beyond its newest `most`."""
    if count <= most or not most:
        return None
    return (f"{_items(count - most)} beyond the newest {most} skipped "
            "([fetch] max_items)")


def document_verdict(parsed: ParsedFeed, *, truncated: bool) -> tuple[str | None, str | None]:
    """What a fetched feed document says of its feed, in the words a refresh stores and
    `feeds check` prints: (error, note). An error when it gives nothing to read (not a
    feed, and why); else a note when its items are read with something amiss (the
    document cut at the size limit, or ill-formed: with every item read or not), or
    None."""
    if not parsed.entries and (not parsed.is_feed or parsed.problem):
        if parsed.alternates:  # an HTML page that names its feed: say which
            return f"not a feed; the page offers {parsed.alternates[0]}", None
        return (f"not a feed ({parsed.problem})" if parsed.problem else "not a feed"), None
    if truncated:
        return None, CUT_AT_LIMIT
    if parsed.problem is None:
        return None, None
    said = EVERY_ITEM_READ if parsed.every_item else "ill-formed"
    return None, f"{said}: {parsed.problem}"


def failed_note(attempts: list[int]) -> str | None:
    """The feed's note for its items that failed this time, given each one's attempts so
    far: when each is tried next (the pause grows with the attempts), or given up."""
    if not attempts:
        return None
    pauses = sorted({RETRY_PAUSES[n - 1] for n in attempts if n < GIVE_UP_AFTER})
    given_up = sum(n >= GIVE_UP_AFTER for n in attempts)
    when = []
    if pauses:
        when.append(f"next try in {_hours(pauses[0])}" if len(pauses) == 1 else
                    f"next try in {_hours(pauses[0]).split()[0]} to {_hours(pauses[-1])}")
    if given_up:
        when.append(f"{given_up} given up after {GIVE_UP_AFTER} attempts: "
                    "`refresh --refetch` tries again")
    return f"{_items(len(attempts))} could not be read ({'; '.join(when)})"


def failure_words(failure: ItemFailure, now: datetime) -> str:
    """An item failure as a user reads it: the reason, the attempts, what comes next."""
    tries = f"{failure.attempts} {'attempt' if failure.attempts == 1 else 'attempts'}"
    if failure.attempts >= GIVE_UP_AFTER:
        return f"{failure.error} (given up after {tries}; `refresh --refetch` tries again)"
    retry = failure.last_tried + RETRY_PAUSES[max(0, failure.attempts - 1)]
    when = ("at the next refresh" if retry <= now
            else f"after {retry.astimezone():%Y-%m-%d %H:%M}")
    return f"{failure.error} ({tries}; next try {when})"


def _items(count: int) -> str:
    return f"{count} {'item' if count == 1 else 'items'}"


def _hours(pause: timedelta) -> str:
    hours = round(pause.total_seconds() / 3600)
    return f"{hours} {'hour' if hours == 1 else 'hours'}"


def cutoff_for(keep_days: int, now: datetime) -> datetime | None:
    """Entries published before this are not fetched: they would be pruned at once."""
    if keep_days <= 0:
        return None
    return now - timedelta(days=keep_days)
