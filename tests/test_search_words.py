"""Full-text search finds whole words in every script: a Persian word with its half-space
(ZWNJ), a Hindi word with its vowel signs, never half of one; and a database made before
the index kept them whole is rebuilt when it is opened."""

from __future__ import annotations

import sqlite3

import pytest

from briefing.models import Brief, Document
from briefing.store import Store
from briefing.store.articles import article_id
from briefing.store.fts import fts_phrase

BRIEF = Brief(lede=("Lede.",), method="extractive", version=3)
# Persian: "publishers brought the books (کتاب‌ها, with its half-space) to the Tehran fair";
# the same word as some writers spell it, without one; "weeks (هفته‌ها) went by".
BOOKS = ("کتاب‌ها در نمایشگاه", "ناشران کتاب‌ها را به نمایشگاه کتاب تهران آوردند.")
BOOKS_BARE = ("کتابها رسید", "کتابها دیروز به کتابخانه رسید.")
WEEKS = ("هفته‌ها گذشت", "هفته‌ها گذشت و خبری از توافق نشد.")
# Hindi: "Chandrayaan-3 landed on the Moon" (चंद्रमा holds a vowel sign and a virama).
MOON = ("चंद्रयान-3 उतरा", "भारत का चंद्रयान-3 चंद्रमा पर उतर गया।")
ARTICLES = {"books": BOOKS, "books-bare": BOOKS_BARE, "weeks": WEEKS, "moon": MOON}


def ingest_all(store: Store) -> None:
    for name, (title, text) in ARTICLES.items():
        store.articles.ingest(Document(key=f"https://example.org/{name}", title=title,
                                       text=text, site="Example"), BRIEF)


def found(store: Store, query: str) -> set[str]:
    return {row.title for row in store.articles.search(query)}


def assert_whole_words(store: Store) -> None:
    # The word with its half-space, however its writer spelled it.
    assert found(store, "کتاب‌ها") == {BOOKS[0], BOOKS_BARE[0]}
    assert found(store, "کتاب‌ها تهران") == {BOOKS[0]}
    # "ها" (the plural ending) and "च" are halves of words, not words: no match.
    assert found(store, "ها گذشت") == set()
    assert found(store, "هفته‌ها گذشت") == {WEEKS[0]}
    assert found(store, "च भारत") == set()
    assert found(store, "चंद्रमा") == {MOON[0]}
    assert found(store, "भारत चंद्र") == {MOON[0]}  # the last word still a prefix


def integrity_ok(path) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
    finally:
        conn.close()


def test_search_matches_whole_words_in_every_script(tmp_path):
    with Store.open(tmp_path / "b.db") as store:
        ingest_all(store)
        assert_whole_words(store)
    integrity_ok(tmp_path / "b.db")


def test_the_readers_story_search_matches_whole_words(tmp_path):
    """The reader's `/` searches stories through the same index and query."""
    from briefing.edition.update import update_stories

    with Store.open(tmp_path / "b.db") as store:
        ingest_all(store)
        update_stories(store)
        titles = {row.title for row in store.stories.search("کتاب‌ها").rows}
        assert titles and titles <= {BOOKS[0], BOOKS_BARE[0]}  # the two may be one story
        assert {row.title for row in store.stories.search("هفته‌ها").rows} == {WEEKS[0]}
        assert store.stories.search("ها گذشت").rows == []
        assert store.stories.search("च भारत").rows == []


def test_an_older_database_is_reindexed_and_searches_whole_words(tmp_path):
    """A database whose index cut words at joiners and marks (made by the migrations
    before this one, as the release before it made it) is indexed again from its rows
    when it is opened; articles stored after that are indexed the same way."""
    from sqlite_utils import Database

    from briefing.store import schema

    path = tmp_path / "old.db"
    old = Database(path)
    schema.migrations.apply(old, stop_before="m013_search_whole_words")
    old.conn.execute("PRAGMA user_version = 12")
    for n, (name, (title, text)) in enumerate(ARTICLES.items()):
        if name != "moon":
            key = f"https://example.org/{name}"
            old["articles"].insert({"id": article_id(key), "key": key,
                                    "title": title, "text": text,
                                    "first_seen": "2026-01-01T00:00:00+00:00",
                                    "content_hash": f"h{n}"})
    old.conn.commit()
    # The old index matches half a word.
    assert old.conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?",
                            [fts_phrase("ها گذشت")]).fetchone()[0] == 1
    old.conn.close()

    with Store.open(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == 13
        store.articles.ingest(Document(key="https://example.org/moon", title=MOON[0],
                                       text=MOON[1], site="Example"), BRIEF)
        assert_whole_words(store)
        # Updated and deleted rows leave the index in step with the table.
        store.articles.ingest(Document(key="https://example.org/weeks", title=WEEKS[0],
                                       text="هفته‌ها گذشت.", site="Example"), BRIEF)
        assert found(store, "توافق") == set()
    integrity_ok(path)


@pytest.mark.parametrize(("query", "fts"), [
    ("harbour cranes", '"harbour" AND "cranes"*'),
    ("کتاب‌ها", '("کتاب‌ها"* OR "کتابها"*)'),
    ("کتاب‌ها تهران", '("کتاب‌ها" OR "کتابها") AND "تهران"*'),
    # A word typed decomposed is searched as stored text is, composed (NFC).
    ("cafe\u0301", '"café"*'),
    ("\u200c", ""),
])
def test_the_query_is_cut_as_the_text_is(query: str, fts: str) -> None:
    assert fts_phrase(query) == fts
