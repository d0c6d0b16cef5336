"""Preview links: signed, expiring, revocable, one release only, never indexed or cached."""

import pytest
from django.core import signing
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains

from releases import services
from releases.models import PreviewLink, Release, WorkflowEvent
from tests.factories import ReleaseFactory, baku
from tests.releases.admin_helpers import messages_of

pytestmark = pytest.mark.django_db


def new_link_url(release):
    return f"/admin/releases/release/{release.pk}/preview-links/new/"


def revoke_url(release, link):
    return f"/admin/releases/release/{release.pk}/preview-links/{link.pk}/revoke/"


def link_url(link):
    return f"/preview/{services.preview_token(link)}/"


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
    assert link.expires_at == clock.current + services.datetime.timedelta(days=7)
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
    link = services.preview_link_create(release=draft, user=editor)

    response = editor_client.get(f"/admin/releases/release/{draft.pk}/change/")

    assertContains(response, f'href="http://testserver{link_url(link)}"')
    assertContains(response, f'formaction="{revoke_url(draft, link)}"')


def test_expires_after_seven_days(editor, drafts, clock):
    draft, _other = drafts
    link = services.preview_link_create(release=draft, user=editor)
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
    link = services.preview_link_create(release=draft, user=editor)
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
    link = services.preview_link_create(release=draft, user=editor)

    editor_client.post(revoke_url(other, link))

    link.refresh_from_db()
    assert link.revoked is False


def test_anonymous_users_cannot_create_or_revoke(editor, drafts):
    draft, _other = drafts
    link = services.preview_link_create(release=draft, user=editor)

    created = Client().post(new_link_url(draft))
    revoked = Client().post(revoke_url(draft, link))

    assert created.status_code == revoked.status_code == 302
    assert created["Location"].startswith("/admin/login/")
    assert list(PreviewLink.objects.all()) == [link]
    link.refresh_from_db()
    assert link.revoked is False


def test_a_link_shows_its_release_only_even_with_a_guessed_id(editor, drafts):
    draft, other = drafts
    link = services.preview_link_create(release=draft, user=editor)
    token = services.preview_token(link)
    # Swap the signed id for the other draft's link id, keeping the signature.
    other_link = services.preview_link_create(release=other, user=editor)
    forged = signing.dumps(other_link.pk, salt=services.PREVIEW_SALT).split(":")[0]
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
    services.preview_link_create(release=draft, user=editor)

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
    link = services.preview_link_create(release=draft, user=editor)

    token = signing.dumps(payload_for(link.pk), salt=services.PREVIEW_SALT)
    response = Client().get(f"/preview/{token}/")

    assert response.status_code == 404
    assertNotContains(response, draft.title, status_code=404)


def test_a_token_for_another_purpose_is_refused(editor, drafts):
    draft, _other = drafts
    link = services.preview_link_create(release=draft, user=editor)

    token = signing.dumps(link.pk, salt="something-else")
    response = Client().get(f"/preview/{token}/")

    assert response.status_code == 404
