"""Language-model commands, and the pass `refresh` and `rebrief` run after storing."""

from __future__ import annotations

import json
from typing import Any

import click

from briefing.cli.app import current_settings, emit_json, main, open_store
from briefing.config import Settings
from briefing.errors import UsageError
from briefing.sanitize import strip_controls


def llm_pass(settings: Settings, *, progress: bool, everything: bool = False,
             limit: int | None = None) -> Any:
    """Bring stored stories up to date with language-model briefs; the notice, if any,
    goes to stderr once. Returns the `LlmReport`."""
    from briefing.cli.progress import ProgressLine
    from briefing.llm.update import LlmReport, apply_llm_briefs

    line = ProgressLine() if progress else None
    try:
        with open_store(settings) as store:
            report = apply_llm_briefs(store, settings, everything=everything, limit=limit,
                                      on_progress=line.update if line else None)
    except Exception as err:  # the refresh is stored: say why the pass stopped, undo nothing
        report = LlmReport(model=settings.brief.llm.model)
        report.notice = (f"language-model briefs with {settings.brief.llm.model!r} stopped: "
                         f"{type(err).__name__}: {err}. The extractive briefs stay.")
    finally:
        if line:
            line.clear()
    if report.notice:
        click.echo(f"briefing: {strip_controls(report.notice)}", err=True)
    return report


@main.command("prompt", short_help="The prompt a language model would get.")
@click.argument("article_id")
@click.option("--story", is_flag=True,
              help="The prompt for the article's whole story (what is sent for a story of "
                   "several sources).")
@click.option("--json", "as_json", is_flag=True,
              help="Print system text, prompt and schema as one JSON object.")
@click.pass_context
def prompt_command(ctx: click.Context, article_id: str, story: bool, as_json: bool) -> None:
    """Print the exact prompt a language model would get for one article, without sending
    it (ARTICLE_ID from `briefing list`; a unique prefix will do)."""
    from briefing.llm.prompt import Source, build_prompt
    from briefing.llm.update import story_sources

    settings = current_settings(ctx)
    with open_store(settings, existing=True, reads_only=True) as store:
        article = store.articles.get(article_id)
        if article is None:
            raise UsageError(f"no story with id {article_id!r} (see `briefing list`)")
        story_id = store.stories.story_of(article.id)
        row = store.stories.rows([story_id]).get(story_id) if story_id else None
        sources = story_sources(store, row.id, row.lead_article_id)[0] if row else []
        if not story or len(sources) < 2:
            if len(sources) > 1:
                click.echo(f"# this article's story has {len(sources)} sources: the prompt "
                           "sent is the story's (see --story)", err=True)
            sources = [Source(article.id, article.source, article.title, article.text)]
    prompt = build_prompt(sources, what_to_know=settings.brief.what_to_know)
    if as_json:
        emit_json({"model": settings.brief.llm.model or None, "system": prompt.system,
                    "prompt": prompt.text, "schema": prompt.schema})
        return
    model = settings.brief.llm.model or "(none set: [brief.llm] model)"
    state = "on" if settings.brief.engine == "llm" else "off ([brief] engine is extractive)"
    click.echo(f"# model: {strip_controls(model)} · language-model briefs: {state}", err=True)
    click.echo("# system\n" + prompt.system + "\n\n# prompt\n" + strip_controls(prompt.text)
               + "\n\n# schema (sent when the model supports structured output)\n"
               + json.dumps(prompt.schema, indent=1))
