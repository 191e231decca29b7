"""Full-text search: how the articles' index cuts text into words, and the queries run on
it, for the articles' and the stories' searches alike."""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Callable

from briefing.sanitize import strip_controls, without_joiners

ARTICLES_TOKENIZE = "porter unicode61 categories 'L* N* Co M*'"
"""The articles index's tokenizer: unicode61 (case folded, Latin diacritics removed) with
porter stemming, where a word also holds its combining marks (Devanagari vowel signs and
virama, Arabic vowel marks: by default each would cut the word, so a search matched on
half of it).

The joiners (ZWNJ, the Persian half-space, and ZWJ) still cut a word, on purpose: many
Persian keyboards have no half-space, so "ریاست‌جمهوری" is often typed "ریاست جمهوری", and
cut at the joiner, the text is found typed either way (typed with the joiner, the query is
a phrase of the two parts side by side). The cost: a part alone ("کتاب" of "کتاب‌ها")
matches too, as an English word finds its plural. Text written without the joiner
("کتابها") is one word: `fts_phrase` also searches the joinerless spelling of a word
typed with one."""

ARTICLES_TOKENIZE_BEFORE_3_25 = "porter unicode61"
"""The tokenizer on SQLite before 3.25, which has no `categories` option: a combining mark
cuts a word there, as it did before the option was used."""


def articles_tokenize(sqlite_version: tuple[int, int, int]) -> str:
    """The articles index's tokenizer for this SQLite version."""
    if sqlite_version < (3, 25, 0):
        return ARTICLES_TOKENIZE_BEFORE_3_25
    return ARTICLES_TOKENIZE


def create_articles_fts(db_execute: Callable[[str], object], *,
                        sqlite_version: tuple[int, int, int] = sqlite3.sqlite_version_info,
                        ) -> None:
    """(Re)create the articles' index and the triggers that keep it in step, and fill it
    from the stored rows; run inside the caller's transaction. `sqlite_version` chooses
    the tokenizer (the SQLite library's own, unless a test asks for another)."""
    for trigger in ("articles_ai", "articles_ad", "articles_au"):
        db_execute(f'DROP TRIGGER IF EXISTS "{trigger}"')
    db_execute('DROP TABLE IF EXISTS "articles_fts"')
    tokenize = articles_tokenize(sqlite_version).replace("'", "''")
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
    writers spell it. A word with no letter or digit ("-", "&", "🔥", a lone accent) is
    left out: the index holds no word of it, and the words are joined with an explicit
    AND, under which such a word would match nothing (or, a lone combining mark, every
    article).
    """
    query = unicodedata.normalize("NFC", strip_controls(query))
    words = [w.replace('"', "") for w in query.split()]
    words = [w for w in words if _holds_a_word(w)]
    if not words:
        return ""
    terms = []
    for n, word in enumerate(words):
        star = "*" if n == len(words) - 1 else ""
        bare = without_joiners(word)
        if bare == word:
            terms.append(f'"{word}"{star}')
        else:
            terms.append(f'("{word}"{star} OR "{bare}"{star})')
    return " AND ".join(terms)  # explicit: FTS5 joins a bracketed OR to no word implicitly


def _holds_a_word(text: str) -> bool:
    """The text has a letter or a digit (Unicode L* or N*), so the index has a word of it."""
    return any(unicodedata.category(c)[0] in "LN" for c in text)
