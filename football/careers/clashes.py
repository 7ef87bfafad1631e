"""Overlapping spells: when two spells at one club may not run at the same time.

Dates are compared as the range of days their precision allows, so "2007" clashes
only with what certainly falls inside 2007. One spell may end on the day the next
begins, and a successor may start once a departure was announced.
"""

import datetime

from django.core.exceptions import ValidationError

from football.core.dates import latest_day, truncate


def check_clash(tenure, pending=(), ignore=()):
    """Raise a ValidationError naming the spell `tenure` clashes with, if any."""
    clash = find_clash(tenure, pending, ignore)
    if clash is not None:
        role = clash.get_role_display().lower()
        article = "an" if role[0] in "aeiou" else "a"
        raise ValidationError(
            f"{clash.club} already had {article} {role} then: "
            f"{clash.manager} ({clash.period}). End that spell first, or correct the dates.",
            code="overlap",
        )


def find_clash(tenure, pending=(), ignore=()):
    """Another spell in the same role at the same club that certainly overlaps `tenure`.

    `pending` holds spells being saved together with this one: they replace their
    stored versions. Spells whose pks are in `ignore` are being deleted.
    """
    if not (tenure.club_id and tenure.started_on and tenure.role):
        return None
    pending = [t for t in pending if t is not tenure]
    pending_pks = {t.pk for t in pending if t.pk}
    stored = type(tenure).objects.filter(club_id=tenure.club_id, role=tenure.role)
    stored = stored.exclude(pk__in=pending_pks | set(ignore))
    if tenure.pk:
        stored = stored.exclude(pk=tenure.pk)
    peers = [t for t in pending if t.club_id == tenure.club_id and t.role == tenure.role]
    for other in [*peers, *stored.select_related("manager", "club")]:
        if other.started_on and overlaps(tenure, other):
            return other
    return None


def overlaps(one, other):
    """Whether two spells certainly overlap, given their precisions and announcements."""
    never = datetime.date.max
    start_latest = latest_day(one.started_on, one.started_precision)
    other_start_latest = latest_day(other.started_on, other.started_precision)
    own_end = truncate(one.ended_on, one.ended_precision) if one.ended_on else never
    other_end = truncate(other.ended_on, other.ended_precision) if other.ended_on else never
    if other.departure_announced_on and other.departure_announced_on <= start_latest:
        other_end = min(other_end, other.departure_announced_on)
    if one.departure_announced_on and one.departure_announced_on <= other_start_latest:
        own_end = min(own_end, one.departure_announced_on)
    return start_latest < other_end and other_start_latest < own_end
