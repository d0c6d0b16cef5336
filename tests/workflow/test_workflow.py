"""The editorial workflow: every step, who may take it, and from which state.

A refused step (by the service or by a direct POST to the admin) must change nothing:
each refusal compares the stored row, its tags and the audit trail before and after.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from releases.models import ChangeNote, Release, WorkflowEvent
from tests.factories import ReleaseFactory, UserFactory, baku
from tests.workflow.admin_helpers import (
    ADD_URL,
    CHANGELIST_URL,
    change_url,
    form_data_for,
    form_errors,
    messages_of,
    snapshot,
)
from workflow import editing, transitions

pytestmark = pytest.mark.django_db

Status = Release.Status
Action = WorkflowEvent.Action
STATES = ["draft", "submitted", "scheduled", "live", "withdrawn"]
STEPS = ["submit", "send_back", "publish", "unpublish", "withdraw", "restore"]

# (step, state) -> status afterwards; every other pair is refused.
ALLOWED = {
    ("submit", "draft"): Status.SUBMITTED,
    ("send_back", "submitted"): Status.DRAFT,
    ("publish", "draft"): Status.PUBLISHED,
    ("publish", "submitted"): Status.PUBLISHED,
    ("unpublish", "scheduled"): Status.DRAFT,
    ("withdraw", "live"): Status.WITHDRAWN,
    ("restore", "withdrawn"): Status.PUBLISHED,
}
ACTIONS = {
    "submit": Action.SUBMITTED,
    "send_back": Action.SENT_BACK,
    "publish": Action.PUBLISHED,
    "unpublish": Action.UNPUBLISHED,
    "withdraw": Action.WITHDRAWN,
    "restore": Action.RESTORED,
}


def make(state, **kwargs):
    """A release in ``state`` on 28 March 2022 (the clock says 20:00 Baku time)."""
    fields = {"title": f"A {state} release", "slug": f"a-{state}-release"}
    if state == "draft":
        fields.update(status=Status.DRAFT, published_at=baku(2022, 3, 28, 15, 0))
    elif state == "submitted":
        fields.update(status=Status.SUBMITTED, published_at=baku(2022, 3, 28, 15, 0))
    elif state == "scheduled":
        fields.update(status=Status.PUBLISHED, published_at=baku(2022, 3, 28, 21, 0))
    elif state == "live":
        fields.update(status=Status.PUBLISHED, published_at=baku(2022, 3, 28, 18, 10))
    elif state == "withdrawn":
        fields.update(
            status=Status.WITHDRAWN,
            published_at=baku(2022, 3, 28, 18, 10),
            withdrawn_at=baku(2022, 3, 28, 19, 0),
            withdrawal_reason="Issued in error.",
        )
    fields.update(kwargs)
    return ReleaseFactory(**fields)


@pytest.fixture
def anonymous():
    """A reader's client, apart from the staff member's (``client``) in the same test."""
    return Client()


class TestTransitionsInTheService:
    @pytest.mark.parametrize("state", STATES)
    @pytest.mark.parametrize("step", STEPS)
    def test_editor(self, editor, clock, step, state):
        release = make(state)
        before = snapshot(release)

        if (step, state) not in ALLOWED:
            with pytest.raises(ValidationError) as error:
                transitions.release_transition(
                    release=release, user=editor, name=step, comment="A reason."
                )
            assert error.value.messages[0].startswith(
                ("A release that is", "This release is already public", "This release is not")
            )
            assert snapshot(release) == before
            return

        transitions.release_transition(release=release, user=editor, name=step, comment="A reason.")

        release.refresh_from_db()
        assert release.status == ALLOWED[step, state]
        assert release.updated_by == editor
        assert release.version == before["row"]["version"] + 1
        event = WorkflowEvent.objects.get()
        assert (event.release, event.user, event.action) == (release, editor, ACTIONS[step])
        assert event.comment == "A reason."

    @pytest.mark.parametrize("state", STATES)
    @pytest.mark.parametrize("step", STEPS)
    def test_press_officer(self, press_officer, clock, step, state):
        release = make(state)
        before = snapshot(release)

        if (step, state) == ("submit", "draft"):
            transitions.release_transition(release=release, user=press_officer, name=step)
            release.refresh_from_db()
            assert release.status == Status.SUBMITTED
            assert WorkflowEvent.objects.get().action == Action.SUBMITTED
            return

        expected = ValidationError if step == "submit" else PermissionDenied
        with pytest.raises(expected):
            transitions.release_transition(
                release=release, user=press_officer, name=step, comment="A reason."
            )
        assert snapshot(release) == before

    def test_publish_with_a_past_time_goes_out_now(self, editor, clock):
        release = make("submitted")

        transitions.release_publish(release=release, user=editor)

        release.refresh_from_db()
        assert release.published_at == clock.current
        assert list(Release.objects.published()) == [release]

    def test_publication_now_is_kept_to_the_second(self, editor_client, editor):
        # The real clock, which has microseconds; the edit form shows whole seconds.
        release = make("submitted", published_at=baku(2022, 3, 28, 15, 0))

        transitions.release_publish(release=release, user=editor)
        release.refresh_from_db()
        published_at = release.published_at
        response = editor_client.post(change_url(release), form_data_for(release, lead_en="New."))

        assert response.status_code == 302
        release.refresh_from_db()
        assert published_at.microsecond == 0
        assert release.published_at == published_at

    def test_withdraw_records_the_reason_and_restore_clears_it(self, editor, clock):
        release = make("live")

        transitions.release_withdraw(release=release, user=editor, reason="  Issued in error. ")

        release.refresh_from_db()
        assert release.status == Status.WITHDRAWN
        assert release.withdrawn_at == clock.current
        assert release.withdrawal_reason == "Issued in error."
        assert list(Release.objects.published()) == []

        transitions.release_restore(release=release, user=editor)

        release.refresh_from_db()
        assert release.status == Status.PUBLISHED
        assert (release.withdrawn_at, release.withdrawal_reason) == (None, "")
        assert release.published_at == baku(2022, 3, 28, 18, 10)
        assert list(Release.objects.published()) == [release]
        assert list(WorkflowEvent.objects.order_by("pk").values_list("action", "comment")) == [
            (Action.WITHDRAWN, "Issued in error."),
            (Action.RESTORED, ""),
        ]

    @pytest.mark.parametrize(
        ("step", "state", "message"),
        [
            ("withdraw", "live", "Please give the public reason for withdrawal."),
            ("send_back", "submitted", "Please give what needs changing."),
        ],
    )
    @pytest.mark.parametrize("comment", ["", "   \n "])
    def test_comment_is_required(self, editor, clock, step, state, message, comment):
        release = make(state)
        before = snapshot(release)

        with pytest.raises(ValidationError) as error:
            transitions.release_transition(release=release, user=editor, name=step, comment=comment)

        assert error.value.messages == [message]
        assert snapshot(release) == before

    def test_unknown_step(self, editor, clock):
        release = make("draft")
        before = snapshot(release)

        with pytest.raises(ValidationError) as error:
            transitions.release_transition(release=release, user=editor, name="delete")

        assert error.value.messages == ["Unknown workflow step “delete”."]
        assert snapshot(release) == before

    def test_the_step_sees_the_stored_state_not_a_stale_object(self, editor, clock):
        release = make("draft")
        stale = Release.objects.get(pk=release.pk)
        transitions.release_publish(release=release, user=editor)
        before = snapshot(release)

        # ``stale`` still says draft; the database says published.
        with pytest.raises(ValidationError):
            transitions.release_publish(release=stale, user=editor)

        assert snapshot(release) == before


class TestTransitionsInTheAdmin:
    def post_step(self, client, release, step, **fields):
        return client.post(change_url(release), form_data_for(release, _workflow=step, **fields))

    @pytest.mark.parametrize(
        ("who", "state", "names", "primary", "others"),
        [
            ("officer_client", "draft", ["submit"], "Submit for review", []),
            ("officer_client", "submitted", [], "", []),
            ("editor_client", "draft", ["submit", "publish"], "Publish now", ["submit"]),
            ("editor_client", "submitted", ["send_back", "publish"], "Publish now", ["send_back"]),
            ("editor_client", "scheduled", ["unpublish"], "", ["unpublish"]),
            ("editor_client", "live", ["withdraw"], "", ["withdraw"]),
            ("editor_client", "withdrawn", ["restore"], "", ["restore"]),
        ],
    )
    def test_buttons_offered(self, request, clock, who, state, names, primary, others):
        """The next step is the primary button and says what it does; the others follow,
        each named by its step; Save is the form's default only without a step."""
        client = request.getfixturevalue(who)
        release = make(state)

        response = client.get(change_url(release))

        assert [t.name for t in response.context["transitions"]] == names
        content = response.content.decode()
        assert content.count('name="_workflow"') == len(names)
        save_class = "" if primary else "default"
        assertContains(
            response,
            f'<input type="submit" value="Save" class="{save_class}" name="_save">',
            html=True,
        )
        if primary:
            step = response.context["primary_step"].name
            assertContains(
                response,
                f'<button type="submit" class="default workflow-primary" name="_workflow" '
                f'value="{step}">{primary}</button>',
                html=True,
            )
        else:
            assert response.context["primary_step"] is None
        for name in others:
            label = transitions.TRANSITIONS[name].label
            assertContains(
                response,
                f'<button type="submit" class="button workflow-step" name="_workflow" '
                f'value="{name}">{label}</button>',
                html=True,
            )
        assertNotContains(response, "Save and add another")

    def test_primary_button_says_when_a_future_time_schedules(self, editor_client, clock):
        release = make("submitted", published_at=baku(2022, 3, 29, 9, 30))

        response = editor_client.get(change_url(release))

        assertContains(
            response,
            '<button type="submit" class="default workflow-primary" name="_workflow" '
            'value="publish">Schedule for 29.03.2022 09:30</button>',
            html=True,
        )

    def test_press_officer_adds_and_submits_in_one_go(self, officer_client, press_officer):
        data = form_data_for(make("draft"), title_en="Fresh", slug_en="fresh", _workflow="submit")
        data.pop("expected_version")

        response = officer_client.post(ADD_URL, data)

        assert response.status_code == 302
        release = Release.objects.get(slug="fresh")
        assert release.status == Status.SUBMITTED
        assert list(release.events.order_by("pk").values_list("action", "user")) == [
            (Action.CREATED, press_officer.pk),
            (Action.SUBMITTED, press_officer.pk),
        ]

    def test_cannot_publish_while_adding(self, editor_client):
        data = form_data_for(make("draft"), title_en="Fresh", slug_en="fresh", _workflow="publish")
        data.pop("expected_version")
        events = WorkflowEvent.objects.count()

        response = editor_client.post(ADD_URL, data)

        assert response.status_code == 200
        assert form_errors(response) == ["Save the draft first; then it can be published."]
        assert not Release.objects.filter(slug="fresh").exists()
        assert WorkflowEvent.objects.count() == events

    @pytest.mark.parametrize("state", ["draft", "submitted"])
    def test_press_officer_posting_publish_is_refused(self, officer_client, clock, state):
        release = make(state)
        before = snapshot(release)

        response = self.post_step(officer_client, release, "publish", title="Sneaked out")

        assert response.status_code == 200
        assert form_errors(response) == ["Only editors can do this."]
        assertContains(response, "Only editors can do this.")
        assert snapshot(release) == before
        assert list(Release.objects.published()) == []

    @pytest.mark.parametrize("step", ["withdraw", "unpublish", "restore"])
    def test_press_officer_cannot_touch_live_content(self, officer_client, clock, step):
        release = make("live" if step != "restore" else "withdrawn")
        before = snapshot(release)

        response = self.post_step(officer_client, release, step, workflow_comment="Because.")

        assert response.status_code == 403
        assert snapshot(release) == before

    def test_editor_cannot_publish_a_withdrawn_release(self, editor_client, clock):
        release = make("withdrawn")
        before = snapshot(release)

        response = self.post_step(editor_client, release, "publish")

        assert response.status_code == 200
        assert form_errors(response) == ["A release that is “withdrawn” cannot be: publish"]
        assert snapshot(release) == before
        assert list(Release.objects.published()) == []

    @pytest.mark.parametrize(
        ("step", "state", "message"),
        [
            ("withdraw", "live", "Please give the public reason for withdrawal."),
            ("send_back", "submitted", "Please give what needs changing."),
        ],
    )
    def test_step_without_its_comment_is_refused(self, editor_client, clock, step, state, message):
        release = make(state)
        before = snapshot(release)

        response = self.post_step(editor_client, release, step, workflow_comment="  ")

        assert response.status_code == 200
        assert form_errors(response) == [message]
        assertContains(response, message)
        assert snapshot(release) == before

    def test_unknown_step_is_refused(self, editor_client, clock):
        release = make("draft")
        before = snapshot(release)

        response = self.post_step(editor_client, release, "<script>x</script>")

        assert response.status_code == 200
        assert form_errors(response) == ["Unknown workflow step “<script>x</script>”."]
        assertNotContains(response, "<script>x</script>")
        assert snapshot(release) == before

    def test_editor_schedules_and_the_release_appears_when_its_time_comes(
        self, editor_client, anonymous, clock
    ):
        client = anonymous
        release = make("submitted", body="Embargoed text.")

        response = self.post_step(
            editor_client, release, "publish", published_at_0="2022-03-28", published_at_1="21:00"
        )

        assert response.status_code == 302
        release.refresh_from_db()
        assert release.status == Status.PUBLISHED
        assert release.published_at == baku(2022, 3, 28, 21, 0)
        assert release.is_scheduled
        assert release.events.filter(action=Action.SCHEDULED).count() == 1
        assert list(Release.objects.published()) == []
        assert client.get(release.get_absolute_url()).status_code == 404
        assertNotContains(client.get("/en/"), "Embargoed text.")
        assertNotContains(client.get("/en/"), release.title)

        clock.move(minutes=59, seconds=59)
        assert client.get(release.get_absolute_url()).status_code == 404

        clock.move(seconds=1)
        assert list(Release.objects.published()) == [release]
        page = client.get(release.get_absolute_url())
        assert page.status_code == 200
        assertContains(page, "<p>Embargoed text.</p>", html=True)
        assertContains(client.get("/en/"), release.title)

    def test_editor_sends_back_and_the_officer_reads_why(
        self, editor_client, client, press_officer, clock
    ):
        release = make("submitted")

        response = self.post_step(
            editor_client, release, "send_back", workflow_comment="Name the delegation."
        )

        assert response.status_code == 302
        release.refresh_from_db()
        assert release.status == Status.DRAFT
        client.force_login(press_officer)
        page = client.get(change_url(release))
        assertContains(page, "<strong>Sent back by editor</strong>")
        assertContains(page, ": Name the delegation.")

    def test_editor_withdraws_and_restores(self, editor_client, anonymous, clock):
        client = anonymous
        release = make("live", body="Withdrawn text.")

        response = self.post_step(
            editor_client, release, "withdraw", workflow_comment="Published in error."
        )

        assert response.status_code == 302
        assert messages_of(response) == [
            f"“{release.title}”: withdraw done.",
            f'The release “<a href="{change_url(release)}">{release.title}</a>” was changed '
            "successfully.",
        ]
        release.refresh_from_db()
        assert release.status == Status.WITHDRAWN
        assert release.withdrawal_reason == "Published in error."
        assert client.get(release.get_absolute_url()).status_code == 410
        assert list(client.get("/en/").context["latest"]) == []

        response = self.post_step(editor_client, release, "restore")

        assert response.status_code == 302
        release.refresh_from_db()
        assert release.status == Status.PUBLISHED
        assert release.withdrawal_reason == ""
        assertContains(client.get(release.get_absolute_url()), "<p>Withdrawn text.</p>", html=True)
        assert list(client.get("/en/").context["latest"]) == [release]


