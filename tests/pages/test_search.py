"""Search as readers type it, on whichever database the suite runs on (CI runs it on
SQLite and on PostgreSQL): each query must put the page meant among the first three
results of its kind."""

import datetime
import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from football.careers.models import Club, Manager
from football.news.models import Story
from football.pages.search import engines, find
from football.pages.search.words import Query, edits
from tests.pages_helpers import html, jsonld, text

pytestmark = pytest.mark.django_db

ALLEGRI = "/managers/massimiliano-allegri/"
ZIDANE = "/managers/zinedine-zidane/"
SARRI = "/managers/maurizio-sarri/"
LEONARDO = "/managers/leonardo/"
CONTE = "/managers/antonio-conte/"
JUVENTUS = "/clubs/juventus/"
INTER = "/clubs/inter/"
MILAN = "/clubs/milan/"
SPURS = "/clubs/tottenham-hotspur/"
REAL = "/clubs/real-madrid/"
STORY = "/news/2021/05/27/allegri-set-for-juventus-return/"

QUERIES = [
    # Whole names, short names, nicknames, other names ("also known as").
    ("massimiliano allegri", ALLEGRI),
    ("allegri", ALLEGRI),
    ("massimiliano", ALLEGRI),
    ("max allegri", ALLEGRI),
    ("juve", JUVENTUS),
    ("old lady", JUVENTUS),
    ("bianconeri", JUVENTUS),
    ("juventus fc", JUVENTUS),
    ("spurs", SPURS),
    ("inter milan", INTER),
    ("internazionale", INTER),
    ("ac milan", MILAN),
    ("milan", MILAN),
    ("los blancos", REAL),
    # Accents and capitals.
    ("araujo", LEONARDO),
    ("ARAÚJO", LEONARDO),
    ("juventús", JUVENTUS),
    ("ZIDANE", ZIDANE),
    # Typos: a letter missing, doubled, swapped, wrong; in a longer name, two.
    ("alegri", ALLEGRI),
    ("alllegri", ALLEGRI),
    ("allegir", ALLEGRI),
    ("allegro", ALLEGRI),
    ("sari", SARRI),
    ("zidanne", ZIDANE),
    ("juventsu", JUVENTUS),
    ("massimilano alegri", ALLEGRI),
    ("internazonale", INTER),
    # Unfinished last words.
    ("massim", ALLEGRI),
    ("allegri juv", STORY),
    ("tottenham hot", SPURS),
    # Word order, and queries naming two records.
    ("allegri massimiliano", ALLEGRI),
    ("allegri juventus", ALLEGRI),
    ("allegri juventus", STORY),
    ("juventus allegri", ALLEGRI),
    ("zidane real madrid", ZIDANE),
    ("real madrid zidane", ZIDANE),
    ("conte inter", CONTE),
    ("leonardo milan", LEONARDO),
    # Stories by their words, stemmed.
    ("pirlo sacked", STORY),
    ("sack pirlo", STORY),
    ("allegri returns", STORY),
    ("Allegri return to Juventus", STORY),
    ('"faces the sack"', STORY),
    ("second spell", STORY),
]


def results(q):
    """The addresses the search page lists, by kind, in order."""
    found = find(q)
    stories = found.page.object_list if found.page else []
    return {
        "managers": [m.get_absolute_url() for m in found.managers],
        "clubs": [c.get_absolute_url() for c in found.clubs],
        "stories": [s.get_absolute_url() for s in stories],
    }


def kind(url):
    return (
        "managers"
        if url.startswith("/managers/")
        else "clubs"
        if url.startswith("/clubs/")
        else "stories"
    )


def story(slug, headline, ago=datetime.timedelta(0), **fields):
    """A published story (unsaved), `ago` before now; `fields` override the rest."""
    values = {
        "standfirst": "A story.",
        "body": "x",
        "byline": "Desk",
        "status": Story.Status.PUBLISHED,
        "published_at": timezone.now() - ago,
        **fields,
    }
    return Story(slug=slug, headline=headline, **values)


