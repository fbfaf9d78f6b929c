"""Billing through the REST API: runs, invoices, payments, BPJS statements, TPP deductions and
what needs attention, each within the caller's scope (docs/billing.md)."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import polars as pl
import pytest
import schemathesis
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from pypdf import PdfReader

from lindungi.accounts.models import Agency, User
from lindungi.accounts.selectors import scope_for_user
from lindungi.accounts.services import token_create
from lindungi.billing.lapses import billing_daily
from lindungi.billing.models import (
    Allocation,
    Bill,
    BillingRun,
    BillLine,
    Payment,
    PaymentStatement,
    StatementLine,
)
from lindungi.billing.services.payments import payment_record
from lindungi.billing.services.runs import billing_run
from lindungi.config.wsgi import application
from lindungi.core.models import AuditEvent
from lindungi.core.roles import Role
from lindungi.programs.models import Enrolment, Program, Sponsor, SponsorKind
from lindungi.programs.selectors import candidates
from lindungi.programs.services.asn import asn_protect
from lindungi.programs.services.enrolling import enrolments_create
from lindungi.programs.services.setup import program_from_scheme
from lindungi.programs.services.sponsors import sponsor_create
from lindungi.regions.selectors import region_get
from lindungi.workers.services import worker_create
from tests.api.test_fuzz import CHECKS
from tests.billing.conftest import JANUARY, activate
from tests.programs.conftest import TODAY

pytestmark = pytest.mark.django_db

JANUARY_20 = datetime(2026, 1, 20, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def clock(time_machine):
    """20 January 2026: January's bills (due on the 15th) are overdue."""
    time_machine.move_to(JANUARY_20, tick=False)


def english(user: User) -> Client:
    """A logged-in client that chose English (the product speaks Indonesian by default)."""
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def post(client: Client, path: str, data: object):
    return client.post(path, data, content_type="application/json")


def _run(user: User, month: date = JANUARY, **options) -> BillingRun:
    return billing_run(
        actor=user,
        scope=scope_for_user(user),
        region=region_get(code="32.11"),
        month=month,
        **options,
    )


def _sponsor(user: User, code: str, name: str) -> Sponsor:
    return sponsor_create(
        actor=user, scope=scope_for_user(user), kind="DESA", name=name, region=region_get(code=code)
    )


def _enrol(admin: User, program: Program, sponsor: Sponsor, count: int) -> list[Enrolment]:
    """`count` eligible workers enrolled for the sponsor and made ACTIVE (as BPJS's answer
    would), from January 2026."""
    scope = scope_for_user(admin)
    found = list(candidates(scope=scope, program=program, sponsor=sponsor, first_month=JANUARY))
    drafts = enrolments_create(
        actor=admin,
        scope=scope,
        program=program,
        sponsor=sponsor,
        workers=found[:count],
        first_month=JANUARY,
        today=TODAY,
    )
    return activate(drafts)


@pytest.fixture
def enrolled(demo_workers, clock):
    """Cikeruh pays for two active workers, Gudang for one, from January 2026; nothing billed."""
    admin = demo_workers["disnaker"]
    program = program_from_scheme(
        actor=admin,
        scope=scope_for_user(admin),
        region=region_get(code="32.11"),
        scheme="desa_100",
        year=2026,
    )
    cikeruh = _sponsor(demo_workers["desa.cikeruh"], "32.11.15.2001", "Pemerintah Desa Cikeruh")
    gudang = _sponsor(demo_workers["desa.gudang"], "32.11.11.2001", "Pemerintah Desa Gudang")
    _enrol(admin, program, cikeruh, 2)
    _enrol(admin, program, gudang, 1)
    return {"users": demo_workers, "program": program, "cikeruh": cikeruh, "gudang": gudang}


@pytest.fixture
def billed(enrolled):
    """January billed: Cikeruh owes 33,600, Gudang 16,800, both due on 15 January."""
    run = _run(enrolled["users"]["disnaker"])
    bills = {bill.sponsor_id: bill for bill in Bill.objects.filter(run=run)}
    return {
        **enrolled,
        "run": run,
        "cikeruh_bill": bills[enrolled["cikeruh"].pk],
        "gudang_bill": bills[enrolled["gudang"].pk],
    }


def _billing_state() -> list[tuple]:
    """Every billing row, to show that a refused call changed nothing."""
    return [
        tuple(BillingRun.objects.values_list().order_by("pk")),
        tuple(Bill.objects.values_list().order_by("pk")),
        tuple(BillLine.objects.values_list().order_by("bill_id", "enrolment_id", "month", "kind")),
        tuple(Payment.objects.values_list().order_by("pk")),
        tuple(Allocation.objects.values_list().order_by("pk")),
        tuple(PaymentStatement.objects.values_list().order_by("pk")),
        tuple(StatementLine.objects.values_list().order_by("pk")),
    ]


# Billing runs


