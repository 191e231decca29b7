"""Story commands: stories, digest, rebrief."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import click

from briefing.cli.app import (
    current_settings,
    emit_json,
    main,
    open_store,
    plural,
    require_database,
    write_output,
)
from briefing.errors import EXIT_USAGE, BriefingError
from briefing.sanitize import clean_inline

_SINCE = re.compile(r"^\s*(\d{1,12})\s*([hdw])\s*$")
MAX_SINCE_DAYS = 36_500


def parse_since(value: str) -> timedelta:
    """"24h", "2d", "1w" -> a timedelta."""
    match = _SINCE.match(value.lower())
    if not match:
        raise click.BadParameter("use a number and h, d or w, like 24h, 2d or 1w")
    amount, unit = int(match.group(1)), match.group(2)
    if amount == 0:
        raise click.BadParameter("give at least 1h")
    hours = amount * {"h": 1, "d": 24, "w": 168}[unit]
    if hours > MAX_SINCE_DAYS * 24:
        raise click.BadParameter(f"at most {MAX_SINCE_DAYS} days")
    return timedelta(hours=hours)


@main.command(short_help="Stories with their articles.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(min=1))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_context
def stories(ctx: click.Context, limit: int, as_json: bool) -> None:
    """List stories (articles grouped by event), newest first, with their articles."""
    with open_store(current_settings(ctx), existing=True, reads_only=True) as store:
        rows = store.stories.page(limit=limit + 1)
        more, rows = len(rows) > limit, rows[:limit]
        members = {r.id: store.stories.members(r.id) for r in rows}
    if as_json:
        emit_json([{
            "id": r.id, "title": clean_inline(r.title), "published": r.published.isoformat(),
            "sources": r.source_count,
            "articles": [{"id": a.id, "url": clean_inline(a.url) or None,
                          "title": clean_inline(a.title), "source": clean_inline(a.source) or None}
                         for a in members[r.id]],
        } for r in rows])
    elif not rows:
        click.echo("No stories yet. Run `briefing refresh`.")
    for r in [] if as_json else rows:
        count = f"{r.source_count} source{'s' if r.source_count != 1 else ''}"
        day = r.published.astimezone()  # the local day, as editions and `list`
        click.echo(f"{r.id}  {day:%Y-%m-%d}  {count:<10}  {clean_inline(r.title)}")
        if r.article_count > 1:
            for a in members[r.id]:
                click.echo(f"    {a.id}  {clean_inline(a.source, limit=24):<24}  "
                           f"{clean_inline(a.title, limit=60)}")
    if more:  # on stderr, as `list` and `search` say it: a pipe or --json reads the rows alone
        click.echo(f"briefing: more stories than the {limit} newest shown: use --limit N",
                   err=True)


@main.command(short_help="The edition as Markdown, HTML or JSON.")
@click.option("--since", "since", default="24h", show_default=True,
              help="How far back: 24h, 2d, 1w.")
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json"]), default="md",
              show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write to this file instead of standard output.")
@click.option("--limit", default=30, show_default=True, type=click.IntRange(min=1))
@click.pass_context
def digest(ctx: click.Context, since: str, fmt: str, output: Path | None, limit: int) -> None:
    """The edition as a document: ranked stories with their briefs and sources."""
    from briefing.edition.ranking import ranked_between
    from briefing.render.digest import DigestStory, digest_title, to_html, to_json, to_markdown

    try:
        window = parse_since(since)
    except click.BadParameter as err:
        raise BriefingError(f"--since: {err.message}", EXIT_USAGE) from None
    settings = current_settings(ctx)
    with open_store(settings, existing=True, reads_only=True) as store:
        now = store.clock()
        start = (now - window).isoformat(timespec="seconds")
        rows = ranked_between(store, start, "9999", settings.edition.favourites)[:limit]
        chosen = [DigestStory(r, store.stories.brief(r.id), store.stories.members(r.id))
                  for r in rows]
    title = digest_title((now - window).astimezone(), now.astimezone())
    if fmt == "json":
        text = json.dumps(to_json(chosen, title), ensure_ascii=False, indent=1)
    elif fmt == "html":
        text = to_html(chosen, title)
    else:
        text = to_markdown(chosen, title)
    if output is None:
        click.echo(text)
        return
    write_output(output, text + "\n")
    click.echo(f"Wrote {plural(len(chosen), 'story', 'stories')} to {output}", err=True)


@main.command(short_help="Redo briefs made by an older briefer.")
@click.option("--all", "everything", is_flag=True,
              help="Redo every brief, not only those made by an older briefer.")
@click.option("--engine", type=click.Choice(["extractive", "llm"]), default="extractive",
              show_default=True,
              help="llm: give stories of any age that lack one a language-model brief "
                   "([brief.llm] model), cached answers first.")
@click.option("--limit", type=click.IntRange(min=0),
              help="With --engine llm: most model calls (default: no limit).")
@click.option("--json", "as_json", is_flag=True, help="With --engine llm: a JSON report.")
@click.pass_context
def rebrief(ctx: click.Context, everything: bool, engine: str, limit: int | None,
            as_json: bool) -> None:
    """Redo briefs made by an older version of the briefer (or all with --all); with
    --engine llm, fill in language-model briefs for older stories."""
    if engine == "llm":
        _rebrief_llm(ctx, limit, as_json)
        return
    from briefing.brief import VERSION, make_brief
    from briefing.edition.update import update_stories
    from briefing.refresh.lock import RefreshLock
    from briefing.refresh_state import REBRIEF

    settings = current_settings(ctx)
    done = 0
    # A refresh clusters as it stores: stories changed under it would be missing from its
    # clusterer, so rebrief waits for the refresh lock like a second refresh does.
    require_database(settings)  # before the lock file is made beside it
    lock = RefreshLock(settings.database, wait=settings.fetch.lock_wait, doing=REBRIEF)
    lock.acquire()  # RefreshLocked ends the command with exit code 3
    try:
        with open_store(settings, existing=True) as store:
            for article_id, text, _method, version in store.articles.iter_texts():
                if everything or version is None or version < VERSION:
                    brief = make_brief(text, what_to_know=settings.brief.what_to_know)
                    store.articles.replace_brief(article_id, brief)
                    done += 1
            update_stories(store, what_to_know=settings.brief.what_to_know)
    finally:
        lock.release()
    click.echo(f"Re-briefed {done} article{'s' if done != 1 else ''} (briefer version {VERSION}).")


def _rebrief_llm(ctx: click.Context, limit: int | None, as_json: bool) -> None:
    import dataclasses
    import sys

    from briefing.cli.llm import llm_pass

    settings = current_settings(ctx)
    if not settings.brief.llm.model.strip():
        raise BriefingError("no model: set [brief.llm] model in the config "
                            "(`llm models` lists them)", EXIT_USAGE)
    llm_settings = dataclasses.replace(settings.brief.llm, per_refresh=limit if limit is not None
                                       else sys.maxsize)
    settings = dataclasses.replace(settings, brief=dataclasses.replace(
        settings.brief, engine="llm", llm=llm_settings))
    report = llm_pass(settings, progress=sys.stderr.isatty() and not as_json, everything=True)
    if as_json:
        emit_json(report.to_dict())
    else:
        click.echo(report.summary())
