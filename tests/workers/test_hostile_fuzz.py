"""Hostile uploads (UU PDP's "nothing lost, nothing leaked"): generated CSV and Excel files of
every shape end in an import result or a clear refusal, never a crash, and a refusal writes
nothing. Formula-looking cells never come back as formulas."""

import csv
import zipfile
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lindungi.core.errors import ValidationFailed
from lindungi.workers.importing.report import write_error_report
from lindungi.workers.models import ImportBatch, Worker
from tests.workers.test_import import run

pytestmark = pytest.mark.django_db

HEADERS = ["nik", "nama", "tanggal_lahir", "jenis_kelamin", "kode_desa", "no_hp", "desil", "xyz"]
FORMULAS = ["=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", "@SUM(A1)", '=HYPERLINK("http://x")']
cell = st.one_of(
    st.text(max_size=40),
    st.sampled_from(FORMULAS),
    st.text(alphabet="0123456789", min_size=14, max_size=18),
    st.sampled_from(["32.11.15.2001", "3211152001", "1990-08-15", "15/08/1990", "33000", "L", "P"]),
    st.text(min_size=300, max_size=3000),  # cells longer than any field
)
table = st.tuples(
    st.lists(st.sampled_from(HEADERS), min_size=1, max_size=6, unique=True),
    st.lists(st.lists(cell, min_size=6, max_size=6), max_size=8),
)


def _outcome(path: Path) -> None:
    """Either a result whose every written worker is valid, or a refusal that wrote nothing."""
    before = (Worker.objects.count(), ImportBatch.objects.count())
    try:
        result = run(path)
    except ValidationFailed as refused:
        assert refused.message
        assert (Worker.objects.count(), ImportBatch.objects.count()) == before
        return
    assert result.imported + result.skipped + result.errors <= result.rows
    for nik in Worker.objects.values_list("nik", flat=True):
        assert len(nik) == 16 and nik.isdigit()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=table,
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16"]),
    separator=st.sampled_from([",", ";", "\t"]),
)
def test_generated_csv_files_end_in_a_result_or_a_clear_refusal(
    tmp_path, data, encoding, separator
):
    headers, rows = data
    text = "\n".join(separator.join(row[: len(headers)]) for row in [headers, *rows])
    path = tmp_path / "acak.csv"
    path.write_bytes(text.encode(encoding, errors="replace"))
    _outcome(path)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=table)
def test_generated_excel_files_end_in_a_result_or_a_clear_refusal(tmp_path, data):
    headers, rows = data
    path = tmp_path / "acak.xlsx"
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    sheet = workbook.add_worksheet()
    for index, row in enumerate([headers, *rows]):
        for column, value in enumerate(row[: len(headers)]):
            sheet.write_string(index, column, value[:32767])
    workbook.close()
    _outcome(path)


def test_formulas_in_a_file_are_reported_as_text_never_as_formulas(tmp_path):
    path = tmp_path / "rumus.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["nik", "nama", "kode_desa"])
        writer.writerows(
            [formula, f"Nama {index}", "32.11.15.2001"] for index, formula in enumerate(FORMULAS)
        )
    result = run(path)
    assert result.errors == len(FORMULAS) and not Worker.objects.exists()
    report = tmp_path / "laporan.xlsx"
    write_error_report(result.problems, report, source=path.name)
    with zipfile.ZipFile(report) as archive:
        sheets = [
            archive.read(name).decode()
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
        ]
    assert not any("<f>" in sheet for sheet in sheets)
    cells = {str(value) for row in pl.read_excel(report).iter_rows() for value in row}
    # The very text, read back by a real reader (a NIK cell is shown as its digits once compacted).
    assert {"+SUM(1,2)", "@SUM(A1)", '=HYPERLINK("http://x")'} <= cells


def test_a_zip_bomb_posing_as_a_workbook_is_refused_before_it_is_unpacked(tmp_path):
    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            block = b"<row>" + b"0" * (1 << 20) + b"</row>"
            for _ in range(2100):  # 2.1 GB unpacked, a few MB packed
                member.write(block)
    assert path.stat().st_size < 10 * 1024 * 1024
    with pytest.raises(ValidationFailed, match=r"2\.100 MB"):
        run(path)
    assert not Worker.objects.exists()


def test_a_hundred_megabyte_file_of_one_endless_line_is_refused_clearly(tmp_path):
    path = tmp_path / "besar.csv"
    with path.open("wb") as handle:
        handle.write(b"nik,nama,kode_desa\n3211151508900001,")
        chunk = b"A" * (1 << 20)
        for _ in range(100):
            handle.write(chunk)
        handle.write(b",32.11.15.2001\n")
    try:
        result = run(path)
    except ValidationFailed as refused:
        assert "besar.csv" in refused.message
    else:
        assert (result.rows, result.errors, result.imported) == (1, 1, 0)
    assert not Worker.objects.exists()
