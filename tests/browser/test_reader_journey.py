"""A reader's journey through the public pages, by links and the header's search form."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import STORY_HEADLINE

pytestmark = pytest.mark.browser


def heading(page):
    return page.get_by_role("heading", level=1)


def test_reader_goes_from_the_story_to_the_people_the_club_and_back_in_time(site, page):
    page.goto("/")

    page.get_by_role("link", name=STORY_HEADLINE).first.click()
    expect(page).to_have_url(
        re.compile(r"/news/\d{4}/\d{2}/\d{2}/allegri-set-for-juventus-return/$")
    )
    expect(heading(page)).to_contain_text(STORY_HEADLINE)

    page.get_by_role("link", name="Massimiliano Allegri").first.click()
    expect(page).to_have_url(re.compile(r"/managers/massimiliano-allegri/$"))
    expect(heading(page)).to_contain_text("Massimiliano Allegri")

    page.get_by_role("link", name="Juventus", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/clubs/juventus/$"))
    expect(heading(page)).to_contain_text("Juventus")

    # The same club page as of the day before Allegri's return: Pirlo was in charge.
    page.goto(page.url.split("?")[0] + "?on=2021-05-27")
    main = page.get_by_role("main")
    expect(main).to_contain_text("27 May 2021")
    expect(main.get_by_role("link", name="Andrea Pirlo").first).to_be_visible()

    search = page.get_by_role("banner").locator("form[action$='/search/'] [name='q']")
    search.fill("pirlo")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?(.*&)?q=pirlo(&|$)"))

    page.get_by_role("main").get_by_role("link", name="Andrea Pirlo").first.click()
    expect(page).to_have_url(re.compile(r"/managers/andrea-pirlo/$"))
    expect(heading(page)).to_contain_text("Andrea Pirlo")
