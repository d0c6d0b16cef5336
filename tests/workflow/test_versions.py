"""A release's versions go live together; one written later is public only once an
editor publishes it as a correction."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from releases.models import ChangeNote, Release, ReleaseRedirect, WorkflowEvent
from tests.factories import ReleaseFactory, baku
from tests.workflow.admin_helpers import change_url, form_data_for, messages_of, snapshot
from workflow.transitions import (
    release_publish,
    release_restore,
    release_submit,
    release_unpublish,
    release_withdraw,
)
from workflow.versions import release_publish_version

pytestmark = pytest.mark.django_db

Status = Release.Status

AZ = {"title_az": "Sədr görüşüb", "slug_az": "sedr-gorusub", "body_az": "Azərbaycan mətni."}
RU = {"title_ru": "Председатель встретилась", "slug_ru": "predsedatel", "body_ru": "Русский текст."}


def trilingual(**fields):
    """A draft of 28 March 2022, written in English and Azerbaijani (Russian not yet)."""
    return ReleaseFactory(
        draft=True,
        title="The Chair met",
        slug="the-chair-met",
        published_at=baku(2022, 3, 28, 15, 0),
        **{**AZ, **fields},
    )


def publish_url(release, language):
    return f"/admin/releases/release/{release.pk}/versions/{language}/publish/"


class TestOneGoLive:
    def test_publishing_publishes_every_written_version_and_no_other(self, editor, clock):
        # Russian is begun (a title) but has no body: it is not written, so not published.
        release = trilingual(title_ru="Председатель")

        release_publish(release=release, user=editor)

        release.refresh_from_db()
        assert release.published_languages == "az en"
        assert release.public_languages == ["az", "en"]
        assert [r.pk for r in Release.objects.published(language="az")] == [release.pk]
        assert list(Release.objects.published(language="ru")) == []
        assert release.is_published_in("en") and not release.is_published_in("ru")

    def test_scheduling_takes_the_versions_written_at_that_moment(self, editor, clock):
        release = trilingual(**RU)

        release_publish(release=release, user=editor, published_at=baku(2022, 3, 29, 9, 0))

        release.refresh_from_db()
        assert (release.status, release.published_languages) == (Status.PUBLISHED, "az en ru")
        assert list(Release.objects.published()) == []
        clock.move(hours=14)
        assert [r.pk for r in Release.objects.published(language="ru")] == [release.pk]

    def test_cancelling_a_schedule_forgets_the_set(self, editor, clock):
        release = trilingual()
        release_publish(release=release, user=editor, published_at=baku(2022, 3, 29, 9, 0))

        release_unpublish(release=release, user=editor)

        release.refresh_from_db()
        assert (release.status, release.published_languages) == (Status.DRAFT, "")

    def test_withdrawing_and_restoring_keep_the_set(self, editor, clock):
        release = trilingual()
        release_publish(release=release, user=editor)
        # Russian written after publication: restoring must not publish it.
        Release.objects.filter(pk=release.pk).update(**RU)

        release_withdraw(release=release, user=editor, reason="Published in error.")
        release.refresh_from_db()
        assert (release.status, release.published_languages) == (Status.WITHDRAWN, "az en")
        assert list(Release.objects.published()) == []

        release_restore(release=release, user=editor)
        release.refresh_from_db()
        assert (release.status, release.published_languages) == (Status.PUBLISHED, "az en")
        assert list(Release.objects.published(language="ru")) == []
        assert [r.pk for r in Release.objects.published(language="az")] == [release.pk]

    def test_submitting_leaves_the_set_empty(self, press_officer, clock):
        release = trilingual()

        release_submit(release=release, user=press_officer)

        release.refresh_from_db()
        assert (release.status, release.published_languages) == (Status.SUBMITTED, "")

    def test_save_and_publish_publishes_the_versions_of_the_edit(self, editor_client, clock):
        release = trilingual()

        response = editor_client.post(
            change_url(release), form_data_for(release, **RU, _workflow="publish")
        )

        assert response.status_code == 302
        release.refresh_from_db()
        assert (release.status, release.published_languages) == (Status.PUBLISHED, "az en ru")


class TestVersionWrittenLater:
    @pytest.fixture
    def live(self, editor, clock):
        release = trilingual()
        release_publish(release=release, user=editor)
        release.refresh_from_db()
        return release

    def test_saving_a_new_version_does_not_publish_it(self, editor_client, live):
        response = editor_client.post(change_url(live), form_data_for(live, **RU))

        assert response.status_code == 302
        live.refresh_from_db()
        assert (live.title_ru, live.published_languages) == (RU["title_ru"], "az en")
        assert live.written_languages == ["az", "en", "ru"]
        assert list(Release.objects.published(language="ru")) == []
        assert not live.is_published_in("ru")

    def test_published_as_a_correction_with_the_default_note(self, editor, live, clock):
        Release.objects.filter(pk=live.pk).update(**RU)
        clock.move(days=1)

        release_publish_version(release=live, user=editor, language="ru")

        live.refresh_from_db()
        assert live.published_languages == "az en ru"
        assert [r.pk for r in Release.objects.published(language="ru")] == [live.pk]
        assert list(live.change_notes.values_list("note", flat=True)) == ["Russian version added"]
        event = live.events.first()
        assert (event.action, event.comment, event.user) == (
            WorkflowEvent.Action.PUBLISHED,
            "Russian version: Russian version added",
            editor,
        )

    def test_the_editors_note_is_the_public_one(self, editor, live):
        Release.objects.filter(pk=live.pk).update(**RU)

        release_publish_version(
            release=live, user=editor, language="ru", note=" Added the Russian text. "
        )

        assert [n.note for n in ChangeNote.objects.all()] == ["Added the Russian text."]

    def test_a_press_officer_cannot_publish_a_version(self, press_officer, live):
        Release.objects.filter(pk=live.pk).update(**RU)
        before = snapshot(live)

        with pytest.raises(PermissionDenied):
            release_publish_version(release=live, user=press_officer, language="ru")

        assert snapshot(live) == before
        assert ChangeNote.objects.count() == 0
        assert list(Release.objects.published(language="ru")) == []

    @pytest.mark.parametrize(
        ("language", "message"),
        [
            ("ru", "This version has no title or no body yet: write it and save it first."),
            ("az", "This version is already published."),
            ("de", "Unknown language “de”."),
        ],
    )
    def test_refused_versions(self, editor, live, language, message):
        # Russian begun but not written: a title, no body.
        Release.objects.filter(pk=live.pk).update(title_ru="Председатель")
        before = snapshot(live)

        with pytest.raises(ValidationError) as error:
            release_publish_version(release=live, user=editor, language=language)

        assert error.value.messages == [message]
        assert snapshot(live) == before

    def test_a_draft_has_no_version_to_publish_alone(self, editor, clock):
        release = trilingual(**RU)

        with pytest.raises(ValidationError) as error:
            release_publish_version(release=release, user=editor, language="ru")

        assert error.value.messages == [
            "Only a published release has versions to add: publishing a release publishes "
            "every version written."
        ]
        release.refresh_from_db()
        assert (release.status, release.published_languages) == (Status.DRAFT, "")

    def test_the_change_form_offers_a_button_for_the_version_written_later(
        self, editor_client, live
    ):
        Release.objects.filter(pk=live.pk).update(**RU)

        response = editor_client.get(change_url(live))

        buttons = [row["language"] for row in response.context["versions"] if row["can_publish"]]
        assert buttons == ["ru"]
        content = response.content.decode()
        assert f'formaction="{publish_url(live, "ru")}"' in content
        assert f'formaction="{publish_url(live, "az")}"' not in content

    def test_the_button_publishes_it(self, editor_client, live):
        Release.objects.filter(pk=live.pk).update(**RU)

        response = editor_client.post(publish_url(live, "ru"), {"version_note": ""})

        assert response.status_code == 302
        assert response["Location"] == change_url(live)
        assert messages_of(response) == ["The Russian version is published."]
        live.refresh_from_db()
        assert live.published_languages == "az en ru"
        assert [n.note for n in live.change_notes.all()] == ["Russian version added"]

    def test_the_button_is_refused_to_a_press_officer(self, officer_client, live):
        Release.objects.filter(pk=live.pk).update(**RU)

        response = officer_client.post(publish_url(live, "ru"), {"version_note": "Sneaked in."})

        assert response.status_code == 403
        live.refresh_from_db()
        assert live.published_languages == "az en"
        assert ChangeNote.objects.count() == 0


def test_each_public_versions_moved_address_redirects_to_its_new_one(editor_client, now):
    release = ReleaseFactory(
        title="The Chair met", slug="the-chair-met", published_at=baku(2022, 3, 28, 18, 10), **AZ
    )
    Release.objects.filter(pk=release.pk).update(published_languages="az en")
    release.refresh_from_db()
    old = {lang: release.get_absolute_url(lang) for lang in ("az", "en")}

    response = editor_client.post(
        change_url(release),
        form_data_for(release, slug_az="sedr-qebul-edib", slug_en="the-chair-received"),
    )

    assert response.status_code == 302
    release.refresh_from_db()
    redirects = dict(ReleaseRedirect.objects.values_list("old_path", "release"))
    assert redirects == {old["az"]: release.pk, old["en"]: release.pk}
    assert release.get_absolute_url("az").endswith("/sedr-qebul-edib/")
    assert release.get_absolute_url("en").endswith("/the-chair-received/")
