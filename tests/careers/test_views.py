import datetime
import re

import pytest
from django.urls import reverse

from football.careers.models import Club, Manager, Tenure
from tests.pages_helpers import html, jsonld, text

pytestmark = pytest.mark.django_db


def profile(client, slug="massimiliano-allegri", **params):
    return client.get(reverse("careers:manager_detail", args=[slug]), params)


class TestManagerProfile:
    def test_allegri_lists_his_spells_oldest_first_with_both_juventus_spells(self, client, seeded):
        response = profile(client)
        assert response.status_code == 200
        rows = re.findall(r'<th scope="row"><a href="/clubs/([^/]+)/">', html(response))
        assert rows == [
            "aglianese", "spal", "grosseto", "udinese", "sassuolo",
            "cagliari", "milan", "juventus", "juventus",
        ]  # fmt: skip

    def test_profile_shows_age_birth_current_job_and_precise_dates(self, client, seeded):
        page = text(profile(client))
        assert "11 August 1967, Livorno, Italy" in page
        assert "Head coach of Juventus since 28 May 2021" in page
        assert "16 July 2014 30 June 2019 4 years, 349 days Left by mutual consent" in page
        assert "1 January 2004" not in page  # year precision stays a year

    def test_predecessor_and_successor_links(self, client, seeded):
        page = html(profile(client))
        assert 'after <a href="/managers/antonio-conte/">Antonio Conte</a>' in page
        assert 'before <a href="/managers/maurizio-sarri/">Maurizio Sarri</a>' in page
        assert 'after <a href="/managers/andrea-pirlo/">Andrea Pirlo</a>' in page

    def test_honours_in_the_spell_and_grouped_by_club(self, client, seeded):
        page = text(profile(client))
        assert "Serie A 2010–11 (Milan's first league title since 2003–04)" in page
        assert "UEFA Champions League 2016–17 (Runners-up)" in page

    def test_timeline_is_an_accessible_svg_with_one_bar_per_spell(self, client, seeded):
        page = html(profile(client))
        svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
        assert 'role="img"' in svg and "<title id=" in svg
        assert svg.count("<rect ") == 9
        assert "<title>Juventus, 28 May 2021 –</title>" in svg

    def test_as_of_27_may_2021_he_is_53_and_out_of_work(self, client, seeded):
        page = text(profile(client, on="2021-05-27"))
        assert "Age 53 on 27 May 2021" in page
        assert "Out of work since 30 June 2019, after leaving Juventus" in page
        assert "28 May 2021" not in page.split("Career", 1)[1].split("Sources")[0]

    def test_as_of_a_date_in_his_first_juventus_spell(self, client, seeded):
        page = text(profile(client, on="2016-01-01"))
        assert "Age 48 on 1 January 2016" in page
        assert "Head coach of Juventus since 16 July 2014" in page
        assert "In post" in page
        assert "Sarri" not in page.split("Career", 1)[1]

    @pytest.mark.parametrize(
        "value", ["2021-02-30", "27/05/2021", "yesterday", "2021-5-27", "9" * 50]
    )
    def test_a_malformed_or_impossible_date_is_a_400_that_explains(self, client, seeded, value):
        response = profile(client, on=value)
        assert response.status_code == 400
        assert "YYYY-MM-DD" in text(response)

    def test_unknown_manager_is_a_404(self, client, seeded):
        response = profile(client, slug="nobody-at-all")
        assert response.status_code == 404
        assert "Page not found" in text(response)

    def test_person_jsonld_and_breadcrumb(self, client, seeded):
        response = profile(client)
        (person,) = jsonld(response, "Person")
        assert person["name"] == "Massimiliano Allegri"
        assert person["birthDate"] == "1967-08-11"
        (crumbs,) = jsonld(response, "BreadcrumbList")
        assert [i["name"] for i in crumbs["itemListElement"]] == [
            "Managers",
            "Massimiliano Allegri",
        ]

    def test_related_stories_and_sources(self, client, seeded):
        page = text(profile(client))
        assert "Allegri set for Juventus return as Pirlo faces the sack" in page
        assert "Massimiliano Allegri (Wikipedia)" in page


