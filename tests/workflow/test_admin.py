"""The admin for press staff: press officers write drafts, only editors publish.

Every test logs in a staff user of a real group created by the migration and
checks what the database holds afterwards, not only the answer's status.
"""

import datetime
import json

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains
from taggit.models import Tag

from releases.models import Release
from tests.factories import MeetingFactory, OfficialFactory, ReleaseFactory, UserFactory, baku
from tests.workflow.admin_helpers import INLINES

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/releases/release/add/"
CHANGELIST_URL = "/admin/releases/release/"


def change_url(release):
    return f"/admin/releases/release/{release.pk}/change/"


def form_data(**overrides):
    """A complete, valid POST for the release add/change form."""
    data = {
        "primary_language": "en",
        "title_en": "Chair of the Milli Majlis Meets TurkPA Secretary General",
        "slug_en": "chair-meets-turkpa-secretary-general",
        "section": "",
        "published_at_0": "2022-03-28",
        "published_at_1": "18:10:00",
        "lead_en": "",
        "body_en": "First paragraph.\r\n\r\nSecond paragraph.",
        "byline": "The Press and Public Relations Department",
        "meeting": "",
        "tags": "TurkPA, OSCE PA",
        "body_format": "plain",
        **INLINES,
        "_save": "Save",
    }
    data.update(overrides)
    return data


def form_data_for(release, **overrides):
    """The change form's POST for ``release`` as stored now (its current version)."""
    release.refresh_from_db()
    local = release.local_published_at
    data = form_data(
        expected_version=str(release.version),
        primary_language=release.primary_language,
        title_en=release.title_en,
        slug_en=release.slug_en,
        published_at_0=f"{local:%Y-%m-%d}",
        published_at_1=f"{local:%H:%M:%S}",
        body_en=release.body_en,
        byline=release.byline,
        tags=", ".join(release.tags.names()),
    )
    data.update(overrides)
    return data


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


