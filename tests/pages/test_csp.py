"""A strict Content-Security-Policy and a Permissions-Policy on every response.

The admin must keep working under the policy: it may not rely on inline scripts or
inline styles, which the policy blocks.
"""

import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from football.careers.models import Manager
from football.news.models import Story

PUBLIC_PATHS = [
    "/",
    "/healthz",
    "/managers/",
    "/managers/massimiliano-allegri/",
    "/clubs/",
    "/clubs/juventus/",
    "/news/",
    "/no-such-page/",
]


def directives(response):
    policy = response.headers["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return policy, parsed


def assert_strict(response):
    policy, parsed = directives(response)
    assert parsed["default-src"] == ["'self'"]
    assert parsed["object-src"] == ["'none'"]
    assert parsed["base-uri"] == ["'none'"]
    assert parsed["frame-ancestors"] == ["'none'"]
    assert parsed["form-action"] == ["'self'"]
    assert parsed["script-src"] == ["'self'"]
    assert parsed["style-src"] == ["'self'"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "unsafe-hashes" not in policy
    permissions = response.headers["Permissions-Policy"]
    assert "camera=()" in permissions and "geolocation=()" in permissions


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("boss", "boss@example.com", "a long enough password")


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_responses_carry_the_strict_policy(client, seeded, path):
    response = client.get(path)
    assert response.status_code in {200, 404}
    assert_strict(response)


def test_a_story_page_carries_the_strict_policy(client, seeded):
    story = Story.objects.published().first()
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert_strict(response)


INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+=", re.IGNORECASE)


def assert_no_inline_code(html):
    assert not INLINE_SCRIPT.findall(html)
    assert not STYLE_ATTRIBUTE.findall(html)
    assert not STYLE_ELEMENT.findall(html)
    assert not EVENT_HANDLER.findall(html)
    assert "javascript:" not in html


def test_inline_code_detectors_catch_what_they_look_for():
    for html in [
        "<script>alert(1)</script>",
        '<p style="color:red">',
        "<style>p{}</style>",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">',
    ]:
        with pytest.raises(AssertionError):
            assert_no_inline_code(html)
    assert_no_inline_code('<script src="/static/admin/js/x.js"></script>')


def test_admin_login_works_under_the_policy(client, superuser):
    url = reverse("admin:login")
    page = client.get(url)
    assert page.status_code == 200
    assert_strict(page)
    assert_no_inline_code(page.content.decode())
    response = client.post(
        url, {"username": "boss", "password": "a long enough password", "next": "/admin/"}
    )
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize(
    "name",
    ["admin:index", "admin:careers_manager_changelist", "admin:careers_manager_add"],
)
def test_admin_pages_have_no_inline_code(client, superuser, seeded, name):
    client.force_login(superuser)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert_strict(response)
    assert_no_inline_code(response.content.decode())


@pytest.mark.parametrize(
    ("model", "pk_of"),
    [
        ("careers_manager", lambda: Manager.objects.get(slug="massimiliano-allegri").pk),
        ("news_story", lambda: Story.objects.first().pk),
    ],
)
def test_admin_change_pages_have_no_inline_code(client, superuser, seeded, model, pk_of):
    client.force_login(superuser)
    response = client.get(reverse(f"admin:{model}_change", args=[pk_of()]))
    assert response.status_code == 200
    assert_strict(response)
    html = response.content.decode()
    assert_no_inline_code(html)
    # The admin passes its data to scripts as data- attributes on <script src>.
    assert "admin/js/change_form.js" in html


def test_admin_history_page_has_no_inline_code(client, superuser, seeded):
    """django-simple-history's own list has `style="border-top: 0"` on its paginator;
    templates/simple_history/object_history_list.html is that template without it."""
    client.force_login(superuser)
    manager = Manager.objects.get(slug="massimiliano-allegri")
    response = client.get(reverse("admin:careers_manager_history", args=[manager.pk]))
    assert response.status_code == 200
    assert_strict(response)
    html = response.content.decode()
    assert '<p class="paginator">' in html
    assert_no_inline_code(html)


def test_admin_revert_page_has_no_inline_code(client, superuser, seeded):
    client.force_login(superuser)
    manager = Manager.objects.get(slug="massimiliano-allegri")
    revision = manager.history.earliest()
    url = reverse("admin:careers_manager_simple_history", args=[manager.pk, revision.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert_strict(response)
    assert_no_inline_code(response.content.decode())
