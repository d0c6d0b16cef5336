"""Fixtures shared by the tests: staff users in the real groups, a fixed clock, and a
small newsroom in which every public page has something that must not leak."""

import contextlib
import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import CommandError, call_command
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone, translation

from releases.models import Meeting
from tests.factories import (
    CountryFactory,
    MeetingFactory,
    OfficialFactory,
    PositionFactory,
    ReleaseFactory,
    SectionFactory,
    UserFactory,
    baku,
)


def _only_test_transactions(connection):
    return all(block._from_testcase for block in connection.atomic_blocks)


@pytest.fixture(autouse=True, scope="session")
def compiled_catalogs():
    """The interface's translations compiled, as ``make test`` leaves them: pages in
    Azerbaijani and Russian read the .mo files, which git does not keep. A catalog
    missing or older than its .po is compiled here (GNU gettext's msgfmt needed)."""
    stale = [
        po
        for path in settings.LOCALE_PATHS
        for po in Path(path).glob("*/LC_MESSAGES/*.po")
        if not po.with_suffix(".mo").exists()
        or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]
    if stale:
        try:
            # compilemessages also reads the folders below the current one.
            with contextlib.chdir(settings.BASE_DIR):
                call_command("compilemessages", ignore_patterns=[".venv", "build"], verbosity=0)
        except CommandError as error:
            pytest.exit(f"Compile the translations first (make compilemessages): {error}")


