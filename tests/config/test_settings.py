"""Production settings: refuse to start without a real secret key, and pass `check --deploy`."""

import pytest

from tests.cli import child_environment, run_lindungi

PRODUCTION_KEY = "k" * 20 + "production-secret-for-the-deploy-check" + "9" * 20


def lindungi(*args: str, tmp_path, **env: str):
    environment = child_environment(
        DJANGO_SETTINGS_MODULE="lindungi.config.settings",
        DATABASE_URL=f"sqlite:///{tmp_path}/deploy.sqlite3",
        **env,
    )
    return run_lindungi(*args, cwd=tmp_path, env=environment)


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
