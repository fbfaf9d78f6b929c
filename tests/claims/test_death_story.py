"""A worker dies: the village reports the JKM claim, his enrolment ends after the month of his
death, the next bill leaves him out, a credit note gives back a month billed after it, and the
regency's non-aktif list for BPJS names him (issue 18)."""

from datetime import date

import fastexcel

from lindungi.billing.models import Bill, BillKind, BillLine, LineKind
from lindungi.billing.services.runs import billing_run
from lindungi.claims.services.deaths import death_followed
from lindungi.claims.services.reporting import claim_report
from lindungi.core.models import AuditEvent
from lindungi.programs.exchange.endings import endings_file_create, endings_xlsx
from lindungi.programs.models import EndReason, EnrolmentStatus
from lindungi.programs.services.enrolling import enrolments_create
from lindungi.regions.selectors import region_get

from .conftest import at, scope_of

JANUARY = date(2026, 1, 1)


def test_a_death_claim_ends_protection_and_the_money_follows(
    demo_workers, enrol, village_program, cikeruh, pay_months
):
    operator, admin = demo_workers["desa.cikeruh"], demo_workers["disnaker"]
    bpjs = demo_workers["bpjs.sumedang"]
    dying, living = enrol(village_program, cikeruh, 2)
    pay_months(cikeruh, JANUARY, 10)  # January to October billed (and paid)
    assert BillLine.objects.filter(enrolment=dying, month=date(2026, 10, 1)).exists()

    claim = claim_report(
        actor=operator,
        scope=scope_of(operator),
        worker=dying.worker,
        type="JKM",
        event_date=date(2026, 9, 14),
        now=at(2026, 10, 20),
    )
    dying.refresh_from_db()
    assert (dying.status, dying.last_month) == (EnrolmentStatus.ENDED, date(2026, 9, 1))
    assert (dying.end_reason, dying.event_date) == (EndReason.DIED, date(2026, 9, 14))
    dying.worker.refresh_from_db()
    assert dying.worker.died_on == date(2026, 9, 14)

    # The credit note gives October back, at once.
    credit = BillLine.objects.get(enrolment=dying, kind=LineKind.CREDIT)
    assert (credit.month, credit.amount) == (date(2026, 10, 1), -dying.monthly_amount)
    assert credit.bill.kind == BillKind.CREDIT
    assert AuditEvent.objects.filter(action="billing.corrections").exists()

    # November's bill leaves him out; the other worker is billed.
    billing_run(
        actor=admin,
        scope=scope_of(admin),
        region=region_get(code="32.11"),
        month=date(2026, 11, 1),
        today=date(2026, 11, 3),
    )
    november = Bill.objects.get(sponsor=cikeruh, month=date(2026, 11, 1), kind=BillKind.REGULAR)
    billed = set(november.lines.values_list("enrolment_id", flat=True))
    assert living.pk in billed and dying.pk not in billed

    # The claim's later steps (BPJS's approval) record nothing more.
    death_followed(bpjs, claim, at(2026, 11, 5))
    assert BillLine.objects.filter(enrolment=dying, kind=LineKind.CREDIT).count() == 1
    assert AuditEvent.objects.filter(action="worker.death").count() == 1

    # He is never enrolled again.
    try:
        enrolments_create(
            actor=operator,
            scope=scope_of(operator),
            program=village_program,
            sponsor=cikeruh,
            workers=[dying.worker],
            first_month=date(2026, 12, 1),
            today=date(2026, 11, 20),
        )
    except Exception as error:  # noqa: BLE001 - the message is the point
        assert "died on 14-09-2026" in str(error)
    else:
        raise AssertionError("a deceased worker was enrolled")

    # The regency's non-aktif list names him, with his KPJ, reason and last month.
    endings = endings_file_create(actor=bpjs, scope=scope_of(bpjs), region=region_get(code="32.11"))
    assert endings.row_count == 1
    content = endings_xlsx(actor=bpjs, scope=scope_of(bpjs), endings=endings, purpose="Nonaktif")
    sheet = fastexcel.read_excel(content).load_sheet("Nonaktif", dtypes="string").to_polars()
    assert sheet.columns[:7] == [
        "No",
        "KPJ",
        "NIK",
        "Nama (sesuai KTP)",
        "Alasan nonaktif",
        "Bulan terakhir (mm-yyyy)",
        "Tanggal kejadian (dd-mm-yyyy)",
    ]
    assert sheet.row(0)[1:7] == (
        dying.kpj,
        dying.worker.nik,
        dying.worker.name,
        "Meninggal dunia",
        "09-2026",
        "14-09-2026",
    )
    assert AuditEvent.objects.filter(action="endings.export").exists()
