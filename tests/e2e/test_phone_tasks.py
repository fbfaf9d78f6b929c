"""Each role's main task done by clicking on a 360-px phone (issue 19), every page reached through
the menu's drawer as a new user would: the village operator registers a worker and proposes him
for the village program, the checker verifies, the Disnaker sends the batch to BPJS, BPJS
confirms it, the Disnaker records a payment of a bill, and the village reports a claim. After
each step the tables say it happened and the page is no wider than the phone.

One browser context per role, each signed in once through the login form; the steps and the
data are test_year's (issue 18), taken here at phone size.
"""

from datetime import date

import pytest
from django.db import connection
from playwright.sync_api import Page, expect

from lindungi.accounts.models import User
from lindungi.accounts.selectors import scope_for_user
from lindungi.billing.models import Allocation, BillKind
from lindungi.billing.selectors.bills import bill_list
from lindungi.claims.models import Claim, ClaimStatus
from lindungi.contributions.models import RateVersion
from lindungi.contributions.seed import read_seed_rows
from lindungi.demo.seed import seed_demo
from lindungi.programs.models import Enrolment, EnrolmentStatus, Sponsor
from lindungi.regions.loading import load_regions
from lindungi.workers.models import Worker
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_login import sign_in
from tests.e2e.test_year import (
    CIKERUH,
    DECEMBER,
    TODAY,
    WAIT,
    confirmation_file,
    village_program,
)

PHONE = {"width": 360, "height": 740}
NEW_NIK = "3211151208900031"  # a man of Jatinangor born 12 Aug 1990, not in the demo
NEW_NAME = "Ujang Supriatna"
# The innermost elements that reach past the screen's right edge, to name in a failure.
WIDEST = """() => {
  const past = e => e.getBoundingClientRect().right > innerWidth + 0.5;
  const clipped = e => {
    for (let up = e.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') return true;
    }
    return false;
  };
  return Array.from(document.querySelectorAll('body *'))
    .filter(e => past(e) && !clipped(e)
                 && (getComputedStyle(e).overflowX !== 'visible'
                     || !Array.from(e.children).some(past)))
    .slice(0, 3)
    .map(e => `${e.tagName.toLowerCase()}.${e.className} "${e.textContent.trim().slice(0, 40)}"`);
}"""


@pytest.fixture
def site(live_server, transactional_db, time_machine):
    """The demo on its December 2026 behind a live server (as test_year's)."""
    time_machine.move_to(TODAY, tick=True)
    load_regions()  # transactional tests start from tables emptied by the ones before
    if not RateVersion.objects.exists():
        RateVersion.objects.bulk_create(RateVersion(**row) for row in read_seed_rows())
    seed_demo(today=TODAY.date())
    yield live_server.url
    # The billing triggers refuse the flush's table-by-table deletes while these name rows.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM billing_allocation")
        cursor.execute("DELETE FROM billing_billline")


class Phones:
    """One phone per person, signed in once; the pages wider than the phone; console errors."""

    def __init__(self, browser, site: str) -> None:
        self.browser, self.site = browser, site
        self.too_wide: list[str] = []
        self.console_errors: list[str] = []
        self.contexts: list = []

    def of(self, username: str) -> Page:
        context = self.browser.new_context(viewport=PHONE, locale="id-ID")
        self.contexts.append(context)
        page = context.new_page()
        page.on(
            "console",
            lambda m: self.console_errors.append(m.text) if m.type == "error" else None,
        )
        sign_in(page, self.site, username)
        expect(page.get_by_test_id("role")).to_be_visible(timeout=WAIT)
        return page

    def menu(self, page: Page, group: str, label: str) -> Page:
        """Open the drawer, its task (a `<details>`) if the link is in one, and the link."""
        page.get_by_test_id("menu-toggle").click()
        page.locator("#menu:popover-open").wait_for(timeout=WAIT)
        part = page.locator(f"#menu li[data-menu-group={group}]")
        if part.locator("summary").count():
            part.locator("summary").click()
        with page.expect_navigation(timeout=WAIT):
            part.get_by_role("link", name=label, exact=True).click()
        return self.fits(page)

    def fits(self, page: Page) -> Page:
        # Its stylesheets applied: a page shown before they load is wide for a moment.
        page.wait_for_load_state("load")
        wider = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if wider > 0:
            self.too_wide.append(
                f"{page.url} is {wider} px wider than the phone: {page.evaluate(WIDEST)}"
            )
        return page

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def phones(site, browser):
    people = Phones(browser, site)
    yield people
    people.close()


