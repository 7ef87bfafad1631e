import re
import sys

from django.db import InterfaceError, OperationalError
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET

from football.careers.models import Club, Manager, Tenure
from football.core import pagetags
from football.core.params import paginate
from football.core.text import SEPARATOR, fold
from football.news.models import Story

CONTROL = re.compile(r"[\x00-\x1f\x7f]")
SEARCH_PER_PAGE = 20
MAX_QUERY = 100


def home(request):
    pagetags.declare(pagetags.STORIES, pagetags.SPELLS)
    today = timezone.localdate()
    stories = list(
        Story.objects.published()
        .only("headline", "slug", "standfirst", "published_at", "reliability")
        .prefetch_related("managers")[:8]
    )
    featured = {}
    for story in stories:
        for manager in story.managers.all():
            featured.setdefault(manager.pk, manager)
    context = {
        "stories": stories,
        "appointments": Tenure.objects.appointments(today, 6),
        "departures": Tenure.objects.departures(today, 6),
        "featured": list(featured.values())[:6],
    }
    return render(request, "pages/home.html", context)


def search(request):
    # Control characters (a NUL cannot even be stored in PostgreSQL text) are dropped.
    query = CONTROL.sub("", request.GET.get("q", "")).strip()[:MAX_QUERY]
    folded = fold(query)
    context = {"query": query}
    if folded:
        context["managers"] = _ranked(Manager.objects.all(), "full_name", folded)[:10]
        context["clubs"] = _ranked(Club.objects.all(), "short_name", folded)[:10]
        stories = (
            Story.objects.published()
            .filter(search_text__contains=folded)
            .only("headline", "slug", "standfirst", "published_at")
        )
        context["page"] = paginate(request, stories, SEARCH_PER_PAGE)
    return render(request, "pages/search.html", context)


def _ranked(queryset, name_field, folded):
    """Records matching the words: an exact name (full or short) first, then names
    starting with the words, then names with a word starting with them, then the rest."""
    matches = queryset.filter(search_text__contains=folded)
    exact = (
        Q(search_text=folded)
        | Q(search_text__startswith=folded + SEPARATOR)
        | Q(search_text__endswith=SEPARATOR + folded)
        | Q(search_text__contains=SEPARATOR + folded + SEPARATOR)
    )
    return matches.annotate(
        rank=Case(
            When(exact, then=0),
            When(search_text__startswith=folded, then=1),
            When(search_text__contains=" " + folded, then=2),
            default=Value(3),
            output_field=IntegerField(),
        )
    ).order_by("rank", name_field)


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