@pytest.fixture
def world(seeded):
    """The seed, with names near the seed's: what a search must tell apart."""
    for full, short in [
        ("Marco Allegrini", "Allegrini"),
        ("Allegra Bianchi", "Bianchi"),
        ("Maurizio Sarro", "Sarro"),
        ("Zinedine Zidler", "Zidler"),
    ]:
        Manager.objects.create(full_name=full, short_name=short, slug=slugify(full))
    Club.objects.create(
        name="Milano City", short_name="Milano City", slug="milano", country="Italy"
    )
    story(
        "sacking-season",
        "Sacking season",
        standfirst="Managers sacked this year, a list.",
        body="Nothing about anyone in particular.",
    ).save()


@pytest.mark.parametrize(("q", "url"), QUERIES)
def test_the_page_meant_is_in_the_first_three(world, q, url):
    found = results(q)[kind(url)]
    assert url in found[:3], f"{q!r}: {found[:5]}"


@pytest.mark.parametrize(
    ("q", "first"),
    [
        ("allegri", ALLEGRI),  # exact, before Allegrini (a prefix) and Allegra (a typo)
        ("sarri", SARRI),  # exact, before Sarro (a typo)
        ("zidane", ZIDANE),
        ("milan", MILAN),  # its name, before Inter (Inter Milan) and Milano City
        ("inter", INTER),
        ("juventus", JUVENTUS),
    ],
)
def test_exact_names_rank_first(world, q, first):
    found = results(q)[kind(first)]
    assert found[0] == first, found


def test_exact_then_prefix_then_typo(world):
    order = results("allegri")["managers"]
    assert order[:2] == [ALLEGRI, "/managers/marco-allegrini/"]
    # Some name holds "allegri" as typed: it is no typo, so Allegra is not offered.
    assert "/managers/allegra-bianchi/" not in order
    # No name holds "allegr" + "x" as typed: names one letter from it are offered.
    assert {ALLEGRI, "/managers/allegra-bianchi/"} <= set(results("allegrx")["managers"])


def test_a_word_held_as_typed_is_no_typo_even_in_another_kind(world):
    """ "juventus" is a club's name as typed: among managers it is context, not a
    misspelling of some manager's name, and no typo search is made for it."""
    assert results("allegri juventus")["managers"] == [ALLEGRI]


def test_a_word_stories_hold_is_no_typo(world):
    """ "sacked" is in stories as typed: names one letter from it are not offered."""
    Manager.objects.create(full_name="Luca Sacket", short_name="Sacket", slug="luca-sacket")
    assert results("sacket")["managers"] == ["/managers/luca-sacket/"]
    assert results("sacked")["managers"] == []
    assert results("sackte")["managers"] == ["/managers/luca-sacket/"]  # in no story


def test_every_word_must_match(world):
    assert results("allegri zzzzzz") == {"managers": [], "clubs": [], "stories": []}
    # Zidane never managed Juventus: a manager's clubs are context, not a free pass.
    assert ZIDANE not in results("zidane juventus")["managers"]


def test_a_word_can_be_left_out(world):
    assert STORY in results("allegri")["stories"]
    assert STORY not in results("allegri -pirlo")["stories"]
    assert ALLEGRI in results("allegri -pirlo")["managers"]
    assert ALLEGRI not in results("allegri -max")["managers"]


def test_stemming_finds_other_forms(world):
    sacked = results("sacked")["stories"]
    assert STORY in sacked and "sacking-season" in " ".join(sacked)
    assert STORY in results("returning")["stories"]


