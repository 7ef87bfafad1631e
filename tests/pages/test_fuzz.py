"""Bad input never gives a server error.

Random text (unicode, NUL bytes, very long strings, broken percent-encodings) is put
into every segment of every public URL pattern and into the query parameters the
site reads (`q`, `page`, `on`). Whatever comes in, the answer is below 500. The test
client re-raises any exception a view lets escape, which fails the test too.

Routes are read from the URL configuration, so a new public page is fuzzed without
being listed here; the pages below are fuzzed in any case (before they exist their
404 passes, and once they exist their handling of bad input is checked).
"""

import re
from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RoutePattern
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from football.careers.models import Club, Manager
from football.news.models import Story

KNOWN_PAGES = [
    "/",
    "/healthz",
    "/managers/",
    "/managers/massimiliano-allegri/",
    "/clubs/",
    "/clubs/juventus/",
    "/news/",
    "/news/feed/",
    "/news/feed/atom/",
    "/search/",
    "/sitemap.xml",
    "/robots.txt",
]

EXAMPLES = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

TRICKY = st.sampled_from(
    [
        "", " ", "%", "%%", "%0", "%00", "%ZZ", "%C3%28", "%FF%FE", "%E2%82", "%2F", "%252F",
        "..", "../..", "%2e%2e", "\x00", "\r\n", "\t", "\\", "'", '"', "<script>", "{{ x }}",
        "{% debug %}", "' OR 1=1 --", "-1", "0", "00", "1e9", "NaN", "inf", "9" * 40, "²", "١٢",
        "2021-05-28", "2021-02-30", "2021-13-01", "0000-01-01", "9999-12-31", "10000-01-01",
        "-2021-01-01", "2021-5-28", "28/05/2021", "2021-05-28T12:00", "２０２１-０５-２８",
        "juventús", "Zidane", "é" * 300, "😀" * 50, "\u202e", "\ufeff", "a" * 5000,
    ]
)  # fmt: skip
TEXT = st.one_of(
    TRICKY,
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=3000),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.lists(TRICKY, min_size=2, max_size=4).map("".join),
)


def encode(text, raw_percent):
    """Percent-encode `text` for a URL; with raw_percent, "%" is left as typed."""
    return quote(text, safe="%" if raw_percent else "")


def public_routes():
    """(route, converter names) for every URL pattern outside the admin."""

    def walk(patterns, prefix=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.app_name == "admin" or not isinstance(entry.pattern, RoutePattern):
                    continue
                yield from walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern) and isinstance(entry.pattern, RoutePattern):
                yield prefix + str(entry.pattern)

    return sorted(set(walk(get_resolver().url_patterns)))


PLACEHOLDER = re.compile(r"<(?:(\w+):)?(\w+)>")


def real_paths():
    """Addresses of real pages: random segments are tried in place of their parts."""
    return (
        [m.get_absolute_url() for m in Manager.objects.all()[:3]]
        + [c.get_absolute_url() for c in Club.objects.all()[:3]]
        + [s.get_absolute_url() for s in Story.objects.published()[:3]]
    )


def real_segments(route):
    """For each real page on `route`, its segment values by placeholder name."""
    found = []
    shape = route.split("/")
    for path in real_paths():
        if resolve(path).route != route:
            continue
        values = {}
        for template, actual in zip(shape, path.lstrip("/").split("/"), strict=True):
            match = PLACEHOLDER.fullmatch(template)
            if match:
                values[match.group(2)] = actual
        found.append(values)
    return found


def placeholders(route):
    """(converter, name) for each placeholder of `route`, in order."""
    return [(converter or "str", name) for converter, name in PLACEHOLDER.findall(route)]


def build(route, values):
    return "/" + PLACEHOLDER.sub(lambda m: values[m.group(2)], route)