class TestPressOfficer:
    def test_adds_a_draft_with_tags(self, officer_client, press_officer):
        gafarova = OfficialFactory(full_name="Sahiba Gafarova")

        response = officer_client.post(ADD_URL, form_data(officials=[gafarova.pk]))

        assert response.status_code == 302, response.context["adminform"].form.errors
        assert response["Location"] == CHANGELIST_URL
        release = Release.objects.get()
        assert release.title == "Chair of the Milli Majlis Meets TurkPA Secretary General"
        assert release.status == Release.Status.DRAFT
        assert release.published_at == baku(2022, 3, 28, 18, 10)
        assert sorted(release.tags.names()) == ["OSCE PA", "TurkPA"]
        assert list(release.officials.all()) == [gafarova]
        assert release.created_by == press_officer
        assert release.updated_by == press_officer
        assert release.paragraphs == ["First paragraph.", "Second paragraph."]

    def test_tags_differing_only_in_case_stay_one_tag(self, officer_client):
        ReleaseFactory(draft=True, tags=["TurkPA"])

        response = officer_client.post(ADD_URL, form_data(tags="turkpa, OSCE PA"))

        assert response.status_code == 302
        release = Release.objects.get(slug="chair-meets-turkpa-secretary-general")
        assert sorted(release.tags.names()) == ["OSCE PA", "TurkPA"]
        assert sorted(Tag.objects.values_list("name", flat=True)) == ["OSCE PA", "TurkPA"]

    def test_status_field_is_read_only(self, officer_client):
        response = officer_client.get(ADD_URL)

        form = response.context["adminform"].form
        assert "status" not in form.fields
        assert {"title_az", "title_en", "title_ru", "primary_language"} <= set(form.fields)
        assertNotContains(response, 'name="status"')

    def test_posting_published_on_add_still_makes_a_draft(self, officer_client):
        response = officer_client.post(ADD_URL, form_data(status="published"))

        assert response.status_code == 302
        release = Release.objects.get()
        assert release.status == Release.Status.DRAFT
        assert list(Release.objects.published()) == []

    def test_posting_published_on_change_keeps_the_draft(self, officer_client, press_officer):
        release = ReleaseFactory(draft=True, title="Old title", published_at=baku(2022, 3, 1, 9))

        response = officer_client.post(
            change_url(release), form_data_for(release, title_en="New title", status="published")
        )

        assert response.status_code == 302
        release.refresh_from_db()
        assert release.title == "New title"  # the edit itself went through
        assert release.status == Release.Status.DRAFT
        assert release.updated_by == press_officer
        assert list(Release.objects.published()) == []

    def test_cannot_edit_a_published_release(self, officer_client):
        release = ReleaseFactory(
            title="As published", body="Published text.", published_at=baku(2022, 3, 1, 9)
        )

        response = officer_client.get(change_url(release))

        # Shown read-only: no model field is editable, no save or workflow buttons. The
        # form of a published release still carries its three non-model fields (the
        # version, the change note and the workflow comment), all shown read-only.
        assert response.status_code == 200
        assert response.context["has_change_permission"] is False
        form = response.context["adminform"].form
        assert sorted(form.fields) == ["change_note", "expected_version", "workflow_comment"]
        assertNotContains(response, 'name="_save"')
        assertNotContains(response, 'name="_workflow"')
        assertNotContains(response, 'name="title_en"')
        assertNotContains(response, 'name="change_note"')
        assertNotContains(response, 'name="workflow_comment"')

        response = officer_client.post(
            change_url(release),
            form_data_for(release, title_en="Changed by a press officer", status="draft"),
        )

        assert response.status_code == 403
        release.refresh_from_db()
        assert release.title == "As published"
        assert release.status == Release.Status.PUBLISHED

    def test_cannot_delete_a_published_release(self, officer_client):
        release = ReleaseFactory(published_at=baku(2022, 3, 1, 9))

        response = officer_client.post(
            f"/admin/releases/release/{release.pk}/delete/", {"post": "yes"}
        )

        assert response.status_code == 403
        assert list(Release.objects.all()) == [release]

    def test_publish_action_is_not_offered(self, officer_client):
        ReleaseFactory(draft=True)

        response = officer_client.get(CHANGELIST_URL)

        # Press officers may not delete either, so no action at all is left.
        assert response.context["action_form"] is None
        assertNotContains(response, "publish_selected")

    def test_cannot_run_the_publish_action(self, officer_client):
        first = ReleaseFactory(draft=True, published_at=baku(2022, 3, 1, 9))
        second = ReleaseFactory(draft=True, published_at=baku(2022, 3, 2, 9))

        response = officer_client.post(
            CHANGELIST_URL,
            {"action": "publish_selected", "_selected_action": [first.pk, second.pk]},
        )

        # Without an action to run, the admin just shows the list again.
        assert response.status_code == 200
        assert response.context["cl"].result_count == 2
        first.refresh_from_db()
        second.refresh_from_db()
        assert [first.status, second.status] == [Release.Status.DRAFT, Release.Status.DRAFT]
        assert [first.updated_by, second.updated_by] == [None, None]
        assert list(Release.objects.published()) == []

    def test_cannot_run_the_unpublish_action(self, officer_client):
        release = ReleaseFactory(published_at=baku(2022, 3, 1, 9))

        officer_client.post(
            CHANGELIST_URL, {"action": "unpublish_selected", "_selected_action": [release.pk]}
        )

        release.refresh_from_db()
        assert release.status == Release.Status.PUBLISHED


