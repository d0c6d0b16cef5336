"""Browser tests: a real headless Chromium, driven by Playwright's sync API, against
pytest-django's ``live_server``.

Mark every browser test (or module) with::

    @pytest.mark.browser
    @pytest.mark.django_db(transaction=True, serialized_rollback=True)

``live_server`` needs a transactional database (the server thread must see what the
test writes), and a transactional test ends by flushing every table. That also deletes
what the data migrations created: the ISO countries, and the "Press officer" and
"Editor" groups with their permissions. ``serialized_rollback=True`` makes Django
serialise the freshly migrated database once and reload it at the start of each such
test, so every browser test starts from the migrated data. The flush after the last
browser test of a module would still leave the database empty (not even content
types) for whatever runs next, so ``_leave_migrated_data`` reloads the migrated data
once more after each module.
"""

import os
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connections
from playwright.sync_api import expect, sync_playwright

from people.models import Country
from tests.conftest import reload_migrated_data

# Playwright's sync API runs an asyncio event loop in the main thread (in a greenlet)
# from the moment it starts until it stops, at the end of the session. Django sees
# that running loop and refuses ORM calls from the same thread with
# SynchronousOnlyOperation, which would break every ORM call in a browser test's body
# (creating users, checking what the admin saved) and in any test that runs after the
# browser tests. Those calls are ordinary synchronous code, not made from a coroutine,
# so they are safe; this variable turns Django's check off for the session.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# Chromium is told below to resolve no host name except 127.0.0.1 (no network, and
# "localhost" would not resolve either), so the live server must listen on, and give
# its URL with, 127.0.0.1. An explicit --liveserver still takes precedence.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

# Debian's Chromium: Playwright cannot download its own browser here.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
# Milliseconds Playwright waits for an element or a page before failing.
TIMEOUT_MS = 10_000

SAMPLE_FIXTURE = "fixtures/sample.json"


@pytest.fixture(scope="session")
def browser(django_db_setup):
    """One headless Chromium for the whole session (launching it takes about a second)."""
    # Django keeps database connections in an asgiref Local that, while an event loop
    # runs in the thread, hands out a second, separate set of connection objects. Once
    # Playwright's loop runs, the test code therefore gets new connection objects that
    # lack the serialised migrated data the test database setup stored on the old
    # ones, and serialized_rollback would silently restore nothing. Hence the test
    # databases are set up first (django_db_setup) and the data is carried over.
    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
        # Close the connections opened while the loop ran: once it stops, nothing can
        # reach them, and an open one would stop PostgreSQL dropping the test database.
        connections.close_all()


@pytest.fixture(scope="module", autouse=True)
def _leave_migrated_data(browser, django_db_blocker):
    """After a module's browser tests, put back what the migrations created.

    pytest-django runs transactional tests after the others, so normally only other
    transactional tests follow; without this, one that does not ask for
    ``serialized_rollback`` (or any test, if a plugin changes the order) would find no
    countries, no groups, no permissions and no content types.
    """
    yield
    with django_db_blocker.unblock():
        reload_migrated_data()


@pytest.fixture
def new_context(browser, live_server):
    """Make a fresh browser context (own cookies, so own session) pointed at the live server.

    Call it once per person in a test: ``officer = new_context()``. Keyword arguments go
    to ``browser.new_context()``, e.g. ``viewport={"width": 390, "height": 844}``.
    """
    contexts = []

    def make(**kwargs):
        kwargs.setdefault("timezone_id", settings.TIME_ZONE)
        kwargs.setdefault("locale", "en-GB")
        context = browser.new_context(base_url=live_server.url, **kwargs)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """A page in a fresh, anonymous browser context."""
    return new_context().new_page()


@pytest.fixture
def sample_content(transactional_db):
    """The two sample releases with their officials, meeting, section and tags."""
    # The fixture names its countries by ISO code and expects them to exist already;
    # check that serialized_rollback really restored what the migrations created.
    assert Country.objects.count() > 200, "the ISO countries of the data migration are missing"
    assert set(Group.objects.values_list("name", flat=True)) >= {"Press officer", "Editor"}
    call_command("loaddata", settings.BASE_DIR / SAMPLE_FIXTURE, verbosity=0)
    # As `make run` does: loaddata bypasses the workflow that keeps the search index
    # and the filter counts.
    call_command("reindex_releases", verbosity=0)


# The password of the staff accounts browser tests make (``UserFactory(password=…)``).
STAFF_PASSWORD = "Baku-Senate-2022"


@pytest.fixture
def log_in(new_context):
    """Sign a member of staff in to the admin in a fresh context, as they would: call
    ``log_in("editor")`` (keyword arguments go to ``new_context``); gives the page."""

    def sign_in(username, *, password=STAFF_PASSWORD, **context_kwargs):
        page = new_context(**context_kwargs).new_page()
        page.goto("/admin/login/")
        page.get_by_label("Username:").press_sequentially(username)
        page.get_by_label("Password:").press_sequentially(password)
        page.get_by_role("button", name="Log in").click()
        expect(page.locator("#user-tools")).to_contain_text(f"Welcome, {username}.")
        return page

    return sign_in


def version_tab(page, language_name):
    """The release form's tab of the version in ``language_name`` ("English" …)."""
    return page.get_by_role("tab", name=re.compile(rf"^{re.escape(language_name)}\b"))


@pytest.fixture
def show_version():
    """``show_version(page, "English")`` opens that version's tab of the release form."""

    def show(page, language_name):
        tab = version_tab(page, language_name)
        tab.click()
        expect(tab).to_have_attribute("aria-selected", "true")
        return tab

    return show
