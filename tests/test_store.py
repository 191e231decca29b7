"""The SQLite store: schema, WAL, identity, FTS in sync, filters, paging."""

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from briefing.models import Brief, Document
from briefing.store import Store, StoreError
from briefing.store.articles import article_id
from tests.conftest import mark_article


def doc(n: int, **kw) -> Document:
    values = {"key": f"https://example.org/{n}", "title": f"Story number {n}",
              "text": f"Body of story {n} about harbour cranes.", "site": "Example"}
    values.update(kw)
    return Document(**values)


BRIEF = Brief(lede=("Lede.",), what_to_know=("A.", "B."), method="extractive", version=3)


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "b.db") as store:
        yield store



def test_ingest_many_matches_ingest_one_by_one(tmp_path):
    """The refresh writer's bulk path stores exactly what `ingest` stores, outcomes too."""
    now = datetime(2024, 5, 1, tzinfo=UTC)
    other = Brief(lede=("Other.",), method="signposts", version=3)
    first = [(doc(1), BRIEF, "Feed A"), (doc(2, published=now), BRIEF, None)]
    second = [(doc(1), BRIEF, "Feed A"), (doc(2, text="Now about ferries."), other, None),
              (doc(3), BRIEF, "Feed B"), (doc(3, title="Retitled"), other, "Feed B")]
    dumps = []
    for bulk in (True, False):
        with Store.open(tmp_path / f"{bulk}.db") as store:
            outcomes = []
            for batch in (first, second):
                if bulk:
                    with store.transaction():
                        outcomes += store.articles.ingest_many(batch, now=now)
                else:
                    outcomes += [store.articles.ingest(d, b, source=s, now=now)
                                 for d, b, s in batch]
            rows = [list(store.db.query(f"SELECT * FROM {t} ORDER BY 1"))
                    for t in ("articles", "briefs")]
            dumps.append((outcomes, rows, [r.id for r in store.articles.search("ferries")]))
    assert [r.outcome for r in dumps[0][0]] == [
        "new", "new", "unchanged", "updated", "new", "updated"]
    assert dumps[0] == dumps[1]

def test_schema_wal_and_version(tmp_path, store):
    assert store.db.journal_mode == "wal"
    assert store.db.execute("PRAGMA user_version").fetchone()[0] >= 1
    assert {"articles", "briefs", "feeds", "feed_articles", "articles_fts"} <= set(
        store.db.table_names())
    # Re-opening applies nothing twice.
    with Store.open(tmp_path / "b.db") as again:
        assert again.articles.count() == 0


def test_schema_version_counts_every_migration(tmp_path):
    """Opening skips the migrations when user_version says all are applied: that number
    must be the number of migrations, or a new one would never run."""
    from sqlite_utils import Database

    from briefing.store import schema
    from briefing.store.connection import MIGRATIONS, SCHEMA_VERSION

    pending = schema.migrations.pending(Database(memory=True))
    assert len(pending) == SCHEMA_VERSION and tuple(m.name for m in pending) == MIGRATIONS
    with Store.open(tmp_path / "v.db") as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def master_and_migrations(conn: sqlite3.Connection) -> tuple[list, list, int]:
    return (conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master "
                         "ORDER BY rowid").fetchall(),
            conn.execute("SELECT migration_set, name FROM _sqlite_migrations "
                         "ORDER BY rowid").fetchall(),
            conn.execute("PRAGMA user_version").fetchone()[0])


def test_an_older_database_still_migrates(tmp_path):
    """A database from an older release gets the migrations it lacks, keeps its rows,
    and ends with the schema a new one has."""
    from sqlite_utils import Database

    from briefing.store import schema

    old = Database(tmp_path / "old.db")
    schema.migrations.apply(old, stop_before="m004_feed_body_hash")
    old["feeds"].insert({"url": "https://example.org/feed", "origin": "user"})
    old.conn.execute("PRAGMA user_version = 3")
    old.conn.close()
    with Store.open(tmp_path / "old.db") as store:
        migrated = Database(tmp_path / "new.db")
        schema.apply(migrated)
        assert master_and_migrations(store.conn) == master_and_migrations(migrated.conn)
        assert [f.url for f in store.feeds.all()] == ["https://example.org/feed"]


