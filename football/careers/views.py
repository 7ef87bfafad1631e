from django.shortcuts import get_object_or_404, render

from .models import Club, Manager


def manager_list(request):
    return render(request, "careers/manager_list.html", {"managers": Manager.objects.all()})


def manager_detail(request, slug):
    manager = get_object_or_404(Manager, slug=slug)
    tenures = manager.tenures.select_related("club")
    return render(request, "careers/manager_detail.html", {"manager": manager, "tenures": tenures})


def club_list(request):
    return render(request, "careers/club_list.html", {"clubs": Club.objects.all()})


def club_detail(request, slug):
    club = get_object_or_404(Club, slug=slug)
    tenures = club.tenures.select_related("manager").order_by("-started_on")
    return render(request, "careers/club_detail.html", {"club": club, "tenures": tenures})
