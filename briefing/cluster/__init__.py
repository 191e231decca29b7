"""Group articles that report the same event into stories, incrementally and offline.

Headless: no database or UI code. See `clusterer` for the method and bench/CLUSTERS.md
for its evaluation.
"""

from briefing.cluster.clusterer import Clusterer, StateRow
from briefing.cluster.features import FEATURES_VERSION, ClusterItem, extract_features

__all__ = ["FEATURES_VERSION", "ClusterItem", "Clusterer", "StateRow", "extract_features"]
