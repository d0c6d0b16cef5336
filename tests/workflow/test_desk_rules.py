"""The desk's rules (workflow/rules.py): who is told of a submission, which step is the
form's primary button, and which releases a form's autosave may write into."""

import pytest

from releases.models import Release
from tests.factories import ReleaseFactory, UserFactory
from workflow import rules, transitions

pytestmark = pytest.mark.django_db

Status = Release.Status


def test_publishers_are_the_active_people_who_may_publish(editor, press_officer):
    direct = UserFactory(username="direct")
    direct.user_permissions.add(
        rules.Permission.objects.get(codename="publish_release", content_type__app_label="releases")
    )
    UserFactory(username="gone", groups=["Editor"], is_active=False)
    UserFactory(username="root", is_superuser=True)

    assert sorted(rules.publishers().values_list("username", flat=True)) == ["direct", "editor"]


@pytest.mark.parametrize(
    ("who", "status", "expected"),
    [
        ("officer", Status.DRAFT, "submit"),
        ("officer", Status.SUBMITTED, ""),
        ("editor", Status.DRAFT, "publish"),
        ("editor", Status.SUBMITTED, "publish"),
        ("editor", Status.PUBLISHED, ""),
        ("editor", Status.WITHDRAWN, ""),
    ],
)
def test_the_primary_step_is_the_next_one_this_person_may_take(
    editor, press_officer, who, status, expected
):
    user = {"officer": press_officer, "editor": editor}[who]
    release = ReleaseFactory(status=status)
    available = [t.name for t in transitions.available_transitions(release=release, user=user)]

    assert rules.primary_step(user=user, release=release, available=available) == expected


def test_a_new_release_offers_submitting_first(editor):
    assert rules.primary_step(user=editor, release=Release(), available=["submit"]) == "submit"


def test_the_primary_label_says_whether_publishing_is_now_or_later(now):
    past = ReleaseFactory(status=Status.SUBMITTED)
    future = ReleaseFactory(status=Status.SUBMITTED, published_at=now.replace(hour=23))

    assert transitions.primary_label(name="publish", release=past) == "Publish now"
    assert transitions.primary_label(name="publish", release=future) == (
        "Schedule for 28.03.2022 23:00"
    )
    assert transitions.primary_label(name="submit", release=past) == "Submit for review"
    assert transitions.primary_label(name="", release=past) == ""


@pytest.mark.parametrize(
    ("status", "officer_may", "editor_may"),
    [
        (Status.DRAFT, True, True),
        (Status.SUBMITTED, False, False),
        (Status.PUBLISHED, False, False),
        (Status.WITHDRAWN, False, False),
    ],
)
def test_autosave_writes_into_a_draft_only(editor, press_officer, status, officer_may, editor_may):
    release = ReleaseFactory(status=status)
    reader = UserFactory(username="reader")

    assert rules.can_autosave_into(press_officer, release) is officer_may
    assert rules.can_autosave_into(editor, release) is editor_may
    assert rules.can_autosave_into(reader, release) is False
