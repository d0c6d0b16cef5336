"""The release form's "Suggest links": what it offers, what it applies, who may use it."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from people.models import Official
from releases.models import Meeting, Release, WorkflowEvent
from tests.releases.seed_data import chair_draft
from workflow import linking

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    """The Chair's release as an unlinked draft, the fixture's people known."""
    return chair_draft()


def suggest(client, release, **text):
    data = {"title_en": release.title, "lead_en": release.lead, "body_en": release.body, **text}
    return client.post(reverse("admin:releases_release_suggest_links", args=[release.pk]), data)


def test_suggestions_list_what_the_text_names(client, press_officer, draft):
    client.force_login(press_officer)

    response = suggest(client, draft)

    groups = {label: [i["label"] for i in items] for label, items in response.context["groups"]}
    assert groups == {
        "Officials it is about": ["Sahiba Gafarova", "Maulen Ashimbayev"],
        "Officials mentioned": ["Ilham Aliyev"],
        "Countries it is about": ["Azerbaijan", "Kazakhstan"],
        "Countries mentioned": ["Armenia"],
        "Organisations (as tags)": ["TurkPA"],
        "Meeting reported": [
            "Visit on 28 March 2022, Kazakhstan: Sahiba Gafarova, Maulen Ashimbayev"
        ],
    }
    # Suggesting changes nothing.
    assert list(draft.officials.all()) == []
    assert Meeting.objects.count() == 0


def test_suggestions_read_the_unsaved_text_of_the_form(client, press_officer, draft):
    client.force_login(press_officer)

    response = suggest(
        client,
        draft,
        body_en="Sahiba Gafarova met the Speaker of the Knesset Amir Ohana of Israel on 27 March.",
    )

    groups = {label: [i["label"] for i in items] for label, items in response.context["groups"]}
    assert groups["New people (created as officials if accepted)"] == [
        "Amir Ohana — Speaker of the Knesset (country not said)"
    ]
    assert response.context["unsaved_text"] is True


def test_accepted_suggestions_are_linked_and_rejected_ones_are_not(client, press_officer, draft):
    client.force_login(press_officer)
    accept = [
        f"official:{Official.objects.get(slug='sahiba-gafarova').pk}",
        f"official:{Official.objects.get(slug='maulen-ashimbayev').pk}",
        f"country:{Official.objects.get(slug='sahiba-gafarova').country_id}",
        "organisation:TurkPA",
        "meeting",
    ]

    response = client.post(
        reverse("admin:releases_release_apply_links", args=[draft.pk]),
        {"title_en": draft.title, "lead_en": "", "body_en": draft.body, "accept": accept},
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert sorted(draft.officials.values_list("slug", flat=True)) == [
        "maulen-ashimbayev",
        "sahiba-gafarova",
    ]
    assert list(draft.countries.values_list("code", flat=True)) == ["AZ"]
    assert list(draft.mentioned_officials.all()) == []  # Ilham Aliyev was not ticked
    assert list(draft.mentioned_countries.all()) == []
    assert list(draft.tags.names()) == ["TurkPA"]
    assert draft.meeting.date.isoformat() == "2022-03-28"
    assert sorted(draft.meeting.participants.values_list("slug", flat=True)) == [
        "maulen-ashimbayev",
        "sahiba-gafarova",
    ]
    assert WorkflowEvent.objects.get(release=draft).user == press_officer


def test_ids_the_linker_did_not_find_cannot_be_linked(client, press_officer, draft):
    client.force_login(press_officer)
    stranger = Official.objects.get(slug="azay-guliyev")

    client.post(
        reverse("admin:releases_release_apply_links", args=[draft.pk]),
        {"title_en": draft.title, "body_en": draft.body, "accept": [f"official:{stranger.pk}"]},
    )

    assert list(draft.officials.all()) == []


def test_accepting_a_new_person_creates_the_official(client, press_officer, draft):
    client.force_login(press_officer)
    Official.objects.filter(slug="maulen-ashimbayev").delete()

    client.post(
        reverse("admin:releases_release_apply_links", args=[draft.pk]),
        {
            "title_en": draft.title,
            "body_en": draft.body,
            "accept": ["person:Maulen Ashimbayev", "meeting"],
        },
    )

    official = Official.objects.get(full_name="Maulen Ashimbayev")
    assert official.country.code == "KZ"
    assert [p.title for p in official.positions.all()] == [
        "Chairman of the Senate of the Parliament of the Republic of Kazakhstan"
    ]
    draft.refresh_from_db()
    assert list(draft.officials.all()) == [official]
    assert sorted(draft.meeting.participants.values_list("slug", flat=True)) == [
        "maulen-ashimbayev",
        "sahiba-gafarova",
    ]


def test_a_press_officer_cannot_link_a_published_release(client, press_officer, draft):
    client.force_login(press_officer)
    Release.objects.filter(pk=draft.pk).update(status=Release.Status.PUBLISHED)
    pk = Official.objects.get(slug="sahiba-gafarova").pk

    suggest_response = suggest(client, draft)
    apply_response = client.post(
        reverse("admin:releases_release_apply_links", args=[draft.pk]),
        {"title_en": draft.title, "body_en": draft.body, "accept": [f"official:{pk}"]},
    )

    assert (suggest_response.status_code, apply_response.status_code) == (403, 403)
    assert list(draft.officials.all()) == []


def test_the_service_refuses_a_user_who_cannot_edit(draft):
    outsider = User.objects.create_user("outsider")

    with pytest.raises(PermissionDenied):
        linking.release_link_apply(release=draft, user=outsider, officials=[1])

    assert list(draft.officials.all()) == []


def test_the_button_is_on_the_form_of_those_who_may_edit(client, press_officer, draft):
    client.force_login(press_officer)

    page = client.get(reverse("admin:releases_release_change", args=[draft.pk])).content.decode()

    url = reverse("admin:releases_release_suggest_links", args=[draft.pk])
    assert f'formaction="{url}"' in page
    assert ">Suggest links</button>" in page


def test_mentioned_countries_can_be_edited_on_the_form(client, press_officer, draft):
    client.force_login(press_officer)

    page = client.get(reverse("admin:releases_release_change", args=[draft.pk]))

    form = page.context["adminform"].form
    assert "mentioned_countries" in form.fields
    assert "mentioned_officials" in form.fields
