"""Autosave (workflow/autosave.py, the endpoint in workflow/admin/live.py): a draft's
text goes into the draft at its version, without a revision or an audit event; a form
opened before someone else saved is still caught; anything public is kept apart and
never changes what the public reads; bad input is a clear JSON error that changes
nothing."""

import json

import pytest
import reversion
from pytest_django.asserts import assertContains, assertNotContains

from releases.models import Release, ReleaseAutosave, WorkflowEvent
from tests.factories import ReleaseFactory, UserFactory
from tests.workflow.admin_helpers import ADD_URL, change_url, form_data_for, snapshot
from workflow import autosave, revisions, transitions

pytestmark = pytest.mark.django_db

Status = Release.Status
NEW_URL = "/admin/releases/release/autosave/"


def url(release):
    return f"/admin/releases/release/{release.pk}/autosave/"


def post(client, address, payload):
    return client.post(address, json.dumps(payload), content_type="application/json")


def test_a_drafts_text_goes_into_it_without_a_revision_or_an_event(officer_client, press_officer):
    release = ReleaseFactory(draft=True, title="Old title", body="Old body.")
    version = release.version

    response = post(
        officer_client,
        url(release),
        {"fields": {"title_en": "New title", "body_en": "New body."}, "expected_version": version},
    )

    assert response.status_code == 200
    answer = response.json()
    assert (answer["into_release"], answer["version"], answer["problem"]) == (
        True,
        version + 1,
        "",
    )
    release.refresh_from_db()
    assert (release.title_en, release.body_en, release.version) == (
        "New title",
        "New body.",
        version + 1,
    )
    assert release.updated_by == press_officer
    assert list(revisions.release_versions(release)) == []
    assert list(WorkflowEvent.objects.all()) == []


def test_the_same_text_again_changes_no_version(officer_client):
    release = ReleaseFactory(draft=True, title="Same")
    payload = {"fields": {"title_en": "Same"}, "expected_version": release.version}

    answer = post(officer_client, url(release), payload).json()

    assert answer["version"] == release.version
    release.refresh_from_db()
    assert release.version == payload["expected_version"]


def test_the_form_that_autosaved_saves_at_the_version_it_was_given(officer_client):
    release = ReleaseFactory(draft=True, title="Draft")
    answer = post(
        officer_client,
        url(release),
        {"fields": {"title_en": "Written on"}, "expected_version": release.version},
    ).json()

    data = form_data_for(release, title_en="Written on, then saved")
    data["expected_version"] = str(answer["version"])
    response = officer_client.post(change_url(release), data)

    assert response.status_code == 302
    release.refresh_from_db()
    assert release.title_en == "Written on, then saved"


def test_two_people_are_still_caught(officer_client, editor, client):
    """The editor's form was opened before the officer's autosave: the editor's
    autosave is kept apart, and the editor's save is refused with the conflict."""
    with reversion.create_revision():
        release = ReleaseFactory(draft=True, title="Draft", body="Body.")
    opened_at = release.version
    post(
        officer_client,
        url(release),
        {"fields": {"body_en": "The officer's text."}, "expected_version": opened_at},
    )
    client.force_login(editor)

    response = post(
        client,
        url(release),
        {"fields": {"body_en": "The editor's text."}, "expected_version": opened_at},
    )

    assert response.status_code == 409
    answer = response.json()
    assert (answer["into_release"], answer["conflict"]) == (False, True)
    assert answer["problem"].startswith("Someone else saved this release after you opened it")
    release.refresh_from_db()
    assert release.body_en == "The officer's text."
    assert ReleaseAutosave.objects.get(user=editor).fields["body_en"] == "The editor's text."
    stale = form_data_for(release, body_en="The editor's text.")
    stale["expected_version"] = str(opened_at)
    refused = client.post(change_url(release), stale)
    assertContains(refused, "Someone else saved this release after you opened it")
    assertContains(refused, "The officer&#x27;s text.")
    release.refresh_from_db()
    assert release.body_en == "The officer's text."


@pytest.mark.parametrize("state", ["submitted", "live", "scheduled", "withdrawn"])
def test_anything_but_a_draft_is_kept_apart(editor_client, editor, state):
    status = {
        "submitted": Status.SUBMITTED,
        "live": Status.PUBLISHED,
        "scheduled": Status.PUBLISHED,
        "withdrawn": Status.WITHDRAWN,
    }[state]
    release = ReleaseFactory(
        status=status, title="As public", body="Public text.", scheduled=state == "scheduled"
    )
    before = snapshot(release)

    response = post(
        editor_client,
        url(release),
        {"fields": {"body_en": "Not yet."}, "expected_version": release.version},
    )

    answer = response.json()
    assert (response.status_code, answer["into_release"]) == (200, False)
    assert answer["problem"] == "Kept for you, not public: your changes go out when you save."
    assert snapshot(release) == before
    kept = ReleaseAutosave.objects.get(user=editor, release=release)
    assert kept.fields == {"body_en": "Not yet."}
    # Offered back on opening the form, and gone once the form is saved.
    page = editor_client.get(change_url(release))
    assert page.context["form_config"]["kept"]["fields"] == {"body_en": "Not yet."}
    assertContains(page, "It is kept for you.")
    editor_client.post(change_url(release), form_data_for(release, body_en="Not yet."))
    assert list(ReleaseAutosave.objects.all()) == []


def test_a_kept_text_reaches_no_public_page(editor_client, client, page_cache_off):
    release = ReleaseFactory(title="As public", slug="as-public", body="Public text.")
    post(
        editor_client,
        url(release),
        {"fields": {"title_en": "Kept title", "body_en": "Kept text."}, "expected_version": 1},
    )
    reader = type(client)()

    for address in [release.get_absolute_url(), "/en/", "/en/feeds/releases.atom"]:
        response = reader.get(address)
        assert response.status_code == 200, address
        assertNotContains(response, "Kept")
    assertContains(reader.get(release.get_absolute_url()), "Public text.")