def test_the_regional_admin_bills_a_month_and_a_second_run_bills_nothing(enrolled):
    admin = english(enrolled["users"]["disnaker"])
    created = post(admin, "/api/v1/billing/runs", {"region_code": "32.11", "month": "2026-01"})
    assert created.status_code == 201, created.json()
    run = created.json()
    assert (run["region_code"], run["month"], run["kind"], run["months_ahead"]) == (
        "32.11",
        "2026-01-01",
        "regular",
        1,
    )
    assert (run["bills"], run["lines"], run["enrolments"], run["amount"]) == (2, 3, 3, 50_400)
    assert run["started_by"] == "disnaker"
    assert run["finished_at"] is not None

    # A date of the month names the month; the region defaults to the admin's own.
    again = post(admin, "/api/v1/billing/runs", {"month": "2026-01-20"})
    assert again.status_code == 201, again.json()
    assert (again.json()["month"], again.json()["bills"], again.json()["lines"]) == (
        "2026-01-01",
        0,
        0,
    )
    listed = admin.get("/api/v1/billing/runs").json()
    assert listed["count"] == 2
    assert {row["id"] for row in listed["items"]} == {run["id"], again.json()["id"]}
    detail = admin.get(f"/api/v1/billing/runs/{run['id']}")
    assert detail.status_code == 200
    assert detail.json() == run
    assert Bill.objects.count() == 2


def test_a_sponsor_prepays_three_months_on_one_bill(enrolled):
    admin = english(enrolled["users"]["disnaker"])
    gudang = enrolled["gudang"]
    created = post(
        admin,
        "/api/v1/billing/runs",
        {"region_code": "32.11", "month": "2026-02", "months_ahead": 3, "sponsor_id": gudang.pk},
    )
    assert created.status_code == 201, created.json()
    assert (created.json()["months_ahead"], created.json()["bills"]) == (3, 1)
    assert (created.json()["lines"], created.json()["amount"]) == (3, 3 * 16_800)
    (bill,) = Bill.objects.all()
    assert bill.sponsor_id == gudang.pk
    assert sorted(BillLine.objects.values_list("month", flat=True)) == [
        date(2026, 2, 1),
        date(2026, 3, 1),
        date(2026, 4, 1),
    ]


def test_a_run_is_refused_to_whoever_may_not_bill_and_for_a_month_that_is_not_one(enrolled):
    users = enrolled["users"]
    village = english(users["desa.cikeruh"])
    refused = post(village, "/api/v1/billing/runs", {"region_code": "32.11", "month": "2026-01"})
    assert refused.status_code == 403
    assert refused.json()["message"] == "Only the regional admin runs billing for this region"
    bpjs = english(users["bpjs.sumedang"])
    assert post(bpjs, "/api/v1/billing/runs", {"month": "2026-01"}).status_code == 403

    admin = english(users["disnaker"])
    not_a_month = post(admin, "/api/v1/billing/runs", {"month": "2026-13"})
    assert not_a_month.status_code == 422
    assert not_a_month.json()["message"] == "Not a month: 2026-13 (use YYYY-MM)"
    assert not_a_month.json()["details"]["field"] == "month"
    ahead = post(admin, "/api/v1/billing/runs", {"month": "2026-01", "months_ahead": 2})
    assert ahead.status_code == 422
    assert "months_ahead" in ahead.json()["message"]
    village_region = post(
        admin, "/api/v1/billing/runs", {"region_code": "32.11.15.2001", "month": "2026-01"}
    )
    assert village_region.status_code == 422
    assert village_region.json()["details"]["field"] == "region"
    unknown = post(admin, "/api/v1/billing/runs", {"region_code": "99.99", "month": "2026-01"})
    assert unknown.status_code == 422
    assert unknown.json()["message"] == "Unknown region: 99.99"
    assert not BillingRun.objects.exists()


def test_only_the_regencys_officers_and_bpjs_read_runs(billed):
    users, run = billed["users"], billed["run"]
    for username in ("disnaker", "bpjs.sumedang", "tim.koordinasi"):
        client = english(users[username])
        assert client.get("/api/v1/billing/runs").json()["count"] == 1, username
        assert client.get(f"/api/v1/billing/runs/{run.pk}").status_code == 200, username
    for username in ("desa.cikeruh", "opd.dppkbp3a", "asn.rina"):
        client = english(users[username])
        assert client.get("/api/v1/billing/runs").json()["count"] == 0, username
        missing = client.get(f"/api/v1/billing/runs/{run.pk}")
        assert missing.status_code == 404, username
        assert missing.json()["message"] == "Billing run not found"


# Invoices