def test_stories_rank_by_relevance_then_recency(world):
    """A headline match outranks a body match; among equals, the newer first."""
    now = timezone.now()
    for i, (headline, body) in enumerate([("Quiet week", "Fiorentina"), ("Fiorentina news", "x")]):
        story(
            f"rank-{i}", headline, body=body, published_at=now - timezone.timedelta(days=10 - i * 5)
        ).save()
    order = results("fiorentina")["stories"]
    assert [u.rsplit("/", 2)[-2] for u in order] == ["rank-1", "rank-0"]
    for i in (2, 3):
        story(f"rank-{i}", "Fiorentina news", published_at=now - timezone.timedelta(days=i)).save()
    # Three equal headlines (published 2, 3 and 5 days ago: newest first), then the body match.
    order = [u.rsplit("/", 2)[-2] for u in results("fiorentina")["stories"]]
    assert order == ["rank-2", "rank-3", "rank-1", "rank-0"]


def test_drafts_and_scheduled_stories_are_not_found(world):
    for slug, status, when in [
        ("draft-pirlo", Story.Status.DRAFT, timezone.now()),
        ("later-pirlo", Story.Status.PUBLISHED, timezone.now() + timezone.timedelta(days=1)),
    ]:
        story(slug, "Pirlo exclusive", status=status, published_at=when).save()
    found = " ".join(results("pirlo exclusive")["stories"])
    assert "draft-pirlo" not in found and "later-pirlo" not in found


def test_snippets_mark_the_matching_words_after_escaping(client, world):
    story(
        "markup-test",
        "Markup test",
        standfirst="<b>Fiorentina</b> & friends <script>alert(1)</script>",
        body="Body.",
    ).save()
    page = html(client.get(reverse("pages:search"), {"q": "fiorentina"}))
    assert "&lt;b&gt;<mark>Fiorentina</mark>&lt;/b&gt; &amp; friends &lt;script&gt;" in page
    assert "<script>alert" not in page
    body = html(client.get(reverse("pages:search"), {"q": "pirlo sacked"}))
    marked = re.findall(r"<mark>([^<]+)</mark>", body)
    assert {m.lower() for m in marked} & {"sack", "sacked", "pirlo"}


def test_nothing_found_offers_the_nearest_names(client, world):
    response = client.get(reverse("pages:search"), {"q": "allgery"})
    assert "Nothing matches “allgery”" in text(response)
    assert "Did you mean Allegri" in text(response)
    assert 'href="/search/?q=Allegri"' in html(response)
    assert "Did you mean" not in text(client.get(reverse("pages:search"), {"q": "qqqqqq"}))


def test_the_index_follows_every_kind_of_write(world):
    """Triggers (SQLite) and a generated column (PostgreSQL) keep the indexes current
    for bulk inserts, plain saves, raw SQL and deletes alike."""
    Manager.objects.bulk_create(
        [Manager(full_name="Quentin Bulkley", short_name="Bulkley", slug="qb").set_search_text()]
    )
    assert "/managers/qb/" in results("bulkley")["managers"]
    manager = Manager.objects.get(slug="qb")
    manager.other_names = "Q the Builder"
    manager.save()
    assert "/managers/qb/" in results("builder")["managers"]
    manager.delete()
    assert results("bulkley")["managers"] == []
    story = Story.objects.get(slug="sacking-season")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE news_story SET body = %s WHERE id = %s", ["Zeppelin weather", story.pk]
        )
    assert "sacking-season" in " ".join(results("zeppelin")["stories"])


def test_other_names_are_shown_and_given_to_search_engines(client, world):
    profile = client.get(ALLEGRI)
    assert "Also known as Max Allegri" in text(profile)
    assert jsonld(profile, "Person")[0]["alternateName"] == ["Max Allegri"]
    club = client.get(INTER)
    assert "Also known as Inter Milan, Internazionale" in text(club)
    assert {"Inter Milan", "Internazionale"} <= set(jsonld(club, "SportsTeam")[0]["alternateName"])