@pytest.fixture(autouse=True)
def each_test_starts_in_english():
    """The locale middleware leaves a request's language active in its thread (a server
    activates the next request's own); a test starts in the default language whatever
    the test before it asked for."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def each_test_starts_with_an_empty_cache():
    """Pages, counts and sessions cached by one test are not another's: every test starts
    with the shared cache empty, as a newly started site does."""
    for cache in caches.all():
        cache.clear()
    yield


def reload_migrated_data():
    """Put back what the migrations created (groups, countries, permissions, content
    types), which the end of a transactional test empties with every table."""
    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents:
            connections[alias].creation.deserialize_db_from_string(contents)
    connections.close_all()


@pytest.fixture(scope="module")
def leave_migrated_data(django_db_blocker):
    """After a module of transactional tests, the migrated data is back for the tests
    after it (``reload_migrated_data``)."""
    yield
    with django_db_blocker.unblock():
        reload_migrated_data()


@pytest.fixture
def page_cache_off(settings):
    """Every page made afresh, as on a miss of the page cache and the first page after a
    change: for tests that count what making a page costs (public/caching.py serves a
    kept page without a query; search.freshness.remembered keeps the filter counts)."""
    settings.NEWSROOM_PAGE_CACHE = {
        **settings.NEWSROOM_PAGE_CACHE,
        "ENABLED": False,
        "MEMO": False,
    }


@pytest.fixture(autouse=True)
def commits_run_their_callbacks(monkeypatch):
    """Run ``on_commit`` callbacks as they would run outside the tests.

    Each test runs inside a transaction that is rolled back, so nothing would ever
    commit and what is kept current after a commit (search.derived) would never run.
    Here a callback runs when the outermost transaction that the code itself opened
    ends well (or at once, outside any), as it would on commit; one registered in a
    block that is rolled back never runs. Tests marked ``transaction=True`` commit
    for real and need none of this.
    """
    register = BaseDatabaseWrapper.on_commit
    leave = transaction.Atomic.__exit__

    def on_commit(connection, func, robust=False):
        if connection.in_atomic_block and _only_test_transactions(connection):
            func()
        else:
            register(connection, func, robust)

    def exit_atomic(atomic, exc_type, exc_value, traceback):
        connection = transaction.get_connection(atomic.using)
        result = leave(atomic, exc_type, exc_value, traceback)
        if (
            exc_type is None
            and connection.in_atomic_block
            and _only_test_transactions(connection)
            and not connection.needs_rollback
        ):
            callbacks, connection.run_on_commit = connection.run_on_commit, []
            for _, func, _ in callbacks:
                func()
        return result

    monkeypatch.setattr(BaseDatabaseWrapper, "on_commit", on_commit)
    monkeypatch.setattr(transaction.Atomic, "__exit__", exit_atomic)


@pytest.fixture
def editor(db):
    """A staff user in the "Editor" group the migration created (may publish)."""
    return UserFactory(username="editor", groups=["Editor"])


@pytest.fixture
def press_officer(db):
    """A staff user in the "Press officer" group (writes drafts, may not publish)."""
    return UserFactory(username="officer", groups=["Press officer"])


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def officer_client(client, press_officer):
    client.force_login(press_officer)
    return client


# The evening of 28 March 2022 in Baku: the release of 18:10 is out, the one
# scheduled for 21:00 the same day is not yet.
NOW = baku(2022, 3, 28, 20, 0)


@pytest.fixture
def now(monkeypatch):
    """Stop the clock at ``NOW`` for everything that asks ``django.utils.timezone``."""
    fixed = NOW.astimezone(datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: fixed)
    return NOW


class Clock:
    """A clock the test moves: ``clock.move(days=8)``; starts at ``NOW``."""

    def __init__(self, start):
        self.current = start

    def now(self):
        return self.current.astimezone(datetime.UTC)

    def move(self, **delta):
        self.current += datetime.timedelta(**delta)
        return self.current


@pytest.fixture
def clock(monkeypatch):
    """Like ``now``, but the test can move it forward: everything that reads
    ``django.utils.timezone.now()`` (``Release.objects.published()`` too) follows."""
    fake = Clock(NOW)
    monkeypatch.setattr(timezone, "now", fake.now)
    return fake


@pytest.fixture
def newsroom(db, now):
    """One published release, plus a draft and a scheduled release that match every
    public page the published one is on (same day, officials, countries, tags).

    The draft also names an official, a country (Armenia), a tag and a meeting that
    nothing public mentions; the scheduled release has its own tag and meeting.
    ``leaks`` lists texts that no public page may contain.
    """
    az = CountryFactory(code="AZ")
    kz = CountryFactory(code="KZ")
    am = CountryFactory(code="AM")

    gafarova = OfficialFactory(full_name="Sahiba Gafarova", slug="sahiba-gafarova", country=az)
    PositionFactory(
        official=gafarova,
        title="First Deputy Chair of the Milli Majlis",
        start_date=datetime.date(2015, 1, 1),
        end_date=datetime.date(2020, 3, 9),
    )
    PositionFactory(
        official=gafarova,
        title="Chair of the Milli Majlis",
        start_date=datetime.date(2020, 3, 10),
    )
    ashimbayev = OfficialFactory(
        full_name="Maulen Ashimbayev", slug="maulen-ashimbayev", country=kz
    )
    PositionFactory(
        official=ashimbayev,
        title="Chairman of the Senate of the Parliament of the Republic of Kazakhstan",
        start_date=datetime.date(2020, 5, 4),
    )
    envoy = OfficialFactory(full_name="Undisclosed Envoy", slug="undisclosed-envoy", country=am)
    PositionFactory(official=envoy, title="Special Envoy")

    section = SectionFactory(name="Chair’s Travels", slug="chairs-travels")

    meeting = MeetingFactory(
        date=datetime.date(2022, 3, 28),
        kind=Meeting.Kind.VISIT,
        host_country=kz,
        participants=[gafarova, ashimbayev],
        description="Talks during the Chair’s working trip to Kazakhstan.",
    )
    draft_meeting = MeetingFactory(
        date=datetime.date(2022, 3, 28),
        host_country=am,
        participants=[gafarova, envoy],
        description="Undisclosed talks in Yerevan.",
    )
    scheduled_meeting = MeetingFactory(
        date=datetime.date(2022, 3, 28),
        host_country=kz,
        participants=[gafarova, ashimbayev],
        description="Embargoed talks in Astana.",
    )

    published = ReleaseFactory(
        title="Chair of Milli Majlis Sahiba Gafarova Meets Chairman of Kazakhstan "
        "Parliament’s Senate",
        slug="gafarova-meets-ashimbayev",
        section=section,
        published_at=baku(2022, 3, 28, 18, 10),
        body="Sahiba Gafarova met Maulen Ashimbayev in Astana.\r\n\r\n"
        "They spoke about the TurkPA\r\nand the Silk Way.",
        officials=[gafarova, ashimbayev],
        countries=[az, kz],
        tags=["TurkPA", "Kazakhstan"],
        meeting=meeting,
    )
    draft = ReleaseFactory(
        draft=True,
        title="Secret draft: the Chair to visit Yerevan",
        slug="chair-to-visit-yerevan",
        section=section,
        published_at=baku(2022, 3, 28, 12, 0),
        body="Not for publication.",
        officials=[gafarova, ashimbayev, envoy],
        countries=[az, kz, am],
        tags=["TurkPA", "Kazakhstan", "Yerevan talks"],
        meeting=draft_meeting,
    )
    scheduled = ReleaseFactory(
        title="Embargoed: the Chair to address the Senate",
        slug="chair-to-address-the-senate",
        section=section,
        published_at=baku(2022, 3, 28, 21, 0),
        body="Embargoed until 21:00.",
        officials=[gafarova, ashimbayev],
        countries=[az, kz],
        tags=["TurkPA", "Kazakhstan", "Embargoed topic"],
        meeting=scheduled_meeting,
    )
    assert scheduled.is_scheduled

    return SimpleNamespace(
        az=az,
        kz=kz,
        am=am,
        gafarova=gafarova,
        ashimbayev=ashimbayev,
        envoy=envoy,
        section=section,
        meeting=meeting,
        draft_meeting=draft_meeting,
        scheduled_meeting=scheduled_meeting,
        published=published,
        draft=draft,
        scheduled=scheduled,
        leaks=[
            draft.title,
            draft.slug,
            "Not for publication.",
            scheduled.title,
            scheduled.slug,
            "Embargoed until 21:00.",
            "Undisclosed Envoy",
            "undisclosed-envoy",
            "Yerevan talks",
            "yerevan-talks",
            "Embargoed topic",
            "embargoed-topic",
            "Undisclosed talks in Yerevan.",
            "Embargoed talks in Astana.",
            f"/en/meetings/{draft_meeting.pk}/",
            f"/en/meetings/{scheduled_meeting.pk}/",
            "Armenia",
            "/en/countries/am/",
        ],
    )
