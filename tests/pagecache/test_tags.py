"""Forget only what changed: pages are tagged with what they show, and a change makes
stale only the pages tagged with it (football.core.pagetags, football.pagecache.signals).

Run against local memory by default and against Redis in CI (CACHE_URL=redis://...).
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from football.careers.models import Club, Honour, Manager, Source, Tenure
from football.news.models import Story

ALLEGRI_STORY_SLUG = "allegri-set-for-juventus-return"


def url(name, **kwargs):
    return reverse(name, kwargs=kwargs)


@pytest.fixture
def pages(seeded, make_tenure, make_manager, make_club):
    """Allegri's profile, Juventus's page, the Allegri story, and the page of a manager
    with nothing to do with them (a spell at a club of his own)."""
    other = make_manager(full_name="Nobody Related", slug="nobody-related")
    make_tenure(manager=other, club=make_club(short_name="Elsewhere FC", slug="elsewhere"))
    story = Story.objects.get(slug=ALLEGRI_STORY_SLUG)
    return {
        "allegri": url("careers:manager_detail", slug="massimiliano-allegri"),
        "juventus": url("careers:club_detail", slug="juventus"),
        "story": story.get_absolute_url(),
        "other": url("careers:manager_detail", slug="nobody-related"),
    }


def cached(client, path):
    return client.get(path)["X-Page-Cache"]


def warm(client, paths):
    for path in paths:
        assert cached(client, path) == "miss", path
        assert cached(client, path) == "hit", path


def allegri_at_juventus():
    return Tenure.objects.filter(
        manager__slug="massimiliano-allegri", club__slug="juventus"
    ).latest("started_on")


def predecessor_page():
    """The profile of Allegri's predecessor at Juventus (it names his successor)."""
    predecessor = Tenure.objects.with_neighbours().get(pk=allegri_at_juventus().pk).before_id
    return url("careers:manager_detail", slug=Tenure.objects.get(pk=predecessor).manager.slug)


@pytest.mark.django_db
def test_pages_carry_the_tags_of_what_they_show(client, pages):
    response = client.get(pages["allegri"])
    allegri = Manager.objects.get(slug="massimiliano-allegri")
    juventus = Club.objects.get(slug="juventus")
    keys = response["Surrogate-Key"].split()
    assert "all" in keys
    assert f"manager:{allegri.pk}" in keys
    assert f"club:{juventus.pk}" in keys
    assert "list:managers" not in keys  # a new manager does not change his profile
    assert response["Cache-Tag"].split(",") == keys
    # The same headers on a page from the cache.
    assert client.get(pages["allegri"])["Surrogate-Key"] == response["Surrogate-Key"]


@pytest.mark.django_db
def test_list_pages_carry_their_collections(client, pages):
    # The news list: its collection and the stories it shows (a headline edited forgets
    # the page showing that story alone).
    shown = [f"story:{pk}" for pk in Story.objects.published().values_list("pk", flat=True)]
    assert shown
    news = client.get(url("news:story_list"))["Surrogate-Key"].split()
    assert news == sorted(["all", "list:stories", *shown])
    home = client.get(url("pages:home"))["Surrogate-Key"].split()
    assert {"list:stories", "list:spells"} <= set(home)
    sitemap = client.get("/sitemap-managers.xml")["Surrogate-Key"].split()
    assert set(sitemap) == {"all", "list:managers", "list:clubs", "list:stories", "list:spells"}
    search = client.get(url("pages:search") + "?q=allegri")["Surrogate-Key"].split()
    assert set(search) == {
        "all", "list:managers", "list:clubs", "list:stories", "list:spells", "list:search",
    }  # fmt: skip


@pytest.mark.django_db
def test_editing_an_unrelated_manager_leaves_allegri_cached(client, pages, committed):
    warm(client, pages.values())
    other = Manager.objects.get(slug="nobody-related")
    other.birth_place = "Nowhere-on-Sea"
    with committed():
        other.save()
    assert cached(client, pages["allegri"]) == "hit"
    assert cached(client, pages["juventus"]) == "hit"
    assert cached(client, pages["story"]) == "hit"
    response = client.get(pages["other"])
    assert response["X-Page-Cache"] == "miss"
    assert b"Nowhere-on-Sea" in response.content


SEARCH = url("pages:search") + "?q=allegri"
NEWS = url("news:story_list")
SITEMAP = "/sitemap-managers.xml"


