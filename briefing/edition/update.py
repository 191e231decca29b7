"""Put new articles into stories and merge the briefs of changed stories.

Incremental: the clusterer is replayed from its stored rows (no re-scoring), then only
the articles not yet clustered are added; only the stories they joined, lost members to
retention, or whose articles were re-briefed are merged again.

A refresh clusters each batch of articles in the transaction that stores them
(`StoryUpdater.send`, then `settle` before the commit), while the network and the parsing
workers are still busy, so the database holds no article outside a story at any commit;
`finish` then does what must wait for the end. Other callers (rebrief, tests) use
`update_stories`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from briefing.cluster import FEATURES_VERSION, Clusterer, ClusterItem, StateRow, extract_features
from briefing.edition.cluster_service import ClusterService
from briefing.edition.merge import merge_story
from briefing.store import Store
from briefing.store.stories import MergedStory


def _when(row: dict) -> datetime | None:
    value = row["published"] or row["first_seen"]
    return datetime.fromisoformat(value) if value else None


@dataclass
class _Sent:
    """Articles handed to the clusterer, until `StoryUpdater.settle` completes them."""

    jobs: list[tuple[ClusterItem, dict[str, float]]]
    others: list[str]
    """The send's articles that were in a story already (or on their way to one)."""
    stories: list[str] | None = None
    """Each job's story; None while the clustering process has them."""


class StoryUpdater:
    """The clusterer of one store, fed as articles are stored; `finish` completes a refresh.

    Every method writes inside the caller's transaction when there is one, else its own.
    With `separate` (a refresh that fetches feeds, with a store in a file) the clustering
    runs in a process of its own (`ClusterService`) from the first article on, and `close`
    ends it. A few articles (seeds, a rebrief) are clustered here: a process costs more.
    """

    def __init__(self, store: Store, *, what_to_know: int = 5, separate: bool = False) -> None:
        self.store = store
        self.what_to_know = what_to_know
        self.separate = separate
        self._loaded = False
        self._state: list[StateRow] = []
        self._clusterer: Clusterer | None = None
        self._service: ClusterService | None = None
        self._story_of: dict[str, str] = {}
        self._sent: list[_Sent] = []
        self._in_flight: set[str] = set()
        self.features: dict[str, dict[str, float]] = {}
        """Clustering features by article id, for the central order of a merge."""
        self._later: set[str] = set()
        """Stories changed by `add` whose merge waits for `finish`."""

    def _load(self) -> None:
        """Read the stored rows, on first use (a refresh's writer first needs them while
        it waits for the first feeds anyway)."""
        if self._loaded:
            return
        self._state, restated = self._stored_rows()
        self.features.update({r.article_id: r.features for r in self._state})
        self._story_of.update({r.article_id: r.story_id for r in self._state})
        # The process reads what is committed, which a restatement is not yet.
        self.separate = self.separate and not restated
        self._loaded = True

    def close(self) -> None:
        """End the clustering process, if one was started."""
        if self._service is not None:
            self._service.close()
            self._service = None

    def _stored_rows(self) -> tuple[list[StateRow], bool]:
        """The stored clusterer rows, and whether some were restated: rows saved under
        another feature recipe get their features derived again (and saved), so old and
        new articles are compared alike; they keep their stories."""
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
        return rows, bool(redone)

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
        with self.store.transaction():
            self.send(ids, known_features)
            self.settle()

    def send(self, ids: Iterable[str],
             known_features: Mapping[str, dict[str, float]] | None = None) -> None:
        """The first half of `add`: with a clustering process, it clusters the articles
        while the caller stores more. `settle`, in the same transaction, completes it."""
        self._sent.append(self._start(list(ids), known_features or {}))

    def settle(self, keep: int = 0) -> None:
        """Complete all but the last `keep` sends, oldest first: write their clusterer
        rows and the rows of the stories they start (see `add`)."""
        with self.store.transaction():
            changed: set[str] = set()
            while len(self._sent) > keep:
                changed |= self._complete(self._sent.pop(0))
            started = changed - self.store.stories_written(changed)
            self._merge(started)
            self._later |= changed - started

    def finish(self) -> int:
        """Cluster what is left (seeds, a crashed run's articles), drop the stories that
        retention emptied, merge the changed and stale ones; returns how many stories
        changed."""
        with self.store.transaction():
            self.settle()
            changed = set(self.store.drop_orphan_stories()) | set(self.store.stale_stories())
            changed |= self._complete(self._start(None, {})) | self._later
            self._merge(changed)
        self._later = set()
        return len(changed)

    def _start(self, ids: list[str] | None,
               known_features: Mapping[str, dict[str, float]]) -> _Sent:
        """Hand the unclustered articles among `ids` (all if None) to the clusterer; one
        sent before and not settled yet is on its way to a story already."""
        self._load()
        items = [ClusterItem(id=row["id"], title=row["title"], text=row["text"],
                             published=_when(row), source=row["source"])
                 for row in self.store.unclustered(ids) if row["id"] not in self._in_flight]
        jobs = [(item, known_features.get(item.id) or extract_features(item)) for item in items]
        new = {item.id for item in items}
        self._in_flight |= new
        sent = _Sent(jobs, [i for i in ids or () if i not in new])
        if not jobs:
            sent.stories = []
        elif self.separate and self.store.path is not None:
            if self._service is None:
                self._service = ClusterService(self.store.path)
                self._service.load()
                self._state = []  # the process has its own copy
            self._service.send(jobs)
        else:
            if self._clusterer is None:
                self._clusterer = Clusterer.from_rows(self._state)
            sent.stories = [self._clusterer.add(item, features) for item, features in jobs]
        return sent

    def _complete(self, sent: _Sent) -> set[str]:
        """Persist a send's clusterer rows; returns the stories its articles are in."""
        stories = sent.stories
        if stories is None:
            assert self._service is not None
            stories = self._service.receive()
        rows = [StateRow.joined(item, story, features)
                for (item, features), story in zip(sent.jobs, stories, strict=True)]
        for row in rows:
            self._story_of[row.article_id] = row.story_id
            self.features[row.article_id] = row.features
            self._in_flight.discard(row.article_id)
        self.store.add_cluster_rows(row.to_dict() for row in rows)
        return set(stories) | set(filter(None, map(self._story_of.get, sent.others)))

    def _merge(self, story_ids: set[str]) -> None:
        merged = []
        for story_id, members in self.store.members_of(story_ids).items():
            lead, brief = merge_story(members, self.features, what_to_know=self.what_to_know)
            merged.append(MergedStory(story_id, lead, brief, members))
        self.store.write_stories(merged)


def update_stories(store: Store, *, what_to_know: int = 5) -> int:
    """Cluster what is new and re-merge what changed; returns how many stories changed."""
    return StoryUpdater(store, what_to_know=what_to_know).finish()
