from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from football.core import pagetags
from football.core.params import DeferredJoin, paginate, requested_date
from football.core.prepared import Prepared
from football.pagecache.values import remembered

from . import presenters
from .models import Club, Manager, asof

PER_PAGE = 50


def manager_list(request):
    # Each manager's club is named by a subquery (no club record is loaded to tag the
    # page): a club renamed changes the list of clubs, and so this one.
    pagetags.declare(pagetags.MANAGERS, pagetags.CLUBS)
    managers = Manager.objects.only("full_name", "slug").order_by("full_name", "pk")
    page = listed(request, managers, pagetags.MANAGERS)
    today = timezone.localdate()
    asof.set_managers_standing(page.object_list, today)
    return render(request, "careers/manager_list.html", {"page": page, "on": today})


def club_list(request):
    pagetags.declare(pagetags.CLUBS, pagetags.MANAGERS)  # each club's manager by name
    clubs = Club.objects.only("short_name", "slug").order_by("short_name", "pk")
    page = listed(request, clubs, pagetags.CLUBS)
    today = timezone.localdate()
    asof.set_clubs_in_charge(page.object_list, today)
    return render(request, "careers/club_list.html", {"page": page, "on": today})


def listed(request, records, tag):
    """The requested page of `records` (only the fields a list shows), read as a
    deferred join: page 150 skips the earlier managers in the (full_name, id) index
    alone, as page 1 does none (the clubs: (short_name, id)). Its records are read
    once, into a list, for the spells' query to take their keys and the template to
    show them. Their count is kept until one is added or removed (`tag`, their list's):
    counting 10,000 managers took 1.5 ms on PostgreSQL."""
    count = remembered(f"count:{records.model._meta.label_lower}", [tag], records.count)
    page = paginate(request, DeferredJoin(records, count), PER_PAGE)
    page.object_list = list(page.object_list)
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
