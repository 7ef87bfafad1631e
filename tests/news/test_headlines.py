"""Stories as lists show them (football.news.headlines): read as rows, each shown as
its record would show it, on the day of the site's time zone."""

import datetime

import pytest
from django.urls import set_script_prefix
from django.utils import timezone

from football.news.headlines import FIELDS, Headline
from football.news.models import Story
from tests.pages_helpers import html

pytestmark = pytest.mark.django_db


def make_story(slug, when, reliability=Story.Reliability.OFFICIAL):
    return Story.objects.create(
        headline=f"Fish & <chips> {slug}", slug=slug, standfirst="Said “so” & more.",
        body="Body.", byline="Desk", status=Story.Status.PUBLISHED, published_at=when,
        reliability=reliability,
    )  # fmt: skip


# Just before midnight in London's summer: the next day there, in UTC the day before.
LATE = datetime.datetime(2021, 5, 27, 23, 30, tzinfo=datetime.UTC)
WINTER = datetime.datetime(2020, 12, 31, 23, 59, tzinfo=datetime.UTC)


@pytest.mark.parametrize("when", [LATE, WINTER])
def test_a_headline_says_what_its_story_says(when):
    story = make_story("late", when)
    (headline,) = Headline.rows(Story.objects.filter(pk=story.pk).values_list(*FIELDS))
    local = timezone.localtime(when)
    assert headline.url == story.get_absolute_url()
    assert headline.day == f"{local.day} {local:%B} {local.year}"
    assert headline.iso == local.isoformat()
    assert headline.label == story.get_reliability_display()
    assert (headline.pk, headline.headline, headline.standfirst, headline.reliability) == (
        story.pk, story.headline, story.standfirst, story.reliability,
    )  # fmt: skip


def test_the_late_story_is_on_the_next_day_in_london():
    story = make_story("late", LATE)
    assert story.get_absolute_url() == "/news/2021/05/28/late/"
    assert Story.addresses()("late", story.published_on) == "/news/2021/05/28/late/"


def test_addresses_keep_a_script_prefix():
    set_script_prefix("/dugout/")
    try:
        address = Story.addresses()
        assert address("a-b", datetime.date(999, 1, 2)) == "/dugout/news/0999/01/02/a-b/"
    finally:
        set_script_prefix("/")


@pytest.mark.parametrize("url", ["/", "/news/"])
def test_the_lists_escape_and_link_each_headline(client, url):
    story = make_story("late", LATE, reliability=Story.Reliability.RUMOUR)
    page = html(client.get(url))
    assert '<a href="/news/2021/05/28/late/">Fish &amp; &lt;chips&gt; late</a>' in page
    assert '<time datetime="2021-05-28T00:30:00+01:00">28 May 2021</time>' in page
    assert '<span class="badge badge-rumour">Rumour</span>' in page
    assert "<p>Said “so” &amp; more.</p>" in page
    assert story.get_reliability_display() == "Rumour"


def test_a_headline_is_made_once_for_its_row():
    story = make_story("kept", LATE)
    rows = Story.objects.filter(pk=story.pk).values_list(*FIELDS)
    (first,) = Headline.rows(rows.all())
    (again,) = Headline.rows(rows.all())
    assert again is first
    assert '<a href="/news/2021/05/28/kept/">Fish &amp; &lt;chips&gt; kept</a>' in first.html
    Story.objects.filter(pk=story.pk).update(headline="Edited <b>")
    (edited,) = Headline.rows(rows.all())
    assert edited is not first
    assert '<a href="/news/2021/05/28/kept/">Edited &lt;b&gt;</a>' in edited.html


def test_a_headline_follows_the_script_prefix():
    story = make_story("kept", LATE)
    rows = Story.objects.filter(pk=story.pk).values_list(*FIELDS)
    (plain,) = Headline.rows(rows)
    set_script_prefix("/dugout/")
    try:
        (prefixed,) = Headline.rows(rows)
    finally:
        set_script_prefix("/")
    assert (plain.url, prefixed.url) == ("/news/2021/05/28/kept/", "/dugout/news/2021/05/28/kept/")
    assert 'href="/dugout/news/2021/05/28/kept/"' in prefixed.html


@pytest.mark.parametrize("url", ["/", "/news/"])
def test_an_edited_headline_shows_in_the_lists(client, committed, url):
    story = make_story("edited", LATE)
    assert "Fish &amp; &lt;chips&gt; edited" in html(client.get(url))
    story.headline = "Second thoughts"
    with committed():
        story.save()
    page = html(client.get(url))
    assert "Second thoughts" in page
    assert "chips" not in page
