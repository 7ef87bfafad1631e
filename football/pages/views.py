import datetime
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET

from football.careers.models import Manager, Tenure
from football.core import pagetags
from football.core.prepared import ByKeys, Prepared
from football.news import headlines
from football.news.models import Story

from . import search as search_engine

MAX_QUERY = 100


# What the home page shows of a recent change: the dates, how it ended, and the
# manager's and club's names and addresses (not whole records: fewer columns to
# compile, read and convert).
CHANGE_FIELDS = (
    "started_on", "started_precision", "ended_on", "ended_precision", "departure",
    "manager__full_name", "manager__slug", "club__short_name", "club__slug",
)  # fmt: skip


CHANGES = 6
APPOINTMENTS = Prepared(
    lambda on: Tenure.objects.appointments(on, CHANGES).only(*CHANGE_FIELDS), on=datetime.date
)
DEPARTURES = Prepared(
    lambda on: Tenure.objects.departures(on, CHANGES).only(*CHANGE_FIELDS), on=datetime.date
)

# The latest stories, and the managers they name (their names and addresses), read by
# the stories' keys as Django's prefetch reads them, in their order.
LATEST = 8
LATEST_STORIES = Prepared(
    lambda now: Story.objects.published(now=now).values_list(*headlines.FIELDS)[:LATEST],
    now=datetime.datetime,
)
NAMED_IN = ByKeys(
    lambda keys: (
        Story.managers.through.objects.filter(story__in=keys)
        .select_related("manager")
        .only("story_id", "manager__full_name", "manager__slug")
        .order_by(*(f"manager__{field}" for field in Manager._meta.ordering))
    ),
    LATEST,
)


def home(request):
    pagetags.declare(pagetags.STORIES, pagetags.SPELLS)
    today = timezone.localdate()
    stories = headlines.Headline.rows(LATEST_STORIES(now=timezone.now()))
    named = NAMED_IN.grouped([story.pk for story in stories], by="story_id")
    featured = {}
    for links in named.values():  # the stories' order, each story's managers in theirs
        for link in links:
            featured.setdefault(link.manager_id, link.manager)
    context = {
        "stories": stories,
        "appointments": APPOINTMENTS(on=today),
        "departures": DEPARTURES(on=today),
        "featured": list(featured.values())[:6],
    }
    return render(request, "pages/home.html", context)


def search(request):
    # Any record may match: the page goes stale with every collection and with what
    # search alone reads (a story's body), and the hundreds of candidates it reads do
    # not tag it one by one.
    pagetags.declare(*pagetags.COLLECTIONS, pagetags.SEARCH, records=False)
    query = search_engine.clean(request.GET.get("q", ""), MAX_QUERY)
    results = search_engine.find(query, request.GET.get("page", "1"))
    return render(request, "pages/search.html", {"query": query, "results": results})


@require_GET
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap_index"))
    lines = ["User-agent: *", "Disallow: /search/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain")


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico wherever no icon is linked (the admin, feeds)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@never_cache
def healthz(request):
    """Liveness: the process answers. Deliberately touches no database."""
    return HttpResponse("ok", content_type="text/plain")


def bad_request(request, exception=None):
    message = str(exception) if exception else "The address has a mistake in it."
    return render(request, "400.html", {"message": message}, status=400)


# How long a reader should wait before asking again when the database is down.
RETRY_AFTER = 30


@requires_csrf_token
def server_error(request):
    """A server error; when the database cannot be reached, a 503 saying so (with
    Retry-After), not a 500: nothing is broken that a retry will not mend. Rendered
    without the database (no session, no user)."""
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        response = render(request, "503.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    return defaults.server_error(request)
