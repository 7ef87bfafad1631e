"""`migrate` ends with ANALYZE once it has run a migration (football.ops.analyze)."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

# Migrations run outside the test's transaction (SQLite's schema editor cannot run in one).
pytestmark = pytest.mark.django_db(transaction=True)


def forget_statistics():
    """Drop what ANALYZE recorded for the spells, as a table remade by a migration has."""
    if connection.vendor == "sqlite" and "sqlite_stat1" in tables():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'careers_tenure'")


def tables():
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor, include_views=False)


def analysed():
    """SQLite: the spells' statistics rows. PostgreSQL: how often they were analysed."""
    if connection.vendor == "sqlite" and "sqlite_stat1" not in tables():
        return 0  # no ANALYZE ever ran
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'careers_tenure'")
        else:
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'careers_tenure'"
            )
        return cursor.fetchone()[0]


def last_two_careers_migrations():
    graph = MigrationLoader(connection).graph
    (leaf,) = graph.leaf_nodes("careers")
    (parent,) = (key for key in graph.node_map[leaf].parents if key[0] == "careers")
    return leaf[1], parent[1]


def test_a_migrate_that_runs_migrations_ends_with_analyze(make_tenure):
    for _ in range(3):
        make_tenure()  # ANALYZE records nothing for an empty table
    latest, before = last_two_careers_migrations()
    call_command("migrate", "careers", before, verbosity=0)
    forget_statistics()
    counted = analysed()
    call_command("migrate", "careers", latest, verbosity=0)
    if connection.vendor == "sqlite":
        assert counted == 0
        assert analysed() > 0, "sqlite_stat1 holds the spells' indexes again"
    else:
        assert analysed() > counted


def test_a_migrate_with_nothing_to_do_does_not_analyze(make_tenure):
    make_tenure()
    call_command("migrate", verbosity=0)  # whatever the test database left unapplied
    forget_statistics()
    counted = analysed()
    call_command("migrate", verbosity=0)
    assert analysed() == counted
