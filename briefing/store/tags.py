"""Feed tags in SQL: the `tag_key` function every connection gets, so a tag matches
whatever its case (see `briefing.tags`), and each tag's one spelling as stored."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from briefing.tags import tag_key, tag_spellings


def _sql_tag_key(value: Any) -> Any:
    return tag_key(value) if isinstance(value, str) else value


def add_tag_function(conn: sqlite3.Connection) -> None:
    """Give `conn` the SQL function `tag_key(tag)`."""
    conn.create_function("tag_key", 1, _sql_tag_key, deterministic=True)


def feeds_tagged(count: int = 1) -> str:
    """SQL selecting the ids of the feeds that carry any of `count` tags, given as
    parameters in their `tag_key` form."""
    return ("SELECT f.id FROM feeds f, json_each(f.tags) t "
            f"WHERE tag_key(t.value) IN ({','.join('?' * count)})")


def stored_spellings(conn: sqlite3.Connection) -> dict[str, str]:
    """{tag key: its spelling}: the config's feeds first, then the others as they were
    added, so a tag reads as the config writes it, else as the first feed to carry it."""
    rows = conn.execute("""SELECT tags FROM feeds WHERE origin != 'removed'
                           ORDER BY origin != 'config', id""")
    return tag_spellings([t for t in json.loads(tags or "[]") if isinstance(t, str)]
                         for (tags,) in rows)
