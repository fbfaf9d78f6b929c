"""The list of imports and the templates (issue 19): every import is remembered under the name
the user's file had, the list shows the reader's area only, and each kind's template, filled
with its example row, imports without an error."""

from pathlib import Path

import fastexcel
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lindungi.accounts.selectors import scope_for_user
from lindungi.billing.services.statements import statement_import
from lindungi.compliance.importing import employers_import
from lindungi.core.errors import DomainError
from lindungi.core.import_templates import template_csv, template_xlsx
from lindungi.core.imports import file_name_kept
from lindungi.core.models import ImportRecord
from lindungi.coverage.services import denominators_import, participants_import, targets_import
from lindungi.programs.exchange.confirmations import confirmations_import
from lindungi.programs.services.deaths_import import deaths_import
from lindungi.web.parts import import_kinds
from lindungi.workers.importing.pipeline import ImportOptions
from lindungi.workers.jobs import job_start
from tests.conftest import client_for
from tests.language import findings

pytestmark = pytest.mark.django_db

# Who imports each kind's template in the round trip, and how.
IMPORTERS = {
    "pekerja": ("desa.cikeruh", lambda **kw: _job(**kw)),
    "kematian": ("disnaker", deaths_import),
    "konfirmasi-bpjs": ("bpjs.sumedang", confirmations_import),
    "rekening-koran": ("bpjs.sumedang", statement_import),
    "pemberi-kerja": ("disnaker", employers_import),
    "basis-cakupan": ("disnaker", denominators_import),
    "target-cakupan": ("disnaker", targets_import),
    "peserta-bpjs": ("disnaker", participants_import),
}


def _job(*, actor, scope, path: Path):
    """A worker import as the web and the API start it: a background job (run at once here)."""
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    job = job_start(actor=actor, upload=upload, options=ImportOptions())
    job.refresh_from_db()
    return job


def _template(kind: str, extension: str, folder: Path) -> Path:
    columns = import_kinds()[kind].columns
    path = folder / f"templat-{kind}.{extension}"
    content = template_xlsx(columns, title=kind) if extension == "xlsx" else template_csv(columns)
    path.write_bytes(content)
    return path


def _imported(kind: str, extension: str, demo, folder: Path):
    username, importer = IMPORTERS[kind]
    user = demo[username]
    return importer(actor=user, scope=scope_for_user(user), path=_template(kind, extension, folder))


def test_every_kind_with_a_template_has_a_round_trip():
    assert {key for key, kind in import_kinds().items() if kind.columns} == set(IMPORTERS)


@pytest.mark.parametrize("extension", ["xlsx", "csv"])
@pytest.mark.parametrize("kind", sorted(IMPORTERS))
def test_a_template_filled_with_its_example_imports_without_an_error(
    demo, tmp_path, kind, extension
):
    if kind == "kematian":  # the example's worker must be registered first
        _imported("pekerja", extension, demo, tmp_path)
    try:
        result = _imported(kind, extension, demo, tmp_path)
    except DomainError as error:
        pytest.fail(f"{kind}.{extension}: {error.message}")
    if kind == "pekerja":
        assert (result.status, result.summary["errors"], result.summary["imported"]) == (
            "done",
            0,
            1,
        )
    record = ImportRecord.objects.filter(kind=kind).latest("id")
    assert record.status == ImportRecord.Status.DONE
    assert record.file_name == f"templat-{kind}.{extension}"
    assert record.rows == 1


@pytest.mark.parametrize("kind", sorted(IMPORTERS))
def test_the_explanation_sheet_lists_every_column_in_indonesian(kind):
    columns = import_kinds()[kind].columns
    book = fastexcel.read_excel(template_xlsx(columns, title="Templat"))
    data = book.load_sheet(0, dtypes="string").to_polars()
    assert data.columns == [column.header for column in columns]
    assert [cell or "" for cell in data.row(0)] == [column.example for column in columns]
    guide = book.load_sheet(1, header_row=3, dtypes="string").to_polars()
    assert guide.columns == ["Kolom", "Wajib", "Format", "Contoh", "Aturan"]
    assert guide["Kolom"].to_list() == [column.header for column in columns]
    assert guide["Wajib"].to_list() == ["ya" if column.required else "tidak" for column in columns]
    text = " ".join(str(cell) for row in guide.iter_rows() for cell in row if cell)
    assert findings(text) == []


def test_a_template_downloads_as_excel_and_csv_and_an_unknown_one_is_absent(demo):
    client = client_for(demo["desa.cikeruh"])
    xlsx = client.get(reverse("web:import_template", args=["pekerja", "xlsx"]))
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"] == 'attachment; filename="templat-pekerja.xlsx"'
    csv = client.get(reverse("web:import_template", args=["pekerja", "csv"]))
    assert csv.content.decode("utf-8-sig").splitlines()[0].startswith("NIK,Nama,Tanggal lahir")
    assert client.get("/impor/templat/rahasia.xlsx").status_code == 404
    assert client.get("/impor/templat/pekerja.exe").status_code == 404


def test_each_import_page_offers_its_template(demo):
    pages = {
        "desa.cikeruh": ["web:worker_import", "web:deaths_import"],
        "bpjs.sumedang": ["web:confirmations", "web:statements"],
        "disnaker": ["web:inpres_employers", "web:coverage_data"],
    }
    for username, names in pages.items():
        client = client_for(demo[username])
        for name in names:
            page = client.get(reverse(name)).content.decode()
            assert "/impor/templat/" in page, name


