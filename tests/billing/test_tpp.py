"""The month's TPP deduction list of an agency, for the finance office (BPKAD)."""

import io
import zipfile
from datetime import date

import polars as pl
import pytest
from django.test import Client
from pypdf import PdfReader

from lindungi.accounts.models import Agency
from lindungi.billing.exports import tpp_pdf, tpp_xlsx
from lindungi.billing.models import Bill
from lindungi.billing.selectors.tpp import tpp_deductions
from lindungi.billing.services.runs import billing_run
from lindungi.core.errors import NotFound, PermissionDenied
from lindungi.core.models import AuditEvent
from lindungi.core.roles import Role
from lindungi.programs.models import SponsorKind
from lindungi.programs.services.asn import asn_protect
from lindungi.programs.services.setup import program_from_scheme
from lindungi.regions.selectors import region_get
from lindungi.workers.services import worker_create

from .conftest import JANUARY, TODAY, activate, scope_of


@pytest.fixture
def asn_billed(demo_workers, make_user):
    """Rina protects two workers, Budi one (both of Dinas Kesehatan); Sari of the Setda one.
    All active and billed for January."""
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
        scope=scope_of(admin),
        region=region_get(code="32.11"),
        scheme="asn_peduli",
        year=2026,
    )
    enrolments = []
    for serial, user in enumerate((rina, rina, budi, sari), start=11):
        worker = worker_create(
            actor=user,
            scope=scope_of(user),
            nik=f"3211150101800{serial:03d}",
            name=f"Pekerja Rumah Tangga {serial}",
            village=region_get(code="32.11.15.2001"),
            occupation="asisten rumah tangga",
        )
        enrolments.append(
            asn_protect(
                actor=user, scope=scope_of(user), program=program, worker=worker, today=TODAY
            )
        )
    activate(enrolments)
    run = billing_run(
        actor=admin,
        scope=scope_of(admin),
        region=region_get(code="32.11"),
        month=JANUARY,
        today=date(2026, 1, 5),
    )
    return {"admin": admin, "rina": rina, "budi": budi, "dinkes": dinkes, "run": run}


def test_each_civil_servant_of_the_agency_is_listed_and_the_total_equals_their_bills(
    asn_billed,
):
    admin, dinkes = asn_billed["admin"], asn_billed["dinkes"]
    deductions = tpp_deductions(scope=scope_of(admin), agency=dinkes, month=JANUARY)
    assert [(row.nip, row.workers, row.amount) for row in deductions.rows] == [
        ("199001012015031001", 1, 16_800),  # Budi
        ("198703152010012004", 2, 33_600),  # Rina
    ]
    asn_bills = Bill.objects.filter(
        run=asn_billed["run"], sponsor__kind=SponsorKind.ASN, sponsor__agency=dinkes
    )
    assert deductions.total == sum(bill.total for bill in asn_bills) == 50_400
    assert deductions.workers == 3


def test_a_civil_servant_does_not_read_the_agency_list(asn_billed):
    """Their own deductions are on their own bills; the agency's list names their colleagues."""
    with pytest.raises(PermissionDenied):
        tpp_deductions(
            scope=scope_of(asn_billed["rina"]), agency=asn_billed["dinkes"], month=JANUARY
        )


# Who draws up the list: the agency operator of its agency and the regional admin (superusers).
TPP_READERS = {"disnaker", "verifikator", "opd.dppkbp3a", "admin"}
DEMO_USERS = (
    "disnaker",
    "verifikator",
    "bpjs.sumedang",
    "tim.koordinasi",
    "opd.dppkbp3a",
    "asn.rina",
    "desa.cikeruh",
    "jaksa.sumedang",
    "admin",
)


@pytest.mark.parametrize("username", DEMO_USERS)
def test_the_tpp_page_and_the_api_let_in_the_same_roles(asn_billed, demo_workers, username):
    client = Client()
    client.force_login(demo_workers[username])
    own = Agency.objects.get(region_id="32.11", code="dppkbp3a")
    agency = own if username == "opd.dppkbp3a" else asn_billed["dinkes"]
    query = {"agency_id": agency.pk, "month": "2026-01"}
    page = client.get("/tpp/", {"agency": agency.pk, "month": "2026-01"})
    listed = client.get("/api/v1/tpp-deductions", query)
    workbook = client.get("/api/v1/tpp-deductions/file", query)
    page_file = client.get(f"/tpp/{agency.pk}/unduh/", {"month": "2026-01"})
    expected = 200 if username in TPP_READERS else 403
    answers = (page.status_code, listed.status_code, workbook.status_code, page_file.status_code)
    assert answers == (expected,) * 4, answers
    if expected == 403:
        assert listed.json()["code"] == "permission_denied"
        assert not AuditEvent.objects.filter(action="tpp.export").exists()


def test_another_agencys_operator_cannot_read_the_list(asn_billed, demo_workers):
    operator = demo_workers["opd.dppkbp3a"]
    with pytest.raises(NotFound):
        tpp_deductions(scope=scope_of(operator), agency=asn_billed["dinkes"], month=JANUARY)


def test_the_workbook_keeps_nips_as_text_and_has_no_formula(asn_billed):
    content = tpp_xlsx(
        actor=asn_billed["admin"],
        scope=scope_of(asn_billed["admin"]),
        agency=asn_billed["dinkes"],
        month=JANUARY,
    )
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    frame = pl.read_excel(io.BytesIO(content), has_header=False, infer_schema_length=0)
    cells = [str(value) for row in frame.rows() for value in row if value is not None]
    assert "198703152010012004" in cells  # all 18 digits, not 1.98703152010012E+17
    assert "50400" in cells
    assert AuditEvent.objects.filter(action="tpp.export", details__format="xlsx").exists()


def test_the_pdf_lists_the_civil_servants_and_the_total(asn_billed):
    content = tpp_pdf(
        actor=asn_billed["admin"],
        scope=scope_of(asn_billed["admin"]),
        agency=asn_billed["dinkes"],
        month=JANUARY,
    )
    assert content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "198703152010012004" in text
    assert "Rp 50.400" in text
    assert "Januari 2026" in text
