"""The release form edits each version by its own columns; previews show the version
asked for, and never another's."""

import pytest
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

from releases.models import Release
from tests.factories import ReleaseFactory, baku
from tests.workflow.admin_helpers import ADD_URL, CHANGELIST_URL, INLINES, change_url

pytestmark = pytest.mark.django_db

VERSIONS = {
    "title_az": "Milli Məclisin Sədri TürkPA-nın Baş katibi ilə görüşüb",
    "slug_az": "milli-meclisin-sedri-turkpa-nin-bas-katibi-ile-gorusub",
    "lead_az": "Azərbaycan dilində xülasə.",
    "body_az": "Birinci abzas.\r\n\r\nİkinci abzas.",
    "title_en": "Chair of the Milli Majlis Meets TurkPA Secretary General",
    "slug_en": "chair-meets-turkpa-secretary-general",
    "lead_en": "A summary in English.",
    "body_en": "First paragraph.\r\n\r\nSecond paragraph.",
    "title_ru": "Председатель Милли Меджлиса встретилась с Генеральным секретарём ТюркПА",
    "slug_ru": "председатель-встретилась-с-генсекретарём",
    "lead_ru": "Краткое содержание по-русски.",
    "body_ru": "Первый абзац.\r\n\r\nВторой абзац.",
}


@pytest.fixture(autouse=True)
def english_again():
    """A preview activates the language of its version; the next test starts in English."""
    yield
    translation.deactivate()


def add_data(**overrides):
    data = {
        "primary_language": "az",
        **dict.fromkeys(VERSIONS, ""),
        "section": "",
        "published_at_0": "2022-03-28",
        "published_at_1": "18:10:00",
        "byline": "The Press and Public Relations Department",
        "meeting": "",
        "tags": "",
        **INLINES,
        "_save": "Save",
    }
    data.update(overrides)
    return data


def stored_versions(release):
    release.refresh_from_db()
    return {name: getattr(release, name) for name in VERSIONS}


class TestForm:
    def test_three_versions_round_trip(self, officer_client):
        response = officer_client.post(ADD_URL, add_data(**VERSIONS))

        assert response.status_code == 302
        release = Release.objects.get()
        # Newlines as a browser posts them are kept as posted.
        assert stored_versions(release) == VERSIONS
        assert (release.primary_language, release.written_languages) == ("az", ["az", "en", "ru"])
        assert release.published_languages == ""

        form = officer_client.get(change_url(release)).context["adminform"].form
        assert {name: form[name].value() for name in VERSIONS} == VERSIONS
        assert form["primary_language"].value() == "az"

    def test_a_version_without_an_address_gets_one_from_its_title(self, officer_client):
        response = officer_client.post(
            ADD_URL,
            add_data(
                primary_language="ru", title_ru=VERSIONS["title_ru"], body_ru=VERSIONS["body_ru"]
            ),
        )

        assert response.status_code == 302
        release = Release.objects.get()
        assert release.slug_ru == (
            "председатель-милли-меджлиса-встретилась-с-генеральным-секретарём-тюркпа"
        )
        assert (release.slug_az, release.slug_en) == (None, None)

    def test_a_release_needs_one_written_version(self, officer_client):
        response = officer_client.post(ADD_URL, add_data(title_ru="Только заголовок"))

        assert response.status_code == 200
        message = "Write at least one version: its title and its body."
        assert response.context["adminform"].form.errors == {
            "title_az": [message],
            "body_az": [message],
        }
        assert Release.objects.count() == 0

    def test_a_russian_address_taken_that_day_is_shown_on_the_russian_field(self, officer_client):
        ReleaseFactory(
            title="Another release",
            slug="another-release",
            published_at=baku(2022, 3, 28, 9, 0),
            title_ru="Другой релиз",
            slug_ru=VERSIONS["slug_ru"],
            body_ru="Текст.",
        )

        response = officer_client.post(ADD_URL, add_data(**VERSIONS))

        assert response.status_code == 200
        assert response.context["adminform"].form.errors == {
            "slug_ru": [
                "Another release of the same day already has the address "
                f"“{VERSIONS['slug_ru']}” in Русский."
            ]
        }
        assert Release.objects.count() == 1

    def test_the_addresses_are_filled_from_each_languages_title(self, officer_client):
        admin = officer_client.get(ADD_URL).context["adminform"]

        prepopulated = {
            field["field"].name: [dep.name for dep in field["dependencies"]]
            for field in admin.prepopulated_fields
        }
        assert prepopulated == {
            "slug_az": ["title_az"],
            "slug_en": ["title_en"],
            "slug_ru": ["title_ru"],
        }

    def test_the_versions_are_shown_with_their_state(self, editor_client, clock):
        release = ReleaseFactory(
            title="Chair met",
            slug="chair-met",
            published_at=baku(2022, 3, 28, 18, 10),
            primary_language="en",
            title_ru=VERSIONS["title_ru"],
            body_ru=VERSIONS["body_ru"],
        )

        response = editor_client.get(change_url(release))

        rows = [(r["language"], r["original"], r["state"]) for r in response.context["versions"]]
        assert rows == [
            ("az", False, "missing"),
            ("en", True, "published"),
            ("ru", False, "written, not published: publish it as a correction"),
        ]
        headings = [name for name, _options in response.context["adminform"].fieldsets[1:4]]
        assert headings == [
            "English (original): published",
            "Azerbaijani: missing",
            "Russian: written, not published: publish it as a correction",
        ]
        assertContains(
            response,
            f'<a href="/releases/{release.pk}/preview/?lang=ru" lang="ru">Preview in Russian</a>',
            html=True,
        )
        assertNotContains(response, "?lang=az")


