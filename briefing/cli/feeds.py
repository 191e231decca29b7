"""Feed commands: feeds (add, list, remove, check), import-opml, export-opml, cron."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from briefing.cli.app import (
    app_clock,
    current_settings,
    database_exists,
    emit_json,
    main,
    open_store,
    plural,
    require_database,
    write_output,
)
from briefing.config import FeedConfig, Settings
from briefing.errors import (
    EXIT_FAILED,
    EXIT_FEED_PROBLEM,
    EXIT_USAGE,
    BriefingError,
    UsageError,
)
from briefing.sanitize import clean_inline, strip_controls, visible_escapes
from briefing.store.feeds import is_feed_id

CRON_MARK = "# briefing refresh"


def _http_url(url: str) -> str:
    from briefing.urls import feed_url, is_http_url, why_not_http_url

    if not is_http_url(url.strip()):
        raise BriefingError(f"{url!r} {why_not_http_url(url)}", EXIT_USAGE)
    return feed_url(url)


@main.group(short_help="Add, list, remove and check feeds.")
def feeds() -> None:
    """Add, list, remove and check feeds (config.toml feeds are listed too)."""


@feeds.command("add", short_help="Add a feed, or the feed a page offers.")
@click.argument("url")
@click.option("--name", help="Display name (default: the feed's own title).")
@click.option("--tag", "tags", multiple=True, help="A tag; repeat for more.")
@click.option("--no-check", is_flag=True,
              help="Add without fetching it first (a feed that is down for now).")
@click.pass_context
def feeds_add(ctx: click.Context, url: str, name: str | None, tags: tuple[str, ...],
              no_check: bool) -> None:
    """Add a feed by URL, or the feed a web page offers; it is fetched first to be sure."""
    settings = current_settings(ctx)
    url = _http_url(url)
    with open_store(settings) as store:
        known = store.feeds.get(url)
    if known is not None:  # no need to fetch what is there already
        raise BriefingError(f"already subscribed: {url} (feed {known.id})")
    title = None
    if not no_check:
        url, title = _feed_at(url, settings)
    with open_store(settings) as store:
        row, added = store.feeds.add(url, name=clean_inline(name) or None,
                                     tags=[clean_inline(t, 60) for t in tags if t.strip()],
                                     title=title or None)
    if not added:
        raise BriefingError(f"already subscribed: {url} (feed {row.id})")
    named = "" if row.display_name == url else f"{clean_inline(row.display_name, 80)} "
    click.echo(f"Added feed {row.id}: {named}{'(' if named else ''}{strip_controls(url)}"
               f"{')' if named else ''}")


def _feed_at(url: str, settings: Any) -> tuple[str, str]:
    """The feed to subscribe to for `url` (itself, or the first feed the page offers) and
    its own title ("" when it has none or, offered by a page, cannot be read now)."""
    from briefing.feed_health import feed_health
    from briefing.feedcheck import check_feeds

    click.echo(f"Checking {strip_controls(url)} ...", err=True)  # a slow host: say why we wait
    (found,) = check_feeds([url], settings.fetch, app_clock(), head_only=True)
    if not found.failed:  # a feed a refresh reads (judged as `feeds check` judges it)
        return url, found.title
    if found.alternates:
        offered = found.alternates[0]
        more = (f" (it offers {len(found.alternates)}; the others: "
                f"{', '.join(found.alternates[1:])})" if len(found.alternates) > 1 else "")
        click.echo(f"{strip_controls(url)} is a web page; subscribing to the feed it offers: "
                   f"{strip_controls(offered)}{strip_controls(more)}", err=True)
        offered = _http_url(offered)
        (feed,) = check_feeds([offered], settings.fetch, app_clock(),  # for its title
                              head_only=True)
        if feed.failed and not _unreachable(feed):  # down for now is no reason to refuse
            raise BriefingError(f"{url}: not added: the feed it offers, {offered}, is "
                                f"{feed.problems[0]} (--no-check adds it anyway)")
        return offered, feed.title
    if (error := _unreachable(found)) is not None:
        health = feed_health(last_error=error, failures=1, last_checked=app_clock()(),
                             last_success=None)
        raise BriefingError(f"{url}: not added: {health.failure} (--no-check adds it anyway)")
    if found.problems == ("not a feed",) or not found.is_feed:  # a web page, broken or not
        raise BriefingError(f"{url}: not added: it is not an RSS or Atom feed and the page "
                            "offers none (--no-check adds it anyway)")
    raise BriefingError(f"{url}: not added: {found.problems[0]} (--no-check adds it anyway)")


def _unreachable(check: Any) -> str | None:
    """Why a checked address could not be fetched, if that is why it failed."""
    problem = check.problems[0] if check.problems else ""
    return problem.removeprefix("unreachable: ") if problem.startswith("unreachable: ") \
        else None


@feeds.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_context
def feeds_list(ctx: click.Context, as_json: bool) -> None:
    """Feeds with their last status, last error, counts and last success."""
    from briefing.feed_health import ADDED_SINCE, PROBLEM, feed_health, not_stored_words
    from briefing.fetch_errors import in_words
    from briefing.refresh_state import running_refresh

    settings = current_settings(ctx)
    if not database_exists(settings):  # listing makes no database: the config's feeds
        rows, shadowed, seeds = [], [], []
        not_stored = _unstored_rows(settings.feeds, rows)
        said = "no database yet: `briefing refresh` fetches it" if settings.feeds else None
    else:
        with open_store(settings, reads_only=True) as store:
            # Read-only: the feeds as stored, then the config's not stored yet.
            shadowed = [] if store.read_only else store.feeds.sync_config(settings.feeds)
            rows = store.feeds.all()
            seeds = list(store.failures.seeds().values())
            read_only = store.read_only
        not_stored = _unstored_rows(settings.feeds, rows) if read_only else []
        said = "not in the database, which is read-only" if not_stored else None
    rows += not_stored

    def origin(stored: str) -> str:  # no config file names feeds: the built-in ones
        return "default" if stored == "config" and settings.default_feeds else stored

    also_in_config = {row.id: entry for entry, row in shadowed}
    running = running_refresh(settings.database) if settings.database.exists() else None
    fetching = running is not None and running.fetches_feeds

    def first_fetch(r: Any) -> str | None:
        """A feed never fetched to the end: not fetched yet (added after the running
        refresh read its list, too), being fetched now by a refresh, or its fetch stopped
        before its end (its articles stored so far)."""
        if r.last_checked is not None:
            return None
        return feed_health(last_error=None, failures=0, last_checked=None, last_success=None,
                           stored=r.stored,
                           refreshing=running is not None and running.fetches(r.id)).state

    if as_json:
        emit_json([{
            "id": r.id or None, "url": r.url, "name": r.display_name, "tags": list(r.tags),
            "origin": origin(r.origin), "last_status": r.last_status, "last_error": r.last_error,
            "failures": r.failures, "items": r.item_count, "stored": r.stored,
            "items_stored": r.items_stored,
            "also_in_config": r.id in also_in_config,
            "last_success": r.last_success.isoformat() if r.last_success else None,
            "first_fetch": first_fetch(r),
        } for r in rows])
        return
    if not rows:
        click.echo("No feeds. Add one with `briefing feeds add URL`.")
    elif running is not None and fetching:
        who = f" (process {running.pid})" if running.pid else ""
        click.echo(f"A refresh is running{who}: what it fetches shows when it is done "
                   "with a feed.")
    for r in rows:
        when = (r.last_success.astimezone().strftime("%Y-%m-%d %H:%M %Z") if r.last_success
                else "never")
        state = "ok" if r.failures == 0 and r.last_checked else (
            "new" if not r.last_checked else f"failing x{r.failures}")
        if state == "ok" and feed_health(last_error=r.last_error, failures=r.failures,
                                         last_checked=r.last_checked,
                                         last_success=r.last_success).state == PROBLEM:
            state = PROBLEM.upper()  # as `feeds check` says it: items past the fault are lost
        tags = f" [{', '.join(r.tags)}]" if r.tags else ""
        # A failing feed's counts are those of its last success, and may be weeks old.
        counts = (f"{plural(r.item_count, 'item')}, {r.stored} stored"
                  + (" at its last success" if r.failures and r.last_success else ""))
        http = f"HTTP {r.last_status}" if r.last_status else "no HTTP answer"
        if r.id == 0:  # a config feed the database does not hold: nothing more to say
            click.echo(f"   -  {strip_controls(r.display_name)}{strip_controls(tags)}  "
                       f"({origin(r.origin)})\n      {strip_controls(r.url)}\n      "
                       f"new, {said}")
            continue
        click.echo(f"{r.id:>4}  {strip_controls(r.display_name)}{strip_controls(tags)}  "
                   f"({origin(r.origin)})\n      {strip_controls(r.url)}\n      {state}, "
                   f"{http if r.last_checked else first_fetch(r)}, {counts}, "
                   f"last success {when}")
        if r.last_checked is None and running is not None and running.skips(r.id):
            click.echo(f"      {ADDED_SINCE.lower()}")
        if (entry := also_in_config.get(r.id)) is not None:
            named = f" (as {clean_inline(entry.name, 60)!r})" if entry.name else ""
            click.echo(f"      also in {strip_controls(str(settings.source))}{named}: the feed "
                       f"you added is kept as it is; `briefing feeds remove {r.id}` lets "
                       "the config's entry take over")
        if r.last_error:  # an ok feed's is a note (items that failed, a cut document)
            label = "note" if r.failures == 0 else "last error"
            said = r.last_error if r.failures == 0 else in_words(r.last_error)
            click.echo(f"      {label}: {clean_inline(said, 300)}")
        if r.items_not_stored and r.failures == 0:
            why = not_stored_words(r.item_count, r.items_not_stored, keep_days=settings.keep_days,
                                   max_items=settings.fetch.max_items)
            click.echo(f"      {why}; `briefing feeds check {r.id}` says which and why")
    for seed in seeds:  # the seeds folder's files that could not be read
        since = seed.since.astimezone().strftime("%Y-%m-%d %H:%M %Z")
        click.echo(f"seed  {strip_controls(seed.key.partition(':')[2])}\n      failing since "
                   f"{since}: {clean_inline(seed.error, 200)}")


def _unstored_rows(config: Sequence[FeedConfig], rows: list[Any]) -> list[Any]:
    """The config's feeds that `rows` (the stored ones) lack, as rows never fetched, with
    id 0 (the database gives the id when it stores them)."""
    from briefing.store.feeds import FeedRow

    stored = {r.url for r in rows}
    return [FeedRow(id=0, url=f.url, name=f.name, tags=tuple(f.tags), origin="config",
                    title=None, site_url=None, etag=None, last_modified=None,
                    last_status=None, last_error=None, failures=0, item_count=0, stored=0,
                    last_checked=None, last_success=None)
            for f in config if f.url not in stored]


@feeds.command("remove")
@click.argument("feed")
@click.option("--purge", is_flag=True,
              help="Delete its stored articles too (not starred ones, nor those another "
                   "feed carries), and the stories left empty.")
@click.pass_context
def feeds_remove(ctx: click.Context, feed: str, purge: bool) -> None:
    """Remove a feed (by id or URL); its stored stories stay unless --purge."""
    settings = current_settings(ctx)
    if not purge:
        _remove_feed(settings, feed, purge)
        return
    from briefing.refresh.lock import RefreshLock
    from briefing.refresh_state import PURGE

    # A refresh clusters as it stores and writes story sizes back from memory: purging
    # under it would be undone, so --purge waits for the refresh lock as rebrief does.
    require_database(settings)  # before the lock file is made beside it
    with RefreshLock(settings.database, wait=settings.fetch.lock_wait,  # else exit 3
                     doing=PURGE):
        _remove_feed(settings, feed, purge)


def _remove_feed(settings: Settings, feed: str, purge: bool) -> None:
    from briefing.urls import feed_url

    with open_store(settings, existing=True) as store:
        row = store.feeds.get(feed) or (None if is_feed_id(feed)
                                        else store.feeds.get(feed_url(feed)))
        if row is None:
            raise UsageError(no_feed([feed]))
        if row.origin == "config" and settings.default_feeds:
            from briefing.paths import user_config_file

            config = settings.source or user_config_file()
            raise BriefingError(
                f"{row.url} is one of the built-in default feeds. To choose your own, put "
                f"`feeds = []` at the top of {config}, before any [table] (or list your own "
                "[[feeds]] there; README: Configuration)")
        if row.origin == "config":
            raise BriefingError(f"{row.url} comes from {settings.source}; remove it there")
        if not purge:
            store.feeds.remove(row.id)
        else:
            from briefing.edition.update import StoryUpdater

            with store.transaction():  # all or nothing: no story left pointing at nothing
                deleted = store.feeds.remove_with_articles(row.id)
                StoryUpdater(store, what_to_know=settings.brief.what_to_know).finish()
    click.echo(f"Removed feed {row.id}: {strip_controls(row.url)}"
               + (f" and {plural(deleted, 'article')}" if purge else ""))
    if any(f.url == row.url for f in settings.feeds):  # the user's copy of a config feed
        where = (strip_controls(str(settings.source)) if not settings.default_feeds
                 else "the built-in default feeds")
        click.echo(f"{where} lists it too: it stays subscribed from there, as a config feed")


@feeds.command("check", short_help="Check feeds: reachable, fresh, rich enough.")
@click.argument("urls", nargs=-1)
@click.pass_context
def feeds_check(ctx: click.Context, urls: tuple[str, ...]) -> None:
    """Check feeds (all, or the URLs or feed ids given): reachable, a feed, fresh, rich
    enough? For a subscribed feed, also which of its items are not stored, and why.

    Each feed gets a line: ok; FAILED when nothing can be read from it (unreachable,
    not a feed: what `refresh` counts as failed); PROBLEM when it is read but something
    is amiss (cut at the size limit or ill-formed, in the words `refresh` uses; stale;
    no items). Notes (thin items, no dates) are no problem.

    \b
    Exit codes:
      0  every feed ok
      1  a feed FAILED
      2  bad usage or config
      4  no feed failed, but one has a PROBLEM
    """
    from briefing.feedcheck import check_feeds

    settings = current_settings(ctx)
    stored_db = database_exists(settings)  # before any fetch: a --db no file can be at stops
    if urls:
        targets = _check_targets(settings, urls)
    elif not stored_db:  # no database yet: the config's feeds are all
        targets = [f.url for f in settings.feeds]
    else:
        with open_store(settings, reads_only=True) as store:
            if not store.read_only:
                store.feeds.sync_config(settings.feeds)
            stored = [r.url for r in store.feeds.all()]
        targets = list(dict.fromkeys([*stored, *(f.url for f in settings.feeds)]))
    now = app_clock()()
    results = check_feeds(targets, settings.fetch, app_clock())
    missing = _not_stored(settings, results, now)
    for r in results:
        verdict = "FAILED" if r.failed else "ok" if r.ok else "PROBLEM"
        click.echo(f"{verdict:<8}{strip_controls(r.url)}: {plural(r.entries, 'item')}"
                   + "".join(f"\n        {strip_controls(p)}" for p in (*r.problems, *r.notes)))
        items = missing.get(r.url, [])
        if items:
            click.echo(f"        {plural(len(items), 'item')} not stored:")
        for line in _not_stored_lines(items)[:NOT_STORED_SHOWN]:
            click.echo(f"          {line}")
    if any(r.failed for r in results):
        ctx.exit(EXIT_FAILED)
    if not all(r.ok for r in results):
        ctx.exit(EXIT_FEED_PROBLEM)


def _check_targets(settings: Any, given: Sequence[str]) -> list[str]:
    """The URLs to check for the URLs and feed ids given. An id that names no feed is bad
    usage (exit 2), said before anything is fetched, every such id at once."""
    ids = [g for g in given if is_feed_id(g)]
    urls: dict[str, str] = {}
    if ids:
        with open_store(settings, existing=True, reads_only=True) as store:
            for ident in ids:
                if (row := store.feeds.get(ident.strip())) is not None:
                    urls[ident] = row.url
        unknown = [i for i in ids if i not in urls]
        if unknown:
            raise UsageError(no_feed(unknown))
    return [urls[g] if g in urls else _http_url(g) for g in given]


def no_feed(given: Sequence[str]) -> str:
    """Feed ids (or a URL or name) that name no feed, in one line."""
    if all(is_feed_id(g) for g in given):
        ids = [g.strip() for g in given]
        named = ids[0] if len(ids) == 1 else f"{', '.join(ids[:-1])} or {ids[-1]}"
        return f"no feed with id {named} (`briefing feeds list` shows the ids)"
    named = ", ".join(repr(clean_inline(g, 200)) for g in given)
    return f"no feed {named} is subscribed (see `briefing feeds list`)"


NOT_STORED_SHOWN = 20
"""Items not stored that `feeds check` lists, per feed."""


def _not_stored_lines(items: list[Any]) -> list[str]:
    """One line per item, or per reason shared by more than a few items; at most
    NOT_STORED_SHOWN lines."""
    by_why: dict[str, list[Any]] = {}
    for item in items:
        by_why.setdefault(item.why, []).append(item)
    lines: list[tuple[str, int]] = []  # (line, items it stands for)
    for why, same in by_why.items():
        if len(same) > 3:
            lines.append((f"{plural(len(same), 'item')}: {clean_inline(why, 200)}", len(same)))
            continue
        lines += [(f"{clean_inline(i.title or '(untitled)', 60)} "
                   f"{clean_inline(i.link or '', 100)}: {clean_inline(why, 200)}", 1)
                  for i in same]
    if len(lines) <= NOT_STORED_SHOWN:
        return [line for line, _ in lines]
    shown = lines[:NOT_STORED_SHOWN - 1]
    rest = len(items) - sum(n for _, n in shown)
    return [*(line for line, _ in shown), f"and {plural(rest, 'more item')}"]


def _not_stored(settings: Any, results: list[Any], now: datetime) -> dict[str, list[Any]]:
    """{feed URL: its items not stored, and why} for the checked feeds one subscribes to."""
    from briefing.feedcheck import not_stored

    if not database_exists(settings):
        return {}
    with open_store(settings, reads_only=True) as store:
        return {r.url: not_stored(store, feed, r.items, keep_days=settings.keep_days,
                                  max_items=settings.fetch.max_items, now=now)
                for r in results if r.items and (feed := store.feeds.get(r.url))}


@main.command("import-opml", short_help="Subscribe to an OPML or newsboat urls file.")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.pass_context
def import_opml(ctx: click.Context, file: Path) -> None:
    """Subscribe to the feeds of an OPML file, or of newsboat's urls file (tags kept,
    "~Name" names a feed); only http(s) feeds are accepted."""
    from briefing.sources.opml import OpmlError
    from briefing.sources.subscriptions import read_subscription_file

    try:
        found = read_subscription_file(file)
    except OpmlError as err:
        raise BriefingError(f"{file}: {err}", EXIT_USAGE) from None
    added = 0
    settings = current_settings(ctx)
    with open_store(settings) as store, store.transaction():
        store.feeds.sync_config(settings.feeds)  # a config.toml feed is already there
        for feed in found.feeds:
            added += store.feeds.add(feed.url, name=feed.name, tags=feed.tags)[1]
    for url, why in found.skipped:
        click.echo(f"briefing: skipped {strip_controls(url)}: {why}", err=True)
    click.echo(f"Imported {plural(added, 'new feed')} ({len(found.feeds) - added} already there, "
               f"{len(found.skipped)} skipped)")


@main.command("export-opml", short_help="Write every feed as OPML 2.0.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write to this file (default: standard output).")
@click.pass_context
def export_opml(ctx: click.Context, output: Path | None) -> None:
    """Write every feed (config and added) as OPML 2.0."""
    from briefing.sources.opml import write_opml

    settings = current_settings(ctx)
    if database_exists(settings):
        with open_store(settings, reads_only=True) as store:
            if not store.read_only:
                store.feeds.sync_config(settings.feeds)
            feeds = [FeedConfig(r.url, r.name or r.title, r.tags) for r in store.feeds.all()]
        stored = {f.url for f in feeds}  # read-only: the config's not stored yet follow
        feeds += [f for f in settings.feeds if f.url not in stored]
    else:  # no database yet (or a mistyped --db, which must not make one): the config's
        feeds = list(settings.feeds)
    text = write_opml(feeds, now=app_clock()())
    if output is None:
        click.echo(text, nl=False)
    else:
        write_output(output, text)
        click.echo(f"Wrote {plural(len(feeds), 'feed')} to {output}", err=True)


def cron_line(at: str, settings_source: Path | None, database: Path) -> str:
    """The crontab line for a daily quiet refresh, with absolute paths."""
    hour, minute = _parse_at(at)
    exe = shutil.which("briefing")
    argv0 = Path(sys.argv[0]).resolve()
    if argv0.name == "briefing" and argv0.is_file():
        command = [str(argv0)]
    elif exe:
        command = [str(Path(exe).resolve())]
    else:
        command = [sys.executable, "-m", "briefing"]
    if settings_source is not None:
        command += ["--config", str(settings_source.resolve())]
    command += ["--db", str(database.resolve()), "refresh", "--quiet"]
    for word in command:
        if not word.isprintable():  # cron reads a newline as the end of the entry
            raise BriefingError(f"cannot schedule a path holding control characters: "
                                f"{visible_escapes(word)}", EXIT_USAGE)
    # cron turns an unescaped % into a newline before the shell sees the command.
    escaped = shlex.join(command).replace("%", "\\%")
    return f"{minute} {hour} * * * {escaped} {CRON_MARK}"


def _parse_at(at: str) -> tuple[int, int]:
    try:
        hour, minute = (int(part) for part in at.split(":"))
        datetime(2000, 1, 1, hour, minute)
    except ValueError:
        raise BriefingError(f"--at wants HH:MM (24-hour), not {at!r}", EXIT_USAGE) from None
    return hour, minute


@main.command(short_help="The crontab line for a daily refresh.")
@click.option("--at", "at", default="06:00", show_default=True, help="Time of day, HH:MM.")
@click.option("--install", is_flag=True, help="Add the line to your crontab (replacing ours).")
@click.pass_context
def cron(ctx: click.Context, at: str, install: bool) -> None:
    """Print the crontab line for a daily refresh; --install adds it to your crontab."""
    settings = current_settings(ctx)
    line = cron_line(at, settings.source, settings.database)
    if not install:
        click.echo(line)
        return
    crontab = shutil.which("crontab")
    if crontab is None:
        raise BriefingError("no `crontab` command found; add this line by hand:\n" + line)
    current = subprocess.run([crontab, "-l"], capture_output=True, text=True, check=False)
    if current.returncode != 0 and "no crontab" not in current.stderr.lower():
        raise BriefingError(f"cannot read your crontab: {current.stderr.strip()}")
    lines = current.stdout.splitlines() if current.returncode == 0 else []
    kept = [x for x in lines if not x.rstrip().endswith(CRON_MARK)]
    new = "\n".join([*kept, line]) + "\n"
    done = subprocess.run([crontab, "-"], input=new, text=True, capture_output=True,
                          check=False, env=os.environ.copy())
    if done.returncode != 0:
        raise BriefingError(f"crontab failed: {done.stderr.strip()}")
    click.echo(f"Installed: {line}")
