"""Tags are exact: after an edit, every reader page whose HTML changed carries a tag
the edit made stale (no stale page is served), and an edit to what only a record's own
page shows (OWN_PAGE: a biography, a spell's notes, a story's body) reaches that page
and the lists that show the field (LISTED), no other; an edit that does not move a
record between pages (outside its PLACEMENT: a story's headline, not its date) reaches
only the pages that show the record, its own page and those lists. A sitemap's lastmod
is the one thing no tag covers: it moves with every save, and sitemaps are stored five
minutes at most (tests/pagecache/test_cache.py).

Every page of the seed is rendered before and after each edit: its sitemaps' pages,
the lists, the feeds, two searches and two pages as of a past date.
"""

import datetime
import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from football.careers.models import Club, Honour, Manager
from football.news.models import Story
from football.pagecache import store

from .test_tags import ALLEGRI_STORY_SLUG, allegri_at_juventus

AS_OF = "?on=2020-01-01"
# Besides the sitemaps' pages: the lists, feeds, searches and two pages as of a date.
MORE = [
    "/",
    "/news/",
    "/managers/",
    "/clubs/",
    "/news/feed/",
    "/news/feed/atom/",
    "/search/?q=allegri",
    "/search/?q=juventus",
    "/managers/massimiliano-allegri/" + AS_OF,
    "/clubs/juventus/" + AS_OF,
]


def allegri():
    return Manager.objects.get(slug="massimiliano-allegri")


def juventus():
    return Club.objects.get(slug="juventus")


def allegri_story():
    return Story.objects.get(slug=ALLEGRI_STORY_SLUG)


def allegri_honour():
    return Honour.objects.filter(tenure__manager=allegri()).order_by("pk").first()


def later(days):
    return lambda value: (value or datetime.date(2024, 6, 30)) + datetime.timedelta(days=days)


def text(value):
    return f"{value} Checked again."


# Reaches only the pages tagged with the record, its own page and the lists that show the
# field (a field outside the model's PLACEMENT).
SHOWING = "showing"

# (record, field, change, own page): the own page is the path of the one page besides
# the sitemaps that an OWN_PAGE edit may reach ("own": the record's); SHOWING for an edit
# that reaches only the pages showing the record; None for one that may reach more.
EDITS = [
    (allegri, "biography", text, "/managers/massimiliano-allegri/"),
    (allegri, "birth_place", text, "/managers/massimiliano-allegri/"),
    (allegri, "wikidata_id", lambda v: "Q4", "/managers/massimiliano-allegri/"),
    (allegri, "other_names", text, "/managers/massimiliano-allegri/"),
    (allegri, "nationality", text, "/managers/massimiliano-allegri/"),
    (allegri, "full_name", text, None),
    (allegri, "birth_date", later(-366), None),
    (juventus, "founded", lambda v: v + 1, "/clubs/juventus/"),
    (juventus, "wikidata_id", lambda v: "Q5", "/clubs/juventus/"),
    (juventus, "city", text, "/clubs/juventus/"),
    (juventus, "country", text, "/clubs/juventus/"),
    (juventus, "nicknames", text, "/clubs/juventus/"),
    (juventus, "other_names", text, "/clubs/juventus/"),
    (juventus, "short_name", text, None),
    (juventus, "name", text, None),
    (allegri_at_juventus, "notes", text, "/managers/massimiliano-allegri/"),
    (allegri_at_juventus, "contract_until", later(365), "/managers/massimiliano-allegri/"),
    (allegri_at_juventus, "confirmed_on", later(-30), None),
    (allegri_at_juventus, "started_on", later(1), None),  # earlier overlaps Pirlo
    (allegri_honour, "note", text, None),
    (allegri_story, "body", text, "own"),
    (allegri_story, "standfirst", text, SHOWING),
    (allegri_story, "byline", text, SHOWING),
    (allegri_story, "reliability", lambda v: "rumour" if v != "rumour" else "official", SHOWING),
    (allegri_story, "updated_at", lambda v: timezone.now(), SHOWING),
    (allegri_story, "headline", text, SHOWING),
    (allegri_story, "slug", lambda v: v + "-again", SHOWING),
    (allegri_story, "published_at", lambda v: v - datetime.timedelta(hours=1), None),
]


def render(client, paths):
    """Each page rendered afresh: {path: (status and html, tags)}, without sitemaps'
    lastmods (a page gone since, a story at a new address, is a 404 without tags)."""
    pages = {}
    for path in paths:
        cache.clear()
        response = client.get(path)
        assert response.status_code in (200, 404), path
        content = re.sub(rb"<lastmod>[^<]*</lastmod>", b"", response.content)
        tags = set(response.get("Surrogate-Key", "").split())
        pages[path] = (b"%d %s" % (response.status_code, content), tags)
    return pages


def every_page(client):
    sitemaps = ["/sitemap.xml"]
    index = client.get("/sitemap.xml").content.decode()
    sitemaps += [re.sub(r"^https?://[^/]+", "", loc) for loc in re.findall(r"<loc>([^<]+)", index)]
    paths = set(MORE) | set(sitemaps)
    for sitemap in sitemaps[1:]:
        locs = re.findall(r"<loc>([^<]+)</loc>", client.get(sitemap).content.decode())
        paths.update(re.sub(r"^https?://[^/]+", "", loc) for loc in locs)
    return sorted(paths), set(sitemaps)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("record", "field", "change", "own_page"),
    EDITS,
    ids=[f"{record.__name__}-{field}" for record, field, _, _ in EDITS],
)
def test_every_page_an_edit_changes_carries_a_tag_it_made_stale(
    client, seeded, committed, monkeypatch, record, field, change, own_page
):
    paths, sitemaps = every_page(client)
    assert {"/managers/massimiliano-allegri/", allegri_story().get_absolute_url()} < set(paths)
    before = render(client, paths)

    made_stale = set()
    bump_tags = store.bump_tags
    monkeypatch.setattr(store, "bump_tags", lambda tags: (made_stale.update(tags), bump_tags(tags)))
    instance = record()
    setattr(instance, field, change(getattr(instance, field)))
    with committed():
        instance.save()
    after = render(client, paths)

    assert "all" not in made_stale
    changed = {path for path in paths if after[path][0] != before[path][0]}
    reached = {path for path in paths if before[path][1] & made_stale}
    assert changed - reached == set(), f"stale pages served after {field} changed"
    if own_page is not None:
        own = instance.get_absolute_url() if own_page in ("own", SHOWING) else own_page
        # ... and the lists that show the field (LISTED), if any.
        lists = {tag for tag, fields in type(instance).LISTED.items() if field in fields}
        if own_page == SHOWING:
            lists.add(instance.page_tag(instance.pk))
        allowed = {own, own + AS_OF} | {path for path in paths if before[path][1] & lists}
        assert reached <= allowed, f"an edit to {field} reached {reached - allowed}"
        assert own in reached or own_page == SHOWING and own not in before
