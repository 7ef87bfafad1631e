"""
Dugout's settings: one file, every deploy knob read from the environment.

Values come from the process environment first, then from an optional `.env`
file beside manage.py (django-environ never lets `.env` override a variable that
is already set). `.env.example` documents every variable. The defaults are safe
for development; production sets DEBUG off and supplies the secrets.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", parse_comments=True)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        # manage.py and wsgi.py print this as one line instead of a traceback.
        raise ImproperlyConfigured(
            "DEBUG is off and SECRET_KEY is not set "
            "(set SECRET_KEY, or DEBUG=true for development; see .env.example)."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The public address, used for absolute links in feeds, sitemaps and canonical
# URLs when a page is rendered outside a request (for example in the sitemap).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "simple_history",
    "axes",
    # The bottom layer first; the apps above it import downward only.
    "football.core",
    "football.careers",
    "football.news",
    "football.pages",
    "football.pagecache",
    "football.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # whitenoise must come straight after SecurityMiddleware.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Headers every response gets, cached or not, set afresh on each.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "football.core.middleware.PermissionsPolicyMiddleware",
    # Inside the header middleware above, so a refusal still carries CSP and friends.
    "football.core.middleware.URLLengthLimitMiddleware",
    # Whole pages for anonymous readers: a request without a session cookie is answered
    # from the cache before any of the middleware below run (sessions, CSRF, users,
    # messages: a hit needs none of them). After the length limit, so an oversized
    # address costs no cache or database work.
    "football.pagecache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records who made each change in the revision history.
    "simple_history.middleware.HistoryRequestMiddleware",
    # axes must be last: it reads the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "football.urls"
WSGI_APPLICATION = "football.wsgi.application"

TEMPLATES = [
    # Reader pages (jinja2/): Jinja2, several times faster at rendering a long career
    # table than Django's templates (README, Performance). The admin keeps Django's.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "football.core.jinja2.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "football.core.context_processors.site",
            ],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "football.core.context_processors.site",
            ],
        },
    },
]

# SQLite file by default so a clone runs with no set-up; PostgreSQL in production.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters bound by the server, not pasted into the SQL: a page's queries are then
    # the same text whatever the record, and psycopg prepares each one on a connection
    # the second time it runs it, so PostgreSQL plans it once per connection, not per
    # request (planning was 1-4 ms of a detail page's queries; README, Performance).
    # DB_PREPARE_THRESHOLD set empty: never prepare.
    threshold = env("DB_PREPARE_THRESHOLD", default="2")
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=int(threshold) if threshold else None
    )
    # What PostgreSQL takes a read of a page out of order to cost, against one in
    # order (1): its default, 4, is for spinning disks, and with it the planner hashed
    # all 1,000 clubs to join a profile's 14 spells to theirs rather than look each up
    # (0.67 against 0.22 ms). 1.1 suits a database in memory or on SSD; empty: the
    # server's own setting.
    # Added to any `options` DATABASE_URL gives (?options=...), not in their place.
    page_cost = env("DB_RANDOM_PAGE_COST", default="1.1")
    if page_cost:
        options = DATABASES["default"]["OPTIONS"]
        given = options.get("options", "")
        options["options"] = f"{given} -c random_page_cost={float(page_cost)}".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache every process shares: several gunicorn workers each with a memory of their
# own would each keep their own pages and miss each other's changes. Redis
# (redis://host:6379/0) in production, shared by every app server; without CACHE_URL,
# a disk cache on this machine (diskcache: SQLite files in .cache/pages/, safe for
# many processes, which its workers and management commands all see), or a process's
# own memory for development (DEBUG, one runserver process). Django's file-based cache
# would list its whole folder on every write: too slow past a few thousand pages.
if env("CACHE_URL", default=""):
    CACHES = {"default": env.cache("CACHE_URL")}
elif DEBUG:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "football.pagecache.diskcache.DiskCache",
            "LOCATION": str(BASE_DIR / ".cache" / "pages"),
            # One SQLite file: a hit reads its page and its tags in one query (with
            # four shards, four: / took 0.49 ms in process, 0.42 with one). Writes take
            # turns, as they did within a shard; they are a stored page or a save's tags.
            "SHARDS": 1,
            # A busy shard costs a quarter of a second at most, then the page is
            # served uncached (football.pagecache.store).
            "DATABASE_TIMEOUT": 0.25,
            # The tags' tokens and the content version (football.pagecache.store) are
            # evicted last past the size limit: each token evicted made stale every
            # page tagged with it.
            "KEEP": ("dugout:token:", "dugout:pages:"),
            "OPTIONS": {"size_limit": env.int("CACHE_SIZE_LIMIT", default=2**30)},
        }
    }
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # The same, with one client per server for the process (football.pagecache.rediscache).
    CACHES["default"]["BACKEND"] = "football.pagecache.rediscache.RedisCache"
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    # A cache server that is down or slow costs a quarter of a second at most, then
    # pages are served uncached (football.pagecache.store).
    CACHES["default"].setdefault("OPTIONS", {}).update(
        socket_connect_timeout=0.25, socket_timeout=0.25, retry_on_timeout=False
    )
# Each process keeps the page cache's values it reads (pages, tags' tokens) in its own
# memory, at most CACHE_LOCAL_BYTES of them, and serves them while the shared cache
# confirms none changed (football.pagecache.local): a hit then reads nothing. With
# Redis this needs RESP3 and CLIENT TRACKING (Redis 6 or later); where Redis refuses
# them, each process reads every hit from Redis and logs it once. 0 keeps nothing.
CACHES["default"].setdefault("LOCAL", ("dugout:",))
CACHES["default"].setdefault("LOCAL_BYTES", env.int("CACHE_LOCAL_BYTES", default=32 * 2**20))
# How long the page cache keeps a page at most (football.pagecache): never past
# midnight nor the next scheduled story anyway, and a save forgets exactly the pages it
# changes (tags), so a day. A shorter time only makes the long tail miss (600 s: by
# estimate, 7 % of requests under Zipf popularity over 30,000 pages).
PAGE_CACHE_SECONDS = env.int("CACHE_SECONDS", default=86400)
# Whole-page cache for anonymous readers (football.pagecache.middleware); false to measure without.
# Off by default with DEBUG, so a developer sees each template change at once.
PAGE_CACHE = env.bool("PAGE_CACHE", default=not DEBUG)
# A reverse proxy (Varnish with the xkey vmod) in front: the page cache sends it
# "PURGE <url>" with the stale tags in Surrogate-Key and xkey-purge. Empty: off.
PAGE_CACHE_PURGE_URL = env.str("PAGE_CACHE_PURGE_URL", default="")
# How long a shared cache in front (a CDN, Varnish) may keep a page (`s-maxage`): as
# long as the page cache when it is sent purges, 10 minutes when nothing tells it of
# a change.
PAGE_CACHE_SHARED_SECONDS = env.int(
    "CACHE_SHARED_SECONDS", default=PAGE_CACHE_SECONDS if PAGE_CACHE_PURGE_URL else 600
)

AUTHENTICATION_BACKENDS = [
    # axes first, so that a locked-out login never reaches the password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Brute-force lock-out: 5 failures lock that username from that address for an hour.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "pages/lockout.html"
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=0)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed (gzip + brotli) files served with far-future caching.
        # Tests set STATIC_MANIFEST=false: the manifest only exists after collectstatic.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env.bool("STATIC_MANIFEST", default=not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}

ADMIN_URL = env("ADMIN_URL", default="admin/").strip("/") + "/"
# Running spells not confirmed for this many days are listed in the admin's "Spells to confirm".
SPELLS_CONFIRM_AFTER_DAYS = env.int("SPELLS_CONFIRM_AFTER_DAYS", default=180)

# --- Security -------------------------------------------------------------
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
# Only trust X-Forwarded-Proto when a proxy we control sets it.
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=False)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=False)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No inline code anywhere, so pages can be cached whole and need no nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
# Longer addresses get a 414 at once (see football.core.middleware). No path comes
# near 2000 characters; a query string may carry a long search, which the search
# trims. gunicorn refuses request lines over 4094 bytes anyway, so 4000 gives the
# same answer under any server.
MAX_PATH_LENGTH = env.int("MAX_PATH_LENGTH", default=2000)
MAX_QUERY_STRING_LENGTH = env.int("MAX_QUERY_STRING_LENGTH", default=4000)
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["stderr"], "level": env("LOG_LEVEL", default="WARNING")},
    "loggers": {
        # django.request logs every 5xx with the request path.
        "django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
    },
}
