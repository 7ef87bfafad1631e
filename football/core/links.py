"""Addresses of records, without resolving the route each time.

`reverse()` walks the URL resolver on every call (about 0.1 ms here), and a profile
links some sixty records. A record's address differs from its neighbours' only by
its slug, so the route is reversed once (per view, fixed arguments, script prefix
and URLconf) with a marker in the slug's place, and each address is that with the
slug put in. The answer is the same as reverse()'s; tests compare them.
"""

import functools
from urllib.parse import quote

from django.urls import get_script_prefix, get_urlconf, reverse

MARKER = "slug-marker-0d1e"


def reverse_slug(viewname, slug, **kwargs):
    """reverse(viewname, kwargs={"slug": slug, **kwargs}), from a cached template."""
    key = (viewname, tuple(sorted(kwargs.items())), get_script_prefix(), get_urlconf())
    head, tail = _around_slug(*key)
    return f"{head}{quote(slug)}{tail}"


@functools.lru_cache(maxsize=4096)
def _around_slug(viewname, kwargs, prefix, urlconf):
    url = reverse(viewname, urlconf=urlconf, kwargs={**dict(kwargs), "slug": MARKER})
    head, tail = url.split(MARKER)
    return head, tail


def slug_addresses(viewname, **kwargs):
    """The function of a slug that gives reverse_slug(viewname, slug, **kwargs), with
    the route found once: for a page of many addresses (a list's 50, a sitemap's 5,000),
    where finding it for each (the script prefix, the URLconf) was a tenth of a list."""
    head, tail = reverse_slug(viewname, MARKER, **kwargs).split(MARKER)
    return lambda slug: f"{head}{quote(slug)}{tail}"
