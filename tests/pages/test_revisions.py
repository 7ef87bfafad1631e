"""Every change made in the admin is a revision an editor can compare and revert."""

import datetime
import re
from html import unescape

import pytest
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.contrib.auth.models import Group, User
from django.forms import CheckboxInput, MultiWidget
from django.urls import reverse

from football.careers.models import Manager
from football.news.models import Story

PASSWORD = "a long enough password"


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("boss", "boss@example.com", PASSWORD)


@pytest.fixture
def editor(db):
    user = User.objects.create_user("ed", "ed@example.com", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def widget_data(name, widget, value):
    """What a browser would submit for `widget` showing `value`."""
    while isinstance(widget, RelatedFieldWidgetWrapper):
        widget = widget.widget
    if isinstance(widget, MultiWidget):
        parts = value if isinstance(value, list | tuple) else widget.decompress(value)
        data = {}
        for suffix, subwidget, part in zip(
            widget.widgets_names, widget.widgets, parts, strict=True
        ):
            data.update(widget_data(f"{name}{suffix}", subwidget, part))
        return data
    if isinstance(widget, CheckboxInput):
        return {name: "on"} if value else {}
    formatted = widget.format_value(value)
    return {name: "" if formatted is None else formatted}


def form_data(form):
    data = {}
    for bound in form:
        data.update(widget_data(bound.html_name, bound.field.widget, bound.value()))
    return data


def page_data(response):
    """The data the admin page's form would post back unchanged, inlines included."""
    data = form_data(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        data.update(form_data(formset.management_form))
        for form in formset.forms:
            data.update(form_data(form))
    return data


def changes_column(html):
    """The text of the history page's "Changes" cells, whitespace collapsed."""
    cells = re.findall(r"<ul>(.*?)</ul>", html.split('id="change-history"', 1)[1], re.S)
    texts = (unescape(re.sub(r"<[^>]+>", "", cell)) for cell in cells)
    return [re.sub(r"\s+", " ", text).strip() for text in texts]


@pytest.mark.parametrize("who", ["superuser", "editor"])
def test_a_manager_edit_is_a_revision_that_can_be_compared_and_reverted(client, db, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)

    # Revision 1: the record as first entered.
    add = client.get(reverse("admin:careers_manager_add"))
    data = page_data(add) | {
        "full_name": "Roberto Mancini",
        "short_name": "Mancini",
        "slug": "roberto-mancini",
        "birth_date": "27/11/1964",
        "nationality": "Italian",
        "biography": "Won the league with **Inter**.",
    }
    assert client.post(reverse("admin:careers_manager_add"), data).status_code == 302
    manager = Manager.objects.get(slug="roberto-mancini")

    # Revision 2: an edit through the change form.
    change_url = reverse("admin:careers_manager_change", args=[manager.pk])
    data = page_data(client.get(change_url)) | {
        "nationality": "English",
        "biography": "Won the league with **Manchester City**.",
    }
    response = client.post(change_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    manager.refresh_from_db()
    assert manager.nationality == "English"
    assert manager.birth_date == datetime.date(1964, 11, 27)

    history = client.get(reverse("admin:careers_manager_history", args=[manager.pk]))
    assert history.status_code == 200
    html = history.content.decode()
    revisions = list(manager.history.order_by("history_date"))
    assert [r.history_type for r in revisions] == ["+", "~"]
    assert all(r.history_user == user for r in revisions)
    for revision in revisions:
        assert (
            reverse("admin:careers_manager_simple_history", args=[manager.pk, revision.pk]) in html
        )
    # "Changed by" names the user on both rows.
    assert html.count(f">{user.username}</a>") == 2
    [changes] = changes_column(html)
    assert "Italian → English" in changes
    assert "Inter" in changes and "Manchester City" in changes
    assert "full_name" not in changes and "Full name" not in changes

    # Revert to revision 1 through simple-history's revert view.
    first = revisions[0]
    revert_url = reverse("admin:careers_manager_simple_history", args=[manager.pk, first.pk])
    page = client.get(revert_url)
    assert page.status_code == 200
    assert "Revert" in page.content.decode()
    response = client.post(revert_url, page_data(page))
    assert response.status_code == 302
    manager.refresh_from_db()
    assert manager.nationality == "Italian"
    assert manager.biography == "Won the league with **Inter**."
    assert manager.history.count() == 3
    assert manager.history.latest().history_user == user


def test_a_story_edit_is_a_revision_that_can_be_reverted_links_included(client, superuser, seeded):
    client.force_login(superuser)
    story = Story.objects.published().first()
    original = {
        "headline": story.headline,
        "standfirst": story.standfirst,
        "body": story.body,
        "published_at": story.published_at,
        "quotes": story.quotes.count(),
        "managers": set(story.managers.values_list("pk", flat=True)),
        "clubs": set(story.clubs.values_list("pk", flat=True)),
    }
    assert len(original["managers"]) > 1
    before_edit = story.history.latest()

    change_url = reverse("admin:news_story_change", args=[story.pk])
    data = page_data(client.get(change_url))
    kept = data["managers"][:1]
    data |= {
        "headline": "A rewritten headline",
        "body": story.body + "\n\nAn added paragraph.",
        "managers": kept,
    }
    response = client.post(change_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    story.refresh_from_db()
    assert story.headline == "A rewritten headline"
    assert story.published_at == original["published_at"]
    assert story.quotes.count() == original["quotes"]
    assert {str(pk) for pk in story.managers.values_list("pk", flat=True)} == set(kept)
    assert story.history.filter(history_date__gt=before_edit.history_date).exists()

    history = client.get(reverse("admin:news_story_history", args=[story.pk]))
    assert history.status_code == 200
    changes = " ".join(changes_column(history.content.decode()))
    assert f"{original['headline']} → A rewritten headline" in changes
    assert "An added paragraph." in changes

    revert_url = reverse("admin:news_story_simple_history", args=[story.pk, before_edit.pk])
    page = client.get(revert_url)
    assert page.status_code == 200
    assert client.post(revert_url, page_data(page)).status_code == 302
    story.refresh_from_db()
    assert story.headline == original["headline"]
    # The form trims surrounding whitespace, as on any admin save.
    assert story.body == original["body"].strip()
    assert story.standfirst == original["standfirst"]
    assert story.published_at == original["published_at"]
    assert set(story.managers.values_list("pk", flat=True)) == original["managers"]
    assert set(story.clubs.values_list("pk", flat=True)) == original["clubs"]