class TestEditor:
    def test_publishes_through_the_change_form(self, editor_client, editor, now):
        release = ReleaseFactory(draft=True, title="Ready", published_at=baku(2022, 3, 1, 9))

        response = editor_client.post(
            change_url(release), form_data_for(release, _workflow="publish")
        )

        assert response.status_code == 302
        release.refresh_from_db()
        assert release.status == Release.Status.PUBLISHED
        # A first publication with a past time goes out at the moment it is published.
        assert release.published_at == now
        assert release.updated_by == editor
        assert list(Release.objects.published()) == [release]
        assert "“Ready”: publish done." in messages_of(response)

    def test_posting_a_status_does_not_publish(self, editor_client):
        release = ReleaseFactory(draft=True, title="Ready", published_at=baku(2022, 3, 1, 9))

        response = editor_client.post(
            change_url(release), form_data_for(release, status="published")
        )

        # The edit is saved; the status field of the POST is ignored.
        assert response.status_code == 302
        release.refresh_from_db()
        assert release.status == Release.Status.DRAFT
        assert list(Release.objects.published()) == []

    def test_edits_a_published_release(self, editor_client):
        release = ReleaseFactory(title="Typo", published_at=baku(2022, 3, 1, 9))

        response = editor_client.post(
            change_url(release), form_data_for(release, title_en="Fixed", status="published")
        )

        assert response.status_code == 302
        release.refresh_from_db()
        assert release.title == "Fixed"
        assert release.status == Release.Status.PUBLISHED

    def test_publishes_with_the_action(self, editor_client, editor, now):
        first = ReleaseFactory(draft=True, published_at=baku(2022, 3, 1, 9))
        second = ReleaseFactory(draft=True, published_at=baku(2022, 3, 2, 9))
        untouched = ReleaseFactory(draft=True, published_at=baku(2022, 3, 3, 9))

        response = editor_client.post(
            CHANGELIST_URL,
            {"action": "publish_selected", "_selected_action": [first.pk, second.pk]},
        )

        assert response.status_code == 302
        # Both go out at the moment of publishing; the later pk comes first.
        assert list(Release.objects.published()) == [second, first]
        untouched.refresh_from_db()
        assert untouched.status == Release.Status.DRAFT
        first.refresh_from_db()
        second.refresh_from_db()
        assert [first.published_at, second.published_at] == [now, now]
        assert first.updated_by == editor
        assert messages_of(response) == ["Published 2 release(s)."]

    def test_cancels_scheduling_with_the_action(self, editor_client, editor, now):
        release = ReleaseFactory(published_at=baku(2022, 3, 29, 9))
        assert release.is_scheduled

        response = editor_client.post(
            CHANGELIST_URL, {"action": "unpublish_selected", "_selected_action": [release.pk]}
        )

        assert response.status_code == 302
        release.refresh_from_db()
        assert release.status == Release.Status.DRAFT
        assert release.published_at == baku(2022, 3, 29, 9)
        assert release.updated_by == editor
        assert messages_of(response) == ["Returned to draft: 1 release(s)."]

    def test_the_action_does_not_unpublish_a_live_release(self, editor_client, now):
        live = ReleaseFactory(title="On air", published_at=baku(2022, 3, 1, 9))
        scheduled = ReleaseFactory(published_at=baku(2022, 3, 29, 9))

        response = editor_client.post(
            CHANGELIST_URL,
            {"action": "unpublish_selected", "_selected_action": [live.pk, scheduled.pk]},
        )

        # All or none: the live one is refused, so the scheduled one stays scheduled too.
        assert response.status_code == 302
        assert messages_of(response) == [
            "Nothing was changed. “On air”: This release is already public: withdraw it instead."
        ]
        live.refresh_from_db()
        scheduled.refresh_from_db()
        assert [live.status, scheduled.status] == [Release.Status.PUBLISHED] * 2
        assert [live.updated_by, scheduled.updated_by] == [None, None]
        assert list(Release.objects.published()) == [live]

    def test_action_publishes_all_or_none(self, editor_client):
        good = ReleaseFactory(draft=True, published_at=baku(2022, 3, 1, 9))
        bad = ReleaseFactory(draft=True, published_at=baku(2022, 3, 2, 9))
        Release.objects.filter(pk=bad.pk).update(body="")  # fails full_clean()

        response = editor_client.post(
            CHANGELIST_URL, {"action": "publish_selected", "_selected_action": [good.pk, bad.pk]}
        )

        assert response.status_code == 302
        assert list(Release.objects.published()) == []
        assert len(messages_of(response)) == 1
        assert messages_of(response)[0].startswith("Nothing was changed.")

    def test_changelist_lists_thirty_releases_and_marks_the_scheduled(self, editor_client):
        now = datetime.datetime.now(tz=datetime.UTC)
        for day in range(1, 29):
            ReleaseFactory(title=f"Published number {day}", published_at=baku(2022, 2, day, 10, 0))
        ReleaseFactory(draft=True, title="A draft", published_at=baku(2022, 3, 1, 10, 0))
        scheduled = ReleaseFactory(
            title="Scheduled one", published_at=now + datetime.timedelta(days=2)
        )
        when = timezone.localtime(scheduled.published_at).strftime("%d %b %Y %H:%M")

        response = editor_client.get(CHANGELIST_URL)

        assert response.status_code == 200
        changelist = response.context["cl"]
        assert changelist.result_count == 30
        assert [r.title for r in changelist.result_list][:2] == ["Scheduled one", "A draft"]
        assert len(changelist.result_list) == 30
        content = response.content.decode()
        assert content.count("<strong>Scheduled</strong>") == 1
        assertContains(response, '<td class="field-status_label">Draft</td>', html=True)
        assertContains(
            response, '<td class="field-status_label">Published</td>', count=28, html=True
        )
        assertContains(
            response,
            f'<td class="field-status_label"><strong>Scheduled</strong> for {when}</td>',
            html=True,
        )


