"""Whole-page caching for anonymous readers (football.pagecache.middleware).

Run against local memory by default and against Redis in CI (CACHE_URL=redis://...).
"""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from football.careers.models import Manager
from football.news.models import Story
from football.pagecache.middleware import PageCacheMiddleware

ALLEGRI = "/managers/massimiliano-allegri/"
STORY = "/news/2021/05/27/allegri-set-for-juventus-return/"


@pytest.fixture
def staff_client(client, db):
    user = User.objects.create_user("editor", password="not-used-here", is_staff=True)
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("path", [ALLEGRI, "/clubs/juventus/", STORY, "/news/", "/"])
def test_second_anonymous_get_comes_from_the_cache_without_a_query(
    client, seeded, django_assert_num_queries, path
):
    first = client.get(path)
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(path)
    assert second.status_code == 200
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    # Headers added on the way out are there on a cached page too.
    for header in ("Content-Security-Policy", "Permissions-Policy", "Content-Length"):
        assert second[header] == first[header]
    assert second["X-Frame-Options"] == "DENY"
    assert second["Content-Type"].startswith("text/html")
    # Shared caches must not give this copy to a logged-in editor; browsers revalidate.
    assert "Cookie" in second["Vary"]
    # Shared caches (a CDN, Varnish) may keep it as long as this cache does.
    directives = dict((d.strip().split("=") + [""])[:2] for d in second["Cache-Control"].split(","))
    assert directives.keys() == {
        "public",
        "max-age",
        "s-maxage",
        "stale-while-revalidate",
        "stale-if-error",
    }
    assert directives["max-age"] == "0"
    assert 0 < int(directives["s-maxage"]) <= 600
    assert directives["stale-while-revalidate"] == "60"
    assert directives["stale-if-error"] == "86400"