def test_the_two_search_forms_are_distinct_landmarks(client, world):
    page = html(client.get(reverse("pages:search"), {"q": "allegri"}))
    labels = re.findall(r'<form[^>]*role="search"[^>]*aria-label="([^"]+)"', page)
    assert len(labels) == 2 and len(set(labels)) == 2


@pytest.mark.parametrize(
    "q",
    ['"', '"""', "-", "- -", "-allegri", "***", "a OR b", "NEAR(x y)", "'; drop", "ä", ":*", "!"],
)
def test_odd_queries_are_answered(client, world, q):
    response = client.get(reverse("pages:search"), {"q": q})
    assert response.status_code == 200


def test_query_words():
    query = Query.parse('max "faces the sack" -pirlo alleg')
    assert query.words == ["max", "faces", "the", "sack", "alleg"]
    assert query.excluded == {"pirlo"}
    assert query.last_is_prefix
    assert not Query.parse('"faces the sack"').last_is_prefix


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("allegri", "allegri", 0),
        ("alegri", "allegri", 1),
        ("allegir", "allegri", 1),
        ("allegro", "allegri", 1),
        ("alleg", "allegri", 2),
        ("zidane", "sarri", 2 + 1),
    ],
)
def test_edit_distance(a, b, distance):
    assert edits(a, b, 2) == distance


def test_story_results_are_paged_and_counted(client, world):
    Story.objects.bulk_create(
        story(f"notebook-{i}", f"Fiorentina notebook {i}", datetime.timedelta(hours=i))
        for i in range(25)
    )
    first = client.get(reverse("pages:search"), {"q": "fiorentina notebook"})
    assert "Page 1 of 2" in text(first) and text(first).count("Fiorentina notebook") == 20
    second = client.get(reverse("pages:search"), {"q": "fiorentina notebook", "page": "2"})
    assert "Page 2 of 2" in text(second)
    assert [f"notebook-{i}" in html(second) for i in range(20, 25)] == [True] * 5
    assert client.get(reverse("pages:search"), {"q": "fiorentina", "page": "3"}).status_code == 404


def test_words_in_too_many_stories_list_the_newest_first(client, world, monkeypatch, settings):
    """Past StoryMatches.COMMON matches, relevance is not computed over them all: the
    newest come first, only COMMON are counted and paged, and the page says so."""
    monkeypatch.setattr(engines.StoryMatches, "COMMON", 4)
    settings.PAGE_CACHE = False  # the same address is asked twice
    Story.objects.bulk_create(
        story(
            f"derby-{i}",
            "Derby day" if i == 5 else "Weekend",
            datetime.timedelta(days=i),
            body="The derby." if i != 5 else "x",
        )
        for i in range(6)
    )
    # "derby" is in the oldest story's headline: with few matches it would rank first.
    order = [u.rsplit("/", 2)[-2] for u in results("derby")["stories"]]
    assert order == [f"derby-{i}" for i in range(6)]
    page = text(client.get(reverse("pages:search"), {"q": "derby"}))
    assert "More than 4 stories hold this word" in page
    monkeypatch.setattr(engines.StoryMatches, "COMMON", 6)
    order = [u.rsplit("/", 2)[-2] for u in results("derby")["stories"]]
    assert order[0] == "derby-5" and len(order) == 6
    assert "More than" not in text(client.get(reverse("pages:search"), {"q": "derby"}))


def test_a_last_word_some_story_holds_whole_is_not_read_as_a_start(world):
    """A finished word is what was meant; a word still being typed is a start."""
    story("a-quix", "A quix at last", body="x").save()
    story("quixotic-chase", "A quixotic chase", body="x").save()
    assert [u.rsplit("/", 2)[-2] for u in results("quix")["stories"]] == ["a-quix"]
    assert [u.rsplit("/", 2)[-2] for u in results("quixo")["stories"]] == ["quixotic-chase"]
    assert [u.rsplit("/", 2)[-2] for u in results('"quix"')["stories"]] == ["a-quix"]
