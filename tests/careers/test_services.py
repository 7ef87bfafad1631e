import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from football.careers.models import Club, Manager, Tenure
from football.careers.services import appoint
from tests.careers_helpers import in_charge, predecessor, standing

D = datetime.date
pytestmark = pytest.mark.django_db


def test_appointing_ends_the_current_spell_and_starts_the_new_one(seeded, make_manager):
    juventus = Club.objects.get(slug="juventus")
    newcomer = make_manager(full_name="New Coach")
    spell = appoint(
        club=juventus, manager=newcomer, started_on=D(2023, 6, 1), predecessor_departure="sacked"
    )
    allegri = Tenure.objects.get(club=juventus, started_on=D(2021, 5, 28))
    assert (allegri.ended_on, allegri.departure) == (D(2023, 6, 1), "sacked")
    assert in_charge(juventus, D(2023, 6, 2)) == spell
    assert predecessor(spell) == allegri


def test_a_failed_appointment_saves_nothing(seeded, make_manager):
    juventus = Club.objects.get(slug="juventus")
    # Before the current spell began: the outgoing spell would end before it started.
    with pytest.raises(ValidationError):
        appoint(club=juventus, manager=make_manager(), started_on=D(2021, 1, 1))
    allegri = Tenure.objects.get(club=juventus, started_on=D(2021, 5, 28))
    assert allegri.ended_on is None
    assert Tenure.objects.filter(club=juventus).count() == 5
    assert standing(Manager.objects.get(slug="massimiliano-allegri")).current == allegri


@pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="PostgreSQL's constraint never lets two spells in charge run at once",
)
def test_appointing_ends_every_spell_in_charge_still_running(make_club, make_manager):
    club = make_club()
    coach = Tenure.objects.create(manager=make_manager(), club=club, started_on=D(2020, 1, 1))
    caretaker = Tenure.objects.create(
        manager=make_manager(), club=club, role="caretaker", started_on=D(2022, 1, 1)
    )
    assistant = Tenure.objects.create(
        manager=make_manager(), club=club, role="assistant", started_on=D(2020, 1, 1)
    )
    spell = appoint(club=club, manager=make_manager(), started_on=D(2023, 1, 1))
    assert spell.outgoing == [caretaker, coach]
    for ended in (coach, caretaker):
        ended.refresh_from_db()
        assert ended.ended_on == D(2023, 1, 1)
    assistant.refresh_from_db()
    assert assistant.ended_on is None
