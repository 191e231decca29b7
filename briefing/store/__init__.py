"""The SQLite store: the only place that reads or writes SQL."""

from briefing.store.store import ArticleRow, Store, StoreError

__all__ = ["ArticleRow", "Store", "StoreError"]
