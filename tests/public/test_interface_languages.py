"""The public interface in Azerbaijani and Russian: its words, dates and site texts.

Each page is asked for in a language twice over: its address is reversed with the
language active, and the request says the language in Accept-Language. So the tests
hold whether the language comes from the browser or from a prefix of the address.
English is what the other tests of the public pages read, unchanged.
"""

import icalendar
import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains

from importing.languages import MONTHS_BY_LANGUAGE
from importing.parser import parse_date_line
from search import vector
from tests.factories import ChangeNoteFactory, CountryFactory, ReleaseFactory, baku

pytestmark = pytest.mark.django_db

LANGUAGES = ["az", "ru"]


@pytest.fixture(autouse=True)
def english_again():
    """A page activates the language it was asked in; the next test starts in English."""
    yield
    translation.deactivate()


def url(lang, name, *args):
    with translation.override(lang):
        return reverse(name, args=args)


def get(client, lang, path, **params):
    return client.get(path, params, HTTP_ACCEPT_LANGUAGE=lang)


def release_url(lang, release):
    with translation.override(lang):
        return release.get_absolute_url()


HOME = {
    "az": {
        "title": "<title>Milli Məclisin Mətbuat xidməti</title>",
        "h1": "<h1>Son press-relizlər</h1>",
        "org": "Azərbaycan Respublikasının Milli Məclisi",
        "office": "Mətbuat xidməti",
        "nav": ["Press-relizlər", "Rəsmi şəxslər", "Ölkələr", "Görüşlər"],
        "search": "Axtar",
        "all": "Bütün press-relizlər",
    },
    "ru": {
        "title": "<title>Пресс-служба Милли Меджлиса</title>",
        "h1": "<h1>Последние пресс-релизы</h1>",
        "org": "Милли Меджлис Азербайджанской Республики",
        "office": "Пресс-служба",
        "nav": ["Пресс-релизы", "Официальные лица", "Страны", "Встречи"],
        "search": "Найти",
        "all": "Все пресс-релизы",
    },
}
NAV = [
    "releases:release_index",
    "people:official_list",
    "people:country_list",
    "releases:meeting_list",
]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_page_heading_name_and_navigation(client, newsroom, lang):
    words = HOME[lang]

    response = get(client, lang, url(lang, "releases:home"))

    assertContains(response, f'<html lang="{lang}">')
    assertContains(response, words["title"], html=True)
    assertContains(response, words["h1"], html=True)
    assertContains(response, f'<span class="site-title__org">{words["org"]}</span>', html=True)
    assertContains(response, f'<span class="site-title__name">{words["office"]}</span>', html=True)
    releases, *others = zip(NAV, words["nav"], strict=True)
    # The home page is the first of the releases.
    current = f'<a href="{url(lang, releases[0])}" aria-current="page">{releases[1]}</a>'
    assertContains(response, current, count=1, html=True)
    for name, text in others:  # in the main navigation and in the footer
        assertContains(response, f'<a href="{url(lang, name)}">{text}</a>', count=2, html=True)
    assertContains(response, f'<button type="submit">{words["search"]}</button>', html=True)
    assertContains(
        response, f'<a href="{url(lang, "releases:release_index")}">{words["all"]}</a>', count=2
    )


def test_english_stays_as_it_was(client, newsroom):
    response = get(client, "en", url("en", "releases:home"))

    assertContains(response, '<html lang="en">')
    assertContains(response, "<title>Milli Majlis Press Office</title>", html=True)
    assertContains(response, "<h1>Latest releases</h1>", html=True)
    assertContains(response, "28 March 2022 | 18:10", count=1)
    assertContains(response, settings.NEWSROOM_LANGUAGE_TEXTS["en"]["STANDING_PARAGRAPH"], count=1)


SEARCH = {
    "az": {
        "label": "Press-relizlərdə axtarış",
        "help": (
            "Başlıqdakı və ya mətndəki sözlər, yaxud rəsmi şəxslərin, ölkələrin və ya "
            "teqlərin adları."
        ),
        "button": "Axtar",
        "found": "<strong>Astana</strong> üzrə 1 press-reliz tapıldı.",
        "title": "<title>Axtarış: Astana · Milli Məclisin Mətbuat xidməti</title>",
    },
    "ru": {
        "label": "Поиск по пресс-релизам",
        "help": (
            "Слова из заголовка или текста либо имена официальных лиц, названия стран или тегов."
        ),
        "button": "Найти",
        "found": "По запросу <strong>Astana</strong> найден 1 пресс-релиз.",
        "title": "<title>Поиск: Astana · Пресс-служба Милли Меджлиса</title>",
    },
}


