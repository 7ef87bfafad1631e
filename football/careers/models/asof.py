"""Who was where on a given day: the one place that works it out.

Every page that shows the world on a day asks here: a profile or club page (today,
or the day in `?on=`), the manager and club lists (today), a story's who's-who cards
(its publication day) and the structured data. Nothing on such a page is later than
the day: a spell that ended afterwards is still running on it and its length runs to
the day, honours count once decided, a successor appears once appointed, and a
timeline stops there.
"""

import datetime
from dataclasses import dataclass

from django.db.models import OuterRef, Q, Subquery

from football.core.prepared import ByKeys, group

from .records import Club, Manager
from .tenure import IN_CHARGE_ROLES, SpellRow, Tenure, pick_main_tenure


def see_on(spell, on):
    """Give `spell` what is true of it on `on`, for templates to read:

    - `ended_by_day`: it had ended by then (its end is shown, not "In post");
    - `ends_that_day`: it ends on that very day (the manager is still in charge);
    - `unconfirmed_since`: running, but last confirmed on this earlier day;
    - `length`: years and days served by then ("at least" when unconfirmed), worked
      out when read (a list shows none);
    - `honours_won`: the honours decided by then, when they were fetched with it
      (as `honour_list`);
    - `notes_shown`: its notes, which speak of the whole spell, unless it ended later.
    """
    spell.ended_by_day = spell.ended_by(on)
    spell.notes_shown = spell.notes if spell.ended_by_day or spell.ended_on is None else ""
    spell.ends_that_day = spell.ends_on_day(on)
    spell.unconfirmed_since = spell.unconfirmed_after(on)
    spell.seen_on = on
    spell.__dict__.pop("length", None)  # (SpellDates.length: as of `on`, when read)
    honours = getattr(spell, "honour_list", None)  # presenters._HistoryPages
    if honours is not None:
        spell.honours_won = [h for h in honours if h.won_by(on)]
    return spell


def begun_by(spells, on):
    """The spells that had begun by `on`, each seen on that day."""
    return [see_on(spell, on) for spell in spells if spell.started_on <= on]


def running_on(spell, on):
    """Running on `on`: begun, and not ended before it (a spell ending that day counts)."""
    return spell.started_on <= on and (spell.ended_on is None or spell.ended_on >= on)


@dataclass
class Standing:
    """A manager on one day: the spell he was in, or the last one he had left."""

    current: Tenure | None = None
    last: Tenure | None = None


def current_spell(spells, on):
    """The spell a manager was in on `on`, from his spells (any order), seen on that
    day; None if he was in none."""
    current = pick_main_tenure(t for t in spells if running_on(t, on))
    return current and see_on(current, on)


def standing(spells, on):
    """Where a manager stood on `on`, from his spells (any order)."""
    current = current_spell(spells, on)
    if current is not None:
        return Standing(current=current)
    ended = [t for t in spells if t.started_on <= on and t.ended_by(on)]
    last = max(ended, key=lambda t: (t.ended_on, t.started_on), default=None)
    return Standing(last=last and see_on(last, on))


def running_in_charge(spells, on):
    """Those of `spells` in charge of a club's first team and running on `on`."""
    return [t for t in spells if t.is_in_charge and running_on(t, on)]


def in_charge(spells, on):
    """The spell in charge of a club's first team on `on`, from its spells: the one
    begun last among those running (a caretaker after the head coach he stands in for)."""
    running = running_in_charge(spells, on)
    spell = max(running, key=lambda t: (t.started_on, t.pk), default=None)
    return spell and see_on(spell, on)


def known(spell, on):
    """The spell, if the records know it was running on `on`. Structured data cannot
    say "last confirmed", so a spell not confirmed that far is left out of it."""
    if spell is None or spell.unconfirmed_after(on) is not None:
        return None
    return spell


def attach_succession(spells, neighbours, on):
    """Set `.before` and `.after` on each spell in charge from its annotated `before_id`
    and `after_id` (TenureQuerySet.with_neighbours) and `neighbours`, those spells in one
    query. A successor appointed after `on` was not known then: `.after` is None."""
    by_pk = {spell.pk: spell for spell in neighbours}
    for spell in spells:
        in_charge_role = spell.is_in_charge
        after = by_pk.get(spell.after_id) if in_charge_role else None
        spell.before = by_pk.get(spell.before_id) if in_charge_role else None
        spell.after = after if after is not None and after.started_on <= on else None
    return spells


