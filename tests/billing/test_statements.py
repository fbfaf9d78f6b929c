"""BPJS payment statements: matched by bill number and amount, the rest left for a human."""

from datetime import date

import pytest
import xlsxwriter

from lindungi.billing.models import Bill, MismatchReason, Payment, PaymentStatement, StatementLine
from lindungi.billing.selectors.bills import bill_list
from lindungi.billing.selectors.payments import statement_unmatched
from lindungi.billing.services.payments import payment_record
from lindungi.billing.services.runs import billing_run
from lindungi.billing.services.statements import statement_import
from lindungi.core.errors import Conflict, PermissionDenied, ValidationFailed
from lindungi.core.models import AuditEvent
from lindungi.regions.selectors import region_get

from .conftest import JANUARY, scope_of

TODAY = date(2026, 1, 20)


@pytest.fixture
def bills(admin, enrol, village_program, cikeruh, gudang):
    """Cikeruh owes 33,600 (2 workers), Gudang 16,800 (1 worker) for January."""
    enrol(village_program, cikeruh, 2)
    enrol(village_program, gudang, 1, skip=2)
    run = billing_run(
        actor=admin,
        scope=scope_of(admin),
        region=region_get(code="32.11"),
        month=JANUARY,
        today=date(2026, 1, 5),
    )
    return {bill.sponsor_id: bill for bill in Bill.objects.filter(run=run)}


def _import(user, path):
    return statement_import(actor=user, scope=scope_of(user), path=path, today=TODAY)


def test_rows_that_name_a_bill_and_its_amount_become_its_payments(
    demo_workers, bills, cikeruh, gudang, tmp_path
):
    officer = demo_workers["bpjs.sumedang"]
    cikeruh_bill, gudang_bill = bills[cikeruh.pk], bills[gudang.pk]
    path = tmp_path / "laporan.csv"
    path.write_text(
        "No Tagihan;Jumlah;Tanggal\n"
        f"{cikeruh_bill.number};Rp 33.600;12/01/2026\n"  # matches
        f"{gudang_bill.number};16.000;2026-01-13\n"  # amount differs
        "TAG-3211-202601-999999;16800;13-01-2026\n"  # unknown reference
        f"{cikeruh_bill.number};33600;14/01/2026\n",  # the same bill again
        encoding="utf-8",
    )
    result = _import(officer, path)
    assert (result.matched, result.matched_amount, result.unmatched) == (1, 33_600, 3)
    assert [(line["line"], line["reason"]) for line in result.unmatched_lines] == [
        (3, MismatchReason.AMOUNT_DIFFERS),
        (4, MismatchReason.UNKNOWN_REFERENCE),
        (5, MismatchReason.DUPLICATE_IN_FILE),
    ]
    payment = Payment.objects.get()
    assert (payment.sponsor_id, payment.amount, payment.paid_on, payment.channel) == (
        cikeruh.pk,
        33_600,
        date(2026, 1, 12),
        "statement",
    )
    assert (payment.statement_id, payment.line) == (result.statement.pk, 2)
    scope = scope_of(officer)
    assert not bill_list(scope=scope, is_open=True).filter(pk=cikeruh_bill.pk).exists()
    assert bill_list(scope=scope, is_open=True).get().number == gudang_bill.number
    kept = list(statement_unmatched(scope=scope, statement=result.statement))
    assert [(line.line, line.bill_id) for line in kept] == [
        (3, gudang_bill.pk),
        (4, None),
        (5, cikeruh_bill.pk),
    ]
    event = AuditEvent.objects.get(action="payment.statement")
    assert (event.details["matched"], event.details["unmatched"]) == (1, 3)


