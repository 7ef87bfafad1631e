"""Values kept under the page cache's tokens (football.pagecache.values): the counts of
managers and clubs that every page of their lists needs. (The count of stories the
news needs is kept by each process: tests/news/test_changes.py.)"""

import pytest

from football.careers.models import Club, Manager
from football.careers.views import PER_PAGE as LIST_PAGE
from football.news.models import Story

pytestmark = pytest.mark.django_db


def pages(client, url):
    text = client.get(url).content.decode()
    return int(text.split("Page 1 of ", 1)[1].split("<", 1)[0])


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
