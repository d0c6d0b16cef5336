"""The people pages in the reader's language: names, their order, the same queries.

Addresses are reversed in the language asked for and the request says it too, so the
tests hold whether the language is told by the address or by the browser.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains

from tests.factories import OfficialFactory, ReleaseFactory, country, spelt

pytestmark = pytest.mark.django_db


def get(client, language, name, **kwargs):
    with translation.override(language):
        url = reverse(name, kwargs=kwargs or None)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, url
    return response


@pytest.fixture
def chair():
    official = OfficialFactory(
        **spelt("Sahiba Gafarova", "Sahibə Qafarova", "Сахиба Гафарова"),
        slug="sahiba-gafarova",
        country=country("AZ"),
    )
    ReleaseFactory(officials=[official], countries=[country("AZ"), country("KZ")])
    return official


@pytest.mark.parametrize(
    ("language", "name", "country_name"),
    [
        ("en", "Sahiba Gafarova", "Azerbaijan"),
        ("az", "Sahibə Qafarova", "Azərbaycan"),
        ("ru", "Сахиба Гафарова", "Азербайджан"),
    ],
)
def test_an_officials_page_names_them_in_the_readers_language(
    client, chair, language, name, country_name
):
    response = get(client, language, "people:official_detail", slug="sahiba-gafarova")

    assertContains(response, f"<h1>{name}</h1>", html=True)
    assertContains(response, f">{country_name}</a>")


@pytest.mark.parametrize(
    ("language", "names"),
    [
        ("en", ["Azerbaijan", "Kazakhstan"]),
        ("az", ["Azərbaycan", "Qazaxstan"]),
        ("ru", ["Азербайджан", "Казахстан"]),
    ],
)
def test_the_country_list_names_them_in_the_readers_language(client, chair, language, names):
    response = get(client, language, "people:country_list")

    assert [c.name for c in response.context["countries"]] == names
    for name in names:
        assertContains(response, f">{name}</a>")


def test_officials_are_listed_in_the_order_of_the_names_shown(client):
    mammadov = OfficialFactory(**spelt("Elman Mammadov", "Elman Məmmədov", "Эльман Мамедов"))
    hajiyev = OfficialFactory(**spelt("Sabir Hajiyev", "Sabir Hacıyev", "Сабир Гаджиев"))
    # No Azerbaijani or Russian name: shown, and sorted, by the English one.
    jafarov = OfficialFactory(full_name="Kamal Jafarov")
    ReleaseFactory(officials=[mammadov, hajiyev, jafarov])

    def listed(language):
        return list(get(client, language, "people:official_list").context["officials"])

    assert listed("en") == [mammadov, jafarov, hajiyev]
    assert listed("az") == [mammadov, jafarov, hajiyev]
    # Latin before Cyrillic, then Сабир before Эльман.
    assert listed("ru") == [jafarov, hajiyev, mammadov]


def test_countries_are_listed_in_the_order_of_the_names_shown(client):
    # The United Kingdom has no Azerbaijani name in iso-codes: shown in English.
    ReleaseFactory(countries=[country(code) for code in ("AM", "AZ", "GB", "KZ")])

    def listed(language):
        countries = get(client, language, "people:country_list").context["countries"]
        return [c.code for c in countries]

    assert listed("en") == ["AM", "AZ", "KZ", "GB"]
    assert listed("az") == ["AZ", "AM", "KZ", "GB"]
    assert listed("ru") == ["AZ", "AM", "KZ", "GB"]


@pytest.mark.usefixtures("page_cache_off")
@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("people:official_list", {}),
        ("people:official_detail", {"slug": "sahiba-gafarova"}),
        ("people:country_list", {}),
        ("people:country_detail", {"code": "kz"}),
    ],
)
def test_every_language_runs_the_same_queries(client, chair, name, kwargs):
    get(client, "en", name, **kwargs)  # anything cached once per process is cached now
    counts = {}
    for language in ("en", "az", "ru"):
        with CaptureQueriesContext(connection) as queries:
            get(client, language, name, **kwargs)
        counts[language] = len(queries)

    assert counts["az"] == counts["ru"] == counts["en"]