def test_a_bill_paid_before_is_reported_as_already_paid(admin, bills, cikeruh, tmp_path):
    payment_record(
        actor=admin,
        scope=scope_of(admin),
        sponsor=cikeruh,
        amount=33_600,
        paid_on=date(2026, 1, 11),
        channel="transfer",
        today=TODAY,
    )
    path = tmp_path / "statement.csv"
    path.write_text(
        f"reference,amount,date\n{bills[cikeruh.pk].number},33600,2026-01-12\n", encoding="utf-8"
    )
    result = _import(admin, path)
    assert result.matched == 0
    assert StatementLine.objects.get().reason == MismatchReason.ALREADY_PAID


def test_an_excel_statement_with_english_headers_is_read(admin, bills, gudang, tmp_path):
    path = tmp_path / "statement.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    for column, header in enumerate(("Bill number", "Amount", "Payment date")):
        sheet.write_string(0, column, header)
    sheet.write_string(1, 0, bills[gudang.pk].number)
    sheet.write_number(1, 1, 16_800)
    sheet.write_datetime(1, 2, date(2026, 1, 14), workbook.add_format({"num_format": "d/m/yy"}))
    workbook.close()
    result = _import(admin, path)
    assert result.matched == 1
    assert Payment.objects.get().paid_on == date(2026, 1, 14)


def test_a_bill_of_another_regency_looks_unknown(bandung, bills, cikeruh, tmp_path):
    path = tmp_path / "statement.csv"
    path.write_text(
        f"no_tagihan,jumlah,tanggal\n{bills[cikeruh.pk].number},33600,2026-01-12\n",
        encoding="utf-8",
    )
    result = _import(bandung["admin"], path)
    assert result.matched == 0
    assert StatementLine.objects.get().reason == MismatchReason.UNKNOWN_REFERENCE
    assert StatementLine.objects.get().bill_id is None


@pytest.mark.parametrize(
    ("row", "column", "rule"),
    [
        ("TAG-1,16.80,2026-01-12", "jumlah", "is not an amount in whole Rupiah"),
        ("TAG-1,0,2026-01-12", "jumlah", "is not an amount in whole Rupiah"),
        ("TAG-1,16800,kemarin", "tanggal", "is not a date"),
        ("TAG-1,16800,2026-02-01", "tanggal", "is a date in the future"),
        (",16800,2026-01-12", "no_tagihan", "must be filled in"),
    ],
)
def test_a_broken_row_refuses_the_whole_file_naming_line_column_and_rule(
    admin, bills, cikeruh, tmp_path, row, column, rule
):
    path = tmp_path / "statement.csv"
    path.write_text(
        f"no_tagihan,jumlah,tanggal\n{bills[cikeruh.pk].number},33600,2026-01-12\n{row}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed) as refused:
        _import(admin, path)
    assert f"line 3, column “{column}”: {rule}" in refused.value.message
    assert not PaymentStatement.objects.exists()
    assert not Payment.objects.exists()


def test_a_file_without_an_amount_column_is_refused(admin, bills, tmp_path):
    path = tmp_path / "statement.csv"
    path.write_text("no_tagihan,tanggal\nTAG-1,2026-01-12\n", encoding="utf-8")
    with pytest.raises(ValidationFailed, match="amount"):
        _import(admin, path)


def test_the_same_statement_is_imported_once(admin, bills, cikeruh, tmp_path):
    path = tmp_path / "statement.csv"
    path.write_text(
        f"no_tagihan,jumlah,tanggal\n{bills[cikeruh.pk].number},33600,2026-01-12\n",
        encoding="utf-8",
    )
    _import(admin, path)
    with pytest.raises(Conflict, match="already imported"):
        _import(admin, path)
    assert Payment.objects.count() == 1


def test_village_operators_do_not_import_statements(demo_workers, tmp_path):
    path = tmp_path / "statement.csv"
    path.write_text("no_tagihan,jumlah,tanggal\nTAG-1,16800,2026-01-12\n", encoding="utf-8")
    operator = demo_workers["desa.cikeruh"]
    with pytest.raises(PermissionDenied):
        _import(operator, path)
