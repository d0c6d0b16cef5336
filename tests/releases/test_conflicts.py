"""Edit conflicts: the second of two people saving the same release is refused, keeps
their text on the page, and wins only when they save again knowingly."""

import pytest
from django.test import Client
from pytest_django.asserts import assertContains

from releases import services
from releases.models import Release, WorkflowEvent
from tests.factories import UserFactory
from tests.releases.admin_helpers import change_url, form_data_for, form_errors, snapshot

pytestmark = pytest.mark.django_db

CONFLICT = "Someone else saved this release after you opened it"


@pytest.fixture
def release(editor):
    """A draft saved once through the admin, so its current version has a revision."""
    release = Release.objects.create(
        title="Budget debate", slug="budget-debate", body="The first text."
    )
    client = Client()
    client.force_login(editor)
    assert client.post(change_url(release), form_data_for(release)).status_code == 302
    release.refresh_from_db()
    return release


@pytest.fixture
def first(editor):
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def second():
    client = Client()
    client.force_login(UserFactory(username="second_editor", groups=["Editor"]))
    return client


def opened_form(client, release):
    """The POST data of the change form as this person received it."""
    response = client.get(change_url(release))
    version = response.context["adminform"].form["expected_version"].value()
    return form_data_for(release, expected_version=str(version))


def test_second_save_is_refused_and_keeps_the_second_text(first, second, release):
    mine = opened_form(first, release)
    theirs = opened_form(second, release)

    saved = first.post(change_url(release), {**mine, "body": "The first editor's text."})
    assert saved.status_code == 302
    before = snapshot(release)

    response = second.post(change_url(release), {**theirs, "body": "The second editor's text."})

    assert response.status_code == 200
    [error] = form_errors(response)
    assert error.startswith(CONFLICT + " (editor, ")
    assert error.endswith(
        "Your text is kept below. Check what changed, then save again to keep yours."
    )
    assert response.context["conflict"] == [("Body", "The first text.", "The first editor's text.")]
    assertContains(
        response, '<h2 style="margin:0 0 .5rem">Changed by someone else since you opened it</h2>'
    )
    assertContains(
        response, "<td>Body</td><td>The first text.</td><td>The first editor&#x27;s text.</td>"
    )
    assertContains(
        response,
        '<textarea name="body" cols="40" rows="10" class="vLargeTextField" required '
        'aria-describedby="id_body_helptext" id="id_body">\nThe second editor&#x27;s text.'
        "</textarea>",
        html=True,
    )
    assert snapshot(release) == before
    release.refresh_from_db()
    assert release.body == "The first editor's text."

    # Saving again, knowingly, overwrites: the form now carries the current version.
    retry = dict(theirs, body="The second editor's text.")
    retry["expected_version"] = response.context["adminform"].form["expected_version"].value()
    assert str(retry["expected_version"]) == str(before["row"]["version"])

    again = second.post(change_url(release), retry)

    assert again.status_code == 302
    release.refresh_from_db()
    assert release.body == "The second editor's text."
    assert release.updated_by.username == "second_editor"


def test_a_workflow_step_in_a_stale_form_is_refused_too(first, second, release):
    mine = opened_form(first, release)
    theirs = opened_form(second, release)
    first.post(change_url(release), {**mine, "body": "Rewritten."})
    before = snapshot(release)

    response = second.post(change_url(release), {**theirs, "_workflow": "publish"})

    assert response.status_code == 200
    assert form_errors(response)[0].startswith(CONFLICT)
    assert snapshot(release) == before
    assert list(Release.objects.published()) == []


@pytest.mark.parametrize("version", ["", "abc", "-1", "99999999999999999999"])
def test_a_missing_or_bad_version_is_a_conflict_not_an_error(first, release, version):
    before = snapshot(release)

    response = first.post(
        change_url(release), form_data_for(release, body="Blind write.", expected_version=version)
    )

    assert response.status_code == 200
    assert snapshot(release) == before
    assert "Blind write." in response.content.decode()


def test_the_service_refuses_a_stale_version(editor, release):
    stale = release.version
    Release.objects.filter(pk=release.pk).update(version=stale + 1, body="Saved by someone.")
    before = snapshot(release)
    events = WorkflowEvent.objects.count()
    release.body = "Stale write."

    with pytest.raises(services.EditConflict):
        services.release_save(release=release, user=editor, expected_version=stale)

    assert snapshot(release) == before
    assert WorkflowEvent.objects.count() == events