def test_invoices_are_listed_with_what_is_paid_and_filtered(billed):
    admin = english(billed["users"]["disnaker"])
    cikeruh, gudang = billed["cikeruh"], billed["gudang"]
    listed = admin.get("/api/v1/invoices").json()
    assert listed["count"] == 2
    by_sponsor = {row["sponsor_id"]: row for row in listed["items"]}
    row = by_sponsor[cikeruh.pk]
    assert row["number"] == billed["cikeruh_bill"].number
    assert row["number"].startswith("TAG-3211-202601-")
    assert (row["kind"], row["month"], row["due_date"]) == ("regular", "2026-01-01", "2026-01-15")
    assert (row["total"], row["paid"], row["open_amount"]) == (33_600, 0, 33_600)
    assert row["sponsor_name"] == "Pemerintah Desa Cikeruh"
    assert row["run_id"] == billed["run"].pk

    def ids(**query):
        response = admin.get("/api/v1/invoices", query)
        assert response.status_code == 200, response.json()
        return {row["id"] for row in response.json()["items"]}

    cikeruh_bill, gudang_bill = billed["cikeruh_bill"].pk, billed["gudang_bill"].pk
    assert ids(sponsor_id=cikeruh.pk) == {cikeruh_bill}
    assert ids(month="2026-01") == ids(month="2026-01-31") == {cikeruh_bill, gudang_bill}
    assert ids(month="2026-02") == set()
    assert ids(kind="regular") == {cikeruh_bill, gudang_bill}
    assert ids(kind="credit") == set()
    assert ids(open="true") == {cikeruh_bill, gudang_bill}
    assert ids(open="false") == set()

    payment_record(
        actor=billed["users"]["disnaker"],
        scope=scope_for_user(billed["users"]["disnaker"]),
        sponsor=gudang,
        amount=16_800,
        paid_on=date(2026, 1, 16),
        channel="transfer",
    )
    assert ids(open="true") == {cikeruh_bill}
    assert ids(open="false") == {gudang_bill}
    assert ids(open="true", sponsor_id=gudang.pk) == set()
    paid = admin.get(f"/api/v1/invoices/{gudang_bill}").json()
    assert (paid["paid"], paid["open_amount"]) == (16_800, 0)

    wrong = admin.get("/api/v1/invoices", {"month": "2026-00"})
    assert wrong.status_code == 422
    assert wrong.json()["message"] == "Not a month: 2026-00 (use YYYY-MM)"
    assert admin.get("/api/v1/invoices", {"month": "januari"}).status_code == 422
    assert admin.get("/api/v1/invoices", {"sponsor_id": 999_999}).status_code == 404


def test_an_invoice_shows_its_lines_with_masked_niks(billed):
    admin = english(billed["users"]["disnaker"])
    bill = billed["cikeruh_bill"]
    response = admin.get(f"/api/v1/invoices/{bill.pk}")
    assert response.status_code == 200
    detail = response.json()
    assert (detail["number"], detail["total"]) == (bill.number, 33_600)
    assert len(detail["lines"]) == 2
    enrolments = Enrolment.objects.filter(sponsor=billed["cikeruh"]).select_related("worker")
    workers = {enrolment.worker.name: enrolment.worker.nik for enrolment in enrolments}
    assert {line["worker_name"] for line in detail["lines"]} == set(workers)
    for line in detail["lines"]:
        nik = workers[line["worker_name"]]
        assert line["nik"] == nik[:4] + "••••••••" + nik[-4:]
        assert (line["month"], line["kind"], line["amount"]) == ("2026-01-01", "charge", 16_800)
        assert line["share_basis_points"] == 10_000
    assert not any(nik in response.content.decode() for nik in workers.values())


def test_a_village_reads_its_own_invoices_only(billed):
    village = english(billed["users"]["desa.cikeruh"])
    listed = village.get("/api/v1/invoices").json()
    assert [row["id"] for row in listed["items"]] == [billed["cikeruh_bill"].pk]
    assert village.get(f"/api/v1/invoices/{billed['cikeruh_bill'].pk}").status_code == 200
    theirs = village.get(f"/api/v1/invoices/{billed['gudang_bill'].pk}")
    assert theirs.status_code == 404
    assert theirs.json() == {
        "code": "not_found",
        "message": "Bill not found",
        "details": {"id": billed["gudang_bill"].pk},
    }
    assert village.get("/api/v1/invoices", {"sponsor_id": billed["gudang"].pk}).status_code == 404


# Payments


