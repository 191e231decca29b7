"""After a refresh: put new articles into stories and merge the briefs of changed stories.

Incremental: the clusterer is replayed from its stored rows (no re-scoring), then only
the articles not yet clustered are added, oldest first; only the stories they joined,
lost members to retention, or whose articles were re-briefed are merged again.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from briefing.cluster import Clusterer, ClusterItem, StateRow
from briefing.edition.merge import merge_story
from briefing.store import Store


def _when(row: dict) -> datetime | None:
    value = row["published"] or row["first_seen"]
    return datetime.fromisoformat(value) if value else None


def update_stories(store: Store, *, what_to_know: int = 5,
                   known_features: Mapping[str, dict[str, float]] | None = None) -> int:
    """Cluster what is new and re-merge what changed; returns how many stories changed.

    `known_features` maps article ids to their clustering features when the refresh
    already computed them (in its worker processes) from the stored title and text.
    """
    known_features = known_features or {}
    state = [StateRow.from_dict(row) for row in store.cluster_state()]
    clusterer = Clusterer.from_rows(state)
    features = {row.article_id: row.features for row in state}
    fresh = store.unclustered()
    with store.transaction():
        changed = set(store.drop_orphan_stories()) | set(store.stale_stories())
        for row in fresh:
            item = ClusterItem(id=row["id"], title=row["title"], text=row["text"],
                               published=_when(row), source=row["source"])
            changed.add(clusterer.add(item, known_features.get(item.id)))
        new_rows = clusterer.rows()[len(state):]
        store.add_cluster_rows(r.to_dict() for r in new_rows)
        features.update({r.article_id: r.features for r in new_rows})
        for story_id in changed:
            members = store.story_members(story_id)
            if not members:
                continue
            lead, brief = merge_story(members, features, what_to_know=what_to_know)
            store.write_story(story_id, title=lead.title, lead_article_id=lead.id,
                              brief=brief, members=members)
    return len(changed)
