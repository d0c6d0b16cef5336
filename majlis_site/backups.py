"""A backup of everything the newsroom keeps: its database and its media files.

``backup(directory)`` writes into an empty or new folder:

- ``database.dump``: PostgreSQL's custom format (``pg_dump -Fc``), or
  ``database.sqlite3``: a consistent copy of an SQLite database (SQLite's backup API,
  safe while the site runs);
- ``media/``: every file of the default storage (local folder or bucket alike: they
  are read through the storage);
- ``manifest.json``: the database's kind and each media file's size and SHA-256.

``restore(directory)`` loads one into an empty database and an empty storage, and
checks every media file against the manifest. Both work on any connection and
storage (``using``, ``storage``), the site's by default.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connections

MANIFEST = "manifest.json"
MEDIA = "media"
DUMPS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup or restore that cannot be made; the message says why."""


def _connection(using):
    return connections[using] if isinstance(using, str) else using


def storage_files(storage, folder=""):
    """Every file name in ``storage``, through its own listing (sorted)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []  # a local storage whose folder was never made holds nothing
    names = [f"{folder}{name}" for name in files]
    for sub in folders:
        names += storage_files(storage, f"{folder}{sub}/")
    return sorted(names)


def _sha256(opened):
    digest = hashlib.sha256()
    for chunk in iter(lambda: opened.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


# PostgreSQL ---------------------------------------------------------------------------


def pg_binary(name, connection):
    """The path of PostgreSQL's ``name`` (pg_dump, pg_restore) of the server's major
    version or newer: Debian's /usr/lib/postgresql/<version>/bin, then PATH."""
    server = connection.pg_version // 10000
    versions = [
        (int(path.parent.parent.name), path)
        for path in Path("/usr/lib/postgresql").glob(f"*/bin/{name}")
        if path.parent.parent.name.isdigit() and int(path.parent.parent.name) >= server
    ]
    if versions:
        return str(min(versions)[1])
    on_path = shutil.which(name)
    if on_path:
        return on_path
    raise ImproperlyConfigured(
        f"{name} of PostgreSQL {server} or newer is needed (Debian: apt-get install "
        f"postgresql-client-{server})."
    )


def _pg_environment(connection):
    """libpq's variables for the connection's settings (no password on a command line)."""
    settings = connection.settings_dict
    environment = dict(os.environ)
    for variable, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ]:
        if settings.get(key):
            environment[variable] = str(settings[key])
    if settings.get("OPTIONS", {}).get("sslmode"):
        environment["PGSSLMODE"] = settings["OPTIONS"]["sslmode"]
    return environment


def _run(command, connection):
    done = subprocess.run(
        command, env=_pg_environment(connection), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()}")


# Backup and restore -------------------------------------------------------------------


def backup(directory, *, using="default", storage=default_storage):
    """Write a backup of the database of ``using`` and the files of ``storage``."""
    connection = _connection(using)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    if any(directory.iterdir()):
        raise BackupError(f"{directory} is not empty: a backup goes into a new folder.")
    vendor = connection.vendor
    if vendor not in DUMPS:
        raise BackupError(f"Backups of {vendor} databases are not supported.")
    dump = directory / DUMPS[vendor]
    connection.ensure_connection()
    if vendor == "postgresql":
        _run([pg_binary("pg_dump", connection), "-Fc", "--no-owner", "-f", str(dump)], connection)
    else:
        target = sqlite3.connect(dump)
        try:
            connection.connection.backup(target)
        finally:
            target.close()

    files = {}
    for name in storage_files(storage):
        path = directory / MEDIA / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, path.open("wb") as copy:
            shutil.copyfileobj(source, copy)
        with path.open("rb") as copy:
            files[name] = {"size": path.stat().st_size, "sha256": _sha256(copy)}
    manifest = {"database": vendor, "media": files}
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    return manifest


def restore(directory, *, using="default", storage=default_storage):
    """Load the backup in ``directory`` into the empty database of ``using`` and the
    empty ``storage``; then empty the cache, which may hold pages of before."""
    connection = _connection(using)
    directory = Path(directory)
    try:
        manifest = json.loads((directory / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{directory} holds no backup ({MANIFEST} is missing).") from None
    vendor = connection.vendor
    if manifest["database"] != vendor:
        raise BackupError(f"The backup is of a {manifest['database']} database, not {vendor}.")
    if connection.introspection.table_names():
        raise BackupError("The database is not empty: restore into a new, empty database.")
    if storage_files(storage):
        raise BackupError("The media storage is not empty: restore into an empty one.")

    dump = directory / DUMPS[vendor]
    if vendor == "postgresql":
        command = [pg_binary("pg_restore", connection), "--no-owner", "--no-privileges"]
        command += [
            "--exit-on-error",
            "--single-transaction",
            "-d",
            connection.settings_dict["NAME"],
        ]
        _run([*command, str(dump)], connection)
    else:
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        finally:
            source.close()

    for name, expected in manifest["media"].items():
        with (directory / MEDIA / name).open("rb") as copy:
            if _sha256(copy) != expected["sha256"]:
                raise BackupError(f"The backup's copy of {name} is damaged.")
            copy.seek(0)
            saved = storage.save(name, File(copy, name=name))
        if saved != name:
            raise BackupError(f"{name} was stored as {saved}.")
    cache.clear()
    return manifest
