"""The managers and clubs lists: every page in order, read as a deferred join, and each
record's job on the day."""

import datetime
import re

import pytest
from django.utils import timezone

from football.careers.models import Club, Manager, Role
from football.careers.views import PER_PAGE
from tests.pages_helpers import html, text

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def listed(client, path):
    """The (address, name) pairs of every page of a list, page after page."""
    found, number = [], 1
    while True:
        response = client.get(path, {"page": number})
        if response.status_code == 404:
            return found
        (items,) = re.findall(r'<ul class="entity-list">(.*?)</ul>', html(response), re.S)
        found += re.findall(r'<li><a href="([^"]+)">([^<]+)</a>', items)
        number += 1


def test_every_page_of_the_managers_lists_them_once_in_name_order(client, make_manager):
    # Twins by name are ordered by key; a page past the middle is read from the end.
    for n in range(2 * PER_PAGE + 7):
        make_manager(full_name=f"Coach {n % 40:02d}", slug=f"coach-{n}")
    expected = [
        (m.get_absolute_url(), m.full_name) for m in Manager.objects.order_by("full_name", "pk")
    ]
    assert listed(client, "/managers/") == expected


def test_every_page_of_the_clubs_lists_them_once_in_name_order(client, make_club):
    for n in range(2 * PER_PAGE + 7):
        make_club(short_name=f"Club {n % 40:02d}", slug=f"club-{n}")
    expected = [
        (c.get_absolute_url(), c.short_name) for c in Club.objects.order_by("short_name", "pk")
    ]
    assert listed(client, "/clubs/") == expected


def test_the_lists_show_the_job_held_today(client, make_manager, make_club, make_tenure):
    today = timezone.localdate()
    leaving = make_manager(full_name="Aaron Leaving")
    coming = make_manager(full_name="Abel Coming")
    stays = make_club(short_name="Aardvark FC")
    soon = make_club(short_name="Abacus FC")
    make_tenure(manager=leaving, club=stays, started_on=today - 400 * DAY, ended_on=today)
    make_tenure(manager=coming, club=soon, started_on=today + 10 * DAY)
    keeper = make_manager(full_name="Adam Keeper")
    make_tenure(
        manager=keeper, club=soon, role=Role.CARETAKER, started_on=today - 20 * DAY,
        ended_on=today + 9 * DAY,
    )  # fmt: skip
    managers, clubs = text(client.get("/managers/")), text(client.get("/clubs/"))
    assert "Aaron Leaving Head coach, Aardvark FC" in managers  # his last day counts
    assert "Abel Coming Not in a job" in managers  # the job has not begun
    assert "Adam Keeper Caretaker, Abacus FC" in managers  # ends after today
    assert "Aardvark FC Aaron Leaving" in clubs
    assert "Abacus FC Adam Keeper" in clubs


def test_a_spells_club_and_manager_are_named_by_key_with_no_sort(make_tenure):
    """Each spell of a list names its club or manager by key (asof.name_of): one row,
    unordered. Django keeps the model's ordering in a subquery, and PostgreSQL sorted
    each spell's one name (SQLite, seeking by key, did not)."""
    from django.db import connection

    from football.careers.models import Tenure, asof

    spell = make_tenure()
    named = (
        Tenure.objects.annotate(
            club_name=asof.name_of(Club, "club", "short_name"),
            manager_name=asof.name_of(Manager, "manager", "full_name"),
        )
        .filter(pk=spell.pk)
        .order_by()
    )  # (the outer query unordered too: one row)
    subqueries = re.findall(r"\(SELECT .*?\) AS", str(named.query))
    assert len(subqueries) == 2 and not [q for q in subqueries if "ORDER BY" in q]
    row = named.get()
    assert (row.club_name, row.manager_name) == (spell.club.short_name, spell.manager.full_name)
    if connection.vendor == "postgresql":
        assert "Sort" not in named.explain()