def test_reading_a_current_database_needs_no_sqlite_utils(tmp_path):
    """The reader opens and reads, and a refresh prunes, without importing sqlite-utils
    (its startup time, and numpy's and pandas' when installed)."""
    import subprocess
    import sys

    path = tmp_path / "r.db"
    with Store.open(path) as store:
        store.articles.ingest(doc(1), BRIEF)
    code = ("import sys; from pathlib import Path; from briefing.store import Store; "
            "s = Store.open(Path(sys.argv[1])); s.articles.get(s.articles.page()[0].id); "
            "s.articles.search('harbour'); "
            "s.stories.page(limit=5); s.stories.count(); s.stories.search('harbour'); "
            "s.stories.set_read('x'); s.data_version(); s.articles.prune(30); "
            "print('sqlite_utils' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "False"


def test_ingest_new_unchanged_updated(store):
    first = store.articles.ingest(doc(1), BRIEF)
    assert first.outcome == "new" and first.article_id == article_id("https://example.org/1")
    assert store.articles.ingest(doc(1), BRIEF).outcome == "unchanged"
    assert store.articles.ingest(doc(1, text="Now about ferries."), BRIEF).outcome == "updated"
    assert store.articles.count() == 1
    article = store.articles.get(first.article_id)
    assert article.text == "Now about ferries."
    assert article.brief == BRIEF
    assert store.articles.search("ferries")[0].id == first.article_id
    assert store.articles.search("cranes") == []


def test_search_accepts_any_user_input(store):
    store.articles.ingest(doc(1, title='He said "hello" (loudly)'), BRIEF)
    for query in ['"', "hello\"", "AND", "(", "*", "NEAR(", "hello OR", "'", "-", ""]:
        store.articles.search(query)
    assert len(store.articles.search('"hello"')) == 1


def test_list_order_paging_and_filters(store):
    now = datetime(2026, 11, 27, 12, tzinfo=UTC)
    for n in range(7):
        store.articles.ingest(doc(n, published=now - timedelta(hours=n)), BRIEF, source=f"S{n % 2}")
    titles = [r.title for r in store.articles.page(limit=3, offset=2)]
    assert titles == ["Story number 2", "Story number 3", "Story number 4"]
    ids = [r.id for r in store.articles.page()]
    mark_article(store, ids[0], read=True)
    mark_article(store, ids[1], read=True)
    assert store.articles.count(unread_only=True) == 5
    assert [r.id for r in store.articles.page(unread_only=True)] == ids[2:]
    assert store.articles.count(source="S1") == 3
    assert [r.source for r in store.articles.page(source="S0")] == ["S0"] * 4
    mark_article(store, ids[3], starred=True)
    assert store.articles.get(ids[3]).starred
    assert dict(store.articles.sources()) == {"S0": 4, "S1": 3}


def test_get_by_unique_prefix(store):
    result = store.articles.ingest(doc(1), BRIEF)
    assert store.articles.get(result.article_id[:6]).id == result.article_id
    assert store.articles.get("zzzz") is None
    assert store.articles.get("%") is None


def test_corrupt_file_is_a_clear_error_and_is_not_overwritten(tmp_path):
    path = tmp_path / "corrupt.db"
    garbage = b"this is not a database at all" * 100
    path.write_bytes(garbage)
    for opener in (Store.open, Store.open_for_reading):
        with pytest.raises(StoreError) as err:
            opener(path)
        said = str(err.value)
        assert said.startswith(f"{path}: the database is damaged or not a briefing database")
        assert f"move it aside (mv {path} {path}.damaged)" in said  # what to do, and where
    assert path.read_bytes() == garbage


def test_a_damaged_database_says_what_to_do(tmp_path):
    path = tmp_path / "b.db"
    with Store.open(path) as store:
        store.articles.ingest(doc(1), BRIEF)
    with path.open("r+b") as file:  # a page of the schema overwritten, as a bad disk does
        file.seek(100)
        file.write(b"\xff" * 3000)
    with pytest.raises(StoreError, match=r"database disk image is malformed\); it was left "
                                         r"as it is: move it aside"):
        Store.open(path)


def test_other_tools_can_read_the_file(tmp_path, store):
    store.articles.ingest(doc(1), BRIEF)
    conn = sqlite3.connect(tmp_path / "b.db")
    (title,) = conn.execute("SELECT title FROM articles").fetchone()
    assert title == "Story number 1"
    (method,) = conn.execute("SELECT method FROM briefs").fetchone()
    assert method == "extractive"


def test_adding_feeds_costs_the_same_per_feed_however_many_there_are(tmp_path):
    """An OPML of 1,000 feeds is imported in linear time: the work SQLite does (counted in
    virtual-machine steps, not seconds) doubles, not quadruples, with twice the feeds."""

    def steps(count: int) -> int:
        with Store.open(tmp_path / f"{count}.db") as store:
            done = [0]

            def tick() -> int:
                done[0] += 1
                return 0

            store.conn.set_progress_handler(tick, 100)
            with store.transaction():
                for n in range(count):
                    store.feeds.add(f"https://example.org/{n}/feed.xml", name=f"Feed {n}")
            store.conn.set_progress_handler(None, 0)
            assert len(store.feeds.all()) == count
            return done[0]

    small, big = steps(250), steps(1000)
    assert big < 5 * small, (small, big)


def test_known_entries_are_looked_up_not_loaded(tmp_path):
    """Which of a feed's entries are stored (by key, alias URL or the feed's own guid) is
    found by index: the work SQLite does for the same ten entries (counted in
    virtual-machine steps) stays flat from 100 to 2,000 stored articles."""

    def lookup(count: int) -> tuple[int, object]:
        with Store.open(tmp_path / f"{count}.db") as store:
            feed, _ = store.feeds.add("https://example.org/feed.xml")
            with store.transaction():
                for n in range(count):
                    ident = store.articles.ingest(doc(n, guid=f"g{n}"), BRIEF,
                                                  feed_id=feed.id).article_id
                    store.feeds.link_article(feed.id, ident, [f"https://example.org/alias/{n}"])
            done = [0]

            def tick() -> int:
                done[0] += 1
                return 0

            store.conn.set_progress_handler(tick, 10)
            known = store.feeds.known_among(
                feed.id, ["https://example.org/1", "https://example.org/alias/2",
                          *(f"https://example.org/new/{n}" for n in range(8))],
                ["g3", "g4", "unknown"])
            store.conn.set_progress_handler(None, 0)
            return done[0], known

    small, known_small = lookup(100)
    big, known_big = lookup(2000)
    assert known_small == known_big
    assert set(known_big.keys) == {"https://example.org/1", "https://example.org/alias/2"}
    assert {guid for _, guid in known_big.guids} == {"g3", "g4"}
    assert big < 2 * small, (small, big)


@pytest.mark.parametrize("bulk", [False, True])
def test_an_unchanged_feed_text_takes_the_new_reason_its_page_failed(tmp_path, bulk):
    """The feed's summary stands in for a page that failed; tried again, the page fails
    for another reason with the same summary: the article is unchanged, but the stored
    reason is the new one (show and the reader say it)."""
    first = doc(1, text_origin="feed", page_error="timed out")
    again = doc(1, text_origin="feed", page_error="HTTP 404")
    with Store.open(tmp_path / "b.db") as store:
        for item in (first, again):
            outcome = (store.articles.ingest_many([(item, BRIEF, None)])[0] if bulk
                       else store.articles.ingest(item, BRIEF))
        assert outcome.outcome == "unchanged"
        stored = store.articles.get(article_id(first.key))
        assert stored.text_origin == "feed" and stored.page_error == "HTTP 404"


@pytest.mark.parametrize("bulk", [False, True])
def test_an_updated_article_has_its_story_merged_again(tmp_path, bulk):
    """Its story's merged brief no longer holds the article's new brief: the story waits
    for a merge (`stories.stale`), whichever path stored the article."""
    from briefing.edition.update import update_stories

    with Store.open(tmp_path / "b.db") as store:
        store.articles.ingest(doc(1), BRIEF)
        update_stories(store)
        story = store.stories.story_of(article_id(doc(1).key))
        assert story and story not in store.stories.stale()
        changed = doc(1, text="Body of story 1, now about ferries.")
        outcome = (store.articles.ingest_many([(changed, BRIEF, None)])[0] if bulk
                   else store.articles.ingest(changed, BRIEF))
        assert outcome.outcome == "updated"
        assert story in store.stories.stale()
