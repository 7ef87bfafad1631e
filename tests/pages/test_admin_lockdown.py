"""The admin is locked down: brute-force lock-out, Argon2 hashes, a movable address."""

import importlib

import pytest
from django.contrib.auth.models import User
from django.test import override_settings
from django.urls import clear_url_caches, reverse

import football.urls

PASSWORD = "a long enough password"


@pytest.fixture
def users(db):
    return (
        User.objects.create_superuser("boss", "boss@example.com", PASSWORD),
        User.objects.create_superuser("deputy", "deputy@example.com", PASSWORD),
    )


def log_in(client, username, password):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR="203.0.113.7",
    )


def test_five_failures_lock_the_username_from_that_address(client, users):
    for _ in range(4):
        response = log_in(client, "boss", "wrong password")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    # The fifth failure is the one that locks (axes answers it with the lock-out page).
    assert log_in(client, "boss", "wrong password").status_code == 429

    # The sixth attempt is refused even with the right password.
    response = log_in(client, "boss", PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many failed log-ins" in html
    assert "locked from your address for an hour" in html
    assert "_auth_user_id" not in client.session

    # Another account from the same address still logs in.
    response = log_in(client, "deputy", PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_four_failures_then_the_right_password_logs_in(client, users):
    for _ in range(4):
        log_in(client, "boss", "wrong password")
    assert log_in(client, "boss", PASSWORD).status_code == 302


def test_passwords_are_hashed_with_argon2(users):
    boss, _ = users
    assert boss.password.startswith("argon2$argon2id$")
    assert boss.check_password(PASSWORD)


@pytest.fixture
def reload_urls():
    yield
    clear_url_caches()
    importlib.reload(football.urls)


def test_admin_url_is_configurable(client, users, reload_urls):
    with override_settings(ADMIN_URL="back-office-7f3a/"):
        clear_url_caches()
        importlib.reload(football.urls)
        assert reverse("admin:index") == "/back-office-7f3a/"
        assert client.get("/admin/").status_code == 404
        response = client.get("/back-office-7f3a/")
        assert response.status_code == 302
        assert response["Location"].startswith("/back-office-7f3a/login/")
        assert client.get("/back-office-7f3a/login/").status_code == 200
