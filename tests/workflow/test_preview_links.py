"""Preview links: signed, expiring, revocable, one release only, never indexed or cached."""

import datetime
from types import SimpleNamespace

import pytest
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains

from releases.models import PreviewLink, Release, WorkflowEvent
from tests.factories import ReleaseFactory, UserFactory, baku
from tests.workflow.admin_helpers import messages_of
from workflow import previews, rules, transitions

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def one_second_for_tokens(monkeypatch):
    """A token carries the second it was signed in: one second for the whole test keeps
    the address a page shows the same as the one the test works out for the link."""
    signed_at = signing.time.time()
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: signed_at))


def new_link_url(release):
    return f"/admin/releases/release/{release.pk}/preview-links/new/"


def revoke_url(release, link):
    return f"/admin/releases/release/{release.pk}/preview-links/{link.pk}/revoke/"


def link_url(link):
    return f"/preview/{previews.preview_token(link)}/"


@pytest.fixture
def drafts(clock):
    """The draft to preview, and another draft that must never show through its link."""
    draft = ReleaseFactory(
        draft=True,
        title="Draft for the Chair’s office",
        slug="draft-for-the-chairs-office",
        body="Text the Chair’s office should read.",
        published_at=baku(2022, 3, 28, 15, 0),
        tags=["TurkPA"],
    )
    other = ReleaseFactory(
        draft=True,
        title="Another confidential draft",
        slug="another-confidential-draft",
        body="Other confidential text.",
        published_at=baku(2022, 3, 28, 15, 0),
        tags=["TurkPA", "Confidential topic"],
    )
    return draft, other


@pytest.mark.parametrize("who", ["editor_client", "officer_client"])
def test_staff_create_a_link_that_works_without_an_account(request, drafts, who, clock):
    client = request.getfixturevalue(who)
    draft, other = drafts

    response = client.post(new_link_url(draft))

    assert response.status_code == 302
    assert response["Location"] == f"/admin/releases/release/{draft.pk}/change/"
    link = PreviewLink.objects.get()
    assert (link.release, link.created_by.username, link.revoked) == (
        draft,
        "editor" if who == "editor_client" else "officer",
        False,
    )
    assert link.expires_at == clock.current + datetime.timedelta(days=7)
    url = link_url(link)
    assert url in messages_of(response)[0]
    event = WorkflowEvent.objects.get()
    assert (event.action, event.release) == (WorkflowEvent.Action.PREVIEW_LINK, draft)

    page = Client().get(url)

    assert page.status_code == 200
    assert page.context["release"] == draft
    assertContains(page, '<h1 class="release__title">Draft for the Chair’s office</h1>', html=True)
    assertContains(page, "<p>Text the Chair’s office should read.</p>", html=True)
    assertContains(page, "<strong>Preview — not published.</strong>", html=True)
    assertNotContains(page, "Back to editing")  # no way into the admin
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    cache_control = page["Cache-Control"]
    assert {"no-cache", "no-store", "max-age=0"} <= {p.strip() for p in cache_control.split(",")}
    # Only this release: the other draft and its own topic are nowhere.
    for text in [other.title, other.slug, other.body, "Confidential topic"]:
        assertNotContains(page, text)
    # The draft itself stays off the public site.
    assert Client().get(draft.get_absolute_url()).status_code == 404
    assert list(Release.objects.published()) == []


def test_change_form_lists_the_links(editor_client, editor, drafts):
    draft, _other = drafts
    link = previews.preview_link_create(release=draft, user=editor)

    response = editor_client.get(f"/admin/releases/release/{draft.pk}/change/")

    assertContains(response, f'href="http://testserver{link_url(link)}"')
    assertContains(response, f'formaction="{revoke_url(draft, link)}"')


def test_expires_after_seven_days(editor, drafts, clock):
    draft, _other = drafts
    link = previews.preview_link_create(release=draft, user=editor)
    url = link_url(link)

    clock.move(days=6, hours=23)
    assert Client().get(url).status_code == 200

    clock.move(days=1, hours=1)  # 8 days after it was made
    response = Client().get(url)
    assert response.status_code == 404
    assertNotContains(response, draft.title, status_code=404)
    assertNotContains(response, draft.body, status_code=404)


