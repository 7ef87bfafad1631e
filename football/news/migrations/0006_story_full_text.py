"""Stories searched by their words, stemmed (football.pages.search).

SQLite: an FTS5 table over headline, standfirst and body (Porter stemmer, accents
removed), kept current by triggers. PostgreSQL: a stored, generated tsvector (headline
weighted A, standfirst B, body D) in the `dugout` configuration (English stemming after
unaccent) with a GIN index; being generated, it is current on every insert and update.
"""

from django.db import migrations

from football.core.vendor_sql import vendor_sql

COLUMNS = "headline, standfirst, body"
NEW = "new.headline, new.standfirst, new.body"
OLD = "old.headline, old.standfirst, old.body"

SQLITE = [
    f"CREATE VIRTUAL TABLE news_story_text USING fts5({COLUMNS}, content='news_story', "
    "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER news_story_text_insert AFTER INSERT ON news_story BEGIN "
    f"INSERT INTO news_story_text(rowid, {COLUMNS}) VALUES (new.id, {NEW}); END",
    "CREATE TRIGGER news_story_text_delete AFTER DELETE ON news_story BEGIN "
    f"INSERT INTO news_story_text(news_story_text, rowid, {COLUMNS}) "
    f"VALUES ('delete', old.id, {OLD}); END",
    f"CREATE TRIGGER news_story_text_update AFTER UPDATE OF {COLUMNS} ON news_story BEGIN "
    f"INSERT INTO news_story_text(news_story_text, rowid, {COLUMNS}) "
    f"VALUES ('delete', old.id, {OLD}); "
    f"INSERT INTO news_story_text(rowid, {COLUMNS}) VALUES (new.id, {NEW}); END",
    "INSERT INTO news_story_text(news_story_text) VALUES ('rebuild')",
]

POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TEXT SEARCH CONFIGURATION dugout (COPY = english)",
    "ALTER TEXT SEARCH CONFIGURATION dugout "
    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem",
    "ALTER TABLE news_story ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('dugout', coalesce(headline, '')), 'A') || "
    "setweight(to_tsvector('dugout', coalesce(standfirst, '')), 'B') || "
    "setweight(to_tsvector('dugout', coalesce(body, '')), 'D')) STORED",
    "CREATE INDEX news_story_search_vector ON news_story USING gin (search_vector)",
]


class Migration(migrations.Migration):
    dependencies = [("news", "0005_drop_story_search_text")]

    operations = [
        vendor_sql(
            sqlite=SQLITE,
            sqlite_reverse=[
                *(f"DROP TRIGGER news_story_text_{e}" for e in ("insert", "delete", "update")),
                "DROP TABLE news_story_text",
            ],
            postgresql=POSTGRESQL,
            postgresql_reverse=[
                "ALTER TABLE news_story DROP COLUMN search_vector",
                "DROP TEXT SEARCH CONFIGURATION dugout",
            ],
        ),
    ]