@pytest.mark.django_db
def test_the_query_string_is_part_of_the_key(client, seeded):
    client.get(ALLEGRI)
    other = client.get(ALLEGRI + "?on=2010-01-01")
    assert other["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_editing_a_manager_makes_his_page_fresh(client, seeded, committed):
    assert b"Massimiliano Allegri" in client.get(ALLEGRI).content
    # Its tags' tokens now read with the page (this process stored it), and still checked.
    assert client.get(ALLEGRI)["X-Page-Cache"] == "hit"
    allegri = Manager.objects.get(slug="massimiliano-allegri")
    allegri.full_name = "Max Allegri"
    with committed():
        allegri.save()
    response = client.get(ALLEGRI)
    assert response["X-Page-Cache"] == "miss"
    assert b"Max Allegri" in response.content


@pytest.mark.django_db
def test_editing_a_story_link_makes_pages_fresh(client, seeded, committed):
    client.get("/news/")
    story = Story.objects.get()
    with committed():
        story.managers.clear()  # m2m_changed only: no save of the story itself
    assert client.get("/news/")["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_deleting_a_story_removes_it_from_the_cached_index(client, seeded, committed):
    assert b"Allegri set for Juventus return" in client.get("/news/").content
    with committed():
        Story.objects.get().delete()
    assert b"Allegri set for Juventus return" not in client.get("/news/").content


@pytest.mark.django_db
def test_a_scheduled_story_appears_once_its_time_passes(client, seeded):
    now = timezone.now()
    Story.objects.create(
        headline="Scheduled appointment",
        slug="scheduled-appointment",
        standfirst="Later.",
        body="Body.",
        byline="Desk",
        status=Story.Status.PUBLISHED,
        published_at=now + datetime.timedelta(hours=2),
    )
    with time_machine.travel(now, tick=False):
        assert b"Scheduled appointment" not in client.get("/news/").content
        assert client.get("/news/")["X-Page-Cache"] == "hit"
    with time_machine.travel(now + datetime.timedelta(hours=2, seconds=1), tick=False):
        response = client.get("/news/")
        assert response["X-Page-Cache"] == "miss"
        assert b"Scheduled appointment" in response.content


@pytest.mark.django_db
def test_a_page_cached_yesterday_is_not_served_today(client, seeded):
    day = timezone.make_aware(datetime.datetime(2026, 3, 1, 23, 58))
    with time_machine.travel(day, tick=False):
        client.get(ALLEGRI)
    with time_machine.travel(day + datetime.timedelta(minutes=4), tick=False):
        assert client.get(ALLEGRI)["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_a_page_is_kept_all_day_and_a_shared_cache_told_ten_minutes(client, seeded, settings):
    """Saves forget exactly what they change, so the page cache keeps a page until
    midnight; a proxy that is sent no purge may keep it only PAGE_CACHE_SHARED_SECONDS."""
    assert settings.PAGE_CACHE_PURGE_URL == ""
    noon = timezone.make_aware(datetime.datetime(2026, 3, 1, 12, 0))
    with time_machine.travel(noon, tick=False):
        assert client.get(ALLEGRI)["X-Page-Cache"] == "miss"
    with time_machine.travel(noon + datetime.timedelta(hours=11, minutes=59), tick=False):
        response = client.get(ALLEGRI)
        assert response["X-Page-Cache"] == "hit"
        assert "s-maxage=60," in response["Cache-Control"]  # a minute to midnight
    with time_machine.travel(noon + datetime.timedelta(hours=1), tick=False):
        assert "s-maxage=600," in client.get(ALLEGRI)["Cache-Control"]


@pytest.mark.django_db
def test_a_sitemap_shows_a_new_lastmod_within_five_minutes(client, seeded, committed):
    later = timezone.localdate() + datetime.timedelta(days=2)  # after the seed's changes
    noon = timezone.make_aware(datetime.datetime.combine(later, datetime.time(12)))
    lastmod = f"massimiliano-allegri/</loc><lastmod>{later.isoformat()}</lastmod>".encode()
    with time_machine.travel(noon, tick=False):
        assert client.get("/sitemap-managers.xml")["X-Page-Cache"] == "miss"
        allegri = Manager.objects.get(slug="massimiliano-allegri")
        allegri.biography += " Checked."
        with committed():
            allegri.save()
    with time_machine.travel(noon + datetime.timedelta(seconds=299), tick=False):
        response = client.get("/sitemap-managers.xml")
        assert response["X-Page-Cache"] == "hit"
        assert lastmod not in response.content
    with time_machine.travel(noon + datetime.timedelta(seconds=301), tick=False):
        response = client.get("/sitemap-managers.xml")
        assert response["X-Page-Cache"] == "miss"
        assert lastmod in response.content


@pytest.mark.django_db
def test_staff_always_get_fresh_pages_and_never_fill_the_cache(staff_client, seeded):
    anonymous = staff_client.__class__()
    anonymous.get(ALLEGRI)  # cached for anonymous readers
    # A change that sends no signal: only a fresh page can show it.
    Manager.objects.filter(slug="massimiliano-allegri").update(full_name="Changed Quietly")
    response = staff_client.get(ALLEGRI)
    assert "X-Page-Cache" not in response
    assert b"Changed Quietly" in response.content
    assert b"Changed Quietly" not in anonymous.get(ALLEGRI).content


@pytest.mark.django_db
def test_a_hit_skips_sessions_csrf_authentication_and_messages(client, seeded, monkeypatch):
    """A reader without a session cookie is anonymous: a hit is answered before the
    middleware that look for a session, a CSRF token, a user or messages run."""
    from django.contrib.messages.middleware import MessageMiddleware
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.middleware.csrf import CsrfViewMiddleware

    ran = []
    for middleware in (SessionMiddleware, CsrfViewMiddleware, MessageMiddleware):
        real = middleware.process_request

        def spy(self, request, real=real, name=middleware.__name__):
            ran.append(name)
            return real(self, request)

        monkeypatch.setattr(middleware, "process_request", spy)
    assert client.get(ALLEGRI)["X-Page-Cache"] == "miss"
    assert sorted(ran) == ["CsrfViewMiddleware", "MessageMiddleware", "SessionMiddleware"]
    ran.clear()
    assert client.get(ALLEGRI)["X-Page-Cache"] == "hit"
    assert ran == []


@pytest.mark.django_db
def test_a_session_cookie_gets_a_page_of_its_own(client, seeded, settings):
    """Whoever sends a session cookie may be logged in: without looking (a hit never
    reads the session store), the page is rendered for them and not stored, even when
    the session turns out to be anonymous (logged out elsewhere, expired)."""
    client.get(ALLEGRI)
    client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session"
    Manager.objects.filter(slug="massimiliano-allegri").update(full_name="Changed Quietly")
    response = client.get(ALLEGRI)
    assert "X-Page-Cache" not in response
    assert b"Changed Quietly" in response.content
    del client.cookies[settings.SESSION_COOKIE_NAME]
    response = client.get(ALLEGRI)
    assert response["X-Page-Cache"] == "hit"
    assert b"Changed Quietly" not in response.content


@pytest.mark.django_db
def test_a_staff_preview_of_a_draft_is_never_served_to_readers(client, staff_client, seeded):
    Story.objects.update(status=Story.Status.DRAFT)
    assert staff_client.get(STORY).status_code == 200
    assert client.__class__().get(STORY).status_code == 404


@pytest.mark.django_db
def test_missing_pages_are_not_cached(client, db):
    assert client.get("/managers/nobody/").status_code == 404
    response = client.get("/managers/nobody/")
    assert response.status_code == 404
    assert "X-Page-Cache" not in response


@pytest.mark.django_db
def test_a_matching_if_none_match_gets_304_without_a_body(client, seeded):
    fresh = client.get(ALLEGRI)
    etag = fresh["ETag"]
    cached = client.get(ALLEGRI, headers={"if-none-match": etag})
    assert cached.status_code == 304
    assert cached.content == b""
    assert cached["ETag"] == etag
    assert client.get(ALLEGRI, headers={"if-none-match": '"other"'}).status_code == 200


@pytest.mark.django_db
def test_304_on_a_fresh_page_too(client, seeded, settings):
    etag = client.get("/clubs/juventus/")["ETag"]
    cache.clear()  # nothing stored: the page is rendered again
    response = client.get("/clubs/juventus/", headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""
    settings.PAGE_CACHE = False
    response = client.get("/clubs/juventus/", headers={"if-none-match": etag})
    assert response.status_code == 304


@pytest.mark.django_db
def test_304_for_staff_as_well(staff_client, seeded):
    etag = staff_client.get(ALLEGRI)["ETag"]
    assert staff_client.get(ALLEGRI, headers={"if-none-match": etag}).status_code == 304


@pytest.mark.django_db
def test_page_cache_can_be_turned_off(client, seeded, settings):
    settings.PAGE_CACHE = False
    client.get(ALLEGRI)
    assert "X-Page-Cache" not in client.get(ALLEGRI)


def test_healthz_is_never_cached_and_touches_nothing(client):
    # No database access is allowed in this test: any query would fail it.
    client.get("/healthz")
    response = client.get("/healthz")
    assert response.content == b"ok"
    assert "X-Page-Cache" not in response
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_admin_is_never_cached(client, settings):
    client.get(f"/{settings.ADMIN_URL}login/")
    assert "X-Page-Cache" not in client.get(f"/{settings.ADMIN_URL}login/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "respond",
    [
        lambda r: _with_cookie(HttpResponse("hello")),
        lambda r: _csrf(r, HttpResponse("hello")),
        lambda r: HttpResponse("hello", headers={"Cache-Control": "private"}),
        lambda r: HttpResponse("hello", headers={"Vary": "Accept-Language"}),
        lambda r: HttpResponse("moved", status=302, headers={"Location": "/"}),
    ],
)
def test_responses_meant_for_one_reader_are_not_stored(respond):
    calls = []

    def view(request):
        calls.append(request)
        return respond(request)

    middleware = PageCacheMiddleware(view)
    for _ in range(2):
        request = RequestFactory().get("/somewhere/")
        middleware(request)
    assert len(calls) == 2


def _with_cookie(response):
    response.set_cookie("flavour", "chocolate")
    return response


def _csrf(request, response):
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    return response


@pytest.mark.django_db
def test_head_is_answered_from_the_cache_without_a_body(client, seeded, django_assert_num_queries):
    client.get(ALLEGRI)
    with django_assert_num_queries(0):
        response = client.head(ALLEGRI)
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "hit"
    assert response.content == b""


@pytest.mark.django_db
def test_a_new_release_never_serves_pages_stored_by_the_old_one(client, seeded, monkeypatch):
    from football.pagecache import middleware as page_cache

    client.get(ALLEGRI)
    assert client.get(ALLEGRI)["X-Page-Cache"] == "hit"
    monkeypatch.setattr(page_cache, "this_release", lambda: "next-release")
    assert client.get(ALLEGRI)["X-Page-Cache"] == "miss"
    assert client.get(ALLEGRI)["X-Page-Cache"] == "hit"


def test_the_release_digest_follows_code_templates_and_the_static_manifest(tmp_path):
    from football.pagecache.middleware import release_digest

    root, static_root = tmp_path / "site", tmp_path / "static"
    (root / "football" / "pages").mkdir(parents=True)
    (root / "templates" / "pages").mkdir(parents=True)
    static_root.mkdir()
    view = root / "football" / "pages" / "views.py"
    template = root / "templates" / "pages" / "home.html"
    view.write_text("x = 1\n")
    template.write_text("<p>home</p>\n")
    seen = {release_digest(root, static_root)}
    assert release_digest(root, static_root) in seen  # the same files, the same digest
    for change in (
        lambda: template.write_text("<p>home, changed</p>\n"),
        lambda: view.write_text("x = 2\n"),
        lambda: (static_root / "staticfiles.json").write_text('{"paths": {"a.css": "a.1.css"}}'),
        lambda: (static_root / "staticfiles.json").write_text('{"paths": {"a.css": "a.2.css"}}'),
        lambda: (root / "templates" / "pages" / "new.html").write_text(""),
    ):
        change()
        digest = release_digest(root, static_root)
        assert digest not in seen
        seen.add(digest)
    (root / "notes.txt").write_text("not code")
    assert release_digest(root, static_root) in seen


@pytest.fixture
def cache_calls(monkeypatch):
    """The page cache middleware's calls to the cache, by operation."""
    from football.pagecache import store

    calls = []
    real = store.safely
    monkeypatch.setattr(
        "football.pagecache.middleware.safely",
        lambda operation, *args, **kwargs: (
            calls.append(operation) or real(operation, *args, **kwargs)
        ),
    )
    return calls


@pytest.mark.django_db
def test_a_hit_is_one_round_trip_once_the_process_knows_the_page(client, seeded, cache_calls):
    """The page with what it was rendered under and its tags' tokens: one round trip to
    a cache server, whatever the page, once this process has stored or served it; two
    the first time it serves a page another process stored."""
    client.get(ALLEGRI)  # stored by this process (this client's handler)
    cache_calls.clear()
    assert client.get(ALLEGRI)["X-Page-Cache"] == "hit"
    assert cache_calls == ["get_many"]

    other = client.__class__()  # another process: its own middleware
    cache_calls.clear()
    assert other.get(ALLEGRI)["X-Page-Cache"] == "hit"
    assert cache_calls == ["get_many", "get_many"]
    cache_calls.clear()
    assert other.get(ALLEGRI)["X-Page-Cache"] == "hit"
    assert cache_calls == ["get_many"]


@pytest.mark.django_db
def test_the_pages_a_process_knows_are_bounded(client, seeded, monkeypatch, cache_calls):
    monkeypatch.setattr("football.pagecache.middleware.KNOWN_PAGES", 2)
    made = []
    init = PageCacheMiddleware.__init__
    monkeypatch.setattr(
        PageCacheMiddleware, "__init__", lambda self, *a: (made.append(self), init(self, *a))[1]
    )
    paths = [ALLEGRI, "/clubs/juventus/", "/news/"]
    for path in paths:
        client.get(path)
    [middleware] = made
    assert 0 < len(middleware.tag_keys) <= 2
    cache_calls.clear()
    assert [client.get(path)["X-Page-Cache"] for path in paths] == ["hit"] * 3
