"""Importing bases, targets and BPJS participant counts: every broken rule named by line,
column and rule, and a broken file writes nothing."""

from datetime import date
from decimal import Decimal

import pytest
import xlsxwriter

from lindungi.accounts.selectors import scope_for_user
from lindungi.core.errors import PermissionDenied, ValidationFailed
from lindungi.core.models import AuditEvent
from lindungi.coverage.models import BpjsParticipants, CoverageTarget, Denominator
from lindungi.coverage.services import denominators_import, participants_import, targets_import


@pytest.fixture
def disnaker(demo):
    return demo["disnaker"]


def write(tmp_path, text: str, name: str = "data.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_bases_are_imported_with_their_source_and_date(tmp_path, disnaker):
    path = write(
        tmp_path,
        "kode_wilayah;tahun;jenis;jumlah;sumber;tanggal\n"
        "32.11;2024;eligible;397.749;BPJS Cabang Sumedang;31/12/2024\n"
        "3211;2024;sakernas;606636;BPS Sakernas Agustus 2024;2024-08-31\n"
        "3211152001;2024;eligible;1200;Pemerintah Desa Cikeruh;2024-12-31\n",
    )
    imported = denominators_import(path=path, actor=disnaker, scope=scope_for_user(disnaker))
    assert (imported.rows, imported.created, imported.updated) == (3, 3, 0)
    eligible = Denominator.objects.get(region_id="32.11", kind="eligible")
    assert (eligible.value, eligible.source, eligible.as_of) == (
        397_749,
        "BPJS Cabang Sumedang",
        date(2024, 12, 31),
    )
    assert Denominator.objects.get(region_id="32.11", kind="working_population").value == 606_636
    assert Denominator.objects.filter(region_id="32.11.15.2001").exists()
    # A corrected release replaces the stored figure.
    again = write(
        tmp_path,
        "region,year,value,source,date\n32.11,2024,397750,BPJS (revised),2025-01-15\n",
        "again.csv",
    )
    imported = denominators_import(
        path=again, actor=disnaker, scope=scope_for_user(disnaker), kind="eligible"
    )
    assert (imported.created, imported.updated) == (0, 1)
    assert Denominator.objects.get(region_id="32.11", kind="eligible").value == 397_750
    assert AuditEvent.objects.filter(action="coverage.denominators_imported").count() == 2


def test_every_broken_row_is_named_and_nothing_is_written(tmp_path, disnaker):
    path = write(
        tmp_path,
        "region,year,kind,value,source,date\n"
        "32.11,2024,eligible,397749,BPJS,2024-12-31\n"  # line 2: fine
        "99.99,2024,eligible,100,BPJS,2024-12-31\n"  # line 3: no such region
        "32.11,2024,working_population,abc,BPS,2024-08-31\n"  # line 4: not a count
        "32.11,2024,eligible,5,BPJS,2024-12-31\n"  # line 5: repeats line 2
        "32.04,2024,eligible,100,BPJS,2024-12-31\n"  # line 6: Bandung, outside Sumedang
        "32.11.15,1999,guess,0,,31-02-2024\n",  # line 7: year, kind, value, source, date
    )
    with pytest.raises(ValidationFailed) as refused:
        denominators_import(path=path, actor=disnaker, scope=scope_for_user(disnaker))
    problems = {(p["line"], p["column"], p["rule"]) for p in refused.value.details["problems"]}
    assert problems == {
        (3, "region", "unknown_region"),
        (4, "value", "count"),
        (5, "region", "duplicate_in_file"),
        (6, "region", "out_of_scope"),
        (7, "year", "year"),
        (7, "kind", "kind_value"),
        (7, "value", "count"),
        (7, "source", "required"),
        (7, "date", "date_format"),
    }
    message = refused.value.message
    assert message.startswith("Nothing was written: the file breaks 9 rule(s).")
    assert "line 3, column “region”: is not a region code of the Kemendagri list" in message
    assert "line 4, column “value”: must be a whole number of workers above 0" in message
    assert not Denominator.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="coverage.").exists()


