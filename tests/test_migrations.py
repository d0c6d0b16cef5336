"""The migrations stand alone: they import nothing of the project's own code, and they
take an empty database, and one with releases in it, to the latest schema.

A migration runs with the models of its own time (``apps.get_model``). Code of the
live apps changes with today's models, so a migration that calls it breaks, or
writes different data, the day that code moves on.
"""

import ast
import importlib
from pathlib import Path

import pytest
from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from people.models import Country, Official
from releases.models import (
    CountedRelease,
    FacetCount,
    OfficialPortrait,
    Organisation,
    Release,
    ReleasePhoto,
)
from search import vector
from tests.factories import (
    CountryFactory,
    OfficialFactory,
    OfficialPortraitFactory,
    PositionFactory,
    ReleaseFactory,
    SectionFactory,
    baku,
)
from tests.images import image_bytes

postgres_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="search vectors are PostgreSQL's"
)
PROJECT_APPS = ("majlis_site", "people", "releases", "tests")
# A field's validators are part of its state, so a migration names them by their
# import path; that path is kept stable, and it holds no data-changing code.
FIELD_VALIDATORS = ("safety.uploads",)
MIGRATION_FILES = sorted(
    path
    for app in ("people", "releases")
    for path in (settings.BASE_DIR / app / "migrations").glob("[0-9]*.py")
)


def project_imports(path):
    """The imports of the project's own code (or of Django's live model registry) in
    the migration file at ``path``, anywhere in it (inside functions too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # from . import …: the app's own package
                names = [f"{'.' * node.level}{node.module or ''}"]
            elif node.module == "django.apps":
                names = [f"django.apps.{alias.name}" for alias in node.names]
            else:
                names = [node.module]
        else:
            continue
        for name in names:
            if name in FIELD_VALIDATORS and isinstance(node, ast.Import):
                continue
            if name.startswith(".") or name.split(".")[0] in PROJECT_APPS:
                found.append(f"{Path(path).name}:{node.lineno} imports {name}")
            elif name == "django.apps.apps":
                found.append(f"{Path(path).name}:{node.lineno} imports the live models")
    return found


def test_the_migration_files_are_found():
    names = {(path.parent.parent.name, path.stem) for path in MIGRATION_FILES}
    assert ("people", "0001_initial") in names
    assert ("releases", "0009_release_search_vector") in names
    assert ("releases", "0014_count_again") in names


def test_no_migration_imports_the_projects_code():
    assert [found for path in MIGRATION_FILES for found in project_imports(path)] == []


def test_the_import_check_sees_imports_inside_functions(tmp_path):
    migration = tmp_path / "0099_example.py"
    migration.write_text(
        "import releases.models\n"
        "from django.apps import apps\n"
        "from django.db import migrations\n"
        "from . import helpers\n"
        "def forward(apps, schema_editor):\n"
        "    from releases.services import releases_recount\n"
        "    from people import models\n"
        "    import majlis_site.settings\n"
    )
    assert project_imports(migration) == [
        "0099_example.py:1 imports releases.models",
        "0099_example.py:2 imports the live models",
        "0099_example.py:4 imports .",
        "0099_example.py:6 imports releases.services",
        "0099_example.py:7 imports people",
        "0099_example.py:8 imports majlis_site.settings",
    ]


# The frozen code gives what today's code gives -------------------------------------


def migration(name):
    return importlib.import_module(f"releases.migrations.{name}")


def models_of(name):
    """The historical models as they were just after the releases migration ``name``."""
    return MigrationLoader(connection).project_state(("releases", name)).apps


@pytest.fixture
def newsroom(db, now):
    """Releases linked in every way the vector and the counts read, and some that the
    counts leave out (a draft, a scheduled one)."""
    kz, tr = CountryFactory(code="KZ"), CountryFactory(code="TR")
    kz.other_names = "Kazakh\nKazakhstani"
    kz.save()
    speaker = OfficialFactory(full_name="Sahiba Gafarova", country=CountryFactory(code="AZ"))
    PositionFactory(official=speaker, title="Chair", organisation="Milli Majlis")
    PositionFactory(official=speaker, title="President", organisation="TurkPA")
    guest = OfficialFactory(full_name="Yerlan Koshanov", country=kz)
    section = SectionFactory(name="Chair’s Travels", slug="travels")
    return [
        ReleaseFactory(
            title="Chair meets the Kazakh speaker",
            lead="Talks in Astana.",
            body="The parliaments agreed.\n\nA second paragraph.",
            published_at=baku(2021, 5, 4, 12, 0),
            officials=[speaker, guest],
            countries=[kz, tr],
            tags=["TurkPA", "Visits"],
            section=section,
        ),
        ReleaseFactory(published_at=baku(2022, 1, 1, 0, 30), countries=[tr], tags=["TurkPA"]),
        ReleaseFactory(title="No links at all", published_at=baku(2020, 12, 31, 23, 59)),
        ReleaseFactory(scheduled=True, officials=[guest], section=section),
        ReleaseFactory(draft=True, officials=[speaker], countries=[kz], tags=["Visits"]),
    ]


def counts():
    return (
        set(CountedRelease.objects.values_list("release_id", "counted_as", "due_at")),
        set(
            FacetCount.objects.values_list("year", "first", "second_kind", "second_id", "releases")
        ),
    )


@postgres_only
def test_the_frozen_search_vector_is_todays(newsroom):
    vector.releases_reindex()
    # The English vector, of the releases public in English: a draft has none (a version
    # is indexed once it is published), where 0009 indexed every release.
    english = Release.objects.filter(published_languages__contains="en")
    today = dict(english.values_list("pk", "search_vector"))
    assert None not in today.values()
    assert list(Release.objects.exclude(pk__in=today).values_list("search_vector", flat=True))
    assert set(Release.objects.exclude(pk__in=today).values_list("search_vector", flat=True)) == {
        None
    }
    Release.objects.update(search_vector=None)
    apps = models_of("0009_release_search_vector")
    apps.get_model("releases", "Release").objects.update(
        search_vector=migration("0009_release_search_vector").search_vector_expression(apps)
    )
    assert dict(english.values_list("pk", "search_vector")) == today


def test_the_frozen_count_is_todays(newsroom):
    vector.releases_reindex()
    today = counts()
    assert len(today[0]) == 4  # the draft is not counted
    FacetCount.objects.update(releases=99)
    migration("0014_count_again").count_again(models_of("0014_count_again"), None)
    assert counts() == today


# Migrating a database for real -----------------------------------------------------
#
# A transactional test ends by emptying every table, the rows the data migrations
# wrote too; serialized_rollback reloads them at the start of the next such test, and
# restore_migrated_data once more after the last one, for whatever runs next.
migrating = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(scope="module")
def restore_migrated_data(django_db_blocker):
    """After the module's tests, the rows the migrations wrote are back."""
    yield
    with django_db_blocker.unblock():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents:
            connection.creation.deserialize_db_from_string(contents)
        # Tables made again start their ids afresh: on from the rows just reloaded.
        models = [model for app in global_apps.get_app_configs() for model in app.get_models()]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)