@pytest.mark.django_db
def test_a_biography_edit_leaves_the_lists_cached_and_a_name_edit_does_not(
    client, pages, committed
):
    warm(client, [pages["other"], SEARCH, NEWS, SITEMAP])
    other = Manager.objects.get(slug="nobody-related")
    other.biography = "Coached at Elsewhere FC."
    with committed():
        other.save()
    assert cached(client, pages["other"]) == "miss"
    assert cached(client, SITEMAP) == "hit"  # his lastmod moved, shown within 5 minutes
    assert cached(client, SEARCH) == "hit"
    assert cached(client, NEWS) == "hit"
    other.full_name = "Nobody Allegri"  # now one of the answers to "allegri"
    with committed():
        other.save()
    response = client.get(SEARCH)
    assert response["X-Page-Cache"] == "miss"
    assert b"Nobody Allegri" in response.content
    assert cached(client, NEWS) == "hit"
    other.slug = "nobody-allegri"  # a new address: in the sitemap at once
    with committed():
        other.save()
    response = client.get(SITEMAP)
    assert response["X-Page-Cache"] == "miss"
    assert b"/managers/nobody-allegri/" in response.content


@pytest.mark.django_db
def test_a_story_body_edit_forgets_search_not_the_lists(client, pages, committed):
    warm(client, [pages["story"], SEARCH, NEWS])
    story = Story.objects.get(slug=ALLEGRI_STORY_SLUG)
    story.body += "\n\nHe signed until 2023."
    with committed():
        story.save()
    assert cached(client, pages["story"]) == "miss"
    assert cached(client, SEARCH) == "miss"  # search reads the body
    assert cached(client, NEWS) == "hit"
    story.headline = "Allegri returns to Juventus"
    with committed():
        story.save()
    response = client.get(NEWS)
    assert response["X-Page-Cache"] == "miss"
    assert b"Allegri returns to Juventus" in response.content


@pytest.mark.django_db
def test_a_spell_notes_edit_leaves_the_lists_cached_and_its_dates_do_not(client, pages, committed):
    warm(client, [pages["other"], SEARCH])
    spell = Tenure.objects.get(manager__slug="nobody-related")
    spell.notes = "Appointed on a one-year deal."
    with committed():
        spell.save()
    assert cached(client, pages["other"]) == "miss"
    assert cached(client, SEARCH) == "hit"
    spell.ended_on = spell.started_on + datetime.timedelta(days=400)
    with committed():
        spell.save()
    assert cached(client, SEARCH) == "miss"


@pytest.mark.django_db
def test_a_record_saved_without_its_listed_fields_loaded_leaves_the_lists_cached(
    client, pages, committed
):
    """Fields deferred when the record was read are not saved: they have not changed."""
    warm(client, [pages["story"], NEWS])
    story = Story.objects.only("pk", "body").get(slug=ALLEGRI_STORY_SLUG)
    story.body += "\n\nHe signed until 2023."
    with committed():
        story.save()
    assert cached(client, pages["story"]) == "miss"
    assert cached(client, NEWS) == "hit"


@pytest.mark.django_db
def test_editing_an_allegri_spell_forgets_his_pages(client, pages, committed):
    pirlo = predecessor_page()
    warm(client, [*pages.values(), pirlo])
    spell = allegri_at_juventus()
    spell.ended_precision = "month"
    with committed():
        spell.save()
    assert cached(client, pages["allegri"]) == "miss"
    assert cached(client, pages["juventus"]) == "miss"
    assert cached(client, pages["story"]) == "miss"
    assert cached(client, pirlo) == "miss"  # his page names his successor
    assert cached(client, pages["other"]) == "hit"


@pytest.mark.django_db
def test_a_spell_notes_edit_forgets_only_its_managers_profile(client, pages, committed):
    pirlo = predecessor_page()
    warm(client, [*pages.values(), pirlo, pages["allegri"] + "?on=2022-01-01"])
    spell = allegri_at_juventus()
    spell.notes = "Appointed for a second time."
    with committed():
        spell.save()
    assert cached(client, pages["allegri"]) == "miss"
    assert cached(client, pages["allegri"] + "?on=2022-01-01") == "miss"
    assert cached(client, pages["juventus"]) == "hit"  # it shows no notes
    assert cached(client, pages["story"]) == "hit"
    assert cached(client, pirlo) == "hit"


