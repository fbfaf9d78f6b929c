"""Active enrolments to bill: built through the programs services (`enrol`, `village_program`,
`cikeruh`, `gudang` and `admin` are shared fixtures of tests/conftest.py), then set ACTIVE with
an ORM update (BPJS's answer is not the subject here)."""

from datetime import date

import pytest

from lindungi.accounts.models import User
from lindungi.accounts.selectors import scope_for_user
from lindungi.billing.models import Bill
from lindungi.billing.services.runs import billing_run
from lindungi.billing.services.statements import statement_import
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


STATEMENT_DAY = date(2026, 1, 20)


@pytest.fixture
def statement(admin, enrol, village_program, cikeruh, gudang, tmp_path):
    """Cikeruh owes 33,600 and Gudang 16,800 for January; BPJS's statement names Gudang's
    bill with 16,000 (amount differs), an unknown number, and Cikeruh's bill twice."""
    enrol(village_program, cikeruh, 2)
    enrol(village_program, gudang, 1, skip=2)
    run = billing_run(
        actor=admin,
        scope=scope_of(admin),
        region=region_get(code="32.11"),
        month=JANUARY,
        today=date(2026, 1, 5),
    )
    bills = {bill.sponsor_id: bill for bill in Bill.objects.filter(run=run)}
    path = tmp_path / "laporan.csv"
    path.write_text(
        "No Tagihan;Jumlah;Tanggal\n"
        f"{bills[gudang.pk].number};16.000;2026-01-13\n"  # line 2: amount differs
        "TAG-3211-202601-999999;33600;13-01-2026\n"  # line 3: unknown reference
        f"{bills[cikeruh.pk].number};33600;12/01/2026\n"  # line 4: matches
        f"{bills[cikeruh.pk].number};33600;14/01/2026\n",  # line 5: the same bill again
        encoding="utf-8",
    )
    result = statement_import(actor=admin, scope=scope_of(admin), path=path, today=STATEMENT_DAY)
    assert result.unmatched == 3
    return {"statement": result.statement, "bills": bills}
