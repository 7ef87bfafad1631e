"""The mark of changes to stories (football.news.models.StoryChanges, made and kept by
migration 0008's triggers) and the count of stories the news keeps under it
(football.news.views.published_count)."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from football.news import views
from football.news.models import Story, StoryChanges
from tests.pages_helpers import html

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def mark():
    return StoryChanges.objects.get().mark


def make(slug, status=Story.Status.PUBLISHED, when=None, save=True):
    story = Story(
        headline=slug, slug=slug, standfirst="s", body="b", byline="b", status=status,
        published_at=when or timezone.now() - HOUR,
    )  # fmt: skip
    if save:
        story.save()
    return story


def raw(sql, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def publish_draft():
    draft = Story.objects.get(slug="draft")
    draft.status = Story.Status.PUBLISHED
    draft.save()


WRITES = {
    "a story saved new": lambda: make("new"),
    "a draft saved new": lambda: make("new", status=Story.Status.DRAFT),
    "a bulk create": lambda: Story.objects.bulk_create(
        [make(f"b{i}", save=False) for i in range(3)]
    ),
    "a draft published": publish_draft,
    "stories unpublished by update()": lambda: Story.objects.update(status=Story.Status.DRAFT),
    "a story rescheduled by update()": lambda: Story.objects.filter(slug="old").update(
        published_at=timezone.now() + HOUR
    ),
    "a story deleted": lambda: Story.objects.get(slug="old").delete(),
    "stories deleted by delete()": lambda: Story.objects.all().delete(),
    "a DELETE typed at a prompt": lambda: raw("DELETE FROM news_story WHERE slug = %s", "old"),
}


@pytest.mark.parametrize("write", WRITES)
def test_every_write_that_may_change_the_count_gives_a_new_mark(write):
    make("old")
    make("draft", status=Story.Status.DRAFT)
    before = mark()
    WRITES[write]()
    assert mark() != before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_a_truncation_gives_a_new_mark():
    make("old")
    before = mark()
    raw("TRUNCATE news_story CASCADE")
    assert mark() != before


def test_reading_and_editing_the_text_keep_the_mark():
    story = make("old")
    before = mark()
    list(Story.objects.all())
    story.headline = "Another headline"
    story.save(update_fields=["headline"])
    Story.objects.filter(pk=story.pk).update(body="Another body")
    assert mark() == before


def pages(client):
    """The number of pages /news/ says it has (one if it says none)."""
    found = re.search(r"Page 1 of (\d+)", html(client.get("/news/")))
    return int(found[1]) if found else 1


def expected():
    """The number of pages the stories readers may see fill (one if none)."""
    return max(1, -(-Story.objects.published().count() // views.PER_PAGE))


def test_the_news_counts_what_readers_may_see_after_every_write(client, settings, monkeypatch):
    settings.PAGE_CACHE = False
    monkeypatch.setattr(views, "remembered", None)  # the shared cache is not asked
    Story.objects.bulk_create([make(f"s{i}", save=False) for i in range(2 * views.PER_PAGE)])
    assert pages(client) == expected() >= 2
    Story.objects.bulk_create([make(f"t{i}", save=False) for i in range(views.PER_PAGE)])
    assert pages(client) == expected() >= 3
    Story.objects.filter(slug__startswith="t").update(status=Story.Status.DRAFT)
    assert pages(client) == expected()
    Story.objects.filter(slug__startswith="s1").delete()
    assert pages(client) == expected()
    raw("DELETE FROM news_story WHERE slug LIKE %s", "s%")
    assert pages(client) == expected() == 1


@pytest.fixture
def two_full_pages(settings, committed):
    settings.PAGE_CACHE = False  # the pages themselves rendered each time
    now = timezone.now()
    with committed():
        Story.objects.bulk_create(
            [
                make(f"s{n}", when=now - (n + 1) * HOUR, save=False)
                for n in range(2 * views.PER_PAGE)
            ]
        )
    return now


def test_the_count_is_kept_until_a_story_is_published_or_removed(
    client, two_full_pages, committed, django_assert_num_queries
):
    assert pages(client) == 2
    # The page's stories and what the count is kept under (on PostgreSQL, in one round
    # trip): the count itself is kept.
    with django_assert_num_queries(2):
        assert pages(client) == 2
    with committed():
        extra = make("extra", when=timezone.now() - datetime.timedelta(minutes=1))
    assert pages(client) == 3
    assert client.get("/news/?page=3").status_code == 200
    with committed():
        extra.status = Story.Status.DRAFT
        extra.save()
    assert pages(client) == 2
    assert client.get("/news/?page=3").status_code == 404
    with committed():
        Story.objects.get(slug="s0").delete()
        extra.delete()
    assert pages(client) == 2
    assert html(client.get("/news/?page=2")).count('class="story-title"') == 19


def test_a_scheduled_story_is_counted_once_its_time_passes(client, two_full_pages, committed):
    now = two_full_pages
    with committed():
        make("later", when=now + 2 * HOUR)
    with time_machine.travel(now, tick=False):
        assert pages(client) == 2
        assert pages(client) == 2
    # The mark is the same; the next scheduled story is not.
    with time_machine.travel(now + 2 * HOUR + datetime.timedelta(seconds=1), tick=False):
        assert pages(client) == 3


def test_the_count_does_not_need_the_shared_cache(
    client, two_full_pages, committed, settings, django_assert_num_queries
):
    settings.CACHES = {"default": {"BACKEND": "tests.pagecache.test_outages.BrokenCache"}}
    with django_assert_num_queries(
        3
    ):  # the page's stories, what the count is kept under, the count
        assert pages(client) == 2
    with django_assert_num_queries(2):
        assert pages(client) == 2
    with committed():
        make("extra", when=timezone.now() - datetime.timedelta(minutes=1))
    assert pages(client) == 3


def test_without_the_marks_row_the_news_is_still_counted(client, settings):
    settings.PAGE_CACHE = False
    Story.objects.bulk_create([make(f"s{i}", save=False) for i in range(2 * views.PER_PAGE + 1)])
    StoryChanges.objects.all().delete()
    assert pages(client) == expected() == 3
    assert html(client.get("/news/?page=3")).count('<h2 class="story-title">') == 1
