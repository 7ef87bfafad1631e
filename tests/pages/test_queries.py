"""Every reader page makes a fixed number of queries, whatever the size of the data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from football.careers.models import Club, Competition, Honour, Manager, Source, Tenure
from football.news.models import Quote, Story

pytestmark = pytest.mark.django_db

STORY = "/news/2021/05/27/allegri-set-for-juventus-return/"
# page: exact number of queries (the session and user are not loaded for anonymous readers)
BUDGET = {
    "/": 4,
    "/managers/": 3,
    "/clubs/": 3,
    "/managers/massimiliano-allegri/": 6,
    "/managers/massimiliano-allegri/?on=2021-05-27": 6,
    "/clubs/juventus/": 4,
    "/clubs/juventus/?on=2021-05-27": 4,
    "/news/": 2,
    STORY: 8,
    "/search/?q=allegri": 4,
    "/sitemap-managers.xml": 2,
    "/news/feed/": 1,
}


def grow(n=30):
    """Make every list long: more spells, honours, sources, stories and people."""
    allegri = Manager.objects.get(slug="massimiliano-allegri")
    juventus = Club.objects.get(slug="juventus")
    serie_a = Competition.objects.get(slug="serie-a")
    story = Story.objects.get(slug="allegri-set-for-juventus-return")
    start = datetime.date(1960, 1, 1)
    for i in range(n):
        club = Club.objects.create(
            name=f"Club {i}", short_name=f"Club {i}", slug=f"club-{i}", country="Italy"
        )
        coach = Manager.objects.create(
            full_name=f"Coach {i}", short_name=f"C{i}", slug=f"coach-{i}"
        )
        begin = start + datetime.timedelta(days=100 * i)
        spell = Tenure.objects.create(
            manager=allegri,
            club=club,
            started_on=begin,
            ended_on=begin + datetime.timedelta(days=90),
        )
        Honour.objects.create(
            competition=serie_a, season=f"{1960 + i}", season_start=1960 + i, tenure=spell
        )
        spell.sources.add(Source.objects.create(url=f"https://example.com/{i}", publisher=f"P{i}"))
        Tenure.objects.create(
            manager=coach,
            club=juventus,
            started_on=begin,
            ended_on=begin + datetime.timedelta(days=90),
        )
        Tenure.objects.create(
            manager=coach, club=club, started_on=begin + datetime.timedelta(days=91)
        )
        other = Story.objects.create(
            headline=f"Allegri story {i}", slug=f"allegri-{i}", standfirst="s", body="b",
            byline="b", status="published", published_at=timezone.now() - datetime.timedelta(days=i),
        )  # fmt: skip
        other.managers.add(allegri, coach)
        other.clubs.add(juventus, club)
        story.managers.add(coach)
        story.clubs.add(club)
        Quote.objects.create(story=story, speaker=f"S{i}", platform="x", text="t")


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("url", BUDGET)
def test_query_count_is_exact_and_does_not_grow_with_the_data(client, seeded, settings, url):
    # The pages' own queries; the page cache (tests/pages/test_cache.py) adds one on a
    # miss, for the next scheduled story, and none on a hit.
    settings.PAGE_CACHE = False
    assert count(client, url) == BUDGET[url], "with the seed data"
    grow()
    assert count(client, url) == BUDGET[url], "with long careers, histories and story lists"
