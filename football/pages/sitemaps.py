from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Coalesce
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


class ManagerSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Manager.objects.order_by("pk").only("slug", "modified")

    def lastmod(self, manager):
        return manager.modified

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("modified"))["latest"]


class ClubSitemap(ManagerSitemap):
    def items(self):
        return Club.objects.order_by("pk").only("slug", "modified")


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
