import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from football.news.models import Correction, Story
from tests.pages_helpers import html, jsonld, text

pytestmark = pytest.mark.django_db
STORY_URL = "/news/2021/05/27/allegri-set-for-juventus-return/"


def make_story(slug, status="published", when=None, **fields):
    return Story.objects.create(
        headline=fields.pop("headline", f"Headline {slug}"), slug=slug, standfirst="Standfirst.",
        body="Body.", byline="Dugout staff", status=status,
        published_at=when or timezone.now() - datetime.timedelta(hours=1), **fields,
    )  # fmt: skip


class TestStoryPage:
    def test_story_has_headline_byline_times_badge_body_quote_and_sources(self, client, seeded):
        response = client.get(STORY_URL)
        assert response.status_code == 200
        page = text(response)
        assert "Allegri set for Juventus return as Pirlo faces the sack" in page
        assert "By Dugout staff" in page and "Published 27 May 2021" in page
        assert "Updated 28 May 2021" in page
        assert '<span class="badge badge-reported">' in html(response) or "badge-reported" in html(
            response
        )
        assert "<blockquote" in html(response) and "Summary, not the exact words" in page
        assert "Fabrizio Romano (@FabrizioRomano)" in page
        assert "Club announcement of Massimiliano Allegri's return (Juventus, 28 May 2021)" in page

    def test_cards_are_as_of_the_publish_date(self, client, seeded):
        page = text(client.get(STORY_URL))
        assert (
            "Massimiliano Allegri Aged 53. Out of work since 30 June 2019, after leaving Juventus."
            in page
        )
        assert "Juventus Head coach: Andrea Pirlo, since 8 August 2020." in page
        assert "Andrea Pirlo Aged 42. Head coach of Juventus since 8 August 2020." in page

    def test_a_spell_ending_on_the_publish_date_is_shown_ending(self, client, seeded):
        # Zidane resigned on 27 May 2021, the day the story (which says so) was published.
        page = text(client.get(STORY_URL))
        assert (
            "Zinedine Zidane Aged 48. Head coach of Real Madrid since 11 March 2019, "
            "until 27 May 2021 (resigned)." in page
        )
        assert (
            "Real Madrid Head coach: Zinedine Zidane, since 11 March 2019, "
            "until 27 May 2021 (resigned)." in page
        )
        assert "8 August 2020, until" not in page  # Pirlo's spell runs on to 28 May

    def test_news_article_jsonld(self, client, seeded):
        (article,) = jsonld(client.get(STORY_URL), "NewsArticle")
        assert article["headline"].startswith("Allegri set for Juventus return")
        assert article["datePublished"].startswith("2021-05-27")
        assert article["dateModified"].startswith("2021-05-28")
        assert article["author"]["name"] == "Dugout staff"
        assert "Massimiliano Allegri" in [p["name"] for p in article["about"]]

    def test_corrections_show_at_the_foot(self, client, seeded):
        story = Story.objects.get()
        Correction.objects.create(story=story, text="An earlier version gave the wrong date.")
        page = text(client.get(STORY_URL))
        assert page.index("Corrections") > page.index("Sources")
        assert "An earlier version gave the wrong date." in page

    def test_a_wrong_date_in_the_address_is_a_404(self, client, seeded):
        assert client.get("/news/2021/05/28/allegri-set-for-juventus-return/").status_code == 404
        assert client.get("/news/2021/02/30/allegri-set-for-juventus-return/").status_code == 404
        assert client.get("/news/2021/05/27/no-such-story/").status_code == 404

    def test_drafts_and_scheduled_stories_are_404_for_readers_and_previewed_for_staff(
        self, client, django_user_model
    ):
        draft = make_story("draft", status="draft")
        scheduled = make_story("later", when=timezone.now() + datetime.timedelta(days=1))
        for story in (draft, scheduled):
            assert client.get(story.get_absolute_url()).status_code == 404
        client.force_login(django_user_model.objects.create(username="ed", is_staff=True))
        assert "Preview: this story is a draft" in text(client.get(draft.get_absolute_url()))
        assert "scheduled for" in text(client.get(scheduled.get_absolute_url()))

    def test_related_stories_share_managers(self, client, seeded):
        other = make_story("pirlo-next", headline="Where next for Pirlo?")
        other.managers.add(
            *Story.objects.get(slug="allegri-set-for-juventus-return").managers.all()
        )
        assert "Where next for Pirlo?" in text(client.get(STORY_URL))

    def test_a_story_of_more_managers_and_clubs_than_prepared_shows_them_all(self, client, seeded):
        from football.careers.models import Club, Manager
        from football.news.views import CARDS

        story = make_story("everyone", when=timezone.now() - datetime.timedelta(days=1))
        managers = Manager.objects.filter(tenures__isnull=False).distinct()[: CARDS + 1]
        clubs = Club.objects.filter(tenures__isnull=False).distinct()[: CARDS + 1]
        story.managers.add(*managers)
        story.clubs.add(*clubs)
        other = make_story("after", headline="Another story", when=story.published_at)
        other.clubs.add(clubs[CARDS])
        page = html(client.get(story.get_absolute_url()))
        assert page.count('class="card"') == 2 * (CARDS + 1)
        for record in [*managers, *clubs]:
            assert record.get_absolute_url() in page
        assert "Another story" in page