class TestViewOnSite:
    @pytest.mark.parametrize("kind", ["draft", "scheduled"])
    def test_unpublished_release_links_to_its_preview(self, editor_client, kind):
        if kind == "draft":
            release = ReleaseFactory(draft=True, published_at=baku(2022, 3, 1, 9))
        else:
            release = ReleaseFactory(scheduled=True)

        response = editor_client.get(change_url(release))

        preview = f"/releases/{release.pk}/preview/"
        assert response.context["absolute_url"] == preview
        assertContains(response, f'href="{preview}" class="viewsitelink"')

    def test_published_release_links_to_its_public_page(self, editor_client):
        release = ReleaseFactory(slug="on-air", published_at=baku(2022, 3, 28, 18, 10))

        response = editor_client.get(change_url(release))

        assert response.context["absolute_url"] == "/en/releases/2022/03/28/on-air/"
        assertContains(response, 'href="/en/releases/2022/03/28/on-air/" class="viewsitelink"')


class TestPreview:
    def test_staff_see_a_draft_not_for_indexing(self, officer_client):
        release = ReleaseFactory(
            draft=True, title="Draft headline", body="Draft text.", published_at=baku(2022, 3, 1)
        )

        response = officer_client.get(release.get_preview_url())

        assert response.status_code == 200
        assert response.context["release"] == release
        assert response.context["is_preview"] is True
        assertContains(response, '<h1 class="release__title">Draft headline</h1>', html=True)
        assertContains(response, "<p>Draft text.</p>", html=True)
        assertContains(response, "Preview — not published.")
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert "no-cache" in response["Cache-Control"]
        assertContains(response, '<meta name="robots" content="noindex, nofollow">', html=True)

    def test_staff_see_a_scheduled_release(self, editor_client):
        release = ReleaseFactory(scheduled=True, title="Embargoed headline")

        response = editor_client.get(release.get_preview_url())

        assertContains(response, '<h1 class="release__title">Embargoed headline</h1>', html=True)
        assertContains(response, "Scheduled for ")

    def test_anonymous_users_are_sent_to_sign_in(self, client):
        release = ReleaseFactory(draft=True, title="Draft headline", body="Draft text.")

        response = client.get(release.get_preview_url())

        assert response.status_code == 302
        assert response["Location"] == f"/admin/login/?next=/releases/{release.pk}/preview/"
        assert "Draft headline" not in response.content.decode()
        assert "X-Robots-Tag" not in response

        followed = client.get(release.get_preview_url(), follow=True)
        assert "Draft headline" not in followed.content.decode()
        assert "Draft text." not in followed.content.decode()

    def test_signed_in_user_without_permission_is_refused(self, client):
        client.force_login(UserFactory(username="reader", is_staff=False))
        release = ReleaseFactory(draft=True, title="Draft headline")

        response = client.get(release.get_preview_url())

        assert response.status_code == 403
        assert "Draft headline" not in response.content.decode()

    def test_unknown_release(self, editor_client):
        response = editor_client.get("/releases/999999/preview/")

        assert response.status_code == 404
        assert "404.html" in [t.name for t in response.templates]


class TestAutocomplete:
    URL = "/admin/autocomplete/"
    PARAMS = {
        "app_label": "releases",
        "model_name": "release",
        "field_name": "officials",
        "term": "Gaf",
    }

    @pytest.mark.parametrize("who", ["editor_client", "officer_client"])
    def test_finds_officials_by_name(self, request, who):
        client = request.getfixturevalue(who)
        gafarova = OfficialFactory(full_name="Sahiba Gafarova")
        OfficialFactory(full_name="Maulen Ashimbayev")

        response = client.get(self.URL, self.PARAMS)

        assert response.status_code == 200
        assert json.loads(response.content) == {
            "results": [{"id": str(gafarova.pk), "text": "Sahiba Gafarova"}],
            "pagination": {"more": False},
        }

    def test_refused_to_anonymous_users(self, client):
        OfficialFactory(full_name="Sahiba Gafarova")

        response = client.get(self.URL, self.PARAMS)

        assert response.status_code == 302
        assert "Gafarova" not in response.content.decode()


