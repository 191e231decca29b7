"""The SQLite store: the only place that reads or writes SQL."""

from briefing.store.articles import ArticleRow
from briefing.store.connection import StoreError, needs_upgrade
from briefing.store.store import Store

__all__ = ["ArticleRow", "Store", "StoreError", "needs_upgrade"]