def test_autosave_never_publishes(editor_client):
    release = ReleaseFactory(draft=True, title="Draft", body="Body.")

    post(
        editor_client,
        url(release),
        {
            "fields": {"title_en": "Still a draft", "status": "published"},
            "expected_version": release.version,
        },
    )
    answer = post(
        editor_client,
        url(release),
        {"fields": {"title_en": "Still a draft"}, "expected_version": release.version},
    ).json()

    release.refresh_from_db()
    assert (release.status, release.published_languages, answer["into_release"]) == (
        Status.DRAFT,
        "",
        True,
    )
    assert list(Release.objects.published()) == []


def test_a_new_release_is_kept_until_it_has_a_title_and_a_body_then_created(
    officer_client, press_officer
):
    first = post(officer_client, NEW_URL, {"fields": {"title_en": "Half a headline"}}).json()

    assert (first["into_release"], "release" in first) == (False, False)
    assert list(Release.objects.all()) == []
    assert ReleaseAutosave.objects.get(release=None).fields["title_en"] == "Half a headline"
    offered = officer_client.get(ADD_URL)
    assert offered.context["form_config"]["kept"]["fields"]["title_en"] == "Half a headline"

    second = post(
        officer_client,
        NEW_URL,
        {"fields": {"title_en": "A whole headline", "body_en": "And a body."}},
    ).json()

    release = Release.objects.get()
    assert (release.status, release.created_by, release.slug_en) == (
        Status.DRAFT,
        press_officer,
        "a-whole-headline",
    )
    assert second["change_url"] == change_url(release)
    assert second["suggest_links_url"] == f"/admin/releases/release/{release.pk}/suggest-links/"
    assert second["version"] == release.version
    assert list(release.events.values_list("action", flat=True)) == ["created"]
    assert len(revisions.release_versions(release)) == 1
    assert list(ReleaseAutosave.objects.all()) == []


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        (b"not json", 400, "The request is not valid JSON."),
        (b"[1, 2]", 400, "Send a JSON object."),
        (b'{"fields": {}}', 400, "Nothing to save: send the form's fields."),
        (b'{"fields": {"status": "published"}}', 400, "“status” is not a field saved on its own."),
        (b'{"fields": {"title_en": 3}}', 400, "“title_en” must be text."),
        (
            json.dumps({"fields": {"title_en": "x" * 301}}).encode(),
            400,
            "“title_en” is longer than 300 characters.",
        ),
        (
            b'{"fields": {"title_en": "x"}, "expected_version": "7"}',
            400,
            "expected_version must be a whole number.",
        ),
    ],
)
def test_bad_input_is_a_clear_error_and_changes_nothing(officer_client, body, status, error):
    release = ReleaseFactory(draft=True, title="Draft")
    before = snapshot(release)

    response = officer_client.post(url(release), body, content_type="application/json")

    assert (response.status_code, response.json()) == (status, {"error": error})
    assert snapshot(release) == before
    assert list(ReleaseAutosave.objects.all()) == []


def test_refusals_are_json_too(officer_client, press_officer):
    live = ReleaseFactory(title="Live")
    payload = {"fields": {"title_en": "Changed"}, "expected_version": live.version}

    assert officer_client.get(url(live)).json() == {"error": "Send the text with POST."}
    refused = post(officer_client, url(live), payload)
    assert (refused.status_code, refused.json()) == (
        403,
        {"error": "Only editors can change a published release."},
    )
    missing = post(officer_client, "/admin/releases/release/999999/autosave/", payload)
    assert (missing.status_code, missing.json()) == (
        404,
        {"error": "This release no longer exists."},
    )
    live.refresh_from_db()
    assert live.title_en == "Live"


def test_only_staff_reach_it(client):
    release = ReleaseFactory(draft=True, title="Draft")
    client.force_login(UserFactory(username="reader", is_staff=False))

    response = post(client, url(release), {"fields": {"title_en": "Mine now"}})

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
    release.refresh_from_db()
    assert release.title_en == "Draft"


def test_the_field_list_is_every_versions_text():
    assert autosave.AUTOSAVE_FIELDS[:6] == (
        "primary_language",
        "title_az",
        "slug_az",
        "lead_az",
        "body_az",
        "title_en",
    )
    assert "status" not in autosave.AUTOSAVE_FIELDS


def test_the_add_form_offers_suggest_links_once_it_saved_itself(officer_client):
    response = officer_client.get(ADD_URL)

    assertContains(
        response,
        '<button type="submit" class="button" id="suggest-links-button" disabled formnovalidate>'
        "Suggest links</button>",
        html=True,
    )
    assertContains(response, "Both work once the draft has saved itself")
    assertNotContains(response, "Save and add another")


def test_a_draft_submitted_meanwhile_is_not_written_into(press_officer):
    release = ReleaseFactory(draft=True, title="Draft", body="Body.")
    read_before = Release.objects.get(pk=release.pk)
    submitted = transitions.release_submit(release=release, user=press_officer)

    done = autosave.release_autosave(
        user=press_officer,
        release=read_before,
        fields={"body_en": "Written after."},
        expected_version=submitted.version,
    )

    assert (done.into_release, done.conflict, done.problem) == (
        False,
        True,
        "This release is no longer a draft.",
    )
    submitted.refresh_from_db()
    assert submitted.body_en == "Body."
    assert ReleaseAutosave.objects.get().fields == {"body_en": "Written after."}
