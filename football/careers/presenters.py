"""What a profile or a club page shows on a day, assembled without a request.

The views read the request (the slug, `?on=`) and render; everything in between is
here, so tests can ask what a page holds on any day. The rules of "on a day" live in
asof.py.
"""

import datetime

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from football.core import structured
from football.core.dates import format_date
from football.news.models import Story

from .models import Honour, Tenure, asof
from .timeline import build_timeline

RELATED_STORIES = 6


def _with_honours(spells):
    honours = Honour.objects.select_related("competition")
    return spells.prefetch_related(Prefetch("honours", queryset=honours))


def _dated(on, as_of):
    return {"on": on, "on_display": format_date(on), "as_of": as_of}


def _stories(on, as_of):
    """Published stories; on a page seen as of a day, only those out by its end."""
    if not as_of:
        return Story.objects.published()
    end_of_day = datetime.datetime.combine(on + datetime.timedelta(days=1), datetime.time())
    return Story.objects.published(now=min(timezone.make_aware(end_of_day), timezone.now()))


def profile(manager, on, as_of=False):
    """The context of a manager's page as of `on` (`as_of`: a day was asked for)."""
    spells = list(
        _with_honours(manager.tenures.with_neighbours().select_related("club")).prefetch_related(
            "sources"
        )
    )
    neighbours = (
        Tenure.objects.filter(pk__in={t.before_id for t in spells} | {t.after_id for t in spells})
        .select_related("manager")
        .only("id", "club_id", "started_on", "manager__full_name", "manager__slug")
    )
    shown = asof.attach_succession(asof.begun_by(spells, on), neighbours, on)
    where = asof.standing(shown, on)
    honours_by_club = {}
    for spell in shown:
        if spell.honours_won:
            honours_by_club.setdefault(spell.club, []).extend(spell.honours_won)
    sources = {source.pk: source for spell in shown for source in spell.sources.all()}
    return {
        **_dated(on, as_of),
        "manager": manager,
        "age": manager.age_on(on),
        "current": where.current,
        "last": where.last,
        "tenures": shown,
        "timeline": build_timeline(shown, lambda t: t.club.short_name, on),
        "honours_by_club": honours_by_club,
        "sources": sorted(sources.values(), key=lambda s: (s.publisher, s.title)),
        "stories": _stories(on, as_of).filter(managers=manager)[:RELATED_STORIES],
        "jsonld": [
            structured.person(manager, asof.known(where.current, on)),
            structured.breadcrumbs(
                ("Managers", reverse("careers:manager_list")),
                (manager.full_name, manager.get_absolute_url()),
            ),
        ],
    }


def club_history(club, on, as_of=False):
    """The context of a club's page as of `on`: its spells newest first."""
    spells = _with_honours(
        club.tenures.filter(started_on__lte=on).select_related("manager")
    ).order_by("-started_on", "-pk")
    shown = asof.begun_by(spells, on)
    in_charge = [t for t in shown if t.is_in_charge]
    current = asof.in_charge(in_charge, on)
    honours_by_manager = {}
    for spell in reversed(shown):
        if spell.honours_won:
            honours_by_manager.setdefault(spell.manager, []).extend(spell.honours_won)
    return {
        **_dated(on, as_of),
        "club": club,
        "current": current,
        "tenures": shown,
        "timeline": build_timeline(in_charge[::-1], lambda t: t.manager.short_name, on),
        "honours_by_manager": honours_by_manager,
        "stories": _stories(on, as_of).filter(clubs=club)[:RELATED_STORIES],
        "jsonld": [
            structured.sports_team(club, asof.known(current, on)),
            structured.breadcrumbs(
                ("Clubs", reverse("careers:club_list")), (club.short_name, club.get_absolute_url())
            ),
        ],
    }
