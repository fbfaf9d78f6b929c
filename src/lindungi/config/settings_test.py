"""Settings for the test suite: the production settings with a test key and a fast hasher."""

import os

os.environ["LINDUNGI_DOTENV"] = "0"  # a developer's .env must not change the tests
os.environ.setdefault("SECRET_KEY", "test-only-" + "x" * 60)

from lindungi.config.settings import *  # noqa: F403

# Argon2 is deliberately slow; tests that log in hundreds of times would crawl.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None  # tests serve static files from the apps, never from collectstatic
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
MEDIA_ROOT = __import__("tempfile").mkdtemp(prefix="lindungi-media-")
# Tasks run at once, inside the test, instead of waiting for a worker process.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ALLOWED_HOSTS = ["testserver", "localhost"]  # the test client, and schemathesis in-process
