"""The schema the migrations in `schema` build, as one script: a new database is
made from it in one transaction, without importing sqlite-utils or running each
migration (a first refresh starts 80-100 ms sooner). Existing databases still migrate.

Generated: `python -m briefing.store.schema > briefing/store/fresh_schema.py` after
adding a migration (tests/test_store.py fails until it is done). Do not edit.
"""

MIGRATION_SET = 'briefing'
MIGRATIONS = ('m001_initial', 'm002_article_aliases', 'm003_stories', 'm004_feed_body_hash', 'm005_llm_answers')
STATEMENTS = (
    'CREATE TABLE "_sqlite_migrations" (\n   "id" INTEGER PRIMARY KEY,\n   "migration_set" TEXT,\n   "name" TEXT,\n   "applied_at" TEXT\n)',
    'CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"\n    ON "_sqlite_migrations" ("migration_set", "name")',
    'CREATE TABLE "feeds" (\n   "id" INTEGER PRIMARY KEY,\n   "url" TEXT NOT NULL,\n   "name" TEXT,\n   "tags" TEXT DEFAULT \'[]\',\n   "origin" TEXT NOT NULL DEFAULT \'config\',\n   "title" TEXT,\n   "site_url" TEXT,\n   "etag" TEXT,\n   "last_modified" TEXT,\n   "last_status" INTEGER,\n   "last_error" TEXT,\n   "failures" INTEGER DEFAULT 0,\n   "item_count" INTEGER DEFAULT 0,\n   "last_checked" TEXT,\n   "last_success" TEXT\n, "body_hash" TEXT)',
    'CREATE UNIQUE INDEX "idx_feeds_url"\n    ON "feeds" ("url")',
    'CREATE TABLE "articles" (\n   "id" TEXT PRIMARY KEY,\n   "key" TEXT NOT NULL,\n   "url" TEXT,\n   "guid" TEXT,\n   "path" TEXT,\n   "title" TEXT NOT NULL,\n   "text" TEXT NOT NULL,\n   "author" TEXT,\n   "source" TEXT,\n   "site" TEXT,\n   "language" TEXT,\n   "published" TEXT,\n   "first_seen" TEXT NOT NULL,\n   "updated" TEXT,\n   "content_hash" TEXT NOT NULL,\n   "text_origin" TEXT DEFAULT \'file\',\n   "read" INTEGER DEFAULT 0,\n   "starred" INTEGER DEFAULT 0\n)',
    'CREATE UNIQUE INDEX "idx_articles_key"\n    ON "articles" ("key")',
    'CREATE INDEX "idx_articles_guid"\n    ON "articles" ("guid")',
    'CREATE INDEX "idx_articles_source"\n    ON "articles" ("source")',
    'CREATE INDEX idx_articles_when ON articles (coalesce(published, first_seen) DESC)',
    'CREATE VIRTUAL TABLE "articles_fts" USING FTS5 (\n    "title", "text",\n    tokenize=\'porter\',\n    content="articles"\n)',
    'CREATE TRIGGER "articles_ai" AFTER INSERT ON "articles" BEGIN\n  INSERT INTO "articles_fts" (rowid, "title", "text") VALUES (new.rowid, new."title", new."text");\nEND',
    'CREATE TRIGGER "articles_ad" AFTER DELETE ON "articles" BEGIN\n  INSERT INTO "articles_fts" ("articles_fts", rowid, "title", "text") VALUES(\'delete\', old.rowid, old."title", old."text");\nEND',
    'CREATE TRIGGER "articles_au" AFTER UPDATE ON "articles" BEGIN\n  INSERT INTO "articles_fts" ("articles_fts", rowid, "title", "text") VALUES(\'delete\', old.rowid, old."title", old."text");\n  INSERT INTO "articles_fts" (rowid, "title", "text") VALUES (new.rowid, new."title", new."text");\nEND',
    'CREATE TABLE "feed_articles" (\n   "feed_id" INTEGER REFERENCES "feeds"("id"),\n   "article_id" TEXT REFERENCES "articles"("id"),\n   PRIMARY KEY ("feed_id", "article_id")\n)',
    'CREATE INDEX "idx_feed_articles_article_id"\n    ON "feed_articles" ("article_id")',
    'CREATE TABLE "briefs" (\n   "article_id" TEXT PRIMARY KEY REFERENCES "articles"("id"),\n   "method" TEXT,\n   "version" INTEGER,\n   "brief" TEXT,\n   "created" TEXT\n)',
    'CREATE TABLE "article_aliases" (\n   "alias" TEXT PRIMARY KEY,\n   "article_id" TEXT REFERENCES "articles"("id")\n)',
    'CREATE INDEX "idx_article_aliases_article_id"\n    ON "article_aliases" ("article_id")',
    'CREATE TABLE "story_articles" (\n   "article_id" TEXT PRIMARY KEY REFERENCES "articles"("id"),\n   "story_id" TEXT,\n   "seq" INTEGER,\n   "state" TEXT\n)',
    'CREATE INDEX "idx_story_articles_story_id"\n    ON "story_articles" ("story_id")',
    'CREATE UNIQUE INDEX "idx_story_articles_seq"\n    ON "story_articles" ("seq")',
    'CREATE TABLE "stories" (\n   "id" TEXT PRIMARY KEY,\n   "title" TEXT NOT NULL,\n   "lead_article_id" TEXT,\n   "published" TEXT NOT NULL,\n   "first_seen" TEXT,\n   "article_count" INTEGER DEFAULT 0,\n   "source_count" INTEGER DEFAULT 0,\n   "unread_count" INTEGER DEFAULT 0,\n   "starred" INTEGER DEFAULT 0,\n   "brief" TEXT,\n   "merged" TEXT\n)',
    'CREATE INDEX idx_stories_published ON stories (published DESC)',
    'CREATE INDEX idx_stories_unread ON stories (published DESC) WHERE unread_count > 0',
    'CREATE TABLE "llm_answers" (\n   "text_hash" TEXT,\n   "model" TEXT,\n   "prompt_version" INTEGER,\n   "answer" TEXT NOT NULL,\n   "created" TEXT NOT NULL,\n   PRIMARY KEY ("text_hash", "model", "prompt_version")\n)',
    'CREATE INDEX idx_stories_merged ON stories (merged)',
)
