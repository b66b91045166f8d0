"""Tests: fast hashing, tasks run inline, files under a temporary var/ folder."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
_TEST_VAR = Path(os.environ.get("TEST_VAR_DIR") or tempfile.mkdtemp(prefix="kinerja-test-"))
MEDIA_ROOT = _TEST_VAR / "media"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(_TEST_VAR / "cache")}
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
LANGUAGE_CODE = "id"

# A file, not SQLite's shared in-memory database: the live server's threads and the test share it
# with real locking and the busy timeout, as in production, instead of shared-cache table locks
# that can wait forever.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(_TEST_VAR / "test.sqlite3")}  # noqa: F405