class TestList:
    def test_search_finds_each_language(self, editor_client, now):
        release = ReleaseFactory(title="Chair met", title_ru="Председатель", body_az="Sədr.")
        ReleaseFactory(title="Something else")

        for words in ("Председатель", "Sədr", "Chair"):
            response = editor_client.get(CHANGELIST_URL, {"q": words})
            assert list(response.context["cl"].result_list) == [release]

    def test_the_list_shows_each_releases_versions(self, editor_client, now):
        ReleaseFactory(title="Chair met", title_ru="Председатель", body_ru="Текст.")

        response = editor_client.get(CHANGELIST_URL)

        assertContains(
            response,
            '<td class="field-languages"><span title="published"><strong>en</strong></span> '
            '<span title="written, not published: publish it as a correction">ru</span></td>',
            html=True,
        )


class TestPreview:
    @pytest.fixture
    def draft(self):
        fields = {k: v for k, v in VERSIONS.items() if not k.startswith("image")}
        return ReleaseFactory(draft=True, primary_language="az", **fields)

    @pytest.mark.parametrize("lang", ["az", "en", "ru"])
    def test_staff_preview_shows_the_version_asked_for_and_no_other(
        self, officer_client, draft, lang
    ):
        response = officer_client.get(f"/releases/{draft.pk}/preview/", {"lang": lang})

        assert response.status_code == 200
        assert response["Content-Language"] == lang
        assert response.context["preview_language"] == lang
        assertContains(
            response, f'<h1 class="release__title">{VERSIONS[f"title_{lang}"]}</h1>', html=True
        )
        assertContains(response, f'<p class="release__lead">{VERSIONS[f"lead_{lang}"]}</p>')
        for other in {"az", "en", "ru"} - {lang}:
            for field in ("title", "lead"):
                assertNotContains(response, VERSIONS[f"{field}_{other}"])
            assertNotContains(response, VERSIONS[f"body_{other}"].split("\r\n")[0])

    def test_an_empty_field_is_left_empty_not_filled_from_another_language(self, officer_client):
        draft = ReleaseFactory(
            draft=True, lead="An English lead.", title_ru="Заголовок", body_ru="Текст."
        )

        response = officer_client.get(f"/releases/{draft.pk}/preview/", {"lang": "ru"})

        assertContains(response, '<h1 class="release__title">Заголовок</h1>', html=True)
        assertNotContains(response, "An English lead.")
        assertNotContains(response, draft.title_en)

    def test_without_a_language_the_original_is_shown(self, officer_client, draft):
        response = officer_client.get(f"/releases/{draft.pk}/preview/")

        assert response.context["preview_language"] == "az"
        assertContains(response, f'<h1 class="release__title">{VERSIONS["title_az"]}</h1>')

    @pytest.mark.parametrize("lang", ["ru", "de", ""])
    def test_a_language_without_a_version_is_not_found(self, officer_client, lang):
        draft = ReleaseFactory(draft=True, title="Only English")

        response = officer_client.get(f"/releases/{draft.pk}/preview/", {"lang": lang})

        assert response.status_code == 404
        assertNotContains(response, "Only English", status_code=404)
