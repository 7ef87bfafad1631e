import datetime
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from football.careers.models import Club, Honour, Manager, Tenure
from football.news.models import Story
from tests.pages_helpers import html, text

pytestmark = pytest.mark.django_db
SM = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def search(client, q, **params):
    return client.get(reverse("pages:search"), {"q": q, **params})


class TestSearch:
    @pytest.mark.parametrize("q", ["zidane", "ZIDANE", "Zidane", "  zidane  ", "zídane"])
    def test_case_and_accent_insensitive(self, client, seeded, q):
        assert "Zinedine Zidane" in text(search(client, q))

    def test_accented_query_finds_unaccented_club(self, client, seeded):
        page = text(search(client, "juventús"))
        assert "Clubs Juventus" in page

    def test_accented_name_found_without_accent(self, client, seeded):
        assert "Leonardo Nascimento de Araújo" in text(search(client, "araujo"))

    def test_exact_names_first_then_names_starting_with_the_words(self, client, seeded):
        for name in ["Amaurizio Sarrine", "Maurizio Sarrino", "Maurizio Sarri Junior"]:
            Manager.objects.create(full_name=name, short_name=name.split()[-1], slug=slugify(name))
        managers = text(search(client, "maurizio sarri")).split("Managers", 2)[2]
        order = ["Maurizio Sarri Italian", "Maurizio Sarri Junior", "Maurizio Sarrino", "Amaurizio"]
        positions = [managers.index(name) for name in order]
        assert positions == sorted(positions)

    def test_an_exact_short_name_comes_before_longer_names(self, client, seeded):
        Manager.objects.create(full_name="Sarrington Smith", short_name="Smith", slug="ss")
        managers = text(search(client, "sarri")).split("Managers", 2)[2]
        assert managers.index("Maurizio Sarri") < managers.index("Sarrington Smith")

    def test_stories_are_found_and_drafts_are_not(self, client, seeded):
        Story.objects.create(
            headline="Secret Pirlo draft", slug="secret", standfirst="x", body="x", byline="x"
        )
        page = text(search(client, "pirlo"))
        assert "Andrea Pirlo" in page
        assert "Allegri set for Juventus return as Pirlo faces the sack" in page
        assert "Secret Pirlo draft" not in page

    def test_empty_query_shows_the_form_and_a_hint(self, client, seeded):
        response = client.get(reverse("pages:search"))
        assert response.status_code == 200
        assert 'name="q"' in html(
            response
        ) and "Accents, capitals and small typos don't matter" in text(response)

    def test_no_results_says_so(self, client, seeded):
        assert "Nothing matches “zzzz”" in text(search(client, "zzzz"))

    def test_bad_page_numbers(self, client, seeded):
        assert search(client, "pirlo", page="abc").status_code == 400
        assert search(client, "pirlo", page="5").status_code == 404

    def test_a_very_long_query_is_trimmed_not_refused(self, client, seeded):
        assert search(client, "allegri" * 500).status_code == 200


class TestHome:
    def test_latest_stories_changes_and_featured_managers(self, client, seeded):
        page = text(client.get(reverse("pages:home")))
        assert "Allegri set for Juventus return as Pirlo faces the sack" in page
        assert "Massimiliano Allegri to Juventus 28 May 2021" in page
        assert "Andrea Pirlo left Juventus 28 May 2021, sacked" in page
        assert "In the news" in page

    def test_a_scheduled_story_is_not_on_the_home_page(self, client, seeded):
        Story.objects.create(
            headline="Tomorrow's news", slug="tomorrow", standfirst="x", body="x", byline="x",
            status="published", published_at=timezone.now() + datetime.timedelta(days=1),
        )  # fmt: skip
        assert "Tomorrow's news" not in text(client.get(reverse("pages:home")))


