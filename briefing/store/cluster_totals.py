"""The clusterer's running totals written in SQL on a plain connection: by a refresh
(through `Clusters`) and by the migration that first makes them, which must not import
the store it migrates."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefing.cluster import Changes


def iso_naive(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def write_cluster_changes(conn: sqlite3.Connection, changes: Changes) -> None:
    """Add a clusterer's changes to the stored totals (see `Clusterer.changes`)."""
    conn.executemany(
        "INSERT INTO cluster_terms (term, df) VALUES (?, ?) "
        "ON CONFLICT (term) DO UPDATE SET df = df + excluded.df", list(changes.df.items()))
    conn.executemany(
        "INSERT INTO cluster_stories (seq, story_id, first, last, size, norm, norm_n) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (seq) DO UPDATE SET "
        "first = excluded.first, last = excluded.last, size = excluded.size, "
        "norm = excluded.norm, norm_n = excluded.norm_n",
        [(t.seq, t.story_id, iso_naive(t.first), iso_naive(t.last), t.size, t.norm,
          changes.n) for t in changes.stories])
    conn.executemany(
        "INSERT INTO cluster_postings (seq, term, weight) VALUES (?, ?, ?) "
        "ON CONFLICT (term, seq) DO UPDATE SET weight = excluded.weight", changes.weights)
    conn.executemany("UPDATE cluster_stories SET norm = ?, norm_n = ? WHERE seq = ?",
                     [(norm, changes.n, seq) for seq, norm in changes.norms])


def rebuild_cluster_totals(conn: sqlite3.Connection) -> None:
    """The totals made again from every state row, replayed in order: once, when a
    database gets them, or when saved features were derived again."""
    from briefing.cluster import Clusterer, StateRow

    rows = []
    for (state,) in conn.execute("SELECT state FROM story_articles ORDER BY seq"):
        try:
            rows.append(StateRow.from_dict(json.loads(state)))
        except (ValueError, KeyError, TypeError, AttributeError):
            continue  # a row no clusterer wrote: it counts in no total
    for table in ("cluster_terms", "cluster_postings", "cluster_stories"):
        conn.execute(f"DELETE FROM {table}")
    write_cluster_changes(conn, Clusterer.from_rows(rows).changes())
