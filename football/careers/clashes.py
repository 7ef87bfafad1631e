"""Overlapping spells: nobody else in charge of a club's first team at the same time.

Spells in charge (head coach or caretaker) at one club may not overlap, whatever their
roles; assistants may serve side by side. Dates are compared as the range of days their
precision allows, so "2007" clashes only with what certainly falls inside 2007. One
spell may end on the day the next begins, and a successor may start once a departure
was announced.

The check runs in Python, with a message naming the clash, inside the transaction that
writes: it first locks the club's row, so two editors saving spells at one club take
turns and the second one sees what the first saved. On PostgreSQL an exclusion
constraint (`InChargeExclusion`) refuses an overlap even from a writer that skips the
check; `is_overlap_violation()` recognises its error so callers can show the message.
"""

import datetime

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Func, Q

from football.core.dates import latest_day, truncate

CONSTRAINT_NAME = "in_charge_spells_never_overlap"


def check_clash(tenure, pending=(), ignore=()):
    """Raise a ValidationError naming the spell `tenure` clashes with, if any."""
    clash = find_clash(tenure, pending, ignore)
    if clash is not None:
        raise clash_error(clash)


def find_clash(tenure, pending=(), ignore=()):
    """The spell `tenure` clashes with, or None."""
    return next((other for _, other in find_clashes([tenure], pending, ignore)), None)


def find_clashes(tenures, pending=(), ignore=()):
    """(tenure, the spell it clashes with) for each of `tenures` that clashes.

    `pending` holds spells being saved together with these: they replace their stored
    versions. Spells whose pks are in `ignore` are being deleted. Each club involved is
    locked, then its stored spells are read once, however many of its spells are checked.
    """
    pending = [*pending, *(t for t in tenures if t not in pending)]
    checked = [t for t in tenures if t.club_id and t.started_on and t.is_in_charge]
    if not checked:
        return []
    model = type(checked[0])
    club_ids = sorted({t.club_id for t in checked})
    lock_clubs(model, club_ids)
    replaced = {t.pk for t in pending if t.pk} | set(ignore)
    earliest = min(t.started_on for t in checked)
    stored = (
        model.objects.in_charge()
        .filter(club_id__in=club_ids)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=earliest))
        .exclude(pk__in=replaced)
        .select_related("manager", "club")
    )
    others = [*(t for t in pending if t.is_in_charge and t.started_on), *stored]
    found = []
    for tenure in checked:
        for other in others:
            if other is not tenure and other.club_id == tenure.club_id and overlaps(tenure, other):
                found.append((tenure, other))
                break
    return found


def lock_clubs(model, club_ids):
    """Hold the clubs' rows until the transaction ends (a no-op on SQLite, whose writers
    take turns anyway, and outside a transaction, where no write follows)."""
    if transaction.get_connection().in_atomic_block:
        club_model = model._meta.get_field("club").related_model
        # NO KEY UPDATE: other lockers wait, but not a spell being inserted meanwhile,
        # whose deferred foreign-key check at commit only takes a KEY SHARE lock.
        rows = club_model.objects.select_for_update(no_key=True).filter(pk__in=club_ids)
        rows = rows.order_by("pk")
        list(rows.values_list("pk", flat=True))


def clash_error(clash):
    role = clash.get_role_display().lower()
    article = "an" if role[0] in "aeiou" else "a"
    return ValidationError(
        f"{clash.club} already had {article} {role} then: "
        f"{clash.manager} ({clash.period}). End that spell first, or correct the dates.",
        code="overlap",
    )


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


def is_overlap_violation(error):
    """Whether an IntegrityError comes from `InChargeExclusion`."""
    cause = getattr(getattr(error, "__cause__", None), "diag", None)
    return getattr(cause, "constraint_name", None) == CONSTRAINT_NAME


class CertainDays(Func):
    """PostgreSQL: the days a spell certainly ran, as a daterange [first, end): from the
    last day its start may stand for, to its end or its announced departure, whichever
    comes first. This is `overlaps()` as a range, with one difference: a spell whose
    uncertain start lies after its end (from "2007" to "2007") has an empty range here,
    where the Python check still refuses a spell that certainly covers all of 2007."""

    arity = 4  # started_on, started_precision, ended_on, departure_announced_on

    def as_sql(self, compiler, connection, **extra_context):
        sqls = [compiler.compile(expression)[0] for expression in self.get_source_expressions()]
        started, precision, ended, announced = sqls
        latest_start = (
            f"(CASE {precision} "
            f"WHEN 'year' THEN (date_trunc('year', {started}::timestamp) "
            f"+ interval '1 year - 1 day')::date "
            f"WHEN 'month' THEN (date_trunc('month', {started}::timestamp) "
            f"+ interval '1 month - 1 day')::date "
            f"ELSE {started} END)"
        )
        end = f"LEAST({ended}, {announced})"
        return f"daterange(LEAST({latest_start}, {end}), {end}, '[)')", []

    @property
    def output_field(self):
        return DateRangeField()


class InChargeExclusion(ExclusionConstraint):
    """An exclusion constraint that exists on PostgreSQL only (SQLite has none; there
    the Python check in the writing transaction is what stands). Validation is left to
    `check_clash()`, which names the clashing spell."""

    def constraint_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().constraint_sql(model, schema_editor)

    def create_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().create_sql(model, schema_editor)

    def remove_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().remove_sql(model, schema_editor)

    def validate(self, model, instance, exclude=None, using=None):
        return None

    def check(self, model, connection):
        # The postgres app only adds lookups and field types; this constraint is DDL alone.
        return [e for e in super().check(model, connection) if e.id != "postgres.E005"]