@pytest.mark.django_db
def test_an_honour_forgets_its_manager_and_club(client, pages, committed):
    warm(client, pages.values())
    honour = Honour.objects.filter(tenure__manager__slug="massimiliano-allegri").first()
    honour.note = "Decided on the last day."
    with committed():
        honour.save()
    assert cached(client, pages["allegri"]) == "miss"
    assert cached(client, pages["other"]) == "hit"


@pytest.mark.django_db
def test_a_new_story_is_on_the_news_list_at_once(client, pages, committed):
    news = url("news:story_list")
    warm(client, [news, pages["other"]])
    with committed():
        story = Story.objects.create(
            headline="A new coach for Elsewhere FC",
            slug="a-new-coach-for-elsewhere",
            standfirst="Appointed today.",
            body="Appointed today.",
            byline="Staff",
            status=Story.Status.PUBLISHED,
            published_at=timezone.now() - datetime.timedelta(minutes=1),
        )
    response = client.get(news)
    assert response["X-Page-Cache"] == "miss"
    assert b"A new coach for Elsewhere FC" in response.content
    assert cached(client, pages["other"]) == "hit"
    # Linking it to the manager forgets his page (it lists his stories), not Allegri's.
    warm(client, [pages["allegri"]])
    with committed():
        story.managers.add(Manager.objects.get(slug="nobody-related"))
    response = client.get(pages["other"])
    assert response["X-Page-Cache"] == "miss"
    assert b"A new coach for Elsewhere FC" in response.content
    assert cached(client, pages["allegri"]) == "hit"


@pytest.mark.django_db
def test_unlinking_a_story_forgets_the_pages_it_was_on(client, pages, committed):
    warm(client, pages.values())
    story = Story.objects.get(slug=ALLEGRI_STORY_SLUG)
    with committed():
        story.managers.clear()  # no pk_set: the links are read before they go
    assert cached(client, pages["allegri"]) == "miss"
    assert cached(client, pages["other"]) == "hit"


@pytest.mark.django_db
def test_a_source_change_forgets_everything(client, pages, committed):
    warm(client, pages.values())
    source = Source.objects.first()
    source.title += " (updated)"
    with committed():
        source.save()
    assert cached(client, pages["other"]) == "miss"


@pytest.mark.django_db
def test_the_documented_call_after_raw_sql_forgets_everything(client, pages):
    from django.db import connection

    from football.pagecache.store import bump_content_version

    warm(client, pages.values())
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE careers_manager SET birth_place = %s WHERE slug = %s",
            ["Livorno (raw)", "massimiliano-allegri"],
        )
    bump_content_version()
    for path in pages.values():
        assert cached(client, path) == "miss", path
    assert b"Livorno (raw)" in client.get(pages["allegri"]).content


@pytest.mark.django_db
def test_a_page_rendered_across_a_change_is_not_stored(client, pages, monkeypatch):
    """A change committed while a page renders: the page may hold the old state, so it is
    served but not stored under the new tokens."""
    from football.careers import views
    from football.pagecache import middleware
    from football.pagecache.store import bump_tags

    monkeypatch.setattr(middleware, "CLOCK_MARGIN", 0.0)  # one machine, one clock

    real = views.presenters.profile
    other = Manager.objects.get(slug="nobody-related")

    def profile_then_commit(*args, **kwargs):
        context = real(*args, **kwargs)
        bump_tags({Manager.page_tag(other.pk)})  # as a commit elsewhere would
        return context

    monkeypatch.setattr(views.presenters, "profile", profile_then_commit)
    assert cached(client, pages["other"]) == "miss"
    monkeypatch.setattr(views.presenters, "profile", real)
    assert cached(client, pages["other"]) == "miss"
    assert cached(client, pages["other"]) == "hit"


@pytest.mark.django_db
def test_an_evicted_tag_makes_its_pages_stale(client, pages):
    from django.core.cache import cache

    from football.pagecache.store import tag_key

    warm(client, [pages["other"]])
    other = Manager.objects.get(slug="nobody-related")
    cache.delete(tag_key(Manager.page_tag(other.pk)))
    assert cached(client, pages["other"]) == "miss"


def test_a_token_says_when_it_was_made():
    from football.pagecache.store import new_token, token_time

    made = 1_764_892_800.123456
    token = new_token(made)
    assert type(token) is int  # stored by the cache as it is, not pickled
    assert token_time(token) == pytest.approx(made, abs=1e-6)
    assert token_time(new_token(made + 0.5)) > token_time(token)
    assert token_time(new_token(0)) == 0.0  # a tag first seen
    assert token_time("1764892800.123456-0123456789ab") == 0.0  # another form: as old
