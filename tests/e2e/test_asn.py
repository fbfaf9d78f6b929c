"""A civil servant protects her household workers on a phone: one the village registered
already, found by NIK, and a new one whose village she picks by name from the list htmx fills.
The page says what is true: submitted, awaiting verification; nothing deducted yet."""

from django.utils import timezone
from playwright.sync_api import expect

from lindungi.accounts.models import User
from lindungi.accounts.selectors import scope_for_user
from lindungi.contributions.models import RateVersion
from lindungi.contributions.seed import read_seed_rows
from lindungi.demo.seed import seed_demo
from lindungi.programs.eligibility import refusals
from lindungi.programs.models import Enrolment, EnrolmentStatus
from lindungi.programs.services.enrolling import candidate_of, rules_of
from lindungi.programs.services.setup import program_from_scheme
from lindungi.regions.loading import load_regions
from lindungi.regions.selectors import region_get
from lindungi.workers.models import Worker
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_login import sign_in


def test_a_civil_servant_protects_household_workers_on_a_phone(
    live_server, transactional_db, phone
):
    load_regions()
    if not RateVersion.objects.exists():
        RateVersion.objects.bulk_create(RateVersion(**row) for row in read_seed_rows())
    seed_demo(with_programs=False)
    admin = User.objects.get(username="disnaker")
    program = program_from_scheme(
        actor=admin,
        scope=scope_for_user(admin),
        region=region_get(code="32.11"),
        scheme="asn_peduli",
        year=timezone.localdate().year,
    )
    rules = rules_of(program)
    resident = next(
        worker
        for worker in Worker.objects.filter(
            village_id="32.11.15.2001", added_by__username="desa.cikeruh"
        ).order_by("nik")
        if not refusals(rules, candidate_of(worker), on=timezone.localdate(), sponsor_village=None)
    )

    sign_in(phone, live_server.url, "asn.rina")
    phone.get_by_test_id("role").wait_for()
    phone.goto(f"{live_server.url}/asn/")
    form = phone.get_by_test_id("protect-form")

    # A worker the village registered: her NIK and her name as on the KTP, no village needed.
    form.locator("input[name=nik]").fill(resident.nik)
    form.locator("input[name=name]").fill(resident.name)
    form.locator("input[name=consent]").check()
    phone.get_by_test_id("protect").click()
    expect(phone.get_by_text(f"{resident.name}: diajukan, menunggu verifikasi")).to_be_visible()
    expect(phone.get_by_test_id("status").first).to_have_text("diajukan, menunggu verifikasi")
    expect(phone.get_by_test_id("deduction")).to_have_text("Rp 0")
    assert "terlindungi mulai" not in phone.content()

    # A new worker: the village picked by name from the list the page fills as she types.
    form = phone.get_by_test_id("protect-form")
    form.locator("input[name=nik]").fill("3211155208850003")
    form.locator("input[name=name]").fill("Euis Komariah")
    village = phone.get_by_test_id("village")
    village.press_sequentially("cikeru", delay=30)
    option = phone.locator("#village-options option")
    expect(option).to_have_count(1)
    picked = option.get_attribute("value")
    assert picked == "Cikeruh · Jatinangor · 32.11.15.2001"
    village.fill(picked)  # what choosing the suggestion puts in the field
    form.locator("input[name=occupation]").fill("asisten rumah tangga")
    form.locator("input[name=consent]").check()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.screenshot(path=str(ARTIFACTS / "asn-360px.png"), full_page=True)
    phone.get_by_test_id("protect").click()
    expect(phone.get_by_text("Euis Komariah: diajukan, menunggu verifikasi")).to_be_visible()
    expect(phone.get_by_test_id("household-worker")).to_have_count(2)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert phone.console_errors == []

    statuses = set(Enrolment.objects.values_list("status", flat=True))
    assert statuses == {EnrolmentStatus.SUBMITTED}
    assert Worker.objects.get(nik="3211155208850003").village_id == "32.11.15.2001"
