"""Language-model answers and briefs: the cache of answers, and writing a checked brief.

Writes are conditional on the story being as it was read: a refresh that merged the story
again in the meantime wins, and the cached answer serves the next pass without a second
call.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from briefing.models import Brief
from briefing.store.connection import Connection


@dataclass(frozen=True)
class StoryForLlm:
    """A story without a language-model brief: what a pass needs to write one."""

    id: str
    lead_article_id: str
    merged: str | None
    """When its brief was merged: the brief is written only if this has not changed."""


class LlmAnswers:
    """The `llm_answers` table, and the stories a language model is to brief (`store.llm`)."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def answer(self, text_hash: str, model: str, prompt_version: int) -> str | None:
        """The cached raw answer for this text, model and prompt version, if any."""
        row = self._conn.execute(
            """SELECT answer FROM llm_answers
               WHERE text_hash = ? AND model = ? AND prompt_version = ?""",
            [text_hash, model, prompt_version]).fetchone()
        return row[0] if row else None

    def save_answer(self, text_hash: str, model: str, prompt_version: int,
                    answer: str) -> None:
        with self._conn.transaction():
            self._conn.execute(
                """INSERT OR REPLACE INTO llm_answers
                   (text_hash, model, prompt_version, answer, created) VALUES (?, ?, ?, ?, ?)""",
                [text_hash, model, prompt_version, answer,
                 self._conn.clock().astimezone(UTC).isoformat(timespec="seconds")])

    def prune(self, keep_days: int) -> int:
        """Forget answers cached more than `keep_days` ago (0 keeps all); returns how many.
        Their stories keep the briefs made from them."""
        if keep_days <= 0:
            return 0
        cutoff = (self._conn.clock() - timedelta(days=keep_days)).astimezone(UTC)
        with self._conn.transaction():
            return self._conn.execute("DELETE FROM llm_answers WHERE created < ?",
                                      [cutoff.isoformat(timespec="seconds")]).rowcount

    def stories_to_brief(self, *, since: datetime | None = None) -> list[StoryForLlm]:
        """Stories whose brief no language model made, newest first (only those published
        or merged from `since` on, if given: an old report first fetched now counts). Reads
        `stories`."""
        where, args = "", []
        if since is not None:
            stamp = since.astimezone(UTC).isoformat(timespec="seconds")
            where, args = """AND id IN (SELECT id FROM stories WHERE published >= ?
                                        UNION SELECT id FROM stories WHERE merged >= ?)""", \
                [stamp, stamp]
        rows = self._conn.query(
            f"""SELECT id, lead_article_id, merged FROM stories
                WHERE coalesce(json_extract(brief, '$.method'), '') != 'llm' {where}
                ORDER BY published DESC, id""", args)
        return [StoryForLlm(r["id"], r["lead_article_id"], r["merged"]) for r in rows]

    def write_brief(self, story: StoryForLlm, brief: Brief, *,
                    article_brief: Brief | None = None) -> bool:
        """Store a story's language-model brief (and, for a story of one, its article's),
        unless the story was merged again since it was read; True when written. Writes
        `stories` and `briefs`."""
        now = self._conn.clock().astimezone(UTC).isoformat(timespec="seconds")
        with self._conn.transaction():
            row = self._conn.execute("SELECT merged FROM stories WHERE id = ?",
                                     [story.id]).fetchone()
            if row is None or row[0] != story.merged:
                return False
            if article_brief is not None:
                self._conn.execute(
                    "UPDATE briefs SET method = ?, brief = ?, created = ? WHERE article_id = ?",
                    [article_brief.method, json.dumps(article_brief.to_dict(), ensure_ascii=False),
                     now, story.lead_article_id])
            self._conn.execute("UPDATE stories SET brief = ?, merged = ? WHERE id = ?",
                               [json.dumps(brief.to_dict(), ensure_ascii=False), now, story.id])
        return True