def in_three_languages(release):
    """``release`` with its Azerbaijani and Russian versions (the English text, marked),
    published with the English one: pages in each language show it in theirs."""
    for lang in ("az", "ru"):
        setattr(release, f"title_{lang}", f"{release.title_en} [{lang}]")
        setattr(release, f"slug_{lang}", f"{release.slug_en}-{lang}")
        setattr(release, f"body_{lang}", release.body_en)
    release.published_languages = "az en ru"
    release.save()
    return release


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_page_labels_and_summary(client, newsroom, lang):
    in_three_languages(newsroom.published)
    vector.releases_reindex()  # the search index, for the results (PostgreSQL)
    words = SEARCH[lang]

    empty = get(client, lang, url(lang, "releases:search"))
    found = get(client, lang, url(lang, "releases:search"), q="Astana")

    assertContains(empty, f"<h1>{words['label']}</h1>", html=True)
    assertContains(empty, f'<label for="search-q">{words["label"]}</label>', html=True)
    assertContains(empty, f'<p id="search-help" class="hint">{words["help"]}</p>', html=True)
    # The page's own button and the one in the header.
    assertContains(empty, f'<button type="submit">{words["button"]}</button>', count=2, html=True)
    assertContains(found, words["title"], html=True)
    assertContains(
        found, f'<p class="search-summary" role="status">{words["found"]}</p>', html=True
    )


@pytest.mark.parametrize(
    ("lang", "heading", "text"),
    [
        (
            "az",
            "Səhifə tapılmadı",
            "Bu ünvanda səhifə yoxdur. Ünvan səhv yazılmış ola bilər, yaxud press-reliz dərc "
            "olunmayıb.",
        ),
        (
            "ru",
            "Страница не найдена",
            "По этому адресу страницы нет. Возможно, адрес набран с ошибкой или пресс-релиз "
            "не опубликован.",
        ),
    ],
)
def test_page_not_found(client, lang, heading, text):
    response = get(client, lang, url(lang, "releases:home") + "no-such-page/")

    assert response.status_code == 404
    assertContains(response, f"<h1>{heading}</h1>", status_code=404, html=True)
    assertContains(response, f"<p>{text}</p>", status_code=404, html=True)


FEED_TITLES = {
    "az": [
        "Milli Məclisin Mətbuat xidməti: son press-relizlər",
        "Sahiba Gafarova haqqında press-relizlər",
        "“TurkPA” teqli press-relizlər",
    ],
    "ru": [
        "Пресс-служба Милли Меджлиса: последние пресс-релизы",
        "Пресс-релизы: Sahiba Gafarova",
        "Пресс-релизы с тегом «TurkPA»",
    ],
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_feed_titles(client, newsroom, lang):
    feeds = [
        url(lang, "releases:feed_atom"),
        url(lang, "people:official_feed_atom", "sahiba-gafarova"),
        url(lang, "releases:tag_feed_rss", "turkpa"),
    ]
    for feed, title in zip(feeds, FEED_TITLES[lang], strict=True):
        assertContains(get(client, lang, feed), f"<title>{title}</title>", count=1)


@pytest.mark.parametrize(
    ("lang", "name"),
    [
        ("az", "Milli Məclisin Mətbuat xidməti: görüşlər"),
        ("ru", "Пресс-служба Милли Меджлиса: встречи"),
    ],
)
def test_calendar_name(client, newsroom, lang, name):
    response = get(client, lang, url(lang, "releases:meeting_calendar"))

    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["x-wr-calname"]) == name


@pytest.mark.parametrize(
    ("lang", "date", "updated"),
    [
        ("az", "28 mart 2022 | 18:10", "{time}29 mart 2022</time> tarixində yenilənib"),
        ("ru", "28 марта 2022 | 18:10", "Обновлено {time}29 марта 2022</time>"),
        ("en", "28 March 2022 | 18:10", "Updated {time}29 March 2022</time>"),
    ],
)
def test_release_page_dates_in_the_language(client, newsroom, lang, date, updated):
    in_three_languages(newsroom.published)
    note = ChangeNoteFactory(release=newsroom.published, noted_at=baku(2022, 3, 29, 10, 0))

    response = get(client, lang, release_url(lang, newsroom.published))

    published = newsroom.published.published_at.isoformat()
    assertContains(response, f'<time datetime="{published}">{date}</time>', count=1)
    time = f'<time datetime="{note.noted_at.isoformat()}">'
    assertContains(response, f'<span class="release__updated">· {updated.format(time=time)} (')


