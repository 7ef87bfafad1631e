"""Indexes that find names by their letters, typos included (football.pages.search).

SQLite: an FTS5 table with the trigram tokenizer over each table's `search_text`,
kept current by triggers (so bulk inserts and raw SQL are indexed too).
PostgreSQL: pg_trgm's GIN index on `search_text`, for LIKE and word similarity.
"""

from django.db import migrations

from football.core.vendor_sql import vendor_sql


def fts5(table):
    index = f"{table}_names"
    return [
        f"CREATE VIRTUAL TABLE {index} USING fts5(search_text, content='{table}', "
        "content_rowid='id', tokenize='trigram')",
        f"CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {index}(rowid, search_text) VALUES (new.id, new.search_text); END",
        f"CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {index}({index}, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text); END",
        f"CREATE TRIGGER {index}_update AFTER UPDATE OF search_text ON {table} BEGIN "
        f"INSERT INTO {index}({index}, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text); "
        f"INSERT INTO {index}(rowid, search_text) VALUES (new.id, new.search_text); END",
        f"INSERT INTO {index}({index}) VALUES ('rebuild')",
    ]


def drop_fts5(table):
    index = f"{table}_names"
    return [
        *(f"DROP TRIGGER {index}_{event}" for event in ("insert", "delete", "update")),
        f"DROP TABLE {index}",
    ]


def fill_search_text(apps, schema_editor):
    """Other names are names: put them where search looks."""
    from football.core.text import search_text, split_names

    Club = apps.get_model("careers", "Club")
    for club in Club.objects.all():
        names = [club.short_name, club.name, *split_names(club.other_names)]
        names += split_names(club.nicknames)
        club.search_text = search_text(*names, club.city)
        club.save(update_fields=["search_text"])
    Manager = apps.get_model("careers", "Manager")
    for manager in Manager.objects.all():
        names = [manager.full_name, manager.short_name, *split_names(manager.other_names)]
        manager.search_text = search_text(*names)
        manager.save(update_fields=["search_text"])


class Migration(migrations.Migration):
    dependencies = [("careers", "0007_other_names")]

    operations = [
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        vendor_sql(
            sqlite=[*fts5("careers_manager"), *fts5("careers_club")],
            sqlite_reverse=[*drop_fts5("careers_manager"), *drop_fts5("careers_club")],
            postgresql=[
                "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                "CREATE INDEX careers_manager_names_trgm ON careers_manager "
                "USING gin (search_text gin_trgm_ops)",
                "CREATE INDEX careers_club_names_trgm ON careers_club "
                "USING gin (search_text gin_trgm_ops)",
            ],
            postgresql_reverse=[
                "DROP INDEX careers_manager_names_trgm",
                "DROP INDEX careers_club_names_trgm",
            ],
        ),
    ]
