"""The bulk import: what is written, what is refused and why, and that nothing is half-written."""

import json
from io import StringIO
from pathlib import Path

import fastexcel
import pytest
import xlsxwriter
from django.core.management import CommandError, call_command

from lindungi.accounts.selectors import scope_for_user
from lindungi.core.errors import PermissionDenied, ValidationFailed
from lindungi.core.models import AuditEvent
from lindungi.core.scopes import Scope
from lindungi.workers.importing.pipeline import ImportOptions, import_workers
from lindungi.workers.importing.report import write_error_report
from lindungi.workers.models import ImportBatch, Worker

pytestmark = pytest.mark.django_db

NATIONWIDE = Scope(user_id=None, role="system", region_codes=None, can_write=True)
HEADER = ["NIK", "Nama", "Tgl Lahir", "JK", "Kode Desa", "No HP", "Penghasilan", "Desil"]
GOOD = [
    [
        "3211155508900001",
        "Hj. Siti  Aminah, S.Pd.",
        "15/08/1990",
        "P",
        "3211152001",
        "+62 812-3456-7890",
        "Rp 1.500.000",
        "2",
    ],
    ["3211151508900002", "Budi Santoso", "1990-08-15", "L", "32.11.15.2001", "", "", ""],
    ["3211110101850003", "Ujang", "01-01-1985", "laki-laki", "32.11.11.2001", "", "", ""],
]


def write_csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    path.write_text("\n".join(";".join(row) for row in [header, *rows]) + "\n", encoding="utf-8")
    return path


def run(path: Path, scope: Scope = NATIONWIDE, **options):
    return import_workers(actor=None, scope=scope, path=path, options=ImportOptions(**options))


def test_a_clean_file_is_imported_and_normalised(tmp_path):
    result = run(write_csv(tmp_path / "warga.csv", GOOD))
    assert result.summary() | {"seconds": 0} == {
        "rows": 3,
        "imported": 3,
        "updated": 0,
        "skipped": 0,
        "errors": 0,
        "warnings": 0,
        "seconds": 0,
    }
    siti = Worker.objects.get(nik="3211155508900001")
    assert (siti.name, siti.name_normalised) == ("Hj. Siti Aminah, S.Pd.", "SITI AMINAH")
    assert (siti.sex, siti.birth_date.isoformat(), siti.village_id) == (
        "P",
        "1990-08-15",
        "32.11.15.2001",
    )
    assert (siti.phone, siti.income, siti.desil, siti.category) == (
        "081234567890",
        1_500_000,
        2,
        "BPU",
    )
    assert siti.province_code == "32"
    assert siti.import_batch.summary["imported"] == 3
    assert AuditEvent.objects.filter(action="workers.import").count() == 1


def test_birth_date_and_sex_come_from_the_nik_when_the_file_has_none(tmp_path):
    run(
        write_csv(
            tmp_path / "w.csv", [["3211155508900001", "Siti", "", "", "3211152001", "", "", ""]]
        )
    )
    siti = Worker.objects.get()
    assert (siti.sex, siti.birth_date.isoformat()) == ("P", "1990-08-15")


@pytest.mark.parametrize(
    ("row", "field", "rule"),
    [
        (["32111555089000", "Pendek", "", "", "3211152001", "", "", ""], "nik", "nik_length"),
        (["9911151508900005", "Provinsi", "", "", "3211152001", "", "", ""], "nik", "nik_province"),
        (["3211151513900005", "Bulan", "", "", "3211152001", "", "", ""], "nik", "nik_birth_date"),
        (["3211151508900000", "Serial", "", "", "3211152001", "", "", ""], "nik", "nik_serial"),
        (["3211151508900005", "", "", "", "3211152001", "", "", ""], "name", "required"),
        (
            ["3211151508900005", "Tgl", "16/08/1990", "", "3211152001", "", "", ""],
            "birth_date",
            "nik_mismatch",
        ),
        (
            ["3211151508900005", "Tgl", "1990-13-45", "", "3211152001", "", "", ""],
            "birth_date",
            "date_format",
        ),
        (["3211151508900005", "Jk", "", "P", "3211152001", "", "", ""], "sex", "nik_mismatch"),
        (["3211151508900005", "Jk", "", "X", "3211152001", "", "", ""], "sex", "sex_value"),
        (
            ["3211151508900005", "Desa", "", "", "3211999999", "", "", ""],
            "village",
            "unknown_village",
        ),
        (["3211151508900005", "Desa", "", "", "", "", "", ""], "village", "required"),
        (["3211151508900005", "Hp", "", "", "3211152001", "nomor", "", ""], "phone", "phone"),
        (["3211151508900005", "Rp", "", "", "3211152001", "", "sejuta", ""], "income", "number"),
        (["3211151508900005", "Desil", "", "", "3211152001", "", "", "11"], "desil", "desil"),
    ],
)
def test_each_broken_rule_is_reported_with_line_field_and_value(tmp_path, row, field, rule):
    result = run(write_csv(tmp_path / "w.csv", [GOOD[0], row]))
    assert (result.imported, result.errors) == (1, 1)
    problem = result.problems.filter(severity="error").row(0, named=True)
    assert (problem["line"], problem["field"], problem["rule"]) == (3, field, rule)
    assert problem["message"]
    assert Worker.objects.count() == 1


