"""Hostile requests at every public address: never a server error, never markup echoed.

Every public URL name of the root URLconf (the admin aside) gets each value of
``tests.hostile_corpus.HOSTILE`` in each part of its path and in each query
parameter it reads, then oversized and malformed query strings, path endings,
other methods and hostile headers. No answer may be a 5xx (nor an exception the
test client re-raises), and no HTML or XML answer may contain a value that would
be markup, as it was sent. DEBUG is off and the production security settings
apply, so error pages are the site's own.
"""

import re
from typing import NamedTuple

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.http import QueryDict
from django.test import Client

from tests.hostile_corpus import (
    HEADERS,
    HOSTILE,
    HOSTS,
    METHODS,
    NUMBER_PARTS,
    PATH_SUFFIXES,
    PUBLIC_PAGES,
    QUERY_STRINGS,
    public_routes,
)

FIXTURE = settings.BASE_DIR / "fixtures" / "sample.json"
PART = re.compile(r"<(?:\w+:)?(\w+)>")
MARKUP_TYPES = ("text/html", "xml")  # application/atom+xml and application/rss+xml too
SCRIPT = "<script>alert(1)</script>"


class Request(NamedTuple):
    url: str
    echo: str | None = None  # markup that must not come back unescaped
    method: str = "GET"
    headers: dict | None = None


def address(route, values):
    return "/" + PART.sub(lambda m: values[m.group(1)], route)


def hostile_requests(name):
    """Every hostile request at the public URL name ``name``."""
    route = public_routes()[name]
    page = PUBLIC_PAGES[name]
    path = address(route, page.parts)
    given = f"{page.query}&" if page.query else ""
    requests = []
    for value in HOSTILE:
        # The start of a long value too: a page may show only that much.
        echo = value.text[:100] if value.markup else None
        for part in page.parts:
            if value.aim == "any" or part in NUMBER_PARTS:
                requests.append(Request(address(route, {**page.parts, part: value.raw}), echo))
        for param in page.params:
            if value.aim == "any" or param in NUMBER_PARTS:
                requests.append(Request(f"{path}?{given}{param}={value.raw}", echo))
    requests += [Request(f"{path}?{given}{query}", SCRIPT) for query in QUERY_STRINGS.values()]
    requests += [
        Request(f"{path.removesuffix('/')}{suffix}", SCRIPT) for suffix in PATH_SUFFIXES.values()
    ]
    requests += [Request(path, SCRIPT, method) for method in METHODS]
    requests.append(Request(path, SCRIPT, headers=HEADERS))
    requests += [Request(path, SCRIPT, headers={"HTTP_HOST": host}) for host in HOSTS]
    return requests


@pytest.fixture(scope="module")
def sample(django_db_setup, django_db_blocker):
    """The sample content, loaded and indexed once for the module, removed after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", FIXTURE, verbosity=0)
        call_command("reindex_releases", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def production(settings):
    """The settings of majlis_site/settings/prod.py that change how requests are handled.

    ALLOWED_HOSTS stays open, so that hostile Host headers reach the pages instead
    of being refused before them.
    """
    assert settings.DEBUG is False
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_CONTENT_TYPE_NOSNIFF = True
    settings.X_FRAME_OPTIONS = "DENY"
    return settings


def problem(client, request):
    """What is wrong with the answer to ``request``, or None."""
    shown = f"{request.method} {request.url[:150]}"
    try:
        # A request of its own in the database too, as in production: one failed
        # query does not spoil the requests after it.
        with transaction.atomic():
            response = client.generic(
                request.method,
                request.url,
                data=f"q={SCRIPT}",
                content_type="application/x-www-form-urlencoded",
                **(request.headers or {}),
            )
    except Exception as error:  # what a server would answer with a 500
        return f"{shown} raised {error!r}"[:400]
    if response.status_code >= 500:
        return f"{shown} answered {response.status_code}"
    if "hostile" in response.cookies:
        return f"{shown} set a cookie named in the address"
    content_type = response.get("Content-Type", "")
    body = response.content.decode("utf-8", errors="replace")
    if request.echo and any(kind in content_type for kind in MARKUP_TYPES) and request.echo in body:
        return f"{shown} shows {request.echo[:60]!r} unescaped"
    return None


def test_every_public_url_name_has_a_line_in_the_corpus():
    """A new public address joins the corpus by its line in PUBLIC_PAGES."""
    routes = public_routes()
    assert [name for name in routes if name not in PUBLIC_PAGES] == []  # lines missing
    assert [name for name in PUBLIC_PAGES if name not in routes] == []  # no such address


# What each example shows; "kazakhstan" is in every page of the sample content.
SHOWS = {
    "sitemap": (200, "/sitemap-releases.xml"),
    "robots": (200, "sitemap: http://testserver/sitemap.xml"),
    "workflow:release_preview": (302, "", "/admin/login/?next="),  # staff only: sign in
    "workflow:preview_link": (404, "page not found"),  # a made-up token
    "media": (404, "page not found"),  # a photo no public page shows
    # The home page in the reader's language: Azerbaijani when the browser names none.
    "language_home": (302, "", "/az/"),
    "healthz": (200, "ok"),  # the load balancer's probes
    "readyz": (200, '{"database": "ok", "cache": "ok", "storage": "ok"}'),
    "old_address": (301, "", "/en/releases/2022/03/28/"),  # the English page
    # The open data API's index, its schema, and an official of Azerbaijan.
    "api:root": (200, '"releases":"http://testserver/api/releases/"'),
    "api:schema": (200, '"openapi"'),
    "api:official_detail": (200, '"name":"sahiba gafarova"'),
}


@pytest.mark.parametrize("name", sorted(PUBLIC_PAGES))
def test_example_address_shows_sample_content(sample, db, client, name):
    """Each example is a real page of the sample content, so hostile values meet real data."""
    status, text, *location = SHOWS.get(name, (200, "kazakhstan"))
    page = PUBLIC_PAGES[name]

    response = client.get(address(public_routes()[name], page.parts), QueryDict(page.query))

    assert response.status_code == status
    assert text in response.content.decode().casefold()
    if location:
        assert response["Location"].startswith(location[0])


def test_the_corpus_sends_hundreds_of_hostile_requests():
    assert sum(len(hostile_requests(name)) for name in PUBLIC_PAGES) >= 300


@pytest.mark.parametrize("name", sorted(PUBLIC_PAGES))
def test_hostile_requests_get_no_server_error_and_no_echoed_markup(sample, db, production, name):
    # CSRF is checked, as in production, so other methods meet the real refusal.
    client = Client(enforce_csrf_checks=True)
    answers = [problem(client, request) for request in hostile_requests(name)]
    problems = [found for found in answers if found]
    assert problems == [], "\n".join(problems)