def test_a_web_import_is_listed_under_the_name_the_browser_sent(demo):
    operator = demo["desa.cikeruh"]
    client = client_for(operator)
    content = template_csv(import_kinds()["pekerja"].columns)
    upload = SimpleUploadedFile("C:\\Users\\desa\\Data Warga RT 03.csv", content)
    response = client.post(
        reverse("web:worker_import"), {"file": upload, "on_existing": "skip"}, follow=True
    )
    assert "Data Warga RT 03.csv" in response.content.decode()
    record = ImportRecord.objects.get(kind="pekerja")
    assert (record.file_name, record.status, record.rows, record.created) == (
        "Data Warga RT 03.csv",
        "done",
        1,
        1,
    )
    assert record.region_code == "32.11.15.2001"
    page = client.get(reverse("web:imports")).content.decode()
    assert "Data Warga RT 03.csv" in page
    assert reverse("web:worker_import_job", args=[int(record.object_id)]) in page


def test_a_refused_file_is_listed_with_its_reason(demo, tmp_path):
    bpjs = demo["bpjs.sumedang"]
    path = tmp_path / "rekening Nov.csv"
    path.write_text("No tagihan,Jumlah,Tanggal bayar\nTAG-1,enam belas ribu,2025-12-01\n")
    with pytest.raises(DomainError):
        statement_import(actor=bpjs, scope=scope_for_user(bpjs), path=path)
    record = ImportRecord.objects.get(kind="rekening-koran")
    assert record.status == ImportRecord.Status.REFUSED
    assert "Jumlah" in record.message
    page = client_for(bpjs).get(reverse("web:imports")).content.decode()
    assert "rekening Nov.csv" in page
    assert "ditolak" in page


def test_the_list_shows_the_readers_area_only(demo, bandung, tmp_path):
    _imported("pekerja", "csv", demo, tmp_path)
    gudang = demo["desa.gudang"]
    _job(actor=gudang, scope=scope_for_user(gudang), path=_template("pekerja", "csv", tmp_path))
    ImportRecord.objects.filter(started_by=gudang).update(file_name="gudang.csv")
    ImportRecord.objects.filter(started_by=demo["desa.cikeruh"]).update(file_name="cikeruh.csv")

    def listed(user) -> str:
        return client_for(user).get(reverse("web:imports")).content.decode()

    assert "cikeruh.csv" in listed(demo["desa.cikeruh"])
    assert "gudang.csv" not in listed(demo["desa.cikeruh"])
    admin_page = listed(demo["disnaker"])
    assert "cikeruh.csv" in admin_page and "gudang.csv" in admin_page
    # The admin sees the village's import but not its job page (only its starter's).
    record = ImportRecord.objects.get(file_name="cikeruh.csv")
    assert reverse("web:worker_import_job", args=[int(record.object_id)]) not in admin_page
    assert "cikeruh.csv" not in listed(bandung["admin"])


def test_the_list_pages_the_latest_first(demo):
    operator = demo["desa.cikeruh"]
    ImportRecord.objects.bulk_create(
        ImportRecord(kind="pekerja", file_name=f"file {n}.csv", started_by=operator)
        for n in range(51)
    )
    client = client_for(operator)
    first = client.get(reverse("web:imports")).content.decode()
    assert first.count('data-kind="pekerja"') == 50
    assert "?page=2" in first
    second = client.get(reverse("web:imports"), {"page": 2}).content.decode()
    assert second.count('data-kind="pekerja"') == 1


def test_the_menu_offers_the_list_to_those_who_import(demo):
    assert "/impor/" in client_for(demo["desa.cikeruh"]).get("/").content.decode()
    assert "/impor/" not in client_for(demo["jaksa.sumedang"]).get("/").content.decode()


def test_an_import_name_keeps_no_folder_and_stays_short():
    assert file_name_kept("../../etc/passwd") == "passwd"
    assert len(file_name_kept("x" * 300 + ".csv")) == 100
    assert file_name_kept("a<b>c.xlsx") == "a_b_c.xlsx"


def test_earlier_worker_imports_are_backfilled_under_their_own_names(demo):
    from importlib import import_module

    from django.apps import apps

    from lindungi.workers.models import ImportBatch, ImportJob

    operator = demo["desa.cikeruh"]
    batch = ImportBatch.objects.create(filename="Oxf4ZFVqWpNZDZ78.csv", started_by=operator)
    ImportJob.objects.create(
        started_by=operator,
        filename="Data Warga.csv",
        stored_path="/gone/Oxf4ZFVqWpNZDZ78.csv",
        status="done",
        summary={"rows": 3, "imported": 2, "errors": 1},
        batch=batch,
    )
    ImportRecord.objects.all().delete()
    import_module("lindungi.workers.migrations.0005_import_records_imports").backfill(apps, None)
    batch.refresh_from_db()
    assert batch.filename == "Data Warga.csv"
    record = ImportRecord.objects.get()
    assert (record.file_name, record.rows, record.created, record.refused) == (
        "Data Warga.csv",
        3,
        2,
        1,
    )
    assert record.region_code == "32.11.15.2001"
