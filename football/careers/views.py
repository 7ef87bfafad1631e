from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from football.core import structured
from football.core.dates import format_date
from football.core.params import paginate, requested_date
from football.news.models import Story

from .models import Club, Honour, Manager, Tenure, pick_main_tenure
from .timeline import attach_succession, build_timeline

PER_PAGE = 50
RELATED_STORIES = 6


def manager_list(request):
    page = paginate(request, Manager.objects.order_by("full_name", "pk"), PER_PAGE)
    today = timezone.localdate()
    current = {}
    spells = (
        Tenure.objects.on(today)
        .filter(manager__in=page.object_list)
        .select_related("club")
        .order_by("started_on")
    )
    for spell in spells:
        current.setdefault(spell.manager_id, []).append(spell)
    for manager in page.object_list:
        manager.current = pick_main_tenure(current.get(manager.pk, []))
    return render(request, "careers/manager_list.html", {"page": page, "on": today})


def club_list(request):
    page = paginate(request, Club.objects.order_by("short_name", "pk"), PER_PAGE)
    today = timezone.localdate()
    in_charge = {
        spell.club_id: spell
        for spell in Tenure.objects.on(today)
        .in_charge()
        .filter(club__in=page.object_list)
        .select_related("manager")
        .order_by("started_on")
    }
    for club in page.object_list:
        club.current = in_charge.get(club.pk)
    return render(request, "careers/club_list.html", {"page": page, "on": today})


def known(spell, on):
    """The spell, if the records know it was running on `on`: structured data cannot say
    "last confirmed", so a spell not confirmed that far is left out of it."""
    if spell is None or spell.unconfirmed_after(on) is not None:
        return None
    return spell


def manager_detail(request, slug):
    on, as_of = requested_date(request)
    manager = get_object_or_404(Manager, slug=slug)
    tenures = list(
        manager.tenures.with_neighbours()
        .select_related("club")
        .prefetch_related(
            Prefetch("honours", queryset=Honour.objects.select_related("competition")),
            "sources",
        )
    )
    neighbours = (
        Tenure.objects.filter(pk__in={t.before_id for t in tenures} | {t.after_id for t in tenures})
        .select_related("manager")
        .only("id", "club_id", "started_on", "manager__full_name", "manager__slug")
    )
    attach_succession(tenures, neighbours)
    shown = [t for t in tenures if t.started_on <= on]
    for tenure in shown:
        tenure.length = tenure.length_on(on)
    current = pick_main_tenure([t for t in shown if t.ended_on is None or t.ended_on >= on])
    ended = [t for t in shown if t.ended_on is not None and t.ended_on <= on]
    last = max(ended, key=lambda t: t.ended_on) if ended else None
    honours_by_club = {}
    for tenure in shown:
        for honour in tenure.honours.all():
            honours_by_club.setdefault(tenure.club, []).append(honour)
    sources = {source.pk: source for t in shown for source in t.sources.all()}
    stories = Story.objects.published().filter(managers=manager)[:RELATED_STORIES]
    context = {
        "manager": manager,
        "on": on,
        "on_display": format_date(on),
        "as_of": as_of,
        "age": manager.age_on(on),
        "current": current,
        "last": last if current is None else None,
        "tenures": shown,
        "timeline": build_timeline(shown, lambda t: t.club.short_name, on),
        "honours_by_club": honours_by_club,
        "sources": sorted(sources.values(), key=lambda s: (s.publisher, s.title)),
        "stories": stories,
        "jsonld": [
            structured.person(manager, known(current, on)),
            structured.breadcrumbs(
                ("Managers", reverse("careers:manager_list")),
                (manager.full_name, manager.get_absolute_url()),
            ),
        ],
    }
    return render(request, "careers/manager_detail.html", context)


def club_detail(request, slug):
    on, as_of = requested_date(request)
    club = get_object_or_404(Club, slug=slug)
    tenures = list(
        club.tenures.filter(started_on__lte=on)
        .select_related("manager")
        .prefetch_related(
            Prefetch("honours", queryset=Honour.objects.select_related("competition"))
        )
        .order_by("-started_on", "-pk")
    )
    for tenure in tenures:
        tenure.length = tenure.length_on(on)
    in_charge = [t for t in tenures if t.is_in_charge]
    current = next(
        (t for t in in_charge if t.ended_on is None or t.ended_on >= on),
        None,
    )
    honours_by_manager = {}
    for tenure in reversed(tenures):
        for honour in tenure.honours.all():
            honours_by_manager.setdefault(tenure.manager, []).append(honour)
    stories = Story.objects.published().filter(clubs=club)[:RELATED_STORIES]
    context = {
        "club": club,
        "on": on,
        "on_display": format_date(on),
        "as_of": as_of,
        "current": current,
        "tenures": tenures,
        "timeline": build_timeline(list(reversed(in_charge)), lambda t: t.manager.short_name, on),
        "honours_by_manager": honours_by_manager,
        "stories": stories,
        "jsonld": [
            structured.sports_team(club, known(current, on)),
            structured.breadcrumbs(
                ("Clubs", reverse("careers:club_list")), (club.short_name, club.get_absolute_url())
            ),
        ],
    }
    return render(request, "careers/club_detail.html", context)
