"""
Whole-page caching for anonymous readers, with ETags, conditional GETs and tags.

A page is stored under its host, path and the query parameters pages read, plus two
things that change what it shows, the release and the day; it is served only while two
more are what they were when it was rendered, the content version and the next
scheduled story (read with the page, in one round trip):

- the release: a digest of the code, the templates and the static manifest, read once
  when the process starts, so after a deploy no page rendered by the old code (linking
  static files the new release no longer has) is served;
- the content version, a token in the cache that stands for "everything": replaced by
  `football.pagecache.store.bump_content_version()` (restore, populate, raw SQL), it
  makes every stored page stale at once;
- the time of the next scheduled story: once it passes, that story must appear,
  so pages stored before then are never served after it;
- today's date, because pages show ages and "out of work since" as of today.

Tags (surrogate keys): forget only what changed. While a page renders, it collects
the tags of what it shows (`football.core.pagetags`): "manager:12", "club:3",
"story:44" for each such record loaded, and the collections its view lists,
"list:managers", "list:clubs", "list:stories", "list:spells" (a view that names none
is tagged with all four). Each tag has a token in the shared cache,
`dugout:token:<database>:<tag>`.
A page is stored with the tokens its tags had when it was rendered, and served from
the cache only while every one is unchanged (read with the page, in one `get_many`,
once this process knows the page's tags; from the copies the process keeps while the
cache says none changed, `football.pagecache.local`). A save, delete or change of
links replaces the tokens of the tags it makes stale, once its transaction commits
(`football.pagecache.signals`, each model's `stale_page_tags()`).
A token records when it was made: a page whose tags changed after its rendering began
may hold what was there before the commit, so it is served but not stored.

Staff and anyone logged in always get fresh pages, and so do requests to the admin
and /healthz. Whoever sends a session cookie may be logged in, so gets a page of their
own: the middleware sits before the session, CSRF, authentication and messages
middleware, and a hit runs none of them. Only plain 200 responses that set no cookie
and need no CSRF token are stored. Every GET answer carries an ETag (a hash of the
body), and a matching If-None-Match gets a 304 with no body, whether the page came
from the cache or not.

Downstream caches: a stored page says a shared cache (a CDN, Varnish) may keep it
for as long as this cache does, at most PAGE_CACHE_SHARED_SECONDS (`s-maxage`: ten
minutes unless the proxy gets purges; never past midnight nor the next scheduled
story), serve it stale while it fetches a new one (STALE_WHILE_REVALIDATE) or while the
site fails (STALE_IF_ERROR), and browsers must revalidate (`max-age=0`, the ETag). Its
tags, and "all", are in `Surrogate-Key` (space separated) and `Cache-Tag` (comma
separated); with PAGE_CACHE_PURGE_URL set, the tags made stale are purged there too
(`football.pagecache.store.purge`).
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

from football.core import pagetags

from .store import (
    NEXT_PUBLISH_KEY,
    VERSION_KEY,
    content_version,
    safely,
    tag_key,
    tag_tokens,
    this_database,
    token_time,
)

PAGE_KEY = "dugout:page:{database}:{release}:{day}:{digest}"
NO_SCHEDULED = 0  # stored when no story is scheduled
STALE_WHILE_REVALIDATE = 60  # seconds a shared cache may serve a page while refetching it
STALE_IF_ERROR = 86400  # seconds a shared cache may serve a page while the site fails
CLOCK_MARGIN = 0.25  # seconds of clock difference allowed between app servers
KNOWN_PAGES = 10_000  # pages whose tags a process remembers (a few MB)
# The query parameters any reader page reads (football.core.params, search, and the
# sitemaps' `?p=`, without which every page of a section was its first): the rest
# of a query string changes nothing on the page, so it is not part of the key.
PARAMETERS = ("on", "p", "page", "q")


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


def seconds_to_midnight():
    """Seconds until the local date changes (at least 1): pages show ages as of today."""
    now = timezone.localtime()
    midnight = (now + datetime.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(1, int((midnight - now).total_seconds()))


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
    """Sits before SessionMiddleware: a reader is anonymous when they send no session
    cookie, and a hit needs nothing of what the middleware after it prepare."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.skip_prefixes = ("/" + settings.ADMIN_URL, "/healthz")
        # Page key -> the cache keys of its tags, for the pages this process has served
        # (at most KNOWN_PAGES: forgotten all at once past that): a hit reads them with
        # the page, in the same round trip.
        self.tag_keys = {}

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
        key = self.key(request)
        # One round trip for the page, what it must have been rendered under and, when
        # this process has seen the page before, its tags' tokens; a second one for
        # the tokens otherwise (`unchanged`).
        known = self.tag_keys.get(key, ())
        shared = safely("get_many", [VERSION_KEY, NEXT_PUBLISH_KEY, key, *known], default={})
        version = shared.get(VERSION_KEY) or content_version()
        try:
            publish = int(next_publish_time(now, shared.get(NEXT_PUBLISH_KEY)))
        except DatabaseError:
            # The database is down: a stored page may still be served (see below).
            publish = int(shared.get(NEXT_PUBLISH_KEY) or NO_SCHEDULED)
        stored = shared.get(key)
        if stored is not None and len(stored) == 6:
            headers, content, keyed, expires, stored_version, stored_publish = stored
            # Past its time by this server's clock too (the cache's may differ).
            fresh = expires > now and (stored_version, stored_publish) == (version, publish)
            if fresh and self.unchanged(key, keyed, known, shared):
                response = HttpResponse(content, headers=headers)
                self.downstream(response, max(0, int(expires - now)))
                response["X-Page-Cache"] = "hit"
                return conditional(request, response)

        with pagetags.collecting() as collection:
            response = self.get_response(request)
        if self.storable(request, response):
            set_etag(response)
            if not response.has_header("Last-Modified"):
                response["Last-Modified"] = http_date(now)
            patch_vary_headers(response, ("Cookie",))
            timeout = settings.PAGE_CACHE_SECONDS
            if publish != NO_SCHEDULED:
                timeout = max(1, min(timeout, int(publish - now) + 1))
            timeout = min(timeout, seconds_to_midnight(), collection.seconds or timeout)
            tags = collection.tags()
            response["Surrogate-Key"] = " ".join([pagetags.EVERYTHING, *tags])
            response["Cache-Tag"] = ",".join([pagetags.EVERYTHING, *tags])
            self.downstream(response, timeout)
            tokens = tag_tokens(tags)
            # A tag changed since this page began: it may show the state before that
            # change's commit, so it is not stored (the next reader renders it again).
            if tokens is not None and all(
                token_time(token) < now - CLOCK_MARGIN for token in tokens.values()
            ):
                # With the headers of the middleware inside this one (Content-Length);
                # those outside (security, CSP, frame and permissions policies) are
                # added again on the way out.
                headers = dict(response.headers.items())
                # Each token under its tag's key in the cache, as a hit reads them.
                keyed = {tag_key(tag): token for tag, token in tokens.items()}
                stored = (headers, response.content, keyed, now + timeout, version, publish)
                safely("set", key, stored, timeout)
                self.remember(key, keyed)
            response["X-Page-Cache"] = "miss"
        if self.is_page(response):
            response = conditional(request, response)
        return response

    def unchanged(self, key, keys, known, read):
        """Whether every tag of the page stored under `key` still has the token it had
        (`keys`: the token under each tag's key in the cache): read with the page
        (`read`) when those were the tag keys this process knew (`known`), else in a
        second round trip, after which they are known."""
        if not keys:
            return True
        if known != tuple(keys):
            read = safely("get_many", list(keys), default=None)
            if read is None:
                return False
            self.remember(key, keys)
        return all(read.get(k) == t for k, t in keys.items())

    def remember(self, key, tag_keys):
        if len(self.tag_keys) >= KNOWN_PAGES:
            self.tag_keys.clear()
        self.tag_keys[key] = tuple(tag_keys)

    @staticmethod
    def downstream(response, seconds):
        """What browsers and shared caches may do with a page every anonymous reader
        gets: browsers ask again each time (a cheap 304, `max-age=0`); a CDN or reverse
        proxy keeps it `seconds` (at most PAGE_CACHE_SHARED_SECONDS) and may serve it
        stale while refetching or failing.
        `Vary: Cookie` keeps a reader's copy from anyone with a session."""
        response.headers.pop("Cache-Control", None)
        patch_cache_control(
            response,
            public=True,
            max_age=0,
            s_maxage=min(seconds, settings.PAGE_CACHE_SHARED_SECONDS),
            stale_while_revalidate=STALE_WHILE_REVALIDATE,
            stale_if_error=STALE_IF_ERROR,
        )

    @staticmethod
    def anonymous(request):
        """No session cookie: anonymous, without a look at the session store. A cookie
        whose session has expired or was logged out gets uncached pages until the
        browser drops it (Django deletes it on logout)."""
        return settings.SESSION_COOKIE_NAME not in request.COOKIES

    @staticmethod
    def key(request):
        """The page's key: its address with only the parameters pages read, in one
        order, so `?x=1`, `?x=2`... or a reordered query reach the same stored page."""
        read = sorted(
            (name, request.GET[name].strip()) for name in PARAMETERS if name in request.GET
        )
        address = f"{request.scheme}://{request.get_host()}{request.path}?{urlencode(read)}"
        return PAGE_KEY.format(
            database=this_database(),
            release=this_release(),
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
