"""A mark the database changes whenever its stories may be counted differently.

The news says how many pages it has, and a deep page is read from its nearer end: both
need the count of published stories (1-4 ms at 20,000 stories). Kept in the shared
cache, it cost the page a round trip of its own, 0.06 ms to the disk cache and 0.2 ms
to Redis. Each process now keeps the count it made under this mark, which is read with
the page's stories (football.news.views.published_count).

Triggers give the mark a new random value on every insert or delete of stories, every
change of a story's status or publication time and every truncation, whatever makes
it: a save, a bulk create, QuerySet.update() and delete(), loaddata, flush, and any
statement typed at a database prompt. It is random, not counted up: a transaction
rolled back (each test's) or a backup restored brings back an earlier mark, and the
mark that follows must not be one already seen for other stories.

The table is not a model Django manages (football.news.models.StoryChanges): dumpdata
leaves it out and flush leaves it be.

On SQLite a migration that rebuilds news_story (most changes to its columns) drops its
triggers with the old table: tests/news/test_changes.py fails until they are made again.
"""

from django.db import migrations, models

from football.core.vendor_sql import vendor_sql

TABLE = "CREATE TABLE news_story_changes (id integer PRIMARY KEY CHECK (id = 1), mark bigint NOT NULL)"

SQLITE = [
    TABLE,
    "INSERT INTO news_story_changes (id, mark) VALUES (1, random())",
    *(
        f"""CREATE TRIGGER news_story_changes_{event} AFTER {event} ON news_story
        BEGIN UPDATE news_story_changes SET mark = random(); END"""
        for event in ("insert", "delete")
    ),
    """CREATE TRIGGER news_story_changes_update AFTER UPDATE OF status, published_at ON news_story
    BEGIN UPDATE news_story_changes SET mark = random(); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER news_story_changes_update",
    "DROP TRIGGER news_story_changes_delete",
    "DROP TRIGGER news_story_changes_insert",
    "DROP TABLE news_story_changes",
]

# Once a statement, not once a row: populate's bulk create of 20,000 stories changes the
# mark once.
RANDOM_MARK = "(random() * 9.2e18 - 4.6e18)::bigint"
POSTGRESQL = [
    TABLE,
    f"INSERT INTO news_story_changes (id, mark) VALUES (1, {RANDOM_MARK})",
    f"""CREATE FUNCTION news_story_changes_mark() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE news_story_changes SET mark = {RANDOM_MARK};
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER news_story_changes_write
    AFTER INSERT OR DELETE OR UPDATE OF status, published_at ON news_story
    FOR EACH STATEMENT EXECUTE FUNCTION news_story_changes_mark()""",
    """CREATE TRIGGER news_story_changes_truncate AFTER TRUNCATE ON news_story
    FOR EACH STATEMENT EXECUTE FUNCTION news_story_changes_mark()""",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER news_story_changes_truncate ON news_story",
    "DROP TRIGGER news_story_changes_write ON news_story",
    "DROP FUNCTION news_story_changes_mark()",
    "DROP TABLE news_story_changes",
]


class Migration(migrations.Migration):
    dependencies = [("news", "0007_rendered_markdown")]

    operations = [
        vendor_sql(
            sqlite=SQLITE,
            sqlite_reverse=SQLITE_REVERSE,
            postgresql=POSTGRESQL,
            postgresql_reverse=POSTGRESQL_REVERSE,
        ),
        migrations.CreateModel(
            name="StoryChanges",
            fields=[
                ("id", models.IntegerField(primary_key=True, serialize=False)),
                ("mark", models.BigIntegerField()),
            ],
            options={"db_table": "news_story_changes", "managed": False},
        ),
    ]
