"""A spell of one manager at one club, with dates of known precision."""

import functools

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from simple_history.models import HistoricalRecords

from football.careers import clashes
from football.core import choices, pagetags
from football.core.dates import Precision, format_date, format_length, truncate

from .records import Club, Manager, Source


class Role(models.TextChoices):
    HEAD_COACH = "head_coach", "Head coach"
    CARETAKER = "caretaker", "Caretaker"
    ASSISTANT = "assistant", "Assistant coach"


# Roles that put a manager in charge of the first team: these succeed each other.
IN_CHARGE_ROLES = (Role.HEAD_COACH, Role.CARETAKER)
ROLE_RANK = {Role.HEAD_COACH: 0, Role.CARETAKER: 1, Role.ASSISTANT: 2}


def pick_main_tenure(spells):
    """Of spells running at once, the one that matters most: head coach before assistant,
    then the one begun last (the job he had moved on to)."""
    return min(
        spells,
        key=lambda t: (ROLE_RANK.get(t.role, 9), -t.started_on.toordinal(), -(t.pk or 0)),
        default=None,
    )


class Departure(models.TextChoices):
    SACKED = "sacked", "Sacked"
    RESIGNED = "resigned", "Resigned"
    MUTUAL_CONSENT = "mutual_consent", "Left by mutual consent"
    CONTRACT_EXPIRED = "contract_expired", "Contract expired"
    NEW_JOB = "new_job", "Left for another job"
    END_OF_INTERIM = "end_of_interim", "Interim spell ended"


class TenureQuerySet(models.QuerySet):
    def on(self, date):
        """Spells running on `date` (a spell ending that day still counts)."""
        return self.filter(started_on__lte=date).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=date)
        )

    def not_ended_before(self, date, **among):
        """The spells of some managers or clubs (`among`: `manager__in=[...]` or
        `club__in=[...]`) not ended before `date`: those running on it, and any yet to
        begin, which the caller drops by their start (asof.running_on does).

        Each key is two seeks in its (key, ended_on) index, the spells with no end and
        those ending on or after the day, however long its history: the key is in each
        branch of the OR, and the start is left out, with which SQLite took the (key,
        started_on) index for a branch and read every spell of the club (100 a club
        at populate scale; the query took 8 ms for a page of 50 clubs, now 0.3 ms)."""
        return self.filter(Q(ended_on__isnull=True, **among) | Q(ended_on__gte=date, **among))

    def in_charge(self):
        return self.filter(role__in=IN_CHARGE_ROLES)

    def appointments(self, on, count):
        """The latest `count` spells in charge begun by `on`, with manager and club."""
        return self.latest_in_charge(Q(started_on__lte=on), ("-started_on", "-pk"), count)

    def departures(self, on, count):
        """The latest `count` spells in charge ended by `on`, with manager and club."""
        return self.latest_in_charge(Q(ended_on__lte=on), ("-ended_on", "-pk"), count)

    def latest_in_charge(self, where, order, count):
        """The first `count` spells in charge matching `where` in `order`, with manager
        and club. They are picked from the spells' date index alone and only then joined
        by key, so no plan can start from the clubs or the managers: joined first,
        SQLite without statistics (after a migration remade the table) walked every
        club and its spells (departures: 490 ms with 100,000 spells)."""
        latest = self.in_charge().filter(where).order_by(*order).values("pk")[:count]
        return (
            self.in_charge()
            .filter(pk__in=latest)
            .select_related("manager", "club")
            .order_by(*order)
        )

    def with_neighbours(self):
        """Annotate `before_id` and `after_id`: the spells in charge at the same club just
        before and just after each one (the same order as `predecessor`/`successor`).
        Each is one seek in the (club, started_on, id) index, however long the club's history:
        the start's bound (implied by the OR, and written out) is what the index is
        sought by; with the OR alone, both databases walked the club's spells from one
        end to the spell (a career of 1,000 spells at one club: 20 ms on PostgreSQL)."""
        at_club = Tenure.objects.in_charge().filter(club=OuterRef("club"))
        before = at_club.filter(
            Q(started_on__lt=OuterRef("started_on"))
            | Q(started_on=OuterRef("started_on"), pk__lt=OuterRef("pk")),
            started_on__lte=OuterRef("started_on"),
        ).order_by("-started_on", "-pk")
        after = at_club.filter(
            Q(started_on__gt=OuterRef("started_on"))
            | Q(started_on=OuterRef("started_on"), pk__gt=OuterRef("pk")),
            started_on__gte=OuterRef("started_on"),
        ).order_by("started_on", "pk")
        return self.annotate(
            before_id=Subquery(before.values("pk")[:1]),
            after_id=Subquery(after.values("pk")[:1]),
        )