class TestWithdrawnPage:
    def test_answers_410_with_a_notice_and_no_text(self, client, editor, clock):
        release = make("live", body="The withdrawn body text.", lead="The withdrawn lead.")
        clock.move(days=5)
        transitions.release_withdraw(release=release, user=editor, reason="Published in error.")

        response = client.get("/en/releases/2022/03/28/a-live-release/")

        assert response.status_code == 410
        assertTemplateUsed(response, "releases/release_withdrawn.html")
        assert response.context["release"] == release
        assertContains(
            response, '<h1 class="release__title">A live release</h1>', html=True, status_code=410
        )
        assertContains(response, "28 March 2022 | 18:10", status_code=410)
        assertContains(response, "This release was withdrawn on", status_code=410)
        assertContains(response, ">02 April 2022</time>", status_code=410)
        assertContains(
            response,
            "<p><strong>Reason:</strong> Published in error.</p>",
            html=True,
            status_code=410,
        )
        assertNotContains(response, "The withdrawn body text.", status_code=410)
        assertNotContains(response, "The withdrawn lead.", status_code=410)

    def test_a_draft_at_the_same_address_is_simply_not_found(self, client, clock):
        make("draft", slug="a-live-release", published_at=baku(2022, 3, 28, 18, 10))

        response = client.get("/en/releases/2022/03/28/a-live-release/")

        assert response.status_code == 404


