"""The release admin in the language of the press officer's browser; its records in
English whatever that language."""

import pytest
from django.utils import translation
from pytest_django.asserts import assertContains
from reversion.models import Version

from releases.models import Release
from tests.factories import ReleaseFactory, baku
from tests.workflow.admin_helpers import change_url, form_data_for, form_errors, messages_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_again():
    """A page activates the language it was asked in; the next test starts in English."""
    yield
    translation.deactivate()


def button(step, label, kind="button workflow-step"):
    return f'<button type="submit" class="{kind}" name="_workflow" value="{step}">{label}</button>'


@pytest.mark.parametrize(
    ("lang", "submit", "publish"),
    [
        ("az", "Yoxlamaya göndər", "İndi dərc et"),
        ("ru", "Отправить на проверку", "Опубликовать сейчас"),
    ],
)
def test_workflow_buttons(editor_client, clock, lang, submit, publish):
    release = ReleaseFactory(draft=True, title="Ready", published_at=baku(2022, 3, 1, 9))

    response = editor_client.get(change_url(release), HTTP_ACCEPT_LANGUAGE=lang)

    assertContains(response, button("submit", submit), count=1, html=True)
    assertContains(
        response, button("publish", publish, "default workflow-primary"), count=1, html=True
    )


def test_a_step_is_reported_in_the_language_and_recorded_in_english(editor_client, clock):
    release = ReleaseFactory(draft=True, title="Ready", published_at=baku(2022, 3, 1, 9))

    response = editor_client.post(
        change_url(release), form_data_for(release, _workflow="publish"), HTTP_ACCEPT_LANGUAGE="ru"
    )

    assert response.status_code == 302
    release.refresh_from_db()
    assert release.status == Release.Status.PUBLISHED
    assert "«Ready»: шаг «опубликовать» выполнен." in messages_of(response)
    assert Version.objects.get_for_object(release).first().revision.comment == "Publish"


def test_a_refused_step_says_why_in_the_language(officer_client, clock):
    release = ReleaseFactory(draft=True, title="Ready", published_at=baku(2022, 3, 1, 9))

    response = officer_client.post(
        change_url(release), form_data_for(release, _workflow="publish"), HTTP_ACCEPT_LANGUAGE="az"
    )

    assert response.status_code == 200
    assert form_errors(response) == ["Bunu yalnız redaktorlar edə bilər."]
    release.refresh_from_db()
    assert release.status == Release.Status.DRAFT
