"""Test settings: fast hashing, uploads kept apart from real media."""

import os

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Uploaded files go to an ignored folder of the project, never to real media.
MEDIA_ROOT = BASE_DIR / "build" / "test-media"  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not SQLite's shared in-memory database: there a second writer is refused at
    # once ("table is locked"), whatever the timeout, so the tests of two people saving
    # at the same moment could not see the second one wait as it does in production.
    # One file per run, so that two runs side by side do not share it; a run deletes its
    # own at the end.
    build = BASE_DIR / "build"  # noqa: F405
    build.mkdir(exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(build / f"test-db-{os.getpid()}.sqlite3")}  # noqa: F405

# Static files are found per request (nothing is collected for the tests).
WHITENOISE_AUTOREFRESH = True
