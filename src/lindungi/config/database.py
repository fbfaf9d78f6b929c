"""`DATABASE_URL` to Django's `DATABASES` entry: SQLite by default, PostgreSQL in production."""

from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit


def database_from_url(url: str) -> dict[str, Any]:
    """Parse `sqlite:///path`, `sqlite:///:memory:` or `postgres://user:pass@host:port/name`.

    >>> database_from_url("postgres://postgres@127.0.0.1:5432/test")["NAME"]
    'test'
    >>> database_from_url("sqlite:///var/lindungi.sqlite3")["ENGINE"]
    'django.db.backends.sqlite3'
    """
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        # sqlite:///relative/path and sqlite:////absolute/path, as dj-database-url reads them.
        name = unquote(parts.path[1:]) if parts.path.startswith("/") else unquote(parts.path)
        if name and name != ":memory:":
            Path(name).parent.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name or ":memory:",
            # Kept open between requests: a new connection re-reads the schema and starts with
            # an empty page cache, which cost the pages under load about as much as their own
            # queries (BENCHMARKS.md).
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # WAL lets the web server read while an import or a billing run writes.
                # A 64 MB page cache keeps a bulk import's index pages in memory.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        options = dict(parse_qsl(parts.query))
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    raise ValueError(f"DATABASE_URL scheme {parts.scheme!r} is not supported (sqlite, postgres)")