def test_a_payment_is_applied_to_the_oldest_open_bill_and_the_rest_waits(billed):
    bpjs = english(billed["users"]["bpjs.sumedang"])
    cikeruh = billed["cikeruh"]
    created = post(
        bpjs,
        "/api/v1/payments",
        {
            "sponsor_id": cikeruh.pk,
            "amount": 40_000,
            "paid_on": "2026-01-18",
            "channel": "transfer",
            "reference": "TRF-0118-01",
        },
    )
    assert created.status_code == 201, created.json()
    payment = created.json()
    assert (payment["sponsor_id"], payment["sponsor_name"]) == (
        cikeruh.pk,
        "Pemerintah Desa Cikeruh",
    )
    assert (payment["amount"], payment["allocated"], payment["unallocated"]) == (
        40_000,
        33_600,
        6_400,
    )
    assert (payment["paid_on"], payment["channel"], payment["reference"]) == (
        "2026-01-18",
        "transfer",
        "TRF-0118-01",
    )
    assert payment["recorded_by"] == "bpjs.sumedang"
    assert payment["allocations"] == [
        {
            "bill_id": billed["cikeruh_bill"].pk,
            "bill_number": billed["cikeruh_bill"].number,
            "bill_month": "2026-01-01",
            "amount": 33_600,
        }
    ]
    assert payment["resumed"] == {"count": 0, "enrolment_ids": [], "first_months": []}

    listed = bpjs.get("/api/v1/payments").json()
    assert [row["id"] for row in listed["items"]] == [payment["id"]]
    assert bpjs.get("/api/v1/payments", {"sponsor_id": cikeruh.pk}).json()["count"] == 1
    assert bpjs.get("/api/v1/payments", {"sponsor_id": billed["gudang"].pk}).json()["count"] == 0
    detail = bpjs.get(f"/api/v1/payments/{payment['id']}").json()
    assert detail["allocations"] == payment["allocations"]
    assert {key: detail[key] for key in detail} == {
        key: value for key, value in payment.items() if key != "resumed"
    }
    # The village sees its payment but the other village does not.
    assert (
        english(billed["users"]["desa.cikeruh"])
        .get(f"/api/v1/payments/{payment['id']}")
        .status_code
        == 200
    )
    hidden = english(billed["users"]["desa.gudang"]).get(f"/api/v1/payments/{payment['id']}")
    assert hidden.status_code == 404
    assert hidden.json()["message"] == "Payment not found"


def test_an_implausible_payment_is_held_for_a_second_officer_and_a_repeat_answers_409(billed):
    admin = english(billed["users"]["disnaker"])
    body = {
        "sponsor_id": billed["gudang"].pk,
        "amount": 10**15,
        "paid_on": "2026-01-18",
        "channel": "transfer",
        "reference": "SP2D 0001",
    }
    absurd = post(admin, "/api/v1/payments", body)
    assert absurd.status_code == 422
    assert "cannot be right" in absurd.json()["message"]
    assert absurd.json()["code"] == "payment.above_ceiling"
    body["amount"] = 5_000_000  # Gudang owes 16,800 a month: above 16,800 + 12 x 16,800
    created = post(admin, "/api/v1/payments", body)
    assert created.status_code == 201, created.json()
    held = created.json()
    assert (held["status"], held["allocated"], held["plausible_up_to"]) == ("pending", 0, 218_400)
    for _attempt in range(2):
        repeated = post(admin, "/api/v1/payments", body)
        assert repeated.status_code == 409
        assert repeated.json()["message"].startswith("This payment was already recorded")
        assert repeated.json()["code"] == "payment.duplicate_reference"
        assert repeated.json()["details"]["payment"]["id"] == held["id"]
    assert Payment.objects.count() == 1
    review = f"/api/v1/payments/{held['id']}/review"
    own_review = post(admin, review, {"confirm": True})
    assert own_review.status_code == 403  # not the recorder
    assert own_review.json()["code"] == "payment.same_officer"
    team = english(billed["users"]["tim.koordinasi"])
    assert post(team, review, {"confirm": True}).status_code == 403
    bpjs = english(billed["users"]["bpjs.sumedang"])
    confirmed = post(bpjs, review, {"confirm": True})
    assert confirmed.status_code == 200, confirmed.json()
    assert (confirmed.json()["status"], confirmed.json()["allocated"]) == ("counted", 16_800)
    assert confirmed.json()["reviewed_by"] == "bpjs.sumedang"
    again = post(bpjs, review, {"confirm": True})
    assert again.status_code == 409
    assert again.json()["code"] == "payment.not_held"


def test_a_sponsor_does_not_declare_its_own_bills_paid(billed):
    village = english(billed["users"]["desa.cikeruh"])
    body = {
        "sponsor_id": billed["cikeruh"].pk,
        "amount": 33_600,
        "paid_on": "2026-01-18",
        "channel": "transfer",
    }
    refused = post(village, "/api/v1/payments", body)
    assert refused.status_code == 403
    assert refused.json()["message"] == "Only the regional admin or BPJS records payments"
    admin = english(billed["users"]["disnaker"])
    future = post(admin, "/api/v1/payments", {**body, "paid_on": "2026-01-21"})
    assert future.status_code == 422
    assert future.json()["message"] == "A payment cannot be dated in the future"
    assert post(admin, "/api/v1/payments", {**body, "amount": 0}).status_code == 422
    assert post(admin, "/api/v1/payments", {**body, "channel": "cash"}).status_code == 422
    assert not Payment.objects.exists()


