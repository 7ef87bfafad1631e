"""The club admin's "Appoint a manager" page: a change of manager in one step."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from football.careers.models import Club, Tenure
from tests.careers_helpers import in_charge, predecessor
from tests.pages_helpers import text

D = datetime.date


@pytest.fixture
def editor(db):
    user = User.objects.create_user("ed", "ed@example.com", "a long enough password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def juventus(seeded):
    return Club.objects.get(slug="juventus")


def appoint_url(club):
    return reverse("admin:careers_club_appoint", args=[club.pk])


def allegri_now():
    return Tenure.objects.get(manager__slug="massimiliano-allegri", started_on=D(2021, 5, 28))


def test_the_club_change_page_links_to_it(client, editor, juventus):
    client.force_login(editor)
    page = client.get(reverse("admin:careers_club_change", args=[juventus.pk])).content.decode()
    assert f'href="{appoint_url(juventus)}">Appoint a manager</a>' in page


def test_the_form_names_who_is_in_charge(client, editor, juventus):
    client.force_login(editor)
    response = client.get(appoint_url(juventus))
    assert response.status_code == 200
    page = text(response)
    assert "Appoint a manager at Juventus" in page
    assert "In charge now: Massimiliano Allegri (head coach since 28 May 2021)" in page


def test_an_appointment_ends_the_current_spell_and_starts_the_new_one(
    client, editor, juventus, make_manager
):
    newcomer = make_manager(full_name="Thiago Motta", slug="thiago-motta")
    client.force_login(editor)
    response = client.post(
        appoint_url(juventus),
        {
            "manager": newcomer.pk,
            "role": "head_coach",
            "started_on": "2024-06-12",
            "predecessor_departure": "sacked",
            "predecessor_ended_on": "2024-05-17",
            "notes": "Three-year contract.",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse(
        "admin:careers_club_change", args=[juventus.pk]
    )
    assert (
        "Thiago Motta appointed head coach of Juventus from 12 June 2024. "
        "Massimiliano Allegri's spell ended on 17 May 2024."
    ) in text(response)
    ended = allegri_now()
    assert (ended.ended_on, ended.departure) == (D(2024, 5, 17), "sacked")
    new = Tenure.objects.get(manager=newcomer)
    assert (new.club, new.role, new.started_on, new.notes) == (
        juventus,
        "head_coach",
        D(2024, 6, 12),
        "Three-year contract.",
    )
    assert predecessor(new) == ended
    # Both changes are revisions by the editor.
    assert ended.history.latest().history_user == editor
    assert new.history.latest().history_user == editor
    assert in_charge(juventus, D(2024, 7, 1)) == new


def test_a_caretaker_is_replaced_by_the_new_head_coach(client, editor, juventus, make_manager):
    caretaker, coach = make_manager(), make_manager()
    client.force_login(editor)
    for manager, role, day in [
        (caretaker, "caretaker", "2024-05-18"),
        (coach, "head_coach", "2024-06-12"),
    ]:
        response = client.post(
            appoint_url(juventus),
            {"manager": manager.pk, "role": role, "started_on": day},
        )
        assert response.status_code == 302
    interim = Tenure.objects.get(manager=caretaker)
    assert interim.ended_on == D(2024, 6, 12)
    assert allegri_now().ended_on == D(2024, 5, 18)
    assert in_charge(juventus, D(2024, 6, 13)).manager == coach


def test_an_impossible_appointment_is_explained_and_saves_nothing(
    client, editor, juventus, make_manager
):
    client.force_login(editor)
    before = Tenure.objects.count()
    # A start before Allegri's current spell began: it would end before it started.
    response = client.post(
        appoint_url(juventus),
        {"manager": make_manager().pk, "role": "head_coach", "started_on": "2021-01-01"},
    )
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert Tenure.objects.count() == before
    assert allegri_now().ended_on is None


def test_an_overlapping_spell_is_refused_with_the_clash_named(
    client, editor, juventus, make_manager
):
    before = sorted(Tenure.objects.values_list("pk", "ended_on"))
    client.force_login(editor)
    # A caretaker from January 2021 would run into Pirlo's spell as head coach.
    response = client.post(
        appoint_url(juventus),
        {"manager": make_manager().pk, "role": "caretaker", "started_on": "2021-01-01"},
    )
    assert response.status_code == 200
    page = text(response)
    assert "Please correct the errors below." in page
    assert (
        "Juventus already had a head coach then: Andrea Pirlo (8 August 2020 – 28 May 2021)."
        in page
    )
    assert sorted(Tenure.objects.values_list("pk", "ended_on")) == before


def test_an_assistant_joins_the_staff_and_ends_nobody(client, editor, juventus, make_manager):
    Tenure.objects.create(
        manager=make_manager(), club=juventus, role="assistant", started_on=D(2022, 1, 1)
    )
    client.force_login(editor)
    response = client.post(
        appoint_url(juventus),
        {"manager": make_manager().pk, "role": "assistant", "started_on": "2021-12-01"},
    )
    assert response.status_code == 302
    assert juventus.tenures.filter(role="assistant", ended_on__isnull=True).count() == 2
    assert allegri_now().ended_on is None


@pytest.mark.parametrize(
    "data",
    [
        {"role": "head_coach", "started_on": "2024-06-12"},  # no manager
        {"manager": "999999", "role": "head_coach", "started_on": "2024-06-12"},
        {"manager": "1", "role": "chairman", "started_on": "2024-06-12"},
        {"manager": "1", "role": "head_coach", "started_on": "12/13/2024"},
        {"manager": "1", "role": "head_coach", "started_on": "2024-02-30"},
    ],
)
def test_malformed_input_is_a_form_error(client, editor, juventus, data):
    client.force_login(editor)
    before = Tenure.objects.count()
    response = client.post(appoint_url(juventus), data)
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert Tenure.objects.count() == before


def test_staff_without_the_permissions_are_refused(client, juventus):
    user = User.objects.create_user("viewer", password="a long enough password", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="view_club"), Permission.objects.get(codename="change_club")
    )
    client.force_login(user)
    assert client.get(appoint_url(juventus)).status_code == 403


def test_an_unknown_club_goes_back_to_the_admin_with_a_message(client, editor, seeded):
    client.force_login(editor)
    response = client.get(reverse("admin:careers_club_appoint", args=[999999]), follow=True)
    assert response.status_code == 200
    assert "doesn’t exist" in response.content.decode() or "doesn't exist" in text(response)