class TestIndex:
    def test_twenty_a_page_newest_first_only_published(self, client):
        now = timezone.now()
        for i in range(25):
            make_story(f"s{i:02d}", when=now - datetime.timedelta(hours=i + 1))
        make_story("draft", status="draft")
        make_story("future", when=now + datetime.timedelta(hours=1))
        first = html(client.get(reverse("news:story_list")))
        assert first.count('class="story-title"') == 20
        assert first.index("Headline s00") < first.index("Headline s01")
        second = html(client.get(reverse("news:story_list"), {"page": 2}))
        assert second.count('class="story-title"') == 5
        assert "Headline draft" not in first + second and "Headline future" not in first + second
        assert client.get(reverse("news:story_list"), {"page": 3}).status_code == 404
        assert client.get(reverse("news:story_list"), {"page": "x"}).status_code == 400

    def test_every_page_holds_exactly_its_stories_in_order_ties_broken_by_id(self, client):
        """Deep pages are read by key (a deferred join), those past the middle from the
        oldest story back: each page is still exactly its slice of the newest-first,
        then highest-id-first order, with equal times straddling the page boundaries."""
        now = timezone.now().replace(microsecond=0)
        for i in range(95):
            # Seven stories share each time: ties cross every boundary of twenty.
            make_story(f"s{i:02d}", when=now - datetime.timedelta(hours=1 + i // 7))
            if i % 10 == 0:
                make_story(f"draft-{i}", status="draft", when=now - datetime.timedelta(hours=1))
                make_story(f"later-{i}", when=now + datetime.timedelta(hours=i + 1))
        expected = list(
            Story.objects.published()
            .order_by("-published_at", "-id")
            .values_list("slug", flat=True)
        )
        assert len(expected) == 95 and len(set(Story.objects.values_list("published_at"))) < 30
        # Independently of the ORM's order: newest first, then the later-created story.
        assert expected == [f"s{i:02d}" for i in sorted(range(95), key=lambda i: (i // 7, -i))]
        seen = []
        for number in range(1, 6):
            page = html(client.get(reverse("news:story_list"), {"page": number}))
            slugs = re.findall(r'class="story-title"><a href="/news/[\d/]+/([\w-]+)/"', page)
            assert slugs == expected[20 * (number - 1) : 20 * number], number
            seen += slugs
        assert seen == expected
        assert client.get(reverse("news:story_list"), {"page": 6}).status_code == 404


class TestFeeds:
    def test_rss_and_atom_parse_and_list_only_published_stories(self, client, seeded):
        make_story("draft", status="draft")
        make_story("future", when=timezone.now() + datetime.timedelta(hours=1))
        rss = ET.fromstring(client.get(reverse("news:feed_rss")).content)
        titles = [item.findtext("title") for item in rss.iter("item")]
        assert titles == ["Allegri set for Juventus return as Pirlo faces the sack"]
        atom = ET.fromstring(client.get(reverse("news:feed_atom")).content)
        ns = {"a": "http://www.w3.org/2005/Atom"}
        entries = atom.findall("a:entry", ns)
        assert [e.findtext("a:title", namespaces=ns) for e in entries] == titles
        assert entries[0].findtext("a:updated", namespaces=ns).startswith("2021-05-28")
