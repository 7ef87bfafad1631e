import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from football.careers.models import Club, Manager, Tenure
from football.news.models import Story
from tests.careers_helpers import in_charge

ADMIN_PAGES = [
    ("careers", "manager"),
    ("careers", "club"),
    ("careers", "tenure"),
    ("careers", "competition"),
    ("careers", "honour"),
    ("careers", "source"),
    ("news", "story"),
]


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("boss", "boss@example.com", "a long enough password")


@pytest.fixture
def editor(db):
    user = User.objects.create_user("ed", "ed@example.com", "a long enough password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.mark.parametrize(("app", "model"), ADMIN_PAGES)
def test_admin_list_add_and_change_pages_load(client, superuser, seeded, app, model):
    client.force_login(superuser)
    assert client.get(reverse(f"admin:{app}_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{app}_{model}_add")).status_code == 200
    from django.apps import apps

    obj = apps.get_model(app, model).objects.first()
    assert client.get(reverse(f"admin:{app}_{model}_change", args=[obj.pk])).status_code == 200
    assert client.get(reverse(f"admin:{app}_{model}_history", args=[obj.pk])).status_code == 200


def inline_management(prefix, total, initial):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_superuser_adds_a_manager(client, superuser):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:careers_manager_add"),
        {
            "full_name": "Luciano Spalletti",
            "short_name": "Spalletti",
            "slug": "luciano-spalletti",
            "birth_date": "1959-03-07",
            "nationality": "Italian",
            **inline_management("tenures", 0, 0),
        },
    )
    assert response.status_code == 302, response.context["adminform"].errors
    assert Manager.objects.get(slug="luciano-spalletti").short_name == "Spalletti"


def tenure_form(prefix, i, tenure=None, **fields):
    values = {
        "id": tenure.pk if tenure else "",
        "manager": tenure.manager_id if tenure else "",
        "club": tenure.club_id if tenure else "",
        "role": tenure.role if tenure else "head_coach",
        "started_on": tenure.started_on.isoformat() if tenure else "",
        "started_precision": tenure.started_precision if tenure else "day",
        "ended_on": tenure.ended_on.isoformat() if tenure and tenure.ended_on else "",
        "ended_precision": tenure.ended_precision if tenure else "day",
        "departure": tenure.departure if tenure else "",
        "departure_announced_on": "",
        "contract_until": "",
        "contract_until_precision": "month",
        "notes": tenure.notes if tenure else "",
        **fields,
    }
    return {f"{prefix}-{i}-{key}": value for key, value in values.items()}


def club_form(club):
    return {
        "name": club.name,
        "short_name": club.short_name,
        "slug": club.slug,
        "nicknames": club.nicknames,
        "country": club.country,
        "city": club.city,
        "founded": club.founded or "",
    }


def test_appointing_a_successor_in_one_save_ends_the_old_spell(
    client, superuser, make_manager, make_club
):
    club = make_club()
    old = Tenure.objects.create(
        manager=make_manager(), club=club, started_on=datetime.date(2020, 1, 1)
    )
    new_manager = make_manager()
    client.force_login(superuser)
    data = {
        **club_form(club),
        **inline_management("tenures", 2, 1),
        **tenure_form("tenures", 0, old, club=club.pk, ended_on="2023-06-30", departure="sacked"),
        **tenure_form("tenures", 1, manager=new_manager.pk, club=club.pk, started_on="2023-07-01"),
    }
    response = client.post(reverse("admin:careers_club_change", args=[club.pk]), data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    old.refresh_from_db()
    assert old.ended_on == datetime.date(2023, 6, 30)
    assert in_charge(club, datetime.date(2023, 7, 1)).manager == new_manager


def test_an_overlapping_spell_is_refused_and_nothing_is_saved(
    client, superuser, make_manager, make_club
):
    club = make_club()
    old = Tenure.objects.create(
        manager=make_manager(), club=club, started_on=datetime.date(2020, 1, 1)
    )
    client.force_login(superuser)
    data = {
        **club_form(club),
        "city": "Somewhere new",
        **inline_management("tenures", 2, 1),
        **tenure_form("tenures", 0, old, club=club.pk, notes="edited"),
        **tenure_form(
            "tenures", 1, manager=make_manager().pk, club=club.pk, started_on="2023-07-01"
        ),
    }
    response = client.post(reverse("admin:careers_club_change", args=[club.pk]), data)
    assert response.status_code == 200
    assert "already had a head coach then" in response.content.decode()
    assert Tenure.objects.filter(club=club).count() == 1
    old.refresh_from_db()
    assert old.notes == ""
    assert Club.objects.get(pk=club.pk).city == club.city


def test_standalone_tenure_form_shows_the_overlap_message(
    client, superuser, make_manager, make_club
):
    club = make_club(short_name="Juventus")
    Tenure.objects.create(
        manager=make_manager(full_name="Andrea Pirlo"),
        club=club,
        started_on=datetime.date(2020, 8, 8),
    )
    client.force_login(superuser)
    data = {
        key.split("-", 2)[2]: value
        for key, value in tenure_form(
            "x", 0, manager=make_manager().pk, club=club.pk, started_on="2021-01-01"
        ).items()
    }
    data.pop("id")
    response = client.post(reverse("admin:careers_tenure_add"), data)
    assert response.status_code == 200
    assert (
        "Juventus already had a head coach then: Andrea Pirlo (8 August 2020 –)"
        in response.content.decode()
    )
    assert Tenure.objects.count() == 1


def test_editors_can_edit_content_but_not_users(client, editor, seeded):
    client.force_login(editor)
    manager = Manager.objects.get(slug="andrea-pirlo")
    assert client.get(reverse("admin:careers_manager_change", args=[manager.pk])).status_code == 200
    assert client.get(reverse("admin:news_story_add")).status_code == 200
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403
    assert editor.has_perm("careers.add_tenure") and editor.has_perm("news.change_story")
    assert not editor.has_perm("auth.change_user") and not editor.has_perm("auth.add_group")


def test_staff_can_view_a_draft_on_site(client, editor):
    story = Story.objects.create(
        headline="Draft", slug="draft", standfirst="s", body="b", byline="x", status="draft"
    )
    assert client.get(story.get_absolute_url()).status_code == 404
    client.force_login(editor)
    assert client.get(story.get_absolute_url()).status_code == 200
