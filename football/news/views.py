from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from football.careers.models import asof
from football.core import pagetags, structured
from football.core.params import DeferredJoin, paginate

from .models import Story

PER_PAGE = 20


def story_list(request):
    # Tagged with the stories it shows (a headline edited forgets the one page showing
    # it) and list:stories (a story published, unpublished or moved shifts them all).
    pagetags.declare(pagetags.STORIES)
    stories = Story.objects.published().only(
        "headline", "slug", "standfirst", "published_at", "reliability", "byline"
    )
    # Deep pages skip earlier stories in story_published_idx alone (status, newest
    # first, then id); the count reads that index too.
    page = paginate(request, DeferredJoin(stories), PER_PAGE)
    return render(request, "news/story_list.html", {"page": page})


def story_detail(request, year, month, day, slug):
    pagetags.declare()
    stories = Story.objects.all() if request.user.is_staff else Story.objects.published()
    story = get_object_or_404(
        stories.prefetch_related("quotes", "corrections", "sources", "managers", "clubs"),
        slug=slug,
    )
    if (year, month, day) != story.published_on.timetuple()[:3]:
        raise Http404("No story at this address")
    pagetags.add(Story.own_page_tag(story.pk))
    return render(request, "news/story_detail.html", story_page(story))


def story_page(story):
    """The context of a story's page: its who's-who as of the day it was published."""
    on = story.published_on
    managers, clubs = asof.set_cards(list(story.managers.all()), list(story.clubs.all()), on)
    return {
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


def related_stories(story, managers, clubs, limit=4):
    """The latest published stories sharing a manager or a club with this one.

    The linked stories come from the link tables, by their indexed manager and club
    columns, as one set (a UNION): the cost follows the links, not the number of
    stories. (With an OR of two subqueries instead, PostgreSQL walked every published
    story newest first looking for linked ones: 9 ms at 20,000 stories.)
    """
    through_managers = Story.managers.through.objects.filter(manager__in=managers)
    through_clubs = Story.clubs.through.objects.filter(club__in=clubs)
    linked = through_managers.values("story_id").union(through_clubs.values("story_id"))
    return (
        Story.objects.published()
        .exclude(pk=story.pk)
        .filter(pk__in=linked)
        .only("headline", "slug", "published_at")[:limit]
    )
