"""Incremental single-pass clustering of articles into stories.

Method (a classic online topic-detection design):

1. Each article becomes a sparse bag of weighted terms from its title and lede
   (`features.extract_features`: entities and numbers up-weighted).
2. Document frequencies are updated as each article arrives; IDF is
   ``ln((1 + N) / (1 + df)) + 1``, applied at scoring time, so nothing is ever fitted on a
   whole corpus and old features never go stale.
3. Candidate stories come from an inverted index: the article's `CANDIDATE_TERMS`
   most informative terms that some earlier article shares (df > 1), other than very
   common terms and small numbers, look up the stories containing them. No all-pairs scan.
4. Each candidate is scored by TF-IDF cosine between the article and the story centroid
   (the sum of its members' length-normalised term vectors). The centroid's norm uses a
   snapshot of the counts, retaken whenever N has grown by `IDF_STALENESS` (at fixed
   points of the arrival sequence, so a replay takes the same snapshots), and is cached
   per snapshot. An upper bound from the lookup terms' postings rules out most candidates
   before their terms are read. The article joins the best story if the score reaches
   `threshold`, otherwise it starts a new story whose id is its own id, so story ids are
   stable.
5. A story is only a candidate if its dated articles lie within `window_days` of the
   article's date (undated articles and stories always qualify), and a lookup term finds
   at most the `POSTINGS_LIMIT` newest stories that use it: what one article costs does
   not grow with the history kept.

The state is the ordered list of (article id, story id, features, date) rows: `rows()`
exports it and `from_rows()` replays it without scoring. What scoring needs of it are
totals (N, each term's document frequency, each story's centroid and dates): the store
keeps them up to date, and `from_totals()` builds a clusterer from the part of them that
a batch of new articles can touch; `changes()` says what to write back.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from briefing.cluster.features import FEATURES_VERSION, ClusterItem, extract_features

THRESHOLD = 0.25
"""Minimum article-to-story cosine to join a story (see bench/CLUSTERS.md for why)."""

WINDOW_DAYS: float | None = 180.0
"""A story whose dated articles are all further than this from an article's date is not
a candidate for it: follow-ups within months still join, and what a refresh reads stays
within a window of its history."""

POSTINGS_LIMIT = 50
"""A lookup term finds at most this many stories, the newest that use it: a word in
thousands of stories cannot make each of them a candidate."""

MIN_SHARED = 2
"""An article joins a story only on two terms or more: one name alone ("Microsoft" in a
climate pledge and in an API change) is no evidence of one event."""

CANDIDATE_TERMS = 12
"""How many of an article's strongest shared terms are used to find candidate stories."""

COMMON_TERM_SHARE = 0.1
COMMON_TERM_MIN = 50
"""A term in more than this share of all articles (and more than the minimum) finds no
candidates: it names no event (a feed's boilerplate, "said", a section name), and its
postings would make every story a candidate. It still counts in the cosine."""

SMALL_NUMBER_DIGITS = 2
"""Nor does a number of this many digits or fewer ("3 people", "7 days", a templated
feed's item numbers): by itself it names no event, and in a feed whose teasers follow a
template it would make each item a candidate for hundreds of stories. It still counts in
the cosine."""

CANDIDATE_STORIES = 20
"""Of the stories the lookup terms find, the ones closest to the article on those terms
are scored in full: a story sharing only a word or two with it is not."""

IDF_STALENESS = 0.1
"""IDF counts are re-snapshotted when N has grown by this share since the last snapshot
(every article until N = 10). Centroid norms then need computing once per snapshot, not
once per candidate pass; dot products always use the current IDF."""

@dataclass
class _Story:
    seq: int
    """Creation order: a newer story has a larger one."""
    centroid: dict[str, float] = field(default_factory=dict)
    members: list[str] = field(default_factory=list)
    first: datetime | None = None
    last: datetime | None = None
    size: int = 0
    partial: bool = False
    """Only some of the centroid's terms are here (see `from_totals`); `norm` is the
    stored one, kept up to date as articles join while the IDF snapshot it stands for is
    current. Once the snapshot moves on, the norm is computed again from the whole stored
    centroid when it is needed (`_renorm`), and a story an article joins is read whole
    (`_load_full`)."""
    loaded: set[str] = field(default_factory=set)
    """The terms whose weights a partial story has read."""
    norm: float = 0.0
    """The centroid's norm under the IDF snapshot numbered `norm_epoch` (-1: none yet)."""
    norm_epoch: int = -1


