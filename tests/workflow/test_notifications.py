"""Emails after a workflow step (workflow/notifications.py): to the editors on a
submission, to the author on the rest; after the step commits, never when it was undone;
a failing mail server logged, the step kept; each person may turn them off; in the
recipient's language, with the release's admin link."""

import logging

import pytest
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import transaction

from releases.models import DeskSettings, Release
from tests.factories import ReleaseFactory, UserFactory
from tests.workflow.admin_helpers import change_url, form_data_for
from workflow import transitions

pytestmark = pytest.mark.django_db

Status = Release.Status


@pytest.fixture
def staff(editor, press_officer):
    """An officer (the author), two editors with addresses, one without."""
    second = UserFactory(username="second", groups=["Editor"], email="second@example.org")
    UserFactory(username="silent", groups=["Editor"], email="")
    press_officer.first_name, press_officer.last_name = "Leyla", "Mammadova"
    press_officer.save()
    return editor, second, press_officer


def test_a_submission_is_told_to_every_editor_with_the_link(staff, mailoutbox, settings):
    settings.NEWSROOM_SITE_URL = "https://news.example.org"
    editor, second, officer = staff
    release = ReleaseFactory(draft=True, title="Budget debate", created_by=officer)

    transitions.release_submit(release=release, user=officer)

    assert sorted(m.to[0] for m in mailoutbox) == ["editor@example.org", "second@example.org"]
    email = mailoutbox[0]
    assert email.subject == "Awaiting review: “Budget debate”"
    assert email.body.splitlines()[0] == "Leyla Mammadova submitted “Budget debate” for review."
    assert f"Open it: https://news.example.org/admin/releases/release/{release.pk}/change/" in (
        email.body
    )


def test_sent_back_tells_the_author_with_the_comment(staff, mailoutbox):
    editor, _second, officer = staff
    release = ReleaseFactory(status=Status.SUBMITTED, title="Budget debate", created_by=officer)

    transitions.release_send_back(release=release, user=editor, comment="Name the committee.")

    [email] = mailoutbox
    assert (email.to, email.subject) == (
        ["officer@example.org"],
        "Sent back to you: “Budget debate”",
    )
    assert email.body.startswith(
        "editor sent “Budget debate” back to draft. What needs changing:\n\nName the committee."
    )


@pytest.mark.parametrize(
    ("step", "subject"),
    [("publish", "Published: “Budget debate”"), ("withdraw", "Withdrawn: “Budget debate”")],
)
def test_publishing_and_withdrawing_tell_the_author(staff, mailoutbox, step, subject):
    editor, _second, officer = staff
    status = Status.SUBMITTED if step == "publish" else Status.PUBLISHED
    release = ReleaseFactory(status=status, title="Budget debate", created_by=officer)

    transitions.release_transition(release=release, user=editor, name=step, comment="Wrong date.")

    assert [(m.to, m.subject) for m in mailoutbox] == [(["officer@example.org"], subject)]


def test_scheduling_tells_the_author_when(staff, mailoutbox, now):
    editor, _second, officer = staff
    release = ReleaseFactory(
        status=Status.SUBMITTED,
        title="Budget debate",
        created_by=officer,
        published_at=now.replace(hour=22, minute=30),
    )

    transitions.release_publish(release=release, user=editor)

    [email] = mailoutbox
    assert email.subject == "Scheduled: “Budget debate”"
    assert email.body.startswith("editor scheduled “Budget debate” for 28 March 2022, 22:30")


def test_nobody_is_told_of_their_own_step_or_of_what_they_turned_off(staff, mailoutbox):
    editor, second, officer = staff
    DeskSettings.objects.create(user=second, email_notifications=False)
    release = ReleaseFactory(draft=True, created_by=editor)

    transitions.release_submit(release=release, user=editor)
    transitions.release_publish(release=release, user=editor)

    assert mailoutbox == []


def test_the_email_is_in_the_recipients_language(staff, mailoutbox):
    editor, _second, officer = staff
    DeskSettings.objects.create(user=officer, language="ru")
    release = ReleaseFactory(
        status=Status.SUBMITTED,
        title="Budget debate",
        title_ru="Обсуждение бюджета",
        created_by=officer,
    )

    transitions.release_send_back(release=release, user=editor, comment="Уточните дату.")

    [email] = mailoutbox
    assert email.subject == "Возвращено вам: «Обсуждение бюджета»"
    assert "Уточните дату." in email.body


def test_nothing_is_sent_until_the_step_commits_nor_if_it_is_undone(staff, mailoutbox):
    editor, _second, officer = staff
    release = ReleaseFactory(draft=True, created_by=officer)

    with pytest.raises(RuntimeError), transaction.atomic():
        transitions.release_submit(release=release, user=officer)
        assert mailoutbox == []
        raise RuntimeError("the request failed after the step")

    assert mailoutbox == []
    release.refresh_from_db()
    assert release.status == Status.DRAFT


def test_a_failing_mail_server_is_logged_and_the_step_stands(
    staff, monkeypatch, caplog, mailoutbox
):
    editor, _second, officer = staff
    release = ReleaseFactory(draft=True, created_by=officer)

    def refuse(self, messages):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr(LocmemBackend, "send_messages", refuse)
    with caplog.at_level(logging.ERROR, logger="workflow.notifications"):
        transitions.release_submit(release=release, user=officer)

    release.refresh_from_db()
    assert release.status == Status.SUBMITTED
    assert [r.getMessage() for r in caplog.records] == [
        f"The emails of step submitted of release {release.pk} were not sent"
    ]


def test_the_admins_save_and_submit_sends_them_too(staff, client, mailoutbox):
    editor, second, officer = staff
    client.force_login(officer)
    release = ReleaseFactory(draft=True, title="Budget debate", created_by=officer)
    data = form_data_for(release, _workflow="submit")
    del data["_save"]

    response = client.post(change_url(release), data)

    assert response.status_code == 302
    assert sorted(m.to[0] for m in mailoutbox) == ["editor@example.org", "second@example.org"]


def test_each_person_changes_only_their_own_settings(staff, client):
    editor, second, officer = staff
    theirs = DeskSettings.objects.create(user=second)
    client.force_login(officer)

    response = client.get("/admin/releases/desksettings/")
    mine = DeskSettings.objects.get(user=officer)
    assert response.url == f"/admin/releases/desksettings/{mine.pk}/change/"
    response = client.post(f"/admin/releases/desksettings/{mine.pk}/change/", {"language": "az"})
    assert response.url == "/admin/"
    mine.refresh_from_db()
    assert (mine.email_notifications, mine.language) == (False, "az")

    other = client.post(f"/admin/releases/desksettings/{theirs.pk}/change/", {"language": "az"})
    assert other.status_code == 302 and other.url == "/admin/"
    theirs.refresh_from_db()
    assert (theirs.email_notifications, theirs.language) == (True, "")
