"""Full-text search queries, for the articles' and the stories' searches alike."""

from __future__ import annotations


def fts_phrase(query: str) -> str:
    """A user's words as a safe FTS5 query: each word quoted, the last one as a prefix.

    Quoting makes FTS syntax (AND, NEAR, *, stray quotes) plain words; the prefix on the
    last word gives results while the user is still typing it.
    """
    words = [w.replace('"', "") for w in query.split()]
    words = [w for w in words if w]
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)
