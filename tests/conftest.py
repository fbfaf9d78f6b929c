"""Shared fixtures: the real region list (loaded once per test database) and demo users."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from lindungi.accounts.models import Agency, User
from lindungi.accounts.services import agency_create, user_create
from lindungi.core.roles import Role
from lindungi.demo.seed import DEMO_PASSWORD, seed_demo
from lindungi.regions.loading import load_regions
from lindungi.regions.selectors import region_get


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the full Kemendagri list once; tests roll back around it."""
    with django_db_blocker.unblock():
        load_regions()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: summaries cached by region code must not carry
    one test's database into the next. Each starts in the default language too: a page
    visited in English must not leave English behind for the next test's messages."""
    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def demo(db) -> dict[str, User]:
    """The `make run` demo (Kabupaten Sumedang), by username, with the superuser `admin`."""
    users = {user.username: user for _, user in seed_demo(with_workers=False)}
    users["admin"] = User.objects.get(username="admin")
    return users


@pytest.fixture
def demo_workers(demo) -> dict[str, User]:
    """The demo with its 3,000 workers (imported through the real pipeline), no programs yet."""
    seed_demo(with_programs=False)
    return demo


@pytest.fixture
def demo_full(demo) -> dict[str, User]:
    """Everything `make run` seeds: workers, the 2026 programs, sponsors and enrolments."""
    seed_demo()
    return demo


@pytest.fixture
def demo_billed(demo, time_machine) -> dict[str, User]:
    """Everything `make run` seeds with the bills and payments of 2026 up to 24 Nov 2026, the
    day the clock stands still at."""
    time_machine.move_to(
        dt.datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta")), tick=False
    )
    seed_demo(today=dt.date(2026, 11, 24))
    return demo


@pytest.fixture
def make_user(db):
    """Create a user through the service, with sensible defaults for a role."""

    def make(
        username: str,
        role: str,
        region_code: str,
        agency: Agency | None = None,
        password: str = DEMO_PASSWORD,
    ) -> User:
        return user_create(
            actor=None,
            username=username,
            password=password,
            role=role,
            region=region_get(code=region_code),
            agency=agency,
            full_name=username.title(),
        )

    return make


@pytest.fixture
def bandung(make_user) -> dict[str, object]:
    """A second regency (Kabupaten Bandung, 32.04) with its own admin, agency and village."""
    regency = region_get(code="32.04")
    agency = agency_create(actor=None, region=regency, code="dinkes", name="Dinas Kesehatan")
    return {
        "agency": agency,
        "admin": make_user("disnaker.bandung", Role.ADMIN_PEMDA, "32.04"),
        "opd": make_user("opd.bandung", Role.OPERATOR_OPD, "32.04", agency=agency),
        "village": make_user("desa.bandung", Role.OPERATOR_DESA, "32.04.05.2001"),
    }


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client
