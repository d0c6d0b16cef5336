"""Who else has a release open (workflow/admin/live.py, editing.record_presence): a
heartbeat while the form is open, gone a minute after it stops, at once when the form
is closed."""

import datetime

import pytest
from django.test import Client

from releases.models import EditPresence
from tests.factories import ReleaseFactory, UserFactory
from workflow import editing

pytestmark = pytest.mark.django_db


def beat(client, release):
    return client.post(f"/admin/releases/release/{release.pk}/presence/")


@pytest.fixture
def two(editor_client, press_officer):
    officer = Client()
    officer.force_login(press_officer)
    return editor_client, officer


def test_each_heartbeat_names_the_others_with_the_form_open(two, clock):
    editor, officer = two
    release = ReleaseFactory(draft=True)

    assert beat(editor, release).json() == {"others": []}
    assert beat(officer, release).json() == {"others": ["editor"]}
    assert beat(editor, release).json() == {"others": ["officer"]}


def test_a_form_that_stopped_beating_is_gone_after_a_minute(two, clock, settings):
    settings.NEWSROOM_PRESENCE = {"HEARTBEAT_SECONDS": 20, "EXPIRES_SECONDS": 60}
    editor, officer = two
    release = ReleaseFactory(draft=True)
    beat(editor, release)

    clock.move(seconds=59)
    assert beat(officer, release).json() == {"others": ["editor"]}
    clock.move(seconds=2)
    assert beat(officer, release).json() == {"others": []}


def test_closing_the_form_ends_it_at_once(two, editor):
    editor_client, officer = two
    release = ReleaseFactory(draft=True)
    beat(editor_client, release)

    ended = editor_client.post(f"/admin/releases/release/{release.pk}/presence/end/")

    assert ended.json() == {"ended": True}
    assert list(EditPresence.objects.filter(user=editor)) == []
    assert beat(officer, release).json() == {"others": []}


def test_full_names_when_known(two, editor):
    editor_client, officer = two
    editor.first_name, editor.last_name = "Leyla", "Aliyeva"
    editor.save()
    release = ReleaseFactory(draft=True)
    beat(editor_client, release)

    assert beat(officer, release).json() == {"others": ["Leyla Aliyeva"]}


def test_bad_requests_answer_json_and_record_nothing(two, client):
    editor, _officer = two
    release = ReleaseFactory(draft=True)

    assert editor.get(f"/admin/releases/release/{release.pk}/presence/").json() == {
        "error": "Send it with POST."
    }
    missing = editor.post("/admin/releases/release/999999/presence/")
    assert (missing.status_code, missing.json()) == (
        404,
        {"error": "This release no longer exists."},
    )
    client.force_login(UserFactory(username="nobody", is_staff=True))
    refused = beat(client, release)
    assert (refused.status_code, refused.json()) == (
        403,
        {"error": "You cannot open this release."},
    )
    assert list(EditPresence.objects.all()) == []


def test_record_presence_returns_the_others_most_recent_first(editor, press_officer, clock):
    release = ReleaseFactory(draft=True)
    third = UserFactory(username="third", groups=["Press officer"])
    editing.record_presence(release=release, user=press_officer)
    clock.move(seconds=5)
    editing.record_presence(release=release, user=third)

    others = editing.record_presence(release=release, user=editor)

    assert [p.user.username for p in others] == ["third", "officer"]
    assert others[0].opened_at == clock.now()
    assert clock.now() - others[1].opened_at == datetime.timedelta(seconds=5)
