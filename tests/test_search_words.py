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
    # The word with its half-space, however its writer spelled it, and typed with a space
    # (many keyboards have no half-space).
    assert found(store, "کتاب‌ها") == {BOOKS[0], BOOKS_BARE[0]}
    assert found(store, "کتاب ها") == {BOOKS[0]}
    assert found(store, "کتاب‌ها تهران") == {BOOKS[0]}
    assert found(store, "هفته‌ها گذشت") == {WEEKS[0]}
    # "च" is half of a Hindi word (cut at its vowel sign), not a word: no match.
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
        assert {row.title for row in store.stories.search("هفته ها").rows} == {WEEKS[0]}
        assert store.stories.search("च भारत").rows == []


def test_an_older_database_is_reindexed_and_searches_whole_words(tmp_path):
    """A database whose index cut words at combining marks (made by the migrations
    before this one, as the release before it made it) is indexed again from its rows
    when it is opened; articles stored after that are indexed the same way."""
    from sqlite_utils import Database

    from briefing.store import schema

    path = tmp_path / "old.db"
    old = Database(path)
    schema.migrations.apply(old, stop_before="m013_search_whole_words")
    old.conn.execute("PRAGMA user_version = 12")
    for n, (name, (title, text)) in enumerate(ARTICLES.items()):
        key = f"https://example.org/{name}"
        old["articles"].insert({"id": article_id(key), "key": key,
                                "title": title, "text": text,
                                "first_seen": "2026-01-01T00:00:00+00:00",
                                "content_hash": f"h{n}"})
    old.conn.commit()
    # The old index matches half a word.
    assert old.conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?",
                            [fts_phrase("च भारत")]).fetchone()[0] == 1
    old.conn.close()

    with Store.open(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == 13
        assert_whole_words(store)
        # Hindi: "the rover (प्रज्ञान) moved on the Moon".
        store.articles.ingest(Document(key="https://example.org/rover", title="प्रज्ञान चला",
                                       text="प्रज्ञान चंद्रमा पर चला।", site="Example"), BRIEF)
        assert found(store, "प्रज्ञान") == {"प्रज्ञान चला"}
        assert found(store, "प्र चला") == set()
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


# Persian: "the presidential (ریاست‌جمهوری) election" and "the books (کتاب‌ها) arrived",
# each compound written as writers do: with its half-space, with a space, as one word.
COMPOUNDS = (("ریاست", "جمهوری"), ("کتاب", "ها"))
SPELLINGS = {"half-space": "\u200c", "space": " ", "joined": ""}


@pytest.fixture(scope="module")
def compounds(tmp_path_factory):
    path = tmp_path_factory.mktemp("compounds") / "b.db"
    with Store.open(path) as store:
        for first, second in COMPOUNDS:
            for spelling, joint in SPELLINGS.items():
                word = f"{first}{joint}{second}"
                store.articles.ingest(Document(
                    key=f"https://example.org/{first}/{spelling}", title=f"خبر {word}",
                    text=f"متن {word} امروز.", site="Example"), BRIEF)
    return path


@pytest.mark.parametrize(("compound"), COMPOUNDS, ids=["president", "books"])
@pytest.mark.parametrize(("typed", "finds"), [
    # The half-space typed: the text as written with it, with a space, or as one word.
    ("half-space", {"half-space", "space", "joined"}),
    # A space typed (no half-space on the keyboard): the text with either.
    ("space", {"half-space", "space"}),
    # Typed as one word: only the text so written (where it would split is unknown).
    ("joined", {"joined"}),
])
def test_a_persian_compound_is_found_however_it_is_typed(compounds, compound, typed,
                                                         finds) -> None:
    first, second = compound
    with Store.open(compounds) as store:
        titles = found(store, f"{first}{SPELLINGS[typed]}{second}")
    assert titles == {f"خبر {first}{SPELLINGS[s]}{second}" for s in finds}


def search_cli(tmp_path, monkeypatch, query: str) -> list[str]:
    from click.testing import CliRunner

    from briefing.cli import main

    config = tmp_path / "config.toml"
    config.write_text('database = "b.db"\nfeeds = []\n', encoding="utf-8")
    monkeypatch.setenv("BRIEFING_CONFIG", str(config))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["search", "--json", "--", query], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    import json

    return sorted(row["title"] for row in json.loads(result.stdout))


@pytest.mark.parametrize("query", [
    "Mann - Pistole", "Mann – Pistole", "Mann | Pistole", "Mann & Pistole", "🔥 Pistole",
    "Mann -", "- Pistole", "Mann Pistole", "Pisto",
])
def test_words_without_a_letter_or_digit_leave_the_search_as_it_was(tmp_path, monkeypatch,
                                                                     query: str) -> None:
    with Store.open(tmp_path / "b.db") as store:
        for key, title in (("pistol", "Mann droht in Wiesbaden mit Pistole"),
                           ("rock", "Rock & Roll im Kurhaus")):
            store.articles.ingest(Document(key=f"https://example.org/{key}", title=title,
                                           text=f"{title}.", site="Example"), BRIEF)
    assert search_cli(tmp_path, monkeypatch, query) == [
        "Mann droht in Wiesbaden mit Pistole"]
    assert search_cli(tmp_path, monkeypatch, "Rock & Roll") == ["Rock & Roll im Kurhaus"]


@pytest.mark.parametrize("query", ["\u0301", "\u0301 \u093e", "- & 🔥", "\u200c"])
def test_a_query_with_no_letter_or_digit_matches_nothing(tmp_path, monkeypatch,
                                                         query: str) -> None:
    with Store.open(tmp_path / "b.db") as store:
        ingest_all(store)
    assert search_cli(tmp_path, monkeypatch, query) == []


def test_sqlite_before_3_25_gets_a_tokenizer_it_has(tmp_path) -> None:
    """The `categories` option first shipped in SQLite 3.25: before it, the index is
    made with the tokenizer before it (a mark cuts a word again), and still searches."""
    from briefing.store.fts import create_articles_fts

    with Store.open(tmp_path / "b.db") as store:
        ingest_all(store)
        with store.transaction():
            create_articles_fts(store.conn.execute, sqlite_version=(3, 24, 0))
        sql = store.conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'articles_fts'").fetchone()[0]
        assert "tokenize='porter unicode61'" in sql and "categories" not in sql
        assert found(store, "کتاب‌ها") == {BOOKS[0], BOOKS_BARE[0]}
        assert found(store, "चंद्रमा") == {MOON[0]}
        with store.transaction():
            create_articles_fts(store.conn.execute, sqlite_version=(3, 25, 0))
        sql = store.conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'articles_fts'").fetchone()[0]
        assert "categories" in sql
        assert found(store, "च भारत") == set()
    integrity_ok(tmp_path / "b.db")


UPGRADING = "briefing: upgrading the database to this version (once)…"


def run_cli(tmp_path, monkeypatch, *args: str):
    from click.testing import CliRunner

    from briefing.cli import main

    config = tmp_path / "config.toml"
    config.write_text('database = "b.db"\nseeds = "seeds"\nfeeds = []\n', encoding="utf-8")
    monkeypatch.setenv("BRIEFING_CONFIG", str(config))
    monkeypatch.chdir(tmp_path)
    return CliRunner().invoke(main, list(args))


def test_the_command_line_says_when_it_upgrades_the_database(tmp_path, monkeypatch):
    """Migrating a large database takes seconds: the command says so on stderr before it
    starts, once; a current database and a new one say nothing."""
    from sqlite_utils import Database

    from briefing.store import schema

    old = Database(tmp_path / "b.db")
    schema.migrations.apply(old, stop_before="m013_search_whole_words")
    old.conn.execute("PRAGMA user_version = 12")
    old.conn.close()
    upgraded = run_cli(tmp_path, monkeypatch, "search", "Pistole")
    assert upgraded.exit_code == 0 and upgraded.stderr.splitlines() == [UPGRADING]
    again = run_cli(tmp_path, monkeypatch, "search", "Pistole")
    assert again.exit_code == 0 and UPGRADING not in again.stderr

    (tmp_path / "b.db").unlink()
    made = run_cli(tmp_path, monkeypatch, "feeds", "list")
    assert UPGRADING not in made.stderr


def test_the_reader_says_when_it_upgrades_the_database_before_it_starts(tmp_path,
                                                                      monkeypatch):
    """Bare `briefing` migrates as it opens the database, before the reader takes the
    terminal (here it has none, so it stops after the upgrade with one line)."""
    from sqlite_utils import Database

    from briefing.store import schema

    old = Database(tmp_path / "b.db")
    schema.migrations.apply(old, stop_before="m013_search_whole_words")
    old.conn.execute("PRAGMA user_version = 12")
    old.conn.close()
    result = run_cli(tmp_path, monkeypatch)
    assert result.stderr.splitlines()[0] == UPGRADING
    assert "the reader needs a terminal" in result.stderr
    with Store.open(tmp_path / "b.db") as store:  # it was upgraded
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == 13

