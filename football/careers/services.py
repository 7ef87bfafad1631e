"""Writes that touch several records at once, each in one transaction."""

from django.db import transaction

from football.core.dates import Precision

from .models import IN_CHARGE_ROLES, Role, Tenure


def outgoing_spells(club, role=Role.HEAD_COACH, started_on=None):
    """The running spells an appointment in `role` at `club` would end, latest first:
    for a head coach or caretaker, whoever is in charge in either role; for another
    role, whoever holds it. With `started_on`, only those begun by that day."""
    roles = IN_CHARGE_ROLES if role in IN_CHARGE_ROLES else (role,)
    spells = Tenure.objects.filter(club=club, role__in=roles, ended_on__isnull=True)
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
    """Appoint `manager` at `club`, ending the spell of whoever is in that role there
    (for a head coach or caretaker: whoever is in charge, in either role).

    The outgoing spell ends the day the new one starts (or `predecessor_ended_on`)
    with the given departure. Both are validated before anything is saved; a
    ValidationError leaves the database as it was. Returns the new spell; its
    `outgoing` attribute is the spell that was ended, or None.
    """
    outgoing = outgoing_spells(club, role, started_on).select_for_update().first()
    if outgoing is not None:
        outgoing.ended_on = predecessor_ended_on or started_on
        outgoing.ended_precision = Precision.DAY
        outgoing.departure = predecessor_departure
        outgoing.full_clean()
        outgoing.check_clash()
        outgoing.save()
    incoming = Tenure(manager=manager, club=club, role=role, started_on=started_on, notes=notes)
    incoming.full_clean()
    incoming.check_clash()
    incoming.save()
    incoming.outgoing = outgoing
    return incoming
