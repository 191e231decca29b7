"""Group articles that report the same event into stories, incrementally and offline.

Headless: no database or UI code. See `clusterer` for the method and bench/CLUSTERS.md
for its evaluation.
"""

from briefing.cluster.clusterer import Changes, Clusterer, StateRow, StoryTotals
from briefing.cluster.features import FEATURES_VERSION, ClusterItem, extract_features

__all__ = ["FEATURES_VERSION", "Changes", "ClusterItem", "Clusterer", "StateRow", "StoryTotals",
           "extract_features"]
