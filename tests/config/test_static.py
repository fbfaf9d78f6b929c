"""`lindungi collectstatic` with the production storage (hashed, compressed names) succeeds: every
file a vendored asset refers to exists."""

from tests.cli import child_environment, run_lindungi


def test_production_collectstatic_finds_every_referenced_file(tmp_path):
    environment = child_environment(
        DEBUG="0",
        SECRET_KEY="static-check-" + "s" * 60,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    done = run_lindungi("collectstatic", "--no-input", "-v", "0", cwd=tmp_path, env=environment)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (tmp_path / "static" / "staticfiles.json").exists()
    assert list((tmp_path / "static" / "vendor").glob("chart-4.5.1.umd.min.*.js.gz"))