@dataclass(frozen=True)
class StateRow:
    """One article's persisted clustering state (JSON-ready via `to_dict`)."""

    article_id: str
    story_id: str
    features: dict[str, float]
    published: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "story_id": self.story_id,
            "features": self.features,
            "published": self.published.isoformat() if self.published else None,
            "features_version": FEATURES_VERSION,
        }

    @classmethod
    def joined(cls, item: ClusterItem, story_id: str, features: dict[str, float]) -> StateRow:
        """The row of `item` once it is in `story_id`."""
        return cls(item.id, story_id, features, naive_utc(item.published))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StateRow:
        published = data.get("published")
        return cls(
            article_id=data["article_id"],
            story_id=data["story_id"],
            features={k: float(v) for k, v in data["features"].items()},
            published=datetime.fromisoformat(published) if published else None,
        )


@dataclass(frozen=True)
class StoryTotals:
    """What scoring needs of one story: its centroid and the dates of its members."""

    story_id: str
    seq: int
    centroid: dict[str, float]
    first: datetime | None = None
    last: datetime | None = None
    size: int = 0
    norm: float = 0.0
    """The centroid's norm under the IDF of when it was written."""
    partial: bool = False
    """`centroid` holds only some of the story's terms."""
    stale_norm: bool = False
    """`norm` was written under an IDF that no longer holds: a clusterer computes it again
    from the whole centroid, and only for a candidate that may reach the threshold."""


WeightsFn = Callable[[list[int], list[str]], dict[int, dict[str, float]]]
"""(story seqs, terms) -> {seq: the story's centroid weights for those of the terms it has}."""

CentroidsFn = Callable[[list[int]], dict[int, dict[str, float]]]
"""(story seqs) -> {seq: the story's whole stored centroid}."""

CountsFn = Callable[[list[str]], dict[str, int]]
"""(terms) -> the stored document frequency of each of the terms that some article uses."""


def centroid_norm(centroid: Mapping[str, float], df: Mapping[str, int], n: int) -> float:
    """A centroid's norm under the IDF of `n` articles and document frequencies `df`."""
    top = math.log(1 + n) + 1.0
    return math.sqrt(sum((w * (top - math.log(1 + df.get(t, 1)))) ** 2
                         for t, w in centroid.items()))


@dataclass(frozen=True)
class Changes:
    """What a clusterer built by `from_totals` changed, to write back to the totals."""

    n: int
    """The article count the changed stories' norms were computed at."""

    df: dict[str, int]
    """Document frequencies to add, by term."""
    stories: list[StoryTotals]
    """Stories started or joined (their dates and size as they are now)."""
    weights: list[tuple[int, str, float]]
    """(story seq, term, centroid weight as it is now) for every weight that changed."""
    norms: list[tuple[int, float]] = field(default_factory=list)
    """(story seq, norm) of the stories not among `stories` whose stale stored norm was
    computed again here under the IDF of `n`."""


def naive_utc(moment: datetime | None) -> datetime | None:
    # Compare all dates as naive UTC; naive input is taken as UTC already (hours don't
    # matter against a window of days).
    return moment.astimezone(UTC).replace(tzinfo=None) if moment and moment.tzinfo else moment


