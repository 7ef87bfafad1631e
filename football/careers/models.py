from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from football.core.dates import Precision, format_date, format_length, truncate
from football.core.text import search_text

from . import clashes

wikidata_validator = RegexValidator(
    r"^Q[1-9][0-9]*$", "A Wikidata id is a Q followed by digits, such as Q1422."
)


class SlugManager(models.Manager):
    """Finds a row by its slug, the natural key backups use to refer to it.

    (`models.Manager` is Django's query manager; `Manager` below is a football manager.)
    """

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class SourceManager(models.Manager):
    def get_by_natural_key(self, url):
        return self.get(url=url)


class Source(models.Model):
    """A published report that backs a record or a story."""

    url = models.URLField("URL", max_length=500, unique=True)
    title = models.CharField(max_length=300, blank=True)
    publisher = models.CharField(max_length=200)
    published_on = models.DateField(null=True, blank=True)
    note = models.CharField(
        max_length=300, blank=True, help_text="What this source supports, if not obvious."
    )
    history = HistoricalRecords()

    objects = SourceManager()

    class Meta:
        ordering = ["publisher", "-published_on"]

    def __str__(self):
        label = self.title or self.url
        return f"{self.publisher}: {label}"

    def natural_key(self):
        return (self.url,)


class Club(models.Model):
    name = models.CharField(max_length=200, help_text="Full name, as the club styles itself.")
    short_name = models.CharField(max_length=100, help_text='As readers say it: "Juventus".')
    slug = models.SlugField(max_length=120, unique=True)
    nicknames = models.CharField(
        max_length=300, blank=True, help_text='Separated by commas: "the Old Lady, Bianconeri".'
    )
    country = models.CharField(max_length=100)
    city = models.CharField(max_length=100, blank=True)
    founded = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1850), MaxValueValidator(2100)],
        help_text="Year of foundation.",
    )
    wikidata_id = models.CharField(
        "Wikidata id", max_length=20, blank=True, validators=[wikidata_validator]
    )
    # Names folded to lower case without accents, for search on any database.
    search_text = models.TextField(editable=False, default="")
    modified = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["search_text"])

    objects = SlugManager()

    class Meta:
        ordering = ["short_name"]
        # The club index is listed in this order; search looks names up.
        indexes = [models.Index(fields=["short_name"], name="club_short_name_idx")]

    def __str__(self):
        return self.short_name

    def save(self, *args, **kwargs):
        self.set_search_text()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("careers:club_detail", kwargs={"slug": self.slug})

    def set_search_text(self):
        """Fill the folded names search looks in (bulk inserts call this themselves)."""
        self.search_text = search_text(self.short_name, self.name, self.nicknames, self.city)
        return self

    def natural_key(self):
        return (self.slug,)

    @property
    def nickname_list(self):
        return [name.strip() for name in self.nicknames.split(",") if name.strip()]

    def head_coach_on(self, date):
        """The spell in charge of the first team on `date`, or None."""
        return (
            self.tenures.in_charge()
            .on(date)
            .select_related("manager")
            .order_by("-started_on")
            .first()
        )


