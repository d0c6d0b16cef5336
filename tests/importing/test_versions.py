"""Importing a release's versions: each language's text joined to its one release."""

import datetime
import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils.text import slugify

from importing.parser import parse_file
from releases.models import Release, WorkflowEvent
from tests.factories import OfficialFactory, ReleaseFactory, baku
from tests.releases.seed_data import DATA, FIXTURE, SEED_COPIES, load_people_only

pytestmark = pytest.mark.django_db

VERSIONS = DATA / "versions"
CHAIR, AMBASSADOR = "000_bb650117f500152c", "004_e6d9216516d6c033"
CHAIR_TITLE = (
    "Chair of Milli Majlis Sahiba Gafarova Meets Chairman of Kazakhstan Parliament’s Senate"
)


def run(*args):
    out = io.StringIO()
    call_command("import_releases", *map(str, args), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def text(seed, language):
    return SEED_COPIES / f"{seed}.txt" if language == "en" else VERSIONS / f"{seed}.{language}.txt"


def fixture_versions():
    """{English title: {column: value}} of the fixture's releases' versions."""
    found = {}
    for item in json.loads(FIXTURE.read_text(encoding="utf-8")):
        if item["model"] == "releases.release":
            fields = item["fields"]
            found[fields["title_en"]] = {
                f"{name}_{lang}": fields[f"{name}_{lang}"]
                for name in ("title", "slug", "lead", "body")
                for lang in ("az", "en", "ru")
            }
    return found


def versions_of(release):
    return {
        f"{name}_{lang}": getattr(release, f"{name}_{lang}")
        for name in ("title", "slug", "lead", "body")
        for lang in ("az", "en", "ru")
    }


def links_of(release):
    return {
        "officials": sorted(release.officials.values_list("slug", flat=True)),
        "mentioned_officials": sorted(release.mentioned_officials.values_list("slug", flat=True)),
        "countries": sorted(release.countries.values_list("code", flat=True)),
        "mentioned_countries": sorted(release.mentioned_countries.values_list("code", flat=True)),
        "tags": sorted(release.tags.names()),
        "meeting": release.meeting_id,
    }


def test_the_copies_are_the_fixtures_sample_translations():
    translations = Path(FIXTURE).parent / "translations"
    copies = sorted(p.name for p in VERSIONS.glob("*.txt"))
    assert copies == sorted(p.name for p in translations.glob("*.txt"))
    for name in copies:
        assert (VERSIONS / name).read_bytes() == (translations / name).read_bytes()


def test_english_then_russian_then_azerbaijani_make_one_release_of_three_versions():
    load_people_only()

    outputs = [run(text(CHAIR, lang)) for lang in ("en", "ru", "az")]

    release = Release.objects.get()
    assert [out.splitlines()[-1] for out in outputs] == [
        "1 created, 0 joined, 0 updated, 0 skipped, 0 failed (1 file).",
        "0 created, 1 joined, 0 updated, 0 skipped, 0 failed (1 file).",
        "0 created, 1 joined, 0 updated, 0 skipped, 0 failed (1 file).",
    ]
    assert (
        f"{text(CHAIR, 'ru')}: joined to release {release.pk} “{CHAIR_TITLE}” as its Russian "
        "version." in outputs[1]
    )
    assert versions_of(release) == fixture_versions()[CHAIR_TITLE]
    assert release.primary_language == "en"
    assert release.written_languages == ["az", "en", "ru"]
    assert release.status == Release.Status.DRAFT
    assert release.published_languages == ""
    # Each text finds the same people and meeting: one meeting, the links of the fixture.
    assert links_of(release) == {
        "officials": ["maulen-ashimbayev", "sahiba-gafarova"],
        "mentioned_officials": ["ilham-aliyev"],
        "countries": ["AZ", "KZ"],
        "mentioned_countries": ["AM"],
        "tags": ["TurkPA"],
        "meeting": release.meeting_id,
    }
    assert release.meeting.participants.count() == 2
    assert sorted(
        WorkflowEvent.objects.filter(release=release).values_list("comment", flat=True)
    ) == [
        "Azerbaijani version imported from 000_bb650117f500152c.az.txt",
        "Imported from 000_bb650117f500152c.txt",
        "Russian version imported from 000_bb650117f500152c.ru.txt",
    ]


def test_a_version_imported_again_is_skipped_not_overwritten():
    load_people_only()
    run(text(CHAIR, "en"))
    run(text(CHAIR, "ru"))

    out = run(text(CHAIR, "ru"))

    assert out.splitlines()[-1] == "0 created, 0 joined, 0 updated, 1 skipped, 0 failed (1 file)."
    assert Release.objects.count() == 1


def moved(tmp_path, seed, language, *, time):
    """The version's text with another time on its date line."""
    source = text(seed, language)
    path = tmp_path / source.name
    path.write_text(source.read_text(encoding="utf-8").replace("18:10", time), encoding="utf-8")
    return path


def test_translation_of_joins_what_the_rule_would_not(tmp_path):
    load_people_only()
    run(text(CHAIR, "en"))
    english = Release.objects.get()
    late = moved(tmp_path, CHAIR, "ru", time="18:40")

    by_id = run(late, "--translation-of", english.pk, "--dry-run")
    by_address = run(late, "--translation-of", english.get_absolute_url())

    assert by_id.splitlines()[-1] == (
        "Dry run, nothing written. Would have: "
        "0 created, 1 joined, 0 updated, 0 skipped, 0 failed (1 file)."
    )
    assert by_address.splitlines()[-1] == (
        "0 created, 1 joined, 0 updated, 0 skipped, 0 failed (1 file)."
    )
    assert list(Release.objects.all()) == [english]
    english.refresh_from_db()
    assert english.title_ru == parse_file(late).title
    assert english.published_at == baku(2022, 3, 28, 18, 10)


def test_without_translation_of_another_minute_is_another_release(tmp_path):
    load_people_only()
    run(text(CHAIR, "en"))

    run(moved(tmp_path, CHAIR, "ru", time="18:11"))

    english, russian = Release.objects.order_by("published_at")
    assert (english.title_ru, russian.title_en) == (None, None)
    assert russian.primary_language == "ru"


def test_releases_of_the_same_minute_about_other_people_are_not_joined():
    load_people_only()
    other = ReleaseFactory(
        title="Deputy speaker receives a delegation",
        slug="deputy-speaker-receives-a-delegation",
        published_at=baku(2022, 3, 28, 18, 10),
        officials=[OfficialFactory()],
    )

    out = run(text(CHAIR, "ru"))

    assert out.splitlines()[-1] == "1 created, 0 joined, 0 updated, 0 skipped, 0 failed (1 file)."
    russian = Release.objects.exclude(pk=other.pk).get()
    other.refresh_from_db()
    assert other.title_ru is None
    assert (russian.primary_language, russian.title_en) == ("ru", None)


def test_two_releases_that_could_be_the_one_are_neither_joined(tmp_path):
    load_people_only()
    run(text(CHAIR, "en"))
    first = Release.objects.get()
    second = ReleaseFactory(
        title="The Chair in Astana",
        slug="the-chair-in-astana",
        published_at=first.published_at,
        meeting=first.meeting,
        status=Release.Status.DRAFT,
    )

    out = run(text(CHAIR, "ru"))

    assert (
        f"{text(CHAIR, 'ru')}: not joined to another version (2 releases of the same minute "
        "are about the same people): imported as a release of its own; name its release "
        "with --translation-of if it is a translation." in out
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.title_ru, second.title_ru) == (None, None)
    assert Release.objects.count() == 3


def test_a_version_joined_to_a_published_release_is_not_public():
    load_people_only()
    run(text(CHAIR, "en"), "--publish")

    out = run(text(CHAIR, "ru"), "--publish")

    release = Release.objects.get()
    assert release.title_ru
    assert release.published_languages == "en"
    assert list(Release.objects.published("en")) == [release]
    assert list(Release.objects.published("ru")) == []
    assert (
        f"{text(CHAIR, 'ru')}: release {release.pk} is already published: its Russian version "
        "stays unpublished until an editor publishes it as a correction." in out
    )


def test_a_batch_of_three_languages_joins_them_in_one_run(tmp_path):
    load_people_only()
    for seed in (CHAIR, AMBASSADOR):
        for lang in ("az", "en", "ru"):
            shutil.copy(text(seed, lang), tmp_path)

    out = run(tmp_path, "--publish")

    assert out.splitlines()[-1] == "2 created, 4 joined, 0 updated, 0 skipped, 0 failed (6 files)."
    expected = fixture_versions()
    releases = list(Release.objects.order_by("-published_at"))
    assert [r.title_en for r in releases] == list(expected)
    for release in releases:
        assert versions_of(release) == expected[release.title_en]
        assert release.primary_language == "en"
        assert release.published_languages == "az en ru"
    for lang in ("az", "en", "ru"):
        assert list(Release.objects.published(lang)) == releases
    assert links_of(releases[0])["officials"] == ["maulen-ashimbayev", "sahiba-gafarova"]
    assert links_of(releases[1])["officials"] == ["azay-guliyev", "serjan-abdikarimov"]
    assert releases[0].section.name_en == "Chair`s Travels"
    assert releases[0].meeting.date == datetime.date(2022, 3, 28)


def test_a_batch_of_versions_runs_as_many_queries_as_one_release(tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    load_people_only()
    run(SEED_COPIES / f"{CHAIR}.txt")  # its section made once for all
    Release.objects.all().delete()
    counts = {}
    for days in ((28,), (28, 27, 26)):
        folder = tmp_path / str(len(days))
        folder.mkdir()
        for day in days:
            for lang in ("az", "en", "ru"):
                source = text(CHAIR, lang)
                # The same release on other days: 28 March, 28 mart, 28 марта.
                moved = source.read_text(encoding="utf-8").replace("28 ", f"{day} ", 1)
                moved = moved.replace("\n28 ", f"\n{day} ", 1)
                (folder / f"{day}-{source.name}").write_text(moved, encoding="utf-8")
        with CaptureQueriesContext(connection) as ctx:
            out = run(folder)
        counts[len(days)] = len(ctx.captured_queries)
        assert out.splitlines()[-1] == (
            f"{len(days)} created, {2 * len(days)} joined, 0 updated, 0 skipped, 0 failed "
            f"({3 * len(days)} files)."
        )
        Release.objects.all().delete()

    assert counts[3] == counts[1]


def test_slugs_keep_their_letters_and_are_unique_that_day_in_their_language(tmp_path):
    load_people_only()
    ru = text(CHAIR, "ru")
    title = parse_file(ru).title
    ReleaseFactory(
        title="Something else",
        slug="something-else",
        slug_ru=slugify(title, allow_unicode=True),
        title_ru="Другое",
        body_ru="Текст.",
        published_at=baku(2022, 3, 28, 9, 0),
    )

    run(ru)

    release = Release.objects.get(title_ru=title)
    assert release.slug_ru == slugify(title, allow_unicode=True) + "-2"
