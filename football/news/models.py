import functools
from urllib.parse import quote

from django.db import models
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone
from simple_history.models import HistoricalRecords

from football.careers.models import Club, Manager, Source, Tenure
from football.core import choices, pagetags
from football.core.links import MARKER, reverse_slug
from football.core.markup import RenderedMarkdown


class StoryQuerySet(models.QuerySet):
    def published(self, now=None):
        """What readers may see: published, and not scheduled for later."""
        return self.filter(status=Story.Status.PUBLISHED, published_at__lte=now or timezone.now())

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def next_scheduled(self, now):
        """When the next story scheduled after `now` goes public, or None."""
        return (
            self.filter(status=Story.Status.PUBLISHED, published_at__gt=now)
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )


class Story(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class Reliability(models.TextChoices):
        OFFICIAL = "official", "Official"
        REPORTED = "reported", "Reported"
        RUMOUR = "rumour", "Rumour"

    headline = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    standfirst = models.CharField(
        max_length=400, help_text="One or two sentences under the headline; also the summary."
    )
    body = models.TextField(help_text="Markdown. Links and emphasis are kept; HTML is removed.")
    body_html = RenderedMarkdown(source="body")
    byline = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        default=timezone.now, help_text="A time in the future schedules the story."
    )
    updated_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when the story is substantially updated."
    )
    reliability = models.CharField(
        max_length=10, choices=Reliability.choices, default=Reliability.REPORTED
    )
    managers = models.ManyToManyField(Manager, blank=True, related_name="stories")
    clubs = models.ManyToManyField(Club, blank=True, related_name="stories")
    tenures = models.ManyToManyField(
        Tenure, blank=True, related_name="stories", help_text="The spells this story reports."
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="stories")
    modified = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[managers, clubs, tenures])

    # Read on every story of a list (twenty a page of news).
    get_reliability_display = choices.display("reliability", Reliability.choices)

    # Which stories lists show, in what order and at what address (the lists that load
    # no story, sitemaps: every other list is tagged with the stories it shows), and
    # what search reads and shows of a story: its headline edited forgets the pages
    # that show the story and search, not every list.
    LISTED = {
        pagetags.STORIES: ("slug", "status", "published_at"),
        pagetags.SEARCH: ("headline", "standfirst", "body"),
    }
    # What no other record's page shows of a story, only its own (and search): edited,
    # it leaves every other page cached.
    OWN_PAGE = ("body",)
    # What decides which pages show a story (which lists, which managers' and clubs'
    # latest stories): an edit that changes none of these reaches only the pages that
    # show the story (tagged with it as they load it), not every page of the managers
    # and clubs it is linked to.
    PLACEMENT = ("status", "published_at")

    ROUTE = "news:story_detail"  # its page's view
    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "stories"
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            # Lists and feeds in their exact order (newest first, then by pk), and the
            # next scheduled story for the page cache, straight from the index.
            models.Index(fields=["status", "-published_at", "-id"], name="story_published_idx"),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        day = self.published_on
        return reverse_slug(self.ROUTE, self.slug, year=day.year, month=day.month, day=day.day)

    @classmethod
    def addresses(cls):
        """The function of (slug, day) that gives the address of the story with that slug
        published on that (local) day, as get_absolute_url gives it, with the route found
        once for every day: for a list of stories (a page of news, a sitemap's 5,000),
        whose days differ. The same function for the same script prefix and URLconf, so
        that it may be part of a key (football.news.headlines)."""
        return _addresses(cls.ROUTE, get_script_prefix(), get_urlconf())

    def natural_key(self):
        return (self.slug,)

    @staticmethod
    def page_tag(pk):
        """The page cache's tag of pages that show this story (football.core.pagetags)."""
        return f"story:{pk}"

    @staticmethod
    def own_page_tag(pk):
        return f"story-page:{pk}"

    def own_page_tags(self):
        """The pages a change to OWN_PAGE fields alone makes stale."""
        return {self.own_page_tag(self.pk)}

    def stale_page_tags(self):
        """A story shows on its page, the lists of stories (news, home, feeds, sitemaps)
        and the pages of the managers and clubs it is linked to (related stories): where
        it is placed changed (PLACEMENT), they may show it or no longer."""
        tags = {self.page_tag(self.pk), pagetags.STORIES}
        if self.pk is not None:
            tags.update(Manager.page_tag(pk) for pk in self.managers.values_list("pk", flat=True))
            tags.update(Club.page_tag(pk) for pk in self.clubs.values_list("pk", flat=True))
        return tags

    @classmethod
    def next_scheduled_change(cls, now):
        """The page cache asks every model with this method when pages must next change
        by themselves: here, when the next scheduled story appears."""
        return cls.objects.next_scheduled(now)

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def published_on(self):
        """The local day it was published: its address and the day its cards show."""
        return timezone.localdate(self.published_at)

    @property
    def last_modified(self):
        return self.updated_at or self.published_at


