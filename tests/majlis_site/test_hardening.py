"""Security headers on every page, a styled 403, and sign-in throttling (django-axes)."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.management import call_command

from tests.factories import ReleaseFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = "/admin/login/"
PASSWORD = "correct horse battery staple"

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
PERMISSIONS = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)


def directives(header):
    """A Content-Security-Policy header as {directive: [sources]} (their order is free)."""
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in parts}


@pytest.mark.parametrize("path", ["/en/", "release", "/admin/login/"])
def test_every_page_sends_the_security_headers(client, path):
    if path == "release":
        path = ReleaseFactory().get_absolute_url()

    response = client.get(path)

    assert response.status_code == 200
    assert directives(response["Content-Security-Policy"]) == POLICY
    assert response["Permissions-Policy"] == PERMISSIONS
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_public_page_has_no_inline_script_or_style(client):
    release = ReleaseFactory()

    html = client.get(release.get_absolute_url()).content.decode()

    # The only script elements are JSON-LD data blocks, which the policy does not cover.
    assert html.count("<script") == html.count('<script type="application/ld+json">') == 1
    assert "<style" not in html
    assert " style=" not in html


def test_a_refused_page_is_the_sites_403_in_the_readers_language(client):
    client.force_login(UserFactory(groups=["Press officer"]))

    response = client.get("/admin/releases/workflowevent/", HTTP_ACCEPT_LANGUAGE="ru")

    assert response.status_code == 403
    html = response.content.decode()
    assert "<title>Доступ запрещён · " in html
    assert "<h1>Доступ запрещён</h1>" in html
    assert (
        "<p>У вас нет доступа к этой странице. Сотрудники, которым он нужен, могут войти под "
        "учётной записью с таким доступом или обратиться к редактору.</p>"
    ) in html
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html


@pytest.fixture
def officer():
    return UserFactory(username="officer", groups=["Press officer"])


def sign_in(client, password, username="officer", **headers):
    return client.post(LOGIN_URL, {"username": username, "password": password}, **headers)


LOCKED = (
    "<p>After 5 wrong passwords, signing in as “officer” from your address is locked "
    "for 60 minutes.</p>\n"
    "  <p>Wait and try again, or ask an administrator to unlock the account.</p>"
)


def test_five_wrong_passwords_lock_the_account_from_that_address(client, officer):
    for _ in range(4):
        response = sign_in(client, "wrong")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()

    fifth = sign_in(client, "wrong")
    locked = sign_in(client, PASSWORD)

    for response in (fifth, locked):
        assert response.status_code == 429
        assert LOCKED in response.content.decode()
        assert "<h1>Sign-in locked</h1>" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_the_lock_is_per_account_and_address(client, officer):
    UserFactory(username="editor", groups=["Editor"])
    for _ in range(5):
        sign_in(client, "wrong")

    assert sign_in(client, PASSWORD, REMOTE_ADDR="198.51.100.9").status_code == 302
    client.logout()
    assert sign_in(client, PASSWORD, username="editor").status_code == 302


@pytest.mark.parametrize(
    "command, args", [("axes_reset_username", ["officer"]), ("axes_reset", [])]
)
def test_the_unlock_command_lets_the_account_sign_in_at_once(client, officer, command, args):
    for _ in range(5):
        sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 429

    call_command(command, *args, verbosity=0)

    response = sign_in(client, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.session[SESSION_KEY] == str(officer.pk)


def test_behind_the_proxy_the_address_is_the_one_the_proxy_saw(client, officer, settings):
    # As CLIENT_IP_HEADER=X-Real-IP sets it (tests/majlis_site/test_production.py).
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_REAL_IP", "REMOTE_ADDR")
    for _ in range(5):
        sign_in(client, "wrong", HTTP_X_REAL_IP="203.0.113.7")

    # Every request comes from the proxy's own address (REMOTE_ADDR 127.0.0.1).
    assert sign_in(client, PASSWORD, HTTP_X_REAL_IP="203.0.113.7").status_code == 429
    assert sign_in(client, PASSWORD, HTTP_X_REAL_IP="198.51.100.9").status_code == 302
