"""The database goes away and comes back: pages answer 503 meanwhile, nothing is half
written, and the site works again by itself.

The outage is real. On PostgreSQL the connection runs through a TCP forwarder in the
test (tests/forwarder.py), which is shut and opened again. On SQLite the database file
is one that cannot be opened. Requests go through Django's WSGI handler as a server's
would, with the signals that close and check connections between requests (the test
client turns those off). These tests commit for real, so they are transactional.
"""

import json
import re
from types import SimpleNamespace
from wsgiref.util import setup_testing_defaults

import pytest
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError, connection, connections
from django.test import Client, override_settings
from reversion.models import Revision, Version
from taggit.models import Tag

from releases.models import Release, WorkflowEvent
from tests.factories import ReleaseFactory, UserFactory
from tests.forwarder import Forwarder
from tests.workflow.admin_helpers import ADD_URL, INLINES

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("leave_migrated_data"),
]

NEVER_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"
PUBLIC_PAGE = {
    "en": "Temporarily unavailable The site cannot reach its database at the moment. "
    "Please try again in a few minutes. Go to the latest releases",
    "az": "Müvəqqəti əlçatan deyil Sayt hazırda verilənlər bazasına qoşula bilmir. "
    "Bir neçə dəqiqədən sonra yenidən cəhd edin. Son press-relizlərə keçin",
    "ru": "Временно недоступно Сайт сейчас не может связаться со своей базой данных. "
    "Попробуйте ещё раз через несколько минут. Перейти к последним пресс-релизам",
}
ADMIN_HEADING = "The database cannot be reached"
ADMIN_TEXT = (
    "The newsroom cannot reach its database at the moment, so nothing can be read or "
    "saved. Please try again in a few minutes."
)
ADMIN_PAGE = f"{ADMIN_HEADING} {ADMIN_TEXT}"
NOT_SAVED = (
    "What you sent was not saved. Go back: your text is still in the form; save it "
    "again once the database is back."
)


class Outage:
    """``cut()`` makes the database unreachable, ``end()`` reachable again."""

    def __init__(self, monkeypatch, tmp_path):
        self.settings = connection.settings_dict
        self.forwarder = None
        if connection.vendor == "postgresql":
            host = self.settings["HOST"] or "127.0.0.1"
            assert not host.startswith("/"), "the outage tests need PostgreSQL over TCP"
            self.forwarder = Forwarder(host, self.settings["PORT"] or 5432).start()
            connection.close()
            # Every connection made from now on goes through the forwarder.
            monkeypatch.setitem(self.settings, "HOST", "127.0.0.1")
            monkeypatch.setitem(self.settings, "PORT", str(self.forwarder.port))
        else:
            self.name = self.settings["NAME"]
            self.unreachable = str(tmp_path / "unreachable" / "db.sqlite3")

    def cut(self):
        if self.forwarder:
            self.forwarder.stop()  # the connection in use breaks, new ones are refused
        else:
            connection.close()
            self.settings["NAME"] = self.unreachable

    def end(self):
        if self.forwarder:
            self.forwarder.start()
        else:
            self.settings["NAME"] = self.name


@pytest.fixture
def outage(monkeypatch, tmp_path):
    outage = Outage(monkeypatch, tmp_path)
    yield outage
    outage.end()
    connection.close()
    if outage.forwarder:
        outage.forwarder.stop()


def serve(path, cookie=""):
    """GET ``path`` through the WSGI handler, as an application server would."""
    environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "HTTP_COOKIE": cookie}
    setup_testing_defaults(environ)
    started = {}

    def start_response(status, headers, exc_info=None):
        started.update(status=int(status.split()[0]), headers=dict(headers))

    result = WSGIHandler()(environ, start_response)
    try:
        body = b"".join(result).decode()
    finally:
        result.close()  # request_finished: connections are closed or kept, as after a request
    return SimpleNamespace(text=body, **started)


