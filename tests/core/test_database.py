"""How the site talks to its database."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_a_pages_queries_are_planned_once_per_connection(client, seeded, settings):
    """With the parameters bound by the server, the profile's queries are the same text
    for every manager: psycopg prepares each the second time a connection runs it, and
    PostgreSQL no longer plans it on every request."""
    settings.PAGE_CACHE = False
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    for slug in ("massimiliano-allegri", "andrea-pirlo", "maurizio-sarri"):
        assert client.get(f"/managers/{slug}/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    spells = [s for s in prepared if s.startswith('SELECT "careers_tenure"."id"')]
    assert spells, prepared
    assert all("$1" in statement for statement in spells)  # values bound, not pasted in
