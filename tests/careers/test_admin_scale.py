"""The admin of a club or manager with a long history: same queries, small forms, saves."""

import datetime
import importlib.util
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from football.careers.forms import RecentSpellsFormSet
from football.careers.models import Role, Tenure
from tests.careers_helpers import in_charge

SPEC = importlib.util.spec_from_file_location(
    "bench_admin", Path(__file__).resolve().parents[2] / "bench" / "admin.py"
)
bench = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(bench)

D = datetime.date


@pytest.fixture
def editor(db):
    user = User.objects.create_user("ed", "ed@example.com", "a long enough password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def history(club, managers, count):
    """`count` spells in charge at `club`, one after another, the last one running."""
    day, spells = D(1900, 1, 1), []
    for i in range(count):
        end = day + datetime.timedelta(days=30)
        role = Role.CARETAKER if i % 4 == 3 else Role.HEAD_COACH
        spells.append(
            Tenure(
                manager=managers[i % len(managers)],
                club=club,
                role=role,
                started_on=day,
                ended_on=end,
            )
        )
        day = end
    spells[-1].ended_on = None
    return Tenure.objects.bulk_create(spells)


@pytest.fixture
def clubs(make_club, make_manager):
    """A club with 5 spells and one with 200; a manager with 5 and one with 200."""
    short, long = make_club(), make_club()
    few, many = make_manager(), make_manager()
    history(short, [few], 5)
    history(long, [many, make_manager()], 400)  # `many` has every other one: 200
    return {"club": (short, long), "manager": (few, many)}


def long_club_form(client, editor, clubs):
    """The club of 400 spells, its change page's address, and what its form posts as
    the editor is shown it."""
    club = clubs["club"][1]
    client.force_login(editor)
    url = reverse("admin:careers_club_change", args=[club.pk])
    return (
        club,
        url,
        bench.as_post(bench.form_fields(client.get(url).content.decode(), "club_form")),
    )


def get_page(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


@pytest.mark.parametrize("model", ["club", "manager"])
def test_change_page_queries_and_size_do_not_grow_with_history(client, editor, clubs, model):
    client.force_login(editor)
    short, long = clubs[model]
    assert long.tenures.count() >= 200
    client.get(reverse(f"admin:careers_{model}_change", args=[short.pk]))  # content types cached
    pages = [
        get_page(client, reverse(f"admin:careers_{model}_change", args=[o.pk]))
        for o in (short, long)
    ]
    (few_html, few_queries), (many_html, many_queries) = pages
    assert few_queries == many_queries == 7
    window = RecentSpellsFormSet.window
    fields = bench.form_fields(many_html, f"{model}_form")
    assert len(fields) < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS / 4
    assert f'name="tenures-TOTAL_FORMS" value="{window}"' in many_html
    assert f"Showing the {window} most recent of {long.tenures.count()} spells." in many_html
    assert f"?{model}__id__exact={long.pk}" in many_html
    assert 'name="tenures-TOTAL_FORMS" value="5"' in few_html and "All 5 spells shown" in few_html


def test_a_long_club_saves_with_a_change_of_manager_among_its_recent_spells(
    client, editor, clubs, make_manager
):
    club, url, data = long_club_form(client, editor, clubs)
    assert len(data) < 250
    running = club.tenures.get(ended_on__isnull=True)
    assert data["tenures-0-id"] == [str(running.pk)]  # newest first
    newcomer = make_manager()
    data |= {
        "city": ["Turin"],
        "tenures-0-ended_on": ["2030-06-30"],
        "tenures-0-departure": ["sacked"],
        "tenures-TOTAL_FORMS": ["11"],
        **{
            f"tenures-10-{key}": [value]
            for key, value in {
                "manager": newcomer.pk,
                "club": club.pk,
                "role": "head_coach",
                "started_on": "2030-07-01",
                "started_precision": "day",
                "ended_precision": "day",
            }.items()
        },
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    club.refresh_from_db()
    running.refresh_from_db()
    assert club.city == "Turin"
    assert (running.ended_on, running.departure) == (D(2030, 6, 30), "sacked")
    assert in_charge(club, D(2030, 7, 1)).manager == newcomer
    assert club.tenures.count() == 401


def test_an_overlap_among_the_recent_spells_is_refused_and_nothing_saved(client, editor, clubs):
    club, url, data = long_club_form(client, editor, clubs)
    # The second newest spell (a head coach) now runs on: into the caretaker after it.
    data |= {"tenures-1-ended_on": [""], "city": ["Elsewhere"]}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "already had a" in response.content.decode()
    club.refresh_from_db()
    assert club.city != "Elsewhere"
    assert club.tenures.filter(ended_on__isnull=True).count() == 1


def test_a_post_edits_the_spells_it_was_shown_even_after_another_was_added(
    client, editor, clubs, make_manager
):
    club, url, data = long_club_form(client, editor, clubs)
    shown = {int(data[f"tenures-{i}-id"][0]) for i in range(RecentSpellsFormSet.window)}
    oldest_shown = Tenure.objects.filter(pk__in=shown).order_by("started_on").first()
    Tenure.objects.create(
        manager=make_manager(), club=club, role="assistant", started_on=D(2031, 1, 1)
    )
    index = next(i for i in range(10) if data[f"tenures-{i}-id"] == [str(oldest_shown.pk)])
    data[f"tenures-{index}-departure"] = ["resigned"]
    assert client.post(url, data).status_code == 302
    oldest_shown.refresh_from_db()
    assert oldest_shown.departure == "resigned"


@pytest.mark.parametrize("bad_id", ["²", "x", "-1"])
def test_a_post_with_a_spell_id_that_is_not_a_number_gets_an_answer_and_saves_nothing(
    client, editor, clubs, bad_id
):
    club, url, data = long_club_form(client, editor, clubs)
    data["tenures-0-id"] = [bad_id]
    data["city"] = ["Elsewhere"]
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with its errors
    club.refresh_from_db()
    assert club.city != "Elsewhere"