def main_text(response):
    """The words of the page's main part (the whole page for the admin's)."""
    found = re.search(r"<main[^>]*>(.*)</main>", response.text, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


def signed_in(user):
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def assert_unavailable(response, text):
    assert response.status == 503
    assert response.headers["Retry-After"] == "30"
    assert response.headers["Cache-Control"] == NEVER_CACHE
    assert main_text(response) == text


def test_pages_answer_503_while_the_database_is_down_and_work_again_after(outage):
    release = ReleaseFactory(title="Talks in Astana", slug="talks-in-astana")
    editor = UserFactory(username="editor", groups=["Editor"])
    cookie = signed_in(editor)
    assert "Talks in Astana" in serve("/en/releases/").text

    outage.cut()
    # The page a reader had before is kept (public/caching.py) and still served.
    kept = serve("/en/releases/")
    assert (kept.status, "Talks in Astana" in kept.text) == (200, True)
    for language, url in (
        ("en", "/en/meetings/"),
        ("az", "/az/releases/"),
        ("ru", "/ru/releases/"),
    ):
        response = serve(url)
        assert_unavailable(response, PUBLIC_PAGE[language])
        assert f'<html lang="{language}">' in response.text
    assert_unavailable(serve(release.get_absolute_url()), PUBLIC_PAGE["en"])
    assert_unavailable(serve("/en/officials/", cookie=cookie), PUBLIC_PAGE["en"])
    # The admin says what is wrong, to staff signed in or not.
    assert_unavailable(serve("/admin/", cookie=cookie), ADMIN_PAGE)
    assert_unavailable(serve("/admin/releases/release/", cookie=cookie), ADMIN_PAGE)

    outage.end()
    response = serve("/en/releases/")
    assert (response.status, "Talks in Astana" in response.text) == (200, True)
    response = serve("/admin/releases/release/", cookie=cookie)
    assert (response.status, "Talks in Astana" in response.text) == (200, True)


class ReadsTheSignedInUser:
    """Reads the signed-in user before the view, as a page cache that skips staff does."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user.is_staff  # noqa: B018
        return self.get_response(request)


def test_a_failure_outside_any_view_answers_503_too(outage):
    cookie = signed_in(UserFactory(username="editor", groups=["Editor"]))
    outage.cut()
    with override_settings(MIDDLEWARE=[*settings.MIDDLEWARE, __name__ + ".ReadsTheSignedInUser"]):
        assert_unavailable(serve("/en/releases/", cookie=cookie), PUBLIC_PAGE["en"])
        assert_unavailable(serve("/admin/", cookie=cookie), ADMIN_PAGE)
        outage.end()
        assert serve("/en/releases/", cookie=cookie).status == 200


def what_a_save_leaves():
    return {
        "releases": list(Release.objects.values_list("title_en", flat=True)),
        "tags": list(Tag.objects.values_list("name", flat=True)),
        "revisions": Revision.objects.count(),
        "versions": Version.objects.count(),
        "events": WorkflowEvent.objects.count(),
        "admin log": LogEntry.objects.count(),
    }


def test_a_save_cut_off_by_the_outage_leaves_nothing(outage):
    editor = UserFactory(username="editor", groups=["Editor"])
    client = Client()
    client.force_login(editor)
    before = what_a_save_leaves()
    written = []

    def cut_before_the_revision(execute, sql, params, many, context):
        # The release, its tags, its workflow event and the admin's log are written;
        # the revision, last in the same transaction, meets the outage.
        if sql.startswith('INSERT INTO "reversion_revision"'):
            outage.cut()
            if connection.vendor != "postgresql":
                # An open SQLite file does not go away: its failure is raised here.
                raise OperationalError("disk I/O error")
        written.append(sql.split(" (")[0])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(cut_before_the_revision):
        response = client.post(
            ADD_URL,
            {
                "primary_language": "en",
                "title_en": "Cut-off headline",
                "slug_en": "cut-off-headline",
                "published_at_0": "2022-03-28",
                "published_at_1": "10:00:00",
                "body_en": "Cut-off body.",
                "byline": "The Press and Public Relations Department",
                "tags": "Cut-off tag",
                **INLINES,
                "_save": "Save",
            },
        )
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = SimpleNamespace(text=response.content.decode())
    assert main_text(page) == f"{ADMIN_HEADING} {NOT_SAVED} {ADMIN_TEXT}"
    for table in ("releases_release", "taggit_tag", "releases_workflowevent", "django_admin_log"):
        assert f'INSERT INTO "{table}"' in written

    outage.end()
    connection.close()
    assert what_a_save_leaves() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no server to restart")
# Each request reaches the database: a page kept by the page cache would need none.
@pytest.mark.usefixtures("page_cache_off")
def test_a_kept_connection_is_checked_once_the_server_is_back(outage, monkeypatch):
    ReleaseFactory(title="Talks in Astana")
    site_checks = outage.settings["CONN_HEALTH_CHECKS"]
    assert site_checks is True
    monkeypatch.setitem(outage.settings, "CONN_MAX_AGE", 600)
    connection.close()

    # Without the check, the first request after a restart fails on the dead connection.
    monkeypatch.setitem(outage.settings, "CONN_HEALTH_CHECKS", False)
    assert serve("/en/releases/").status == 200
    outage.forwarder.drop()  # the server restarted: the kept connection is dead
    assert_unavailable(serve("/en/releases/"), PUBLIC_PAGE["en"])
    assert serve("/en/releases/").status == 200

    # With it (the site's setting), that request opens a new connection and works.
    monkeypatch.setitem(outage.settings, "CONN_HEALTH_CHECKS", site_checks)
    connection.close()  # a connection takes the setting when it opens
    assert serve("/en/releases/").status == 200
    accepted = outage.forwarder.accepted  # the connection kept for the next request
    outage.forwarder.drop()
    response = serve("/en/releases/")
    assert (response.status, "Talks in Astana" in response.text) == (200, True)
    assert outage.forwarder.accepted == accepted + 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite keeps no connection")
@pytest.mark.usefixtures("page_cache_off")
def test_a_kept_connection_is_asked_only_once_the_server_has_closed_it(outage, monkeypatch):
    ReleaseFactory(title="Talks in Astana")
    monkeypatch.setitem(outage.settings, "CONN_MAX_AGE", 600)
    connection.close()
    asked = []
    backend = type(connections["default"])
    is_usable = backend.is_usable
    monkeypatch.setattr(
        backend, "is_usable", lambda self: asked.append("SELECT 1") or is_usable(self)
    )

    assert serve("/en/releases/").status == 200  # opens the connection
    opened = outage.forwarder.accepted
    assert serve("/en/releases/").status == 200  # and keeps it: alive, nothing to read
    assert serve("/en/releases/").status == 200
    assert (asked, outage.forwarder.accepted) == ([], opened)

    outage.forwarder.drop()  # the server closed it
    response = serve("/en/releases/")
    assert (response.status, "Talks in Astana" in response.text) == (200, True)
    assert (asked, outage.forwarder.accepted) == (["SELECT 1"], opened + 1)


def test_readyz_answers_503_while_the_database_is_down(outage):
    assert json.loads(serve("/readyz").text) == {"database": "ok", "cache": "ok", "storage": "ok"}
    outage.cut()
    response = serve("/readyz")
    assert response.status == 503
    assert response.headers["Cache-Control"] == NEVER_CACHE
    assert json.loads(response.text) == {
        "database": "unavailable",
        "cache": "ok",
        "storage": "ok",
    }
    outage.end()
    response = serve("/readyz")
    assert (response.status, json.loads(response.text)["database"]) == (200, "ok")
