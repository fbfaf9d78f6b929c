import pytest
import xlsxwriter

from lindungi.accounts.selectors import scope_for_user
from lindungi.compliance.importing import employers_import
from lindungi.compliance.models import Employer
from lindungi.core.errors import PermissionDenied, ValidationFailed
from lindungi.core.models import AuditEvent

pytestmark = pytest.mark.django_db

GOOD = (
    "NIB;Nama Perusahaan;KBLI;Alamat;Jumlah Pekerja;Status Kepesertaan;Tunggakan\n"
    "9120301234567;PT Tahu Sumedang Jaya;10792;Jl. Prabu Geusan Ulun 1;48;menunggak;87.500.000\n"
    "9120301234568;CV Ubi Cilembu;01135;Cilembu;12;belum terdaftar;\n"
    "9120301234569;PT Kereta Kencana;49431;Jatinangor;130;sebagian;0\n"
)


def test_a_file_with_broken_rows_names_each_and_writes_nothing(demo, tmp_path):
    path = tmp_path / "pemberi_kerja.csv"
    path.write_text(
        "nib,name,workers,status,arrears,region\n"
        "9120301234567,PT Satu,10,full,0,\n"  # line 2: good
        "91203012,PT Dua,10,full,0,\n"  # line 3: NIB too short
        "9120301234569,,x,menunggak,0,\n"  # line 4: no name, workers, arrears for status
        "9120301234570,PT Empat,5,entah,0,32.04\n"  # line 5: status, region outside
        "9120301234567,PT Satu lagi,10,full,0,\n",  # line 6: repeated NIB
        encoding="utf-8",
    )
    bpjs = demo["bpjs.sumedang"]
    with pytest.raises(ValidationFailed) as refused:
        employers_import(path, bpjs, scope_for_user(bpjs))
    problems = {(p["line"], p["field"], p["rule"]) for p in refused.value.details["problems"]}
    assert problems == {
        (3, "nib", "nib"),
        (4, "name", "required"),
        (4, "workers", "count"),
        (4, "arrears", "arrears_amount"),
        (5, "status", "status"),
        (5, "region", "region"),
        (6, "nib", "duplicate_in_file"),
    }
    assert "line 3, column “nib”" in refused.value.message
    assert not Employer.objects.exists()


def test_a_reimport_updates_employers_by_nib(demo, tmp_path):
    admin = demo["disnaker"]
    scope = scope_for_user(admin)
    path = tmp_path / "pemberi_kerja.csv"
    path.write_text(GOOD, encoding="utf-8")
    first = employers_import(path, admin, scope)
    assert (first.created, first.updated) == (3, 0)
    tahu = Employer.objects.get(nib="9120301234567")
    assert (tahu.region_id, tahu.status, tahu.arrears, tahu.workers) == (
        "32.11",
        "arrears",
        87_500_000,
        48,
    )
    path.write_text(GOOD.replace("menunggak;87.500.000", "penuh;0"), encoding="utf-8")
    second = employers_import(path, admin, scope)
    assert (second.created, second.updated) == (0, 3)
    tahu.refresh_from_db()
    assert (tahu.status, tahu.arrears) == ("full", 0)
    assert Employer.objects.count() == 3
    assert AuditEvent.objects.filter(action="employer.import").count() == 2


def test_an_excel_file_with_english_headers_is_read(demo, tmp_path):
    path = tmp_path / "employers.xlsx"
    workbook = xlsxwriter.Workbook(path)
    sheet = workbook.add_worksheet()
    rows = [
        ["NIB", "Name", "Sector", "Workers", "Registration status", "Arrears", "Region"],
        ["9120301234567", "PT Tahu", "10792", 48, "partial", 0, "3211"],
    ]
    for number, row in enumerate(rows):
        sheet.write_row(number, 0, row)
    workbook.close()
    bpjs = demo["bpjs.sumedang"]
    assert employers_import(path, bpjs, scope_for_user(bpjs)).created == 1
    assert Employer.objects.get().status == "partial"


def test_the_coordination_team_cannot_import(demo, tmp_path):
    path = tmp_path / "pemberi_kerja.csv"
    path.write_text(GOOD, encoding="utf-8")
    team = demo["tim.koordinasi"]
    with pytest.raises(PermissionDenied):
        employers_import(path, team, scope_for_user(team))
