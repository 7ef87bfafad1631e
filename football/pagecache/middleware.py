"""
Whole-page caching for anonymous readers, with ETags and conditional GETs.

A page is stored under its host, path and query string plus four things that
change what it shows:

- the release: a digest of the code, the templates and the static manifest, read once
  when the process starts, so after a deploy no page rendered by the old code (linking
  static files the new release no longer has) is served;
- the content version, a token in the cache that any change to a record or story
  replaces (signals in `football.pagecache.apps`), so every stored page goes stale at once;
- the time of the next scheduled story: once it passes, that story must appear,
  so pages stored before then are never served after it;
- today's date, because pages show ages and "out of work since" as of today.

Staff and anyone logged in always get fresh pages, and so do requests to the admin
and /healthz. Only plain 200 responses that set no cookie and need no CSRF token are
stored. Every GET answer carries an ETag (a hash of the body), and a matching
If-None-Match gets a 304 with no body, whether the page came from the cache or not.
"""

import datetime
import functools
import hashlib
import time
from pathlib import Path
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe

from .store import (
    NEXT_PUBLISH_KEY,
    VERSION_KEY,
    content_version,
    invalidate_on_commit,
    safely,
)

PAGE_KEY = "dugout:page:{database}:{release}:{version}:{publish}:{day}:{digest}"
NO_SCHEDULED = 0  # stored when no story is scheduled
CONTENT_APPS = {"careers", "news"}
# The query parameters any reader page reads (football.core.params, search): the rest
# of a query string changes nothing on the page, so it is not part of the key.
PARAMETERS = ("on", "page", "q")


def release_digest(root, static_root):
    """A digest of what renders the pages: Python code and templates under `root`, and
    the static files manifest (hashed names) under `static_root` when there is one."""
    root = Path(root)
    templates = [*root.glob("templates/**/*.html"), *root.glob("jinja2/**/*.html")]
    files = sorted([*root.glob("football/**/*.py"), *templates])
    manifest = Path(static_root) / "staticfiles.json" if static_root else None
    if manifest is not None and manifest.is_file():
        files.append(manifest)
    digest = hashlib.blake2b(digest_size=8)
    for path in files:
        digest.update(str(path.relative_to(root) if path.is_relative_to(root) else path).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.cache
def this_release():
    return release_digest(settings.BASE_DIR, settings.STATIC_ROOT)


@functools.cache
def this_database():
    """Which database the pages come from: a cache shared with another site or
    another database (a test run, a staging copy) never serves its pages here."""
    db = settings.DATABASES["default"]
    where = f"{db['ENGINE']}|{db.get('HOST', '')}|{db.get('PORT', '')}|{db['NAME']}"
    return hashlib.blake2b(where.encode(), digest_size=6).hexdigest()


def on_content_change(sender, using=None, **kwargs):
    if sender._meta.app_label in CONTENT_APPS:
        invalidate_on_commit(using)


def next_publish_time(now, stored=None):
    """The Unix time the next scheduled story goes public, or NO_SCHEDULED.

    One query when it is not cached; cached until that time passes, and dropped with
    the content version when any story changes. `stored` is the cached value if the
    caller already read it.
    """
    if stored is None:
        stored = safely("get", NEXT_PUBLISH_KEY)
    if stored is not None and (stored == NO_SCHEDULED or stored > now):
        return stored
    moment = datetime.datetime.fromtimestamp(now, datetime.UTC)
    upcoming = [
        when
        for model in apps.get_models()
        if hasattr(model, "next_scheduled_change")
        and (when := model.next_scheduled_change(moment)) is not None
    ]
    value = min(upcoming).timestamp() if upcoming else NO_SCHEDULED
    safely("set", NEXT_PUBLISH_KEY, value, settings.PAGE_CACHE_SECONDS)
    return value


def set_etag(response):
    if not response.has_header("ETag"):
        response["ETag"] = f'"{hashlib.blake2b(response.content, digest_size=16).hexdigest()}"'
    return response["ETag"]


def conditional(request, response):
    """A 304 for a matching If-None-Match (or an unchanged If-Modified-Since)."""
    etag = set_etag(response)
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    return get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )


class PageCacheMiddleware:
    """Sits after AuthenticationMiddleware: it needs to know who is asking."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.skip_prefixes = ("/" + settings.ADMIN_URL, "/healthz")

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path.startswith(self.skip_prefixes):
            return self.get_response(request)
        if not self.anonymous(request):
            response = self.get_response(request)
            if self.is_page(response):
                response = conditional(request, response)
            return response
        if not getattr(settings, "PAGE_CACHE", True):
            response = self.get_response(request)
            return conditional(request, response) if self.is_page(response) else response

        now = time.time()
        # One round trip to the cache for both, then one for the page.
        shared = safely("get_many", [VERSION_KEY, NEXT_PUBLISH_KEY], default={})
        version = shared.get(VERSION_KEY) or content_version()
        try:
            publish = next_publish_time(now, shared.get(NEXT_PUBLISH_KEY))
        except DatabaseError:
            # The database is down: a stored page may still be served (see below).
            publish = shared.get(NEXT_PUBLISH_KEY) or NO_SCHEDULED
        key = self.key(request, version, publish)
        stored = safely("get", key)
        if stored is not None:
            headers, content = stored
            response = HttpResponse(content, headers=headers)
            response["X-Page-Cache"] = "hit"
            return conditional(request, response)

        response = self.get_response(request)
        if self.storable(request, response):
            set_etag(response)
            if not response.has_header("Last-Modified"):
                response["Last-Modified"] = http_date(now)
            # Browsers and proxies may keep the page but must ask again (a cheap 304),
            # and never hand a reader's copy to someone with a session.
            patch_cache_control(response, max_age=0)
            patch_vary_headers(response, ("Cookie",))
            timeout = settings.PAGE_CACHE_SECONDS
            if publish != NO_SCHEDULED:
                timeout = max(1, min(timeout, int(publish - now) + 1))
            # With the headers of the middleware inside this one (frame and permissions
            # policies); those outside (security, CSP, Vary) are added again on the way out.
            headers = dict(response.headers.items())
            safely("set", key, (headers, response.content), timeout)
            response["X-Page-Cache"] = "miss"
        if self.is_page(response):
            response = conditional(request, response)
        return response

    @staticmethod
    def anonymous(request):
        # No session cookie: anonymous without a look at the session store.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return True
        return not request.user.is_authenticated

    @staticmethod
    def key(request, version, publish):
        """The page's key: its address with only the parameters pages read, in one
        order, so `?x=1`, `?x=2`... or a reordered query reach the same stored page."""
        read = sorted(
            (name, request.GET[name].strip()) for name in PARAMETERS if name in request.GET
        )
        address = f"{request.scheme}://{request.get_host()}{request.path}?{urlencode(read)}"
        return PAGE_KEY.format(
            database=this_database(),
            release=this_release(),
            version=version,
            publish=int(publish),
            day=timezone.localdate().isoformat(),
            digest=hashlib.blake2b(address.encode(), digest_size=16).hexdigest(),
        )

    @staticmethod
    def is_page(response):
        return response.status_code == 200 and not response.streaming

    def storable(self, request, response):
        """A plain page, the same for every anonymous reader."""
        cache_control = response.get("Cache-Control", "")
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
        session = getattr(request, "session", None)
        return (
            self.is_page(response)
            and not response.cookies
            # The page holds a CSRF token whose cookie would be set on the way out.
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not (session is not None and session.modified)
            and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
            and vary <= {"cookie", "accept-encoding"}
        )
