"""Reading releases in Azerbaijani and Russian: their dates, signatures and standing
paragraphs, and the language each is written in."""

import datetime
import zoneinfo
from pathlib import Path

import pytest
from django.utils.text import slugify

from importing import imports
from importing.languages import DATE_MONTHS, MONTHS_BY_LANGUAGE, text_language
from importing.parser import parse_date_line, parse_file
from releases.models import Release
from tests.releases.seed_data import SEED_COPIES

BAKU = zoneinfo.ZoneInfo("Asia/Baku")
TEXTS = Path(__file__).resolve().parent.parent / "data" / "languages"


def test_an_azerbaijani_release_is_read_in_its_layout():
    parsed = parse_file(TEXTS / "chair_az.txt")

    assert parsed.language == "az"
    assert parsed.title == (
        "Milli Məclisin Sədri Sahibə Qafarova Qazaxıstan Parlamenti Senatının Sədri ilə görüşüb"
    )
    assert parsed.section == "Sədrin səfərləri"
    assert parsed.published_at == datetime.datetime(2022, 3, 28, 18, 10, tzinfo=BAKU)
    assert parsed.byline == "Mətbuat və ictimaiyyətlə əlaqələr şöbəsi"
    # The signature and the standing paragraph in Azerbaijani are not kept as body.
    assert parsed.body.split("\n\n") == [
        "Milli Məclisin Sədri Sahibə Qafarova martın 28-də Qazaxıstan Respublikasına "
        "işgüzar səfəri çərçivəsində Qazaxıstan Parlamenti Senatının Sədri Maulen Aşimbayev "
        "ilə görüşüb.",
        "Görüşdə hər iki tərəfi maraqlandıran məsələlər ətrafında fikir mübadiləsi aparılıb.",
    ]


def test_a_russian_release_is_read_in_its_layout():
    parsed = parse_file(TEXTS / "chair_ru.txt")

    assert parsed.language == "ru"
    assert parsed.section == "Поездки Председателя"
    assert parsed.published_at == datetime.datetime(2022, 3, 28, 18, 10, tzinfo=BAKU)
    assert parsed.byline == "Отдел по связям с прессой и общественностью"
    assert parsed.body.split("\n\n") == [
        "Председатель Милли Меджлиса Сахиба Гафарова 28 марта в рамках рабочей поездки в "
        "Республику Казахстан встретилась с Председателем Сената Парламента Казахстана "
        "Мауленом Ашимбаевым.",
        "В ходе встречи состоялся обмен мнениями по вопросам, представляющим интерес для "
        "обеих сторон.",
    ]


def test_the_english_samples_are_english():
    for path in sorted(SEED_COPIES.glob("*.txt")):
        assert parse_file(path).language == "en"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("28 mart 2022 | 18:10", (2022, 3, 28, 18, 10)),
        ("6 may 2021 | 21:12", (2021, 5, 6, 21, 12)),
        ("1 avqust 2023", (2023, 8, 1, 0, 0)),
        ("28 марта 2022 | 18:10", (2022, 3, 28, 18, 10)),
        ("28 марта 2022 г. | 18:10", (2022, 3, 28, 18, 10)),
        ("6 мая 2021 в 21:12", (2021, 5, 6, 21, 12)),
        ("1 Сентября 2023", (2023, 9, 1, 0, 0)),
        ("28 March 2022 | 18:10", (2022, 3, 28, 18, 10)),
    ],
)
def test_date_lines_in_each_language(line, expected):
    at, _has_time = parse_date_line(line)

    assert at == datetime.datetime(*expected, tzinfo=BAKU)


@pytest.mark.parametrize("line", ["28 martobr 2022", "28 мартоября 2022", "32 mart 2022"])
def test_what_is_not_a_date_in_any_language_is_not_read_as_one(line):
    try:
        assert parse_date_line(line) is None
    except ValueError:
        assert line.startswith("32")  # a real month, an impossible day


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Sahiba Gafarova met the Speaker of the Senate.", "en"),
        ("Sahibə Qafarova Senatın Sədri ilə görüşüb.", "az"),
        ("Сахиба Гафарова встретилась с Председателем Сената.", "ru"),
        # An Azerbaijani name in an English text does not make it Azerbaijani.
        (
            "Mr Ashimbayev congratulated Mrs Gafarova on the victory in Şuşa and across "
            "the liberated lands, and the two discussed cooperation at length.",
            "en",
        ),
    ],
)
def test_the_language_of_a_text(text, language):
    assert text_language(text) == language


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "language"), [("chair_az.txt", "az"), ("chair_ru.txt", "ru")])
def test_a_release_in_another_language_is_imported_as_its_original(name, language):
    parsed = parse_file(TEXTS / name)

    result = imports.release_import(parsed=parsed)

    release = Release.objects.get()
    assert (result.outcome, result.release) == ("created", release)
    assert release.primary_language == language
    assert release.written_languages == [language]
    assert release.text_in(language).title == parsed.title
    assert release.text_in(language).body == parsed.body
    assert release.text_in(language).slug == slugify(parsed.title, allow_unicode=True)
    assert (release.title_en, release.slug_en, release.body_en) == (None, None, None)
    assert release.status == Release.Status.DRAFT
    assert release.published_languages == ""


# The sample translations ------------------------------------------------------------

TRANSLATIONS = Path(__file__).resolve().parent.parent.parent / "fixtures" / "translations"
NAMES = {
    ("000_bb650117f500152c", "az"): ["Sahibə Qafarova", "Maulen Aşimbayev", "İlham Əliyev"],
    ("000_bb650117f500152c", "ru"): ["Сахиба Гафарова", "Маулен Ашимбаев", "Ильхама Алиева"],
    ("004_e6d9216516d6c033", "az"): ["Azay Quliyev", "Serjan Abdikərimov", "TürkPA"],
    ("004_e6d9216516d6c033", "ru"): ["Азай Гулиев", "Сержаном Абдыкаримовым", "ТюркПА"],
}


@pytest.mark.parametrize(("seed", "language"), sorted(NAMES))
def test_each_sample_translation_is_read_as_its_language_paragraph_for_paragraph(seed, language):
    english = parse_file(SEED_COPIES / f"{seed}.txt")
    translation = parse_file(TRANSLATIONS / f"{seed}.{language}.txt")

    assert translation.language == language
    assert translation.published_at == english.published_at
    assert bool(translation.section) == bool(english.section)
    # Translated paragraph by paragraph, with nothing of the signature or standing text.
    assert len(translation.body.split("\n\n")) == len(english.body.split("\n\n"))
    for name in NAMES[seed, language]:
        assert name in translation.body
    assert "125" not in translation.body


def test_no_month_name_stands_for_two_months():
    # Date lines are read with every language's names at once (DATE_MONTHS).
    for months in MONTHS_BY_LANGUAGE.values():
        assert {name: DATE_MONTHS[name] for name in months} == months
