"""A migration operation that runs SQL written for one database engine.

Search uses each engine's own index (FTS5 tables and triggers on SQLite, pg_trgm and
a stored tsvector on PostgreSQL): objects Django's schema editor does not describe,
created here in SQL for the engine a database runs on and skipped on the others.
"""

from django.db import migrations


def vendor_sql(**by_vendor):
    """RunPython running `by_vendor[vendor]` (a list of statements) forwards and
    `by_vendor[vendor + "_reverse"]` backwards, for the connection's vendor."""

    def run(statements_key):
        def operation(apps, schema_editor):
            for statement in by_vendor.get(statements_key(schema_editor.connection.vendor), ()):
                schema_editor.execute(statement)

        return operation

    return migrations.RunPython(
        run(lambda vendor: vendor), run(lambda vendor: vendor + "_reverse"), elidable=False
    )
