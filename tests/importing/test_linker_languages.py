"""The linker in Azerbaijani and Russian texts: officials and countries by their names in
those languages, declined or with suffixes, as the English version finds them."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from importing.linker import Linker
from importing.parser import parse_file
from people.models import Country, Official
from tests.factories import OfficialFactory, country, spelt
from tests.releases.seed_data import SEED_COPIES, load_people_only

pytestmark = pytest.mark.django_db

TRANSLATIONS = Path(settings.BASE_DIR) / "fixtures" / "translations"
LANGUAGE_TEXTS = SEED_COPIES.parent / "languages"
SAMPLES = ["000_bb650117f500152c", "004_e6d9216516d6c033"]


def read(path, language=None):
    """(slugs of the officials, of those mentioned, country codes, of those mentioned,
    (meeting date, participants, host, kind)) of the release in ``path``."""
    parsed = parse_file(path)
    links = Linker.from_database().link(
        title=parsed.title,
        lead=parsed.lead,
        body=parsed.body,
        published_on=parsed.published_on,
        language=language,
    )
    return as_data(links)


def as_data(links):
    slugs = dict(Official.objects.values_list("pk", "slug"))
    codes = dict(Country.objects.values_list("pk", "code"))
    meeting = links.meeting
    return {
        "officials": [slugs[pk] for pk in links.officials],
        "mentioned_officials": [slugs[pk] for pk in links.mentioned_officials],
        "countries": [codes[pk] for pk in links.countries],
        "mentioned_countries": [codes[pk] for pk in links.mentioned_countries],
        "meeting": meeting
        and (
            meeting.date,
            [slugs[pk] for pk in meeting.official_ids],
            codes.get(meeting.host_country_id),
            meeting.kind,
        ),
    }


def link(text, language, on=datetime.date(2023, 6, 1)):
    return Linker.from_database().link(body=text, published_on=on, language=language)


@pytest.mark.parametrize("language", ["az", "ru"])
@pytest.mark.parametrize("sample", SAMPLES)
def test_a_translation_links_what_the_english_release_links(sample, language):
    load_people_only()

    english = read(SEED_COPIES / f"{sample}.txt")
    translated = read(TRANSLATIONS / f"{sample}.{language}.txt")

    assert translated == english
    assert english["officials"] and english["countries"]  # the comparison means something


def test_what_the_english_chair_release_links():
    load_people_only()

    assert read(SEED_COPIES / "000_bb650117f500152c.txt") == {
        "officials": ["sahiba-gafarova", "maulen-ashimbayev"],
        "mentioned_officials": ["ilham-aliyev"],
        "countries": ["AZ", "KZ"],
        "mentioned_countries": ["AM"],
        "meeting": (
            datetime.date(2022, 3, 28),
            ["sahiba-gafarova", "maulen-ashimbayev"],
            "KZ",
            "visit",
        ),
    }


@pytest.mark.parametrize("language", ["az", "ru"])
def test_the_short_chair_texts_link_the_meeting_of_the_english_paragraph(language):
    load_people_only()
    english = parse_file(SEED_COPIES / "000_bb650117f500152c.txt")
    first_paragraph = english.body.split("\n\n")[0]

    links = Linker.from_database().link(
        title=english.title, body=first_paragraph, published_on=english.published_on
    )

    assert read(LANGUAGE_TEXTS / f"chair_{language}.txt") == as_data(links)


def test_the_language_is_told_by_the_letters_when_not_given():
    load_people_only()

    assert read(LANGUAGE_TEXTS / "chair_ru.txt", language=None) == read(
        LANGUAGE_TEXTS / "chair_ru.txt", language="ru"
    )


@pytest.fixture
def gafarova():
    return OfficialFactory(
        **spelt("Sahiba Gafarova", "Sahibə Qafarova", "Сахиба Гафарова"), country=country("AZ")
    )


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "Сахиба Гафарова выступила."),
        ("ru", "Визит Сахибы Гафаровой завершился."),
        ("ru", "Он встретился с Сахибой Гафаровой."),
        ("ru", "Он рассказал Сахибе Гафаровой о визите."),
        ("ru", "Заверил г-жу Гафарову в поддержке."),
        ("ru", "По словам Гафаровой, сотрудничество растет."),
        ("ru", "Гафарова Сахиба выступила."),
        ("az", "Sahibə Qafarova çıxış edib."),
        ("az", "Sahibə Qafarovanın sözlərinə görə, əməkdaşlıq genişlənir."),
        ("az", "O, Sahibə Qafarovaya məlumat verib."),
        ("az", "Xanım Qafarovanı salamlayıb."),
        ("az", "Qafarova Sahibə çıxış edib."),
    ],
)
def test_an_official_is_found_in_every_form(gafarova, language, text):
    assert link(text, language).officials == [gafarova.pk]


@pytest.mark.parametrize(
    ("language", "text", "code"),
    [
        ("ru", "Делегация Казахстана прибыла.", "KZ"),
        ("ru", "Поездка в Республику Казахстан.", "KZ"),
        ("ru", "Поддержка, оказанная казахстанской стороной.", "KZ"),
        ("ru", "Граница с Арменией.", "AM"),
        ("ru", "Визит в Российскую Федерацию.", "RU"),
        ("ru", "Посол в Соединенных Штатах Америки.", "US"),
        ("ru", "Делегация США.", "US"),
        ("az", "Qazaxıstanın nümayəndə heyəti gəlib.", "KZ"),
        ("az", "Qazaxıstan Respublikasına səfər.", "KZ"),
        ("az", "Qazaxstanda keçirilən görüş.", "KZ"),
        ("az", "Ermənistanla sərhəd.", "AM"),
        ("az", "ABŞ-ın səfiri.", "US"),
        ("az", "İranın səfiri.", "IR"),
    ],
)
def test_a_country_is_found_in_every_form(language, text, code):
    assert link(text, language).mentioned_countries == [country(code).pk]


def test_a_different_person_with_a_name_of_the_same_start_is_not_found():
    quliyev = OfficialFactory(**spelt("Azay Guliyev", "Azay Quliyev", "Азай Гулиев"))
    OfficialFactory(**spelt("Hasan Aliyev", "Həsən Əliyev", "Гасан Алиев"))
    gasan = OfficialFactory(**spelt("Ali Gasan", "Əli Həsən", "Али Гасан"))

    # Quliyevə is Quliyev's dative; Quliyeva another person: suffixes follow the last vowel.
    assert link("Quliyevə məktub göndərilib.", "az").officials == [quliyev.pk]
    assert link("Deputat Quliyeva danışıb.", "az").officials == []
    # A surname alone is not the start of a longer one ("Гасан" in "Гасанов")…
    assert link("Выступил Гасанов.", "ru").officials == []
    # … but it is declined.
    assert link("Награду вручили Гасану.", "ru").officials == [gasan.pk]


def test_a_name_written_with_a_capital_is_found_only_so_written():
    links = link("Мало того, того же мнения и малые страны.", "ru")
    assert links.mentioned_countries == []
    assert link("mali məsələlər müzakirə olunub.", "az").mentioned_countries == []
    assert link("Делегация Того и Мали.", "ru").mentioned_countries == [
        country("TG").pk,
        country("ML").pk,
    ]


def test_words_that_only_start_like_a_country_are_not_it():
    # Armen is a name, İsveçrə another country, иранист no ending of Иран.
    links = link("Армен Саркисян, иранист, выступил.", "ru")
    assert links.mentioned_countries == []
    assert link("İsveçrənin nümayəndəsi.", "az").mentioned_countries == [country("CH").pk]


def test_an_official_without_a_name_in_the_language_is_read_by_the_english_one():
    guest = OfficialFactory(full_name="Amir Ohana", country=country("IL"))

    assert link("Milli Məclisin Sədri Amir Ohananı qəbul edib.", "az").officials == [guest.pk]


@pytest.mark.parametrize("active", ["az", "en", "ru"])
def test_the_linker_reads_every_language_whatever_language_is_active(gafarova, active):
    with translation.override(active):
        linker = Linker.from_database()

    for language, text in [
        ("en", "Sahiba Gafarova spoke in Kazakhstan."),
        ("az", "Sahibə Qafarova Qazaxıstanda çıxış edib."),
        ("ru", "Сахиба Гафарова выступила в Казахстане."),
    ]:
        links = linker.link(body=text, language=language)
        assert links.officials == [gafarova.pk], (active, language)
        assert links.mentioned_countries == [country("KZ").pk], (active, language)
