"""Values kept under the page cache's tokens (football.pagecache.values): the count of
published stories that every page of /news/ needs, and the counts of managers and clubs
that every page of their lists needs."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from football.careers.models import Club, Manager
from football.careers.views import PER_PAGE as LIST_PAGE
from football.news.models import Story
from football.news.views import PER_PAGE

pytestmark = pytest.mark.django_db


def story(n, when):
    return Story.objects.create(
        headline=f"Story {n}", slug=f"story-{n}", standfirst="s", body="b", byline="Desk",
        status=Story.Status.PUBLISHED, published_at=when,
    )  # fmt: skip


def pages(client, url="/news/"):
    text = client.get(url).content.decode()
    return int(text.split("Page 1 of ", 1)[1].split("<", 1)[0])


@pytest.fixture
def two_full_pages(settings, committed):
    settings.PAGE_CACHE = False  # the pages themselves rendered each time
    now = timezone.now()
    with committed():
        for n in range(2 * PER_PAGE):
            story(n, now - datetime.timedelta(hours=n + 1))
    return now


def test_the_count_is_kept_until_a_story_is_published_or_removed(
    client, two_full_pages, committed, django_assert_num_queries
):
    assert pages(client) == 2
    with django_assert_num_queries(1):  # the page's stories: the count is kept
        assert pages(client) == 2
    with committed():
        extra = story("extra", timezone.now() - datetime.timedelta(minutes=1))
    assert pages(client) == 3
    assert client.get("/news/?page=3").status_code == 200
    with committed():
        extra.status = Story.Status.DRAFT
        extra.save()
    assert pages(client) == 2
    assert client.get("/news/?page=3").status_code == 404
    with committed():
        Story.objects.get(slug="story-0").delete()
        extra.delete()
    assert pages(client) == 2
    assert client.get("/news/?page=2").content.decode().count('class="story-title"') == 19


def test_a_scheduled_story_is_counted_once_its_time_passes(client, two_full_pages, committed):
    now = two_full_pages
    with committed():
        story("later", now + datetime.timedelta(hours=2))
    with time_machine.travel(now, tick=False):
        assert pages(client) == 2
        assert pages(client) == 2
    with time_machine.travel(now + datetime.timedelta(hours=2, seconds=1), tick=False):
        assert pages(client) == 3


def test_a_change_made_without_signals_is_counted_after_the_content_version_moves(
    client, two_full_pages, committed
):
    from football.pagecache.store import bump_content_version

    with committed():
        story("draft", timezone.now() - datetime.timedelta(minutes=1))
        Story.objects.filter(slug="story-draft").update(status=Story.Status.DRAFT)
    assert pages(client) == 2
    Story.objects.filter(slug="story-draft").update(status=Story.Status.PUBLISHED)
    bump_content_version()  # as populate and restore do after such changes
    assert pages(client) == 3


def test_with_the_cache_down_the_count_is_made_on_each_request(
    client, two_full_pages, committed, settings, django_assert_num_queries
):
    settings.CACHES = {"default": {"BACKEND": "tests.pagecache.test_outages.BrokenCache"}}
    with django_assert_num_queries(2):  # the count and the page
        assert pages(client) == 2
    with committed():
        story("extra", timezone.now() - datetime.timedelta(minutes=1))
    assert pages(client) == 3


@pytest.mark.parametrize(
    ("url", "model", "fields"),
    [
        ("/managers/", Manager, {"full_name": "Zz {n}", "short_name": "Zz"}),
        ("/clubs/", Club, {"name": "Zz {n}", "short_name": "Zz {n}", "country": "Italy"}),
    ],
)
def test_a_lists_count_is_kept_until_a_record_is_added_or_removed(
    client, seeded, settings, committed, django_assert_num_queries, url, model, fields
):
    settings.PAGE_CACHE = False
    listed = model.objects.count()
    filler = 2 * LIST_PAGE - listed  # two full pages: one more makes a third
    with committed():
        for n in range(filler):
            model.objects.create(slug=f"zz-{n}", **{k: v.format(n=n) for k, v in fields.items()})
    full = 2
    assert pages(client, url) == full
    with django_assert_num_queries(2):  # the page's records and their spells: the count is kept
        assert pages(client, url) == full
    with committed():
        extra = model.objects.create(
            slug="zz-extra", **{k: v.format(n="x") for k, v in fields.items()}
        )
    assert pages(client, url) == full + 1
    assert client.get(f"{url}?page={full + 1}").status_code == 200
    with committed():
        extra.delete()
    assert pages(client, url) == full
    assert client.get(f"{url}?page={full + 1}").status_code == 404


def test_a_kept_value_is_read_in_one_round_trip(monkeypatch):
    """The value and what it was kept under (the content version, the next scheduled
    story, its tags' tokens) come in the same request to the cache."""
    from football.pagecache import store, values

    asked, computed, cache = [], [], store.cache

    class Counted:
        def __getattr__(self, operation):
            asked.append(operation)
            return getattr(cache, operation)

    def compute():
        computed.append(1)
        return 42

    assert values.remembered("answer", [Story.page_tag(1), "list:stories"], compute) == 42
    monkeypatch.setattr(store, "cache", Counted())
    assert values.remembered("answer", [Story.page_tag(1), "list:stories"], compute) == 42
    assert asked == ["get_many"]
    assert computed == [1]
    store.bump_content_version()
    assert values.remembered("answer", [Story.page_tag(1), "list:stories"], compute) == 42
    assert computed == [1, 1]  # the version moved: computed again
