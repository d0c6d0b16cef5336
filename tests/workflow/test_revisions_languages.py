"""Revisions hold every version: compared field by field in each language, restored
whole, and a preview link shows the language asked for."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from releases.models import Release
from tests.factories import ReleaseFactory
from tests.workflow.admin_helpers import change_url, form_data_for
from workflow import previews, revisions

pytestmark = pytest.mark.django_db

FIRST = {"title_ru": "Первый заголовок", "body_ru": "Первый текст.", "body_az": "İlk mətn."}
SECOND = {"title_ru": "Второй заголовок", "body_ru": "Второй текст.", "body_az": "Yeni mətn."}


@pytest.fixture
def edited(editor_client, clock):
    """A draft saved through the admin twice: its Russian and Azerbaijani texts changed."""
    release = ReleaseFactory(draft=True, title="Chair met", title_az="Sədr", **FIRST)
    for text in (FIRST, SECOND):
        response = editor_client.post(change_url(release), form_data_for(release, **text))
        assert response.status_code == 302
    release.refresh_from_db()
    return release


def test_compare_names_each_languages_field(editor_client, edited):
    newest, oldest = list(revisions.release_versions(edited))

    response = editor_client.get(
        f"/admin/releases/release/{edited.pk}/revisions/", {"a": newest.pk, "b": oldest.pk}
    )

    changed = {
        row["label"]: row["diff"] for row in response.context["comparison"] if row["changed"]
    }
    assert changed == {
        "Title (Русский)": '<p class="passage"><del>Первый</del><ins>Второй</ins> заголовок</p>',
        "Body (Русский)": '<p class="passage"><del>Первый</del><ins>Второй</ins> текст.</p>',
        "Body (Azərbaycanca)": '<p class="passage"><del>İlk</del><ins>Yeni</ins> mətn.</p>',
    }


def test_restoring_brings_back_every_language(editor, edited):
    oldest = list(revisions.release_versions(edited))[-1]

    revisions.release_restore_revision(release=edited, version=oldest, user=editor)

    edited.refresh_from_db()
    assert {name: getattr(edited, name) for name in FIRST} == FIRST
    assert (edited.title_en, edited.title_az) == ("Chair met", "Sədr")


def test_a_preview_link_shows_the_language_asked_for(client, press_officer, edited):
    link = previews.preview_link_create(release=edited, user=press_officer)
    url = f"/preview/{previews.preview_token(link)}/"

    russian = client.get(url, {"lang": "ru"})

    assert russian["Content-Language"] == "ru"
    assertContains(russian, '<h1 class="release__title">Второй заголовок</h1>', html=True)
    assertNotContains(russian, "Chair met")
    english = client.get(url, {"lang": "en"})
    assertContains(english, '<h1 class="release__title">Chair met</h1>', html=True)
    assertNotContains(english, "Второй")
    assert Release.objects.get(pk=edited.pk).status == Release.Status.DRAFT
