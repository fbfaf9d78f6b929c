"""Active enrolments to bill: built through the programs services (`enrol`, `village_program`,
`cikeruh`, `gudang` and `admin` are shared fixtures of tests/conftest.py), then set ACTIVE with
an ORM update (BPJS's answer is not the subject here)."""

from datetime import date

import pytest

from lindungi.accounts.models import User
from lindungi.accounts.selectors import scope_for_user
from lindungi.core.scopes import Scope
from lindungi.programs.models import Sponsor
from lindungi.programs.services.sponsors import sponsor_create
from lindungi.regions.selectors import region_get
from tests.conftest import ENROLLED_ON
from tests.conftest import activate as activate

JANUARY = date(2026, 1, 1)
TODAY = ENROLLED_ON


def scope_of(user: User) -> Scope:
    return scope_for_user(user)


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
def _in_english(in_english):
    """Messages are asserted in English (the msgids); the product speaks Indonesian."""
