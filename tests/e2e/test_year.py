"""A year in the life of the regency, in a real browser, as its users would walk it (issue 18).

On the demo's December 2026 (the clock stands at 7 Dec 2026): the Disnaker opens the 2027
programs; Cikeruh proposes two more residents, the checker verifies, a batch goes to BPJS and
BPJS confirms; December is billed, a payment recorded, a BPJS statement imported with a line that
matches no bill, resolved on its page; a civil servant protects her household worker; a worker
dies: the village reports the JKM claim, BPJS decides and pays it, his protection ends, a credit
note gives back the December already billed, BPJS's non-aktif list names him; the village
confirms 2027 and continues the rest in one action, the checker verifies, BPJS confirms, and
January's bill leaves him out. After each step the home pages of the admin, the village, BPJS
and the civil servant show the work it left, counted here from the tables.

Every step a user takes on a page is taken in the browser; only what BPJS's own systems produce
(the confirmation file, the bank statement) is written here, and uploaded through the pages.
"""

import csv
import datetime as dt
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import fastexcel
import pytest
from django.db import connection
from playwright.sync_api import Page, expect

from lindungi.accounts.models import User
from lindungi.accounts.selectors import scope_for_user
from lindungi.billing.models import Bill, BillKind, BillLine, LineKind, StatementLine
from lindungi.billing.selectors.bills import bill_list
from lindungi.claims.models import Claim, ClaimStatus
from lindungi.contributions.models import RateVersion
from lindungi.contributions.seed import read_seed_rows
from lindungi.core.money import format_rupiah
from lindungi.core.months import add_months
from lindungi.demo.seed import seed_demo
from lindungi.programs.models import (
    EndReason,
    Enrolment,
    EnrolmentStatus,
    Participation,
    ParticipationStatus,
    Program,
    Sponsor,
    SubmissionBatch,
)
from lindungi.regions.loading import load_regions
from lindungi.workers.models import Worker
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_login import sign_in