class TestChangeNotes:
    def test_editor_adds_a_note_that_the_page_shows(self, editor_client, anonymous, editor):
        client = anonymous
        release = ReleaseFactory(title="Delegation visit", slug="delegation-visit")

        response = editor_client.post(
            change_url(release),
            form_data_for(
                release,
                title_en="Delegation visit to Astana",
                change_note="Corrected the name of the delegation",
            ),
        )

        assert response.status_code == 302
        note = ChangeNote.objects.get()
        assert (note.release, note.note, note.created_by) == (
            release,
            "Corrected the name of the delegation",
            editor,
        )
        event = release.events.get()
        assert (event.action, event.comment) == (
            Action.EDITED,
            "Corrected the name of the delegation",
        )
        day = f"{note.noted_at.astimezone(release.local_published_at.tzinfo):%d %B %Y}"
        page = client.get(release.get_absolute_url())
        assertContains(page, "· Updated <time datetime=")
        assertContains(page, f'>{day}</time> (<a href="#changes">see changes</a>)')
        assertContains(page, f"{day}</time>: Corrected the name of the delegation</li>")

    def test_a_page_without_notes_says_nothing_of_updates(self, client):
        release = ReleaseFactory()

        assertNotContains(client.get(release.get_absolute_url()), "Updated")

    @pytest.mark.parametrize("state", ["draft", "submitted", "scheduled"])
    def test_refused_before_publication(self, editor_client, clock, state):
        release = make(state)
        before = snapshot(release)

        response = editor_client.post(
            change_url(release), form_data_for(release, title_en="Edited", change_note="A note")
        )

        if state == "scheduled":
            # A scheduled release is published (not yet public): a note is allowed.
            assert response.status_code == 302
            assert list(ChangeNote.objects.values_list("note", flat=True)) == ["A note"]
            return
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["change_note"] == [
            "Change notes are for corrections to published releases."
        ]
        assert snapshot(release) == before
        assert ChangeNote.objects.count() == 0

    def test_refused_by_the_service_on_a_draft(self, editor, clock):
        release = make("draft")
        before = snapshot(release)
        release.title = "Edited"

        with pytest.raises(ValidationError) as error:
            editing.release_save(
                release=release,
                user=editor,
                expected_version=before["row"]["version"],
                change_note="A note",
            )

        assert error.value.messages == ["Change notes are for corrections to published releases."]
        assert snapshot(release) == before
        assert ChangeNote.objects.count() == 0


