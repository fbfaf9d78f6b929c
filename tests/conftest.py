"""Shared fixtures: the real region list (loaded once per test database), the demo users, the
demo regency's village program and its enrolments, and the Hypothesis profiles.

The 3,000-worker demo (`demo_workers`, `demo_full`, `demo_billed`) is built once and shared by
the tests that ask for the same one, the way pytest-django documents populating a database
once: it is seeded inside an outer transaction that stays open, each test's own transaction is
a savepoint inside it and rolls back to the seeded demo, and the outer transaction is rolled
back as soon as the next test wants something else (see `_shared_demo`).
"""

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import import_module
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat, LPad
from django.test import Client, override_settings
from django.utils import timezone, translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from lindungi.accounts.models import Agency, User
from lindungi.accounts.selectors import scope_for_user
from lindungi.accounts.services import agency_create, user_create
from lindungi.core.roles import Role
from lindungi.demo.seed import DEMO_PASSWORD, seed_demo
from lindungi.programs.models import Enrolment, EnrolmentStatus, Program, Sponsor
from lindungi.programs.selectors import candidates
from lindungi.programs.services.enrolling import enrolments_create
from lindungi.programs.services.setup import program_from_scheme
from lindungi.programs.services.sponsors import sponsor_create
from lindungi.regions.loading import load_regions
from lindungi.regions.selectors import region_get

# Hypothesis: `dev` on a developer's machine; `slow` for a busy or slow machine (no deadline,
# no too-slow health check); `ci` is `slow` made reproducible (derandomized, no example
# database). CI=true selects `ci`; HYPOTHESIS_PROFILE=<name> selects any of them.
hypothesis_settings.register_profile("dev", deadline=dt.timedelta(milliseconds=1000))
hypothesis_settings.register_profile(
    "slow", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.register_profile(
    "ci", parent=hypothesis_settings.get_profile("slow"), derandomize=True, database=None
)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE")
    or ("ci" if os.environ.get("CI", "").lower() in {"1", "true", "yes"} else "dev")
)

BILLED_ON = dt.datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
# The demos that take seconds to seed, most shared first (the order tests are grouped in).
SHARED_DEMOS = ("demo_workers", "demo_full", "demo_billed")
TRANSACTIONAL = {"transactional_db", "live_server", "django_db_reset_sequences"}


def _transactional(item: pytest.Item) -> bool:
    """Whether pytest-django runs the test as a TransactionTestCase (it cannot be nested)."""
    marker = item.get_closest_marker("django_db")
    if marker and (
        marker.kwargs.get("transaction")
        or marker.kwargs.get("reset_sequences")
        or (marker.args and marker.args[0])
    ):
        return True
    return bool(TRANSACTIONAL & set(getattr(item, "fixturenames", ())))


def _shared_kind(item: pytest.Item | None) -> str | None:
    """The shared demo a test reads, if it asks for exactly one and may share it."""
    if item is None or _transactional(item):
        return None
    kinds = [name for name in SHARED_DEMOS if name in getattr(item, "fixturenames", ())]
    return kinds[0] if len(kinds) == 1 else None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """After pytest-django's order (database tests, then transactional ones, then the rest),
    run the database tests that share a demo last among them, grouped by demo (each group in
    its usual order), so that each demo is seeded a handful of times instead of per test."""

    def group(item: pytest.Item) -> int:
        if _transactional(item):
            return len(SHARED_DEMOS) + 1
        kind = _shared_kind(item)
        if kind is not None:
            return SHARED_DEMOS.index(kind) + 1
        marker = item.get_closest_marker("django_db")
        uses_db = marker is not None or "db" in getattr(item, "fixturenames", ())
        return 0 if uses_db else len(SHARED_DEMOS) + 2

    items.sort(key=group)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    _SHARED.next_kind = _shared_kind(nextitem)
    return (yield)


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish() -> None:
    """A run stopped early (-x, Ctrl+C) rolls the shared demo back before the test database
    goes."""
    _SHARED.leave()


def pytest_terminal_summary(terminalreporter) -> None:
    if _SHARED.shared:
        terminalreporter.write_line(
            f"shared demo: seeded {_SHARED.seeded} times for {_SHARED.shared} tests"
        )


