"""Names in three languages: countries' from iso-codes, officials' typed in the admin,
read in the active language, the untranslated column kept in English."""

import datetime
import importlib

import pytest
from django.contrib.admin import site
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import translation
from pytest_django.asserts import assertContains

from people.models import Country, Official, Position
from tests.factories import OfficialFactory, PositionFactory, country, spelt

pytestmark = pytest.mark.django_db


def stored(model, pk, column):
    """``column`` of the row as the database holds it, past modeltranslation."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {model._meta.db_table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


class TestCountryNames:
    def test_come_from_iso_codes_in_each_language(self):
        kz = country("KZ")

        assert (kz.name_en, kz.name_az, kz.name_ru) == ("Kazakhstan", "Qazaxstan", "Казахстан")
        assert (kz.official_name_en, kz.official_name_ru) == (
            "Republic of Kazakhstan",
            "Республика Казахстан",
        )
        assert country("TR").official_name_az == "Türkiyə Respublikası"
        assert Country.objects.filter(name_ru__isnull=True).count() == 0

    def test_a_name_iso_codes_leaves_untranslated_is_shown_in_english(self):
        gb = country("GB")

        assert gb.name_az is None
        with translation.override("az"):
            assert gb.name == "United Kingdom"
        with translation.override("ru"):
            assert gb.name == "Соединённое Королевство"

    def test_stress_marks_are_not_kept(self):
        assert country("IR").official_name_ru == "Исламская Республика Иран"

    def test_other_names_are_kept_per_language(self):
        kz = country("KZ")

        assert kz.other_names_list == ["Kazakh", "Kazakhstani", "Kazakhstan’s"]
        with translation.override("az"):
            assert kz.other_names_list == [
                "Qazaxıstan",
                "Qazaxıstan Respublikası",
                "qazaxıstanlı",
            ]
        with translation.override("ru"):
            assert kz.other_names_list == ["казахстанский", "казахский", "казахстанцы"]

    def test_the_list_sorts_by_the_names_of_the_active_language(self):
        codes = ["AM", "AZ", "DE", "GB"]

        with translation.override("en"):
            # Armenia, Azerbaijan, Germany, United Kingdom
            assert [c.code for c in Country.objects.filter(code__in=codes)] == codes
        with translation.override("ru"):
            # Азербайджан, Армения, Германия, Соединённое Королевство
            assert [c.code for c in Country.objects.filter(code__in=codes)] == [
                "AZ",
                "AM",
                "DE",
                "GB",
            ]


class TestOfficialNames:
    def test_are_read_in_the_active_language_with_english_for_a_missing_one(self):
        chair = OfficialFactory(**spelt("Sahiba Gafarova", "Sahibə Qafarova", "Сахиба Гафарова"))
        guest = OfficialFactory(full_name="Amir Ohana")

        for language, names in [
            ("en", ["Sahiba Gafarova", "Amir Ohana"]),
            ("az", ["Sahibə Qafarova", "Amir Ohana"]),
            ("ru", ["Сахиба Гафарова", "Amir Ohana"]),
        ]:
            with translation.override(language):
                assert [str(chair), str(guest)] == names, language

    def test_the_untranslated_column_keeps_english_whatever_language_saves(self):
        chair = OfficialFactory(**spelt("Sahiba Gafarova", "Sahibə Qafarova", "Сахиба Гафарова"))

        with translation.override("ru"):
            chair.full_name = "Сахиба Н. Гафарова"
            chair.save()

        chair.refresh_from_db()
        assert (chair.full_name_en, chair.full_name_ru) == (
            "Sahiba Gafarova",
            "Сахиба Н. Гафарова",
        )
        assert stored(Official, chair.pk, "full_name") == "Sahiba Gafarova"

    def test_a_name_typed_in_one_language_only_fills_the_untranslated_column(self):
        envoy = OfficialFactory(slug="ivan-petrov")
        envoy.full_name_en = None
        # Typed on a form in Russian: the active language's column.
        with translation.override("ru"):
            envoy.full_name = "Иван Петров"
            envoy.save()

        assert (envoy.full_name_en, envoy.full_name_ru) == (None, "Иван Петров")
        assert stored(Official, envoy.pk, "full_name") == "Иван Петров"

    def test_positions_have_titles_in_each_language(self):
        position = PositionFactory(
            title="Chair of the Milli Majlis",
            title_az="Milli Məclisin Sədri",
            title_ru="Председатель Милли Меджлиса",
        )

        with translation.override("az"):
            assert position.official.title_on(datetime.date(2022, 3, 28)) == "Milli Məclisin Sədri"
        assert stored(Position, position.pk, "title") == "Chair of the Milli Majlis"


class TestAdmin:
    def test_an_official_is_added_with_a_name_per_language(self, admin_client):
        page = admin_client.get("/admin/people/official/add/", HTTP_ACCEPT_LANGUAGE="ru")
        for field in ("full_name_en", "full_name_az", "full_name_ru", "positions-0-title_ru"):
            assertContains(page, f'name="{field}"')
        # Side by side, without the tabs' script from outside the site.
        assert "//ajax.googleapis.com" not in page.content.decode()

        response = admin_client.post(
            "/admin/people/official/add/",
            {
                "full_name_en": "Maulen Ashimbayev",
                "full_name_az": "Maulen Aşimbayev",
                "full_name_ru": "Маулен Ашимбаев",
                "slug": "maulen-ashimbayev",
                "country": country("KZ").pk,
                "biography": "",
                "positions-TOTAL_FORMS": "0",
                "positions-INITIAL_FORMS": "0",
                "memberships-TOTAL_FORMS": "0",
                "memberships-INITIAL_FORMS": "0",
                "portrait-TOTAL_FORMS": "0",
                "portrait-INITIAL_FORMS": "0",
            },
            HTTP_ACCEPT_LANGUAGE="ru",
        )

        assert response.status_code == 302
        official = Official.objects.get(slug="maulen-ashimbayev")
        assert (official.full_name_en, official.full_name_az, official.full_name_ru) == (
            "Maulen Ashimbayev",
            "Maulen Aşimbayev",
            "Маулен Ашимбаев",
        )
        assert stored(Official, official.pk, "full_name") == "Maulen Ashimbayev"

    def test_the_english_name_is_required_and_makes_the_address(self, admin_client):
        response = admin_client.post(
            "/admin/people/official/add/",
            {
                "full_name_ru": "Маулен Ашимбаев",
                "slug": "m",
                "country": country("KZ").pk,
                "positions-TOTAL_FORMS": "0",
                "positions-INITIAL_FORMS": "0",
            },
        )

        assert response.context["adminform"].form.errors == {
            "full_name_en": ["This field is required."]
        }
        assert site._registry[Official].prepopulated_fields == {"slug": ("full_name_en",)}

    def test_officials_are_found_by_any_of_their_names(self, admin_client):
        chair = OfficialFactory(**spelt("Sahiba Gafarova", "Sahibə Qafarova", "Сахиба Гафарова"))
        OfficialFactory(**spelt("Azay Guliyev", "Azay Quliyev", "Азай Гулиев"))

        for query in ("Gafarova", "Qafarova", "Гафарова"):
            response = admin_client.get("/admin/people/official/", {"q": query})
            assert list(response.context["cl"].result_list) == [chair], query

    def test_staff_write_other_names_per_language(self, admin_client):
        kz = country("KZ")

        response = admin_client.post(
            f"/admin/people/country/{kz.pk}/change/",
            {
                "other_names_en": "Kazakh",
                "other_names_az": "Qazaxıstan\nqazaxıstanlı",
                "other_names_ru": "казахстанский",
            },
        )

        assert response.status_code == 302
        kz.refresh_from_db()
        assert (kz.other_names_en, kz.other_names_az, kz.other_names_ru) == (
            "Kazakh",
            "Qazaxıstan\nqazaxıstanlı",
            "казахстанский",
        )
        # The names from the ISO list stay as they were.
        assert (kz.name_az, kz.name_ru) == ("Qazaxstan", "Казахстан")


class TestMigration:
    """people 0006, run again on rows of today: it fills only what is empty."""

    @pytest.fixture
    def names_migration(self):
        module = importlib.import_module("people.migrations.0006_names_in_three_languages")
        state = ("people", "0006_names_in_three_languages")
        return module, MigrationLoader(connection).project_state(state).apps

    def test_the_english_columns_get_the_values_of_before(self, names_migration):
        module, apps = names_migration
        chair = OfficialFactory(full_name="Sahiba Gafarova")
        Official.objects.filter(pk=chair.pk).rewrite(False).update(full_name_en=None)

        module.copy_to_english(apps, None)

        chair.refresh_from_db()
        assert chair.full_name_en == "Sahiba Gafarova"

    def test_names_staff_wrote_are_kept_and_missing_ones_filled(self, names_migration):
        module, apps = names_migration
        Country.objects.filter(code="KZ").update(name_ru=None, other_names_az="Qazaxıstan")

        module.load_country_names(apps, None)

        kz = country("KZ")
        assert (kz.name_ru, kz.other_names_az) == ("Казахстан", "Qazaxıstan")