class LatestChange(models.DateTimeField):
    """When the spell or one of its honours last changed: the spell's own `modified`
    whenever the spell is saved (so it must be declared after `modified`, whose
    auto_now is set first), moved later by `Honour.touch_spells` when an honour of it
    is saved or deleted. The sitemaps' lastmod reads it through the (manager, changed)
    and (club, changed) indexes: one index entry per record, where the maximum over
    spells joined to honours read every spell and honour (300 ms on SQLite at 100,000
    spells)."""

    def pre_save(self, model_instance, add):
        value = model_instance.modified
        setattr(model_instance, self.attname, value)
        return value


class SpellDates:
    """How a spell reads on a day, from its dates, their precisions and its role alone:
    shared by a spell's record (Tenure) and a spell read as a row for a list (SpellRow)."""

    @property
    def started_display(self):
        return format_date(self.started_on, self.started_precision)

    @property
    def ended_display(self):
        return format_date(self.ended_on, self.ended_precision)

    def ends_on_day(self, date):
        """Whether the spell is known to end on `date` itself: on that day the manager is
        still counted in charge, and pages say that it ends there."""
        return self.ended_on == date and self.ended_precision == Precision.DAY

    @property
    def contract_until_display(self):
        return format_date(self.contract_until, self.contract_until_precision)

    @property
    def period(self):
        if self.ended_on is None:
            return f"{self.started_display} –"
        return f"{self.started_display} – {self.ended_display}"

    def period_on(self, date):
        """The period as known on `date`: open while it was still running then."""
        return self.period if self.ended_by(date) else f"{self.started_display} –"

    @property
    def is_exact(self):
        return self.started_precision == Precision.DAY and (
            self.ended_on is None or self.ended_precision == Precision.DAY
        )

    def ended_by(self, date):
        """Whether the spell had ended by `date` (a spell ending that day counts)."""
        return self.ended_on is not None and self.ended_on <= date

    @functools.cached_property
    def length(self):
        """length_on() the day the spell is seen on (asof.see_on)."""
        return self.length_on(self.seen_on)

    def length_on(self, date):
        """Length in years and days as known on `date`: the whole spell once it has
        ended, the time served so far while it runs (even if it ended later); "" when
        a date is approximate. A running spell confirmed only up to an earlier day
        lasted "at least" until then."""
        ended = self.ended_by(date)
        if self.started_precision != Precision.DAY or (
            ended and self.ended_precision != Precision.DAY
        ):
            return ""
        end = self.ended_on if ended else date
        confirmed = self.unconfirmed_after(end)
        if confirmed is not None:
            if confirmed <= self.started_on:
                return ""
            return "at least " + format_length(self.started_on, confirmed)
        return format_length(self.started_on, end)

    def unconfirmed_after(self, date):
        """For a spell with no known end that was last confirmed before `date`: the day it
        was last confirmed (whether it still ran on `date` is not known). Otherwise None."""
        if self.ended_on is None and self.confirmed_on is not None and self.confirmed_on < date:
            return self.confirmed_on
        return None

    @property
    def is_in_charge(self):
        return self.role in IN_CHARGE_ROLES

    @property
    def is_caretaker(self):
        return self.role == Role.CARETAKER


