"""No page knows the future: Allegri's profile, Juventus's page and a story's cards,
seen on days across his career, show only what was true on each day."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from football.careers.models import Club, Honour, Manager, Tenure
from football.news.models import Story
from tests.pages_helpers import html, jsonld, text

D = datetime.date
pytestmark = pytest.mark.django_db

# Each day: what Allegri's profile must show, and what it must not (yet) show.
PROFILE = {
    # Before his first spell.
    D(2003, 6, 1): (
        ["No managerial spells recorded by then", "Age 35 on 1 June 2003"],
        ["Aglianese", "Serie A 2010–11", "Honours"],
    ),
    # First day at Cagliari. Sassuolo's title is dated only "May 2008": not yet certain.
    D(2008, 5, 29): (
        ["Head coach of Cagliari since 29 May 2008", "29 May 2008 In post 0 days"],
        ["13 April 2010", "Sacked", "25 June 2010", "Serie A 2010–11", "Serie C1 2007–08"],
    ),
    D(2008, 6, 15): (
        ["29 May 2008 In post 17 days", "Serie C1 2007–08 (Promoted to Serie B)"],
        ["13 April 2010", "Serie A 2010–11", "Allegri set for Juventus return"],
    ),
    # Inside the first Juventus spell: time served so far, honours won so far.
    D(2016, 1, 1): (
        [
            "Head coach of Juventus since 16 July 2014",
            "16 July 2014 In post 1 year, 169 days",
            "after Antonio Conte",
            "Serie A 2014–15",
            "Coppa Italia 2014–15",
            "Supercoppa Italiana 2015",
            "UEFA Champions League 2014–15 (Runners-up)",
            "Serie A 2010–11",
        ],
        [
            "4 years, 349 days",
            "30 June 2019",
            "Serie A 2015–16",
            "Coppa Italia 2015–16",
            "Supercoppa Italiana 2018",
            "UEFA Champions League 2016–17",
            "Maurizio Sarri",
            "after Antonio Conte;",
        ],
    ),
    # His last day at Juventus: still in charge, the spell ends that day.
    D(2019, 6, 30): (
        [
            "Head coach of Juventus since 16 July 2014, until 30 June 2019 (left by mutual consent)",
            "before Maurizio Sarri",
            "Serie A 2018–19",
            "Supercoppa Italiana 2018",
        ],
        ["Out of work", "Andrea Pirlo", "28 May 2021"],
    ),
    # Between spells.
    D(2020, 1, 1): (
        [
            "Out of work since 30 June 2019, after leaving Juventus",
            "16 July 2014 30 June 2019 4 years, 349 days Left by mutual consent",
        ],
        ["In post", "28 May 2021", "Andrea Pirlo"],
    ),
    # The day before his return: the story's day.
    D(2021, 5, 27): (
        ["Age 53 on 27 May 2021", "Out of work since 30 June 2019, after leaving Juventus"],
        ["In post", "28 May 2021"],
    ),
    # Long after the last confirmation of his second Juventus spell.
    D(2023, 1, 1): (
        [
            "Head coach of Juventus since 28 May 2021 (last confirmed 28 May 2021)",
            "28 May 2021 In post last confirmed 28 May 2021",
            "after Andrea Pirlo",
        ],
        ["Out of work"],
    ),
}

# Juventus's page on the same days: who was in charge, whose honours were won.
CLUB = {
    D(2003, 6, 1): (["No managers recorded by 1 June 2003"], ["Antonio Conte"]),
    D(2008, 5, 29): (["No managers recorded by 29 May 2008"], ["Allegri", "Conte"]),
    D(2016, 1, 1): (
        [
            "Massimiliano Allegri (head coach since 16 July 2014)",
            "Serie A 2013–14",  # Conte's
            "Serie A 2014–15",
            "Supercoppa Italiana 2015",
        ],
        ["Maurizio Sarri", "Serie A 2015–16", "Coppa Italia 2015–16", "4 years, 349 days"],
    ),
    D(2019, 6, 30): (
        ["Maurizio Sarri (head coach since 16 June 2019)", "Serie A 2018–19"],
        ["Serie A 2019–20", "Andrea Pirlo"],
    ),
    D(2020, 1, 1): (
        ["Maurizio Sarri (head coach since 16 June 2019)", "Supercoppa Italiana 2018"],
        ["Serie A 2019–20", "8 August 2020", "Andrea Pirlo"],
    ),
    D(2021, 5, 27): (
        [
            "Andrea Pirlo (head coach since 8 August 2020)",
            "Coppa Italia 2020–21",
            "Supercoppa Italiana 2020",
            "Serie A 2019–20",
        ],
        ["28 May 2021"],
    ),
    D(2023, 1, 1): (
        ["Massimiliano Allegri (head coach since 28 May 2021; last confirmed 28 May 2021)"],
        [],
    ),
}


def page_text(client, name, slug, on):
    return text(client.get(reverse(name, args=[slug]), {"on": on.isoformat()}))


@pytest.mark.parametrize("on", list(PROFILE), ids=str)
def test_the_profile_on_a_day(client, seeded, on):
    page = page_text(client, "careers:manager_detail", "massimiliano-allegri", on)
    shown, hidden = PROFILE[on]
    for words in shown:
        assert words in page, f"{words!r} missing on {on}"
    for words in hidden:
        assert words not in page, f"{words!r} shown on {on}, before it was true"


@pytest.mark.parametrize("on", list(CLUB), ids=str)
def test_the_club_page_on_a_day(client, seeded, on):
    page = page_text(client, "careers:club_detail", "juventus", on)
    shown, hidden = CLUB[on]
    for words in shown:
        assert words in page, f"{words!r} missing on {on}"
    for words in hidden:
        assert words not in page, f"{words!r} shown on {on}, before it was true"


def test_the_timeline_stops_at_the_day(client, seeded):
    response = client.get(
        reverse("careers:manager_detail", args=["massimiliano-allegri"]), {"on": "2016-01-01"}
    )
    svg = re.search(r"<svg.*?</svg>", html(response), re.S).group(0)
    assert "<title>Juventus, 16 July 2014 –</title>" in svg  # open, not "– 30 June 2019"
    assert "2019" not in svg and "2021" not in svg
    assert svg.count("tl-open") == 1


def test_structured_data_follows_the_day(client, seeded):
    url = reverse("careers:manager_detail", args=["massimiliano-allegri"])
    (person,) = jsonld(client.get(url, {"on": "2016-01-01"}), "Person")
    assert person["worksFor"]["name"] == "Juventus Football Club"
    (person,) = jsonld(client.get(url, {"on": "2020-01-01"}), "Person")
    assert "worksFor" not in person
    (team,) = jsonld(
        client.get(reverse("careers:club_detail", args=["juventus"]), {"on": "2020-01-01"}),
        "SportsTeam",
    )
    assert team["coach"]["name"] == "Maurizio Sarri"


def test_an_honour_with_a_partial_date_counts_once_its_period_is_over(seeded):
    honour = Honour.objects.get(competition__slug="serie-c1")
    assert honour.won_display == "May 2008"
    assert not honour.won_by(D(2008, 5, 30))
    assert honour.won_by(D(2008, 5, 31))


# The story's who's-who cards, for stories published on days across his career.
CARDS = {
    D(2016, 1, 1): [
        "Aged 48. Head coach of Juventus since 16 July 2014.",
        "Head coach: Massimiliano Allegri, since 16 July 2014.",
    ],
    D(2019, 6, 30): [
        "Head coach of Juventus since 16 July 2014, until 30 June 2019 (left by mutual consent).",
        "Head coach: Maurizio Sarri, since 16 June 2019.",
    ],
    D(2020, 1, 1): [
        "Aged 52. Out of work since 30 June 2019, after leaving Juventus.",
        "Head coach: Maurizio Sarri, since 16 June 2019.",
    ],
    # Sassuolo's spell is known to end in 2008 only: the card says no more than that.
    D(2008, 5, 1): [
        "Aged 40. Out of work since 2008, after leaving Sassuolo.",
        "No manager in charge recorded.",
    ],
}


@pytest.mark.parametrize("on", list(CARDS), ids=str)
def test_a_storys_cards_on_its_day(client, seeded, on):
    story = Story.objects.create(
        headline=f"Story of {on}",
        slug=f"story-{on}",
        standfirst="s",
        body="b",
        byline="Staff",
        status=Story.Status.PUBLISHED,
        published_at=timezone.make_aware(datetime.datetime.combine(on, datetime.time(12))),
    )
    story.managers.add(Manager.objects.get(slug="massimiliano-allegri"))
    story.clubs.add(Club.objects.get(slug="juventus"))
    page = text(client.get(story.get_absolute_url()))
    for words in CARDS[on]:
        assert words in page, f"{words!r} missing from the cards of {on}"
    assert "Sarri" not in page if on < D(2019, 6, 16) else True


def test_todays_pages_are_unchanged_by_the_rule(client, seeded):
    """Seen today, every spell and honour shows, as before."""
    page = text(client.get(reverse("careers:manager_detail", args=["massimiliano-allegri"])))
    assert "16 July 2014 30 June 2019 4 years, 349 days Left by mutual consent" in page
    assert Honour.objects.filter(tenure__manager__slug="massimiliano-allegri").count() == 16
    for honour in Honour.objects.filter(tenure__manager__slug="massimiliano-allegri"):
        assert str(honour) in page
    assert Tenure.objects.filter(manager__slug="massimiliano-allegri").count() == 9


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
@pytest.mark.parametrize(
    "url", ["/managers/massimiliano-allegri/", "/clubs/juventus/", "/managers/andrea-pirlo/"]
)
def test_the_first_and_last_days_a_date_can_name_are_answered(client, seeded, url, day):
    response = client.get(url, {"on": day})
    assert response.status_code == 200