def test_a_nik_repeated_in_the_file_is_refused_after_its_first_line(tmp_path):
    result = run(write_csv(tmp_path / "w.csv", [GOOD[0], GOOD[1], GOOD[0]]))
    assert (result.imported, result.errors) == (2, 1)
    assert result.problems.row(0, named=True)["rule"] == "duplicate_in_file"
    assert result.problems.row(0, named=True)["line"] == 4


def test_an_old_district_code_in_a_nik_is_only_a_warning(tmp_path):
    row = ["3299991508900009", "Lama", "", "", "3211152001", "", "", ""]
    result = run(write_csv(tmp_path / "w.csv", [row]))
    assert (result.imported, result.errors, result.warnings) == (1, 0, 1)


def test_re_importing_the_same_file_adds_nothing(tmp_path):
    path = write_csv(tmp_path / "w.csv", GOOD)
    run(path)
    again = run(path)
    assert (again.imported, again.skipped, again.updated) == (0, 3, 0)
    assert Worker.objects.count() == 3


def test_on_existing_update_rewrites_the_existing_rows(tmp_path):
    run(write_csv(tmp_path / "w.csv", GOOD))
    changed = [[*GOOD[1][:5], "081111111111", "2000000", ""]]
    result = run(write_csv(tmp_path / "w2.csv", changed), on_existing="update")
    assert (result.imported, result.updated) == (0, 1)
    budi = Worker.objects.get(nik=GOOD[1][0])
    assert (budi.phone, budi.income) == ("081111111111", 2_000_000)


def test_strict_refuses_the_whole_file_when_one_row_is_invalid(tmp_path):
    bad = ["3211151508900000", "Serial", "", "", "3211152001", "", "", ""]
    result = run(write_csv(tmp_path / "w.csv", [*GOOD, bad]), strict=True)
    assert (result.imported, result.errors, result.written) == (0, 1, False)
    assert not Worker.objects.exists()
    assert not ImportBatch.objects.exists()


def test_dry_run_counts_but_writes_nothing(tmp_path):
    result = run(write_csv(tmp_path / "w.csv", GOOD), dry_run=True)
    assert (result.imported, result.written) == (3, False)
    assert not Worker.objects.exists()


def test_a_village_operator_imports_only_into_their_village(tmp_path, demo):
    scope = scope_for_user(demo["desa.cikeruh"])
    result = run(write_csv(tmp_path / "w.csv", GOOD), scope=scope)
    assert (result.imported, result.errors) == (2, 1)
    refused = result.problems.filter(severity="error").row(0, named=True)
    assert (refused["line"], refused["rule"]) == (4, "out_of_scope")


def test_a_village_operators_file_without_village_codes_is_about_their_village(tmp_path, demo):
    scope = scope_for_user(demo["desa.cikeruh"])
    path = write_csv(tmp_path / "w.csv", [["3211151508900002", "Budi"]], header=["NIK", "Nama"])
    assert run(path, scope=scope).imported == 1
    assert Worker.objects.get().village_id == "32.11.15.2001"


def test_a_nik_registered_outside_the_scope_is_refused_not_overwritten(tmp_path, demo):
    run(write_csv(tmp_path / "w.csv", [GOOD[2]]))  # Ujang lives in Gudang
    scope = scope_for_user(demo["desa.cikeruh"])
    moved = [[GOOD[2][0], "Ujang Pindah", "", "", "3211152001", "", "", ""]]
    result = run(write_csv(tmp_path / "w2.csv", moved), scope=scope, on_existing="update")
    assert (result.imported, result.updated, result.errors) == (0, 0, 1)
    assert result.problems.row(0, named=True)["rule"] == "registered_elsewhere"
    assert Worker.objects.get().name == "Ujang"


