from datetime import date

import pytest
from django.db import connection
from django.utils import timezone
from playwright.sync_api import expect

from lindungi.accounts.models import User
from lindungi.accounts.selectors import scope_for_user
from lindungi.billing.models import Bill
from lindungi.billing.services.runs import billing_run
from lindungi.contributions.models import RateVersion
from lindungi.contributions.seed import read_seed_rows
from lindungi.demo.seed import seed_demo
from lindungi.programs.selectors import candidates
from lindungi.programs.services.enrolling import enrolments_create
from lindungi.programs.services.setup import program_from_scheme
from lindungi.programs.services.sponsors import sponsor_create
from lindungi.regions.loading import load_regions
from lindungi.regions.selectors import region_get
from tests.billing.conftest import activate
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_login import sign_in


@pytest.fixture
def billing_rows_removed(transactional_db):
    """The flush after a transactional test deletes rows one table at a time; bills and
    enrolments that lines and allocations still name refuse it (the billing triggers), so the
    lines and allocations go first."""
    yield
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM billing_allocation")
        cursor.execute("DELETE FROM billing_billline")


def _overdue_village_bill() -> Bill:
    """Cikeruh's two workers billed for January of this year (due on the 15th, unpaid)."""
    year = timezone.localdate().year
    january = date(year, 1, 1)
    admin, operator = (
        User.objects.get(username="disnaker"),
        User.objects.get(username="desa.cikeruh"),
    )
    program = program_from_scheme(
        actor=admin,
        scope=scope_for_user(admin),
        region=region_get(code="32.11"),
        scheme="desa_100",
        year=year,
    )
    sponsor = sponsor_create(
        actor=operator,
        scope=scope_for_user(operator),
        kind="DESA",
        name="Pemerintah Desa Cikeruh",
        region=region_get(code="32.11.15.2001"),
    )
    workers = list(
        candidates(
            scope=scope_for_user(operator), program=program, sponsor=sponsor, first_month=january
        )[:2]
    )
    drafts = enrolments_create(
        actor=operator,
        scope=scope_for_user(operator),
        program=program,
        sponsor=sponsor,
        workers=workers,
        first_month=january,
        today=date(year, 1, 10),
    )
    activate(drafts)
    run = billing_run(
        actor=admin,
        scope=scope_for_user(admin),
        region=region_get(code="32.11"),
        month=january,
        today=date(year, 1, 5),
    )
    return Bill.objects.get(run=run)


def test_the_disnaker_opens_the_arrears_and_a_bill_on_a_phone(
    live_server, billing_rows_removed, phone
):
    load_regions()
    if not RateVersion.objects.exists():
        RateVersion.objects.bulk_create(RateVersion(**row) for row in read_seed_rows())
    seed_demo(with_programs=False)
    bill = _overdue_village_bill()
    sign_in(phone, live_server.url, "disnaker")
    phone.get_by_test_id("role").wait_for()
    phone.goto(f"{live_server.url}/tunggakan/")
    row = phone.get_by_test_id("overdue")
    expect(row).to_have_count(1)
    assert "Pemerintah Desa Cikeruh" in row.inner_text()
    assert "Rp 33.600" in row.inner_text()
    phone.screenshot(path=str(ARTIFACTS / "tunggakan-360px.png"), full_page=True)

    row.get_by_role("link", name="Pemerintah Desa Cikeruh").click()
    phone.wait_for_url("**/sponsor/*/tagihan/")
    phone.get_by_role("link", name=bill.number).click()
    phone.wait_for_url(f"**/tagihan/{bill.pk}/")
    expect(phone.get_by_test_id("bill-line")).to_have_count(2)
    assert phone.get_by_test_id("bill-open").inner_text() == "Rp 33.600"
    assert "•" in phone.get_by_test_id("bill-line").first.inner_text()
    phone.screenshot(path=str(ARTIFACTS / "tagihan-360px.png"), full_page=True)
    # Nothing wider than the phone, and nothing the CSP refused.
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert phone.console_errors == []
