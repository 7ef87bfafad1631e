from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from football.core import pagetags
from football.core.params import paginate, requested_date

from . import presenters
from .models import Club, Manager, asof

PER_PAGE = 50


def manager_list(request):
    pagetags.declare(pagetags.MANAGERS)
    page = paginate(request, Manager.objects.order_by("full_name", "pk"), PER_PAGE)
    today = timezone.localdate()
    asof.set_managers_standing(page.object_list, today)
    return render(request, "careers/manager_list.html", {"page": page, "on": today})


def club_list(request):
    pagetags.declare(pagetags.CLUBS)
    page = paginate(request, Club.objects.order_by("short_name", "pk"), PER_PAGE)
    today = timezone.localdate()
    asof.set_clubs_in_charge(page.object_list, today)
    return render(request, "careers/club_list.html", {"page": page, "on": today})


def manager_detail(request, slug):
    pagetags.declare()  # what it shows: the records it loads
    on, as_of = requested_date(request)
    manager = get_object_or_404(Manager, slug=slug)
    context = presenters.profile(manager, on, as_of, request.GET.get("page", "1"))
    return render(request, "careers/manager_detail.html", context)


def club_detail(request, slug):
    pagetags.declare()
    on, as_of = requested_date(request)
    club = get_object_or_404(Club, slug=slug)
    context = presenters.club_history(club, on, as_of, request.GET.get("page", "1"))
    return render(request, "careers/club_detail.html", context)
