"""Language-model answers and briefs: the cache of answers, and writing a checked brief.

A mixin of `Store` (the only place that writes SQL). Writes are conditional on the story
being as it was read: a refresh that merged the story again in the meantime wins, and the
cached answer serves the next pass without a second call.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from briefing.clock import Clock
from briefing.models import Brief


@dataclass(frozen=True)
class StoryForLlm:
    """A story without a language-model brief: what a pass needs to write one."""

    id: str
    lead_article_id: str
    merged: str | None
    """When its brief was merged: the brief is written only if this has not changed."""


class LlmStoreMixin:
    """The `llm_answers` table and guarded brief writes; mixed into `Store`."""

    _execute: Callable[..., sqlite3.Cursor]
    _query: Callable[..., Iterator[dict[str, Any]]]
    transaction: Callable[[], AbstractContextManager[None]]
    clock: Clock

    def llm_answer(self, text_hash: str, model: str, prompt_version: int) -> str | None:
        """The cached raw answer for this text, model and prompt version, if any."""
        row = self._execute(
            """SELECT answer FROM llm_answers
               WHERE text_hash = ? AND model = ? AND prompt_version = ?""",
            [text_hash, model, prompt_version]).fetchone()
        return row[0] if row else None

    def save_llm_answer(self, text_hash: str, model: str, prompt_version: int,
                        answer: str) -> None:
        with self.transaction():
            self._execute(
                """INSERT OR REPLACE INTO llm_answers
                   (text_hash, model, prompt_version, answer, created) VALUES (?, ?, ?, ?, ?)""",
                [text_hash, model, prompt_version, answer,
                 self.clock().astimezone(UTC).isoformat(timespec="seconds")])

    def prune_llm_answers(self, keep_days: int) -> int:
        """Forget answers cached more than `keep_days` ago (0 keeps all); returns how many.
        Their stories keep the briefs made from them."""
        if keep_days <= 0:
            return 0
        cutoff = (self.clock() - timedelta(days=keep_days)).astimezone(UTC)
        with self.transaction():
            return self._execute("DELETE FROM llm_answers WHERE created < ?",
                                 [cutoff.isoformat(timespec="seconds")]).rowcount

    def stories_for_llm(self, *, since: datetime | None = None) -> list[StoryForLlm]:
        """Stories whose brief no language model made, newest first (only those published
        or merged from `since` on, if given: an old report first fetched now counts)."""
        where, args = "", []
        if since is not None:
            stamp = since.astimezone(UTC).isoformat(timespec="seconds")
            where, args = """AND id IN (SELECT id FROM stories WHERE published >= ?
                                        UNION SELECT id FROM stories WHERE merged >= ?)""", \
                [stamp, stamp]
        return [StoryForLlm(r["id"], r["lead_article_id"], r["merged"]) for r in self._query(
            f"""SELECT id, lead_article_id, merged FROM stories
                WHERE coalesce(json_extract(brief, '$.method'), '') != 'llm' {where}
                ORDER BY published DESC, id""", args)]

    def write_llm_brief(self, story: StoryForLlm, brief: Brief, *,
                        article_brief: Brief | None = None) -> bool:
        """Store a story's language-model brief (and, for a story of one, its article's),
        unless the story was merged again since it was read; True when written."""
        now = self.clock().astimezone(UTC).isoformat(timespec="seconds")
        with self.transaction():
            row = self._execute("SELECT merged FROM stories WHERE id = ?",
                                [story.id]).fetchone()
            if row is None or row[0] != story.merged:
                return False
            if article_brief is not None:
                self._execute(
                    "UPDATE briefs SET method = ?, brief = ?, created = ? WHERE article_id = ?",
                    [article_brief.method, json.dumps(article_brief.to_dict(), ensure_ascii=False),
                     now, story.lead_article_id])
            self._execute("UPDATE stories SET brief = ?, merged = ? WHERE id = ?",
                          [json.dumps(brief.to_dict(), ensure_ascii=False), now, story.id])
        return True
