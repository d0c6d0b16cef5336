"""The load balancer's probes: /healthz reads nothing, /readyz names what failed
(with the database down: tests/test_outage.py)."""

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage

from tests.test_outage import NEVER_CACHE


def test_healthz_answers_without_the_database(client):
    # No django_db mark: a query would fail the test.
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok\n")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Cache-Control"] == NEVER_CACHE
    assert "Set-Cookie" not in response
    assert "Cookie" not in response.get("Vary", "")


def test_the_probes_are_outside_the_languages(client):
    assert client.get("/en/healthz").status_code == 404
    assert client.get("/ru/readyz").status_code == 404


@pytest.mark.django_db
def test_readyz_answers_200_when_every_part_answers(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok", "storage": "ok"}
    assert response["Cache-Control"] == NEVER_CACHE
    assert "Set-Cookie" not in response


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("part", "target", "name"),
    [("cache", cache, "set"), ("storage", default_storage, "exists")],
)
def test_readyz_names_the_part_that_fails(client, monkeypatch, part, target, name):
    def fails(*args, **kwargs):
        raise OSError("connection refused by secret-host:6379")

    monkeypatch.setattr(target, name, fails)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "database": "ok",
        "cache": "ok",
        "storage": "ok",
        part: "unavailable",
    }
    # What failed is logged, never shown.
    assert b"secret-host" not in response.content
