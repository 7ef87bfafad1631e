import datetime
import io

import pytest
from django.core.management import call_command

from football.careers.models import Club, Competition, Honour, Manager, Source, Tenure
from football.news.models import Quote, Story

MODELS = [Club, Manager, Tenure, Competition, Honour, Source, Story, Quote]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def history_counts():
    return {
        model.__name__: model.history.count() for model in [Club, Manager, Tenure, Honour, Story]
    }


@pytest.mark.django_db
def test_seed_loads_every_record_once_and_a_second_run_changes_nothing():
    call_command("seed", stdout=io.StringIO())
    first = counts()
    assert first == {
        "Club": 11,
        "Manager": 8,
        "Tenure": 18,
        "Competition": 5,
        "Honour": 23,
        "Source": 10,
        "Story": 1,
        "Quote": 1,
    }
    revisions = history_counts()
    modified = {m.slug: m.modified for m in Manager.objects.all()}
    call_command("seed", stdout=io.StringIO())
    assert counts() == first
    assert history_counts() == revisions
    assert {m.slug: m.modified for m in Manager.objects.all()} == modified


@pytest.mark.django_db
def test_seed_restores_a_changed_seed_value(seeded):
    Club.objects.filter(slug="juventus").update(founded=1900)
    call_command("seed", stdout=io.StringIO())
    assert Club.objects.get(slug="juventus").founded == 1897


@pytest.mark.django_db
def test_allegris_spells_in_order(seeded):
    allegri = Manager.objects.get(slug="massimiliano-allegri")
    spells = [
        (t.club.short_name, t.started_display, t.ended_display) for t in allegri.tenures.all()
    ]
    assert spells == [
        ("Aglianese", "2004", "2005"),
        ("SPAL", "2004", "2005"),
        ("Grosseto", "2005", "2007"),
        ("Udinese", "2007", "2007"),
        ("Sassuolo", "2007", "2008"),
        ("Cagliari", "29 May 2008", "13 April 2010"),
        ("Milan", "25 June 2010", "13 January 2014"),
        ("Juventus", "16 July 2014", "30 June 2019"),
        ("Juventus", "28 May 2021", ""),
    ]


@pytest.mark.django_db
def test_allegris_honours(seeded):
    honours = Honour.objects.filter(tenure__manager__slug="massimiliano-allegri")
    assert honours.filter(competition__slug="serie-a", result="winners").count() == 6
    assert honours.filter(competition__slug="coppa-italia").count() == 4
    assert honours.filter(competition__slug="supercoppa-italiana").count() == 3
    finals = honours.filter(competition__slug="uefa-champions-league")
    assert sorted(h.season for h in finals) == ["2014–15", "2016–17"]
    assert {h.result for h in finals} == {"runners_up"}


@pytest.mark.django_db
def test_the_story_is_published_reported_and_linked(seeded):
    story = Story.objects.get()
    assert story.status == "published" and story.reliability == "reported"
    assert story.published_at.date() == datetime.date(2021, 5, 27)
    reported = story.tenures.get(manager__slug="massimiliano-allegri")
    assert reported.started_on == datetime.date(2021, 5, 28) and reported.ended_on is None
    assert story.quotes.get().handle == "FabrizioRomano"
    assert story.sources.count() == 2
    # The original report's mistakes are not repeated.
    assert "Zinedine Zinedine" not in story.body
    assert "first championship title in 2004" not in story.body
