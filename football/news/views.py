import datetime
import functools

from django.db import connections
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from football.careers.models import Club, Manager, Source, asof
from football.core import pagetags, structured
from football.core.params import PreparedPages
from football.core.prepared import Prepared, fill, places, read_together
from football.pagecache.values import remembered

from . import headlines
from .models import Correction, Quote, Story, StoryChanges

PER_PAGE = 20


# The news, newest first, a page at a time (football.core.params.PreparedPages): a deep
# page skips earlier stories in story_published_idx alone (status, newest first, then
# id), from its nearer end.
STORIES = PreparedPages(
    lambda now: Story.objects.published(now=now).values_list(*headlines.FIELDS),
    PER_PAGE,
    now=datetime.datetime,
)


# How many stories readers may see is counted (3-4 ms on PostgreSQL at 18,000 stories)
# and kept in each process under what tells which stories those are: StoryChanges'
# mark and the next scheduled story (AS_OF). Kept in the shared cache instead, the
# count cost the page a round trip of its own: 0.06 ms to the disk cache, 0.2 ms to
# Redis.
AS_OF = Prepared(StoryChanges.as_of, now=datetime.datetime)
COUNTED = {}  # database name -> ((mark, next scheduled), count)


def count_published(now=None):
    return Story.objects.published(now).count()


def _database(alias):
    return connections[alias].settings_dict["NAME"]


def published_count(as_of, now):
    """How many stories readers may see at `now`; `as_of`, AS_OF's queryset for it."""
    read = list(as_of)
    if not read:  # the mark's row deleted by hand: counted, and kept in the shared cache
        return remembered("published-stories", [pagetags.STORIES], count_published)
    database = _database(as_of.db)
    kept = COUNTED.get(database)
    if kept is not None and kept[0] == read[0]:
        return kept[1]
    count = count_published(now)
    COUNTED[database] = (read[0], count)
    return count


def story_list(request):
    # Tagged with the stories it shows (a headline edited forgets the one page showing
    # it) and list:stories (a story published, unpublished or moved shifts them all).
    pagetags.declare(pagetags.STORIES)
    now = timezone.now()
    as_of = functools.cache(lambda: AS_OF(now=now))
    # What the count is kept under is read with the first page's stories (in one round
    # trip, on PostgreSQL) where the count will be asked for: where the news was longer
    # than a page when last counted. A second query in the pipeline costs PostgreSQL
    # 0.15 ms, and a news of a page or less is not counted.
    counted = COUNTED.get(_database(AS_OF.template.db), (None, 0))[1]
    page = STORIES.page(
        request.GET.get("page", "1"),
        lambda: published_count(as_of(), now),  # not asked if the first page holds them all
        read_with=(lambda: [as_of()]) if counted > PER_PAGE else None,
        now=now,
    )
    page.object_list = headlines.Headline.rows(page)
    return render(request, "news/story_list.html", {"page": page})


# A story and what its page shows with it, each read by a query built and compiled once
# (a story's page is six of them, and Django took longer to build and compile them
# than the database to run them).
PUBLISHED_STORY = Prepared(
    lambda slug, now: Story.objects.published(now=now).filter(slug=slug)[:1],
    slug=str,
    now=datetime.datetime,
)
LINKED = {
    "quotes": Prepared(lambda story: Quote.objects.filter(story=story), story=int),
    "corrections": Prepared(lambda story: Correction.objects.filter(story=story), story=int),
    "sources": Prepared(lambda story: Source.objects.filter(stories=story), story=int),
    "managers": Prepared(lambda story: Manager.objects.filter(stories=story), story=int),
    "clubs": Prepared(lambda story: Club.objects.filter(stories=story), story=int),
}


# A story's who's-who and related stories, prepared for a story of up to CARDS
# managers and CARDS clubs (nearly every one): the keys fill CARDS places each, the last
# repeated (0, no record's key, for none). A story of more is read by queries built
# for it.
CARDS = 4
MANAGER_KEYS, CLUB_KEYS = places("manager", CARDS), places("club", CARDS)
CARD_KEYS = {**MANAGER_KEYS, **CLUB_KEYS}


def _cards_of(keys):
    return [keys[name] for name in MANAGER_KEYS], [keys[name] for name in CLUB_KEYS]


CARD_SPELLS = Prepared(
    lambda on, **keys: asof.card_spells(*_cards_of(keys), on),
    on=datetime.date,
    **CARD_KEYS,
)
RELATED = Prepared(
    lambda story, now, **keys: related_stories(story, *_cards_of(keys), now),
    story=int,
    now=datetime.datetime,
    **CARD_KEYS,
)


def _card_keys(managers, clubs):
    """The values of CARD_SPELLS and RELATED for these records, or None if there are
    more than they take."""
    of_managers = fill(MANAGER_KEYS, [manager.pk for manager in managers])
    of_clubs = fill(CLUB_KEYS, [club.pk for club in clubs])
    if of_managers is None or of_clubs is None:
        return None
    return {**of_managers, **of_clubs}


def story_detail(request, year, month, day, slug):
    pagetags.declare()
    if request.user.is_staff:  # a draft or a scheduled story too, as a preview
        found = list(Story.objects.filter(slug=slug)[:1])
    else:
        found = list(PUBLISHED_STORY(slug=slug, now=timezone.now()))
    if not found or (year, month, day) != found[0].published_on.timetuple()[:3]:
        raise Http404("No story at this address")
    story = found[0]
    pagetags.add(Story.own_page_tag(story.pk))
    return render(request, "news/story_detail.html", story_page(story))


def story_page(story):
    """The context of a story's page: its who's-who as of the day it was published, and
    its quotes, sources and corrections."""
    on = story.published_on
    read = read_together(*(prepared(story=story.pk) for prepared in LINKED.values()))
    linked = dict(zip(LINKED, read, strict=True))
    managers, clubs = linked.pop("managers"), linked.pop("clubs")
    now = timezone.now()
    keys = _card_keys(managers, clubs)
    if keys is None:
        spells = asof.card_spells(managers, clubs, on)
        related = related_stories(story.pk, managers, clubs, now)
    else:
        spells, related = read_together(
            CARD_SPELLS(on=on, **keys), RELATED(story=story.pk, now=now, **keys)
        )
    asof.set_cards(managers, clubs, on, spells)
    return {
        "story": story,
        **linked,
        "on": on,
        "managers": managers,
        "clubs": clubs,
        "related": related,
        "jsonld": [
            structured.news_article(story, managers, clubs),
            structured.breadcrumbs(
                ("News", reverse("news:story_list")), (story.headline, story.get_absolute_url())
            ),
        ],
    }


def related_stories(story, managers, clubs, now, limit=4):
    """The latest stories published by `now` sharing a manager or a club with the story
    `story` (a key; `managers` and `clubs`: records or keys).

    The linked stories come from the link tables, by their indexed manager and club
    columns, as one set (a UNION): the cost follows the links, not the number of
    stories. (With an OR of two subqueries instead, PostgreSQL walked every published
    story newest first looking for linked ones: 9 ms at 20,000 stories.)
    """
    through_managers = Story.managers.through.objects.filter(manager__in=managers)
    through_clubs = Story.clubs.through.objects.filter(club__in=clubs)
    linked = through_managers.values("story_id").union(through_clubs.values("story_id"))
    return (
        Story.objects.published(now=now)
        .exclude(pk=story)
        .filter(pk__in=linked)
        .only("headline", "slug", "published_at")[:limit]
    )