@dataclass
class SharedDemo:
    """The demo seeded in the outer transaction that is open now, if any."""

    key: tuple[object, ...] | None = None
    media: Path | None = None
    next_kind: str | None = None
    atomic: transaction.Atomic | None = None
    blocker: object = None
    seeded: int = 0  # how many times a demo was seeded to share
    shared: int = 0  # how many tests read a shared demo

    def enter(self, key: tuple[object, ...], build: Callable[[], None], blocker) -> None:
        if self.key == key:
            return
        self.leave()
        self.blocker = blocker
        media = Path(tempfile.mkdtemp(prefix="lindungi-demo-media-"))
        with blocker.unblock():
            atomic = transaction.atomic()
            atomic._from_testcase = True  # durable blocks inside are fine, as in a TestCase
            atomic.__enter__()
            self.atomic = atomic
            try:
                with override_settings(MEDIA_ROOT=media):
                    build()
            except BaseException:
                self.leave()
                raise
        self.key, self.media = key, media
        self.seeded += 1
        cache.clear()  # what seeding cached must not outlive it

    def leave(self) -> None:
        if self.atomic is None:
            return
        with self.blocker.unblock():
            if connection.atomic_blocks and connection.atomic_blocks[-1] is self.atomic:
                transaction.set_rollback(True)
                self.atomic.__exit__(None, None, None)
            # else a test was interrupted inside it: closing the test database rolls back
        if self.media is not None:
            shutil.rmtree(self.media, ignore_errors=True)
        self.atomic, self.key, self.media = None, None, None
        cache.clear()

    def use(self, kind: str) -> None:
        """In a test's fixture: the shared demo is the one the test would have seeded itself
        (same demo, same language, same clock); its uploaded files in the test's media."""
        if self.key != _demo_key(kind):
            raise RuntimeError(
                f"the shared {kind} was seeded as {self.key}, but this test would seed it as "
                f"{_demo_key(kind)}: request the fixture that sets the clock or the language "
                "before the database"
            )
        self.shared += 1
        if self.media is not None and self.media.exists():
            shutil.copytree(self.media, settings.MEDIA_ROOT, dirs_exist_ok=True)


_SHARED = SharedDemo()


def _demo_key(kind: str) -> tuple[object, ...]:
    """What seeding depends on besides the database: the language and a stopped clock."""
    clock = timezone.now() if time_machine.escape_hatch.is_travelling() else None
    return (kind, translation.get_language(), clock)


def _seed(kind: str) -> None:
    """What the fixture chain `demo` -> `demo_*` seeds, in the same order."""
    seed_demo(with_workers=False)
    if kind == "demo_workers":
        seed_demo(with_programs=False)
    elif kind == "demo_full":
        seed_demo()
    else:
        with time_machine.travel(BILLED_ON, tick=False):
            seed_demo(today=BILLED_ON.date())


@pytest.fixture
def _shared_demo(request, django_db_setup, django_db_blocker) -> Iterator[str | None]:
    """Before a database test opens its transaction: the shared demo it reads, seeded in the
    outer transaction (kept from the test before when it read the same one), or no outer
    transaction at all. Rolled back after the test unless the next test reads the same."""
    kind = _shared_kind(request.node)
    if kind is None:
        _SHARED.leave()
    else:
        _SHARED.enter(_demo_key(kind), lambda: _seed(kind), django_db_blocker)
    yield kind
    if _SHARED.next_kind != kind:
        _SHARED.leave()


@pytest.fixture(autouse=True)
def _django_db_marker(request) -> None:
    """pytest-django's: a test marked `django_db` gets its database before anything else. A
    test that reads a shared demo gets it through `demo` instead, after the autouse fixtures
    that set its clock and language, which the demo is seeded under."""
    if request.node.get_closest_marker("django_db") and _shared_kind(request.node) is None:
        request.getfixturevalue("_django_db_helper")


@pytest.fixture
def _django_db_helper(_shared_demo, _django_db_helper):
    """pytest-django's per-test transaction, opened inside the shared demo's (if any)."""
    return _django_db_helper


# Every address before any test module is collected: a module that reads the API's schema to
# parametrize its tests must see every app's router, which config/urls.py adds.
import_module(settings.ROOT_URLCONF)


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
def demo_workers(demo, _shared_demo) -> dict[str, User]:
    """The demo with its 3,000 workers (imported through the real pipeline), no programs yet.
    Shared: seeded once for the tests that read it in a row."""
    if _shared_demo == "demo_workers":
        _SHARED.use("demo_workers")
    else:
        seed_demo(with_programs=False)
    return demo