class TestMalformedLinks:
    """A hand-made or garbled value in a linking field is a form error, never a crash."""

    def stored(self, release):
        release.refresh_from_db()
        return {
            "row": {f.attname: getattr(release, f.attname) for f in Release._meta.concrete_fields},
            "links": {
                name: list(getattr(release, name).values_list("pk", flat=True))
                for name in ("officials", "countries", "mentioned_officials", "mentioned_countries")
            },
        }

    @pytest.mark.parametrize(
        "field, value, error",
        [
            ("countries", "AZ", "Select a valid choice. AZ is not one of the available choices."),
            ("officials", "abc", "Select a valid choice. abc is not one of the available choices."),
            (
                "mentioned_countries",
                "AZ",
                "Select a valid choice. AZ is not one of the available choices.",
            ),
            (
                "mentioned_officials",
                "1x",
                "Select a valid choice. 1x is not one of the available choices.",
            ),
            (
                "officials",
                "99999999999999999999",
                "Select a valid choice. 99999999999999999999 is not one of the available choices.",
            ),
            (
                "meeting",
                "99999999999999999999",
                "Select a valid choice. That choice is not one of the available choices.",
            ),
            (
                "meeting",
                "x",
                "Select a valid choice. That choice is not one of the available choices.",
            ),
        ],
    )
    def test_release_form(self, editor_client, field, value, error):
        gafarova = OfficialFactory(full_name="Sahiba Gafarova")
        release = ReleaseFactory(draft=True, body="The saved text.", officials=[gafarova])
        before = self.stored(release)

        response = editor_client.post(
            change_url(release),
            form_data_for(
                release, **{"body_en": "A new text.", "officials": [gafarova.pk], field: value}
            ),
        )

        assert response.status_code == 200
        assert response.context["adminform"].form.errors == {field: [error]}
        assertContains(response, "A new text.")
        assert self.stored(release) == before

    def test_several_at_once_and_the_good_ones_stay_chosen(self, editor_client):
        gafarova = OfficialFactory(full_name="Sahiba Gafarova")
        release = ReleaseFactory(draft=True)
        before = self.stored(release)

        response = editor_client.post(
            change_url(release),
            form_data_for(release, officials=[gafarova.pk, "abc"], countries="AZ", meeting="x"),
        )

        assert response.status_code == 200
        assert response.context["adminform"].form.errors == {
            "officials": ["Select a valid choice. abc is not one of the available choices."],
            "countries": ["Select a valid choice. AZ is not one of the available choices."],
            "meeting": ["Select a valid choice. That choice is not one of the available choices."],
        }
        assertContains(
            response, f'<option value="{gafarova.pk}" selected>Sahiba Gafarova</option>', html=True
        )
        assert self.stored(release) == before

    def test_meeting_and_official_forms(self, admin_client):
        official = OfficialFactory(full_name="Sahiba Gafarova")
        meeting = MeetingFactory(participants=[official], description="Talks in Baku")

        meeting_response = admin_client.post(
            f"/admin/releases/meeting/{meeting.pk}/change/",
            {
                "date": "2022-03-28",
                "kind": meeting.kind,
                "host_country": "AZ",
                "participants": ["abc"],
                "description": "Changed",
            },
        )
        official_response = admin_client.post(
            f"/admin/people/official/{official.pk}/change/",
            {
                "full_name_en": "Changed",
                "slug": official.slug,
                "country": "AZ",
                "biography": "",
                "positions-TOTAL_FORMS": "0",
                "positions-INITIAL_FORMS": "0",
            },
        )

        assert meeting_response.status_code == 200
        assert meeting_response.context["adminform"].form.errors == {
            "host_country": [
                "Select a valid choice. That choice is not one of the available choices."
            ],
            "participants": ["Select a valid choice. abc is not one of the available choices."],
        }
        assert official_response.status_code == 200
        assert official_response.context["adminform"].form.errors == {
            "country": ["Select a valid choice. That choice is not one of the available choices."]
        }
        meeting.refresh_from_db()
        official.refresh_from_db()
        assert (meeting.description, list(meeting.participants.all())) == (
            "Talks in Baku",
            [official],
        )
        assert official.full_name == "Sahiba Gafarova"
