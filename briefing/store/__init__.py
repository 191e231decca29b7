"""The SQLite store: the only place that reads or writes SQL."""

from briefing.store.connection import StoreError
from briefing.store.store import ArticleRow, Store

__all__ = ["ArticleRow", "Store", "StoreError"]
