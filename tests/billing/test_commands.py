"""`lindungi billing …`: thin commands over the services."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from lindungi.accounts.models import Agency
from lindungi.billing.models import Bill, BillKind, Payment
from lindungi.programs.models import Sponsor


def _call(*args):
    out = StringIO()
    call_command("billing", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def billed(enrol, village_program, cikeruh):
    enrol(village_program, cikeruh, 2)
    return _call("run", "--region", "32.11", "--month", "2026-01", "--as", "disnaker")


def test_run_bills_the_month_and_says_how_much(billed):
    assert "1 bill(s), 2 line(s) for 2 enrolment(s), Rp 33.600" in billed
    assert "0 bill(s)" in _call(
        "run", "--region", "32.11", "--month", "2026-01", "--as", "disnaker"
    )


def test_pay_statement_overdue_and_tpp(billed, cikeruh, tmp_path):
    printed = _call(
        "pay", str(cikeruh.pk), "--amount", "16800", "--date", "2026-01-10", "--as", "disnaker"
    )
    assert "Rp 16.800 allocated" in printed
    number = Bill.objects.get().number
    statement = tmp_path / "laporan.csv"
    statement.write_text(f"no_tagihan,jumlah,tanggal\n{number},16800,2026-01-11\n")
    assert "1 row(s) matched (Rp 16.800)" in _call(
        "statement", str(statement), "--as", "bpjs.sumedang"
    )
    assert Payment.objects.count() == 2
    assert _call("overdue", "--as", "disnaker").strip() == ""
    dinkes = Agency.objects.get(code="dinkes", region_id="32.11")
    for suffix, magic in ((".xlsx", b"PK"), (".pdf", b"%PDF")):
        output = tmp_path / f"tpp{suffix}"
        printed = _call(
            "tpp", "--agency", str(dinkes.pk), "--month", "2026-01", "--output", str(output),
            "--as", "disnaker",
        )  # fmt: skip
        assert output.read_bytes().startswith(magic)
        assert f"Wrote {output}" in printed


def test_a_refusal_exits_with_status_2(billed):
    with pytest.raises(CommandError) as refused:
        _call("run", "--region", "32.11", "--month", "2026-01", "--as", "desa.cikeruh")
    assert refused.value.returncode == 2
    with pytest.raises(CommandError):
        _call("corrections", "--region", "32.11", "--as", "tim.koordinasi")


def test_overdue_lists_the_demo_sponsors_with_their_overdue_bills(demo_billed):
    """On 24 Nov 2026 the demo's late villages (unpaid since October) have bills past their due
    date: the listing names each overdue sponsor with how many of its bills are overdue."""
    today = dt.date(2026, 11, 24)
    overdue: dict[int, int] = {}
    for bill in Bill.objects.filter(kind=BillKind.REGULAR, due_date__lt=today).annotate(
        settled=Sum("allocations__amount")
    ):
        if (bill.settled or 0) < bill.total:
            overdue[bill.sponsor_id] = overdue.get(bill.sponsor_id, 0) + 1
    assert len(overdue) >= 2  # the two late villages at least
    printed = _call("overdue", "--as", "disnaker")
    listed = {int(line.split()[0]): line for line in printed.splitlines()}
    assert set(listed) == set(overdue)
    for sponsor in Sponsor.objects.filter(pk__in=overdue):
        assert sponsor.name in listed[sponsor.pk]
        assert f"{overdue[sponsor.pk]:>3} bill(s)" in listed[sponsor.pk]
