"""PostgreSQL refuses overlapping spells in charge itself, even between concurrent saves."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction

from football.careers import clashes
from football.careers.forms import TenureForm
from football.careers.models import Role, Tenure
from football.careers.services import appoint

D = datetime.date
pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the exclusion constraint is PostgreSQL's"
)


def insert(club, manager, start, end=None, role=Role.HEAD_COACH, **extra):
    """Straight to the database, skipping the Python check."""
    with transaction.atomic():
        return Tenure.objects.create(
            club=club, manager=manager, role=role, started_on=start, ended_on=end, **extra
        )


@pytest.mark.django_db
class TestConstraint:
    def test_spells_in_charge_may_not_overlap_whatever_their_roles(self, make_club, make_manager):
        club = make_club()
        insert(club, make_manager(), D(2020, 1, 1))
        with pytest.raises(IntegrityError) as error:
            insert(club, make_manager(), D(2021, 1, 1), role=Role.CARETAKER)
        assert clashes.is_overlap_violation(error.value)

    def test_what_the_python_check_allows_the_constraint_allows(self, make_club, make_manager):
        club, other = make_club(), make_club()
        insert(club, make_manager(), D(2019, 6, 16), D(2020, 8, 8))
        insert(club, make_manager(), D(2020, 8, 8), D(2021, 5, 28))  # handover on the day
        insert(club, make_manager(), D(2020, 1, 1), role=Role.ASSISTANT)  # staff side by side
        insert(club, make_manager(), D(2020, 2, 1), role=Role.ASSISTANT)
        insert(other, make_manager(), D(2020, 1, 1))  # another club
        # A successor from the day the departure was announced.
        insert(
            club,
            make_manager(),
            D(2021, 5, 28),
            D(2023, 6, 30),
            departure_announced_on=D(2023, 5, 1),
        )
        insert(club, make_manager(), D(2023, 5, 1))
        # "2007 – 2008" in years may have ended before 29 May 2008.
        later = make_club()
        insert(
            later,
            make_manager(),
            D(2007, 1, 1),
            D(2008, 1, 1),
            started_precision="year",
            ended_precision="year",
        )
        insert(later, make_manager(), D(2008, 5, 29), D(2010, 4, 13))

    def test_an_uncertain_start_counts_from_its_last_possible_day(self, make_club, make_manager):
        club = make_club()
        insert(
            club, make_manager(), D(2007, 1, 1), started_precision="year"
        )  # from some day in 2007
        insert(club, make_manager(), D(2006, 1, 1), D(2007, 12, 31))
        with pytest.raises(IntegrityError):
            insert(club, make_manager(), D(2006, 1, 1), D(2008, 1, 2))


def run(target, results, key):
    try:
        results[key] = target()
    except Exception as error:  # noqa: BLE001 - reported to the test
        results[key] = error
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_two_editors_saving_overlapping_spells_at_once_one_is_told_why(make_club, make_manager):
    club = make_club(short_name="Juventus")
    first, second = make_manager(full_name="First Coach"), make_manager(full_name="Second Coach")
    written, results = threading.Event(), {}

    def form(manager, start):
        data = {
            "manager": manager.pk,
            "club": club.pk,
            "role": "head_coach",
            "started_on": start,
            "started_precision": "day",
            "ended_precision": "day",
            "contract_until_precision": "month",
        }
        return TenureForm(data)

    def editor_one():
        with transaction.atomic():  # as the admin does: validate and save in one transaction
            f = form(first, "2024-01-01")
            assert f.is_valid(), f.errors
            f.save()
            written.set()
            threading.Event().wait(0.5)  # still uncommitted while the other editor saves
        return "saved"

    def editor_two():
        written.wait(5)
        with transaction.atomic():
            f = form(second, "2024-02-01")
            if f.is_valid():
                f.save()
                return "saved"
            return " ".join(f.non_field_errors())

    threads = [
        threading.Thread(target=run, args=(editor_one, results, 1)),
        threading.Thread(target=run, args=(editor_two, results, 2)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert results[1] == "saved"
    assert results[2] == (
        "Juventus already had a head coach then: First Coach (1 January 2024 –). "
        "End that spell first, or correct the dates."
    )
    assert list(Tenure.objects.values_list("manager__full_name", flat=True)) == ["First Coach"]


@pytest.mark.django_db(transaction=True)
def test_an_appointment_racing_a_writer_that_skips_the_check_is_refused_by_name(
    make_club, make_manager
):
    club = make_club(short_name="Juventus")
    raw, appointed = make_manager(full_name="Raw Writer"), make_manager(full_name="Appointed")
    written, results = threading.Event(), {}

    def writer():
        with transaction.atomic():
            Tenure.objects.create(club=club, manager=raw, started_on=D(2024, 3, 1))
            written.set()
            threading.Event().wait(0.5)
        return "saved"

    def appointment():
        written.wait(5)
        return appoint(club=club, manager=appointed, started_on=D(2024, 2, 1))

    threads = [
        threading.Thread(target=run, args=(writer, results, 1)),
        threading.Thread(target=run, args=(appointment, results, 2)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert results[1] == "saved"
    assert isinstance(results[2], ValidationError), results[2]
    assert "Juventus already had a head coach then: Raw Writer (1 March 2024 –)" in str(results[2])
    assert list(Tenure.objects.values_list("manager__full_name", flat=True)) == ["Raw Writer"]