class TestClubPage:
    def club(self, client, slug="juventus", **params):
        return client.get(reverse("careers:club_detail", args=[slug]), params)

    def test_juventus_history_newest_first(self, client, seeded):
        names = re.findall(
            r'<th scope="row"><a href="/managers/[^/]+/">([^<]+)</a>', html(self.club(client))
        )
        assert names == [
            "Massimiliano Allegri",
            "Andrea Pirlo",
            "Maurizio Sarri",
            "Massimiliano Allegri",
            "Antonio Conte",
        ]

    def test_current_manager_facts_and_honours_by_manager(self, client, seeded):
        page = text(self.club(client))
        assert "the Old Lady, Bianconeri" in page and "Founded 1897" in page
        assert (
            "Manager Massimiliano Allegri (head coach since 28 May 2021; last confirmed 28 May 2021)"
            in page
        )
        assert "Maurizio Sarri Serie A 2019–20" in page

    def test_as_of_27_may_2021_pirlo_is_in_charge(self, client, seeded):
        page = text(self.club(client, on="2021-05-27"))
        assert "In charge on 27 May 2021 Andrea Pirlo (head coach since 8 August 2020)" in page

    def test_on_the_last_day_of_a_spell_it_is_shown_ending(self, client, seeded):
        page = text(client.get("/clubs/inter/?on=2021-05-26"))
        assert (
            "Antonio Conte (head coach since 2019), until 26 May 2021 (left by mutual consent)"
            in page
        )
        assert "(head coach since 2019), until" not in text(
            client.get("/clubs/inter/?on=2021-05-25")
        )

    def test_a_spell_ending_at_month_precision_does_not_claim_a_day(self, client, seeded):
        spell = Tenure.objects.get(manager__slug="antonio-conte", club__slug="inter")
        spell.ended_precision = "month"
        spell.save()  # kept as 1 May 2021, shown as "May 2021"
        page = text(client.get("/clubs/inter/?on=2021-05-01"))
        assert "Antonio Conte (head coach since 2019)" in page
        assert "(head coach since 2019), until" not in page

    def test_before_any_spell_nobody_is_in_charge(self, client, seeded):
        page = text(self.club(client, on="1990-01-01"))
        assert "No manager in charge recorded" in page
        assert "No managers recorded by 1 January 1990" in page

    def test_caretakers_are_marked(self, client, seeded):
        club = Club.objects.get(slug="inter")
        Tenure.objects.create(
            manager=Manager.objects.get(slug="andrea-pirlo"), club=club, role="caretaker",
            started_on=datetime.date(2021, 5, 27), ended_on=datetime.date(2021, 6, 2),
        )  # fmt: skip
        assert '<span class="badge">Caretaker</span>' in html(self.club(client, slug="inter"))

    def test_sportsteam_jsonld_names_the_coach(self, client, seeded):
        (team,) = jsonld(self.club(client, on="2021-05-28"), "SportsTeam")
        assert team["coach"]["name"] == "Massimiliano Allegri"
        assert "Bianconeri" in team["alternateName"]

    def test_bad_date_and_unknown_club(self, client, seeded):
        assert self.club(client, on="2021-13-01").status_code == 400
        assert self.club(client, slug="no-such-club").status_code == 404


class TestLists:
    def test_managers_a_to_z_with_their_current_club(self, client, seeded):
        page = text(client.get(reverse("careers:manager_list")))
        assert page.index("Andrea Pirlo") < page.index("Zinedine Zidane")
        assert "Massimiliano Allegri Head coach, Juventus" in page
        assert "Zinedine Zidane Not in a job" in page

    def test_clubs_a_to_z_with_their_manager(self, client, seeded):
        page = text(client.get(reverse("careers:club_list")))
        assert "Juventus Massimiliano Allegri" in page
        assert page.index("Aglianese") < page.index("Udinese")

    def test_pages_beyond_the_end_404_and_malformed_pages_400(self, client, seeded):
        assert client.get(reverse("careers:manager_list"), {"page": 2}).status_code == 404
        assert client.get(reverse("careers:manager_list"), {"page": "two"}).status_code == 400
        assert client.get(reverse("careers:club_list"), {"page": "-1"}).status_code == 400
        # Digits to str.isdigit that int() refuses or reads: a 400 all the same.
        for number in ("²", "１", "١٢"):
            assert client.get(reverse("careers:manager_list"), {"page": number}).status_code == 400
