"""The database schema, as migrations applied in order from the first release on.

Never edit a migration that has shipped: add a new one. `PRAGMA user_version` mirrors
the number of applied migrations so other tools can see the schema version.
"""

from __future__ import annotations

from sqlite_migrate import Migrations
from sqlite_utils import Database

migrations = Migrations("briefing")


@migrations()
def m001_initial(db: Database) -> None:
    db["feeds"].create(
        {
            "id": int,
            "url": str,
            "name": str,
            "tags": str,  # JSON list
            "origin": str,  # "config" or "user"
            "title": str,
            "site_url": str,
            "etag": str,
            "last_modified": str,
            "last_status": int,
            "last_error": str,
            "failures": int,
            "item_count": int,
            "last_checked": str,
            "last_success": str,
        },
        pk="id",
        not_null={"url", "origin"},
        defaults={"failures": 0, "item_count": 0, "origin": "config", "tags": "[]"},
    )
    db["feeds"].create_index(["url"], unique=True)

    db["articles"].create(
        {
            "id": str,
            "key": str,  # canonical URL, or "file:" + path for a seed
            "url": str,
            "guid": str,
            "path": str,
            "title": str,
            "text": str,
            "author": str,
            "source": str,  # display name: the feed's or the site's
            "site": str,
            "language": str,
            "published": str,  # UTC ISO 8601, or NULL when unknown
            "first_seen": str,  # UTC ISO 8601
            "updated": str,
            "content_hash": str,
            "text_origin": str,  # "file", "page" or "feed…" (models.FEED_TEXT_ORIGINS)
            "read": int,
            "starred": int,
        },
        pk="id",
        not_null={"key", "title", "text", "first_seen", "content_hash"},
        defaults={"read": 0, "starred": 0, "text_origin": "file"},
    )
    db["articles"].create_index(["key"], unique=True)
    db["articles"].create_index(["guid"])
    db["articles"].create_index(["source"])
    db.execute(
        "CREATE INDEX idx_articles_when ON articles (coalesce(published, first_seen) DESC)"
    )
    db["articles"].enable_fts(["title", "text"], create_triggers=True, tokenize="porter")

    db["feed_articles"].create(
        {"feed_id": int, "article_id": str},
        pk=("feed_id", "article_id"),
        foreign_keys=[("feed_id", "feeds", "id"), ("article_id", "articles", "id")],
    )
    db["feed_articles"].create_index(["article_id"])

    db["briefs"].create(
        {
            "article_id": str,
            "method": str,  # "signposts", "extractive" or "mixed"
            "version": int,
            "brief": str,  # JSON: Brief.to_dict()
            "created": str,
        },
        pk="article_id",
        foreign_keys=[("article_id", "articles", "id")],
    )