DIGITS = st.one_of(
    st.from_regex(r"[0-9]{1,6}", fullmatch=True),
    st.integers(min_value=0, max_value=10**40).map(str),
)
SHAPED = {
    # Values the route's converter accepts, so they reach the view itself.
    "int": DIGITS,
    "4d": st.from_regex(r"[0-9]{4}", fullmatch=True),
    "2d": st.from_regex(r"[0-9]{2}", fullmatch=True),
    "slug": st.from_regex(r"[-a-zA-Z0-9_]{1,300}", fullmatch=True),
}
BOUNDARIES = {
    "4d": ["0000", "0001", "9999"],
    "int": ["0", "00", "0001", "2147483648", "9223372036854775808", "9" * 40],
    "2d": ["00", "13", "31", "32", "99"],
    "slug": ["-", "_", "a" * 300, "0", "allegri-set-for-juventus-return"],
    "str": ["x", "%00", "%ZZ", "a" * 300],
}


def mutation(converter):
    shaped = [SHAPED[converter]] if converter in SHAPED else []
    text = st.tuples(TEXT, st.booleans()).map(lambda pair: encode(*pair))
    return st.one_of(*shaped, text)


def query_string():
    value = st.tuples(TEXT, st.booleans()).map(lambda pair: encode(*pair))
    pairs = st.lists(
        st.tuples(st.sampled_from(["q", "page", "on", "q[]", "page", "x", ""]), value),
        max_size=4,
    )
    return pairs.map(lambda items: "&".join(f"{key}={val}" for key, val in items))


def fetch(client, url):
    response = client.get(url)
    assert response.status_code < 500, f"{response.status_code} for {url[:300]!r}"
    return response


def test_the_url_configuration_is_walked():
    routes = public_routes()
    assert "managers/<slug:slug>/" in routes
    assert "news/<4d:year>/<2d:month>/<2d:day>/<slug:slug>/" in routes
    assert not any(route.startswith("admin") for route in routes)


@pytest.mark.parametrize("route", public_routes())
@EXAMPLES
@given(data=st.data())
def test_random_segments_and_queries_never_give_a_server_error(client, seeded, route, data):
    names = placeholders(route)
    bases = real_segments(route)
    values = dict(data.draw(st.sampled_from(bases))) if bases else {}
    if names:
        # Spoil some segments of a real address (all of them when there is none).
        spoil = data.draw(st.sets(st.sampled_from(names), min_size=1)) if bases else set(names)
        for converter, name in spoil:
            values[name] = data.draw(mutation(converter))
    query = data.draw(query_string())
    path = build(route, values)
    fetch(client, f"{path}?{query}" if query else path)


@pytest.mark.parametrize("route", [route for route in public_routes() if placeholders(route)])
def test_edge_values_in_each_segment_of_a_real_address(client, seeded, route):
    names = placeholders(route)
    bases = real_segments(route) or [{name: "x" for _, name in names}]
    for converter, name in names:
        for value in BOUNDARIES.get(converter, BOUNDARIES["str"]):
            for base in bases:
                fetch(client, build(route, {**base, name: value}))


@pytest.mark.parametrize("url", KNOWN_PAGES)
@EXAMPLES
@given(query=query_string())
def test_random_query_parameters_never_give_a_server_error(client, seeded, url, query):
    fetch(client, f"{url}?{query}")


@pytest.mark.parametrize("url", ["/", "/managers/", "/search/", "/news/"])
def test_an_oversized_query_string_is_refused_at_once(client, db, url, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(url, {"q": "x" * 4000})
    assert response.status_code == 414
    assert "Content-Security-Policy" in response.headers


def test_an_oversized_path_is_refused_at_once(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/managers/" + "a" * 2100 + "/")
    assert response.status_code == 414


def test_a_query_string_at_the_limit_is_served(client, db):
    response = client.get("/managers/", {"q": "x" * 3998})
    assert response.status_code == 200


def test_a_story_is_only_at_its_own_address(client, seeded):
    story = Story.objects.published().first()
    url = story.get_absolute_url()
    assert client.get(url).status_code == 200
    _, _, year, rest = url.split("/", 3)
    for padded in [f"0{year}", f"{year}0", "9" * 20, str(2**63)]:
        assert client.get(f"/news/{padded}/{rest}").status_code == 404
