"""The clusterer's state: each clustered article's row (`story_articles.state`) and the
running totals a refresh clusters against (`cluster_terms`, `cluster_postings`,
`cluster_stories`), loaded by what the new articles touch, never replayed whole.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from briefing.store.cluster_totals import (
    iso_naive,
    rebuild_cluster_totals,
    write_cluster_changes,
)
from briefing.store.connection import Connection
from briefing.store.stories import Stories

if TYPE_CHECKING:
    from briefing.cluster import Changes, StoryTotals


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _stale_norm(norm_n: int, n: int) -> bool:
    """Whether a story's stored norm no longer holds: the article count it was computed
    at is more than a tenth away from the count now `n` (the IDF has moved). It is
    computed again when a clusterer needs it (`Clusters.lookup`)."""
    return abs(norm_n - n) > 0.1 * n


class Clusters:
    """The clusterer's rows and totals (`store.clusters`)."""

    def __init__(self, conn: Connection, stories: Stories) -> None:
        self._conn = conn
        self._stories = stories
        """Told which stories a new member changed (`add_rows`)."""

    def state(self) -> list[dict[str, Any]]:
        """The clusterer's rows in arrival order, to replay it."""
        return [json.loads(r[0]) for r in self._conn.execute(
            "SELECT state FROM story_articles ORDER BY seq").fetchall()]

    def counts(self, terms: Iterable[str]) -> tuple[int, dict[str, int]]:
        """How many articles are clustered, and the document frequency of each of `terms`
        that some of them use."""
        n = self._conn.execute("SELECT count(*) FROM story_articles").fetchone()[0]
        return n, self.df(terms)

    def df(self, terms: Iterable[str]) -> dict[str, int]:
        """The document frequency of each of `terms` that some clustered article uses."""
        return {r["term"]: r["df"] for r in self._conn.query_in(
            "SELECT term, df FROM cluster_terms WHERE term IN ({})", list(terms))}

    def lookup(self, terms: Iterable[str], limit: int, since: datetime | None,
               n: int, before: int | None = None) -> list[StoryTotals]:
        """The stories `terms` find, each with its weights for those terms only (partial):
        for each term the `limit` newest stories using it, among those with a dated
        article since `since` (or with none dated) and, if given, a seq below `before`
        (the stories a clusterer started itself are all in its memory). A norm computed
        when the article count `n` was more than a tenth away is marked stale: the
        clusterer computes it again only for a story that may reach its threshold."""
        from briefing.cluster import StoryTotals

        bound = iso_naive(since)
        weights: dict[int, dict[str, float]] = {}
        for term in terms:  # each term's own LIMIT: one statement a term
            for seq, weight in self._conn.execute(
                    """SELECT p.seq, p.weight
                       FROM cluster_postings p JOIN cluster_stories s ON s.seq = p.seq
                       WHERE p.term = ? AND (? IS NULL OR s.last IS NULL OR s.last >= ?)
                       AND (? IS NULL OR p.seq < ?)
                       ORDER BY p.seq DESC LIMIT ?""",
                    [term, bound, bound, before, before, limit]):
                weights.setdefault(seq, {})[term] = weight
        # A story found by several terms is read once, in one statement for them all.
        marks = ", ".join(str(int(seq)) for seq in weights)
        return [StoryTotals(story_id, seq, weights[seq], _parse(first), _parse(last), size,
                            norm, partial=True, stale_norm=_stale_norm(norm_n, n))
                for seq, story_id, first, last, size, norm, norm_n in self._conn.execute(
                    f"""SELECT seq, story_id, first, last, size, norm, norm_n
                        FROM cluster_stories WHERE seq IN ({marks}) ORDER BY seq""")]

    def weights(self, seqs: list[int], terms: list[str]) -> dict[int, dict[str, float]]:
        """{story seq: its centroid weights for those of `terms` it has}."""
        found: dict[int, dict[str, float]] = {}
        marks = ", ".join(str(int(seq)) for seq in seqs)
        for r in self._conn.query_in(f"SELECT seq, term, weight FROM cluster_postings "
                                     f"WHERE seq IN ({marks}) AND term IN ({{}})", terms):
            found.setdefault(r["seq"], {})[r["term"]] = r["weight"]
        return found

    def centroids(self, seqs: list[int]) -> dict[int, dict[str, float]]:
        """{story seq: its whole centroid}."""
        found: dict[int, dict[str, float]] = {}
        marks = ", ".join(str(int(seq)) for seq in seqs)
        for seq, term, weight in self._conn.execute(
                f"SELECT seq, term, weight FROM cluster_postings WHERE seq IN ({marks})"):
            found.setdefault(seq, {})[term] = weight
        return found

    def next_seq(self) -> int:
        return self._conn.execute(
            "SELECT coalesce(max(seq), 0) + 1 FROM cluster_stories").fetchone()[0]

    def save_changes(self, changes: Changes) -> None:
        with self._conn.transaction():
            write_cluster_changes(self._conn.conn, changes)

    def rebuild_totals(self) -> None:
        with self._conn.transaction():
            rebuild_cluster_totals(self._conn.conn)

    def stale_rows(self, version: int) -> list[dict[str, Any]]:
        """State rows saved under another feature recipe."""
        return [json.loads(r[0]) for r in self._conn.execute(
            "SELECT state FROM story_articles WHERE features_version IS NOT ?", [version])]

    def features(self, ids: Iterable[str]) -> dict[str, dict[str, float]]:
        """{article id: its clustering features} for the clustered ones among `ids`."""
        rows = self._conn.query_in(
            "SELECT article_id, state FROM story_articles WHERE article_id IN ({})", list(ids))
        return {r["article_id"]: json.loads(r["state"])["features"] for r in rows}

    def forget(self, doomed: str, params: list[Any]) -> None:
        """Take the articles selected by `doomed` (an SQL query of ids) out of the
        totals, before they are deleted (`Articles.delete`). The norms of the stories
        they leave are computed again; those of the others stay as they are, marked
        stale by their article count once it is a tenth away."""
        import math

        terms: dict[str, int] = {}
        weights: dict[tuple[str, str], float] = {}
        sizes: dict[str, int] = {}
        for (state,) in self._conn.execute(
                f"SELECT state FROM story_articles WHERE article_id IN ({doomed})", params):
            row = json.loads(state)
            features, story = row["features"], row["story_id"]
            norm = math.sqrt(sum(w * w for w in features.values())) or 1.0
            sizes[story] = sizes.get(story, 0) + 1
            for term, weight in features.items():
                terms[term] = terms.get(term, 0) + 1
                weights[story, term] = weights.get((story, term), 0.0) + weight / norm
        if not sizes:
            return
        seq_of = {r["story_id"]: r["seq"] for r in self._conn.query_in(
            "SELECT seq, story_id FROM cluster_stories WHERE story_id IN ({})", list(sizes))}
        self._conn.executemany("UPDATE cluster_terms SET df = df - ? WHERE term = ?",
                               [(n, term) for term, n in terms.items()])
        self._conn.executemany(
            "UPDATE cluster_postings SET weight = weight - ? WHERE term = ? AND seq = ?",
            [(w, term, seq_of[story]) for (story, term), w in weights.items()
             if story in seq_of])
        self._conn.executemany("UPDATE cluster_stories SET size = size - ? WHERE seq = ?",
                               [(n, seq_of[story]) for story, n in sizes.items()
                                if story in seq_of])
        remaining = f"""FROM story_articles sa WHERE sa.story_id = cluster_stories.story_id
                        AND sa.article_id NOT IN ({doomed})"""
        self._conn.executemany(
            f"""UPDATE cluster_stories SET
                  first = (SELECT min(json_extract(sa.state, '$.published')) {remaining}),
                  last = (SELECT max(json_extract(sa.state, '$.published')) {remaining})
                WHERE seq = ?""", [(*params, *params, seq) for seq in seq_of.values()])
        self._conn.execute("DELETE FROM cluster_terms WHERE df <= 0")
        self._renorm(sorted(seq_of.values()), gone=sum(sizes.values()))
        self._conn.execute("DELETE FROM cluster_postings WHERE weight <= 1e-9 OR seq IN "
                           "(SELECT seq FROM cluster_stories WHERE size <= 0)")
        self._conn.execute("DELETE FROM cluster_stories WHERE size <= 0")

    def _renorm(self, seqs: list[int], *, gone: int = 0) -> None:
        """Compute these stories' stored norms again from their centroids (`gone`: state
        rows still counted that are about to be deleted)."""
        from briefing.cluster.clusterer import centroid_norm

        centroids = self.centroids(seqs)
        n, df = self.counts({t for c in centroids.values() for t in c})
        self._conn.executemany("UPDATE cluster_stories SET norm = ?, norm_n = ? WHERE seq = ?",
                               [(centroid_norm(c, df, n - gone), n - gone, seq)
                                for seq, c in centroids.items()])

    def unclustered(self, ids: list[str] | None = None) -> list[dict[str, Any]]:
        """Articles not in any story yet (only those among `ids` if given), oldest first
        (the order they are clustered in): read from the list the schema's triggers keep
        (`articles_to_cluster`), so the cost follows what waits, not the history."""
        among, args = "", []
        if ids is not None:
            if not ids:
                return []
            among, args = f"WHERE q.article_id IN ({', '.join('?' * len(ids))})", ids
        # CROSS JOIN makes SQLite loop over the list, not over every article in the
        # ORDER BY's index.
        return list(self._conn.query(
            f"""SELECT a.id, a.title, a.text, a.published, a.first_seen, a.source
                FROM articles_to_cluster q CROSS JOIN articles a ON a.id = q.article_id {among}
                ORDER BY coalesce(a.published, a.first_seen), a.id""", args))

    def add_rows(self, rows: Iterable[dict[str, Any]]) -> None:
        """Append clusterer rows (each {"article_id", "story_id", ...}) in order; their
        stories wait for a merge (`Stories.mark_unmerged`)."""
        rows = list(rows)
        with self._conn.transaction():
            start = self._conn.execute(
                "SELECT coalesce(max(seq), 0) FROM story_articles").fetchone()[0]
            # One statement: sqlite-utils' insert_all re-reads the table's schema, which
            # adds up when every batch of a refresh writes its rows.
            self._conn.executemany(
                "INSERT OR REPLACE INTO story_articles "
                "(article_id, story_id, seq, state, features_version) VALUES (?, ?, ?, ?, ?)",
                [(r["article_id"], r["story_id"], start + n, json.dumps(r),
                  r.get("features_version")) for n, r in enumerate(rows, 1)])
            self._stories.mark_unmerged({r["story_id"] for r in rows})  # those that have a row

    def restate_rows(self, rows: Iterable[dict[str, Any]]) -> None:
        """Rewrite stored clusterer rows in place (their order is kept)."""
        with self._conn.transaction():
            self._conn.executemany(
                "UPDATE story_articles SET state = ?, features_version = ? WHERE article_id = ?",
                [(json.dumps(r), r.get("features_version"), r["article_id"]) for r in rows])

