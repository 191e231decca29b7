"""Put new articles into stories and merge the briefs of changed stories.

Incremental: the clusterer is replayed from its stored rows (no re-scoring), then only
the articles not yet clustered are added; only the stories they joined, lost members to
retention, or whose articles were re-briefed are merged again.

A refresh clusters each batch of articles in the transaction that stores them
(`StoryUpdater.add`), so the database holds no article outside a story at any commit;
`finish` then does what must wait for the end. Other callers (rebrief, tests) use
`update_stories`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from datetime import datetime

from briefing.cluster import FEATURES_VERSION, Clusterer, ClusterItem, StateRow, extract_features
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
        self._clusterer: Clusterer | None = None
        self.features: dict[str, dict[str, float]] = {}
        """Clustering features by article id, for the central order of a merge."""
        self._later: set[str] = set()
        """Stories changed by `add` whose merge waits for `finish`."""

    def _loaded(self) -> Clusterer:
        """The clusterer with the stored state, read on first use."""
        if self._clusterer is None:
            rows = self._stored_rows()
            self.features.update({r.article_id: r.features for r in rows})
            self._clusterer = Clusterer.from_rows(rows)
        return self._clusterer

    def _stored_rows(self) -> list[StateRow]:
        """The stored clusterer rows; rows saved under another feature recipe get their
        features derived again (and saved), so old and new articles are compared alike;
        they keep their stories."""
        stored = self.store.cluster_state()
        stale = [r["article_id"] for r in stored if r.get("features_version") != FEATURES_VERSION]
        texts = self.store.article_texts(stale) if stale else {}
        rows, redone = [], []
        for data in stored:
            row = StateRow.from_dict(data)
            if row.article_id in texts:
                title, text = texts[row.article_id]
                features = extract_features(ClusterItem(row.article_id, title, text))
                row = dataclasses.replace(row, features=features)
                redone.append(row.to_dict())
            rows.append(row)
        if redone:
            self.store.restate_cluster_rows(redone)
        return rows

    def add(self, ids: Iterable[str],
            known_features: Mapping[str, dict[str, float]] | None = None) -> None:
        """After storing the articles `ids` (new or re-briefed): cluster those not in a
        story yet, oldest first, and write the rows of the stories they start.

        A story that already has a row and gained or re-briefed a member is merged by
        `finish` instead (once, not after every batch: a big story takes long to merge).
        Until then its row's article count or merge time gives it away, so a refresh
        that dies first leaves it to `finish` of the next one.
        `known_features`: the articles' clustering features when computed elsewhere.
        """
        ids = list(ids)
        with self.store.transaction():
            changed = self._cluster(ids, known_features or {})
            changed |= set(filter(None, map(self.store.story_of, ids)))
            started = changed - self.store.stories_written(changed)
            self._merge(started)
            self._later |= changed - started

    def finish(self) -> int:
        """Cluster what is left (seeds, a crashed run's articles), drop the stories that
        retention emptied, merge the changed and stale ones; returns how many stories
        changed."""
        with self.store.transaction():
            changed = set(self.store.drop_orphan_stories()) | set(self.store.stale_stories())
            changed |= self._cluster(None, {}) | self._later
            self._merge(changed)
        self._later = set()
        return len(changed)

    def _cluster(self, ids: list[str] | None,
                 known_features: Mapping[str, dict[str, float]]) -> set[str]:
        """Cluster the unclustered articles among `ids` (all if None) and store their
        rows; returns the stories they joined or started."""
        unclustered = self.store.unclustered(ids)
        if not unclustered:
            return set()
        clusterer = self._loaded()
        rows = []
        for row in unclustered:
            item = ClusterItem(id=row["id"], title=row["title"], text=row["text"],
                               published=_when(row), source=row["source"])
            features = known_features.get(item.id) or extract_features(item)
            story = clusterer.add(item, features)
            rows.append(StateRow.joined(item, story, features))
            self.features[item.id] = features
        self.store.add_cluster_rows(row.to_dict() for row in rows)
        return {row.story_id for row in rows}

    def _merge(self, story_ids: set[str]) -> None:
        merged = []
        for story_id, members in self.store.members_of(story_ids).items():
            lead, brief = merge_story(members, self.features, what_to_know=self.what_to_know)
            merged.append(MergedStory(story_id, lead, brief, members))
        self.store.write_stories(merged)


def update_stories(store: Store, *, what_to_know: int = 5) -> int:
    """Cluster what is new and re-merge what changed; returns how many stories changed."""
    return StoryUpdater(store, what_to_know=what_to_know).finish()