class TestDelete:
    @pytest.mark.parametrize("who", ["editor_client", "officer_client"])
    @pytest.mark.parametrize("state", ["live", "scheduled", "withdrawn"])
    def test_below_superuser_nobody_deletes_a_published_or_withdrawn_release(
        self, request, clock, who, state
    ):
        client = request.getfixturevalue(who)
        release = make(state)

        change = client.get(change_url(release))
        assert change.context["has_delete_permission"] is False
        assertNotContains(change, 'class="deletelink"')

        response = client.post(f"/admin/releases/release/{release.pk}/delete/", {"post": "yes"})
        assert response.status_code == 403

        listing = client.get(CHANGELIST_URL)
        assertNotContains(listing, "delete_selected")
        response = client.post(
            CHANGELIST_URL,
            {"action": "delete_selected", "_selected_action": [release.pk], "post": "yes"},
        )
        assert list(Release.objects.all()) == [release]

    def test_editor_may_delete_a_draft(self, editor_client, clock):
        release = make("draft")

        assertContains(editor_client.get(change_url(release)), 'class="deletelink"')
        response = editor_client.post(
            f"/admin/releases/release/{release.pk}/delete/", {"post": "yes"}
        )

        assert response.status_code == 302
        assert list(Release.objects.all()) == []

    @pytest.mark.parametrize("state", ["live", "withdrawn"])
    def test_superuser_may_delete(self, client, clock, state):
        client.force_login(UserFactory(username="root", is_superuser=True))
        release = make(state)

        assertContains(client.get(change_url(release)), 'class="deletelink"')
        assertContains(client.get(CHANGELIST_URL), "delete_selected")
        response = client.post(f"/admin/releases/release/{release.pk}/delete/", {"post": "yes"})

        assert response.status_code == 302
        assert list(Release.objects.all()) == []


