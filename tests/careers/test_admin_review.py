"""The editors' review queue: running spells to confirm, oldest first."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from football.careers.models import Tenure

D = datetime.date
QUEUE = "admin:careers_spelltoconfirm_changelist"


@pytest.fixture
def editor(db):
    user = User.objects.create_user("ed", "ed@example.com", "a long enough password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def spells(make_tenure):
    return {
        "never": make_tenure(started_on=D(2022, 1, 1)),
        "stale": make_tenure(started_on=D(2015, 1, 1), confirmed_on=D(2023, 1, 1)),
        "staler": make_tenure(started_on=D(2020, 1, 1), confirmed_on=D(2022, 6, 1)),
        "recent": make_tenure(started_on=D(2010, 1, 1), confirmed_on=D(2024, 5, 1)),
        "ended": make_tenure(started_on=D(2010, 1, 1), ended_on=D(2012, 1, 1)),
    }


@time_machine.travel(datetime.datetime(2024, 6, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_the_queue_lists_running_spells_not_confirmed_lately_oldest_first(client, editor, spells):
    client.force_login(editor)
    response = client.get(reverse(QUEUE))
    assert response.status_code == 200
    listed = list(response.context["cl"].result_list)
    assert listed == [spells["never"], spells["staler"], spells["stale"]]


@time_machine.travel(datetime.datetime(2024, 6, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_the_age_that_counts_as_stale_is_a_setting(client, editor, spells, settings):
    settings.SPELLS_CONFIRM_AFTER_DAYS = 30
    client.force_login(editor)
    listed = list(client.get(reverse(QUEUE)).context["cl"].result_list)
    assert spells["recent"] in listed and spells["ended"] not in listed


@time_machine.travel(datetime.datetime(2024, 6, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_confirmed_today_is_a_revision_by_the_editor(client, editor, spells):
    client.force_login(editor)
    chosen = [spells["never"], spells["stale"]]
    response = client.post(
        reverse(QUEUE),
        {"action": "confirm_today", "_selected_action": [s.pk for s in chosen]},
        follow=True,
    )
    assert "2 spells confirmed as of today." in response.content.decode()
    for spell in chosen:
        spell.refresh_from_db()
        assert spell.confirmed_on == D(2024, 6, 1)
        revision = spell.history.order_by("-history_id").first()  # time is frozen
        assert (revision.history_user, revision.history_change_reason) == (
            editor,
            "Confirmed still running",
        )
    listed = list(client.get(reverse(QUEUE)).context["cl"].result_list)
    assert listed == [spells["staler"]]


def test_staff_without_permission_on_spells_cannot_see_or_confirm(client, spells):
    user = User.objects.create_user("viewer", password="a long enough password", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_club"))
    client.force_login(user)
    assert client.get(reverse(QUEUE)).status_code == 403
    response = client.post(
        reverse(QUEUE), {"action": "confirm_today", "_selected_action": [spells["never"].pk]}
    )
    assert response.status_code == 403
    assert Tenure.objects.get(pk=spells["never"].pk).confirmed_on is None


def test_a_viewer_of_spells_sees_the_queue_but_cannot_confirm(client, spells):
    user = User.objects.create_user("viewer", password="a long enough password", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_tenure"))
    client.force_login(user)
    response = client.get(reverse(QUEUE))
    assert response.status_code == 200
    assert "confirm_today" not in response.content.decode()
    client.post(
        reverse(QUEUE), {"action": "confirm_today", "_selected_action": [spells["never"].pk]}
    )
    assert Tenure.objects.get(pk=spells["never"].pk).confirmed_on is None
