"""Production settings: refuse to start without a real secret key, and pass `check --deploy`."""

import os
import subprocess
import sys

import pytest

PRODUCTION_KEY = "k" * 20 + "production-secret-for-the-deploy-check" + "9" * 20


def lindungi(*args: str, tmp_path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DEBUG",
            "SECRET_KEY",
            "DJANGO_SETTINGS_MODULE",
            "DATABASE_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="lindungi.config.settings",
        LINDUNGI_DOTENV="0",
        DATABASE_URL=f"sqlite:///{tmp_path}/deploy.sqlite3",
        **env,
    )
    return subprocess.run(
        [sys.executable, "-m", "lindungi.config.manage", *args],
        env=environment,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("key", ["", "short", "django-insecure-" + "x" * 60])
def test_production_refuses_to_start_without_a_real_secret_key(tmp_path, key):
    result = lindungi("check", tmp_path=tmp_path, SECRET_KEY=key, ALLOWED_HOSTS="lindungi.example")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_deploy_check_is_clean_in_production_mode(tmp_path):
    result = lindungi(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        tmp_path=tmp_path,
        SECRET_KEY=PRODUCTION_KEY,
        ALLOWED_HOSTS="lindungi.example",
        DEBUG="0",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_mode_runs_with_its_own_key(tmp_path):
    result = lindungi("check", tmp_path=tmp_path, DEBUG="1")
    assert result.returncode == 0, result.stderr