TODAY = dt.datetime(2026, 12, 7, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
DECEMBER, JANUARY = date(2026, 12, 1), date(2027, 1, 1)
CIKERUH = "32.11.15.2001"
WAIT = 30_000  # ms: the machine may be busy; every wait is for something the page shows
RELEASED = (EnrolmentStatus.REJECTED, EnrolmentStatus.CANCELLED)
# A tiny but real PDF: the claim's documents are recognised by their first bytes.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
def billing_rows_removed(transactional_db):
    """The flush after a transactional test deletes one table at a time; the lines and
    allocations that bills and enrolments still hold go first (the billing triggers)."""
    yield
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM billing_allocation")
        cursor.execute("DELETE FROM billing_billline")


class Walk:
    """The pages visited, whether each fits a 360-px phone, and the console's errors."""

    def __init__(self, site: str, phone: Page, desktop: Page) -> None:
        self.site, self.phone, self.desktop = site, phone, desktop
        self.too_wide: list[str] = []

    def as_(self, page: Page, username: str) -> Page:
        page.context.clear_cookies()  # another person, another device
        sign_in(page, self.site, username)
        expect(page.get_by_test_id("role")).to_be_visible(timeout=WAIT)
        return page

    def go(self, page: Page, path: str) -> Page:
        page.goto(f"{self.site}{path}")
        return self.fits(page)

    def fits(self, page: Page) -> Page:
        if page is self.phone and not page.evaluate(
            "document.documentElement.scrollWidth <= window.innerWidth + 1"
        ):
            self.too_wide.append(page.url)
        return page

    def queues(self, page: Page) -> dict[str, list[int]]:
        """The home page's work queues: each count by its key (a key may repeat)."""
        self.go(page, "/")
        expect(page.get_by_test_id("role")).to_be_visible(timeout=WAIT)
        return page.evaluate(
            """() => {
                const counts = {};
                for (const item of document.querySelectorAll('[data-testid=queue-item]')) {
                    (counts[item.dataset.queue] ||= []).push(Number(item.dataset.count));
                }
                return counts;
            }"""
        )

    def message(self, page: Page, text: str) -> None:
        expect(page.get_by_text(text).first).to_be_visible(timeout=WAIT)


def village_program(year: int) -> Program:
    (program,) = (p for p in Program.objects.filter(year=year) if "DESA" in p.sponsor_kinds)
    return program


def enrolments(**filters) -> int:
    return Enrolment.objects.filter(**filters).count()


def renewals(held_by) -> int:
    """Protected workers whose next month, in the coming three, nothing funds yet."""
    count = 0
    for enrolment in held_by.filter(
        status=EnrolmentStatus.ACTIVE, last_month__in=(DECEMBER, JANUARY, date(2027, 2, 1))
    ):
        following = add_months(enrolment.last_month, 1)
        count += not (
            Enrolment.objects.filter(
                worker_id=enrolment.worker_id,
                first_month__lte=following,
                last_month__gte=following,
            )
            .exclude(status__in=RELEASED)
            .exists()
        )
    return count


def admin_queues_expected() -> dict[str, list[int]]:
    return {
        "renewals": [renewals(Enrolment.objects.all())],
        "to_verify": [enrolments(status=EnrolmentStatus.SUBMITTED)],
        "to_send": [enrolments(status=EnrolmentStatus.VERIFIED)],
        "to_confirm": [batches_waiting()],
        "statement_lines": [StatementLine.objects.filter(resolved_at__isnull=True).count()],
    }


def bpjs_queues_expected() -> dict[str, list[int]]:
    return {
        "to_confirm": [batches_waiting()],
        "claims_to_decide": [Claim.objects.filter(status=ClaimStatus.SUBMITTED).count()],
        "statement_lines": [StatementLine.objects.filter(resolved_at__isnull=True).count()],
    }


def batches_waiting() -> int:
    return (
        SubmissionBatch.objects.filter(enrolments__status=EnrolmentStatus.SENT).distinct().count()
    )


def village_queues_expected(sponsor: Sponsor) -> dict[str, list[int]]:
    mine = Enrolment.objects.filter(sponsor=sponsor)
    return {
        "quota": sorted(
            mine.filter(program=program).exclude(status__in=RELEASED).count()
            for program in Program.objects.filter(is_active=True, quota_per_sponsor__isnull=False)
            if "DESA" in program.sponsor_kinds
        ),
        "drafts": [mine.filter(status=EnrolmentStatus.DRAFT).count()],
        "renewals": [renewals(mine)],
        "submitted": [mine.filter(status=EnrolmentStatus.SUBMITTED).count()],
        "claims_in_progress": [
            Claim.objects.filter(
                enrolment__sponsor=sponsor,
                status__in=(ClaimStatus.DRAFT, ClaimStatus.REPORTED, ClaimStatus.SUBMITTED),
            ).count()
        ],
    }


def assert_queues(shown: dict[str, list[int]], expected: dict[str, list[int]]) -> None:
    for key, counts in expected.items():
        assert sorted(shown.get(key, [])) == sorted(counts), (key, shown.get(key), counts)


def confirmation_file(folder: Path, enrolments_sent, prefix: str) -> Path:
    """BPJS's answer, as its system exports it: a KPJ and the first month for every NIK."""
    path = folder / f"konfirmasi-bpjs-{prefix}.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["NIK", "KPJ", "Tanggal Efektif", "Keterangan"])
        for index, enrolment in enumerate(enrolments_sent, start=1):
            writer.writerow(
                [
                    enrolment.worker.nik,
                    f"{prefix}{index:09d}",
                    f"{enrolment.first_month:%d-%m-%Y}",
                    "",
                ]
            )
    return path


def test_a_year_of_the_regency_through_its_pages(
    live_server, billing_rows_removed, phone, desktop, time_machine, tmp_path
):
    time_machine.move_to(TODAY, tick=True)
    load_regions()
    if not RateVersion.objects.exists():
        RateVersion.objects.bulk_create(RateVersion(**row) for row in read_seed_rows())
    seed_demo(today=TODAY.date())
    walk = Walk(live_server.url, phone, desktop)
    admin_user = User.objects.get(username="disnaker")
    cikeruh = Sponsor.objects.get(kind="DESA", region_id=CIKERUH)
    village_2026 = village_program(2026)

    # 1. The Disnaker opens 2027 for the regency. Her home page first: the work waiting.
    admin = walk.as_(desktop, "disnaker")
    assert_queues(walk.queues(admin), admin_queues_expected())
    walk.go(admin, "/program/tahun/?year=2027")
    rows = admin.get_by_test_id("year-row")
    expect(rows.first).to_contain_text("belum dibuka", timeout=WAIT)
    admin.get_by_test_id("open-year").locator("button[type=submit]").click()
    expect(rows.first).not_to_contain_text("belum dibuka", timeout=WAIT)
    assert Program.objects.filter(year=2027).count() == rows.count() >= 2
    drafts_2027 = Participation.objects.filter(program__year=2027, status=ParticipationStatus.DRAFT)
    assert drafts_2027.filter(sponsor=cikeruh).exists()
    expect(admin.get_by_test_id("participation")).to_have_count(drafts_2027.count())

    # 2. Cikeruh proposes two more residents for December, on a phone.
    village = walk.as_(phone, "desa.cikeruh")
    assert_queues(walk.queues(village), village_queues_expected(cikeruh))
    walk.go(village, "/program/")
    village.locator(f"a[href^='/program/{village_2026.pk}/pilih/']").first.click()
    village.wait_for_url(f"**/program/{village_2026.pk}/pilih/**")
    fill = village.get_by_test_id("quota-fill")
    held = int(fill.get_attribute("data-held"))
    boxes = village.locator("[data-testid=candidate] input[name=worker]")
    expect(boxes.first).to_be_visible(timeout=WAIT)
    proposed = [int(boxes.nth(index).get_attribute("value")) for index in range(2)]
    for index in range(2):
        boxes.nth(index).check()
    village.get_by_test_id("add").click()
    expect(fill).to_have_attribute("data-held", str(held + 2), timeout=WAIT)
    walk.fits(village)
    village.get_by_test_id("submit").click()
    expect(village.get_by_test_id("awaiting")).to_be_visible(timeout=WAIT)
    new = Enrolment.objects.filter(worker_id__in=proposed, program=village_2026)
    assert set(new.values_list("status", "first_month")) == {(EnrolmentStatus.SUBMITTED, DECEMBER)}
    assert_queues(walk.queues(village), village_queues_expected(cikeruh))

    # The checker verifies Cikeruh's, and sends the batch to BPJS.
    assert_queues(walk.queues(admin), admin_queues_expected())
    walk.go(admin, f"/kepesertaan/verifikasi/?sponsor={cikeruh.pk}")
    group = admin.locator(f"[data-testid=sponsor-group][data-sponsor='{cikeruh.pk}']")
    group.get_by_test_id("approve-all").click()
    expect(
        admin.locator(f"[data-testid=sponsor-group][data-sponsor='{cikeruh.pk}']")
    ).to_have_count(0, timeout=WAIT)
    assert set(new.values_list("status", flat=True)) == {EnrolmentStatus.VERIFIED}
    assert_queues(walk.queues(admin), admin_queues_expected())
    walk.go(admin, "/kepesertaan/kirim/")
    admin.get_by_test_id("batch-form").locator("select").select_option(str(village_2026.pk))
    admin.get_by_test_id("make-batch").click()
    expect(admin.get_by_test_id("batch").first).to_contain_text("2", timeout=WAIT)
    assert set(new.values_list("status", flat=True)) == {EnrolmentStatus.SENT}
    assert_queues(walk.queues(admin), admin_queues_expected())

    # BPJS sees the batch waiting on its home page and uploads its confirmation.
    bpjs = walk.as_(desktop, "bpjs.sumedang")
    assert_queues(walk.queues(bpjs), bpjs_queues_expected())
    walk.go(bpjs, "/kepesertaan/konfirmasi/")
    answer = confirmation_file(tmp_path, new.select_related("worker").order_by("pk"), "2712")
    form = bpjs.get_by_test_id("confirmation-form")
    form.locator("input[type=file]").set_input_files(str(answer))
    form.locator("button[type=submit]").click()
    expect(bpjs.get_by_test_id("activated")).to_have_text("2", timeout=WAIT)
    assert set(new.values_list("status", flat=True)) == {EnrolmentStatus.ACTIVE}
    assert_queues(walk.queues(bpjs), bpjs_queues_expected())

    # 3. December is billed again: only the two new workers, on one new bill.
    admin = walk.as_(desktop, "disnaker")
    walk.go(admin, "/tagihan/proses/")
    run_form = admin.get_by_test_id("billing-run-form")
    run_form.locator("input[type=month]").fill("2026-12")
    run_form.locator("button[type=submit]").click()
    walk.message(admin, "Desember 2026")
    supplement = Bill.objects.filter(lines__enrolment__in=new, month=DECEMBER).distinct().get()
    assert supplement.sponsor == cikeruh and supplement.lines.count() == 2
    assert supplement.total == 2 * 16_800

    # Cikeruh's treasurer pays it; the Disnaker records the payment.
    walk.go(admin, "/pembayaran/")
    admin.get_by_text("Catat pembayaran").first.click()
    payment = admin.get_by_test_id("payment-form")
    payment.locator("select[name=sponsor]").select_option(str(cikeruh.pk))
    payment.locator("input[name=amount]").fill(str(supplement.total))
    payment.locator("input[name=paid_on]").fill("2026-12-07")
    payment.locator("select[name=channel]").select_option(index=1)
    payment.locator("input[name=reference]").fill("SP2D/CKR/2026/12/07")
    payment.locator("button[type=submit]").click()
    expect(admin.get_by_test_id("allocation").first).to_be_visible(timeout=WAIT)

    # BPJS's statement: one bill paid exactly, one row nobody's bill (the exception).
    paid_by_bank = (
        bill_list(scope=scope_for_user(admin_user), month=DECEMBER, is_open=True)
        .filter(kind=BillKind.REGULAR, sponsor__kind="DESA")
        .exclude(sponsor=cikeruh)
        .order_by("number")
        .first()
    )
    statement = tmp_path / "rekening-koran-bpjs-2026-12-07.csv"
    with statement.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["No Tagihan", "Jumlah Bayar", "Tgl Bayar"])
        writer.writerow([paid_by_bank.number, paid_by_bank.open_amount, "07/12/2026"])
        writer.writerow(["TAG-9999-202612-000777", 16_800, "07/12/2026"])
    walk.go(admin, "/pembayaran/rekening-koran/")
    upload = admin.get_by_test_id("statement-form")
    upload.locator("input[type=file]").set_input_files(str(statement))
    upload.locator("button[type=submit]").click()
    admin.wait_for_url("**/pembayaran/rekening-koran/*/", timeout=WAIT)
    statement_page = admin.url.split("#")[0]
    expect(admin.get_by_test_id("matched")).to_have_text("1")
    assert_queues(walk.queues(admin), admin_queues_expected())
    admin.goto(statement_page)
    exception = admin.locator("[data-testid=unmatched-row]", has_text="TAG-9999-202612-000777")
    exception.get_by_text("Selesaikan", exact=True).click()
    exception.locator("input[value=not_ours]").check()
    exception.locator("input[name=reason]").fill(
        "Bukan tagihan Kabupaten Sumedang: nomor tidak dikenal, diteruskan ke BPJS Cabang"
    )
    exception.locator("button[type=submit]").click()
    resolved = admin.locator("[data-testid=unmatched-row]", has_text="TAG-9999-202612-000777")
    expect(resolved).to_have_attribute("data-outcome", "not_ours", timeout=WAIT)
    expect(resolved.get_by_test_id("resolution")).to_contain_text("diteruskan ke BPJS Cabang")
    assert_queues(walk.queues(admin), admin_queues_expected())

    # 4. A civil servant protects her household worker: a village picked by name, consent.
    assert not Worker.objects.filter(nik="3211155403870417").exists()
    asn = walk.as_(phone, "asn.yani")
    household_before = (
        asn.get_by_test_id("queue-household").get_by_test_id("household-worker").count()
    )
    walk.go(asn, "/asn/")
    form = asn.get_by_test_id("protect-form")
    form.locator("input[name=nik]").fill("3211155403870417")
    form.locator("input[name=name]").fill("Euis Komariah")
    picker = asn.get_by_test_id("village")
    picker.press_sequentially("cikeru", delay=30)
    option = asn.locator("#village-options option")
    expect(option).to_have_count(1, timeout=WAIT)
    picker.fill(option.get_attribute("value"))
    form.locator("input[name=occupation]").fill("asisten rumah tangga")
    form.locator("input[name=consent]").check()
    walk.fits(asn)
    asn.get_by_test_id("protect").click()
    walk.message(asn, "Euis Komariah: diajukan, menunggu verifikasi")
    walk.fits(asn)
    assert "terlindungi mulai" not in asn.content()
    euis = Enrolment.objects.get(worker__nik="3211155403870417")
    assert euis.status == EnrolmentStatus.SUBMITTED
    shown = walk.queues(asn)
    household = asn.get_by_test_id("queue-household").get_by_test_id("household-worker")
    expect(household).to_have_count(household_before + 1)
    assert shown["protected"] == [enrolments(sponsor=euis.sponsor, status=EnrolmentStatus.ACTIVE)]
    expect(household.filter(has_text="Euis Komariah")).to_have_attribute("data-status", "submitted")
    # This month's TPP deduction, as the agency's TPP list has it; never a bill to pay.
    deducted = Enrolment.objects.filter(
        sponsor=euis.sponsor,
        status=EnrolmentStatus.ACTIVE,
        first_month__lte=DECEMBER,
        last_month__gte=DECEMBER,
    )
    assert shown["tpp"] == [deducted.count()] and deducted.count() >= 1
    expect(asn.get_by_test_id("tpp-amount")).to_have_text(
        format_rupiah(sum(enrolment.monthly_amount for enrolment in deducted))
    )
    assert "bayar" not in asn.get_by_test_id("tpp-deduction").inner_text().replace(
        "tidak ada yang perlu Anda bayar", ""
    )

    # 5. A worker dies. Cikeruh reports the JKM claim with the documents BPJS asks for.
    dying = (
        Enrolment.objects.filter(
            sponsor=cikeruh,
            program=village_2026,
            status=EnrolmentStatus.ACTIVE,
            first_month__lt=DECEMBER,
            worker__claims__isnull=True,
        )
        .select_related("worker")
        .order_by("worker__name")
        .first()
    )
    billed_december = BillLine.objects.get(enrolment=dying, month=DECEMBER, kind=LineKind.CHARGE)
    village = walk.as_(phone, "desa.cikeruh")
    walk.go(village, "/klaim/baru/")
    search = village.get_by_test_id("worker-search")
    search.locator("input[name=q]").fill(dying.worker.nik)
    search.locator("button[type=submit]").click()
    claim_form = village.get_by_test_id("claim-form")
    claim_form.get_by_label(dying.worker.name, exact=False).first.check()
    claim_form.locator("select[name=type]").select_option("JKM")
    claim_form.locator("input[name=event_date]").fill("2026-11-20")
    claim_form.get_by_test_id("claim-preview").click()
    expect(village.get_by_test_id("draft-notice")).to_be_visible(timeout=WAIT)
    walk.fits(village)
    village.get_by_test_id("confirm").click()
    expect(village.get_by_test_id("claim-status")).not_to_have_text("draf", timeout=WAIT)
    for kind in ("death_certificate", "ktp", "kk"):
        upload = village.get_by_test_id("upload-form")
        upload.locator("select[name=kind]").select_option(kind)
        upload.locator("input[type=file]").set_input_files(
            files=[
                {
                    "name": f"{kind}.pdf",
                    "mimeType": "application/pdf",
                    "buffer": PDF + f"% {kind}\n".encode(),
                }
            ]
        )
        count = village.get_by_test_id("document").count()
        upload.locator("button[type=submit]").click()
        expect(village.get_by_test_id("document")).to_have_count(count + 1, timeout=WAIT)
    village.get_by_test_id("submit").click()
    expect(village.get_by_test_id("submit")).to_have_count(0, timeout=WAIT)
    claim = Claim.objects.get(worker=dying.worker)
    assert claim.status == ClaimStatus.SUBMITTED
    assert_queues(walk.queues(village), village_queues_expected(cikeruh))

    # Reported, his protection ended after the month of his death; December comes back.
    dying.refresh_from_db()
    assert (dying.status, dying.last_month, dying.end_reason) == (
        EnrolmentStatus.ENDED,
        date(2026, 11, 1),
        EndReason.DIED,
    )
    credit = BillLine.objects.get(enrolment=dying, kind=LineKind.CREDIT)
    assert (credit.month, credit.amount) == (DECEMBER, -billed_december.amount)
    assert credit.bill.kind == BillKind.CREDIT
    walk.go(village, f"/pekerja/{dying.worker_id}/")
    ending = village.get_by_test_id("end-reason")
    expect(ending).to_contain_text("20 Nov 2026", timeout=WAIT)
    expect(village.get_by_test_id("enrolments")).to_contain_text("Nov 2026")
    walk.go(village, f"/sponsor/{cikeruh.pk}/tagihan/")
    expect(village.get_by_role("link", name=credit.bill.number)).to_be_visible(timeout=WAIT)

    # BPJS decides (the benefit computed) and pays.
    bpjs = walk.as_(desktop, "bpjs.sumedang")
    assert_queues(walk.queues(bpjs), bpjs_queues_expected())
    walk.go(bpjs, f"/klaim/{claim.pk}/")
    decide = bpjs.get_by_test_id("decide-form")
    decide.locator("input[value=approve]").check()
    decide.locator("button[type=submit]").click()
    pay = bpjs.get_by_test_id("pay-form")
    expect(pay).to_be_visible(timeout=WAIT)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
    pay.locator("input[name=amount]").fill(str(claim.approved_amount))
    pay.locator("input[name=paid_on]").fill("2026-12-07")
    pay.locator("input[name=reference]").fill("JKM/SMD/2026/12/0001")
    pay.locator("button[type=submit]").click()
    expect(bpjs.get_by_test_id("payment")).to_contain_text("JKM/SMD/2026/12/0001", timeout=WAIT)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID
    assert_queues(walk.queues(bpjs), bpjs_queues_expected())

    # BPJS's non-aktif list names him, with his KPJ, the reason and the last month.
    walk.go(bpjs, "/kepesertaan/nonaktif/")
    bpjs.get_by_test_id("endings-form").locator("button[type=submit]").click()
    expect(bpjs.get_by_test_id("nothing-new")).to_be_visible(timeout=WAIT)
    bpjs.get_by_test_id("endings-file").first.get_by_role("link").click()
    purpose = bpjs.get_by_test_id("purpose-form")
    purpose.locator("[name=purpose]").fill("Daftar nonaktif untuk BPJS Cabang Sumedang")
    with bpjs.expect_download() as download:
        purpose.locator("button[type=submit]").click()
    sheet = fastexcel.read_excel(Path(download.value.path()).read_bytes())
    rows = sheet.load_sheet(0, dtypes="string").to_polars().rows()
    listed = [row for row in rows if dying.worker.nik in row]
    assert len(listed) == 1 and dying.kpj in listed[0] and "09-2026" not in listed[0]
    assert "11-2026" in listed[0] and "20-11-2026" in listed[0]

    # 6. December's renewal: Cikeruh confirms 2027 with its musdes decision and continues the
    # rest in one action; he is not among them.
    village = walk.as_(phone, "desa.cikeruh")
    walk.go(village, "/program/tahun/?year=2027")
    confirm = village.get_by_test_id("confirm-form")
    confirm.locator("input[name=decision_number]").fill("141/09/Musdes/XII/2026")
    confirm.locator("input[name=decision_date]").fill("2026-12-04")
    confirm.locator("input[name=quota]").fill("100")
    confirm.get_by_test_id("confirm").click()
    expect(village.get_by_test_id("participation").first).to_contain_text(
        "141/09/Musdes/XII/2026", timeout=WAIT
    )
    walk.fits(village)
    walk.go(village, "/kepesertaan/berakhir/")
    gap = village.get_by_test_id("gap-sponsor").filter(has_text=cikeruh.name)
    continuing = Enrolment.objects.filter(
        sponsor=cikeruh, status=EnrolmentStatus.ACTIVE, last_month=DECEMBER
    ).count()
    expect(gap).to_contain_text(f"{continuing} pekerja", timeout=WAIT)
    gap.get_by_test_id("renew").click()
    result = village.get_by_test_id("renewal-result")
    expect(result).to_be_visible(timeout=WAIT)
    walk.fits(village)
    village_2027 = village_program(2027)
    renewed = Enrolment.objects.filter(program=village_2027, sponsor=cikeruh)
    assert renewed.count() == continuing
    # Left out, each with the reason: the dead, among them the worker who died in November.
    left_out = village.get_by_test_id("left-out").locator("tbody tr")
    died = Enrolment.objects.filter(sponsor=cikeruh, end_reason=EndReason.DIED).count()
    expect(left_out).to_have_count(died)
    expect(left_out.filter(has_text=dying.worker.name)).to_contain_text("meninggal")
    assert set(renewed.values_list("status", "first_month")) == {
        (EnrolmentStatus.SUBMITTED, JANUARY)
    }
    assert not renewed.filter(worker=dying.worker).exists()
    assert set(proposed) <= set(renewed.values_list("worker_id", flat=True))
    assert_queues(walk.queues(village), village_queues_expected(cikeruh))

    # The checker verifies them, the batch goes, BPJS confirms from January.
    admin = walk.as_(desktop, "disnaker")
    assert_queues(walk.queues(admin), admin_queues_expected())
    walk.go(admin, f"/kepesertaan/verifikasi/?sponsor={cikeruh.pk}")
    admin.locator(f"[data-testid=sponsor-group][data-sponsor='{cikeruh.pk}']").get_by_test_id(
        "approve-all"
    ).click()
    expect(
        admin.locator(f"[data-testid=sponsor-group][data-sponsor='{cikeruh.pk}']")
    ).to_have_count(0, timeout=WAIT)
    walk.go(admin, "/kepesertaan/kirim/")
    admin.get_by_test_id("batch-form").locator("select").select_option(str(village_2027.pk))
    admin.get_by_test_id("make-batch").click()
    expect(admin.get_by_test_id("batch").first).to_contain_text(village_2027.name, timeout=WAIT)
    assert_queues(walk.queues(admin), admin_queues_expected())
    bpjs = walk.as_(desktop, "bpjs.sumedang")
    assert_queues(walk.queues(bpjs), bpjs_queues_expected())
    walk.go(bpjs, "/kepesertaan/konfirmasi/")
    answer = confirmation_file(tmp_path, renewed.select_related("worker").order_by("pk"), "2701")
    form = bpjs.get_by_test_id("confirmation-form")
    form.locator("input[type=file]").set_input_files(str(answer))
    form.locator("button[type=submit]").click()
    expect(bpjs.get_by_test_id("activated")).to_have_text(str(renewed.count()), timeout=WAIT)
    assert_queues(walk.queues(bpjs), bpjs_queues_expected())

    # The next bill, January's, leaves him out.
    admin = walk.as_(desktop, "disnaker")
    walk.go(admin, "/tagihan/proses/")
    run_form = admin.get_by_test_id("billing-run-form")
    run_form.locator("input[type=month]").fill("2027-01")
    run_form.locator("button[type=submit]").click()
    walk.message(admin, "Januari 2027")
    january = Bill.objects.get(sponsor=cikeruh, month=JANUARY, kind=BillKind.REGULAR)
    assert january.lines.count() == renewed.count()
    assert not january.lines.filter(enrolment__worker=dying.worker).exists()
    walk.go(admin, f"/tagihan/{january.pk}/")
    expect(admin.get_by_test_id("bill-line")).to_have_count(renewed.count(), timeout=WAIT)
    expect(admin.get_by_test_id("bill-line").first).to_contain_text(
        renewed.order_by("worker__name").first().worker.name
    )
    expect(admin.locator("main")).not_to_contain_text(dying.worker.name)
    assert_queues(walk.queues(admin), admin_queues_expected())

    admin.screenshot(path=str(ARTIFACTS / "tahun-admin-1280px.png"), full_page=True)
    assert walk.too_wide == []
    assert phone.console_errors == [] and desktop.console_errors == []
    assert Worker.objects.get(pk=dying.worker_id).died_on == date(2026, 11, 20)
