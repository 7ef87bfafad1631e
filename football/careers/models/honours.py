"""Trophies won and finals lost, each under one spell and dated."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from simple_history.models import HistoricalRecords

from football.core import pagetags
from football.core.dates import Precision, format_date, latest_day, truncate

from .records import SlugManager
from .tenure import Tenure


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
    won_on = models.DateField(
        "decided on",
        help_text="The day it was won or lost: the final, the day a title was secured or "
        "the last match day. With month or year precision, any day in that month or year "
        "will do (the season's end, when only that is known).",
    )
    won_precision = models.CharField(
        "precision", max_length=5, choices=Precision.choices, default=Precision.DAY
    )
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

    def save(self, *args, **kwargs):
        self.won_on = truncate(self.won_on, self.won_precision)
        super().save(*args, **kwargs)
        spells = {self.tenure_id, getattr(self, "_stored_tenure_id", None)} - {None}
        self.touch_spells(spells, self.modified)
        self._stored_tenure_id = self.tenure_id

    def get_absolute_url(self):
        return self.tenure.club.get_absolute_url()

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        honour = super().from_db(db, field_names, values, **kwargs)
        honour._stored_tenure_id = honour.__dict__.get("tenure_id")  # moved to another spell?
        return honour

    @staticmethod
    def touch_spells(tenure_ids, when):
        """Move the spells' `changed` (their sitemap lastmod) on to `when`, a change to
        one of their honours. An UPDATE, not a save: the spell itself, its history and
        its `modified` stay as they were."""
        Tenure.objects.filter(pk__in=tenure_ids, changed__lt=when).update(changed=when)

    def stale_page_tags(self):
        """An honour shows on its spell's manager's and club's pages, and no list."""
        spell = Tenure.objects.filter(pk=self.tenure_id).values_list("manager", "club").first()
        if spell is None:
            return {pagetags.EVERYTHING}
        return {f"manager:{spell[0]}", f"club:{spell[1]}"}

    @property
    def won_display(self):
        return format_date(self.won_on, self.won_precision)

    def won_by(self, date):
        """Whether it had certainly been decided by `date`: a partial date counts only
        once the whole month or year it stands for is over."""
        return latest_day(self.won_on, self.won_precision) <= date

    def clean(self):
        super().clean()
        if self.won_on is None or self.tenure_id is None:
            return
        tenure = self.tenure
        earliest = truncate(self.won_on, self.won_precision)
        latest = latest_day(self.won_on, self.won_precision)
        if latest < tenure.started_on:
            raise ValidationError(
                {"won_on": f"That is before the spell began ({tenure.started_display})."}
            )
        if tenure.ended_on and earliest > latest_day(tenure.ended_on, tenure.ended_precision):
            raise ValidationError(
                {"won_on": f"That is after the spell ended ({tenure.ended_display})."}
            )


@receiver(post_delete, sender=Honour, dispatch_uid="honour-deleted-touches-its-spell")
def _deleted_honour_touches_its_spell(sender, instance, **kwargs):
    """A spell that lost an honour changed too (also for a queryset's delete())."""
    Honour.touch_spells({instance.tenure_id}, timezone.now())
