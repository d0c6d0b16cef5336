"""Signing in: staff land where ``next`` says if it stays on the site, else in the admin."""

import pytest
from django.contrib.auth import SESSION_KEY

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = "/admin/login/"


@pytest.fixture
def officer():
    return UserFactory(username="officer", groups=["Press officer"])


def sign_in(client, next_url):
    return client.post(
        LOGIN_URL,
        {"username": "officer", "password": "correct horse battery staple", "next": next_url},
    )


@pytest.mark.parametrize(
    "next_url",
    ["//evil.example/", "https://evil.example/admin/", "http://testserver.evil.example/"],
)
def test_a_next_address_off_the_site_lands_on_the_admin(client, officer, next_url):
    response = sign_in(client, next_url)

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.session[SESSION_KEY] == str(officer.pk)


def test_a_next_address_on_the_site_is_followed(client, officer):
    response = sign_in(client, "/admin/releases/release/?status__exact=draft")

    assert response.status_code == 302
    assert response["Location"] == "/admin/releases/release/?status__exact=draft"
    assert client.session[SESSION_KEY] == str(officer.pk)


def test_signing_in_without_next_lands_on_the_admin(client, officer):
    response = client.post(
        LOGIN_URL, {"username": "officer", "password": "correct horse battery staple"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