def migrate(targets):
    """Migrate to ``targets`` [(app, migration name or None for none)]; returns the loader."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationLoader(connection)


def leaves():
    return MigrationLoader(connection).graph.leaf_nodes()


@migrating
def test_an_empty_database_migrates_from_zero_to_the_latest(restore_migrated_data):
    latest = leaves()
    try:
        loader = migrate([(app, None) for app in MigrationLoader(connection).migrated_apps])
        assert loader.applied_migrations == {}
        assert connection.introspection.table_names() == ["django_migrations"]

        loader = migrate(latest)
        assert MigrationExecutor(connection).migration_plan(latest) == []
        assert set(loader.applied_migrations) == set(loader.graph.nodes)
    finally:
        migrate(latest)
    tables = set(connection.introspection.table_names())
    models = global_apps.get_models(include_auto_created=True)
    assert {model._meta.db_table for model in models} - tables == set()
    # What the data migrations write.
    assert Country.objects.get(code="KZ").other_names == "Kazakh\nKazakhstani\nKazakhstan’s"
    assert Organisation.objects.filter(name="TurkPA").exists()
    assert set(Group.objects.values_list("name", flat=True)) == {"Press officer", "Editor"}


@migrating
def test_releases_written_before_0009_get_their_vectors_and_counts(restore_migrated_data):
    """0009 and 0014 compute, for rows already there, what today's code computes."""
    latest = leaves()
    before = ("releases", "0008_release_published_at_idx")
    # The people of that time too: rows are written as the code of then wrote them, one
    # name column per official, before the names had a column per language (people 0005).
    people_then = ("people", "0004_photo_limits")
    try:
        apps = migrate([before, people_then]).project_state([before, people_then]).apps
        Country = apps.get_model("people", "Country")
        kz, tr = Country.objects.get(code="KZ"), Country.objects.get(code="TR")
        official = apps.get_model("people", "Official").objects.create(
            full_name="Yerlan Koshanov", slug="yerlan-koshanov", country=kz
        )
        official.positions.create(title="Chair", organisation="Mazhilis")
        section = apps.get_model("releases", "Section").objects.create(name="Visits", slug="v")
        tag = apps.get_model("taggit", "Tag").objects.create(name="TurkPA", slug="turkpa")
        OldRelease = apps.get_model("releases", "Release")
        visit, call, draft = (
            OldRelease.objects.create(
                title=title, slug=title.lower(), body="Text.", status=status, published_at=at
            )
            for title, status, at in [
                ("Visit", "published", baku(2021, 5, 4, 12, 0)),
                ("Call", "published", baku(2999, 1, 1, 9, 0)),  # scheduled
                ("Draft", "draft", baku(2021, 5, 5, 9, 0)),
            ]
        )
        visit.section = section
        visit.save()
        for release in (visit, call, draft):
            release.officials.set([official])
        visit.countries.set([kz, tr])
        apps.get_model("releases", "TaggedRelease").objects.create(content_object=visit, tag=tag)

        migrate(latest)
        vectors = dict(Release.objects.values_list("pk", "search_vector"))
        counted = counts()
    finally:
        migrate(latest)
    links = sorted([f"country:{kz.pk}", f"country:{tr.pk}", f"official:{official.pk}"])
    assert counted[0] == {
        (visit.pk, " ".join(["2021", *links, f"section:{section.pk}", f"tag:{tag.pk}"]), None),
        (call.pk, f"2999 official:{official.pk}", baku(2999, 1, 1, 9, 0)),
    }
    # The visit alone, for 2021 and for every year: once in all, twice for each of its
    # five values, and for the 18 pairs of values of two kinds (the countries' 2 × 3).
    assert len(counted[1]) == 2 * (1 + 2 * 5 + 18)
    assert (2021, "all", "all", 0, 1) in counted[1]
    vector.releases_reindex()
    assert counts() == counted
    if connection.vendor == "postgresql":
        # The country's other names (people 0003) and the official's position are in.
        assert "'kazakh':" in vectors[visit.pk] and "'mazhili':" in vectors[visit.pk]
        # A vector only for a version that is out or scheduled (0021): the draft has none.
        assert [pk for pk, found in vectors.items() if found is None] == [draft.pk]
        assert dict(Release.objects.values_list("pk", "search_vector")) == vectors