class TestDiscovery:
    def test_sitemap_lists_every_public_manager_club_and_story_with_lastmod(self, client, seeded):
        Story.objects.create(headline="Draft", slug="a-draft", standfirst="x", body="x", byline="x")
        index = ET.fromstring(client.get("/sitemap.xml").content)
        urls = []
        for loc in index.iterfind("s:sitemap/s:loc", SM):
            section = ET.fromstring(client.get(loc.text.replace("http://testserver", "")).content)
            for entry in section.iterfind("s:url", SM):
                urls.append(entry.findtext("s:loc", namespaces=SM))
                if "/managers/" in urls[-1] and urls[-1].count("/") > 4:
                    assert entry.findtext("s:lastmod", namespaces=SM)
        paths = {u.replace("http://testserver", "") for u in urls}
        assert "/managers/massimiliano-allegri/" in paths and "/clubs/juventus/" in paths
        assert "/news/2021/05/27/allegri-set-for-juventus-return/" in paths
        assert not any("a-draft" in p for p in paths)
        assert len([p for p in paths if p.startswith("/managers/") and p != "/managers/"]) == 8

    def test_sitemap_index_gives_each_section_its_latest_change_in_two_queries_each(
        self, client, seeded, settings, django_assert_num_queries
    ):
        settings.PAGE_CACHE = False
        story = Story.objects.get(slug="allegri-set-for-juventus-return")
        story.updated_at = story.published_at + datetime.timedelta(days=3)
        story.save()
        Story.objects.filter(pk=story.pk).update(
            published_at=story.published_at, updated_at=story.updated_at
        )
        with django_assert_num_queries(6):  # latest change and count, for each of 3 sections
            index = ET.fromstring(client.get("/sitemap.xml").content)
        lastmods = {
            entry.findtext("s:loc", namespaces=SM).rsplit("/", 1)[-1]: entry.findtext(
                "s:lastmod", namespaces=SM
            )
            for entry in index.iterfind("s:sitemap", SM)
        }
        # A manager's page changes with his spells and honours too.
        latest_manager = max(
            *Manager.objects.values_list("modified", flat=True),
            *Tenure.objects.values_list("modified", flat=True),
            *Honour.objects.values_list("modified", flat=True),
        )
        parse = datetime.datetime.fromisoformat
        assert parse(lastmods["sitemap-managers.xml"]) == latest_manager
        assert parse(lastmods["sitemap-stories.xml"]) == story.updated_at

    @pytest.mark.parametrize("record", ["spell", "honour"])
    def test_a_spell_or_honour_edit_moves_the_managers_and_the_clubs_lastmod(
        self, client, seeded, settings, record
    ):
        settings.PAGE_CACHE = False

        def lastmod(section, path):
            root = ET.fromstring(client.get(f"/sitemap-{section}.xml").content)
            for entry in root.iterfind("s:url", SM):
                if entry.findtext("s:loc", namespaces=SM).endswith(path):
                    return datetime.datetime.fromisoformat(
                        entry.findtext("s:lastmod", namespaces=SM)
                    )
            raise AssertionError(path)

        allegri, juventus = "/managers/massimiliano-allegri/", "/clubs/juventus/"
        other = "/managers/andrea-pirlo/"
        before = {
            path: lastmod(section, path)
            for section, path in [("managers", allegri), ("clubs", juventus), ("managers", other)]
        }
        spell = Tenure.objects.filter(
            manager__slug="massimiliano-allegri", club__slug="juventus"
        ).latest("started_on")
        later = timezone.now() + datetime.timedelta(days=2)
        with time_machine.travel(later, tick=False):
            if record == "spell":
                spell.notes = "Edited."
                spell.save()
            else:
                honours = Honour.objects.filter(
                    tenure__manager=spell.manager_id, tenure__club=spell.club_id
                )
                honours.first().save()
        assert lastmod("managers", allegri) > before[allegri]
        assert lastmod("clubs", juventus) > before[juventus]
        assert lastmod("managers", other) == before[other]

    def test_sitemap_sections_give_each_records_own_address(self, client, seeded):
        """The sections write their addresses themselves (not through reverse() each):
        they are the records' get_absolute_url, and the lastmod their local day."""
        Story.objects.filter(slug="allegri-set-for-juventus-return").update(
            published_at=datetime.datetime(2021, 5, 26, 23, 30, tzinfo=datetime.UTC)
        )  # 00:30 on the 27th in London: the address and lastmod follow the local day
        expected = (
            {m.get_absolute_url() for m in Manager.objects.all()}
            | {c.get_absolute_url() for c in Club.objects.all()}
            | {s.get_absolute_url() for s in Story.objects.published()}
        )
        found, days = set(), {}
        for section in ("managers", "clubs", "stories"):
            response = client.get(f"/sitemap-{section}.xml")
            assert response["X-Robots-Tag"] == "noindex, noodp, noarchive"
            assert response["Last-Modified"]
            for entry in ET.fromstring(response.content).iterfind("s:url", SM):
                path = entry.findtext("s:loc", namespaces=SM).replace("http://testserver", "")
                found.add(path)
                days[path] = entry.findtext("s:lastmod", namespaces=SM)
        assert found == expected
        story = Story.objects.get(slug="allegri-set-for-juventus-return")
        assert days[story.get_absolute_url()] == str(timezone.localdate(story.last_modified))
        assert client.get("/sitemap-managers.xml?p=2").status_code == 404
        assert client.get("/sitemap-managers.xml?p=x").status_code == 404
        assert client.get("/sitemap-nothing.xml").status_code == 404

    def test_deleting_or_moving_an_honour_moves_its_spells_lastmod(self, seeded):
        honour = Honour.objects.select_related("tenure").first()
        spell, before = honour.tenure, honour.tenure.changed
        other = Tenure.objects.exclude(pk=spell.pk).filter(honours__isnull=True).first()
        later = timezone.now() + datetime.timedelta(days=2)
        with time_machine.travel(later, tick=False):
            honour.tenure = other
            honour.save()
        spell.refresh_from_db()
        other.refresh_from_db()
        assert spell.changed == other.changed == honour.modified > before
        with time_machine.travel(later + datetime.timedelta(days=1), tick=False):
            Honour.objects.filter(pk=honour.pk).delete()
        other.refresh_from_db()
        assert other.changed == later + datetime.timedelta(days=1)

    def test_favicon_ico_redirects_to_the_icon(self, client):
        response = client.get("/favicon.ico")
        assert response.status_code == 301
        assert response["Location"] == "/static/img/favicon.svg"
        assert finders.find("img/favicon.svg")  # the file it points at is a static file

    def test_robots_points_at_the_sitemap(self, client):
        body = client.get("/robots.txt").content.decode()
        assert "Sitemap: http://testserver/sitemap.xml" in body

    def test_healthz_is_plain_ok_without_the_database(self, client, django_assert_num_queries):
        with django_assert_num_queries(0):
            response = client.get("/healthz")
        assert response.content == b"ok" and response["Content-Type"].startswith("text/plain")

    @pytest.mark.parametrize(
        "url",
        [
            "/", "/managers/", "/clubs/", "/managers/massimiliano-allegri/", "/clubs/juventus/",
            "/news/", "/news/2021/05/27/allegri-set-for-juventus-return/", "/search/?q=pirlo",
            "/managers/massimiliano-allegri/?on=2021-05-27",
        ],
    )  # fmt: skip
    def test_every_page_has_title_description_canonical_and_opengraph(self, client, seeded, url):
        page = html(client.get(url))
        assert page.split("</head>")[0].count("<title>") == 1
        assert '<meta name="description" content="' in page
        assert '<link rel="canonical" href="http://127.0.0.1:8000/' in page
        for prop in ("og:title", "og:description", "og:url", "og:type"):
            assert f'property="{prop}"' in page
        assert "style=" not in page and "<script>" not in page

    def test_titles_are_unique(self, client, seeded):
        urls = [
            "/", "/managers/", "/clubs/", "/managers/massimiliano-allegri/", "/clubs/juventus/",
            "/news/", "/news/2021/05/27/allegri-set-for-juventus-return/", "/search/",
            "/managers/andrea-pirlo/", "/clubs/milan/", "/managers/massimiliano-allegri/?on=2021-05-27",
        ]  # fmt: skip
        titles = [html(client.get(u)).split("<title>")[1].split("</title>")[0] for u in urls]
        assert len(set(titles)) == len(titles)


@pytest.mark.django_db
def test_a_search_with_control_characters_is_answered(client, seeded):
    response = client.get(reverse("pages:search"), {"q": "alle\x00gri\x1f"})
    assert response.status_code == 200
    assert "Massimiliano Allegri" in response.content.decode()
