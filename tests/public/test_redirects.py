"""Stable addresses: a published release's old address redirects permanently to its new one."""

import pytest
from django.test import Client

from releases.models import Release, ReleaseRedirect
from tests.factories import ReleaseFactory, baku
from tests.workflow.admin_helpers import change_url, form_data_for
from workflow import transitions

pytestmark = pytest.mark.django_db

A = "/en/releases/2022/03/28/first-address/"
B = "/en/releases/2022/03/28/second-address/"
C = "/en/releases/2022/03/27/second-address/"


@pytest.fixture
def reader():
    return Client()


@pytest.fixture
def live(clock):
    return ReleaseFactory(
        title="Moving release",
        slug="first-address",
        published_at=baku(2022, 3, 28, 18, 10),
        body="The moving text.",
    )


def move(client, release, **fields):
    response = client.post(change_url(release), form_data_for(release, **fields))
    assert response.status_code == 302, response.context["adminform"].form.errors
    release.refresh_from_db()
    return release.get_absolute_url()


def assert_redirects_to(reader, old, new):
    response = reader.get(old)
    assert (response.status_code, response["Location"]) == (301, new)


def test_slug_change_redirects_the_old_address(editor_client, reader, live):
    assert reader.get(A).status_code == 200

    assert move(editor_client, live, slug="second-address") == B

    assert_redirects_to(reader, A, B)
    page = reader.get(B)
    assert page.status_code == 200
    assert page.context["release"] == live
    assert list(ReleaseRedirect.objects.values_list("old_path", "release")) == [(A, live.pk)]


def test_date_change_redirects_the_old_address(editor_client, reader, live):
    new = move(editor_client, live, published_at_0="2022-03-27", published_at_1="10:00:00")

    assert new == "/en/releases/2022/03/27/first-address/"
    assert_redirects_to(reader, A, new)


def test_a_chain_leads_straight_to_the_newest_address(editor_client, reader, live):
    move(editor_client, live, slug="second-address")
    move(editor_client, live, published_at_0="2022-03-27", published_at_1="10:00:00")

    assert live.get_absolute_url() == C
    assert_redirects_to(reader, A, C)
    assert_redirects_to(reader, B, C)
    assert reader.get(C).status_code == 200


def test_moving_back_does_not_loop(editor_client, reader, live):
    move(editor_client, live, slug="second-address")
    move(editor_client, live, published_at_0="2022-03-27", published_at_1="10:00:00")

    back = move(
        editor_client,
        live,
        slug="first-address",
        published_at_0="2022-03-28",
        published_at_1="18:10:00",
    )

    assert back == A
    page = reader.get(A)
    assert page.status_code == 200
    assert page.context["release"] == live
    assert_redirects_to(reader, B, A)
    assert_redirects_to(reader, C, A)
    assert sorted(ReleaseRedirect.objects.values_list("old_path", flat=True)) == sorted([B, C])


def test_a_new_release_at_an_old_address_wins(editor_client, reader, live, editor):
    move(editor_client, live, slug="second-address")
    newcomer = ReleaseFactory(
        title="Newcomer", slug="first-address", published_at=baku(2022, 3, 28, 19, 0)
    )

    page = reader.get(A)

    assert page.status_code == 200
    assert page.context["release"] == newcomer


def test_drafts_leave_no_redirects(editor_client, reader, clock):
    draft = ReleaseFactory(draft=True, slug="first-address", published_at=baku(2022, 3, 28, 15))

    move(editor_client, draft, slug="second-address")

    assert list(ReleaseRedirect.objects.all()) == []
    assert reader.get(A).status_code == 404


def test_a_withdrawn_release_redirects_to_its_notice(editor_client, reader, live, editor):
    move(editor_client, live, slug="second-address")
    transitions.release_withdraw(release=live, user=editor, reason="Issued in error.")

    assert_redirects_to(reader, A, B)
    response = reader.get(B)
    assert response.status_code == 410
    assert "The moving text." not in response.content.decode()


def test_old_address_of_a_release_no_longer_public_reveals_nothing(
    editor_client, reader, live, editor
):
    """A scheduled release moved and then unpublished: the old address leads nowhere."""
    Release.objects.filter(pk=live.pk).update(published_at=baku(2022, 3, 28, 21, 0))
    live.refresh_from_db()
    old_path = live.get_absolute_url()
    new = move(editor_client, live, slug="embargoed-address")
    assert ReleaseRedirect.objects.filter(old_path=old_path).exists()

    # Scheduled: neither address shows it, and the old one does not say where it went.
    for address in (old_path, new):
        response = reader.get(address)
        assert response.status_code == 404
        assert "embargoed-address" not in response.get("Location", "")
        assert "Moving release" not in response.content.decode()

    transitions.release_unpublish(release=live, user=editor)
    assert reader.get(old_path).status_code == 404