def test_revoked_link_stops_working(editor_client, editor, drafts):
    draft, _other = drafts
    link = previews.preview_link_create(release=draft, user=editor)
    url = link_url(link)
    assert Client().get(url).status_code == 200

    response = editor_client.post(revoke_url(draft, link))

    assert response.status_code == 302
    assert messages_of(response) == ["The preview link no longer works."]
    link.refresh_from_db()
    assert link.revoked is True
    page = Client().get(url)
    assert page.status_code == 404
    assertNotContains(page, draft.title, status_code=404)


def test_revoking_through_another_release_changes_nothing(editor_client, editor, drafts):
    draft, other = drafts
    link = previews.preview_link_create(release=draft, user=editor)

    editor_client.post(revoke_url(other, link))

    link.refresh_from_db()
    assert link.revoked is False


def test_anonymous_users_cannot_create_or_revoke(editor, drafts):
    draft, _other = drafts
    link = previews.preview_link_create(release=draft, user=editor)

    created = Client().post(new_link_url(draft))
    revoked = Client().post(revoke_url(draft, link))

    assert created.status_code == revoked.status_code == 302
    assert created["Location"].startswith("/admin/login/")
    assert list(PreviewLink.objects.all()) == [link]
    link.refresh_from_db()
    assert link.revoked is False


def test_a_link_shows_its_release_only_even_with_a_guessed_id(editor, drafts):
    draft, other = drafts
    link = previews.preview_link_create(release=draft, user=editor)
    token = previews.preview_token(link)
    # Swap the signed id for the other draft's link id, keeping the signature.
    other_link = previews.preview_link_create(release=other, user=editor)
    forged = signing.dumps(other_link.pk, salt=previews.PREVIEW_SALT).split(":")[0]
    tampered = forged + ":" + token.split(":", 1)[1]

    response = Client().get(f"/preview/{tampered}/")

    assert response.status_code == 404
    assertNotContains(response, other.title, status_code=404)


@pytest.mark.parametrize(
    "token",
    [
        "x",
        "1",
        "1:abc",
        "MQ:1pQ:abcdefghijklmnopqrstuvwxyz",
        "....",
        "%FF%FE",
        "%00",
        "🙂",
        "a" * 3000,
        "W10:1pQ:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ],
)
def test_bad_tokens_are_not_found(editor, drafts, token):
    draft, _other = drafts
    previews.preview_link_create(release=draft, user=editor)

    response = Client().get(f"/preview/{token}/")

    assert response.status_code == 404
    assertNotContains(response, draft.title, status_code=404)


@pytest.mark.parametrize(
    "payload_for",
    [
        lambda pk: pk + 1000,
        str,
        lambda pk: [pk],
        lambda pk: {"pk": pk},
        lambda pk: None,
        lambda pk: True,
        float,
    ],
    ids=["unknown id", "id as text", "list", "dict", "null", "true", "float"],
)
def test_signed_but_wrong_payloads_are_not_found(editor, drafts, payload_for):
    """A token signed with the right key but naming no link (or not an id) is refused."""
    draft, _other = drafts
    link = previews.preview_link_create(release=draft, user=editor)

    token = signing.dumps(payload_for(link.pk), salt=previews.PREVIEW_SALT)
    response = Client().get(f"/preview/{token}/")

    assert response.status_code == 404
    assertNotContains(response, draft.title, status_code=404)


def test_a_token_for_another_purpose_is_refused(editor, drafts):
    draft, _other = drafts
    link = previews.preview_link_create(release=draft, user=editor)

    token = signing.dumps(link.pk, salt="something-else")
    response = Client().get(f"/preview/{token}/")

    assert response.status_code == 404


# What a link shows in each state ---------------------------------------------------


def test_a_scheduled_release_previews_until_its_time_comes(officer_client, clock):
    scheduled = ReleaseFactory(
        title="Scheduled for tonight",
        slug="scheduled-for-tonight",
        body="Text embargoed until nine.",
        published_at=baku(2022, 3, 28, 21, 0),
    )
    assert scheduled.is_scheduled

    response = officer_client.post(new_link_url(scheduled))

    link = PreviewLink.objects.get()
    assert link.release == scheduled
    assert messages_of(response)[0].startswith("Preview link, valid until ")
    page = Client().get(link_url(link))
    assert page.status_code == 200
    assertContains(page, "<p>Text embargoed until nine.</p>", html=True)

    clock.move(hours=1)  # 21:00: the release is public now
    page = Client().get(link_url(link))
    assert (page.status_code, page["Location"]) == (
        302,
        "/en/releases/2022/03/28/scheduled-for-tonight/",
    )


def test_a_draft_link_leads_to_the_public_address_once_published(editor, drafts):
    draft, _other = drafts
    link = previews.preview_link_create(release=draft, user=editor)

    transitions.release_publish(release=draft, user=editor)

    page = Client().get(link_url(link))
    assert (page.status_code, page["Location"]) == (
        302,
        "/en/releases/2022/03/28/draft-for-the-chairs-office/",
    )
    assertNotContains(page, draft.body, status_code=302)


def test_a_draft_link_shows_only_the_notice_once_withdrawn(editor, drafts):
    draft, _other = drafts
    link = previews.preview_link_create(release=draft, user=editor)
    transitions.release_publish(release=draft, user=editor)
    withdrawn = transitions.release_withdraw(release=draft, user=editor, reason="Issued in error.")
    public = Client().get(withdrawn.get_absolute_url())
    assert public.status_code == 410

    page = Client().get(link_url(link))

    assert page.status_code == 410
    assert [t.name for t in page.templates][0] == "releases/release_withdrawn.html"
    assert page.content == public.content
    assertContains(
        page, "<p><strong>Reason:</strong> Issued in error.</p>", html=True, status_code=410
    )
    assertNotContains(page, draft.body, status_code=410)
    assertNotContains(page, "Preview — not published.", status_code=410)
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in page["Cache-Control"]

    # Restored, the release is public again: the link leads to its address.
    transitions.release_restore(release=withdrawn, user=editor)
    page = Client().get(link_url(link))
    assert (page.status_code, page["Location"]) == (302, withdrawn.get_absolute_url())


# Which links may be made --------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "shows"),
    [
        ({"status": Release.Status.DRAFT}, "text"),
        ({"status": Release.Status.SUBMITTED}, "text"),
        ({"published_at": baku(2022, 3, 28, 21, 0)}, "text"),  # scheduled, not yet due
        ({"published_at": baku(2022, 3, 28, 18, 10)}, "public"),
        (
            {"status": Release.Status.WITHDRAWN, "withdrawn_at": baku(2022, 3, 28, 19, 0)},
            "withdrawn",
        ),
    ],
    ids=["draft", "submitted", "scheduled", "public", "withdrawn"],
)
def test_links_are_made_exactly_while_they_show_the_text(
    clock, editor, press_officer, fields, shows
):
    release = ReleaseFactory(**fields)

    assert rules.preview_shows(release) == shows
    for user in (editor, press_officer):
        assert rules.can_create_preview_link(user, release) is (shows == "text")