# What `see_on`, `standing` and `in_charge` read of a spell: all a list needs of it,
# read as a row (SpellRow) with the name of its club or manager (`name`).
SEEN_ON = (
    "pk", "manager_id", "club_id", "role", "started_on", "started_precision", "ended_on",
    "ended_precision", "confirmed_on", "notes",
)  # fmt: skip


def set_managers_standing(managers, on):
    """Give each manager of a list `.current`: the spell he was in on `on`, with its
    club's `club_name`. One query a list page, by the managers' keys (a subquery of the
    list's own query would run it again); `standing` drops any spell yet to begin."""
    spells = _rows(RUNNING_OF_MANAGERS, managers, on, "club_name", by="manager_id")
    for manager in managers:
        manager.current = current_spell(spells.get(manager.pk, ()), on)
    return managers


def set_clubs_in_charge(clubs, on):
    """Give each club of a list `.current`: the spell in charge on `on`, with its
    manager's `manager_name`. One query a list page, by the clubs' keys; `in_charge`
    drops any spell yet to begin."""
    spells = _rows(IN_CHARGE_OF_CLUBS, clubs, on, "manager_name", by="club_id")
    for club in clubs:
        club.current = in_charge(spells.get(club.pk, ()), on)
    return clubs


def _rows(query, records, on, name, by):
    """The spells `query` reads for these records (up to LIST_KEYS) on `on`, as SpellRows
    with their club's or manager's name as `name`, grouped by their record's key (`by`)."""
    names = (*SEEN_ON, name)
    rows = [SpellRow(names, row) for row in query([record.pk for record in records], on=on)]
    return group(rows, by=by)


def name_of(model, key, field):
    """A spell's manager's or club's name, read by its primary key for each spell. (Not
    a join: with 2,000 managers PostgreSQL hashed them all to name 50 spells' managers,
    and a list needs a name, not a whole record to build. Unordered: Django keeps the
    model's ordering in a subquery, and both databases then sorted each spell's one
    name.)"""
    return Subquery(model.objects.filter(pk=OuterRef(key)).order_by().values(field))


# The spells a list page names, read by its records' keys, up to a list page's worth
# (football.careers.views.PER_PAGE) in one prepared query: built and compiled for each
# page, the query took 1.4 ms, where SQLite runs it in 0.15 ms.
LIST_KEYS = 50
RUNNING_OF_MANAGERS = ByKeys(
    lambda keys, on: (
        Tenure.objects.not_ended_before(on, manager__in=keys)
        .annotate(club_name=name_of(Club, "club", "short_name"))
        .values_list(*SEEN_ON, "club_name")
    ),
    LIST_KEYS,
    on=datetime.date,
)
IN_CHARGE_OF_CLUBS = ByKeys(
    lambda keys, on: (
        Tenure.objects.not_ended_before(on, club__in=keys)
        .in_charge()
        .annotate(manager_name=name_of(Manager, "manager", "full_name"))
        .values_list(*SEEN_ON, "manager_name")
    ),
    LIST_KEYS,
    on=datetime.date,
)


def card_spells(managers, clubs, on):
    """The spells a story's who's-who reads (`managers` and `clubs`: records or keys):
    each manager's begun by `on`, and each club's in charge on it, with the names its
    cards show (`club_name`, `manager_name`)."""
    # A club's card needs only the spells running that day (asked for as narrowly as
    # that, PostgreSQL joins by index, not by hashing every manager). The names are
    # read by key, not joined: joined, PostgreSQL hashed every club (1 ms at 1,000).
    running = Q(ended_on__isnull=True) | Q(ended_on__gte=on)
    return (
        Tenure.objects.filter(started_on__lte=on)
        .filter(Q(manager__in=managers) | Q(running, club__in=clubs, role__in=IN_CHARGE_ROLES))
        .annotate(
            club_name=name_of(Club, "club", "short_name"),
            manager_name=name_of(Manager, "manager", "full_name"),
        )
    )


def set_cards(managers, clubs, on, spells=None):
    """A story's who's-who on its day: each manager's `.age`, `.current` and `.last`,
    each club's `.current`. One query for all of them: `spells`, or card_spells'."""
    if spells is None:
        spells = card_spells(managers, clubs, on)
    by_manager, by_club = {}, {}
    for spell in spells:
        by_manager.setdefault(spell.manager_id, []).append(spell)
        by_club.setdefault(spell.club_id, []).append(spell)
    for manager in managers:
        manager.age = manager.age_on(on)
        where = standing(by_manager.get(manager.pk, []), on)
        manager.current, manager.last = where.current, where.last
    for club in clubs:
        club.current = in_charge(by_club.get(club.pk, []), on)
    return managers, clubs