@functools.lru_cache(maxsize=64)
def _addresses(route_name, prefix, urlconf):
    route = reverse_slug(route_name, MARKER, year=1, month=1, day=1)
    head, tail = route.split(f"0001/01/01/{MARKER}")
    return lambda slug, day: (
        f"{head}{day.year:04d}/{day.month:02d}/{day.day:02d}/{quote(slug)}{tail}"
    )


class StoryChanges(models.Model):
    """One row, its mark given a new random value by the database's triggers whenever
    stories are written so that they may be counted differently (migration 0008)."""

    id = models.IntegerField(primary_key=True)
    mark = models.BigIntegerField()

    class Meta:
        managed = False  # made and kept by migration 0008: not dumped, not flushed
        db_table = "news_story_changes"

    def __str__(self):
        return f"Stories' mark {self.mark}"

    @classmethod
    def as_of(cls, now):
        """A queryset of one row: the mark, and when the next story scheduled after
        `now` goes public (None if none is). Together they tell which stories readers
        may see at `now`: until the mark changes, the same until that time."""
        upcoming = Story.objects.filter(status=Story.Status.PUBLISHED, published_at__gt=now)
        next_at = upcoming.order_by("published_at").values("published_at")[:1]
        return cls.objects.values_list("mark", models.Subquery(next_at))


class Quote(models.Model):
    """A post or statement, kept as text and shown as a plain blockquote (no embeds)."""

    class Platform(models.TextChoices):
        X = "x", "X (Twitter)"
        INSTAGRAM = "instagram", "Instagram"
        STATEMENT = "statement", "Statement"
        INTERVIEW = "interview", "Interview"
        PRESS = "press", "Press conference"

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="quotes")
    speaker = models.CharField(max_length=200)
    handle = models.CharField(max_length=100, blank=True, help_text='Without "@".')
    platform = models.CharField(max_length=20, choices=Platform.choices)
    url = models.URLField("URL", max_length=500, blank=True)
    said_on = models.DateField(null=True, blank=True)
    text = models.TextField(help_text="Markdown.")
    text_html = RenderedMarkdown(source="text")
    is_summary = models.BooleanField(
        "summary, not verbatim",
        default=False,
        help_text="Tick when the text summarises what was said instead of reproducing it; "
        "it is then shown as a summary, without quotation marks.",
    )
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.speaker} ({self.get_platform_display()})"

    def stale_page_tags(self):
        return {Story.page_tag(self.story_id)}


class Correction(models.Model):
    """A dated public note at the foot of a story."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="corrections")
    published_at = models.DateTimeField(default=timezone.now)
    text = models.TextField(help_text="Markdown. Say what was wrong and what is right.")
    text_html = RenderedMarkdown(source="text")
    history = HistoricalRecords()

    class Meta:
        ordering = ["published_at", "pk"]

    def __str__(self):
        return f"Correction of {timezone.localdate(self.published_at)}"

    def stale_page_tags(self):
        # A corrected story may be marked as such where it is listed.
        return {Story.page_tag(self.story_id), pagetags.STORIES}
