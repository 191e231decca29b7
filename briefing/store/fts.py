"""Full-text search: how the articles' index cuts text into words, and the queries run on
it, for the articles' and the stories' searches alike."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from briefing.sanitize import JOINERS, strip_controls, without_joiners

ARTICLES_TOKENIZE = (
    "porter unicode61 categories 'L* N* Co M*' tokenchars '" + JOINERS + "'"
)
"""The articles index's tokenizer: unicode61 (case folded, Latin diacritics removed) with
porter stemming, where a word also holds its combining marks (Devanagari vowel signs and
virama, Arabic vowel marks: by default each would cut the word) and its joiners, ZWNJ
(the Persian half-space in "کتاب‌ها") and ZWJ, so that a word is searched whole and never
matches on half of it."""


def create_articles_fts(db_execute: Callable[[str], object]) -> None:
    """(Re)create the articles' index and the triggers that keep it in step, and fill it
    from the stored rows; run inside the caller's transaction."""
    for trigger in ("articles_ai", "articles_ad", "articles_au"):
        db_execute(f'DROP TRIGGER IF EXISTS "{trigger}"')
    db_execute('DROP TABLE IF EXISTS "articles_fts"')
    tokenize = ARTICLES_TOKENIZE.replace("'", "''")
    db_execute(f"""CREATE VIRTUAL TABLE "articles_fts" USING FTS5 ("title", "text",
                   tokenize='{tokenize}', content="articles")""")
    db_execute("""INSERT INTO "articles_fts" ("articles_fts") VALUES ('rebuild')""")
    db_execute("""CREATE TRIGGER "articles_ai" AFTER INSERT ON "articles" BEGIN
                  INSERT INTO "articles_fts" (rowid, "title", "text")
                  VALUES (new.rowid, new."title", new."text");
                  END""")
    db_execute("""CREATE TRIGGER "articles_ad" AFTER DELETE ON "articles" BEGIN
                  INSERT INTO "articles_fts" ("articles_fts", rowid, "title", "text")
                  VALUES ('delete', old.rowid, old."title", old."text");
                  END""")
    db_execute("""CREATE TRIGGER "articles_au" AFTER UPDATE ON "articles" BEGIN
                  INSERT INTO "articles_fts" ("articles_fts", rowid, "title", "text")
                  VALUES ('delete', old.rowid, old."title", old."text");
                  INSERT INTO "articles_fts" (rowid, "title", "text")
                  VALUES (new.rowid, new."title", new."text");
                  END""")


def fts_phrase(query: str) -> str:
    """A user's words as a safe FTS5 query: each word quoted, the last one as a prefix.

    Quoting makes FTS syntax (AND, NEAR, *, stray quotes) plain words; the prefix on the
    last word gives results while the user is still typing it. The words are cleaned and
    NFC as stored text is, so the index's tokenizer cuts them the same way; a word written
    with a joiner ("کتاب‌ها") also finds it written without one ("کتابها"), as many
    writers spell it.
    """
    query = unicodedata.normalize("NFC", strip_controls(query))
    words = [w.replace('"', "") for w in query.split()]
    words = [w for w in words if w]
    if not words:
        return ""
    terms = []
    for n, word in enumerate(words):
        star = "*" if n == len(words) - 1 else ""
        bare = without_joiners(word)
        if bare == word:
            terms.append(f'"{word}"{star}')
        elif bare:
            terms.append(f'("{word}"{star} OR "{bare}"{star})')
    return " AND ".join(terms)  # explicit: FTS5 joins a bracketed OR to no word implicitly