def test_a_read_only_role_cannot_import(tmp_path, demo):
    with pytest.raises(PermissionDenied, match="tidak dapat menambah pekerja"):
        run(write_csv(tmp_path / "w.csv", GOOD), scope=scope_for_user(demo["tim.koordinasi"]))


def test_a_file_without_a_nik_column_is_refused_naming_its_columns(tmp_path):
    with pytest.raises(ValidationFailed, match="Nama, Alamat"):
        run(write_csv(tmp_path / "w.csv", [["Budi", "Jl. Mawar"]], header=["Nama", "Alamat"]))


def test_an_excel_file_with_real_dates_and_numbers(tmp_path):
    path = tmp_path / "warga.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["nik", "nama_lengkap", "tanggal_lahir", "kode_desa", "penghasilan"])
    dated = workbook.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_number(1, 0, 3211151508900002)  # NIK typed as a number
    sheet.write_string(1, 1, "Budi")
    sheet.write_datetime(1, 2, __import__("datetime").datetime(1990, 8, 15), dated)
    sheet.write_string(1, 3, "32.11.15.2001")
    sheet.write_number(1, 4, 1500000)
    sheet.write_string(2, 0, "3211155508900001")
    sheet.write_string(2, 1, "Siti")
    sheet.write_number(2, 2, 33100)  # an Excel serial day: 15 August 1990
    sheet.write_string(2, 3, "3211152001")
    workbook.close()
    result = run(path)
    assert (result.imported, result.errors) == (2, 0), result.problems
    assert Worker.objects.get(nik="3211155508900001").birth_date.isoformat() == "1990-08-15"
    assert Worker.objects.get(nik="3211151508900002").income == 1_500_000


def test_presets_set_the_lists_flags(tmp_path):
    path = write_csv(
        tmp_path / "p3ke.csv",
        [["3211151508900002", "Budi", "3211152001", "1"]],
        header=["NIK", "Nama_Kepala_Keluarga", "Kode_Kemendagri", "Desil_KK"],
    )
    run(path, preset="p3ke")
    budi = Worker.objects.get()
    assert (budi.in_p3ke, budi.desil, budi.name) == (True, 1, "Budi")


def test_the_error_report_opens_in_a_real_excel_reader_and_never_holds_formulas(tmp_path):
    hostile = ["3211151508900000", "=cmd|' /C calc'!A0", "", "", "3211152001", "", "", ""]
    result = run(write_csv(tmp_path / "w.csv", [hostile]))
    report = tmp_path / "errors.xlsx"
    write_error_report(result.problems, report, source="w.csv")
    sheet = fastexcel.read_excel(report).load_sheet(0, dtypes="string").to_polars()
    assert sheet.columns == ["Baris", "Kolom", "Nilai", "Tingkat", "Pesan"]
    assert sheet.row(0)[0] == "2"
    assert "0000" in sheet.row(0)[4]
    with __import__("zipfile").ZipFile(report) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_the_command_prints_the_documented_json_and_writes_the_error_file(tmp_path):
    bad = ["3211151508900000", "Serial", "", "", "3211152001", "", "", ""]
    path = write_csv(tmp_path / "w.csv", [*GOOD, bad])
    out = StringIO()
    call_command(
        "import-workers", str(path), "--json", "--errors", str(tmp_path / "e.xlsx"), stdout=out
    )
    summary = json.loads(out.getvalue())
    assert set(summary) == {
        "rows",
        "imported",
        "updated",
        "skipped",
        "errors",
        "warnings",
        "seconds",
    }
    assert (summary["rows"], summary["imported"], summary["errors"]) == (4, 3, 1)
    assert (tmp_path / "e.xlsx").is_file()


def test_the_command_with_strict_fails_and_imports_nothing(tmp_path):
    bad = ["3211151508900000", "Serial", "", "", "3211152001", "", "", ""]
    with pytest.raises(CommandError, match="strict"):
        call_command(
            "import-workers",
            str(write_csv(tmp_path / "w.csv", [*GOOD, bad])),
            "--strict",
            "--json",
            stdout=StringIO(),
        )
    assert not Worker.objects.exists()
