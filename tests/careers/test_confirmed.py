"""A running spell last confirmed on some day: pages after that day claim no more."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from football.careers.models import Tenure
from football.careers.timeline import build_timeline
from tests.pages_helpers import jsonld, text

D = datetime.date
pytestmark = pytest.mark.django_db


def test_a_running_spell_is_unconfirmed_only_after_its_last_confirmation(make_tenure):
    spell = make_tenure(started_on=D(2021, 5, 28), confirmed_on=D(2021, 6, 30))
    assert spell.unconfirmed_after(D(2021, 6, 30)) is None
    assert spell.unconfirmed_after(D(2021, 7, 1)) == D(2021, 6, 30)
    spell.ended_on = D(2022, 1, 1)
    assert spell.unconfirmed_after(D(2023, 1, 1)) is None  # its end is known
    assert make_tenure(started_on=D(2021, 5, 28)).unconfirmed_after(D(2030, 1, 1)) is None


def test_its_length_is_a_lower_bound(make_tenure):
    spell = make_tenure(started_on=D(2020, 5, 28), confirmed_on=D(2021, 6, 1))
    assert spell.length_on(D(2021, 6, 1)) == "1 year, 4 days"
    assert spell.length_on(D(2024, 1, 1)) == "at least 1 year, 4 days"
    same_day = make_tenure(started_on=D(2021, 5, 28), confirmed_on=D(2021, 5, 28))
    assert same_day.length_on(D(2024, 1, 1)) == ""


def test_a_spell_seen_on_a_day_has_the_length_of_that_day(make_tenure):
    """see_on's `length`, worked out when read, is that of the last day it was seen on."""
    from football.careers.models import asof

    spell = make_tenure(started_on=D(2020, 5, 28), confirmed_on=D(2021, 6, 1))
    assert asof.see_on(spell, D(2021, 6, 1)).length == "1 year, 4 days"
    assert asof.see_on(spell, D(2024, 1, 1)).length == "at least 1 year, 4 days"
    assert asof.see_on(spell, D(2020, 6, 1)).length == "4 days"


def test_confirmed_before_it_started_is_refused(make_tenure):
    spell = make_tenure(started_on=D(2021, 5, 28))
    spell.confirmed_on = D(2021, 5, 27)
    with pytest.raises(ValidationError) as error:
        spell.full_clean()
    assert error.value.message_dict["confirmed_on"] == [
        "A spell cannot be confirmed running before it started."
    ]


def test_the_timeline_draws_it_only_as_far_as_it_is_known(make_tenure):
    known = make_tenure(started_on=D(2019, 1, 1), ended_on=D(2020, 12, 31))
    open_spell = make_tenure(started_on=D(2021, 1, 1), confirmed_on=D(2021, 7, 1))
    drawn = build_timeline([known, open_spell], lambda t: "x", D(2026, 11, 24))
    assert drawn.ticks[-1].year <= 2022  # the axis stops at what is known
    year_width = (drawn.ticks[1].x - drawn.ticks[0].x) / (drawn.ticks[1].year - drawn.ticks[0].year)
    assert drawn.bars[1].width == pytest.approx(year_width * 181 / 365, abs=2)
    unbounded = make_tenure(started_on=D(2021, 1, 1))
    assert build_timeline([known, unbounded], lambda t: "x", D(2026, 11, 24)).ticks[-1].year >= 2026


def test_the_seed_records_the_world_as_of_28_may_2021(seeded):
    (running,) = Tenure.objects.filter(ended_on__isnull=True)
    assert (running.manager.slug, running.club.slug) == ("massimiliano-allegri", "juventus")
    assert running.confirmed_on == D(2021, 5, 28)


def test_pages_say_when_a_running_spell_was_last_confirmed(client, seeded):
    profile = text(client.get("/managers/massimiliano-allegri/"))
    assert "Head coach of Juventus since 28 May 2021 (last confirmed 28 May 2021)" in profile
    assert "In post last confirmed 28 May 2021" in profile
    club = text(client.get("/clubs/juventus/"))
    assert "Massimiliano Allegri (head coach since 28 May 2021; last confirmed 28 May 2021)" in club
    assert "Head coach, Juventus (last confirmed 28 May 2021)" in text(client.get("/managers/"))
    assert "Massimiliano Allegri (last confirmed 28 May 2021)" in text(client.get("/clubs/"))


def test_up_to_the_day_it_was_confirmed_nothing_is_added(client, seeded):
    profile = text(client.get("/managers/massimiliano-allegri/?on=2021-05-28"))
    assert "Head coach of Juventus since 28 May 2021" in profile
    assert "last confirmed" not in profile
    assert "last confirmed" not in text(client.get("/clubs/juventus/?on=2021-05-28"))


def test_structured_data_names_a_job_only_while_the_records_confirm_it(client, seeded):
    def person(on=None):
        url = "/managers/massimiliano-allegri/" + (f"?on={on}" if on else "")
        (data,) = jsonld(client.get(url), "Person")
        return data

    def team(on=None):
        (data,) = jsonld(client.get("/clubs/juventus/" + (f"?on={on}" if on else "")), "SportsTeam")
        return data

    assert person("2021-05-28")["worksFor"]["name"] == "Juventus Football Club"
    assert team("2021-05-28")["coach"]["name"] == "Massimiliano Allegri"
    assert person("2016-01-01")["worksFor"]["name"] == "Juventus Football Club"
    assert "worksFor" not in person()
    assert "coach" not in team()
