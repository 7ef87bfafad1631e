"""Writes that touch several records at once, each in one transaction."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from football.core.dates import Precision

from . import clashes
from .models import IN_CHARGE_ROLES, Role, Tenure


def outgoing_spells(club, role=Role.HEAD_COACH, started_on=None):
    """The running spells an appointment in `role` at `club` ends, latest first: for a
    head coach or caretaker, every spell in charge in either role; an assistant ends
    nobody's (assistants serve side by side). With `started_on`, only those begun by
    that day."""
    if role not in IN_CHARGE_ROLES:
        return Tenure.objects.none()
    spells = Tenure.objects.in_charge().filter(club=club, ended_on__isnull=True)
    if started_on is not None:
        spells = spells.filter(started_on__lte=started_on)
    return spells.order_by("-started_on", "-pk")


@transaction.atomic
def appoint(
    *,
    club,
    manager,
    started_on,
    role=Role.HEAD_COACH,
    predecessor_departure="",
    predecessor_ended_on=None,
    notes="",
):
    """Appoint `manager` at `club`, ending every spell in charge there that is still
    running (for a head coach or caretaker; see `outgoing_spells`).

    The outgoing spells end the day the new one starts (or `predecessor_ended_on`)
    with the given departure. All are validated before anything is saved; a
    ValidationError leaves the database as it was. Returns the new spell; its
    `outgoing` attribute lists the spells that were ended, latest first.
    """
    # Taken first, so a concurrent appointment at this club waits for this one.
    clashes.lock_clubs(Tenure, [club.pk])
    outgoing = list(outgoing_spells(club, role, started_on).select_related("manager", "club"))
    for spell in outgoing:
        spell.ended_on = predecessor_ended_on or started_on
        spell.ended_precision = Precision.DAY
        spell.departure = predecessor_departure
        spell.full_clean()
    incoming = Tenure(manager=manager, club=club, role=role, started_on=started_on, notes=notes)
    incoming.full_clean()
    incoming.check_clash(pending=outgoing)
    try:
        with transaction.atomic():
            for spell in outgoing:
                spell.save()
            incoming.save()
    except IntegrityError as error:
        if not clashes.is_overlap_violation(error):
            raise
        # A writer that skipped the check got in first: name its spell if it can be seen.
        incoming.check_clash(pending=outgoing)
        raise ValidationError(
            f"Another spell in charge at {club} overlaps these dates. Reload the club's "
            "spells and try again.",
            code="overlap",
        ) from error
    incoming.outgoing = outgoing
    return incoming