class TestPresence:
    def test_second_person_sees_who_has_the_release_open(self, editor_client, press_officer):
        release = make("draft")
        editor_client.get(change_url(release))
        officer = Client()
        officer.force_login(press_officer)

        response = officer.get(change_url(release))

        assert response.context["others_here"] == ["editor"]
        assertContains(response, "⚠ editor is editing this release too.")

    def test_no_warning_about_oneself_or_once_the_heartbeat_stopped(
        self, editor_client, client, press_officer, clock, settings
    ):
        settings.NEWSROOM_PRESENCE = {"HEARTBEAT_SECONDS": 20, "EXPIRES_SECONDS": 60}
        release = make("draft")
        editor_client.get(change_url(release))

        own = editor_client.get(change_url(release))
        assert own.context["others_here"] == []
        assertNotContains(own, "⚠")

        clock.move(seconds=61)
        client.force_login(press_officer)
        later = client.get(change_url(release))
        assert later.context["others_here"] == []
        assertNotContains(later, "⚠")


class TestAuditTrail:
    URL = "/admin/releases/workflowevent/"

    @pytest.fixture
    def history(self, editor, press_officer, clock):
        first = make("draft", title="First release", slug="first")
        second = make("draft", title="Second release", slug="second")
        transitions.release_submit(release=first, user=press_officer)
        transitions.release_publish(release=first, user=editor)
        transitions.release_withdraw(release=first, user=editor, reason="Wrong figures.")
        transitions.release_restore(release=first, user=editor)
        transitions.release_submit(release=second, user=editor)
        return first, second

    def test_per_release(self, editor_client, history):
        first, _second = history

        response = editor_client.get(self.URL, {"release__id__exact": first.pk})

        assert response.status_code == 200
        events = list(response.context["cl"].result_list)
        assert [(e.action, e.user.username) for e in events] == [
            (Action.RESTORED, "editor"),
            (Action.WITHDRAWN, "editor"),
            (Action.PUBLISHED, "editor"),
            (Action.SUBMITTED, "officer"),
        ]
        assertContains(response, "Wrong figures.")
        assertNotContains(response, "Second release")

    def test_per_user(self, editor_client, press_officer, history):
        response = editor_client.get(self.URL, {"user__id__exact": press_officer.pk})

        events = list(response.context["cl"].result_list)
        assert [(e.action, e.release_title) for e in events] == [
            (Action.SUBMITTED, "First release")
        ]

    def test_the_change_form_links_to_its_trail(self, editor_client, history):
        first, _second = history

        assertContains(
            editor_client.get(change_url(first)),
            f'href="{self.URL}?release__id__exact={first.pk}"',
        )

    def test_refused_to_press_officers(self, officer_client, history):
        first, _second = history

        assert officer_client.get(self.URL).status_code == 403
        assert officer_client.get(self.URL, {"release__id__exact": first.pk}).status_code == 403
        assertNotContains(officer_client.get(change_url(first)), "Audit trail")

    def test_events_cannot_be_added_changed_or_deleted(self, editor_client, history):
        event = WorkflowEvent.objects.filter(action=Action.WITHDRAWN).get()
        count = WorkflowEvent.objects.count()

        assert editor_client.get(self.URL + "add/").status_code == 403
        assert editor_client.post(self.URL + "add/", {"action": "published"}).status_code == 403
        view = editor_client.get(f"{self.URL}{event.pk}/change/")
        assert view.status_code == 200  # read-only
        assertNotContains(view, 'name="_save"')
        response = editor_client.post(
            f"{self.URL}{event.pk}/change/", {"action": "published", "comment": "Rewritten"}
        )
        assert response.status_code == 403
        response = editor_client.post(f"{self.URL}{event.pk}/delete/", {"post": "yes"})
        assert response.status_code == 403
        assertNotContains(editor_client.get(self.URL), "delete_selected")

        event.refresh_from_db()
        assert (event.action, event.comment) == (Action.WITHDRAWN, "Wrong figures.")
        assert WorkflowEvent.objects.count() == count