@pytest.fixture
def demo_full(demo, _shared_demo) -> dict[str, User]:
    """Everything `make run` seeds: workers, the 2026 programs, sponsors and enrolments.
    Shared: seeded once for the tests that read it in a row."""
    if _shared_demo == "demo_full":
        _SHARED.use("demo_full")
    else:
        seed_demo()
    return demo


@pytest.fixture
def demo_billed(demo, _shared_demo, time_machine) -> dict[str, User]:
    """Everything `make run` seeds with the bills and payments of 2026 up to 24 Nov 2026, the
    day the clock stands still at. Shared: seeded once for the tests that read it in a row."""
    if _shared_demo == "demo_billed":
        _SHARED.use("demo_billed")
    time_machine.move_to(BILLED_ON, tick=False)
    if _shared_demo != "demo_billed":
        seed_demo(today=BILLED_ON.date())
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


# The demo regency's 2026 village program and its enrolments (programs, billing, claims,
# coverage and their pages all enrol through these).
ENROLLED_ON = date(2026, 1, 10)  # the day the enrolments are made


@pytest.fixture
def in_english():
    """Messages are asserted in English (the msgids); the product speaks Indonesian. Folders
    whose tests all assert English use it from an autouse fixture of their conftest."""
    with translation.override("en"):
        yield


def activate(enrolments: Sequence[Enrolment]) -> list[Enrolment]:
    """What BPJS's answer would do: ACTIVE with a KPJ (one per worker)."""
    ids = [enrolment.pk for enrolment in enrolments]
    Enrolment.objects.filter(pk__in=ids).update(
        status=EnrolmentStatus.ACTIVE,
        kpj=Concat(Value("26"), LPad(Cast(F("worker_id"), CharField()), 9, Value("0"))),
        bpjs_start_date=F("first_month"),
    )
    return list(Enrolment.objects.filter(pk__in=ids).order_by("pk"))


@pytest.fixture
def village_program(demo_workers) -> Program:
    """The demo regency's 2026 village program (scheme desa_100), started by its admin."""
    admin = demo_workers["disnaker"]
    return program_from_scheme(
        actor=admin,
        scope=scope_for_user(admin),
        region=region_get(code="32.11"),
        scheme="desa_100",
        year=2026,
    )


@pytest.fixture
def cikeruh(demo_workers) -> Sponsor:
    """The village of Cikeruh (32.11.15.2001) as a sponsor, registered by its operator."""
    operator = demo_workers["desa.cikeruh"]
    return sponsor_create(
        actor=operator,
        scope=scope_for_user(operator),
        kind="DESA",
        name="Pemerintah Desa Cikeruh",
        region=region_get(code="32.11.15.2001"),
        decision_number="141/05/Musdes/2025",
        decision_date=date(2025, 12, 12),
    )


@pytest.fixture
def gudang(demo_workers) -> Sponsor:
    """The village of Gudang (32.11.11.2001) as a sponsor, registered by its operator."""
    operator = demo_workers["desa.gudang"]
    return sponsor_create(
        actor=operator,
        scope=scope_for_user(operator),
        kind="DESA",
        name="Pemerintah Desa Gudang",
        region=region_get(code="32.11.11.2001"),
    )


@pytest.fixture
def admin(demo_workers) -> User:
    """The demo regency's admin (disnaker)."""
    return demo_workers["disnaker"]


@pytest.fixture
def enrol(demo_workers) -> Callable[..., list[Enrolment]]:
    """Enrol `count` eligible workers for a sponsor and activate them (what BPJS's answer
    would do: ACTIVE with a KPJ)."""

    def make(
        program: Program,
        sponsor: Sponsor,
        count: int,
        *,
        user: User | None = None,
        first_month: date = date(2026, 1, 1),
        skip: int = 0,
    ) -> list[Enrolment]:
        actor = user or demo_workers["disnaker"]
        scope = scope_for_user(actor)
        found = list(
            candidates(scope=scope, program=program, sponsor=sponsor, first_month=first_month)[
                skip : skip + count
            ]
        )
        assert len(found) == count
        drafts = enrolments_create(
            actor=actor,
            scope=scope,
            program=program,
            sponsor=sponsor,
            workers=found,
            first_month=first_month,
            today=ENROLLED_ON,
        )
        return activate(drafts)

    return make
