"""The Jinja2 environment of the reader pages.

Reader pages render with Jinja2: a profile makes some five hundred variable look-ups,
which cost Django's template language about 6 ms and Jinja2 a fraction of that (see
the README's Performance section). The admin keeps Django's templates. The helpers
here are the ones the Django templates used: `url`, `static`, `absolute`, and the
filters `date`, `markdown`, `jsonld`, `iso`, and `rendered` (Markdown rendered on save:
football.core.markup.RenderedMarkdown); and `joined`, for pieces rendered already.
"""

import datetime
import functools

from django.conf import settings
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import dateformat, timezone
from markupsafe import Markup

from football.core.dates import MONTHS
from football.core.markup import rendered
from football.core.templatetags.dugout import iso, jsonld, markdown
from jinja2 import ChainableUndefined, Environment


def url(viewname, *args, **kwargs):
    """`{{ url("news:story_list") }}`: reverse(), remembered per script prefix and URLconf
    (the header and footer link the same sections on every page)."""
    key = (viewname, args, tuple(sorted(kwargs.items())), get_script_prefix(), get_urlconf())
    return _reverse(*key)


@functools.lru_cache(maxsize=1024)
def _reverse(viewname, args, kwargs, prefix, urlconf):
    return reverse(viewname, urlconf=urlconf, args=args or None, kwargs=dict(kwargs) or None)


def absolute(path):
    """An absolute URL on the public site, for canonical links and structured data."""
    return settings.SITE_URL + path


# The formats the pages use most, written out: Django's formatter parses the format
# and looks each month name up in the translations, 15-30 µs a date, 40 dates on a
# page of news. The site is in English only (its dates elsewhere: dates.format_date).
FORMATS = {
    "j F Y": lambda v: f"{v.day} {MONTHS[v.month]} {v.year:04d}",
    "Y-m-d": lambda v: f"{v.year:04d}-{v.month:02d}-{v.day:02d}",
    "c": lambda v: v.isoformat(),
}


def date(value, format_string):
    """Django's `date` filter: "28 May 2021" from `value|date("j F Y")`; a time is
    shown in the site's time zone, as Django's templates show it."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    fast = FORMATS.get(format_string)
    return fast(value) if fast else dateformat.format(value, format_string)


def joined(items):
    """`{{ items|joined }}`: items that are HTML already (each has `__html__`, such as a
    rendered Headline) as one piece. Put in one by one, each would be passed through
    escape() and copied into a new Markup, on every render."""
    return Markup("".join([item.__html__() for item in items]))


def environment(**options):
    # As Django's templates do: a missing value is empty, and a template's last
    # newline is kept.
    options.update(undefined=ChainableUndefined, keep_trailing_newline=True)
    env = Environment(**options)
    env.globals.update(url=url, static=static, absolute=absolute)
    env.filters.update(date=date, markdown=markdown, rendered=rendered, jsonld=jsonld, iso=iso)
    env.filters.update(joined=joined)
    return env
