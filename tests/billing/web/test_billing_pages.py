"""The billing pages: bills and their PDF, payments, BPJS statements, arrears, a sponsor's
account, TPP deductions, continuity and the billing run, through the test client.

Pages are read in English (the language switch's cookie); names, numbers and amounts are the
same in both languages. The clock stands at 20 January 2026: January's bills (due on the 15th)
are overdue.
"""

import datetime as dt
import io
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pypdf import PdfReader

from lindungi.accounts.models import Agency
from lindungi.billing.models import Bill, BillingRun, Payment, PaymentStatement
from lindungi.billing.services.runs import billing_run
from lindungi.billing.services.statements import statement_import
from lindungi.core.models import AuditEvent
from lindungi.programs.models import Enrolment, EnrolmentStatus
from lindungi.programs.services.setup import program_from_scheme
from lindungi.regions.selectors import region_get
from tests.billing.conftest import JANUARY, scope_of
from tests.billing.test_tpp import asn_billed  # noqa: F401

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")
JANUARY_20 = dt.datetime(2026, 1, 20, 9, 0, tzinfo=JAKARTA)


@pytest.fixture(autouse=True)
def january_20(time_machine):
    time_machine.move_to(JANUARY_20, tick=False)


def english(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def page_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def billed(admin, enrol, village_program, cikeruh, gudang):
    """Cikeruh owes Rp 33.600 (2 workers), Gudang Rp 16.800 (1 worker) for January."""
    enrolments = enrol(village_program, cikeruh, 2)
    enrol(village_program, gudang, 1, skip=2)
    run = billing_run(
        actor=admin,
        scope=scope_of(admin),
        region=region_get(code="32.11"),
        month=JANUARY,
        today=date(2026, 1, 5),
    )
    bills = {bill.sponsor_id: bill for bill in Bill.objects.filter(run=run)}
    return {
        "cikeruh": bills[cikeruh.pk],
        "gudang": bills[gudang.pk],
        "workers": [enrolment.worker for enrolment in enrolments],
    }


# What each role may open: 200, or 403 for a page that is not theirs.
EXPECTED = {
    "disnaker": {"bills": 200, "payments": 200, "statements": 200, "arrears": 200, "runs": 200},
    "bpjs.sumedang": {
        "bills": 200,
        "payments": 200,
        "statements": 200,
        "arrears": 200,
        "runs": 403,
    },
    "tim.koordinasi": {
        "bills": 200,
        "payments": 200,
        "statements": 200,
        "arrears": 200,
        "runs": 403,
    },
    "desa.cikeruh": {"bills": 200, "payments": 200, "statements": 403, "arrears": 403, "runs": 403},
    "opd.dppkbp3a": {"bills": 200, "payments": 200, "statements": 403, "arrears": 403, "runs": 403},
    "asn.rina": {"bills": 200, "payments": 200, "statements": 403, "arrears": 403, "runs": 403},
    "admin": {"bills": 200, "payments": 200, "statements": 200, "arrears": 200, "runs": 200},
}
URLS = {
    "bills": "/tagihan/",
    "payments": "/pembayaran/",
    "statements": "/pembayaran/rekening-koran/",
    "arrears": "/tunggakan/",
    "runs": "/tagihan/proses/",
}


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_each_billing_page_opens_for_the_roles_that_see_it(demo_workers, billed, username):
    client = english(demo_workers[username])
    for page, status in EXPECTED[username].items():
        response = client.get(URLS[page])
        assert response.status_code == status, (page, response.status_code)
    assert client.get("/kepesertaan/berakhir/").status_code == 200
    tpp = client.get("/tpp/").status_code
    assert tpp == (200 if username in ("disnaker", "opd.dppkbp3a", "admin") else 403)


def test_the_bills_list_filters_and_each_sponsor_sees_only_its_own(demo_workers, billed):
    cikeruh_bill, gudang_bill = billed["cikeruh"], billed["gudang"]
    regency = page_of(english(demo_workers["disnaker"]).get("/tagihan/"))
    assert cikeruh_bill.number in regency and gudang_bill.number in regency
    assert "Rp 33.600" in regency and "Pemerintah Desa Cikeruh" in regency
    assert "2 bills" in regency
    village = page_of(english(demo_workers["desa.cikeruh"]).get("/tagihan/"))
    assert cikeruh_bill.number in village and gudang_bill.number not in village
    paid = page_of(english(demo_workers["disnaker"]).get("/tagihan/", {"state": "paid"}))
    assert "0 bills" in paid
    rows = english(demo_workers["disnaker"]).get(
        "/tagihan/", {"month": "2026-01", "state": "open", "kind": "regular"}, HTTP_HX_REQUEST="1"
    )
    text = page_of(rows)
    assert "<html" not in text and cikeruh_bill.number in text
    assert "0 bills" in page_of(english(demo_workers["disnaker"]).get("/tagihan/?month=2026-02"))


def test_a_bill_shows_its_lines_with_masked_niks(demo_workers, billed):
    bill = billed["cikeruh"]
    text = page_of(english(demo_workers["desa.cikeruh"]).get(f"/tagihan/{bill.pk}/"))
    assert bill.number in text and "Rp 33.600" in text and "15 Jan 2026" in text
    for worker in billed["workers"]:
        assert worker.name in text
        assert worker.nik not in text
        assert f"{worker.nik[:4]}••••••••{worker.nik[-4:]}" in text
    assert text.count('data-testid="bill-line"') == 2
    assert english(demo_workers["desa.gudang"]).get(f"/tagihan/{bill.pk}/").status_code == 404


def test_the_bill_pdf_shows_number_and_total_and_no_full_nik(demo_workers, billed):
    bill = billed["cikeruh"]
    response = english(demo_workers["desa.cikeruh"]).get(f"/tagihan/{bill.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "TAGIHAN IURAN BPJS KETENAGAKERJAAN" in text
    assert bill.number in text and "Rp 33.600" in text and "Pemerintah Desa Cikeruh" in text
    assert "SISA TAGIHAN" in text and "15 Januari 2026" in text
    for worker in billed["workers"]:
        assert worker.name in text and worker.nik not in text
    event = AuditEvent.objects.get(action="bill.export")
    assert event.object_id == str(bill.pk) or int(event.object_id) == bill.pk


def test_recording_a_payment_allocates_it_and_shows_where_it_went(
    demo_workers,
    billed,
    cikeruh,
):
    client = english(demo_workers["bpjs.sumedang"])
    form = page_of(client.get(f"/pembayaran/?sponsor={cikeruh.pk}"))
    assert 'data-testid="payment-form"' in form
    response = client.post(
        f"/pembayaran/?sponsor={cikeruh.pk}",
        {
            "sponsor": cikeruh.pk,
            "amount": "40000",
            "paid_on": "2026-01-18",
            "channel": "transfer",
            "reference": "TRF 0001",
        },
    )
    payment = Payment.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"?payment={payment.pk}")
    assert (payment.amount, payment.allocated, payment.recorded_by_id) == (
        40_000,
        33_600,
        demo_workers["bpjs.sumedang"].pk,
    )
    text = page_of(client.get(response["Location"]))
    assert "Payment of Rp 40.000 from Pemerintah Desa Cikeruh recorded" in text
    assert "Rp 6.400 waits for the sponsor&#x27;s next bill" in text
    assert billed["cikeruh"].number in text and 'data-testid="allocation"' in text
    account = page_of(client.get(f"/sponsor/{cikeruh.pk}/tagihan/"))
    assert "Rp 40.000" in account and "Rp 6.400" in account and "TRF 0001" in account


def test_a_payment_in_the_future_is_refused_on_the_form(demo_workers, billed, cikeruh):
    client = english(demo_workers["disnaker"])
    response = client.post(
        "/pembayaran/",
        {"sponsor": cikeruh.pk, "amount": "1000", "paid_on": "2026-02-01", "channel": "teller"},
    )
    assert "A payment cannot be dated in the future" in page_of(response)
    assert not Payment.objects.exists()


def test_sponsors_and_observers_cannot_record_payments(demo_workers, billed, cikeruh):
    data = {"sponsor": cikeruh.pk, "amount": "33600", "paid_on": "2026-01-18", "channel": "tpp"}
    for username in ("desa.cikeruh", "tim.koordinasi"):
        client = english(demo_workers[username])
        assert 'data-testid="payment-form"' not in page_of(client.get("/pembayaran/"))
        assert client.post("/pembayaran/", data).status_code == 403
    assert not Payment.objects.exists()


def test_an_implausible_payment_waits_on_the_page_for_a_second_officer(
    demo_workers,
    billed,
    cikeruh,
):
    # Cikeruh owes 33,600 and its month is 33,600: above 33,600 + 12 x 33,600 is held.
    data = {
        "sponsor": cikeruh.pk,
        "amount": "10000000000",
        "paid_on": "2026-01-18",
        "channel": "transfer",
        "reference": "SP2D 99",
    }
    recorder = english(demo_workers["disnaker"])
    held = page_of(recorder.post("/pembayaran/", data, follow=True))
    assert "is held: it is more than the sponsor&#x27;s bills make plausible (Rp 436.800" in held
    payment = Payment.objects.get()
    assert (payment.status, payment.allocated) == ("pending", 0)
    assert 'data-testid="review-form"' not in held  # not for the officer who recorded it
    again = page_of(recorder.post("/pembayaran/", data))
    assert "This payment was already recorded: Rp 10.000.000.000 paid on 18 Jan 2026" in again
    second = english(demo_workers["bpjs.sumedang"])
    assert 'data-testid="review-form"' in page_of(second.get("/pembayaran/"))
    confirmed = second.post(
        "/pembayaran/", {"review": payment.pk, "decision": "confirm"}, follow=True
    )
    assert "Payment of Rp 10.000.000.000 confirmed: Rp 33.600 applied to its bills" in page_of(
        confirmed
    )
    payment.refresh_from_db()
    assert (payment.status, payment.reviewed_by) == ("counted", demo_workers["bpjs.sumedang"])
    assert Payment.objects.count() == 1


def _csv(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_a_statement_upload_matches_bills_and_lists_the_rest_with_reasons(demo_workers, billed):
    cikeruh_bill, gudang_bill = billed["cikeruh"], billed["gudang"]
    client = english(demo_workers["bpjs.sumedang"])
    upload = _csv(
        "laporan-januari.csv",
        "No Tagihan;Jumlah;Tanggal\n"
        f"{cikeruh_bill.number};Rp 33.600;12/01/2026\n"
        f"{gudang_bill.number};16.000;2026-01-13\n"
        "TAG-3211-202601-999999;16800;13-01-2026\n",
    )
    response = client.post("/pembayaran/rekening-koran/", {"file": upload})
    statement = PaymentStatement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/pembayaran/rekening-koran/{statement.pk}/"
    text = page_of(client.get(response["Location"]))
    assert "1 rows matched a bill (Rp 33.600); 2 rows wait for a check" in text
    assert "the amount differs from what the bill still owes" in text
    assert "no bill with this number in your area" in text
    assert "TAG-3211-202601-999999" in text
    payment = Payment.objects.get()
    assert (payment.sponsor_id, payment.amount, payment.channel) == (
        cikeruh_bill.sponsor_id,
        33_600,
        "statement",
    )
    listed = page_of(client.get("/pembayaran/rekening-koran/"))
    assert "laporan-januari.csv" in listed


def test_a_broken_statement_is_refused_naming_line_column_and_rule(demo_workers, billed):
    client = english(demo_workers["disnaker"])
    upload = _csv(
        "rusak.csv",
        "No Tagihan,Jumlah Bayar,Tgl Bayar\n"
        f"{billed['cikeruh'].number},16.80,2026-01-12\n"
        f"{billed['gudang'].number},16800,2026-02-12\n",
    )
    text = page_of(client.post("/pembayaran/rekening-koran/", {"file": upload}))
    assert "Nothing was written" in text
    assert '<tr data-testid="problem"><td>2</td><td>Jumlah Bayar</td>' in text
    assert "is not an amount in whole Rupiah above zero" in text
    assert "<td>3</td><td>Tgl Bayar</td><td>is a date in the future</td>" in text
    assert not PaymentStatement.objects.exists() and not Payment.objects.exists()


def test_the_arrears_list_links_each_overdue_sponsor_to_its_billing(
    demo_workers,
    billed,
    cikeruh,
):
    text = page_of(english(demo_workers["tim.koordinasi"]).get("/tunggakan/"))
    assert "2 sponsors owe Rp 50.400" in text
    assert f'href="/sponsor/{cikeruh.pk}/tagihan/"' in text
    assert "15 Jan 2026" in text
    account = page_of(english(demo_workers["disnaker"]).get(f"/sponsor/{cikeruh.pk}/tagihan/"))
    assert billed["cikeruh"].number in account and "Rp 33.600" in account
    assert 'data-testid="record-payment"' in account


def test_the_regional_admin_runs_billing_and_corrections_from_the_page(
    demo_workers,
    enrol,
    village_program,
    cikeruh,
):
    enrol(village_program, cikeruh, 3)
    client = english(demo_workers["disnaker"])
    response = client.post(
        "/tagihan/proses/", {"action": "run", "run-month": "2026-01", "run-months_ahead": "3"}
    )
    assert response.status_code == 302
    bill = Bill.objects.get()
    assert (bill.sponsor_id, bill.total, bill.due_date) == (
        cikeruh.pk,
        3 * 3 * 16_800,
        date(2026, 1, 15),
    )
    text = page_of(client.get("/tagihan/proses/"))
    assert "January 2026 billed: 1 bill with 9 lines" in text
    again = client.post(
        "/tagihan/proses/", {"action": "run", "run-month": "2026-01", "run-months_ahead": "1"}
    )
    assert again.status_code == 302 and Bill.objects.count() == 1
    fixed = client.post("/tagihan/proses/", {"action": "corrections"})
    assert fixed.status_code == 302
    assert BillingRun.objects.filter(kind="correction").count() == 1
    refused = client.post(
        "/tagihan/proses/", {"action": "run", "run-month": "2026-01", "run-months_ahead": "2"}
    )
    assert "Select a valid choice" in page_of(refused)
    officer = english(demo_workers["bpjs.sumedang"])
    assert (
        officer.post("/tagihan/proses/", {"action": "run", "run-month": "2026-02"}).status_code
        == 403
    )
    assert Bill.objects.filter(kind="regular").count() == 1


def test_tpp_deductions_for_an_agency_and_month_with_their_files(
    demo_workers,
    asn_billed,  # noqa: F811
):
    dinkes = asn_billed["dinkes"]
    client = english(demo_workers["disnaker"])
    text = page_of(client.get("/tpp/", {"agency": dinkes.pk, "month": "2026-01"}))
    assert asn_billed["rina"].nip in text and "Rp 50.400" in text
    assert f"/tpp/{dinkes.pk}/unduh/?format=xlsx&amp;month=2026-01" in text
    workbook = client.get(f"/tpp/{dinkes.pk}/unduh/", {"format": "xlsx", "month": "2026-01"})
    assert workbook.status_code == 200
    frame = pl.read_excel(io.BytesIO(workbook.content), has_header=False)
    cells = {str(value) for column in frame.columns for value in frame[column].to_list()}
    assert asn_billed["rina"].nip in cells and "JUMLAH" in cells
    pdf = client.get(f"/tpp/{dinkes.pk}/unduh/", {"format": "pdf", "month": "2026-01"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="tpp.export").count() == 2
    # An agency operator lists only their own agency: another agency is not found.
    operator = english(demo_workers["opd.dppkbp3a"])
    assert operator.get(f"/tpp/{dinkes.pk}/unduh/", {"month": "2026-01"}).status_code == 404
    assert dinkes.name not in page_of(operator.get("/tpp/"))
    assert english(demo_workers["desa.cikeruh"]).get("/tpp/").status_code == 403


def test_an_ending_enrolment_is_renewed_in_one_step(
    demo_workers,
    admin,
    enrol,
    village_program,
    cikeruh,
    time_machine,
):
    (enrolment,) = enrol(village_program, cikeruh, 1)
    next_year = program_from_scheme(
        actor=admin,
        scope=scope_of(admin),
        region=region_get(code="32.11"),
        scheme="desa_100",
        year=2027,
    )
    time_machine.move_to(dt.datetime(2026, 11, 15, 9, 0, tzinfo=JAKARTA), tick=False)
    client = english(demo_workers["desa.cikeruh"])
    text = page_of(client.get("/kepesertaan/berakhir/"))
    assert enrolment.worker.name in text and "Protected until December 2026" in text
    assert f'<option value="{next_year.pk}" selected>' in text
    response = client.post(
        "/kepesertaan/berakhir/",
        {"enrolment": enrolment.pk, "choice": "renew", "program": next_year.pk, "sponsor": ""},
    )
    assert response.status_code == 302
    follow_on = Enrolment.objects.get(program=next_year)
    assert (follow_on.status, follow_on.worker_id, follow_on.first_month) == (
        EnrolmentStatus.DRAFT,
        enrolment.worker_id,
        date(2027, 1, 1),
    )
    after = page_of(client.get("/kepesertaan/berakhir/"))
    assert "continues from January 2027 with Pemerintah Desa Cikeruh" in after
    assert "0 enrolments" in after
    observer = english(demo_workers["tim.koordinasi"])
    assert observer.post("/kepesertaan/berakhir/", {"enrolment": enrolment.pk}).status_code == 403


def test_another_regency_finds_none_of_these_objects_and_cannot_post(
    demo_workers,
    bandung,
    billed,
    cikeruh,
    tmp_path,
):
    officer = demo_workers["bpjs.sumedang"]
    statement = statement_import(
        actor=officer,
        scope=scope_of(officer),
        path=_statement_file(tmp_path, billed["cikeruh"].number),
        today=date(2026, 1, 20),
    ).statement
    dinkes = Agency.objects.get(region_id="32.11", code="dinkes")
    bill = billed["cikeruh"]
    for username in ("admin", "village", "opd"):
        client = english(bandung[username])
        for url in (
            f"/tagihan/{bill.pk}/",
            f"/tagihan/{bill.pk}/pdf/",
            f"/sponsor/{cikeruh.pk}/tagihan/",
            f"/pembayaran/rekening-koran/{statement.pk}/",
            f"/tpp/{dinkes.pk}/unduh/?format=xlsx&month=2026-01",
            f"/pembayaran/?sponsor={cikeruh.pk}",
        ):
            assert client.get(url).status_code in (403, 404), (username, url)
        listed = page_of(client.get("/tagihan/"))
        assert bill.number not in listed
    outsider = english(bandung["admin"])
    assert outsider.get(f"/tpp/{dinkes.pk}/unduh/?format=xlsx&month=2026-01").status_code == 404
    before = Payment.objects.count()
    response = outsider.post(
        "/pembayaran/",
        {"sponsor": cikeruh.pk, "amount": "16800", "paid_on": "2026-01-18", "channel": "teller"},
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert (
        english(bandung["village"]).post("/pembayaran/", {"sponsor": cikeruh.pk}).status_code == 403
    )
    assert Payment.objects.count() == before
    assert not AuditEvent.objects.filter(action="bill.export").exists()


def _statement_file(folder: Path, number: str) -> Path:
    path = folder / "laporan.csv"
    path.write_text(f"No Tagihan,Jumlah,Tanggal\n{number},1000,2026-01-12\n", encoding="utf-8")
    return path