@migrations()
def m002_article_aliases(db: Database) -> None:
    """Every URL an article was reached by (feed link, redirect target, rel=canonical), so a
    known story is recognised before its page is fetched again."""
    db["article_aliases"].create(
        {"alias": str, "article_id": str},
        pk="alias",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["article_aliases"].create_index(["article_id"])


@migrations()
def m003_stories(db: Database) -> None:
    """Stories: articles that report the same event, grouped by `briefing.cluster`.

    `story_articles` is the clusterer's persisted state, one row per article in arrival
    order (`seq`), so clustering resumes incrementally; `stories` holds each story's
    merged brief and the figures the edition is ranked by.
    """
    db["story_articles"].create(
        {"article_id": str, "story_id": str, "seq": int, "state": str},  # state: JSON
        pk="article_id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["story_articles"].create_index(["story_id"])
    db["story_articles"].create_index(["seq"], unique=True)
    db["stories"].create(
        {
            "id": str,  # the id of the story's first article: stable
            "title": str,
            "lead_article_id": str,  # the most central article
            "published": str,  # the newest article's time: UTC ISO 8601
            "first_seen": str,
            "article_count": int,
            "source_count": int,
            "unread_count": int,
            "starred": int,
            "brief": str,  # JSON: Brief.to_dict(), points attributed to articles
            "merged": str,  # when the brief was merged; NULL: a member changed since, merge again
        },
        pk="id",
        not_null={"title", "published"},
        defaults={"article_count": 0, "source_count": 0, "unread_count": 0, "starred": 0},
    )
    db.execute("CREATE INDEX idx_stories_published ON stories (published DESC)")
    # Today's edition continues with older unread stories: a partial index keeps counting
    # and paging them fast with a year of (mostly read) news stored.
    db.execute("CREATE INDEX idx_stories_unread ON stories (published DESC) "
               "WHERE unread_count > 0")


@migrations()
def m004_feed_body_hash(db: Database) -> None:
    """A digest of a feed's last fully stored document: a feed host that sends no
    validators (no ETag, no Last-Modified) then costs a download but no parse when the
    document has not changed."""
    db["feeds"].add_column("body_hash", str)


@migrations()
def m005_llm_answers(db: Database) -> None:
    """Language-model answers, keyed by the hash of the text sent, the model and the
    prompt's version: the same text is never sent twice. The raw answer is kept, so a
    stricter check applies to it again without a call."""
    db["llm_answers"].create(
        {
            "text_hash": str,
            "model": str,
            "prompt_version": int,
            "answer": str,
            "created": str,  # UTC ISO 8601
        },
        pk=("text_hash", "model", "prompt_version"),
        not_null={"answer", "created"},
    )
    # A pass looks at the stories published or merged lately: both found by an index.
    db.execute("CREATE INDEX idx_stories_merged ON stories (merged)")


@migrations()
def m006_cluster_totals(db: Database) -> None:
    """The clusterer's totals, kept up to date as articles are clustered and pruned, so a
    refresh reads only what its new articles can touch instead of replaying every row:
    each term's document frequency, each story's dates, size, centroid (its rows by term
    are the postings that find candidate stories) and the centroid's norm (with the article count it was computed at). `story_articles.features_version`
    finds rows saved under another feature recipe without reading their JSON."""
    db.execute("""CREATE TABLE cluster_terms (term TEXT PRIMARY KEY, df INTEGER NOT NULL)
                  WITHOUT ROWID""")
    db.execute("""CREATE TABLE cluster_stories (seq INTEGER PRIMARY KEY,
                  story_id TEXT NOT NULL UNIQUE, first TEXT, last TEXT, size INTEGER NOT NULL,
                  norm REAL NOT NULL, norm_n INTEGER NOT NULL)""")
    db.execute("""CREATE TABLE cluster_postings (term TEXT NOT NULL, seq INTEGER NOT NULL,
                  weight REAL NOT NULL, PRIMARY KEY (term, seq)) WITHOUT ROWID""")
    db.execute("CREATE INDEX idx_cluster_postings_seq ON cluster_postings (seq)")
    db.execute("ALTER TABLE story_articles ADD COLUMN features_version INTEGER")
    db.execute("""UPDATE story_articles
                  SET features_version = json_extract(state, '$.features_version')""")
    db.execute("CREATE INDEX idx_story_articles_features_version "
               "ON story_articles (features_version)")
    from briefing.store.cluster_totals import rebuild_cluster_totals

    rebuild_cluster_totals(db.conn)


@migrations()
def m007_articles_to_cluster(db: Database) -> None:
    """The articles not in a story yet, kept by triggers: an article enters the list when
    it is inserted and leaves it when its clusterer row is (a pruned article's entry goes
    with it, as a reference to it). Finding what to cluster then reads this short list,
    not every article."""
    db.execute("""CREATE TABLE articles_to_cluster (
                  article_id TEXT PRIMARY KEY REFERENCES articles (id)) WITHOUT ROWID""")
    db.execute("""INSERT INTO articles_to_cluster (article_id)
                  SELECT a.id FROM articles a WHERE NOT EXISTS
                  (SELECT 1 FROM story_articles sa WHERE sa.article_id = a.id)""")
    db.execute("""CREATE TRIGGER articles_to_cluster_insert AFTER INSERT ON articles BEGIN
                  INSERT OR IGNORE INTO articles_to_cluster (article_id) VALUES (new.id);
                  END""")
    db.execute("""CREATE TRIGGER articles_to_cluster_clustered AFTER INSERT ON story_articles
                  BEGIN DELETE FROM articles_to_cluster WHERE article_id = new.article_id;
                  END""")


@migrations()
def m008_seed_failures(db: Database) -> None:
    """Seed files that could not be read, with the bytes' digest they failed on: an
    unchanged file that failed is not read again, and its failure is not news."""
    db.execute("""CREATE TABLE seed_failures (key TEXT PRIMARY KEY, digest TEXT,
                  error TEXT NOT NULL, since TEXT NOT NULL) WITHOUT ROWID""")



@migrations()
def m009_item_failures(db: Database) -> None:
    """Feed items whose article could not be made (a page that fails, no text): how many
    times and when last, so a refresh retries them with a growing pause, then gives up."""
    db.execute("""CREATE TABLE item_failures (key TEXT PRIMARY KEY,
                  attempts INTEGER NOT NULL, error TEXT NOT NULL, last_tried TEXT NOT NULL)
                  WITHOUT ROWID""")


@migrations()
def m010_article_page_error(db: Database) -> None:
    """Why an article's page could not be read, for one made from its feed's summary
    instead (text_origin "feed"): `show` and the reader say it."""
    db["articles"].add_column("page_error", str)


@migrations()
def m011_cluster_postings_by_story(db: Database) -> None:
    """A story's postings found by its seq hold their weights too: reading a story's whole
    centroid (to compute its norm again) then reads the index alone, not a row of the
    table for each of its terms."""
    db.execute("DROP INDEX idx_cluster_postings_seq")
    db.execute("CREATE INDEX idx_cluster_postings_story ON cluster_postings (seq, term, weight)")


@migrations()
def m012_feed_items_stored(db: Database) -> None:
    """How many of the feed document's items are stored, as counted when it was last read
    in full: `feeds list` and the feeds screen say how many are not, and why."""
    db["feeds"].add_column("items_stored", int)


@migrations()
def m013_search_whole_words(db: Database) -> None:
    """The articles' index made again with a tokenizer that keeps a word whole with its
    combining marks (Devanagari vowel signs, Arabic vowel marks), each of which cut it in
    pieces before, so a search matched on half a word (see `fts.ARTICLES_TOKENIZE`).
    Filled again from the stored rows, in this migration's transaction."""
    from briefing.store.fts import create_articles_fts

    create_articles_fts(db.execute)


def apply(db: Database) -> None:
    """Bring a database up to the current schema."""
    migrations.apply(db)
    count = len(migrations.applied(db))
    db.execute(f"PRAGMA user_version = {count}")
