from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from football.core import pagetags
from football.core.links import slug_addresses
from football.core.params import PreparedPages, requested_date
from football.core.prepared import Prepared
from football.pagecache.values import remembered

from . import presenters
from .models import Club, Manager, asof

PER_PAGE = 50


class Listed:
    """A manager or club as a list shows it: a name and its address (read as a row, not
    a record: 50 records cost a list page 0.4 ms to build), and `current`, its job or
    manager on the day."""

    __slots__ = ("pk", "name", "url", "current")

    def __init__(self, pk, name, url):
        self.pk, self.name, self.url, self.current = pk, name, url, None


def _names(model, name):
    """A list of records by name, and the index it is read in: (name, id)."""
    return model.objects.order_by(name, "pk").values_list("pk", "slug", name)


MANAGERS = PreparedPages(lambda: _names(Manager, "full_name"), PER_PAGE)
CLUBS = PreparedPages(lambda: _names(Club, "short_name"), PER_PAGE)


def manager_list(request):
    # Each manager's club is named by a subquery (no club record is loaded to tag the
    # page): a club renamed changes the list of clubs, and so this one.
    pagetags.declare(pagetags.MANAGERS, pagetags.CLUBS)
    page = listed(request, Manager, MANAGERS, pagetags.MANAGERS)
    today = timezone.localdate()
    asof.set_managers_standing(page.object_list, today)
    return render(request, "careers/manager_list.html", {"page": page, "on": today})


def club_list(request):
    pagetags.declare(pagetags.CLUBS, pagetags.MANAGERS)  # each club's manager by name
    page = listed(request, Club, CLUBS, pagetags.CLUBS)
    today = timezone.localdate()
    asof.set_clubs_in_charge(page.object_list, today)
    return render(request, "careers/club_list.html", {"page": page, "on": today})


def listed(request, model, pages, tag):
    """The requested page of a list (`pages`, of `model`'s records by name), each row a
    Listed. The first page is read with one more row, and the records are counted only
    if there are more; another page's rows are read in one query by their keys' slice
    of the (name, id) index, page 150 skipping earlier rows in the index alone. The
    count is kept until a record is added or removed (`tag`, their list's): counting
    10,000 managers took 1.5 ms on PostgreSQL."""

    def count():
        return remembered(f"count:{model._meta.label_lower}", [tag], model.objects.count)

    page = pages.page(request.GET.get("page", "1"), count)
    address = slug_addresses(model.ROUTE)  # the route found once for the page's 50
    page.object_list = [Listed(pk, name, address(slug)) for pk, slug, name in page]
    # Tagged with each record, as a record loaded would tag it: a change to one's job
    # (its spell's) makes stale the pages that show it.
    pagetags.add(*(model.page_tag(row.pk) for row in page.object_list))
    return page


MANAGER = Prepared(lambda slug: Manager.objects.filter(slug=slug)[:1], slug=str)
CLUB = Prepared(lambda slug: Club.objects.filter(slug=slug)[:1], slug=str)


def found(prepared, slug):
    """The record with this slug (a prepared query), or a 404."""
    for record in prepared(slug=slug):
        return record
    raise Http404("No record at this address")


def manager_detail(request, slug):
    pagetags.declare()  # what it shows: the records it loads
    on, as_of = requested_date(request)
    manager = found(MANAGER, slug)
    pagetags.add(Manager.own_page_tag(manager.pk))
    context = presenters.profile(manager, on, as_of, request.GET.get("page", "1"))
    return render(request, "careers/manager_detail.html", context)


def club_detail(request, slug):
    pagetags.declare()
    on, as_of = requested_date(request)
    club = found(CLUB, slug)
    pagetags.add(Club.own_page_tag(club.pk))
    context = presenters.club_history(club, on, as_of, request.GET.get("page", "1"))
    return render(request, "careers/club_detail.html", context)
