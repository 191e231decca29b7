"""Article commands: list, show, search, summarize."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import click

from briefing.cli.app import current_settings, emit_json, main, open_store, term_width
from briefing.errors import EXIT_FAILED, EXIT_USAGE, BriefingError, UsageError
from briefing.models import StoredArticle
from briefing.sanitize import strip_controls

_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
"""An argument that is an address (http://, ftp://, file://...), not a file name."""


@main.command("list", short_help="Stored articles, newest first.")
@click.option("--limit", default=30, show_default=True, type=click.IntRange(min=1))
@click.option("--unread", is_flag=True, help="Only articles not read yet.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_context
def list_command(ctx: click.Context, limit: int, unread: bool, as_json: bool) -> None:
    """List stored articles, newest first."""
    with open_store(current_settings(ctx), existing=True, reads_only=True) as store:
        rows = store.articles.page(limit=limit + 1, unread_only=unread)
    _print_rows(rows[:limit], as_json,
                "No stories yet. Run `briefing refresh`, or add documents to the seeds folder.")
    if len(rows) > limit:  # on stderr, as search says it: a pipe or --json reads the rows alone
        click.echo(f"briefing: more stored than the {limit} newest shown: use --limit N",
                   err=True)


def _print_rows(rows: list[Any], as_json: bool, empty: str) -> None:
    """Rows of `list` or `search`: a JSON array, or one line each (or a hint when none)."""
    from briefing.render.data import row_dict
    from briefing.render.text import row_line

    if as_json:
        emit_json([row_dict(r) for r in rows])
    elif not rows:
        click.echo(empty)
    else:
        for row in rows:
            click.echo(row_line(row, width=term_width()))


@main.command(short_help="One article's brief.")
@click.argument("article_id")
@click.option("--json", "as_json", is_flag=True, help="Print the article as JSON.")
@click.option("--markdown", "as_markdown", is_flag=True, help="Print the brief as Markdown.")
@click.pass_context
def show(ctx: click.Context, article_id: str, as_json: bool, as_markdown: bool) -> None:
    """Show one article's brief (ARTICLE_ID from `briefing list` or under a story in
    `briefing stories`; a unique prefix will do). A story's merged brief, from all its
    sources, is in `briefing digest` and the reader."""
    from briefing.render.data import article_dict
    from briefing.render.markdown import brief_markdown
    from briefing.render.text import article_notes, article_text, source_parts

    if as_json and as_markdown:
        raise BriefingError("--json and --markdown cannot be used together", EXIT_USAGE)
    settings = current_settings(ctx)
    with open_store(settings, existing=True, reads_only=True) as store:
        article = store.articles.get(article_id)
    if article is None:
        if len(article_id) < 4:
            raise UsageError(f"no article with id {article_id!r}: give at least the first 4 "
                             "characters of an id from `briefing list`")
        raise UsageError(f"no article with id {article_id!r}, or several share that prefix "
                         "(see `briefing list`)")
    file = seed_file(article, settings.seeds)
    if as_json:
        emit_json(article_dict(article, file))
    elif as_markdown:
        click.echo(brief_markdown(article.title, article.brief,
                                  parts=source_parts(article, file),
                                  notes=article_notes(article)))
    else:
        click.echo(article_text(article, width=term_width(), file=file))


def seed_file(article: StoredArticle, seeds: Path | None) -> str | None:
    """A seed's file as printable text: its path in the seeds folder when it is in it,
    else its full path; None for an article that is no seed."""
    if not article.key.startswith("file:"):
        return None
    from briefing.sources.seeds import path_text

    full = article.key.removeprefix("file:")  # the resolved path, already printable
    if seeds is not None:
        folder = path_text(seeds.resolve()).rstrip("/") + "/"
        if full.startswith(folder):
            return full.removeprefix(folder)
    return full


@main.command(short_help="Full-text search over stored articles.")
@click.argument("query")
@click.option("--limit", default=30, show_default=True, type=click.IntRange(min=1))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_context
def search(ctx: click.Context, query: str, limit: int, as_json: bool) -> None:
    """Full-text search over titles and text (plain words; quotes are fine)."""
    if not query.strip():
        raise BriefingError("give words to search for, like `briefing search harbour`",
                            EXIT_USAGE)
    with open_store(current_settings(ctx), existing=True, reads_only=True) as store:
        rows = store.articles.search(query, limit=limit + 1)
    _print_rows(rows[:limit], as_json, "No matches.")
    if len(rows) > limit:  # on stderr: a pipe or --json reads the rows alone
        click.echo(f"briefing: more match than the {limit} best shown: use --limit N, or "
                   "add words to narrow", err=True)


@main.command(short_help="Brief local files without storing them.")
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.pass_context
def summarize(ctx: click.Context, paths: tuple[str, ...], as_json: bool) -> None:
    """Brief local files without storing them ('-' reads standard input)."""
    from briefing.brief import make_brief
    from briefing.render.data import brief_dict
    from briefing.render.text import brief_text, headline
    from briefing.sources.seeds import SeedError, read_document_bytes, read_limited, read_seed

    urls = [name for name in paths if _URL.match(name) and not Path(name).exists()]
    if urls:
        raise BriefingError(f"{strip_controls(urls[0])}: summarize reads local files only (or "
                            "`-` for standard input); save the page first, or subscribe to "
                            "its feed with `briefing feeds add`", EXIT_USAGE)
    settings = current_settings(ctx)
    failed = False
    for name in paths:
        try:
            if name == "-":
                doc = read_document_bytes(read_limited(sys.stdin.buffer), key="stdin:",
                                          name="-")
            else:
                doc = read_seed(Path(name))
        except SeedError as err:
            click.echo(f"briefing: {strip_controls(name)}: {err}", err=True)
            failed = True
            continue
        brief = make_brief(doc.text, what_to_know=settings.brief.what_to_know, title=doc.title)
        if as_json:
            emit_json({"path": name, "title": doc.title, "brief": brief_dict(brief)})
        else:
            width = term_width()
            click.echo(f"{headline(doc.title, brief, width=width)}\n\n"
                       f"{brief_text(brief, width=width, title=doc.title)}\n")
    if failed:
        ctx.exit(EXIT_FAILED)
