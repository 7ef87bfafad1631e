"""Fresh query-planner statistics once `migrate` has changed the schema.

A migration that remakes a table on SQLite (most column changes: copy the rows into a
new table, drop the old one, rename) loses the ANALYZE statistics of the old table's
indexes, and SQLite then plans with guesses: after careers 0009 the home page's recent
departures walked every club and its spells (280–490 ms at 100,000 spells) until the next
ANALYZE. PostgreSQL's autovacuum analyses in time; SQLite has nothing that does. So a
`migrate` that applied (or unapplied) anything ends with ANALYZE, on either database.
"""

from django.db import DEFAULT_DB_ALIAS, connections


def analyze_after_migrate(sender, plan=None, using=DEFAULT_DB_ALIAS, **kwargs):
    """post_migrate receiver, connected for one app (the signal is sent once per app).
    `plan` holds the migrations `migrate` ran: empty when there was nothing to do, and
    absent when `flush` sends the signal (the tables are empty then)."""
    if not plan:
        return
    with connections[using].cursor() as cursor:
        cursor.execute("ANALYZE")


def refresh_statistics(connection, table=None):
    """Fresh statistics after bulk inserts (of `table`, or every table), so the planner
    knows how big the tables are now; the command run. On PostgreSQL also VACUUM, as
    autovacuum soon would on a site at rest: it marks the new rows visible to all in
    the visibility map, without which an index-only scan (the news count, a deep news
    page) must visit the table row by row and the planner reads the whole table
    instead. (Not possible inside a transaction, as in the tests: there ANALYZE alone.)"""
    command = "ANALYZE"
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        command = "VACUUM (ANALYZE)"
    if table:
        command += f" {connection.ops.quote_name(table)}"
    with connection.cursor() as cursor:
        cursor.execute(command)
    return command