class Manager(models.Model):
    full_name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=100, help_text='As headlines say it: "Allegri".')
    slug = models.SlugField(max_length=120, unique=True)
    birth_date = models.DateField(null=True, blank=True)
    birth_place = models.CharField(max_length=200, blank=True)
    nationality = models.CharField(max_length=100, blank=True)
    biography = models.TextField(blank=True, help_text="Markdown. A few sentences.")
    wikidata_id = models.CharField(
        "Wikidata id", max_length=20, blank=True, validators=[wikidata_validator]
    )
    search_text = models.TextField(editable=False, default="")
    modified = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["search_text"])

    objects = SlugManager()

    class Meta:
        ordering = ["short_name", "full_name"]
        # The manager index is listed in this order; search looks names up.
        indexes = [
            models.Index(fields=["short_name", "full_name"], name="manager_name_idx"),
            models.Index(fields=["full_name"], name="manager_full_name_idx"),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.set_search_text()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("careers:manager_detail", kwargs={"slug": self.slug})

    def set_search_text(self):
        """Fill the folded names search looks in (bulk inserts call this themselves)."""
        self.search_text = search_text(self.full_name, self.short_name)
        return self

    def natural_key(self):
        return (self.slug,)

    def age_on(self, date):
        if self.birth_date is None or date < self.birth_date:
            return None
        born = self.birth_date
        return date.year - born.year - ((date.month, date.day) < (born.month, born.day))

    def tenure_on(self, date):
        """The spell he was in on `date` (a leading role before an assistant's), or None."""
        spells = self.tenures.on(date).select_related("club").order_by("-started_on")
        return pick_main_tenure(spells)

    def current_tenure(self):
        return self.tenure_on(timezone.localdate())

    def last_tenure_before(self, date):
        """The most recent spell that had ended by `date`: "out of work since"."""
        return (
            self.tenures.filter(ended_on__isnull=False, ended_on__lte=date)
            .select_related("club")
            .order_by("-ended_on")
            .first()
        )


class Role(models.TextChoices):
    HEAD_COACH = "head_coach", "Head coach"
    CARETAKER = "caretaker", "Caretaker"
    ASSISTANT = "assistant", "Assistant coach"


# Roles that put a manager in charge of the first team: these succeed each other.
IN_CHARGE_ROLES = (Role.HEAD_COACH, Role.CARETAKER)
ROLE_RANK = {Role.HEAD_COACH: 0, Role.CARETAKER: 1, Role.ASSISTANT: 2}


def pick_main_tenure(spells):
    """Of spells running at once, the one that matters most: head coach before assistant."""
    spells = list(spells)
    return min(spells, key=lambda t: ROLE_RANK.get(t.role, 9)) if spells else None


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

    def in_charge(self):
        return self.filter(role__in=IN_CHARGE_ROLES)

    def with_neighbours(self):
        """Annotate `before_id` and `after_id`: the spells in charge at the same club just
        before and just after each one (the same order as `predecessor`/`successor`).
        Each is one seek in the (club, started_on) index, however long the club's history."""
        at_club = Tenure.objects.in_charge().filter(club=OuterRef("club"))
        before = at_club.filter(
            Q(started_on__lt=OuterRef("started_on"))
            | Q(started_on=OuterRef("started_on"), pk__lt=OuterRef("pk"))
        ).order_by("-started_on", "-pk")
        after = at_club.filter(
            Q(started_on__gt=OuterRef("started_on"))
            | Q(started_on=OuterRef("started_on"), pk__gt=OuterRef("pk"))
        ).order_by("started_on", "pk")
        return self.annotate(
            before_id=Subquery(before.values("pk")[:1]),
            after_id=Subquery(after.values("pk")[:1]),
        )


class Tenure(models.Model):
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
    history = HistoricalRecords()

    objects = TenureQuerySet.as_manager()

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
            models.Index(fields=["club", "started_on"]),
            models.Index(fields=["manager", "started_on"]),
            models.Index(fields=["ended_on"]),
            # "Out of work since": a manager's latest spell ended by a date.
            models.Index(fields=["manager", "ended_on"], name="tenure_manager_ended_idx"),
            # Recent appointments across all clubs (home page).
            models.Index(fields=["-started_on"], name="tenure_started_idx"),
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

    # -- display ----------------------------------------------------------
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

    @property
    def is_exact(self):
        return self.started_precision == Precision.DAY and (
            self.ended_on is None or self.ended_precision == Precision.DAY
        )

    def length_on(self, date=None):
        """Length in years and days, up to `date` for a running spell; "" when approximate.
        A running spell confirmed only up to an earlier day lasted "at least" until then."""
        if not self.is_exact:
            return ""
        end = self.ended_on or date or timezone.localdate()
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

    # -- succession -------------------------------------------------------
    def _club_succession(self):
        return Tenure.objects.filter(club_id=self.club_id).in_charge().select_related("manager")

    @property
    def predecessor(self):
        if not self.is_in_charge:
            return None
        return (
            self._club_succession()
            .filter(
                Q(started_on__lt=self.started_on) | Q(started_on=self.started_on, pk__lt=self.pk)
            )
            .order_by("-started_on", "-pk")
            .first()
        )

    @property
    def successor(self):
        if not self.is_in_charge:
            return None
        return (
            self._club_succession()
            .filter(
                Q(started_on__gt=self.started_on) | Q(started_on=self.started_on, pk__gt=self.pk)
            )
            .order_by("started_on", "pk")
            .first()
        )

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


class SpellToConfirm(Tenure):
    """Running spells seen as a review queue in the admin (same rows as Tenure)."""

    class Meta:
        proxy = True
        verbose_name = "spell to confirm"
        verbose_name_plural = "spells to confirm"


class Competition(models.Model):
    class Kind(models.TextChoices):
        LEAGUE = "league", "League"
        CUP = "cup", "Cup"
        SUPER_CUP = "super_cup", "Super cup"
        CONTINENTAL = "continental", "Continental"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    country = models.CharField(max_length=100, blank=True, help_text="Empty for continental.")
    history = HistoricalRecords()

    objects = SlugManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class Honour(models.Model):
    """A trophy won, or a final lost, by a club under one manager's spell."""

    class Result(models.TextChoices):
        WINNERS = "winners", "Winners"
        RUNNERS_UP = "runners_up", "Runners-up"

    competition = models.ForeignKey(Competition, on_delete=models.PROTECT, related_name="honours")
    season = models.CharField(max_length=9, help_text='"2010–11" for a season, "2011" for a year.')
    season_start = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1850), MaxValueValidator(2100)],
        help_text="The year the season began, for ordering.",
    )
    result = models.CharField(max_length=20, choices=Result.choices, default=Result.WINNERS)
    tenure = models.ForeignKey(Tenure, on_delete=models.PROTECT, related_name="honours")
    note = models.CharField(max_length=200, blank=True)
    modified = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["season_start", "competition__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "season", "tenure"],
                name="one_honour_per_competition_season_and_spell",
            )
        ]

    def __str__(self):
        outcome = "" if self.result == self.Result.WINNERS else f" ({self.get_result_display()})"
        return f"{self.competition} {self.season}{outcome}"

    def get_absolute_url(self):
        return self.tenure.club.get_absolute_url()
