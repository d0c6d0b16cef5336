"""The backup commands' round trip: a backup restored into an empty database and an
empty storage gives back every row of every table and every media file, byte for byte.

The restore target is a second database made for the test (on PostgreSQL, on the same
server; on SQLite, a new file), and a second media folder. On PostgreSQL this runs
pg_dump and pg_restore; they must be installed (``.ci/run`` installs them).
"""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import CommandError, call_command
from django.db import connection, connections

from majlis_site import backups
from people.models import Official
from releases.models import Release
from tests.factories import (
    DocumentFactory,
    OfficialPortraitFactory,
    PhotoFactory,
    ReleasePhotoFactory,
)
from tests.images import image_bytes
from tests.test_backups import fill_newsroom

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("leave_migrated_data"),
]


@pytest.fixture
def empty_database(tmp_path):
    """A connection to a new, empty database; dropped at the end."""
    name = f"{connection.settings_dict['NAME']}_restored"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
    else:
        name = str(tmp_path / "restored.sqlite3")
    target = type(connections["default"])(
        {**connection.settings_dict, "NAME": name}, alias="restored"
    )
    yield target
    target.close()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE "{name}"')


def every_row(database):
    """{table: (its columns, its rows sorted)} for every table of ``database``, and the
    sequences' last numbers (the next row's id)."""
    tables = database.introspection.table_names()
    if database.vendor == "sqlite":
        tables.append("sqlite_sequence")
    contents = {}
    with database.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {database.ops.quote_name(table)}")
            columns = [column[0] for column in cursor.description]
            contents[table] = (columns, sorted(cursor.fetchall(), key=repr))
        if database.vendor == "postgresql":
            cursor.execute(
                "SELECT sequencename, last_value FROM pg_sequences ORDER BY sequencename"
            )
            contents["sequences"] = (["sequencename", "last_value"], cursor.fetchall())
    return contents


def every_file(storage):
    files = {}
    for name in backups.storage_files(storage):
        with storage.open(name, "rb") as opened:
            files[name] = opened.read()
    return files


def test_a_backup_restores_every_row_and_every_file(clock, tmp_path, settings, empty_database):
    settings.MEDIA_ROOT = tmp_path / "media"
    fill_newsroom(clock)
    release = Release.objects.get(slug_en="the-moved-release")
    photo = PhotoFactory(image=ContentFile(image_bytes(noise=True), name="gafarova.jpg"))
    ReleasePhotoFactory(release=release, photo=photo)
    DocumentFactory(release=release, title="The joint statement")
    official = Official.objects.get(slug="senol-qafarova")
    OfficialPortraitFactory(
        official=official,
        photo__image=ContentFile(image_bytes("PNG"), name="Şənol Qafarova.png"),
    )
    default_storage.save("documents/2022/programme.txt", ContentFile(b"Proqram\n"))
    before, files_before = every_row(connection), every_file(default_storage)
    # Every kind of data is there: vectors and kept counts, revisions, sessions, media.
    filled = [table for table, (_columns, rows) in before.items() if rows]
    expected = ["releases_release", "releases_facetcount", "reversion_version", "django_session"]
    assert set(expected) <= set(filled)
    if connection.vendor == "postgresql":
        assert Release.objects.exclude(search_vector=None).count() >= 4
    # The photo and the portrait with six renditions each, the document, the stray file.
    assert len(files_before) == 16
    assert {
        "releases_photo",
        "releases_releasephoto",
        "releases_officialportrait",
        "releases_document",
    } <= set(filled)

    directory = tmp_path / "backup"
    call_command("backup", str(directory), verbosity=0)
    restored_storage = FileSystemStorage(location=tmp_path / "restored-media")
    assert empty_database.introspection.table_names() == []
    assert backups.storage_files(restored_storage) == []

    backups.restore(directory, using=empty_database, storage=restored_storage)
    assert every_row(empty_database) == before
    assert every_file(restored_storage) == files_before


def test_a_restore_refuses_a_database_or_storage_in_use(tmp_path, settings, empty_database):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("backup", str(tmp_path / "backup"), verbosity=0)
    with pytest.raises(CommandError, match="^The database is not empty: restore into a new"):
        call_command("restore", str(tmp_path / "backup"), verbosity=0)

    in_use = FileSystemStorage(location=tmp_path / "in-use")
    in_use.save("photo.jpg", ContentFile(b"photo"))
    with pytest.raises(backups.BackupError, match="^The media storage is not empty"):
        backups.restore(tmp_path / "backup", using=empty_database, storage=in_use)
    assert empty_database.introspection.table_names() == []

    with pytest.raises(CommandError, match="is not empty: a backup goes into a new folder"):
        call_command("backup", str(tmp_path / "backup"), verbosity=0)
