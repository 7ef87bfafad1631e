from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse

from football.careers.models import Club, Manager
from football.news.models import Story


class StorySitemap(Sitemap):
    changefreq = "daily"
    limit = 5000

    def items(self):
        return Story.objects.published().only("slug", "published_at", "updated_at")

    def lastmod(self, story):
        return story.last_modified

    def get_latest_lastmod(self):
        # For the index: one aggregate, not a walk through every story.
        latest = Max(Coalesce("updated_at", "published_at"))
        return self.items().aggregate(latest=latest)["latest"]


def _changed(prefix=""):
    """The latest change to a record, its spells or their honours: (1) the record's own
    `modified`, (2) its spells', (3) their honours' (NULL without any; Greatest is NULL
    if any argument is on SQLite, hence the Coalesce)."""
    own = f"{prefix}modified"
    return Greatest(
        own,
        Coalesce(f"{prefix}tenures__modified", own),
        Coalesce(f"{prefix}tenures__honours__modified", own),
    )


class ManagerSitemap(Sitemap):
    """lastmod: the latest change to the record, a spell of it or an honour won in one
    (a profile and a club page show those), asked for in the items' own query."""

    changefreq = "weekly"
    limit = 5000
    model = Manager

    def items(self):
        return (
            self.model.objects.order_by("pk")
            .only("slug", "modified")
            .annotate(changed=Max(_changed()))
        )

    def lastmod(self, record):
        return record.changed

    @property
    def paginator(self):
        # Counted on the table alone, not on the grouped join of spells and honours.
        paginator = Paginator(self._items(), self.limit)
        paginator.count = self.model.objects.count()
        return paginator

    def get_latest_lastmod(self):
        return self.model.objects.aggregate(latest=Max(_changed()))["latest"]


class ClubSitemap(ManagerSitemap):
    model = Club


class SectionSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["pages:home", "news:story_list", "careers:manager_list", "careers:club_list"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "sections": SectionSitemap,
    "managers": ManagerSitemap,
    "clubs": ClubSitemap,
    "stories": StorySitemap,
}