@migrating
def test_a_releases_image_before_0023_becomes_its_lead_photo(
    restore_migrated_data, settings, tmp_path
):
    """0023 moves each release's one image and its captions into the photo library."""
    settings.MEDIA_ROOT = tmp_path / "media"
    latest = leaves()
    before = ("releases", "0022_tag_names")
    stored = default_storage.save("releases/2022/03/talks.jpg", ContentFile(image_bytes()))
    try:
        apps = migrate([before]).project_state([before]).apps
        OldRelease = apps.get_model("releases", "Release")
        common = {"body": "Text.", "published_at": baku(2022, 3, 28, 18, 10)}
        with_image = OldRelease.objects.create(
            title="Visit",
            slug="visit",
            image=stored,
            image_caption="The delegations",
            image_caption_en="The delegations",
            image_caption_az="Nümayəndə heyətləri",
            image_caption_ru="Делегации",
            **common,
        )
        OldRelease.objects.create(title="No image", slug="no-image", **common)

        migrate(latest)
        links = list(
            ReleasePhoto.objects.select_related("photo").values_list(
                "release_id",
                "position",
                "photo__image",
                "photo__width",
                "photo__height",
                "photo__caption_az",
                "photo__alt_text_ru",
            )
        )
    finally:
        migrate(latest)
    assert links == [
        (with_image.pk, 0, stored, 400, 300, "Nümayəndə heyətləri", "Делегации"),
    ]


@migrating
def test_an_officials_photo_before_0027_becomes_their_portrait_in_the_library(
    restore_migrated_data, settings, tmp_path
):
    """releases 0027 makes each official's photo a library photo, their portrait, its
    alt text their name; people 0008 then drops the official's own field."""
    settings.MEDIA_ROOT = tmp_path / "media"
    latest = leaves()
    before = [
        ("releases", "0026_count_meetings"),
        ("people", "0007_convocations_and_friendship_groups"),
    ]
    stored = default_storage.save("officials/gafarova.jpg", ContentFile(image_bytes()))
    try:
        apps = migrate(before).project_state(before).apps
        OldOfficial = apps.get_model("people", "Official")
        az = apps.get_model("people", "Country").objects.get(code="AZ")
        with_photo = OldOfficial.objects.create(
            full_name="Sahiba Gafarova",
            full_name_en="Sahiba Gafarova",
            full_name_az="Sahibə Qafarova",
            full_name_ru="Сахиба Гафарова",
            slug="sahiba-gafarova",
            country=az,
            photo=stored,
        )
        OldOfficial.objects.create(full_name="No Photo", slug="no-photo", country=az)

        migrate(latest)
        portraits = list(
            OfficialPortrait.objects.values_list(
                "official_id",
                "photo__image",
                "photo__width",
                "photo__height",
                "photo__alt_text_en",
                "photo__alt_text_az",
                "photo__alt_text_ru",
                "photo__caption",
            )
        )
        columns = [f.name for f in Official._meta.get_fields()]
    finally:
        migrate(latest)
    assert portraits == [
        (
            with_photo.pk,
            stored,
            400,
            300,
            "Sahiba Gafarova",
            "Sahibə Qafarova",
            "Сахиба Гафарова",
            "",
        ),
    ]
    assert "photo" not in columns


@migrating
def test_going_back_before_0027_puts_each_portrait_back_on_its_official(
    restore_migrated_data, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    latest = leaves()
    before = [
        ("releases", "0026_count_meetings"),
        ("people", "0007_convocations_and_friendship_groups"),
    ]
    official = OfficialFactory(slug="sahiba-gafarova")
    portrait = OfficialPortraitFactory(official=official)
    try:
        apps = migrate(before).project_state(before).apps
        photos = list(apps.get_model("people", "Official").objects.values_list("slug", "photo"))
    finally:
        migrate(latest)
    assert photos == [("sahiba-gafarova", portrait.photo.image.name)]
