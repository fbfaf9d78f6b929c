import pytest

from lindungi.config.database import database_from_url


def test_postgres_url_gives_every_connection_part():
    db = database_from_url("postgres://lindungi:s%40cret@db.example:6543/lindungi?sslmode=require")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "lindungi",
        "s@cret",
        "db.example",
        "6543",
        "lindungi",
    )
    assert db["OPTIONS"] == {"sslmode": "require"}


def test_sqlite_url_keeps_absolute_and_relative_paths(tmp_path):
    absolute = database_from_url(f"sqlite:///{tmp_path}/x/lindungi.sqlite3")
    assert absolute["NAME"] == f"{tmp_path}/x/lindungi.sqlite3"
    assert (tmp_path / "x").is_dir()
    assert database_from_url("sqlite:///:memory:")["NAME"] == ":memory:"


def test_unknown_database_scheme_is_refused():
    with pytest.raises(ValueError, match="mysql"):
        database_from_url("mysql://root@localhost/lindungi")