class Tenure(SpellDates, models.Model):
    """One spell of one manager at one club."""

    manager = models.ForeignKey(Manager, on_delete=models.PROTECT, related_name="tenures")
    club = models.ForeignKey(Club, on_delete=models.PROTECT, related_name="tenures")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.HEAD_COACH)
    started_on = models.DateField(
        help_text="With month or year precision, any day in that month or year will do."
    )
    started_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    ended_on = models.DateField(null=True, blank=True, help_text="Empty while still in post.")
    ended_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    departure = models.CharField(
        "how it ended", max_length=20, choices=Departure.choices, blank=True
    )
    departure_announced_on = models.DateField(
        null=True,
        blank=True,
        help_text="When the departure was announced, if before the spell ended. "
        "A successor may be appointed from that day.",
    )
    contract_until = models.DateField(null=True, blank=True)
    contract_until_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.MONTH
    )
    notes = models.TextField(
        blank=True, help_text="Uncertainties, disagreements between sources, context."
    )
    confirmed_on = models.DateField(
        "last confirmed on",
        null=True,
        blank=True,
        help_text="For a spell still running: the latest day it is known to have been "
        "running (the last report or check). Later pages say so instead of assuming it goes on.",
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="tenures")
    modified = models.DateTimeField(auto_now=True)
    changed = LatestChange(default=timezone.now, editable=False)
    history = HistoricalRecords()

    # What the lists of spells (the home page's appointments and departures) and
    # search (a manager's clubs) show or read of a spell: its notes or contract edited
    # leave them cached.
    LISTED = {
        pagetags.SPELLS: (
            "manager_id", "club_id", "role", "started_on", "started_precision", "ended_on",
            "ended_precision", "departure", "departure_announced_on", "confirmed_on",
        ),
    }  # fmt: skip
    # What no page but its manager's profile shows of a spell: its notes or contract
    # edited leave its club's page, its neighbours' profiles and its stories cached.
    OWN_PAGE = ("notes", "contract_until", "contract_until_precision")

    objects = TenureQuerySet.as_manager()

    # Read on every row of a career or club page.
    get_role_display = choices.display("role", Role.choices)
    get_departure_display = choices.display("departure", Departure.choices)

    class Meta:
        ordering = ["started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="tenure_ends_after_it_starts",
                violation_error_message="A spell cannot end before it starts.",
            ),
            # PostgreSQL only: nobody else in charge at the club at the same time.
            clashes.InChargeExclusion(
                name=clashes.CONSTRAINT_NAME,
                expressions=[
                    ("club", "="),
                    (
                        clashes.CertainDays(
                            "started_on", "started_precision", "ended_on", "departure_announced_on"
                        ),
                        "&&",
                    ),
                ],
                condition=Q(role__in=IN_CHARGE_ROLES),
            ),
        ]
        indexes = [
            # A club's or a manager's spells in the order the pages show them
            # (started_on, then pk). SQLite's indexes end in the row id anyway;
            # PostgreSQL's need it named, or they read a history's spells by day and
            # sort each day's by pk: a later page's keys read and sorted 525 spells
            # (0.40 ms, 0.15 from this index alone), and a spell's predecessor and
            # successor (with_neighbours) were each a sort.
            models.Index(fields=["club", "started_on", "id"], name="tenure_club_started_id_idx"),
            models.Index(fields=["manager", "started_on", "id"], name="tenure_mgr_started_id_idx"),
            models.Index(fields=["ended_on"]),
            # "Out of work since": a manager's latest spell ended by a date, in the
            # order it is asked for (ended_on, then started_on): with only (manager,
            # ended_on), PostgreSQL's generic plan of the prepared query read and sorted
            # all 1,000 spells of a long career (3 ms, 0.1 ms with started_on). Also,
            # with the club's, the spells still running at a page of managers or clubs
            # (the lists: TenureQuerySet.not_ended_before).
            models.Index(
                fields=["manager", "ended_on", "started_on"], name="tenure_mgr_ended_started_idx"
            ),
            models.Index(fields=["club", "ended_on"], name="tenure_club_ended_idx"),
            # Recent appointments across all clubs (home page).
            models.Index(fields=["-started_on"], name="tenure_started_idx"),
            # Sitemaps: a record's latest change among its spells and their honours
            # (LatestChange), and the latest of all for the sitemap index.
            models.Index(fields=["manager", "-changed"], name="tenure_manager_changed_idx"),
            models.Index(fields=["club", "-changed"], name="tenure_club_changed_idx"),
            models.Index(fields=["-changed"], name="tenure_changed_idx"),
        ]

    def __str__(self):
        return f"{self.manager} at {self.club} ({self.period})"

    def save(self, *args, **kwargs):
        # Store a partial date as the first day of its month or year.
        self.started_on = truncate(self.started_on, self.started_precision)
        if self.ended_on:
            self.ended_on = truncate(self.ended_on, self.ended_precision)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.manager.get_absolute_url()

    def stale_page_tags(self):
        """The tags of the pages a change to this spell makes stale: its manager's and its
        club's (the club's tag is on every page showing a spell there, so on the pages of
        everyone who managed it), the managers of the spells just before and after it at
        the club (named as predecessor and successor), the stories that report it, and the
        lists of spells (home page, sitemaps). Asked before and after a change, so a spell
        moved to another manager, club or date reaches the old neighbours too."""
        tags = {Manager.page_tag(self.manager_id), Club.page_tag(self.club_id), pagetags.SPELLS}
        if self.pk is None:
            return tags
        around = Tenure.objects.filter(pk=self.pk).with_neighbours()
        neighbours = [pk for row in around.values_list("before_id", "after_id") for pk in row]
        managers = Tenure.objects.filter(pk__in=[pk for pk in neighbours if pk])
        tags.update(Manager.page_tag(pk) for pk in managers.values_list("manager_id", flat=True))
        tags.update(f"story:{pk}" for pk in self.stories.values_list("pk", flat=True))
        return tags

    def own_page_tags(self):
        """The pages a change to OWN_PAGE fields alone makes stale: his profile."""
        return {Manager.own_page_tag(self.manager_id)}

    # -- validation ---------------------------------------------------------
    def clean(self):
        super().clean()
        errors = {}
        if self.confirmed_on and self.started_on and self.confirmed_on < self.started_on:
            errors["confirmed_on"] = "A spell cannot be confirmed running before it started."
        if self.started_on and self.ended_on:
            start = truncate(self.started_on, self.started_precision)
            end = truncate(self.ended_on, self.ended_precision)
            if end < start:
                errors["ended_on"] = "A spell cannot end before it starts."
        if self.departure and not self.ended_on:
            errors["departure"] = "Only a spell that has ended can say how it ended."
        if errors:
            raise ValidationError(errors)

    def check_clash(self, pending=(), ignore=()):
        """Refuse this spell if it overlaps another one it may not (see clashes.py).
        Not part of clean(): the form, the inline formset (across all its spells at
        once) and services.appoint() each call it, with what they save together."""
        clashes.check_clash(self, pending, ignore)


class SpellRow(SpellDates):
    """A spell read as a row, with the fields a list's job or manager reads (a list page
    shows 50: built as records they cost it about 0.5 ms). `names` are the row's fields, in
    order, by the attribute names of a record ("pk" for its key)."""

    get_role_display = choices.display("role", Role.choices)

    def __init__(self, names, row):
        self.__dict__.update(zip(names, row, strict=True))


class SpellToConfirm(Tenure):
    """Running spells seen as a review queue in the admin (same rows as Tenure)."""

    class Meta:
        proxy = True
        verbose_name = "spell to confirm"
        verbose_name_plural = "spells to confirm"