def test_a_file_without_a_needed_column_is_refused(tmp_path, disnaker):
    path = write(tmp_path, "region,year,value,source\n32.11,2024,1,x\n")
    with pytest.raises(ValidationFailed) as refused:
        denominators_import(path=path, actor=disnaker, scope=scope_for_user(disnaker))
    assert refused.value.details["field"] == "date"


def test_targets_from_an_excel_file(tmp_path, disnaker, demo):
    path = tmp_path / "target.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet()
    for row, values in enumerate(
        [
            ("Kode Wilayah", "Tahun", "Target", "Sumber"),
            ("32.11", 2025, "62,93", "RPJMD Sumedang"),
            ("32.11", 2026, 72, "RPJMD Sumedang"),
        ]
    ):
        sheet.write_row(row, 0, values)
    book.close()
    imported = targets_import(path=path, actor=disnaker, scope=scope_for_user(disnaker))
    assert imported.rows == 2
    assert dict(CoverageTarget.objects.values_list("year", "percent")) == {
        2025: Decimal("62.93"),
        2026: Decimal("72.00"),
    }
    broken = write(tmp_path, "region,year,percent,source\n32.11,2027,120,x\n32.11,2028,0,x\n")
    with pytest.raises(ValidationFailed) as refused:
        targets_import(path=broken, actor=disnaker, scope=scope_for_user(disnaker))
    assert [(p["line"], p["rule"]) for p in refused.value.details["problems"]] == [
        (2, "percent"),
        (3, "percent"),
    ]
    with pytest.raises(PermissionDenied):
        targets_import(
            path=path, actor=demo["bpjs.sumedang"], scope=scope_for_user(demo["bpjs.sumedang"])
        )


def test_the_country_is_imported_by_a_superuser_only(tmp_path, demo, disnaker):
    path = write(tmp_path, "region,year,percent,source\nID,2025,52.5,RPJPN 2025-2045\n")
    with pytest.raises(ValidationFailed) as refused:
        targets_import(path=path, actor=disnaker, scope=scope_for_user(disnaker))
    assert refused.value.details["problems"][0]["rule"] == "out_of_scope"
    admin = demo["admin"]
    targets_import(path=path, actor=admin, scope=scope_for_user(admin))
    targets_import(path=path, actor=admin, scope=scope_for_user(admin))  # replaced, not doubled
    (national,) = CoverageTarget.objects.all()
    assert (national.region_id, national.percent) == (None, Decimal("52.50"))


def test_bpjs_participants_by_month_and_category(tmp_path, demo):
    officer = demo["bpjs.sumedang"]
    path = write(
        tmp_path,
        "kode,bulan,kategori,peserta,sumber\n"
        "32.11,2025-12,,151491,BPJS Cabang Sumedang\n"
        "32.11,2025-12,BPU,40210,BPJS Cabang Sumedang\n"
        "32.11,Desember,PU,1,x\n"
        "32.11,2025-12,TANI,1,x\n",
    )
    with pytest.raises(ValidationFailed) as refused:
        participants_import(path=path, actor=officer, scope=scope_for_user(officer))
    assert [(p["line"], p["field"], p["rule"]) for p in refused.value.details["problems"]] == [
        (4, "month", "month_format"),
        (5, "category", "category_value"),
    ]
    path.write_text("\n".join(path.read_text().splitlines()[:3]) + "\n")
    participants_import(path=path, actor=officer, scope=scope_for_user(officer))
    assert dict(BpjsParticipants.objects.values_list("category", "count")) == {
        "": 151_491,
        "BPU": 40_210,
    }
    assert BpjsParticipants.objects.first().month == date(2025, 12, 1)


def test_a_village_operator_imports_no_figures(tmp_path, demo):
    operator = demo["desa.cikeruh"]
    path = write(tmp_path, "region,year,kind,value,source,date\n")
    with pytest.raises(PermissionDenied):
        denominators_import(path=path, actor=operator, scope=scope_for_user(operator))
