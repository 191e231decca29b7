"""Put new articles into stories and merge the briefs of changed stories.

Incremental: only the articles not yet clustered are added, each batch against the part
of the stored totals it can touch (never a replay of the history); only the stories they
joined, lost members to retention, or whose articles were re-briefed are merged again.

A refresh clusters each batch of articles in the transaction that stores them
(`StoryUpdater.add`), so the database holds no article outside a story at any commit;
`finish` then does what must wait for the end. Other callers (rebrief, tests) use
`update_stories`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

from briefing.cluster import FEATURES_VERSION, Clusterer, ClusterItem, StateRow, extract_features
from briefing.cluster.clusterer import POSTINGS_LIMIT, WINDOW_DAYS, naive_utc
from briefing.edition.merge import merge_story
from briefing.store import Store
from briefing.store.stories import MergedStory


def _when(row: dict) -> datetime | None:
    value = row["published"] or row["first_seen"]
    return datetime.fromisoformat(value) if value else None


class StoryUpdater:
    """The clusterer of one store, fed as articles are stored; `finish` completes a refresh.

    Every method writes inside the caller's transaction when there is one, else its own:
    a refresh's writer clusters each batch in the transaction that stores it, so the
    database holds no article outside a story at any commit.
    """

    def __init__(self, store: Store, *, what_to_know: int = 5) -> None:
        self.store = store
        self.what_to_know = what_to_know
        self._checked = False
        self._clusterer: Clusterer | None = None
        """What this updater has read of the totals, kept from batch to batch: only it
        writes them while it runs (a refresh holds the lock)."""
        self._first_seq = 0
        """The seq of the first story this updater's clusterer could start: those from it
        on are wholly in its memory, and only older ones are looked up in the store."""
        self._looked_up: set[str] = set()
        self._later: set[str] = set()
        """Stories changed by `add` whose merge waits for `finish`."""

    def _restate(self) -> None:
        """Once: rows saved under another feature recipe get their features derived again
        (and saved, with the totals made again), so old and new articles are compared
        alike; they keep their stories."""
        if self._checked:
            return
        self._checked = True
        stale = self.store.clusters.stale_rows(FEATURES_VERSION)
        if not stale:
            return
        texts = self.store.articles.texts([r["article_id"] for r in stale])
        redone = []
        for data in stale:
            row = StateRow.from_dict(data)
            if row.article_id in texts:
                title, text = texts[row.article_id]
                features = extract_features(ClusterItem(row.article_id, title, text))
                redone.append(dataclasses.replace(row, features=features).to_dict())
        self.store.clusters.restate_rows(redone)
        self.store.clusters.rebuild_totals()

    def add(self, ids: Iterable[str],
            known_features: Mapping[str, dict[str, float]] | None = None) -> None:
        """After storing the articles `ids` (new or re-briefed): cluster those not in a
        story yet, oldest first, and write the rows of the stories they start.

        A story that already has a row and gained or re-briefed a member is merged by
        `finish` instead (once, not after every batch: a big story takes long to merge).
        Until then its row's cleared merge time gives it away, so a refresh
        that dies first leaves it to `finish` of the next one.
        `known_features`: the articles' clustering features when computed elsewhere.
        """
        ids = list(ids)
        with self.store.transaction():
            changed = self._cluster(ids, known_features or {})
            changed |= set(filter(None, map(self.store.stories.story_of, ids)))
            started = changed - self.store.stories.written(changed)
            self._merge(started)
            self._later |= changed - started

    def finish(self) -> int:
        """Cluster what is left (seeds, a crashed run's articles), drop the stories that
        retention emptied, merge the changed and stale ones; returns how many stories
        changed."""
        # What is left is clustered against the totals as stored now: a prune since the
        # last batch changed them, and the clusterer in memory would write its old
        # sizes and weights back over the pruned ones.
        self._clusterer, self._looked_up = None, set()
        with self.store.transaction():
            changed = set(self.store.stories.drop_orphans()) | set(self.store.stories.stale())
            changed |= self._cluster(None, {}) | self._later
            self._merge(changed)
        self._later = set()
        return len(changed)

    def _cluster(self, ids: list[str] | None,
                 known_features: Mapping[str, dict[str, float]]) -> set[str]:
        """Cluster the unclustered articles among `ids` (all if None) against the stories
        they can touch, store their rows and the changed totals; returns the stories
        they joined or started."""
        unclustered = self.store.clusters.unclustered(ids)
        if not unclustered:
            return set()
        self._restate()
        items = [ClusterItem(id=row["id"], title=row["title"], text=row["text"],
                             published=_when(row), source=row["source"])
                 for row in unclustered]
        features = [known_features.get(item.id) or extract_features(item) for item in items]
        clusterer = self._load_for(items, features)
        rows = [StateRow.joined(item, clusterer.add(item, feats), feats)
                for item, feats in zip(items, features, strict=True)]
        self.store.clusters.add_rows(row.to_dict() for row in rows)
        self.store.clusters.save_changes(clusterer.take_changes())
        return {row.story_id for row in rows}

    def _load_for(self, items: list[ClusterItem],
                  features: list[dict[str, float]]) -> Clusterer:
        """The clusterer, holding what these articles can touch: the counts of their terms
        and the postings of their strongest terms within the window (each story found
        there partial, with its stored norm; its weights for an article's terms are read
        when it is scored in full). What earlier batches read stays."""
        terms = {term for feats in features for term in feats}
        clusterer = self._clusterer
        if clusterer is None:
            n, df = self.store.clusters.counts(terms)
            self._first_seq = self.store.clusters.next_seq()
            clusterer = self._clusterer = Clusterer.from_totals(
                n, df, (), self._first_seq, self.store.clusters.weights,
                self.store.clusters.centroids, self.store.clusters.df)
        else:
            clusterer.add_counts(self.store.clusters.df(
                [term for term in terms if not clusterer.counts(term)]))
        if self._first_seq <= 1:  # no story was stored before: none to look up
            return clusterer
        lookup = {term for feats in features for term in clusterer.preload_terms(feats)}
        lookup -= self._looked_up
        self._looked_up |= lookup
        dates = [naive_utc(item.published) for item in items]
        since = None  # an undated article has no window
        if WINDOW_DAYS is not None and None not in dates:
            since = min(filter(None, dates)) - timedelta(days=WINDOW_DAYS)
        clusterer.add_stories(
            self.store.clusters.lookup(lookup, POSTINGS_LIMIT, since, clusterer.n,
                                       before=self._first_seq))
        return clusterer

    def _merge(self, story_ids: set[str]) -> None:
        merged = []
        stories = self.store.stories.members_of(story_ids)
        features = self.store.clusters.features(  # a story of one has no centre to find
            member.id for members in stories.values() if len(members) > 1
            for member in members)
        for story_id, members in stories.items():
            lead, brief = merge_story(members, features, what_to_know=self.what_to_know)
            merged.append(MergedStory(story_id, lead, brief, members))
        self.store.stories.write(merged)


def update_stories(store: Store, *, what_to_know: int = 5) -> int:
    """Cluster what is new and re-merge what changed; returns how many stories changed."""
    return StoryUpdater(store, what_to_know=what_to_know).finish()
