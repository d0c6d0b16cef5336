"""Revisions: every save keeps one; staff list, compare and restore them.

A restore puts the old content back as a new revision and never changes the status.
"""

import pytest
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains

from releases import services
from releases.models import Release, WorkflowEvent
from tests.releases.admin_helpers import (
    ADD_URL,
    change_url,
    form_data_for,
    messages_of,
    snapshot,
)

pytestmark = pytest.mark.django_db


def revisions_url(release):
    return f"/admin/releases/release/{release.pk}/revisions/"


def restore_url(release, version):
    return f"/admin/releases/release/{release.pk}/revisions/{version.pk}/restore/"


def history(release):
    """(user, comment) of each revision, oldest first."""
    return [
        (v.revision.user.username, v.revision.comment)
        for v in reversed(list(services.release_versions(release)))
    ]


@pytest.fixture
def officer(press_officer):
    client = Client()
    client.force_login(press_officer)
    return client


@pytest.fixture
def editor_c(editor):
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def published(officer, editor_c, clock):
    """Written by the officer as a draft (two saves), then edited and published by the editor."""
    response = officer.post(
        ADD_URL,
        {
            "title": "Draft headline",
            "slug": "the-release",
            "published_at_0": "2022-03-28",
            "published_at_1": "18:10:00",
            "body": "Draft body.",
            "byline": "The Press and Public Relations Department",
            "tags": "TurkPA, OSCE PA",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    release = Release.objects.get(slug="the-release")
    officer.post(change_url(release), form_data_for(release, lead="A lead by the officer."))
    response = editor_c.post(
        change_url(release),
        form_data_for(
            release,
            title="Published headline",
            body="Published body.",
            tags="TurkPA",
            _workflow="publish",
        ),
    )
    assert response.status_code == 302
    release.refresh_from_db()
    assert release.status == Release.Status.PUBLISHED
    # Show (and so use up) the messages of those saves.
    officer.get("/admin/")
    editor_c.get("/admin/")
    return release


def test_each_save_keeps_a_revision_with_its_author_and_comment(published):
    assert history(published) == [
        ("officer", "Created"),
        ("officer", "Edited"),
        ("editor", "Publish"),
    ]
    newest = services.release_versions(published).first()
    assert newest.field_dict["title"] == "Published headline"
    assert newest.field_dict["status"] == Release.Status.PUBLISHED


def test_workflow_steps_keep_a_revision_too(published, editor, clock):
    services.release_withdraw(release=published, user=editor, reason="Wrong figures.")

    assert history(published)[-1] == ("editor", "Withdraw: Wrong figures.")


def test_revisions_page_lists_who_when_what(editor_c, published):
    response = editor_c.get(revisions_url(published))

    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(r["version"].revision.user.username, r["changed"]) for r in rows] == [
        # Published at the moment of publishing: the time changed too.
        ("editor", ["Title", "Publication date and time", "Body", "Tags"]),
        ("officer", ["Lead"]),
        ("officer", ["First recorded revision"]),
    ]
    assertContains(response, "<td>Publish</td>", html=True)
    assertContains(response, "<td>Title, Publication date and time, Body, Tags</td>", html=True)
    day = rows[0]["version"].revision.date_created
    assertContains(response, f"{day.astimezone(published.local_published_at.tzinfo):%d %B %Y}")
    # The newest revision is the current content: nothing to restore there.
    assert response.content.decode().count("Restore this revision") == 2


def test_compare_two_revisions_shows_the_changed_fields(editor_c, published):
    versions = list(services.release_versions(published))
    newest, oldest = versions[0], versions[-1]

    response = editor_c.get(revisions_url(published), {"a": newest.pk, "b": oldest.pk})

    comparison = response.context["comparison"]
    changed = {row["label"]: row for row in comparison if row["changed"]}
    assert sorted(changed) == ["Body", "Lead", "Publication date and time", "Tags", "Title"]
    assert (changed["Title"]["before"], changed["Title"]["after"]) == (
        "Draft headline",
        "Published headline",
    )
    assert (changed["Tags"]["before"], changed["Tags"]["after"]) == ("OSCE PA, TurkPA", "TurkPA")
    # Side by side, the way difflib shows a line (spaces kept as &nbsp;).
    assert '<span class="diff_sub">Draft&nbsp;body.</span>' in changed["Body"]["table"]
    assert '<span class="diff_add">Published&nbsp;body.</span>' in changed["Body"]["table"]
    assertContains(response, "<h2>Comparison</h2>", html=True)


@pytest.mark.parametrize(
    "params",
    [{"a": "x", "b": "1"}, {"a": "999999", "b": "1"}, {"a": "1"}, {"b": "1e5"}],
)
def test_bad_comparisons_get_a_message_not_an_error(editor_c, published, params):
    response = editor_c.get(revisions_url(published), params)

    assert response.status_code == 200
    assert response.context["comparison"] is None
    assert messages_of(response) == ["Choose two revisions of this release to compare."]


def test_a_revision_of_another_release_cannot_be_compared(editor_c, published, editor, clock):
    other = Release.objects.create(title="Other", slug="other", body="Other body.")
    with services.reversion.create_revision():
        other.save()
    foreign = services.release_versions(other).first()
    own = services.release_versions(published).first()

    response = editor_c.get(revisions_url(published), {"a": foreign.pk, "b": own.pk})

    assert response.context["comparison"] is None
    assertNotContains(response, "Other body.")


def test_restore_old_draft_content_into_a_published_release(editor_c, published):
    first = list(services.release_versions(published))[-1]
    revisions = len(history(published))

    response = editor_c.post(restore_url(published, first))

    assert response.status_code == 302
    assert response["Location"] == change_url(published)
    assert messages_of(response) == ["The earlier revision is restored, as a new revision."]
    published.refresh_from_db()
    assert (published.title, published.body, published.lead) == (
        "Draft headline",
        "Draft body.",
        "",
    )
    assert sorted(published.tags.names()) == ["OSCE PA", "TurkPA"]
    # Content only: a draft's revision never unpublishes.
    assert published.status == Release.Status.PUBLISHED
    assert list(Release.objects.published()) == [published]
    assert len(history(published)) == revisions + 1
    user, comment = history(published)[-1]
    assert user == "editor"
    assert comment.startswith("Restored the revision of ")
    event = published.events.order_by("-pk").first()
    assert (event.action, event.user.username) == (WorkflowEvent.Action.REVERTED, "editor")


def test_restore_into_a_withdrawn_release_keeps_it_withdrawn(editor_c, published, editor, clock):
    services.release_withdraw(release=published, user=editor, reason="Wrong figures.")
    first = list(services.release_versions(published))[-1]

    response = editor_c.post(restore_url(published, first))

    assert response.status_code == 302
    published.refresh_from_db()
    assert published.title == "Draft headline"
    assert published.status == Release.Status.WITHDRAWN
    assert published.withdrawal_reason == "Wrong figures."
    assert list(Release.objects.published()) == []


def test_restoring_a_published_revision_into_a_draft_keeps_it_a_draft(editor, clock):
    release = Release.objects.create(title="One", slug="one", body="Published text.")
    with services.reversion.create_revision():
        release.status = Release.Status.PUBLISHED
        release.save()
    live = services.release_versions(release).first()
    Release.objects.filter(pk=release.pk).update(status=Release.Status.DRAFT, body="Redrafted.")
    release.refresh_from_db()

    services.release_restore_revision(release=release, version=live, user=editor)

    release.refresh_from_db()
    assert release.body == "Published text."
    assert release.status == Release.Status.DRAFT
    assert list(Release.objects.published()) == []


def test_press_officer_cannot_restore_a_published_release(officer, published):
    first = list(services.release_versions(published))[-1]
    before = snapshot(published)
    revisions = len(history(published))

    page = officer.get(revisions_url(published))
    response = officer.post(restore_url(published, first))

    assert page.status_code == 200  # may read the history
    assertNotContains(page, "Restore this revision")
    assert response.status_code == 403
    assert snapshot(published) == before
    assert len(history(published)) == revisions


def test_restore_by_get_changes_nothing(editor_c, published):
    first = list(services.release_versions(published))[-1]
    before = snapshot(published)

    response = editor_c.get(restore_url(published, first))

    assert response.status_code == 302
    assert response["Location"] == revisions_url(published)
    assert snapshot(published) == before


def test_restore_of_another_releases_revision_is_not_found(editor_c, published, clock):
    other = Release.objects.create(title="Other", slug="other", body="Other body.")
    with services.reversion.create_revision():
        other.save()
    foreign = services.release_versions(other).first()
    before = snapshot(published)

    response = editor_c.post(restore_url(published, foreign))

    assert response.status_code == 404
    assert snapshot(published) == before


def test_anonymous_users_see_no_revisions(published):
    response = Client().get(revisions_url(published))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert "Draft headline" not in response.content.decode()


def test_restoring_a_revision_brings_back_the_officials_and_countries_mentioned(editor, clock):
    from tests.factories import CountryFactory, OfficialFactory

    quoted, other = OfficialFactory(full_name="Ilham Aliyev"), OfficialFactory()
    armenia, georgia = CountryFactory(code="AM"), CountryFactory(code="GE")
    release = Release.objects.create(title="One", slug="one", body="Text.")
    with services.reversion.create_revision():
        release.save()
        release.mentioned_officials.set([quoted])
        release.mentioned_countries.set([armenia])
    first = services.release_versions(release).first()
    release.mentioned_officials.set([other])
    release.mentioned_countries.set([georgia])

    services.release_restore_revision(release=release, version=first, user=editor)

    assert list(release.mentioned_officials.all()) == [quoted]
    assert list(release.mentioned_countries.all()) == [armenia]
    content = services.version_content(services.release_versions(release).first())
    assert (content["mentioned_officials"], content["mentioned_countries"]) == (
        [quoted.pk],
        [armenia.pk],
    )
