"""The sample content: fixtures/sample.json loads cleanly, twice, reproduces the
two seed releases of ../shared/seeds word for word, and holds their sample translations
(fixtures/translations/) as the Azerbaijani and Russian versions."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils.text import slugify
from taggit.models import Tag

from importing.parser import parse_file
from people.models import Country, Membership, Official, Position
from releases.models import Meeting, Release, Section, TaggedRelease
from tests.factories import baku

pytestmark = pytest.mark.django_db

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "sample.json"
TRANSLATIONS = Path(settings.BASE_DIR) / "fixtures" / "translations"
SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"

GAFAROVA_SLUG = (
    "chair-of-milli-majlis-sahiba-gafarova-meets-chairman-of-kazakhstan-parliaments-senate"
)
ABDIKARIMOV_SLUG = (
    "ambassador-serjan-abdikarimov-kazakhstan-has-always-supported-"
    "azerbaijans-territorial-integrity"
)
SEED_FILES = {
    GAFAROVA_SLUG: "000_bb650117f500152c.txt",
    ABDIKARIMOV_SLUG: "004_e6d9216516d6c033.txt",
}


@pytest.fixture
def countries_before():
    return Country.objects.count()


@pytest.fixture
def loaded(countries_before):
    call_command("loaddata", str(FIXTURE), verbosity=0)
    call_command("loaddata", str(FIXTURE), verbosity=0)
    return {
        "gafarova": Release.objects.get(slug=GAFAROVA_SLUG),
        "abdikarimov": Release.objects.get(slug=ABDIKARIMOV_SLUG),
    }


def test_loading_twice_creates_nothing_twice(loaded, countries_before):
    assert Release.objects.count() == 2
    assert Official.objects.count() == 5
    # The Chair's post in the 6th convocation and again in the 7th.
    assert Position.objects.count() == 8
    assert Membership.objects.count() == 4
    assert Meeting.objects.count() == 2
    assert Section.objects.count() == 1
    assert Tag.objects.count() == 7
    assert TaggedRelease.objects.count() == 10
    # Countries are the migration's ISO rows, updated in place, never added.
    assert Country.objects.count() == countries_before
    for code in ("AZ", "KZ", "AM"):
        assert Country.objects.filter(code=code).count() == 1
    assert Country.objects.get(code="KZ").other_names_list == [
        "Kazakh",
        "Kazakhstani",
        "Kazakhstan’s",
    ]
    assert sorted(Tag.objects.values_list("name", flat=True)) == [
        "Inter-parliamentary relations",
        "Kazakhstan",
        "OSCE PA",
        "TRACECA",
        "TURKSOY",
        "TurkPA",
        "Turkic Council",
    ]


def test_officials_and_their_positions_are_spelt_in_three_languages(loaded):
    officials = Official.objects.order_by("slug")

    assert [(o.full_name_en, o.full_name_az, o.full_name_ru) for o in officials] == [
        ("Azay Guliyev", "Azay Quliyev", "Азай Гулиев"),
        ("Ilham Aliyev", "İlham Əliyev", "Ильхам Алиев"),
        ("Maulen Ashimbayev", "Maulen Aşimbayev", "Маулен Ашимбаев"),
        ("Sahiba Gafarova", "Sahibə Qafarova", "Сахиба Гафарова"),
        ("Serjan Abdikarimov", "Serjan Abdikərimov", "Сержан Абдыкаримов"),
    ]
    for position in Position.objects.all():
        assert position.title_az and position.title_ru, position.title_en
    chair = Position.objects.filter(official__slug="sahiba-gafarova")
    assert [(p.title_az, p.title_ru, p.convocation.number) for p in chair] == [
        ("Milli Məclisin Sədri", "Председатель Милли Меджлиса", 7),
        ("Milli Məclisin Sədri", "Председатель Милли Меджлиса", 6),
    ]


def test_countries_keep_the_names_of_the_iso_list_in_three_languages(loaded):
    kz = Country.objects.get(code="KZ")

    assert (kz.name_en, kz.name_az, kz.name_ru) == ("Kazakhstan", "Qazaxstan", "Казахстан")
    assert kz.other_names_az == "Qazaxıstan\nQazaxıstan Respublikası\nqazaxıstanlı"


def test_first_release(loaded):
    release = loaded["gafarova"]

    assert release.title == (
        "Chair of Milli Majlis Sahiba Gafarova Meets Chairman of Kazakhstan Parliament’s Senate"
    )
    assert release.status == Release.Status.PUBLISHED
    assert release.published_at == baku(2022, 3, 28, 18, 10)
    assert release.local_published_at.strftime("%d %B %Y | %H:%M") == "28 March 2022 | 18:10"
    assert release.section.name == "Chair`s Travels"
    assert release.byline == "The Press and Public Relations Department"
    assert len(release.paragraphs) == 12
    assert "Azerbaijan’s victory in the 44 days’ Patriotic War" in release.body
    assert release.get_absolute_url() == f"/en/releases/2022/03/28/{GAFAROVA_SLUG}/"
    assert [o.slug for o in release.officials.order_by("slug")] == [
        "maulen-ashimbayev",
        "sahiba-gafarova",
    ]
    assert sorted(c.code for c in release.countries.all()) == ["AZ", "KZ"]
    assert sorted(release.tags.names()) == [
        "Inter-parliamentary relations",
        "Kazakhstan",
        "TurkPA",
    ]

    meeting = release.meeting
    assert meeting.date == datetime.date(2022, 3, 28)
    assert meeting.kind == Meeting.Kind.VISIT
    assert meeting.host_country.code == "KZ"
    assert sorted(p.full_name for p in meeting.participants.all()) == [
        "Maulen Ashimbayev",
        "Sahiba Gafarova",
    ]


def test_second_release(loaded):
    release = loaded["abdikarimov"]

    assert release.title == (
        "Ambassador Serjan Abdikarimov: ‘Kazakhstan Has Always Supported Azerbaijan’s "
        "Territorial Integrity’"
    )
    assert release.status == Release.Status.PUBLISHED
    assert release.published_at == baku(2021, 5, 6, 21, 12)
    assert release.local_published_at.strftime("%d %B %Y | %H:%M") == "06 May 2021 | 21:12"
    assert release.section is None
    assert len(release.paragraphs) == 6
    assert release.get_absolute_url() == f"/en/releases/2021/05/06/{ABDIKARIMOV_SLUG}/"
    assert [o.slug for o in release.officials.order_by("slug")] == [
        "azay-guliyev",
        "serjan-abdikarimov",
    ]
    assert sorted(release.tags.names()) == [
        "Inter-parliamentary relations",
        "Kazakhstan",
        "OSCE PA",
        "TRACECA",
        "TURKSOY",
        "TurkPA",
        "Turkic Council",
    ]

    meeting = release.meeting
    assert meeting.date == datetime.date(2021, 5, 6)
    assert meeting.kind == Meeting.Kind.BILATERAL
    assert meeting.host_country.code == "AZ"
    assert sorted(p.full_name for p in meeting.participants.all()) == [
        "Azay Guliyev",
        "Serjan Abdikarimov",
    ]


def test_officials_titles_on_the_release_dates(loaded):
    guliyev = Official.objects.get(slug="azay-guliyev")
    gafarova = Official.objects.get(slug="sahiba-gafarova")

    assert gafarova.title_on(datetime.date(2022, 3, 28)) == "Chair of the Milli Majlis"
    assert gafarova.title_on(datetime.date(2025, 3, 28)) == "Chair of the Milli Majlis"
    assert sorted(guliyev.title_on(datetime.date(2021, 5, 6)).split("; ")) == [
        "Chairman of the OSCE PA Silk Way Support Group",
        "Leader of the Milli Majlis Delegation to the OSCE PA",
        "OSCE PA Vice President",
    ]


def test_both_releases_are_public_and_valid(loaded):
    assert list(Release.objects.published()) == [loaded["gafarova"], loaded["abdikarimov"]]
    assert list(Meeting.objects.public()) == [
        loaded["gafarova"].meeting,
        loaded["abdikarimov"].meeting,
    ]
    for release in loaded.values():
        release.full_clean()


# --- word for word against the seed texts ---------------------------------------

DATE_LINE = re.compile(r"^\d{2} [A-Z][a-z]+ \d{4} \| \d{2}:\d{2}$")


def parse_seed(path):
    """Title, section, date line, body paragraphs, signature lines, standing paragraph."""
    lines = path.read_text(encoding="utf-8").splitlines()
    title = lines[0]
    date_index = next(i for i, line in enumerate(lines) if DATE_LINE.match(line.strip()))
    section = next((line for line in lines[1:date_index] if line.strip()), None)
    # Paragraphs are blocks of lines between blank lines.
    blocks, block = [], []
    for line in [*lines[date_index + 1 :], ""]:
        if line.strip():
            block.append(line)
        elif block:
            blocks.append(block)
            block = []
    signature_start = next(
        i for i, b in enumerate(blocks) if b[0] == settings.NEWSROOM["DEFAULT_BYLINE"]
    )
    return {
        "title": title,
        "section": section,
        "date": lines[date_index].strip(),
        "paragraphs": [" ".join(b) for b in blocks[:signature_start]],
        "signature": [line for b in blocks[signature_start:-1] for line in b],
        "standing": " ".join(blocks[-1]),
    }


@pytest.fixture
def seeds():
    if not SEEDS.is_dir():
        pytest.skip(f"The seed texts are not here: {SEEDS} is missing.")
    return {slug: parse_seed(SEEDS / name) for slug, name in SEED_FILES.items()}


@pytest.mark.parametrize("slug", [GAFAROVA_SLUG, ABDIKARIMOV_SLUG])
def test_release_is_the_seed_text_word_for_word(loaded, seeds, slug):
    seed = seeds[slug]
    release = Release.objects.get(slug=slug)

    assert release.title == seed["title"]
    assert release.body == "\n\n".join(seed["paragraphs"])
    assert release.paragraphs == seed["paragraphs"]
    assert (release.section.name if release.section else None) == seed["section"]
    assert release.local_published_at.strftime("%d %B %Y | %H:%M") == seed["date"]
    assert seed["signature"] == [release.byline, settings.NEWSROOM["SIGNATURE"]]


def test_standing_paragraph_is_the_seeds(seeds):
    assert {seed["standing"] for seed in seeds.values()} == {
        settings.NEWSROOM["STANDING_PARAGRAPH"]
    }


def test_typographic_characters_are_kept(loaded, seeds):
    first, second = seeds[GAFAROVA_SLUG], seeds[ABDIKARIMOV_SLUG]
    # The seeds really use them, so the comparisons above cover them.
    assert "’" in first["title"]
    assert first["section"] == "Chair`s Travels"
    assert "‘" in second["title"]
    assert "’" in second["title"]

    assert loaded["gafarova"].section.name == "Chair`s Travels"
    assert "'" not in loaded["gafarova"].title
    assert "'" not in loaded["abdikarimov"].title
    assert "'" not in loaded["gafarova"].body


def test_release_page_shows_the_seed_text(client, loaded, seeds):
    seed = seeds[GAFAROVA_SLUG]

    response = client.get(loaded["gafarova"].get_absolute_url())

    content = response.content.decode()
    assert f'<h1 class="release__title">{seed["title"]}</h1>' in content
    assert f'<p class="release__section">{seed["section"]}</p>' in content
    assert seed["date"] in content
    for paragraph in seed["paragraphs"]:
        assert f"<p>{paragraph}</p>" in content
    assert seed["standing"] in content


# --- the versions in three languages ----------------------------------------------


def test_both_releases_are_public_in_each_language(loaded):
    for language in ("az", "en", "ru"):
        assert list(Release.objects.published(language)) == [
            loaded["gafarova"],
            loaded["abdikarimov"],
        ], language
    for release in loaded.values():
        assert release.primary_language == "en"
        assert release.published_languages == "az en ru"
        assert release.written_languages == ["az", "en", "ru"]
        assert release.public_languages == ["az", "en", "ru"]


@pytest.mark.parametrize("language", ["az", "ru"])
@pytest.mark.parametrize("slug", [GAFAROVA_SLUG, ABDIKARIMOV_SLUG])
def test_each_version_is_the_sample_translation_word_for_word(loaded, slug, language):
    parsed = parse_file(TRANSLATIONS / f"{SEED_FILES[slug][:-4]}.{language}.txt")
    release = Release.objects.get(slug_en=slug)

    text = release.public_text(language)
    assert (text.language, text.stands_in) == (language, False)
    assert text.title == parsed.title
    assert text.body == parsed.body
    assert text.slug == slugify(parsed.title, allow_unicode=True)
    assert text.lead == ""
    assert release.published_at == parsed.published_at


def test_the_russian_and_azerbaijani_addresses_keep_their_letters(loaded):
    release = loaded["gafarova"]

    assert release.slug_ru == (
        "председатель-милли-меджлиса-сахиба-гафарова-встретилась-с-председателем-"
        "сената-парламента-казахстана"
    )
    assert release.slug_az == (
        "milli-məclisin-sədri-sahibə-qafarova-qazaxıstan-parlamenti-senatının-sədri-ilə-görüşüb"
    )
    assert list(Release.objects.filter(slug_ru=release.slug_ru)) == [release]


def test_sections_and_meetings_are_named_in_three_languages(loaded):
    section = loaded["gafarova"].section
    assert (section.name_en, section.name_az, section.name_ru) == (
        "Chair`s Travels",
        "Sədrin səfərləri",
        "Поездки Председателя",
    )
    meeting = loaded["abdikarimov"].meeting
    assert (meeting.description_en, meeting.description_az, meeting.description_ru) == (
        "Meeting with the Ambassador of Kazakhstan to Azerbaijan.",
        "Qazaxıstanın Azərbaycandakı səfiri ilə görüş.",
        "Встреча с Послом Казахстана в Азербайджане.",
    )
    for meeting in Meeting.objects.all():
        assert meeting.description_az and meeting.description_ru, meeting.description_en


def test_the_mps_sit_in_the_6th_and_7th_convocations(loaded):
    sat = Membership.objects.order_by("official__slug", "convocation__number")
    assert [(m.official.slug, m.convocation.number) for m in sat] == [
        ("azay-guliyev", 6),
        ("azay-guliyev", 7),
        ("sahiba-gafarova", 6),
        ("sahiba-gafarova", 7),
    ]
