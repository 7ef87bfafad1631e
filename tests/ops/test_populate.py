import io
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from football.careers import clashes
from football.careers.models import (
    IN_CHARGE_ROLES,
    Club,
    Competition,
    Honour,
    Manager,
    Source,
    Tenure,
)
from football.news.models import Quote, Story

SIZES = {"managers": 60, "clubs": 8, "stories": 90}


def populate(seed=7, **sizes):
    out = io.StringIO()
    call_command("populate", **{**SIZES, **sizes}, seed=seed, stdout=out)
    return out.getvalue()


def synthetic(seed=7):
    prefix = f"synthetic-{seed}-"
    tenures = Tenure.objects.filter(manager__slug__startswith=prefix)
    return {
        "managers": list(
            Manager.objects.filter(slug__startswith=prefix)
            .order_by("slug")
            .values_list("slug", "full_name", "birth_date")
        ),
        "clubs": list(
            Club.objects.filter(slug__startswith=prefix)
            .order_by("slug")
            .values_list("slug", "name")
        ),
        "tenures": sorted(
            tenures.values_list(
                "manager__slug", "club__slug", "role", "started_on", "ended_on", "departure"
            )
        ),
        "honours": sorted(
            Honour.objects.filter(tenure__in=tenures).values_list(
                "competition__slug",
                "season",
                "result",
                "tenure__manager__slug",
                "tenure__started_on",
            )
        ),
        "stories": sorted(
            Story.objects.filter(slug__startswith=prefix).values_list(
                "slug",
                "status",
                "published_at",
                "managers__slug",
                "clubs__slug",
                "tenures__started_on",
            )
        ),
    }


def seed_snapshot():
    return {
        "managers": list(Manager.objects.exclude(slug__startswith="synthetic-").values()),
        "clubs": list(Club.objects.exclude(slug__startswith="synthetic-").values()),
        "tenures": list(Tenure.objects.exclude(manager__slug__startswith="synthetic-").values()),
        "stories": list(Story.objects.exclude(slug__startswith="synthetic-").values()),
        "honours": Honour.objects.exclude(tenure__manager__slug__startswith="synthetic-").count(),
    }


@pytest.mark.django_db
def test_populate_adds_the_requested_numbers_and_reports_progress():
    output = populate()
    assert Manager.objects.count() == 60
    assert Club.objects.count() == 8
    assert Story.objects.count() == 90
    # About ten spells each, every one of them given to somebody.
    assert Tenure.objects.count() == 600
    assert Competition.objects.count() == 6
    assert Honour.objects.exists()
    assert Quote.objects.exists()
    assert "600 / 600 spells" in output
    assert "90 / 90 stories" in output


@pytest.mark.django_db
def test_same_seed_gives_the_same_data_and_another_seed_does_not():
    populate(seed=7)
    first = synthetic(7)
    Story.objects.all().delete()
    Honour.objects.all().delete()
    Tenure.objects.all().delete()
    Manager.objects.all().delete()
    Club.objects.all().delete()
    Competition.objects.all().delete()
    Source.objects.all().delete()
    populate(seed=7)
    assert synthetic(7) == first
    populate(seed=8)
    assert synthetic(8)["tenures"] != [
        (m.replace("-7-", "-8-"), c.replace("-7-", "-8-"), *rest)
        for m, c, *rest in first["tenures"]
    ]


@pytest.mark.django_db
def test_no_club_ever_has_two_managers_in_charge_at_once():
    populate(managers=120, clubs=10, stories=0)
    by_club = defaultdict(list)
    for t in Tenure.objects.filter(role__in=IN_CHARGE_ROLES).order_by("started_on", "pk"):
        by_club[t.club_id].append(t)
    assert len(by_club) == 10
    for spells in by_club.values():
        for before, after in zip(spells, spells[1:], strict=False):
            # Chained: each spell ends the day the next begins.
            assert before.ended_on == after.started_on
        assert spells[-1].ended_on is None
    sample = Tenure.objects.order_by("?")[:40]
    assert all(clashes.find_clash(t) is None for t in sample)


@pytest.mark.django_db
def test_each_manager_holds_one_spell_at_a_time():
    populate(managers=120, clubs=10, stories=0)
    by_manager = defaultdict(list)
    for t in Tenure.objects.order_by("started_on", "pk"):
        by_manager[t.manager_id].append(t)
    for spells in by_manager.values():
        for before, after in zip(spells, spells[1:], strict=False):
            assert before.ended_on is not None
            assert before.ended_on <= after.started_on
        born = Manager.objects.get(pk=spells[0].manager_id).birth_date
        assert 30 <= (spells[0].started_on - born).days // 365 <= 51


@pytest.mark.django_db
def test_stories_link_a_spell_with_its_manager_and_club_some_drafts_some_scheduled():
    populate(stories=300)
    now = timezone.now()
    stories = Story.objects.prefetch_related("managers", "clubs", "tenures")
    for story in stories:
        (tenure,) = story.tenures.all()
        assert list(story.managers.all()) == [tenure.manager]
        assert list(story.clubs.all()) == [tenure.club]
    assert Story.objects.filter(status="draft").exists()
    scheduled = Story.objects.filter(status="published", published_at__gt=now)
    assert scheduled.exists()
    assert (
        Story.objects.published().count()
        == 300 - scheduled.count() - Story.objects.filter(status="draft").count()
    )


@pytest.mark.django_db
def test_populate_adds_to_the_seed_data_without_changing_it(seeded):
    before = seed_snapshot()
    populate()
    assert seed_snapshot() == before
    assert Manager.objects.count() == 8 + 60


@pytest.mark.django_db
def test_the_same_seed_twice_is_refused_instead_of_colliding():
    populate()
    with pytest.raises(CommandError, match="already there"):
        populate()
    assert Manager.objects.count() == 60


@pytest.mark.django_db
def test_synthetic_records_can_be_found_by_search(client):
    call_command("populate", managers=20, clubs=5, stories=10, seed=3, stdout=io.StringIO())
    manager = Manager.objects.filter(slug__startswith="synthetic-").first()
    response = client.get(reverse("pages:search"), {"q": manager.full_name.upper()})
    assert manager.full_name in response.content.decode()
