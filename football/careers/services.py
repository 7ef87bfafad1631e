"""Writes that touch several records at once, each in one transaction."""

from django.db import transaction

from .models import IN_CHARGE_ROLES, Role, Tenure


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
    roles = IN_CHARGE_ROLES if role in IN_CHARGE_ROLES else (role,)
    outgoing = (
        Tenure.objects.select_for_update()
        .filter(club=club, role__in=roles, ended_on__isnull=True, started_on__lte=started_on)
        .order_by("-started_on", "-pk")
        .first()
    )
    if outgoing is not None:
        outgoing.ended_on = predecessor_ended_on or started_on
        outgoing.ended_precision = "day"
        outgoing.departure = predecessor_departure
        outgoing.full_clean()
        outgoing.save()
    incoming = Tenure(manager=manager, club=club, role=role, started_on=started_on, notes=notes)
    incoming.full_clean()
    incoming.save()
    incoming.outgoing = outgoing
    return incoming
