"""The sitemaps: an index, and a section per collection of 5,000 addresses a page.

A section is written out by `section` below, not by django.contrib.sitemaps' view and
template: 5,000 entries through the template language took 0.5-1 s (some 35,000
variable look-ups, a reverse() per story day); as strings they take a few ms. The
Sitemap classes still give the items, their pagination and the index's lastmods.
"""

from xml.sax.saxutils import escape

from django.contrib.sitemaps import Sitemap
from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import DateTimeField, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from football.careers.models import Club, Manager, Tenure
from football.core.links import slug_addresses
from football.core.params import DeferredJoin
from football.news.models import Story

WHEN = DateTimeField()


class StorySitemap(Sitemap):
    changefreq = "daily"
    limit = 5000

    def items(self):
        # Tuples, not models: 5,000 model instances cost some 60 ms to build.
        return Story.objects.published().values_list("slug", "published_at", "updated_at")

    @property
    def paginator(self):
        return Paginator(DeferredJoin(self.items()), self.limit)

    def get_latest_lastmod(self):
        # For the index: one aggregate, not a walk through every story.
        latest = Max(Coalesce("updated_at", "published_at"))
        return Story.objects.published().aggregate(latest=latest)["latest"]

    def entries(self, stories):
        """(address, lastmod) of each story: Story.get_absolute_url, with the route
        reversed once for all days."""
        address = Story.addresses()
        zone = timezone.get_current_timezone()
        for slug, published_at, updated_at in stories:
            day = published_at.astimezone(zone)  # Story.published_on
            yield address(slug, day), updated_at or published_at  # Story.last_modified


def _latest_change(field):
    """The latest change to a record, its spells or their honours: the record's own
    `modified`, or its latest spell's `changed` (which honours move), read from the
    (field, -changed) index: one entry per record."""
    spells = Tenure.objects.filter(**{field: OuterRef("pk")}).order_by("-changed")
    latest = Coalesce(Subquery(spells.values("changed")[:1]), "modified", output_field=WHEN)
    return Greatest("modified", latest, output_field=WHEN)


class ManagerSitemap(Sitemap):
    """lastmod: the latest change to the record, a spell of it or an honour won in one
    (a profile and a club page show those), asked for in the items' own query."""

    changefreq = "weekly"
    limit = 5000
    model = Manager
    field = "manager"
    route = Manager.ROUTE

    def items(self):
        records = self.model.objects.order_by("pk").annotate(changed=_latest_change(self.field))
        return records.values_list("slug", "changed")

    @property
    def paginator(self):
        # The page's keys first (PostgreSQL computes the select list of the rows an
        # OFFSET skips: page 2 read 10,000 records' latest spells), and counted on the
        # table alone.
        paginator = Paginator(DeferredJoin(self.items()), self.limit)
        paginator.count = self.model.objects.count()
        return paginator

    def get_latest_lastmod(self):
        # Every spell is some manager's and some club's: the latest spell change is
        # both sections' (from the -changed index), or the latest record's own.
        latest_spell = Tenure.objects.order_by("-changed").values("changed")[:1]
        spells = Coalesce(Subquery(latest_spell), Max("modified"), output_field=WHEN)
        latest = Greatest(Max("modified"), spells, output_field=WHEN)
        return self.model.objects.aggregate(latest=latest)["latest"]

    def entries(self, records):
        address = slug_addresses(self.route)  # as get_absolute_url gives it
        return ((address(slug), changed) for slug, changed in records)


class ClubSitemap(ManagerSitemap):
    model = Club
    field = "club"
    route = Club.ROUTE


class SectionSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["pages:home", "news:story_list", "careers:manager_list", "careers:club_list"]

    def location(self, name):
        return reverse(name)

    def entries(self, names):
        return ((reverse(name), None) for name in names)


SITEMAPS = {
    "sections": SectionSitemap,
    "managers": ManagerSitemap,
    "clubs": ClubSitemap,
    "stories": StorySitemap,
}

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)


def section(request, section, sitemaps):
    """One page (?p=) of one section, as django.contrib.sitemaps.views.sitemap writes
    it (the same XML, Last-Modified and X-Robots-Tag), in a few milliseconds."""
    if section not in sitemaps:
        raise Http404(f"No sitemap available for section: {section!r}")
    sitemap = sitemaps[section]()
    number = request.GET.get("p", 1)
    try:
        items = sitemap.paginator.page(number).object_list
    except EmptyPage:
        raise Http404(f"Page {number} empty") from None
    except PageNotAnInteger:
        raise Http404(f"No page '{number}'") from None
    protocol = sitemap.get_protocol(request.scheme)
    base = escape(f"{protocol}://{sitemap.get_domain(get_current_site(request))}")
    changefreq = f"<changefreq>{sitemap.changefreq}</changefreq>" if sitemap.changefreq else ""
    zone = timezone.get_current_timezone()
    parts, lastmods = [HEAD], []
    # Paths need no escaping: reverse() and quote() leave no &, < or > in them.
    for path, lastmod in sitemap.entries(items):
        if lastmod is None:
            parts.append(f"<url><loc>{base}{path}</loc>{changefreq}</url>")
            continue
        lastmods.append(lastmod)
        day = lastmod.astimezone(zone)  # as the template's date filter shows it
        parts.append(
            f"<url><loc>{base}{path}</loc><lastmod>{day.year:04d}-{day.month:02d}-"
            f"{day.day:02d}</lastmod>{changefreq}</url>"
        )
    parts.append("\n</urlset>\n")
    response = HttpResponse("".join(parts), content_type="application/xml")
    if lastmods and len(lastmods) == len(parts) - 2:  # every entry has one
        response.headers["Last-Modified"] = http_date(max(lastmods).timestamp())
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response