@pytest.fixture
def lapsed(enrolled, time_machine):
    """Cikeruh paid January only and its two workers lapsed on 16 April (Gudang, which never
    paid, a month before); it is 20 May 2026."""
    admin, cikeruh = enrolled["users"]["disnaker"], enrolled["cikeruh"]
    for month in range(1, 5):
        _run(admin, date(2026, month, 1), today=date(2026, month, 2))
        if month == 1:
            payment_record(
                actor=admin,
                scope=scope_for_user(admin),
                sponsor=cikeruh,
                amount=2 * 16_800,
                paid_on=date(2026, 1, 14),
                channel="transfer",
                today=date(2026, 1, 14),
            )
    assert billing_daily(today=date(2026, 4, 16)).lapsed == 3
    time_machine.move_to(datetime(2026, 5, 20, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta")), tick=False)
    return {"admin": admin, "cikeruh": cikeruh}


def test_a_payment_after_a_lapse_says_which_enrolments_it_started_again(lapsed):
    created = post(
        english(lapsed["admin"]),
        "/api/v1/payments",
        {
            "sponsor_id": lapsed["cikeruh"].pk,
            "amount": 2 * 16_800,
            "paid_on": "2026-05-20",
            "channel": "teller",
        },
    )
    assert created.status_code == 201, created.json()
    resumed = created.json()["resumed"]
    assert resumed["count"] == 2
    assert resumed["first_months"] == ["2026-05-01"]
    new = Enrolment.objects.filter(pk__in=resumed["enrolment_ids"])
    assert {(e.status, e.first_month) for e in new} == {("active", date(2026, 5, 1))}
    # The new enrolments' May bill took the payment.
    assert created.json()["allocated"] == 2 * 16_800
    assert [row["bill_month"] for row in created.json()["allocations"]] == ["2026-05-01"]


# BPJS payment statements


def _upload(client: Client, name: str, content: bytes):
    return client.post(
        "/api/v1/payments/statements",
        {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


def test_a_statement_pays_the_bill_it_names_and_keeps_the_rest_for_a_human(billed):
    bpjs = english(billed["users"]["bpjs.sumedang"])
    content = (
        "No Tagihan;Jumlah;Tanggal\n"
        f"{billed['cikeruh_bill'].number};Rp 33.600;12/01/2026\n"
        "TAG-3211-202601-999999;16800;13-01-2026\n"
    ).encode()
    uploaded = _upload(bpjs, "laporan-januari.csv", content)
    assert uploaded.status_code == 201, uploaded.json()
    statement = uploaded.json()
    assert statement["filename"] == "laporan-januari.csv"
    assert (statement["rows"], statement["matched"], statement["unmatched"]) == (2, 1, 1)
    assert statement["matched_amount"] == 33_600
    assert (statement["imported_by"], statement["region_code"]) == ("bpjs.sumedang", "32.11")
    assert statement["unmatched_lines"] == [
        {
            "line": 3,
            "reference": "TAG-3211-202601-999999",
            "amount": 16_800,
            "paid_on": "2026-01-13",
            "reason": "unknown_reference",
            "reason_text": "no bill with this number in your area",
            "bill_id": None,
            "outcome": "",
            "resolution": "",
            "allocated_to": None,
            "resolved_by": None,
            "resolved_at": None,
        }
    ]
    assert statement["resumed"]["count"] == 0
    payment = Payment.objects.get()
    assert (payment.sponsor_id, payment.amount, payment.channel, payment.line) == (
        billed["cikeruh"].pk,
        33_600,
        "statement",
        2,
    )
    paid = bpjs.get(f"/api/v1/invoices/{billed['cikeruh_bill'].pk}").json()
    assert paid["open_amount"] == 0

    listed = bpjs.get("/api/v1/payments/statements").json()
    assert [row["id"] for row in listed["items"]] == [statement["id"]]
    detail = bpjs.get(f"/api/v1/payments/statements/{statement['id']}").json()
    assert detail["unmatched_lines"] == statement["unmatched_lines"]
    assert (
        bpjs.get(f"/api/v1/payments/statements/{statement['id']}", {"lines_offset": 1}).json()[
            "unmatched_lines"
        ]
        == []
    )
    from_statement = bpjs.get(f"/api/v1/payments/{payment.pk}").json()
    assert (from_statement["statement_id"], from_statement["line"]) == (statement["id"], 2)

    again = _upload(bpjs, "laporan-januari (1).csv", content)
    assert again.status_code == 409
    assert again.json()["message"].startswith("This statement was already imported on ")
    assert again.json()["code"] == "statement.already_imported"
    assert Payment.objects.count() == 1


def test_a_statement_that_breaks_a_rule_or_is_too_large_is_refused_whole(billed, monkeypatch):
    bpjs = english(billed["users"]["bpjs.sumedang"])
    broken = _upload(bpjs, "laporan.csv", b"No Tagihan,Jumlah,Tanggal\nTAG-1,16.80,2026-01-12\n")
    assert broken.status_code == 422
    assert broken.json()["message"].startswith("Nothing was written: the file breaks 1 rule(s).")
    assert "line 2" in broken.json()["message"]
    columns = _upload(bpjs, "laporan.csv", b"Nama,Alamat\nBudi,Jatinangor\n")
    assert columns.status_code == 422
    assert columns.json()["details"]["field"] == "file"
    monkeypatch.setattr("lindungi.api.inputs.MAX_UPLOAD_BYTES", 10)
    large = _upload(bpjs, "laporan.csv", b"No Tagihan,Jumlah,Tanggal\n" * 2)
    assert large.status_code == 422
    assert large.json()["message"] == "The file is larger than 100 MB"
    assert not PaymentStatement.objects.exists()


def test_only_the_admin_and_bpjs_import_and_read_statements(billed):
    village = english(billed["users"]["desa.cikeruh"])
    content = f"reference,amount,date\n{billed['cikeruh_bill'].number},33600,2026-01-12\n"
    refused = _upload(village, "statement.csv", content.encode())
    assert refused.status_code == 403
    assert refused.json()["message"] == "Only the regional admin or BPJS imports payment statements"
    readonly = _upload(english(billed["users"]["tim.koordinasi"]), "s.csv", content.encode())
    assert readonly.status_code == 403
    assert not PaymentStatement.objects.exists()

    imported = _upload(english(billed["users"]["disnaker"]), "statement.csv", content.encode())
    assert imported.status_code == 201
    statement_id = imported.json()["id"]
    assert village.get("/api/v1/payments/statements").json()["count"] == 0
    missing = village.get(f"/api/v1/payments/statements/{statement_id}")
    assert missing.status_code == 404
    assert missing.json()["message"] == "Payment statement not found"
    assert (
        english(billed["users"]["tim.koordinasi"])
        .get(f"/api/v1/payments/statements/{statement_id}")
        .status_code
        == 200
    )


# TPP deductions


@pytest.fixture
def asn_billed(demo_workers, clock, make_user):
    """Rina protects two workers, Budi one (both of Dinas Kesehatan); Sari of the Setda one;
    all billed for January."""
    admin = demo_workers["disnaker"]
    rina = demo_workers["asn.rina"]
    dinkes = rina.agency
    setda = Agency.objects.get(region_id="32.11", code="setda")
    budi = make_user("asn.budi", Role.ASN, "32.11", agency=dinkes)
    sari = make_user("asn.sari", Role.ASN, "32.11", agency=setda)
    for user, nip in ((budi, "199001012015031001"), (sari, "198512122010012002")):
        user.nip = nip
        user.save()
    program = program_from_scheme(
        actor=admin,
        scope=scope_for_user(admin),
        region=region_get(code="32.11"),
        scheme="asn_peduli",
        year=2026,
    )
    enrolments = []
    for serial, user in enumerate((rina, rina, budi, sari), start=11):
        worker = worker_create(
            actor=user,
            scope=scope_for_user(user),
            nik=f"3211150101800{serial:03d}",
            name=f"Pekerja Rumah Tangga {serial}",
            village=region_get(code="32.11.15.2001"),
            occupation="asisten rumah tangga",
        )
        enrolments.append(
            asn_protect(
                actor=user, scope=scope_for_user(user), program=program, worker=worker, today=TODAY
            )
        )
    activate(enrolments)
    run = _run(admin)
    return {"users": {**demo_workers, "asn.budi": budi}, "dinkes": dinkes, "run": run}


def test_the_tpp_list_of_an_agency_totals_its_civil_servants_bills(asn_billed):
    admin = english(asn_billed["users"]["disnaker"])
    dinkes = asn_billed["dinkes"]
    response = admin.get("/api/v1/tpp-deductions", {"agency_id": dinkes.pk, "month": "2026-01"})
    assert response.status_code == 200, response.json()
    deductions = response.json()
    assert (deductions["agency_id"], deductions["agency_name"], deductions["month"]) == (
        dinkes.pk,
        "Dinas Kesehatan",
        "2026-01-01",
    )
    assert [(row["nip"], row["workers"], row["amount"]) for row in deductions["rows"]] == [
        ("199001012015031001", 1, 16_800),  # Budi
        ("198703152010012004", 2, 33_600),  # Rina
    ]
    asn_bills = Bill.objects.filter(
        run=asn_billed["run"], sponsor__kind=SponsorKind.ASN, sponsor__agency=dinkes
    )
    assert deductions["total"] == sum(bill.total for bill in asn_bills) == 50_400
    assert deductions["workers"] == 3
    # Without a month: this month (January 2026 on the test's clock).
    assert admin.get("/api/v1/tpp-deductions", {"agency_id": dinkes.pk}).json() == deductions
    assert (
        admin.get("/api/v1/tpp-deductions", {"agency_id": dinkes.pk, "month": "2026-02"}).json()[
            "rows"
        ]
        == []
    )
    # A civil servant is refused, as on the page; another agency's operator sees nothing.
    rina = english(asn_billed["users"]["asn.rina"]).get(
        "/api/v1/tpp-deductions", {"agency_id": dinkes.pk, "month": "2026-01"}
    )
    assert rina.status_code == 403
    assert rina.json()["message"] == "TPP deductions are listed by agencies and the Disnaker"
    other = english(asn_billed["users"]["opd.dppkbp3a"]).get(
        "/api/v1/tpp-deductions", {"agency_id": dinkes.pk, "month": "2026-01"}
    )
    assert other.status_code == 404
    assert other.json()["message"] == "Agency not found"
    assert admin.get("/api/v1/tpp-deductions", {"agency_id": 999_999}).status_code == 404


def test_the_tpp_files_open_and_each_download_is_recorded(asn_billed):
    admin = english(asn_billed["users"]["disnaker"])
    query = {"agency_id": asn_billed["dinkes"].pk, "month": "2026-01"}
    workbook = admin.get("/api/v1/tpp-deductions/file", {**query, "format": "xlsx"})
    assert workbook.status_code == 200
    assert workbook["Content-Type"] == XLSX
    assert workbook["Content-Disposition"] == (
        'attachment; filename="potongan-tpp-dinkes-2026-01.xlsx"'
    )
    frame = pl.read_excel(io.BytesIO(workbook.content), has_header=False, infer_schema_length=0)
    cells = [str(value) for row in frame.rows() for value in row if value is not None]
    assert "198703152010012004" in cells  # all 18 digits, as text
    assert "199001012015031001" in cells
    assert "50400" in cells
    assert AuditEvent.objects.filter(action="tpp.export", details__format="xlsx").count() == 1

    document = admin.get("/api/v1/tpp-deductions/file", {**query, "format": "pdf"})
    assert document.status_code == 200
    assert document["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(document.content)).pages)
    assert "198703152010012004" in text
    assert "Rp 50.400" in text
    assert "Januari 2026" in text
    assert AuditEvent.objects.filter(action="tpp.export", details__format="pdf").count() == 1

    assert admin.get("/api/v1/tpp-deductions/file", {**query, "format": "doc"}).status_code == 422
    outsider = english(asn_billed["users"]["opd.dppkbp3a"])
    assert outsider.get("/api/v1/tpp-deductions/file", query).status_code == 404
    assert AuditEvent.objects.filter(action="tpp.export").count() == 2


@pytest.fixture
def connection_kept_open():
    """Requests sent straight to the WSGI application would close the test's connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("file_format", ["xlsx", "pdf"])
def test_the_tpp_download_answers_as_the_openapi_document_says(
    asn_billed, connection_kept_open, file_format
):
    token = token_create(actor=None, user=asn_billed["users"]["disnaker"], name="test")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    case = schema["/api/v1/tpp-deductions/file"]["GET"].Case(
        query={"agency_id": asn_billed["dinkes"].pk, "month": "2026-01", "format": file_format}
    )
    response = case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
    assert response.status_code == 200
    assert len(response.content) > 1000


# What needs attention


def test_overdue_sponsors_and_their_accounts(billed):
    admin = english(billed["users"]["disnaker"])
    cikeruh, gudang = billed["cikeruh"], billed["gudang"]
    overdue = admin.get("/api/v1/billing/overdue").json()
    assert overdue["count"] == 2
    rows = {row["sponsor_id"]: row for row in overdue["items"]}
    assert rows[cikeruh.pk] == {
        "sponsor_id": cikeruh.pk,
        "sponsor_name": "Pemerintah Desa Cikeruh",
        "region_code": "32.11.15.2001",
        "bills": 1,
        "owed": 33_600,
        "oldest_due": "2026-01-15",
        "workers": 2,
    }
    assert overdue["items"][0]["sponsor_id"] == cikeruh.pk  # the larger debt first

    post(
        english(billed["users"]["bpjs.sumedang"]),
        "/api/v1/payments",
        {"sponsor_id": cikeruh.pk, "amount": 40_000, "paid_on": "2026-01-18", "channel": "tpp"},
    )
    overdue = admin.get("/api/v1/billing/overdue").json()
    assert [row["sponsor_id"] for row in overdue["items"]] == [gudang.pk]

    account = admin.get(f"/api/v1/sponsors/{cikeruh.pk}/account")
    assert account.status_code == 200
    assert account.json() == {
        "sponsor_id": cikeruh.pk,
        "sponsor_name": "Pemerintah Desa Cikeruh",
        "billed": 33_600,
        "credited": 0,
        "paid": 40_000,
        "open": 0,
        "unallocated": 6_400,
        "unused_credit": 0,
        "held": 0,
    }
    unpaid = english(billed["users"]["desa.gudang"]).get(f"/api/v1/sponsors/{gudang.pk}/account")
    assert (unpaid.json()["billed"], unpaid.json()["open"]) == (16_800, 16_800)
    hidden = english(billed["users"]["desa.gudang"]).get(f"/api/v1/sponsors/{cikeruh.pk}/account")
    assert hidden.status_code == 404
    assert hidden.json()["message"] == "Sponsor not found"
    # A village sees only its own debt in the overdue list.
    village = english(billed["users"]["desa.gudang"]).get("/api/v1/billing/overdue").json()
    assert [row["sponsor_id"] for row in village["items"]] == [gudang.pk]


def test_enrolments_about_to_end_are_listed_with_masked_niks(billed):
    admin = english(billed["users"]["disnaker"])
    # The village program runs to December: nothing ends within the next 60 days.
    assert admin.get("/api/v1/billing/expiring").json()["count"] == 0
    within_a_year = admin.get("/api/v1/billing/expiring", {"within_days": 366}).json()
    assert within_a_year["count"] == 3
    row = within_a_year["items"][0]
    assert (row["first_month"], row["last_month"]) == ("2026-01-01", "2026-12-01")
    assert row["program_name"] == "1 Desa Melindungi 100 Pekerja Rentan 2026"
    enrolment = Enrolment.objects.select_related("worker").get(pk=row["id"])
    assert row["nik"] == enrolment.worker.nik[:4] + "••••••••" + enrolment.worker.nik[-4:]
    assert enrolment.worker.nik not in str(within_a_year)
    village = english(billed["users"]["desa.gudang"])
    assert village.get("/api/v1/billing/expiring", {"within_days": 366}).json()["count"] == 1
    assert admin.get("/api/v1/billing/expiring", {"within_days": 0}).status_code == 422


# Another regency


def test_another_regencys_officers_neither_read_nor_change_sumedangs_billing(billed, bandung):
    admin = english(billed["users"]["disnaker"])
    statement = _upload(
        admin,
        "statement.csv",
        f"reference,amount,date\n{billed['gudang_bill'].number},1000,2026-01-12\n".encode(),
    ).json()
    payment = post(
        admin,
        "/api/v1/payments",
        {
            "sponsor_id": billed["cikeruh"].pk,
            "amount": 10_000,
            "paid_on": "2026-01-18",
            "channel": "transfer",
        },
    ).json()
    dinkes = Agency.objects.get(region_id="32.11", code="dinkes")
    before = _billing_state()
    exports = AuditEvent.objects.filter(action="tpp.export").count()
    cikeruh = billed["cikeruh"].pk

    for user in (bandung["admin"], bandung["village"], bandung["opd"]):
        client = english(user)

        def answers_404(response, user=user):
            assert response.status_code == 404, (user.username, response.content)
            assert response.json()["code"] == "not_found"

        answers_404(client.get(f"/api/v1/billing/runs/{billed['run'].pk}"))
        answers_404(client.get(f"/api/v1/invoices/{billed['cikeruh_bill'].pk}"))
        answers_404(client.get("/api/v1/invoices", {"sponsor_id": cikeruh}))
        answers_404(client.get(f"/api/v1/payments/{payment['id']}"))
        answers_404(client.get("/api/v1/payments", {"sponsor_id": cikeruh}))
        answers_404(client.get(f"/api/v1/payments/statements/{statement['id']}"))
        tpp = (
            client.get("/api/v1/tpp-deductions", {"agency_id": dinkes.pk}),
            client.get("/api/v1/tpp-deductions/file", {"agency_id": dinkes.pk}),
        )
        if user is bandung["village"]:  # a role that lists no TPP deductions anywhere
            assert [response.status_code for response in tpp] == [403, 403]
        else:
            for response in tpp:
                answers_404(response)
        answers_404(client.get(f"/api/v1/sponsors/{cikeruh}/account"))
        for path in (
            "/api/v1/billing/runs",
            "/api/v1/invoices",
            "/api/v1/payments",
            "/api/v1/payments/statements",
            "/api/v1/billing/overdue",
            "/api/v1/billing/expiring?within_days=366",
        ):
            listed = client.get(path)
            assert listed.status_code == 200, path
            assert listed.json()["count"] == 0, (user.username, path)
        paid = post(
            client,
            "/api/v1/payments",
            {"sponsor_id": cikeruh, "amount": 33_600, "paid_on": "2026-01-18", "channel": "tpp"},
        )
        assert paid.status_code in {403, 404}, paid.content
        billed_there = post(
            client,
            "/api/v1/billing/runs",
            {"region_code": "32.11", "month": "2026-02", "sponsor_id": cikeruh},
        )
        assert billed_there.status_code in {403, 404}, billed_there.content

    refused = post(
        english(bandung["admin"]),
        "/api/v1/billing/runs",
        {"region_code": "32.11", "month": "2026-02"},
    )
    assert refused.status_code == 403
    assert refused.json()["message"] == "Only the regional admin runs billing for this region"
    assert _billing_state() == before
    assert AuditEvent.objects.filter(action="tpp.export").count() == exports

    # Bandung's admin may import a statement, but a bill of Sumedang looks like none.
    foreign = _upload(
        english(bandung["admin"]),
        "bandung.csv",
        f"reference,amount,date\n{billed['cikeruh_bill'].number},23600,2026-01-12\n".encode(),
    )
    assert foreign.status_code == 201, foreign.json()
    assert foreign.json()["matched"] == 0
    assert [line["reason"] for line in foreign.json()["unmatched_lines"]] == ["unknown_reference"]
    assert foreign.json()["unmatched_lines"][0]["bill_id"] is None
    assert _billing_state()[:5] == before[:5]  # no bill, line, payment or allocation changed
