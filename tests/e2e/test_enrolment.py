from django.utils import timezone
from playwright.sync_api import expect

from lindungi.accounts.models import User
from lindungi.accounts.selectors import scope_for_user
from lindungi.contributions.models import RateVersion
from lindungi.contributions.seed import read_seed_rows
from lindungi.demo.seed import seed_demo
from lindungi.programs.models import Enrolment, EnrolmentStatus, Program
from lindungi.programs.services.setup import program_from_scheme
from lindungi.regions.loading import load_regions
from lindungi.regions.selectors import region_get
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_login import sign_in


def _village_program() -> Program:
    """This year's village program, as the regional admin starts it."""
    admin = User.objects.get(username="disnaker")
    return program_from_scheme(
        actor=admin,
        scope=scope_for_user(admin),
        region=region_get(code="32.11"),
        scheme="desa_100",
        year=timezone.localdate().year,
    )


def test_a_village_operator_chooses_residents_on_a_phone_and_submits_them(
    live_server, transactional_db, phone
):
    load_regions()
    # The rate tables come with the migrations; transactional tests before this one may have
    # emptied them, and every contribution is computed from them.
    if not RateVersion.objects.exists():
        RateVersion.objects.bulk_create(RateVersion(**row) for row in read_seed_rows())
    seed_demo(with_programs=False)  # the workers, but no programs: the village starts afresh
    program = _village_program()
    sign_in(phone, live_server.url, "desa.cikeruh")
    phone.get_by_test_id("role").wait_for()
    phone.goto(f"{live_server.url}/program/")
    phone.get_by_test_id("choose-workers").first.click()
    phone.wait_for_url(f"**/program/{program.pk}/pilih/**")

    # The village's first program: it registers as a sponsor with its village meeting's decision.
    phone.locator("input[name=decision_number]").fill("141/05/Musdes/2025")
    phone.locator("input[name=decision_date]").fill("2025-12-12")
    phone.get_by_test_id("register").click()
    fill = phone.get_by_test_id("quota-fill")
    expect(fill).to_have_attribute("data-held", "0")
    assert "0/100" in fill.inner_text()

    # Only drivers: htmx refreshes the list in place and the address follows the filter.
    phone.get_by_test_id("occupation").select_option("sopir")
    phone.wait_for_url("**occupation=sopir**")
    rows = phone.get_by_test_id("candidate")
    expect(rows.first).to_be_visible()
    occupations = rows.locator("td:nth-child(5)").all_inner_texts()
    assert occupations and set(occupations) == {"sopir"}

    boxes = phone.locator("[data-testid=candidate] input[name=worker]")
    chosen = [boxes.nth(index) for index in range(3)]
    names = [box.get_attribute("aria-label") for box in chosen]
    ids = [int(box.get_attribute("value")) for box in chosen]
    for box in chosen:
        box.check()
    expect(phone.locator("[data-count-of=worker]")).to_have_text("✓ 3")  # app.js counts them
    phone.get_by_test_id("add").click()

    expect(fill).to_have_attribute("data-held", "3")  # the quota fill follows
    assert "3/100" in fill.inner_text()
    assert phone.locator("progress").get_attribute("value") == "3"
    drafts = phone.get_by_test_id("draft").all_inner_texts()
    assert all(any(name in draft for draft in drafts) for name in names)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.screenshot(path=str(ARTIFACTS / "pilih-pekerja-desa-360px.png"), full_page=True)

    phone.get_by_test_id("submit").click()
    awaiting = phone.get_by_test_id("awaiting")
    expect(awaiting).to_be_visible()
    expect(phone.get_by_test_id("draft")).to_have_count(0)
    assert awaiting.inner_text().startswith("3 ")  # "3 workers await verification…"
    assert set(Enrolment.objects.values_list("worker_id", "status")) == {
        (worker_id, EnrolmentStatus.SUBMITTED) for worker_id in ids
    }
    assert phone.console_errors == []