@pytest.mark.parametrize("lang", ["az", "en", "ru"])
def test_release_page_ends_with_the_texts_of_its_language(client, newsroom, lang):
    texts = settings.NEWSROOM_LANGUAGE_TEXTS[lang]
    in_three_languages(newsroom.published)

    response = get(client, lang, release_url(lang, newsroom.published))

    assertContains(response, texts["STANDING_PARAGRAPH"], count=1)
    assertContains(
        response,
        f'<p class="release__byline">{texts["DEFAULT_BYLINE"]}<br>{texts["SIGNATURE"]}</p>',
        html=True,
    )


def test_a_byline_of_its_own_is_shown_as_written(client):
    release = in_three_languages(ReleaseFactory(byline="Aysel Mammadova"))

    response = get(client, "ru", release_url("ru", release))

    assertContains(
        response, '<p class="release__byline">Aysel Mammadova<br>Милли Меджлис</p>', html=True
    )


def test_kept_release_cards_are_kept_per_language(client, newsroom):
    english = get(client, "en", url("en", "releases:release_index"))
    russian = get(client, "ru", url("ru", "releases:release_index"))
    english_again = get(client, "en", url("en", "releases:release_index"))

    assertContains(english, "28 March 2022 | 18:10", count=1)
    assertContains(russian, "28 марта 2022 | 18:10", count=1)
    assertContains(english_again, "28 March 2022 | 18:10", count=1)


@pytest.mark.parametrize(
    ("lang", "counts"),
    [
        ("az", ["1 press-reliz", "2 press-reliz", "5 press-reliz"]),
        ("ru", ["1 пресс-релиз", "2 пресс-релиза", "5 пресс-релизов"]),
    ],
)
def test_counts_take_the_plural_forms_of_the_language(client, lang, counts):
    countries = [CountryFactory(code=code) for code in ("GE", "KZ", "TR")]
    for country, how_many in zip(countries, (1, 2, 5), strict=True):
        for _ in range(how_many):
            ReleaseFactory(countries=[country])

    response = get(client, lang, url(lang, "people:country_list"))

    for text in counts:
        assertContains(response, f'<span class="count">{text}</span>', count=1, html=True)


@pytest.mark.parametrize(
    ("lang", "error"),
    [
        ("az", "<li>Ölkə: “zz” ölkəsi haqqında press-reliz yoxdur.</li>"),
        ("ru", "<li>Страна: Нет пресс-релизов о стране «zz».</li>"),
    ],
)
def test_filter_errors_and_labels(client, newsroom, lang, error):
    response = get(client, lang, url(lang, "releases:release_index"), country="zz")

    assertContains(response, error, status_code=400, html=True)


# A date in each language as the press office writes it, day first: "06 may 2021".
@pytest.mark.parametrize("lang", ["az", "en", "ru"])
@pytest.mark.parametrize("month", range(1, 13))
def test_dates_are_written_as_the_importer_reads_them(lang, month):
    moment = baku(2021, month, 6, 21, 12)
    with translation.override(lang):
        text = Template('{{ moment|date:"d E Y | H:i" }}').render(Context({"moment": moment}))
        nominative = Template('{{ moment|date:"F" }}').render(Context({"moment": moment}))

    day, name, year = text.split(" | ")[0].split()
    assert (day, year) == ("06", "2021")
    assert parse_date_line(text) == (moment, True)
    if lang == "az":
        assert name == {n: m for m, n in MONTHS_BY_LANGUAGE["az"].items()}[month]
    if lang == "ru":
        # The genitive of a date ("марта"), not the month's own name ("Март").
        assert MONTHS_BY_LANGUAGE["ru"][name] == month
        assert name != nominative.lower()


@pytest.mark.parametrize(
    ("lang", "positions"),
    [
        (
            "az",
            [
                "01 yanvar 2015 tarixindən 09 mart 2020 tarixinədək",
                "10 mart 2020 tarixindən bu günədək",
            ],
        ),
        ("ru", ["с 01 января 2015 по 09 марта 2020", "с 10 марта 2020 по настоящее время"]),
    ],
)
def test_an_officials_positions_are_dated_in_the_language(client, newsroom, lang, positions):
    response = get(client, lang, url(lang, "people:official_detail", "sahiba-gafarova"))

    for text in positions:
        assertContains(response, f'<span class="timeline__dates">{text}</span>', count=1)
