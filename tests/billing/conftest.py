"""Active enrolments to bill: built through the programs services, then set ACTIVE with an ORM
update (BPJS's answer is not the subject here)."""

from collections.abc import Callable, Sequence
from datetime import date

import pytest
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat, LPad
from django.utils import translation

from lindungi.accounts.models import User
from lindungi.accounts.selectors import scope_for_user
from lindungi.core.scopes import Scope
from lindungi.programs.models import Enrolment, EnrolmentStatus, Program, Sponsor
from lindungi.programs.selectors import candidates
from lindungi.programs.services.enrolling import enrolments_create
from lindungi.programs.services.sponsors import sponsor_create
from lindungi.regions.selectors import region_get
from tests.programs.conftest import TODAY, cikeruh, village_program  # noqa: F401

JANUARY = date(2026, 1, 1)


def activate(enrolments: Sequence[Enrolment]) -> list[Enrolment]:
    """What BPJS's answer would do: ACTIVE with a KPJ (one per worker)."""
    ids = [enrolment.pk for enrolment in enrolments]
    Enrolment.objects.filter(pk__in=ids).update(
        status=EnrolmentStatus.ACTIVE,
        kpj=Concat(Value("26"), LPad(Cast(F("worker_id"), CharField()), 9, Value("0"))),
        bpjs_start_date=F("first_month"),
    )
    return list(Enrolment.objects.filter(pk__in=ids).order_by("pk"))


def scope_of(user: User) -> Scope:
    return scope_for_user(user)


@pytest.fixture
def admin(demo_workers) -> User:
    return demo_workers["disnaker"]


@pytest.fixture
def enrol(demo_workers) -> Callable[..., list[Enrolment]]:
    """Enrol `count` eligible workers for a sponsor and activate them."""

    def make(
        program: Program,
        sponsor: Sponsor,
        count: int,
        *,
        user: User | None = None,
        first_month: date = JANUARY,
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
            today=TODAY,
        )
        return activate(drafts)

    return make


@pytest.fixture
def gudang(demo_workers) -> Sponsor:
    operator = demo_workers["desa.gudang"]
    return sponsor_create(
        actor=operator,
        scope=scope_for_user(operator),
        kind="DESA",
        name="Pemerintah Desa Gudang",
        region=region_get(code="32.11.11.2001"),
    )


@pytest.fixture
def province(admin) -> Sponsor:
    """The province's co-funding, registered as a donor of the regency."""
    return sponsor_create(
        actor=admin,
        scope=scope_for_user(admin),
        kind="DONATUR",
        name="Pemerintah Provinsi Jawa Barat",
        region=region_get(code="32.11"),
        funding_source="APBD",
    )


@pytest.fixture(autouse=True)
def in_english():
    """Messages are asserted in English (the msgids); the product speaks Indonesian."""
    with translation.override("en"):
        yield
