"""Markdown rendered when a record is saved (football.core.markup.RenderedMarkdown)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from football.careers.models import Manager
from football.core.markup import render_all, render_markdown
from football.news.models import Correction, Quote, Story
from tests.pages_helpers import html

pytestmark = pytest.mark.django_db
STORY = "/news/2021/05/27/allegri-set-for-juventus-return/"


def test_saving_renders_the_markdown_and_an_edit_renders_it_again(seeded):
    story = Story.objects.get()
    assert story.body_html == render_markdown(story.body)
    assert "<p>" in story.body_html
    story.body = "Now **bold**, and <script>alert(1)</script> gone."
    story.save()
    story.refresh_from_db()
    assert story.body_html == "<p>Now <strong>bold</strong>, and  gone.</p>"
    manager = Manager.objects.get(slug="massimiliano-allegri")
    assert manager.biography_html == render_markdown(manager.biography) != ""
    for quote in Quote.objects.all():
        assert quote.text_html == render_markdown(quote.text)


def test_bulk_create_renders_it_too(seeded):
    story = Story.objects.get()
    story.pk, story.slug, story.body = None, "a-copy", "A [link](https://example.com/)."
    (created,) = Story.objects.bulk_create([story])
    stored = Story.objects.get(pk=created.pk).body_html
    assert stored == '<p>A <a href="https://example.com/" rel="noopener noreferrer">link</a>.</p>'


def test_pages_show_the_stored_html_without_rendering_it(client, seeded, settings):
    settings.PAGE_CACHE = False
    Story.objects.update(body_html="<p>Stored body.</p>")
    Quote.objects.update(text_html="<p>Stored quote.</p>")
    Manager.objects.filter(slug="massimiliano-allegri").update(biography_html="<p>Stored bio.</p>")
    page = html(client.get(STORY))
    assert '<div class="story-body"><p>Stored body.</p></div>' in page
    assert page.count("<p>Stored quote.</p>") == Quote.objects.count() > 0
    profile = html(client.get("/managers/massimiliano-allegri/"))
    assert '<div class="bio"><p>Stored bio.</p></div>' in profile


def test_a_record_without_its_html_is_rendered_on_the_page(client, seeded, settings):
    """A record loaded from a backup older than the field has the Markdown only."""
    settings.PAGE_CACHE = False
    story = Story.objects.get()
    Story.objects.update(body_html="")
    Correction.objects.create(story=story, text="We said *Monday*.")
    Correction.objects.update(text_html="")
    page = html(client.get(STORY))
    assert render_markdown(story.body) in page
    assert "<p>We said <em>Monday</em>.</p>" in page


def test_render_all_fills_every_record_once_per_text(seeded):
    Story.objects.update(body_html="")
    story = Story.objects.get()
    story.pk, story.slug = None, "the-same-text"
    Story.objects.bulk_create([story])
    Story.objects.update(body_html="")
    with CaptureQueriesContext(connection) as queries:
        render_all(Story, "body", "body_html")
    assert {s.body_html for s in Story.objects.all()} == {render_markdown(story.body)}
    assert len(queries) == 2  # the stories, then one update of the batch


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's search triggers")
def test_adding_the_fields_kept_the_search_triggers():
    """On SQLite, a column with a default is added by rebuilding the table, and the
    rebuilt table has lost its triggers: the fields may be NULL so that it is not."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        triggers = cursor.fetchall()
    tables = sorted(table for table, _ in triggers)
    # news_story: three for search, three for the mark of changes (news migration 0008)
    assert tables == ["careers_club"] * 3 + ["careers_manager"] * 3 + ["news_story"] * 6