class Clusterer:
    """Groups articles into stories one at a time. Deterministic for a given order."""

    def __init__(
        self,
        *,
        threshold: float = THRESHOLD,
        window_days: float | None = WINDOW_DAYS,
        candidate_terms: int = CANDIDATE_TERMS,
        idf_staleness: float = IDF_STALENESS,
    ) -> None:
        self.threshold = threshold
        self.idf_staleness = idf_staleness
        self.window_days = window_days
        self.candidate_terms = candidate_terms
        self._n = 0
        self._df: dict[str, int] = {}
        self._stories: dict[str, _Story] = {}
        self._postings: dict[str, dict[str, float]] = {}
        """term -> {story id: the story's centroid weight for the term}."""
        self._rows: dict[str, StateRow] = {}
        self._epoch = 0
        """Counts which IDF snapshot is current; a cached centroid norm names its epoch."""
        self._snap_n = 0
        self._snap_df: dict[str, int] = {}
        self._snap_table: dict[str, float] = {}
        self._renorm_df: dict[str, int] = {}
        """Stored counts of terms the snapshot lacks, read by `_renorm` once per snapshot:
        every stale norm is then computed under one IDF, and each term read once."""
        self._next_seq = 0
        self._added_df: dict[str, int] = {}
        self._weights: WeightsFn | None = None
        self._centroids: CentroidsFn | None = None
        self._counts: CountsFn | None = None
        self._changed: dict[str, set[str]] = {}
        """story id -> the terms of its centroid changed since `from_totals`."""
        self._renormed: set[str] = set()
        """Stored stories read in full since `from_totals`: their norms are computed here."""

    # -- public API -------------------------------------------------------------------

    def add(self, item: ClusterItem, features: dict[str, float] | None = None) -> str:
        """Cluster one article; returns the id of the story it joined or started.
        `features`, when given, must be `extract_features(item)` computed elsewhere."""
        if item.id in self._rows:
            return self._rows[item.id].story_id
        if features is None:
            features = extract_features(item)
        self._count(features)
        story_id = self._best_story(features, naive_utc(item.published)) or item.id
        self._attach(StateRow.joined(item, story_id, features))
        return story_id

    def add_many(self, items: Iterable[ClusterItem]) -> dict[str, str]:
        """Cluster articles in the given order; returns {article id: story id}."""
        return {item.id: self.add(item) for item in items}

    def story_of(self, article_id: str) -> str | None:
        row = self._rows.get(article_id)
        return row.story_id if row else None

    def row(self, article_id: str) -> StateRow | None:
        """An article's state row (its story and features), if it was clustered."""
        return self._rows.get(article_id)

    def stories(self) -> dict[str, list[str]]:
        """{story id: member article ids in arrival order}."""
        return {sid: list(story.members) for sid, story in self._stories.items()}

    def rows(self) -> list[StateRow]:
        """The state to persist, in arrival order (replay order matters)."""
        return list(self._rows.values())

    @classmethod
    def from_rows(cls, rows: Iterable[StateRow], **params: Any) -> Clusterer:
        """Rebuild a clusterer from persisted rows, without re-scoring anything."""
        clusterer = cls(**params)
        for row in rows:
            clusterer._count(row.features)
            clusterer._attach(row)
        return clusterer

    @classmethod
    def from_totals(cls, n: int, df: Mapping[str, int], stories: Iterable[StoryTotals],
                    next_seq: int, weights: WeightsFn | None = None,
                    centroids: CentroidsFn | None = None, counts: CountsFn | None = None,
                    **params: Any) -> Clusterer:
        """A clusterer for new articles from part of the stored totals: `df` holds every
        term of the new articles, and `stories` the postings their lookup terms find (each
        story partial, with its stored norm, taken to hold under the IDF of `n` unless
        marked stale).
        `weights` reads a story's weights for an article's terms when the story is scored
        in full; `centroids` and `counts` read a story's whole centroid and its terms'
        counts when its stored norm no longer holds (the IDF has moved since)."""
        clusterer = cls(**params)
        clusterer._weights = weights
        clusterer._centroids = centroids
        clusterer._counts = counts
        clusterer._n = clusterer._snap_n = n
        clusterer._epoch = 1
        clusterer._next_seq = next_seq
        clusterer.add_counts(df)
        clusterer.add_stories(stories)
        return clusterer

    @property
    def n(self) -> int:
        """How many articles are counted (stored and added)."""
        return self._n

    def counts(self, term: str) -> bool:
        """Whether `term`'s document frequency is here."""
        return term in self._df

    def add_counts(self, df: Mapping[str, int]) -> None:
        """Stored document frequencies of terms not counted here yet (a clusterer built
        by `from_totals` that goes on with more articles)."""
        for term, count in df.items():
            if term not in self._df:
                self._df[term] = self._snap_df[term] = count
                self._snap_table.pop(term, None)

    def add_stories(self, stories: Iterable[StoryTotals]) -> None:
        """More of the stored stories (partial): weights already here are kept, as they
        may have changed since they were stored."""
        for totals in stories:
            story = self._stories.get(totals.story_id)
            if story is None:
                story = _Story(totals.seq, {}, [], totals.first, totals.last)
                story.size, story.partial, story.norm = totals.size, True, totals.norm
                story.norm_epoch = -1 if totals.stale_norm else self._epoch
                self._stories[totals.story_id] = story
            if not story.partial:
                continue
            for term, weight in totals.centroid.items():
                if term not in story.loaded:
                    story.loaded.add(term)
                    story.centroid[term] = weight
                    self._postings.setdefault(term, {})[totals.story_id] = weight

    def take_changes(self) -> Changes:
        """`changes()`, then start counting changes afresh (they have been written)."""
        changes = self.changes()
        self._added_df, self._changed, self._renormed = {}, {}, set()
        return changes

    def changes(self) -> Changes:
        """What changed since `from_totals` (or since the start)."""
        stories, weights = [], []
        for story_id, terms in self._changed.items():
            story = self._stories[story_id]
            stories.append(StoryTotals(story_id, story.seq, {}, story.first, story.last,
                                       story.size, self._centroid_norm(story_id)))
            weights.extend((story.seq, term, story.centroid[term]) for term in terms)
        renormed = [self._stories[story_id] for story_id in sorted(self._renormed)
                    if story_id not in self._changed]
        norms = [(story.seq, story.norm) for story in renormed
                 if story.norm_epoch == self._epoch]
        return Changes(self._snap_n, dict(self._added_df), stories, weights, norms)

    def __len__(self) -> int:
        return len(self._rows)

    # -- internals --------------------------------------------------------------------

    def _count(self, features: Mapping[str, float]) -> None:
        self._n += 1
        for term in features:
            self._df[term] = self._df.get(term, 0) + 1
            self._added_df[term] = self._added_df.get(term, 0) + 1
        if self._n > self._snap_n * (1 + self.idf_staleness):
            self._epoch += 1
            self._snap_n = self._n
            self._snap_df = dict(self._df)
            self._snap_table, self._renorm_df = {}, {}

    def _attach(self, row: StateRow) -> None:
        self._rows[row.article_id] = row
        story = self._stories.get(row.story_id)
        if story is None:
            story = self._stories[row.story_id] = _Story(self._next_seq)
            self._next_seq += 1
        story.members.append(row.article_id)
        story.size += 1
        self._changed.setdefault(row.story_id, set()).update(row.features)
        if row.published:
            if story.first is None or row.published < story.first:
                story.first = row.published
            if story.last is None or row.published > story.last:
                story.last = row.published
        if story.partial and story.norm_epoch != self._epoch:
            self._load_full([row.story_id])
        norm = math.sqrt(sum(w * w for w in row.features.values())) or 1.0
        if story.partial:
            self._load_weights([row.story_id], list(row.features))
        # A norm current under the snapshot (a partial story's stored one always is) is
        # brought up to date term by term; any other is computed when next needed.
        current = story.norm_epoch == self._epoch
        squared = story.norm ** 2
        for term, weight in row.features.items():
            before = story.centroid.get(term, 0.0)
            story.centroid[term] = total = before + weight / norm
            self._postings.setdefault(term, {})[row.story_id] = total
            if current:
                squared += (total ** 2 - before ** 2) * self._snap_idf(term) ** 2
        if current:
            story.norm = math.sqrt(max(squared, 0.0))
        else:
            story.norm_epoch = -1

    def _in_window(self, story: _Story, published: datetime | None) -> bool:
        if self.window_days is None or published is None or story.first is None:
            return True
        assert story.last is not None
        gap = max(
            (story.first - published).total_seconds(), (published - story.last).total_seconds()
        )
        return gap <= self.window_days * 86400

    def _best_story(self, features: Mapping[str, float], published: datetime | None) -> str | None:
        if not features:
            return None
        idf = self._idf_table()
        vector = {term: weight * idf(term) for term, weight in features.items()}
        norm = math.sqrt(sum(v * v for v in vector.values()))
        lookup = self._lookup_terms(vector)

        # Scores are dot / (norm * centroid norm), the centroid's terms also weighted by
        # IDF. The lookup terms' share of each candidate's dot product comes from their
        # postings; the other terms can add at most |vector on them| * |centroid|
        # (Cauchy-Schwarz), and the centroid's norm under current IDF is at most `stale`
        # times its cached snapshot norm. So `partial / (norm * c_norm) + slack` bounds a
        # candidate's cosine from above: most are ruled out without touching their terms.
        snap = self._snap_idf
        partial: dict[str, list[float]] = {}  # story -> [dot on lookup terms, their part of
        for term in lookup:                   # the snapshot norm squared]
            value, term_snap = vector[term] * idf(term), snap(term)
            for story_id, weight in self._postings_of(term):
                sums = partial.get(story_id)
                if sums is None:
                    sums = partial[story_id] = [0.0, 0.0]
                sums[0] += value * weight
                sums[1] += (weight * term_snap) ** 2
        if len(partial) > CANDIDATE_STORIES:  # the closest on the lookup terms go on
            partial = dict(heapq.nlargest(
                CANDIDATE_STORIES, partial.items(),
                key=lambda entry: (entry[1][0] / math.sqrt(entry[1][1] or 1e-300), entry[0])))
        # A term of no other article (df 1: the article's own) adds nothing to any dot
        # product; any other may, in a story whose postings are not loaded.
        df = self._df
        rest = math.sqrt(sum(v * v for t, v in vector.items()
                             if t not in lookup and df.get(t, 0) > 1))
        stale = 1.0 + math.log((1 + self._n) / (1 + self._snap_n))
        slack = stale * rest / norm + 1e-9  # the epsilon covers rounding

        bounded: list[tuple[float, str]] = []
        unsure: list[tuple[float, str]] = []
        threshold = self.threshold
        for story_id, (dot, part) in partial.items():
            story = self._stories[story_id]
            if self.window_days is not None and not self._in_window(story, published):
                continue
            # Until the norm is needed, its lookup-term part is a lower bound for it.
            cached = story.norm_epoch == self._epoch
            bound = dot / (norm * (story.norm if cached else math.sqrt(part))) + slack
            if bound >= threshold:
                (bounded if cached else unsure).append((bound if cached else dot, story_id))
        if unsure:  # their norms are needed: the stored stories among them are read at once
            self._renorm([story_id for _, story_id in unsure])
            for dot, story_id in unsure:
                bound = dot / (norm * self._centroid_norm(story_id)) + slack
                if bound >= threshold:
                    bounded.append((bound, story_id))
        bounded.sort(key=lambda entry: (-entry[0], entry[1]))

        weighted = [(term, value * idf(term)) for term, value in vector.items()]
        self._load_weights([story_id for _, story_id in bounded], list(vector))
        best, best_score = None, self.threshold
        for bound, story_id in bounded:
            if bound < best_score:
                break
            story = self._stories[story_id]
            centroid = story.centroid
            dot, shared = 0.0, 0
            for term, value in weighted:
                weight = centroid.get(term)
                if weight:
                    dot += value * weight
                    shared += 1
            score = dot / (norm * self._centroid_norm(story_id))
            if shared < MIN_SHARED:
                continue
            if score >= best_score and (best is None or score > best_score):
                best, best_score = story_id, score
        return best

    def _load_weights(self, story_ids: list[str], terms: list[str]) -> None:
        """Read the partial stories' weights for `terms`, those not read yet, at once (a
        weight read before may have changed here since)."""
        missing: dict[str, list[str]] = {}
        for story_id in story_ids:
            story = self._stories[story_id]
            if story.partial:
                wanted = [t for t in terms if t not in story.loaded]
                if wanted:
                    missing[story_id] = wanted
        if not missing or self._weights is None:
            return
        seqs = [self._stories[story_id].seq for story_id in missing]
        found = self._weights(seqs, sorted({t for ts in missing.values() for t in ts}))
        for story_id, wanted in missing.items():
            story = self._stories[story_id]
            weights = found.get(story.seq, {})
            story.loaded.update(wanted)
            for term in wanted:
                if term in weights:
                    story.centroid[term] = weights[term]
                    self._postings.setdefault(term, {})[story_id] = weights[term]

    def _load_full(self, story_ids: list[str]) -> None:
        """Read the partial stories' whole centroids (weights read before are kept, as
        they may have changed here since) and their terms' counts: their stored norms no
        longer hold, and are computed here from now on, as for any story."""
        partial = [story_id for story_id in story_ids if self._stories[story_id].partial]
        if not partial or self._centroids is None:
            return
        found = self._centroids([self._stories[story_id].seq for story_id in partial])
        for story_id in partial:
            story = self._stories[story_id]
            for term, weight in found.get(story.seq, {}).items():
                if term not in story.loaded:
                    story.centroid[term] = weight
                    self._postings.setdefault(term, {})[story_id] = weight
            story.partial, story.loaded, story.norm_epoch = False, set(), -1
        if self._counts is not None:
            terms = {term for story_id in partial for term in self._stories[story_id].centroid
                     if term not in self._df}
            self.add_counts(self._counts(sorted(terms)))

    def _renorm(self, story_ids: list[str]) -> None:
        """Compute again, from their whole stored centroids, the norms of the partial
        stories among `story_ids` whose norm does not hold under the current snapshot (a
        weight here stands for the stored one: it may have changed since). They stay
        partial: what is kept of a story is what scoring it reads."""
        stale = [story_id for story_id in story_ids if self._stories[story_id].partial
                 and self._stories[story_id].norm_epoch != self._epoch]
        if not stale or self._centroids is None:
            return
        found = self._centroids([self._stories[story_id].seq for story_id in stale])
        counts = self._renorm_df
        unknown = sorted({term for centroid in found.values() for term in centroid
                          if term not in self._snap_df and term not in counts})
        if unknown and self._counts is not None:
            stored = self._counts(unknown)
            counts.update((term, stored.get(term, 1)) for term in unknown)
        top = math.log(1 + self._snap_n) + 1.0
        for story_id in stale:
            story = self._stories[story_id]
            centroid = found.get(story.seq, {})
            centroid.update(story.centroid)
            total = 0.0
            for term, weight in centroid.items():
                if term in self._snap_df:
                    value = self._snap_idf(term)
                else:
                    value = top - math.log(1 + counts.get(term, 1))
                total += (weight * value) ** 2
            story.norm, story.norm_epoch = math.sqrt(total), self._epoch
            self._renormed.add(story_id)

    def _centroid_norm(self, story_id: str) -> float:
        """The centroid's norm under the IDF snapshot, computed once per snapshot (a
        partial story's is the stored one while that snapshot is current)."""
        story = self._stories[story_id]
        if story.partial:
            self._renorm([story_id])
            return story.norm
        if story.norm_epoch != self._epoch:
            table, total = self._snap_table, 0.0
            for term, weight in story.centroid.items():
                value = table.get(term) or self._snap_idf(term)  # inline: the hot loop
                total += (weight * value) ** 2
            story.norm = math.sqrt(total)
            story.norm_epoch = self._epoch
        return story.norm

    def _lookup_terms(self, vector: Mapping[str, float]) -> list[str]:
        """The article's strongest terms that some earlier article shares and that are
        neither too common nor small numbers: their postings are the candidate stories."""
        common = max(COMMON_TERM_MIN, COMMON_TERM_SHARE * self._n)
        shared = [t for t in vector if 1 < self._df.get(t, 0) <= common and t in self._postings
                  and not (len(t) <= SMALL_NUMBER_DIGITS and t.isdigit())]
        shared.sort(key=lambda t: (-vector[t], t))
        return shared[: self.candidate_terms]

    def _candidate_stories(self, vector: Mapping[str, float]) -> set[str]:
        """Stories sharing one of the article's lookup terms."""
        return {story for term in self._lookup_terms(vector)
                for story, _ in self._postings_of(term)}

    def _postings_of(self, term: str) -> Iterable[tuple[str, float]]:
        """(story, centroid weight) of the `POSTINGS_LIMIT` newest stories using `term`.
        The others are dropped from the postings: a story only ever has newer ones added
        beside it, so it can never be among the newest again."""
        postings = self._postings[term]
        if len(postings) > POSTINGS_LIMIT:
            stories = self._stories
            newest = heapq.nlargest(POSTINGS_LIMIT, postings, key=lambda s: stories[s].seq)
            postings = self._postings[term] = {story: postings[story] for story in newest}
        return postings.items()

    def preload_terms(self, features: Mapping[str, float]) -> list[str]:
        """The terms whose postings find candidates for an article with `features` as the
        counts stand before its batch (the batch's own articles may shift them a little)."""
        idf = self._idf_table()
        common = max(COMMON_TERM_MIN, COMMON_TERM_SHARE * self._n)
        shared = [t for t in features if 0 < self._df.get(t, 0) <= common
                  and not (len(t) <= SMALL_NUMBER_DIGITS and t.isdigit())]
        shared.sort(key=lambda t: (-features[t] * idf(t), t))
        return shared[: self.candidate_terms]

    def _snap_idf(self, term: str) -> float:
        """IDF under the snapshot; a term first seen since then counts as seen once."""
        value = self._snap_table.get(term)
        if value is None:
            value = math.log((1 + self._snap_n) / (1 + self._snap_df.get(term, 1))) + 1.0
            self._snap_table[term] = value
        return value

    def _idf_table(self) -> Callable[[str], float]:
        """IDF for the current counts, memoised for one scoring pass."""
        cache: dict[str, float] = {}
        top = math.log(1 + self._n) + 1.0

        def idf(term: str) -> float:
            value = cache.get(term)
            if value is None:
                value = cache[term] = top - math.log(1 + self._df.get(term, 0))
            return value

        return idf
