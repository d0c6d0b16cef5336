"""Edit conflicts: the second of two people saving the same release is refused, keeps
their text on the page, and wins only when they save again knowingly."""

import threading

import pytest
from django.db import connection
from django.db.models import F
from django.test import Client
from django.utils.html import escape
from pytest_django.asserts import assertContains

from releases.models import Release, WorkflowEvent
from tests.conftest import reload_migrated_data
from tests.factories import UserFactory
from tests.workflow.admin_helpers import change_url, form_data_for, form_errors, snapshot
from workflow import editing

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

    saved = first.post(change_url(release), {**mine, "body_en": "The first editor's text."})
    assert saved.status_code == 302
    before = snapshot(release)

    response = second.post(change_url(release), {**theirs, "body_en": "The second editor's text."})

    assert response.status_code == 200
    [error] = form_errors(response)
    assert error.startswith(CONFLICT + " (editor, ")
    assert error.endswith(
        "Your text is kept below. Check what changed, then save again to keep yours."
    )
    assert response.context["conflict"] == [
        ("Body (English)", "The first text.", "The first editor's text.")
    ]
    assertContains(response, "<h2>Changed by someone else since you opened it</h2>")
    assertContains(
        response,
        "<td>Body (English)</td><td>The first text.</td><td>The first editor&#x27;s text.</td>",
    )
    assertContains(
        response,
        '<textarea name="body_en" cols="40" rows="10" class="vLargeTextField" '
        'aria-describedby="id_body_en_helptext" id="id_body_en">\nThe second editor&#x27;s text.'
        "</textarea>",
        html=True,
    )
    assert snapshot(release) == before
    release.refresh_from_db()
    assert release.body == "The first editor's text."

    # Saving again, knowingly, overwrites: the form now carries the current version.
    retry = dict(theirs, body_en="The second editor's text.")
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
    first.post(change_url(release), {**mine, "body_en": "Rewritten."})
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
        change_url(release),
        form_data_for(release, body_en="Blind write.", expected_version=version),
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

    with pytest.raises(editing.EditConflict):
        editing.release_save(release=release, user=editor, expected_version=stale)

    assert snapshot(release) == before
    assert WorkflowEvent.objects.count() == events


def test_a_save_refused_at_the_write_shows_the_posted_form(first, release, monkeypatch):
    """If the service refuses the write after the form's own check passed, the form comes
    back as posted with the refusal; nothing is saved and nothing is reloaded."""
    real_save = editing.release_save

    def someone_saves_first(**kwargs):
        Release.objects.filter(pk=release.pk).update(version=F("version") + 1, body="Theirs.")
        return real_save(**kwargs)

    monkeypatch.setattr(editing, "release_save", someone_saves_first)
    before = snapshot(release)

    response = first.post(change_url(release), form_data_for(release, body_en="Mine."))

    assert response.status_code == 200
    [error] = form_errors(response)
    assert error.startswith(CONFLICT + " (editor, ")
    assert response.context["adminform"].form["body_en"].value() == "Mine."
    assert snapshot(release) == before


# Two saves at the same moment ------------------------------------------------------


@pytest.fixture
def migrated_data_kept(django_db_blocker):
    """Put back what the migrations created (groups, countries) after a transactional
    test, whose end empties every table, for whatever test runs next."""
    yield
    with django_db_blocker.unblock():
        reload_migrated_data()


def save_at_once(release, posts):
    """POST each (user, data) to the change form from its own thread and connection,
    all at the same moment; return {username: response or the exception raised}."""
    barrier = threading.Barrier(len(posts))
    results = {}

    def save(client, username, data):
        try:
            barrier.wait(timeout=30)
            results[username] = client.post(change_url(release), data)
        except Exception as error:  # a 500 is a result to report, not a crash of the test
            results[username] = error
        finally:
            connection.close()

    threads = []
    for user, data in posts:
        client = Client()
        client.force_login(user)
        threads.append(threading.Thread(target=save, args=(client, user.username, data)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("attempt", range(2))
@pytest.mark.parametrize("second_step", ["", "publish"], ids=["save", "save_and_publish"])
def test_two_saves_at_the_same_moment_one_wins_the_other_keeps_their_text(
    editor, release, migrated_data_kept, second_step, attempt
):
    other = UserFactory(username="second_editor", groups=["Editor"])
    opened = form_data_for(release)
    texts = {"editor": "The first editor's text.", "second_editor": "The second editor's text."}
    posts = {
        "editor": {**opened, "body_en": texts["editor"]},
        "second_editor": {**opened, "body_en": texts["second_editor"], "_workflow": second_step},
    }

    results = save_at_once(release, [(user, posts[user.username]) for user in (editor, other)])

    assert {name: getattr(r, "status_code", r) for name, r in results.items()} in [
        {"editor": 302, "second_editor": 200},
        {"editor": 200, "second_editor": 302},
    ]
    [winner] = [name for name, r in results.items() if r.status_code == 302]
    [loser] = [name for name, r in results.items() if r.status_code == 200]
    published = second_step == "publish" and winner == "second_editor"
    release.refresh_from_db()
    assert release.body == texts[winner]
    assert release.updated_by.username == winner
    assert list(Release.objects.published()) == ([release] if published else [])
    refused = results[loser]
    [error] = form_errors(refused)
    assert error.startswith(f"{CONFLICT} ({winner}, ")
    assert ("Body (English)", "The first text.", texts[winner]) in refused.context["conflict"]
    assert refused.context["adminform"].form["body_en"].value() == texts[loser]
    assertContains(
        refused,
        '<textarea name="body_en" cols="40" rows="10" class="vLargeTextField" '
        'aria-describedby="id_body_en_helptext" id="id_body_en">\n'
        f"{escape(texts[loser])}</textarea>",
        html=True,
    )
    # Saving again from the refused form, knowingly, keeps the loser's text.
    retry = {**posts[loser]}
    retry["expected_version"] = refused.context["adminform"].form["expected_version"].value()
    client = Client()
    client.force_login(editor if loser == "editor" else other)
    assert client.post(change_url(release), retry).status_code == 302
    release.refresh_from_db()
    assert release.body == texts[loser]
    assert list(Release.objects.published()) == ([release] if second_step else [])
