"""An editor's journey through the admin: a change of head coach, a story, a refused overlap."""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from football.careers.models import Manager, Tenure
from football.news.models import Story
from tests.browser.checks import csp_violations, watch_for_errors

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
HEADLINE = "Test Coach replaces Allegri at Juventus"


@pytest.fixture
def editor(site, editors_group):
    user = User.objects.create_user("editor", "editor@example.com", PASSWORD, is_staff=True)
    user.groups.add(editors_group)
    assert not user.is_superuser
    return user


def log_in(page, user):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()


def save(page):
    page.locator("input[name='_save']").click()


def choose(page, select_id, search, option):
    """Pick a record in one of the admin's autocomplete (select2) widgets."""
    page.locator(f"#{select_id} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(search)
    page.locator(".select2-results__option", has_text=option).first.click()


def open_club(page, name):
    """The club's change form, reached as an editor does, each page loaded in full
    before the next click: a click while the club list still loads its scripts aborts
    them (filters.js, net::ERR_ABORTED, seen under load), an editor's haste and not an
    error of the site's."""
    page.goto("/admin/")
    page.get_by_role("link", name="Clubs", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/careers/club/$"))
    page.wait_for_load_state("load")
    page.get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", name=re.compile(r"Change club"))).to_be_visible()
    page.wait_for_load_state("load")


def add_tenure_row(page):
    """Click "Add another Tenure" and return the new inline form's prefix."""
    page.get_by_role("button", name=re.compile(r"Add another Tenure")).click()
    total = int(page.locator("#id_tenures-TOTAL_FORMS").input_value())
    return f"tenures-{total - 1}"


def test_editor_appoints_a_new_head_coach_and_publishes_the_story(site, editor, page):
    log_in(page, editor)

    # A new manager, through the admin's add form (the slug fills itself in).
    page.goto("/admin/careers/manager/add/")
    page.get_by_label("Full name").fill("Test Coach")
    page.get_by_label("Short name").fill("Coach")
    expect(page.locator("#id_slug")).to_have_value("test-coach")
    save(page)
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    coach = Manager.objects.get(slug="test-coach")

    # End Allegri's spell at Juventus and start the new man's the next day, in one save.
    open_club(page, "Juventus")
    started = page.locator("input[name^='tenures-'][name$='-started_on'][value='28/05/2021']")
    allegri = started.get_attribute("name").removesuffix("-started_on")
    expect(page.locator(f"#id_{allegri}-manager")).to_contain_text("Massimiliano Allegri")
    page.locator(f"#id_{allegri}-ended_on").fill("17/05/2024")
    page.locator(f"#id_{allegri}-departure").select_option(label="Sacked")
    new = add_tenure_row(page)
    choose(page, f"id_{new}-manager", "Test Coach", "Test Coach")
    page.locator(f"#id_{new}-role").select_option(label="Head coach")
    page.locator(f"#id_{new}-started_on").fill("18/05/2024")
    save(page)
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    spell = Tenure.objects.get(club__slug="juventus", started_on=datetime.date(2021, 5, 28))
    assert spell.ended_on == datetime.date(2024, 5, 17)
    assert spell.departure == "sacked"
    assert Tenure.objects.get(manager=coach).started_on == datetime.date(2024, 5, 18)

    # A published story about it, linked to both managers.
    page.goto("/admin/news/story/add/")
    page.get_by_label("Headline").fill(HEADLINE)
    page.get_by_label("Standfirst").fill("Juventus have a new head coach.")
    page.get_by_label("Body").fill("Juventus have appointed **Test Coach** as head coach.")
    page.get_by_label("Byline").fill("Dugout staff")
    page.get_by_label("Status").select_option(label="Published")
    page.locator("#id_published_at_0").fill("18/05/2024")
    page.locator("#id_published_at_1").fill("12:00:00")
    choose(page, "id_managers", "Allegri", "Massimiliano Allegri")
    choose(page, "id_managers", "Test Coach", "Test Coach")
    save(page)
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    story = Story.objects.get(headline=HEADLINE)
    assert set(story.managers.values_list("slug", flat=True)) == {
        "massimiliano-allegri",
        "test-coach",
    }

    # A spell that overlaps the new one is refused with a message, and nothing is saved.
    tenures_before = Tenure.objects.count()
    open_club(page, "Juventus")
    overlap = add_tenure_row(page)
    choose(page, f"id_{overlap}-manager", "Pirlo", "Andrea Pirlo")
    page.locator(f"#id_{overlap}-role").select_option(label="Head coach")
    page.locator(f"#id_{overlap}-started_on").fill("01/01/2025")
    save(page)
    expect(page.locator(".errornote")).to_be_visible()
    expect(page.get_by_text("already had a head coach then").first).to_be_visible()
    assert Tenure.objects.count() == tenures_before
    assert not Tenure.objects.filter(started_on=datetime.date(2025, 1, 1)).exists()

    # The public pages show the change: the club's new head coach, and the story.
    page.goto("/clubs/juventus/")
    expect(page.get_by_role("main")).to_contain_text("Test Coach")
    page.goto("/news/")
    page.get_by_role("link", name=HEADLINE).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(HEADLINE)


def test_editor_appoints_through_the_appoint_page(site, editor, page):
    """The club's "Appoint a manager" page: autocomplete and calendar work under the
    CSP, one submit ends Allegri's spell and starts the new one."""
    errors = watch_for_errors(page)
    log_in(page, editor)
    open_club(page, "Juventus")
    page.get_by_role("link", name="Appoint a manager").click()
    expect(page.get_by_role("heading", name="Appoint a manager at Juventus")).to_be_visible()
    expect(page.locator("#content-main")).to_contain_text("In charge now: Massimiliano Allegri")
    choose(page, "id_manager", "Pirlo", "Andrea Pirlo")
    page.get_by_label("Role").select_option(label="Head coach")
    page.get_by_label("Starts on").fill("12/06/2024")
    page.get_by_label("How the outgoing spell ended").select_option(label="Sacked")
    # Sent before the page's last script has loaded, the form would abort its request
    # (net::ERR_ABORTED): an editor's early click, not an error.
    page.wait_for_load_state("load")
    page.get_by_role("button", name="Appoint").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "Andrea Pirlo appointed head coach of Juventus from 12 June 2024. "
        "Massimiliano Allegri's spell ended on 12 June 2024."
    )
    # select2 cancels a search still in flight when an option is picked: not an error.
    aborted_search = re.compile(r"request failed: \S+/admin/autocomplete/\S+ \(net::ERR_ABORTED\)")
    assert [e for e in errors if not aborted_search.fullmatch(e)] + csp_violations(page) == []
    spell = Tenure.objects.get(club__slug="juventus", started_on=datetime.date(2021, 5, 28))
    assert (spell.ended_on, spell.departure) == (datetime.date(2024, 6, 12), "sacked")
    page.goto("/clubs/juventus/")
    expect(page.locator(".status")).to_contain_text("Andrea Pirlo (head coach since 12 June 2024)")