@pytest.fixture
def withdrawn(clock):
    return ReleaseFactory(
        title="Withdrawn release",
        slug="withdrawn-release",
        body="Text that was withdrawn.",
        status=Release.Status.WITHDRAWN,
        published_at=baku(2022, 3, 28, 12, 0),
        withdrawn_at=baku(2022, 3, 28, 19, 0),
        withdrawal_reason="Issued in error.",
    )


@pytest.fixture
def public(clock):
    return ReleaseFactory(
        title="Public release",
        slug="public-release",
        body="Public text.",
        published_at=baku(2022, 3, 28, 18, 10),
    )


REFUSALS = {
    "withdrawn": "This release is withdrawn: it can no longer be previewed.",
    "public": "This release is public: share its address instead.",
}


@pytest.mark.parametrize("who", ["editor_client", "officer_client"])
@pytest.mark.parametrize("state", ["withdrawn", "public"])
def test_no_link_is_made_for_a_withdrawn_or_public_release(request, who, state):
    client = request.getfixturevalue(who)
    release = request.getfixturevalue(state)

    response = client.post(new_link_url(release))

    assert response.status_code == 302
    assert response["Location"] == f"/admin/releases/release/{release.pk}/change/"
    assert messages_of(response) == [REFUSALS[state]]
    assert list(PreviewLink.objects.all()) == []
    assert list(WorkflowEvent.objects.all()) == []


@pytest.mark.parametrize("state", ["withdrawn", "public"])
def test_the_service_refuses_a_link_for_a_withdrawn_or_public_release(request, editor, state):
    release = request.getfixturevalue(state)

    with pytest.raises(ValidationError) as error:
        previews.preview_link_create(release=release, user=editor)

    assert error.value.messages == [REFUSALS[state]]
    assert list(PreviewLink.objects.all()) == []
    assert list(WorkflowEvent.objects.all()) == []


