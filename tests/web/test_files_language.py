"""Every PDF, workbook and CSV the product produces, downloaded as the roles that can, reads in
Indonesian with Indonesian figures (issue 19): no English word, identifier, internal file name
or unformatted number (`tests.language.findings`), and the file name offered is Indonesian."""

import csv
import io
import re
from urllib.parse import urlsplit

import pytest
from django.test import Client

from lindungi.accounts.models import Agency
from lindungi.accounts.selectors import scope_for_user as scope_of
from lindungi.billing.models import Bill, BillKind
from lindungi.coverage.models import AwardEntry, AwardStatus
from lindungi.programs.exchange.endings import endings_file_create
from lindungi.programs.models import SubmissionBatch
from lindungi.regions.selectors import region_get
from lindungi.workers.importing.report import write_error_report
from tests.conftest import client_for
from tests.downloads import DATA_DICTIONARY, shown_download, workbook_cells
from tests.language import findings

pytestmark = pytest.mark.django_db

# A file name offered for download: Indonesian words and codes (a bill's or a batch's number),
# dashes and dots, no underscore.
FILE_NAME = re.compile(r'(attachment|inline); filename="[A-Za-z0-9.-]+\.(pdf|xlsx|csv)"')
PURPOSE = {"purpose": "Pendaftaran kolektif ke BPJS"}


def _files(users) -> list[tuple[str, str, object]]:
    """(role, what, response) of every kind of file, as a role that may make it."""
    bill = Bill.objects.filter(kind=BillKind.REGULAR).order_by("id").first()
    credit = Bill.objects.filter(kind=BillKind.CREDIT).order_by("id").first()
    agency = Agency.objects.get(code="dinkes")
    batch = SubmissionBatch.objects.order_by("id").first()
    winner = AwardEntry.objects.filter(round__status=AwardStatus.PUBLISHED, rank=1).first()
    bpjs = users["bpjs.sumedang"]
    endings = endings_file_create(actor=bpjs, scope=scope_of(bpjs), region=region_get(code="32.11"))
    admin, village = client_for(users["disnaker"]), client_for(users["desa.cikeruh"])
    opd = client_for(users["opd.dppkbp3a"])
    anyone = Client()
    asked = [
        ("disnaker", "bill", admin.get(f"/tagihan/{bill.pk}/pdf/")),
        ("desa.cikeruh", "coverage workbook", village.get("/cakupan/", {"format": "xlsx"})),
        ("disnaker", "coverage workbook", admin.get("/cakupan/", {"format": "xlsx"})),
        ("disnaker", "regent's report", admin.get("/cakupan/laporan.pdf")),
        ("disnaker", "rankings", admin.get("/cakupan/peringkat/", {"format": "xlsx"})),
        ("disnaker", "budget", admin.get("/cakupan/anggaran/", {"format": "xlsx"})),
        ("tim", "Inpres workbook", _inpres(users, "xlsx")),
        ("tim", "Inpres PDF", _inpres(users, "pdf")),
        ("anyone", "open data", anyone.get("/publik/cakupan.csv", {"region": "32.11"})),
        ("anyone", "data dictionary", anyone.get(DATA_DICTIONARY)),
        ("disnaker", "TPP workbook", _tpp(admin, agency, "xlsx")),
        ("disnaker", "TPP PDF", _tpp(admin, agency, "pdf")),
        ("opd.dppkbp3a", "TPP PDF", _tpp(opd, Agency.objects.get(code="dppkbp3a"), "pdf")),
        ("disnaker", "batch file", admin.post(f"/kepesertaan/kirim/{batch.pk}/berkas/", PURPOSE)),
        ("disnaker", "handover", admin.get(f"/kepesertaan/kirim/{batch.pk}/berita-acara/")),
        (
            "bpjs.sumedang",
            "non-aktif list",
            client_for(bpjs).post(f"/kepesertaan/nonaktif/{endings.pk}/berkas/", PURPOSE),
        ),
    ]
    if credit is not None:
        asked.append(("disnaker", "credit note", admin.get(f"/tagihan/{credit.pk}/pdf/")))
    if winner is not None:
        url = f"/cakupan/penghargaan/{winner.round_id}/piagam/{winner.pk}.pdf"
        asked.append(("desa.cikeruh", "certificate", village.get(url)))
    return asked


def _inpres(users, file_format: str):
    client = client_for(users["tim.koordinasi"])
    return client.get("/inpres/laporan/", {"year": 2026, "half": 2, "format": file_format})


def _tpp(client, agency: Agency, file_format: str):
    return client.get(f"/tpp/{agency.pk}/unduh/", {"format": file_format, "month": "2026-11"})


def test_every_file_reads_in_indonesian_with_indonesian_figures(demo_billed):
    problems = {}
    for role, what, response in _files(demo_billed):
        if response.status_code != 200:
            problems[f"{what} ({role})"] = [f"HTTP {response.status_code}"]
            continue
        found = findings(
            shown_download(urlsplit(response.request["PATH_INFO"]).path, response.content)
        )
        if not FILE_NAME.fullmatch(name := response["Content-Disposition"]):
            found.append(name)
        if found:
            problems[f"{what} ({role})"] = found
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())


def test_the_import_error_report_reads_in_indonesian(tmp_path):
    import polars as pl

    problems = pl.DataFrame(
        {
            "line": [2, 12345],
            "field_label": ["NIK", "Tanggal lahir"],
            "value": ["3211", "31-02-1990"],
            "severity_label": ["Kesalahan", "Kesalahan"],
            "message": ["NIK harus 16 angka", "Tanggal tidak ada"],
        }
    )
    path = tmp_path / "laporan.xlsx"
    write_error_report(problems, path, source="warga desa.xlsx")
    cells = workbook_cells(path.read_bytes())
    assert findings("\n".join(cells), allowed=frozenset({"desa.xlsx"})) == []
    assert any(cell.startswith("12.345 |") for cell in cells)


def test_the_open_data_has_indonesian_headers_and_an_english_dictionary(demo_billed):
    data = Client().get("/publik/cakupan.csv", {"region": "32.11"})
    rows = list(csv.DictReader(io.StringIO(data.content.decode())))
    regency = rows[0]
    assert (regency["Kode wilayah"], regency["Tingkat"]) == ("32.11", "kabupaten/kota")
    assert regency["Jenis basis"] == "pekerja yang eligible (BPJS)"
    assert int(regency["Basis (pekerja)"]) > 10_000  # a machine value: no separator
    assert re.fullmatch(r"2026-[01][0-9]", regency["Bulan"])
    dictionary = Client().get("/publik/cakupan-kamus-data.csv")
    assert dictionary["Content-Disposition"] == 'attachment; filename="cakupan-kamus-data.csv"'
    entries = list(csv.DictReader(io.StringIO(dictionary.content.decode())))
    assert [entry["kolom"] for entry in entries] == list(regency)
    assert all(entry["keterangan"] and entry["description (English)"] for entry in entries)
    assert findings(shown_download(DATA_DICTIONARY, dictionary.content)) == []
    page = Client().get("/publik/cakupan/32.11/").content.decode()
    assert 'href="/publik/cakupan-kamus-data.csv"' in page
