"""Bring stored stories up to date with language-model briefs, after a refresh stored them.

For each story without one (newest first): the prompt over its articles, the cached
answer or a model call, the check of every point against its cited sentences, then a
brief whose panels are the model's where points survived and the extractive ones where
the check left a panel empty. Nothing is replaced until a checked brief is ready; a
failure leaves the extractive brief as it was and says why once.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from briefing.config import Settings
from briefing.llm.compose import grounded_brief, story_brief
from briefing.llm.engine import (
    EngineUnavailable,
    Failure,
    ask,
    classify,
    default_options,
    load_model,
    run_calls,
)
from briefing.llm.grounding import AnswerError, check_answer, parse_answer
from briefing.llm.prompt import PROMPT_VERSION, BriefPrompt, Source, build_prompt
from briefing.models import Brief
from briefing.store import Store
from briefing.store.llm import StoryForLlm

RECENT = timedelta(days=2)
"""A refresh's pass looks at stories published this recently; `rebrief` at all of them."""
FAILURES_IN_A_ROW = 3
"""Failed calls in a row after which a pass stops calling (the rest keep extractive)."""

ProgressFn = Callable[[int, int, str], None]


@dataclass
class LlmReport:
    """What a pass did, for the CLI summary and `refresh --json`."""

    model: str
    calls: int = 0
    cached: int = 0
    failed: int = 0
    briefs: int = 0
    """Stories that got a language-model brief (from a call or the cache)."""
    points_kept: int = 0
    points_dropped: int = 0
    fallback_panels: int = 0
    """Panels the check emptied, filled from the extractive brief instead."""
    waiting: int = 0
    """Stories left for a later pass (the call limit, or calls stopped)."""
    dropped_reasons: dict[str, int] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)
    notice: str | None = None
    """One line for the user when the model could not be used as asked."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model, "calls": self.calls, "cached": self.cached,
            "failed": self.failed, "briefs": self.briefs, "points_kept": self.points_kept,
            "points_dropped": self.points_dropped, "fallback_panels": self.fallback_panels,
            "waiting": self.waiting, "dropped_reasons": dict(self.dropped_reasons),
            "failures": dict(self.failures), "notice": self.notice,
        }

    def summary(self) -> str:
        """One line for `briefing refresh`."""
        made = f"{self.briefs} language-model brief{'s' if self.briefs != 1 else ''}"
        parts = [f"{self.calls} call{'s' if self.calls != 1 else ''}",
                 f"{self.cached} cached"]
        if self.failed:
            parts.append(f"{self.failed} failed")
        if self.waiting:
            parts.append(f"{self.waiting} waiting")
        return (f"{made} ({', '.join(parts)}); {self.points_dropped} point"
                f"{'s' if self.points_dropped != 1 else ''} dropped by the check")


@dataclass
class _Job:
    story: StoryForLlm
    prompt: BriefPrompt
    base: Brief
    single: bool


def story_sources(store: Store, story_id: str,
                  lead_article_id: str) -> tuple[list[Source], Brief | None, bool]:
    """A story's articles as the prompt gets them (the lead first, then in arrival order),
    the brief to fall back on, and whether it has one article."""
    members = store.stories.members(story_id)
    members.sort(key=lambda m: m.id != lead_article_id)
    texts = store.articles.texts([m.id for m in members])
    sources = [Source(m.id, m.source, texts[m.id][0], texts[m.id][1])
               for m in members if m.id in texts]
    base = members[0].brief if len(members) == 1 else store.stories.brief(story_id)
    return sources, base, len(members) == 1


class _Pass:
    def __init__(self, store: Store, settings: Settings, report: LlmReport, model: Any,
                 progress: ProgressFn) -> None:
        self.store = store
        self.settings = settings
        self.report = report
        self.model = model
        self.model_id = str(getattr(model, "model_id", settings.brief.llm.model))
        self.progress = progress
        self.in_a_row = 0
        self.fatal: Failure | None = None
        self.done = 0
        self.total = 0

    def job(self, story: StoryForLlm) -> _Job | None:
        sources, base, single = story_sources(self.store, story.id, story.lead_article_id)
        if not sources or base is None:
            return None
        prompt = build_prompt(sources, what_to_know=self.settings.brief.what_to_know)
        if not prompt.sentences:
            return None
        return _Job(story, prompt, base, single)

    def cached(self, job: _Job) -> str | None:
        return self.store.llm.answer(job.prompt.digest, self.model_id, PROMPT_VERSION)

    def apply(self, job: _Job, answer: str) -> bool:
        """Check the answer and write the brief; False when the answer is unreadable."""
        try:
            panels, malformed = parse_answer(answer)
        except AnswerError as err:
            self.fail(Failure(str(err), False))
            return False
        checked = check_answer(panels, job.prompt.sentences)
        report = self.report
        report.points_dropped += malformed
        if malformed:
            report.dropped_reasons["not a point"] = \
                report.dropped_reasons.get("not a point", 0) + malformed
        for c in checked:
            if c.kept:
                report.points_kept += 1
            else:
                report.points_dropped += 1
                kind = _reason_kind(c.reason or "")
                report.dropped_reasons[kind] = report.dropped_reasons.get(kind, 0) + 1
        brief, fallbacks = grounded_brief(job.base, job.prompt, checked, job.single,
                                          what_to_know=self.settings.brief.what_to_know)
        report.fallback_panels += fallbacks
        if brief.method != "llm":
            return True
        shown = story_brief(brief, job.story.lead_article_id) if job.single else brief
        if self.store.llm.write_brief(job.story, shown,
                                      article_brief=brief if job.single else None):
            report.briefs += 1
        return True

    def fail(self, failure: Failure) -> None:
        self.report.failed += 1
        self.report.failures[failure.reason] = self.report.failures.get(failure.reason, 0) + 1
        self.in_a_row += 1
        if failure.fatal and self.fatal is None:
            self.fatal = failure

    def on_done(self, job: _Job, outcome: str | BaseException) -> bool:
        self.done += 1
        self.progress(self.done, self.total, "language-model briefs")
        self.report.calls += 1
        if isinstance(outcome, BaseException):
            self.fail(classify(outcome, self.settings.brief.llm.timeout))
        else:
            if self.apply(job, outcome):
                self.in_a_row = 0
                self.store.llm.save_answer(job.prompt.digest, self.model_id, PROMPT_VERSION,
                                           outcome)
        return self.fatal is None and self.in_a_row < FAILURES_IN_A_ROW


@contextmanager
def pass_lock(store: Store) -> Iterator[bool]:
    """One pass at a time per database (a cron refresh and a manual one would pay twice for
    the same stories): yields False when another pass holds the lock. The kernel releases
    it when its holder dies."""
    if store.path is None:
        yield True
        return
    fd = os.open(store.path.with_name(store.path.name + ".llm.lock"), os.O_RDWR | os.O_CREAT,
                 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)  # closing releases the lock


def apply_llm_briefs(store: Store, settings: Settings, *, everything: bool = False,
                     limit: int | None = None, on_progress: ProgressFn | None = None,
                     model: str | None = None,
                     is_cancelled: Callable[[], bool] = lambda: False) -> LlmReport:
    """Give the stored stories that lack one a checked language-model brief.

    Stories published in the last two days, newest first (all with `everything`); at
    most `limit` calls (default: [brief.llm] per_refresh); cached answers cost none.
    Never raises for the model's sake: problems end up in `report.notice`. Once
    `is_cancelled()` is true no further call starts and calls in flight are abandoned.
    """
    config = settings.brief.llm
    name = model or config.model
    report = LlmReport(model=name)
    progress = on_progress or (lambda done, total, what: None)
    try:
        llm_model = load_model(name)
    except EngineUnavailable as err:
        report.notice = _notice(name, str(err))
        return report
    with pass_lock(store) as ours:
        if not ours:
            report.notice = (f"language-model briefs with {name!r}: another pass is running on "
                             "this database and will brief these stories.")
            return report
        _run_pass(store, settings, report, llm_model, progress, everything=everything,
                  limit=limit, is_cancelled=is_cancelled)
    return report


def _run_pass(store: Store, settings: Settings, report: LlmReport, llm_model: Any,
              progress: ProgressFn, *, everything: bool, limit: int | None,
              is_cancelled: Callable[[], bool]) -> None:
    config = settings.brief.llm
    name = report.model
    store.llm.prune(settings.keep_days)  # as old as the stories a refresh prunes
    work = _Pass(store, settings, report, llm_model, progress)
    since = None if everything else store.clock() - RECENT
    budget = config.per_refresh if limit is None else limit
    to_call: list[_Job] = []
    for story in store.llm.stories_to_brief(since=since):
        job = work.job(story)
        if job is None:
            continue
        answer = work.cached(job)
        if answer is not None:
            report.cached += 1
            work.apply(job, answer)
        elif len(to_call) < budget:
            to_call.append(job)
        else:
            report.waiting += 1
    work.total = len(to_call)

    options = default_options(llm_model)

    def call(job: _Job) -> str:
        return ask(llm_model, job.prompt, options=options)

    run_calls(to_call, call, concurrency=config.concurrency, timeout=config.timeout,
              on_done=work.on_done, is_cancelled=is_cancelled)
    report.waiting += len(to_call) - work.done
    if work.fatal is not None:
        report.notice = _notice(name, work.fatal.reason)
    elif report.failed:
        reasons = "; ".join(f"{n} × {r}" if n > 1 else r
                            for r, n in sorted(report.failures.items(), key=lambda x: -x[1]))
        stopped = " (stopped after failures in a row)" if work.in_a_row >= FAILURES_IN_A_ROW \
            else ""
        report.notice = _notice(name, f"{report.failed} call{'s' if report.failed != 1 else ''}"
                                f" failed{stopped}: {reasons}")


def _reason_kind(reason: str) -> str:
    """A drop's reason without its particulars, for counting: "a number not in its
    sentences" rather than "the number 40 is not in the sentences it cites"."""
    for what in ("number", "name", "date"):
        if reason.startswith(f"the {what} "):
            return f"a {what} not in its sentences"
    return "cites a sentence the text does not have" if reason.startswith("cites sentence") \
        else reason


def _notice(model: str, reason: str) -> str:
    return (f"language-model briefs with {model!r}: {reason}. The extractive briefs stay; "
            "nothing was lost.")
