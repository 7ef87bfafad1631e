"""The records themselves: managers, clubs and the sources that back them."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from football.core import pagetags
from football.core.links import reverse_slug
from football.core.markup import RenderedMarkdown
from football.core.text import search_text, split_names

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
    other_names = models.CharField(
        "also known as",
        max_length=300,
        blank=True,
        help_text='Other names readers know it by, separated by commas: "Inter Milan, Internazionale".',
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
    # Every name folded to lower case without accents: what search looks in (an FTS5
    # trigram index on SQLite, a pg_trgm index on PostgreSQL; see football.pages.search).
    search_text = models.TextField(editable=False, default="")
    modified = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["search_text"])

    # What the club index (in short-name order) and search show or read of a club: a
    # change to another field (its year of foundation) leaves them cached.
    LISTED = {
        pagetags.CLUBS: (
            "name", "short_name", "slug", "nicknames", "other_names", "city", "country",
        ),
    }  # fmt: skip
    # What no other record's page shows of the club, only its own (and, for some, the
    # lists above): a change to these alone leaves every other page showing the club
    # (its managers' profiles, stories: they show its names) cached.
    OWN_PAGE = ("founded", "wikidata_id", "city", "country", "nicknames", "other_names")

    ROUTE = "careers:club_detail"  # its page's view
    objects = SlugManager()

    class Meta:
        ordering = ["short_name"]
        # The club index is listed in this order (short name, then key: a deep page
        # skips earlier clubs in this index alone); search looks names up.
        indexes = [models.Index(fields=["short_name", "id"], name="club_short_name_id_idx")]

    def __str__(self):
        return self.short_name

    def save(self, *args, **kwargs):
        self.set_search_text()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.url_of(self.slug)

    @staticmethod
    def url_of(slug):
        """The address of the club with this slug, for a name read without its record."""
        return reverse_slug(Club.ROUTE, slug)

    @staticmethod
    def page_tag(pk):
        """The page cache's tag of pages that show this club (football.core.pagetags)."""
        return f"club:{pk}"

    @staticmethod
    def own_page_tag(pk):
        """The tag of the club's own page (every page and date of its history)."""
        return f"club-page:{pk}"

    def stale_page_tags(self):
        """The tags of the pages a change to this club makes stale."""
        return {self.page_tag(self.pk), pagetags.CLUBS}

    def own_page_tags(self):
        """The pages a change to OWN_PAGE fields alone makes stale."""
        return {self.own_page_tag(self.pk)}

    def set_search_text(self):
        """Fill the folded names search looks in (bulk inserts call this themselves)."""
        self.search_text = search_text(*self.names(), self.city)
        return self

    def names(self):
        """Every name it goes by: the short and full names, then the others."""
        return self.names_of(self.short_name, self.name, self.other_names, self.nicknames)

    @staticmethod
    def names_of(short_name, name, other_names, nicknames):
        """names() from the fields alone (search reads them without a model)."""
        return [short_name, name, *split_names(other_names), *split_names(nicknames)]

    @property
    def other_name_list(self):
        return split_names(self.other_names)

    def natural_key(self):
        return (self.slug,)

    @property
    def nickname_list(self):
        return split_names(self.nicknames)


class Manager(models.Model):
    full_name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=100, help_text='As headlines say it: "Allegri".')
    slug = models.SlugField(max_length=120, unique=True)
    birth_date = models.DateField(null=True, blank=True)
    birth_place = models.CharField(max_length=200, blank=True)
    nationality = models.CharField(max_length=100, blank=True)
    other_names = models.CharField(
        "also known as",
        max_length=300,
        blank=True,
        help_text='Other names readers know him by, separated by commas: "Max Allegri".',
    )
    biography = models.TextField(blank=True, help_text="Markdown. A few sentences.")
    biography_html = RenderedMarkdown(source="biography")
    wikidata_id = models.CharField(
        "Wikidata id", max_length=20, blank=True, validators=[wikidata_validator]
    )
    search_text = models.TextField(editable=False, default="")
    modified = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["search_text"])

    # What the manager index (in full-name order) and search show or read of a
    # manager: his biography or birth date edited leaves them cached.
    LISTED = {
        pagetags.MANAGERS: ("full_name", "short_name", "other_names", "slug", "nationality"),
    }
    # What no other record's page shows of him, only his profile (and, for some, the
    # lists above): a change to these alone leaves every other page showing him (his
    # clubs' histories, stories, his neighbours' profiles) cached.
    OWN_PAGE = ("biography", "birth_place", "wikidata_id", "other_names", "nationality")

    ROUTE = "careers:manager_detail"  # his page's view
    objects = SlugManager()

    class Meta:
        ordering = ["short_name", "full_name"]
        # The manager index is listed in this order; search looks names up.
        indexes = [
            models.Index(fields=["short_name", "full_name"], name="manager_name_idx"),
            # The managers list's order (full name, then key): a deep page skips
            # earlier managers in this index alone.
            models.Index(fields=["full_name", "id"], name="manager_full_name_id_idx"),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.set_search_text()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.url_of(self.slug)

    @staticmethod
    def url_of(slug):
        """The address of the manager with this slug, for a name read without its record."""
        return reverse_slug(Manager.ROUTE, slug)

    @staticmethod
    def page_tag(pk):
        """The page cache's tag of pages that show this manager (football.core.pagetags)."""
        return f"manager:{pk}"

    @staticmethod
    def own_page_tag(pk):
        """The tag of his profile (every page and date of it)."""
        return f"manager-page:{pk}"

    def stale_page_tags(self):
        """The tags of the pages a change to this manager makes stale."""
        return {self.page_tag(self.pk), pagetags.MANAGERS}

    def own_page_tags(self):
        """The pages a change to OWN_PAGE fields alone makes stale."""
        return {self.own_page_tag(self.pk)}

    def set_search_text(self):
        """Fill the folded names search looks in (bulk inserts call this themselves)."""
        self.search_text = search_text(*self.names())
        return self

    def names(self):
        """Every name he goes by: the full and short names, then the others."""
        return self.names_of(self.full_name, self.short_name, self.other_names)

    @staticmethod
    def names_of(full_name, short_name, other_names):
        """names() from the fields alone (search reads them without a model)."""
        return [full_name, short_name, *split_names(other_names)]

    @property
    def other_name_list(self):
        return split_names(self.other_names)

    def natural_key(self):
        return (self.slug,)

    def age_on(self, date):
        if self.birth_date is None or date < self.birth_date:
            return None
        born = self.birth_date
        return date.year - born.year - ((date.month, date.day) < (born.month, born.day))