@pytest.mark.parametrize("state", ["withdrawn", "public"])
def test_change_form_offers_no_link_for_a_withdrawn_or_public_release(
    request, officer_client, state
):
    release = request.getfixturevalue(state)

    response = officer_client.get(f"/admin/releases/release/{release.pk}/change/")

    assert response.context["can_preview_link"] is False
    assertNotContains(response, f'formaction="{new_link_url(release)}"')
    assertContains(response, f'<p class="help">{REFUSALS[state]}</p>', html=True)


def test_change_form_offers_a_link_for_a_draft(officer_client, drafts):
    draft, _other = drafts

    response = officer_client.get(f"/admin/releases/release/{draft.pk}/change/")

    assert response.context["can_preview_link"] is True
    assertContains(response, f'formaction="{new_link_url(draft)}"')
    assert response.context["preview_link_refusal"] == ""


# Who may revoke --------------------------------------------------------------------


def test_a_press_officer_cannot_revoke_an_editors_link(officer_client, editor, drafts):
    draft, _other = drafts
    link = previews.preview_link_create(release=draft, user=editor)

    response = officer_client.post(revoke_url(draft, link))

    assert response.status_code == 403
    link.refresh_from_db()
    assert link.revoked is False
    assert Client().get(link_url(link)).status_code == 200
    assert [e.action for e in WorkflowEvent.objects.all()] == [WorkflowEvent.Action.PREVIEW_LINK]


def test_the_service_refuses_a_press_officer_revoking_an_editors_link(
    press_officer, editor, drafts
):
    draft, _other = drafts
    link = previews.preview_link_create(release=draft, user=editor)

    with pytest.raises(PermissionDenied) as error:
        previews.preview_link_revoke(link=link, user=press_officer)

    assert str(error.value) == "Only the person who created this link or an editor can revoke it."
    link.refresh_from_db()
    assert link.revoked is False


def test_change_form_offers_revoke_only_where_allowed(
    officer_client, press_officer, editor, drafts
):
    draft, _other = drafts
    editors = previews.preview_link_create(release=draft, user=editor)
    own = previews.preview_link_create(release=draft, user=press_officer)

    response = officer_client.get(f"/admin/releases/release/{draft.pk}/change/")

    assert {link.pk: link.can_revoke for link in response.context["preview_links"]} == {
        editors.pk: False,
        own.pk: True,
    }
    assertNotContains(response, f'formaction="{revoke_url(draft, editors)}"')
    assertContains(response, f'formaction="{revoke_url(draft, own)}"')


@pytest.mark.parametrize(
    ("creator", "revoker"),
    [("press_officer", "press_officer"), ("press_officer", "editor"), ("editor", "editor")],
)
def test_revoking_is_logged_with_who(request, client, drafts, clock, creator, revoker):
    draft, _other = drafts
    made_by = request.getfixturevalue(creator)
    user = request.getfixturevalue(revoker)
    link = previews.preview_link_create(release=draft, user=made_by)
    client.force_login(user)

    response = client.post(revoke_url(draft, link))

    assert messages_of(response) == ["The preview link no longer works."]
    link.refresh_from_db()
    assert link.revoked is True
    event = WorkflowEvent.objects.filter(action=WorkflowEvent.Action.PREVIEW_LINK_REVOKED).get()
    assert (event.release, event.release_title, event.user, event.comment) == (
        draft,
        "Draft for the Chair’s office",
        user,
        f"Link created by {made_by.username} on 28 March 2022 20:00",
    )
    assert event.get_action_display() == "Revoked a preview link"
    assert Client().get(link_url(link)).status_code == 404


def test_revoking_a_link_that_no_longer_works_changes_nothing(editor_client, editor, drafts):
    draft, _other = drafts
    link = previews.preview_link_create(release=draft, user=editor)
    previews.preview_link_revoke(link=link, user=editor)

    response = editor_client.post(revoke_url(draft, link))

    assert messages_of(response) == ["This preview link has already stopped working."]
    assert [e.action for e in WorkflowEvent.objects.all()] == [
        WorkflowEvent.Action.PREVIEW_LINK_REVOKED,
        WorkflowEvent.Action.PREVIEW_LINK,
    ]


def test_an_editor_may_revoke_a_link_on_a_published_release(editor_client, press_officer, drafts):
    draft, _other = drafts
    link = previews.preview_link_create(release=draft, user=press_officer)
    transitions.release_publish(
        release=draft, user=UserFactory(username="chief", groups=["Editor"])
    )

    response = editor_client.post(revoke_url(draft, link))

    assert messages_of(response) == ["The preview link no longer works."]
    link.refresh_from_db()
    assert link.revoked is True