def test_every_role_does_its_main_task_on_a_phone(phones, tmp_path):
    cikeruh = Sponsor.objects.get(kind="DESA", region_id=CIKERUH)
    program = village_program(2026)

    # The village operator registers a resident: her own village is already chosen.
    village = phones.of("desa.cikeruh")
    phones.menu(village, "workers", "Pekerja")
    village.locator("main a[href='/pekerja/baru/']").click()
    form = village.get_by_test_id("worker-form")
    form.locator("[name=nik]").fill(NEW_NIK)
    form.locator("[name=name]").fill(NEW_NAME)
    form.locator("[name=address]").fill("Dusun Cikeruh RT 02 RW 05")
    form.locator("[name=occupation]").fill("buruh tani")
    phones.fits(village)
    form.locator("button[type=submit]").click()
    village.wait_for_url("**/pekerja/*/", timeout=WAIT)
    worker = Worker.objects.get(nik=NEW_NIK)
    assert (worker.name, worker.village_id) == (NEW_NAME, CIKERUH)
    phones.fits(village)

    # ... and proposes him for the village program, found by his name among the residents.
    phones.menu(village, "programs", "Program")
    village.locator(f"main a[href^='/program/{program.pk}/pilih/']").first.click()
    village.wait_for_url(f"**/program/{program.pk}/pilih/**", timeout=WAIT)
    village.get_by_test_id("candidate-filter").locator("input[name=q]").fill(NEW_NAME)
    box = village.locator(f"[data-testid=candidate] input[name=worker][value='{worker.pk}']")
    expect(village.locator("[data-testid=candidate]")).to_have_count(1, timeout=WAIT)
    box.check()
    village.get_by_test_id("add").click()
    expect(village.get_by_test_id("draft")).to_contain_text(NEW_NAME, timeout=WAIT)
    phones.fits(village)
    village.get_by_test_id("submit").click()
    expect(village.get_by_test_id("awaiting")).to_be_visible(timeout=WAIT)
    phones.fits(village)
    proposed = Enrolment.objects.get(worker=worker, program=program)
    assert (proposed.status, proposed.sponsor, proposed.first_month) == (
        EnrolmentStatus.SUBMITTED,
        cikeruh,
        DECEMBER,
    )

    # The checker verifies the village's proposals.
    checker = phones.of("verifikator")
    phones.menu(checker, "enrolment", "Verifikasi kepesertaan")
    group = checker.locator(f"[data-testid=sponsor-group][data-sponsor='{cikeruh.pk}']")
    group.get_by_test_id("approve-all").click()
    expect(group).to_have_count(0, timeout=WAIT)
    phones.fits(checker)
    proposed.refresh_from_db()
    assert proposed.status == EnrolmentStatus.VERIFIED

    # The Disnaker sends the village program's batch to BPJS.
    admin = phones.of("disnaker")
    phones.menu(admin, "enrolment", "Kiriman ke BPJS")
    admin.get_by_test_id("batch-form").locator("select").select_option(str(program.pk))
    admin.get_by_test_id("make-batch").click()
    expect(admin.get_by_test_id("batch").first).to_contain_text(program.name, timeout=WAIT)
    phones.fits(admin)
    proposed.refresh_from_db()
    assert proposed.status == EnrolmentStatus.SENT and proposed.batch_id is not None

    # BPJS confirms the batch with its system's answer (a KPJ for every NIK sent).
    bpjs = phones.of("bpjs.sumedang")
    phones.menu(bpjs, "enrolment", "Konfirmasi BPJS")
    sent = Enrolment.objects.filter(batch_id=proposed.batch_id).select_related("worker")
    answer = confirmation_file(tmp_path, sent.order_by("pk"), "3612")
    form = bpjs.get_by_test_id("confirmation-form")
    form.locator("input[type=file]").set_input_files(str(answer))
    form.locator("button[type=submit]").click()
    expect(bpjs.get_by_test_id("activated")).to_have_text(str(sent.count()), timeout=WAIT)
    phones.fits(bpjs)
    proposed.refresh_from_db()
    assert proposed.status == EnrolmentStatus.ACTIVE and proposed.kpj

    # The Disnaker records the village treasurer's payment of its oldest open bill.
    owed = (
        bill_list(scope=scope_for_user(User.objects.get(username="disnaker")), is_open=True)
        .filter(sponsor=cikeruh, kind=BillKind.REGULAR)
        .order_by("month", "number")
        .first()
    )
    assert owed is not None
    phones.menu(admin, "billing", "Pembayaran")
    admin.get_by_text("Catat pembayaran").first.click()
    payment = admin.get_by_test_id("payment-form")
    payment.locator("select[name=sponsor]").select_option(str(cikeruh.pk))
    payment.locator("input[name=amount]").fill(str(owed.open_amount))
    payment.locator("input[name=paid_on]").fill("2026-12-07")
    payment.locator("select[name=channel]").select_option(index=1)
    payment.locator("input[name=reference]").fill("SP2D/CKR/2026/12/HP")
    phones.fits(admin)
    payment.locator("button[type=submit]").click()
    expect(admin.get_by_test_id("allocation").first).to_contain_text(owed.number, timeout=WAIT)
    phones.fits(admin)
    applied = Allocation.objects.get(bill=owed, payment__reference="SP2D/CKR/2026/12/HP")
    assert applied.amount == owed.open_amount
    assert (
        not bill_list(scope=scope_for_user(User.objects.get(username="disnaker")), is_open=True)
        .filter(pk=owed.pk)
        .exists()
    )

    # The village reports a death claim for one of its protected workers.
    dying = (
        Enrolment.objects.filter(
            sponsor=cikeruh,
            program=program,
            status=EnrolmentStatus.ACTIVE,
            first_month__lt=DECEMBER,
            worker__claims__isnull=True,
        )
        .select_related("worker")
        .order_by("worker__name")
        .first()
    )
    assert dying is not None
    phones.menu(village, "claims", "Laporkan klaim")
    search = village.get_by_test_id("worker-search")
    search.locator("input[name=q]").fill(dying.worker.nik)
    search.locator("button[type=submit]").click()
    claim_form = village.get_by_test_id("claim-form")
    claim_form.get_by_label(dying.worker.name, exact=False).first.check()
    claim_form.locator("select[name=type]").select_option("JKM")
    claim_form.locator("input[name=event_date]").fill("2026-11-20")
    phones.fits(village)
    claim_form.get_by_test_id("claim-preview").click()
    expect(village.get_by_test_id("draft-notice")).to_be_visible(timeout=WAIT)
    phones.fits(village)
    village.get_by_test_id("confirm").click()
    expect(village.get_by_test_id("claim-status")).not_to_have_text("draf", timeout=WAIT)
    phones.fits(village)
    claim = Claim.objects.get(worker=dying.worker)
    assert (claim.status, claim.type, claim.event_date) == (
        ClaimStatus.REPORTED,
        "JKM",
        date(2026, 11, 20),
    )

    ARTIFACTS.mkdir(exist_ok=True)
    village.screenshot(path=str(ARTIFACTS / "tugas-klaim-desa-360px.png"), full_page=True)
    assert phones.too_wide == []
    assert phones.console_errors == []
