import datetime

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from football.careers.models import IN_CHARGE_ROLES, Tenure, pick_main_tenure
from football.core import structured
from football.core.params import paginate

from .models import Story

PER_PAGE = 20


def story_list(request):
    stories = Story.objects.published().only(
        "headline", "slug", "standfirst", "published_at", "reliability", "byline"
    )
    page = paginate(request, stories, PER_PAGE)
    return render(request, "news/story_list.html", {"page": page})


def story_detail(request, year, month, day, slug):
    stories = Story.objects.all() if request.user.is_staff else Story.objects.published()
    story = get_object_or_404(
        stories.prefetch_related("quotes", "corrections", "sources", "managers", "clubs"),
        slug=slug,
    )
    try:
        requested = datetime.date(year, month, day)
    except ValueError:
        raise Http404("No such date") from None
    if timezone.localdate(story.published_at) != requested:
        raise Http404("No story at this address")
    on = timezone.localdate(story.published_at)
    managers = list(story.managers.all())
    clubs = list(story.clubs.all())
    _cards_as_of(managers, clubs, on)
    context = {
        "story": story,
        "on": on,
        "managers": managers,
        "clubs": clubs,
        "related": related_stories(story, managers, clubs),
        "jsonld": [
            structured.news_article(story, managers, clubs),
            structured.breadcrumbs(
                ("News", reverse("news:story_list")), (story.headline, story.get_absolute_url())
            ),
        ],
    }
    return render(request, "news/story_detail.html", context)


def _cards_as_of(managers, clubs, on):
    """Give each linked manager and club its state on the story's day, in two queries."""
    spells = Tenure.objects.filter(
        Q(manager__in=managers) | Q(club__in=clubs, role__in=IN_CHARGE_ROLES)
    ).select_related("manager", "club")
    by_manager, by_club = {}, {}
    for spell in spells.filter(started_on__lte=on):
        by_manager.setdefault(spell.manager_id, []).append(spell)
        if spell.is_in_charge:
            by_club.setdefault(spell.club_id, []).append(spell)
    for manager in managers:
        mine = by_manager.get(manager.pk, [])
        manager.age = manager.age_on(on)
        manager.current = pick_main_tenure(
            [t for t in mine if t.ended_on is None or t.ended_on >= on]
        )
        ended = [t for t in mine if t.ended_on is not None and t.ended_on < on]
        manager.last = max(ended, key=lambda t: t.ended_on) if ended else None
    for club in clubs:
        running = [t for t in by_club.get(club.pk, []) if t.ended_on is None or t.ended_on >= on]
        club.current = max(running, key=lambda t: t.started_on) if running else None


def related_stories(story, managers, clubs, limit=4):
    """The latest published stories sharing a manager or a club with this one.

    The link tables are searched by their indexed manager and club columns, so the
    cost follows the links, not the number of stories.
    """
    through_managers = Story.managers.through.objects.filter(manager__in=managers)
    through_clubs = Story.clubs.through.objects.filter(club__in=clubs)
    return (
        Story.objects.published()
        .exclude(pk=story.pk)
        .filter(
            Q(pk__in=through_managers.values("story_id"))
            | Q(pk__in=through_clubs.values("story_id"))
        )
        .only("headline", "slug", "published_at")[:limit]
    )
