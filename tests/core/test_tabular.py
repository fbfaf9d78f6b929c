"""Reading an uploaded table: its memory stays bounded whatever the file holds (a zip bomb, a
sparse grid, a shared string named a million times), and its refusals name the file as its
owner named it, with the line and the column."""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lindungi.core.errors import ValidationFailed
from lindungi.core.tabular import read_table
from tests.cli import child_environment
from tests.core.workbooks import (
    SHEET,
    claim_smaller,
    numbers,
    repeated,
    row,
    workbook,
)

PEAK_LIMIT_MB = 600
READER = textwrap.dedent(
    """
    import json, sys
    import django
    django.setup()
    from pathlib import Path
    from lindungi.core.errors import ValidationFailed
    from lindungi.core.tabular import read_table
    outcomes = {}
    for path in sys.argv[1:]:
        try:
            frame = read_table(Path(path), name=Path(path).name)
            outcomes[Path(path).name] = f"{frame.height} x {frame.width}"
        except ValidationFailed as error:
            outcomes[Path(path).name] = error.message
    # VmHWM: this program's own peak. getrusage's ru_maxrss would also count the forking
    # parent's size (Linux keeps it across exec), a whole test run's memory in a long run.
    status = Path("/proc/self/status").read_text()
    peak = int(next(l.split()[1] for l in status.splitlines() if l.startswith("VmHWM:"))) // 1024
    print(json.dumps({"outcomes": outcomes, "peak_mb": peak}))
    """
)


def read_in_child(*paths: Path) -> dict:
    """Read each file in a fresh process, as the background worker would; its peak memory."""
    done = subprocess.run(
        [sys.executable, "-c", READER, *map(str, paths)],
        env=child_environment(DJANGO_SETTINGS_MODULE="lindungi.config.settings_test"),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


def test_hostile_workbooks_are_refused_before_the_sheet_is_read_with_memory_bounded(tmp_path):
    header = row("NIK", "Nama", "Kode Desa", "Alamat")
    line = row("3211151508900002", "Budi Santoso", "3211152001", "Jl. Mawar No. 1")
    # 300 MB of repeated rows packed to a few MB (the audit's was 734 MB in 4.8 MB).
    bomb = workbook(tmp_path / "bom.xlsx", [header, *repeated(line * 2000, 1100)])
    # The same kind of sheet, its headers claiming 100 kB: only reading it tells.
    liar = workbook(tmp_path / "bohong.xlsx", [header, *repeated(line * 2000, 300)])
    claim_smaller(liar, SHEET, 100_000)
    # 400 bytes naming cells A1 and XFD1048576: the reader would lay out 17 billion cells.
    sparse = workbook(
        tmp_path / "jarang.xlsx",
        [b'<row r="1"><c r="A1" t="inlineStr"><is><t>NIK</t></is></c></row>',
         b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'],
    )  # fmt: skip
    # The same where no sheet is expected: the workbook's relationships point to it.
    hidden = workbook(
        tmp_path / "tersembunyi.xlsx",
        [b'<row r="1"><c r="A1"><v>1</v></c></row>', b'<row r="1048576"><c r="XFD1048576"/></row>'],
        sheet_part="xl/data/lembar.xml",
    )
    # The same without cell references: 16,384 cells in a row, then row 1,048,576.
    unplaced = workbook(
        tmp_path / "tanpa-alamat.xlsx",
        [b"<row>" + b"<c><v>1</v></c>" * 16_384 + b"</row>", b'<row r="1048576"><c/></row>'],
    )
    # A 64 kB shared string named by 100,000 cells: 6.5 GB once each cell holds its copy.
    strings = workbook(
        tmp_path / "teks.xlsx",
        [header, *repeated(b'<row><c t="s"><v>0</v></c></row>', 100_000)],
        shared=["A" * 65_536],
    )
    # The largest a regency's list gets: 99,999 rows as Excel writes them, accepted.
    largest = workbook(
        tmp_path / "terbesar.xlsx",
        [
            header,
            *(
                (
                    f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>32111515{n:08d}</t></is></c>'
                    f'<c r="B{n}" t="inlineStr"><is><t>Pekerja Nomor {n}</t></is></c>'
                    f'<c r="C{n}"><v>3211152001</v></c>'
                    f'<c r="D{n}" t="inlineStr"><is><t>Jl. Raya Sumedang No. {n}</t></is></c>'
                    "</row>"
                ).encode()
                for n in range(2, 100_001)
            ),
        ],
    )
    assert bomb.stat().st_size < 10 * 1024 * 1024

    read = read_in_child(bomb, liar, sparse, hidden, unplaced, strings, largest)

    outcomes = read["outcomes"]
    assert "bom.xlsx: berkas Excel terurai menjadi" in outcomes["bom.xlsx"]
    assert "lebih besar dari yang dinyatakan" in outcomes["bohong.xlsx"]
    assert "1.048.576 baris dan 16.384 kolom" in outcomes["jarang.xlsx"]
    assert "16.384 kolom, melebihi batas 4.000.000 sel" in outcomes["tanpa-alamat.xlsx"]
    assert "16.384 kolom, melebihi batas 4.000.000 sel" in outcomes["tersembunyi.xlsx"]
    assert "teks.xlsx" in outcomes["teks.xlsx"] and "MB teks" in outcomes["teks.xlsx"]
    assert outcomes["terbesar.xlsx"] == "99999 x 4"
    assert read["peak_mb"] < PEAK_LIMIT_MB


def test_the_largest_csv_the_web_accepts_and_one_with_too_many_rows_stay_bounded(tmp_path):
    wide = tmp_path / "lebar.csv"  # 100 MB: 99,999 rows of 40 cells, at the cell limit
    with wide.open("w") as out:
        out.write(",".join(f"kolom{i}" for i in range(40)) + "\n")
        out.writelines(repeated(",".join(["x" * 24] * 40) + "\n", 99_999))
    long = tmp_path / "panjang.csv"  # 10 million short lines
    with long.open("w") as out:
        out.write("nik\n")
        out.writelines(repeated("3211151508900002\n" * 10_000, 1_000))

    read = read_in_child(wide, long)

    assert read["outcomes"]["lebar.csv"] == "99999 x 40"
    assert "panjang.csv berisi lebih dari 100.000 baris" in read["outcomes"]["panjang.csv"]
    assert read["peak_mb"] < PEAK_LIMIT_MB


def test_a_file_with_one_row_too_many_is_refused_with_the_limit(tmp_path):
    path = tmp_path / "warga.csv"
    path.write_text("nik\n" + "3211151508900002\n" * 100_001)
    with pytest.raises(ValidationFailed, match=r"warga.csv berisi lebih dari 100\.000 baris"):
        read_table(path)
    path.write_text("nik\n" + "3211151508900002\n" * 100_000)
    assert read_table(path).height == 100_000


def test_a_character_across_the_64_kb_mark_is_still_utf_8(tmp_path):
    path = tmp_path / "warga.csv"
    start = "nik,nama\n3211151508900002,"
    content = start + "a" * (65_535 - len(start)) + "é\n3211151508900003,Édi\n"
    assert content.encode()[65_535:65_537] == "é".encode()  # its two bytes either side
    path.write_text(content, encoding="utf-8")
    frame = read_table(path)
    assert frame["nama"].to_list() == ["a" * (65_535 - len(start)) + "é", "Édi"]


def test_a_nul_in_a_cell_is_refused_with_its_line_and_column(tmp_path):
    path = tmp_path / "simpan-acak.csv"
    path.write_bytes(b"nik,nama\n3211151508900002,Budi\n3211151508900003,Ad\x00e\n")
    with pytest.raises(ValidationFailed) as refused:
        read_table(path, name="Daftar Warga.csv")
    assert "Daftar Warga.csv" in refused.value.message
    assert "baris 3, kolom nama" in refused.value.message
    assert "simpan-acak" not in refused.value.message


def test_a_file_with_titles_and_no_row_says_so(tmp_path):
    for path in (tmp_path / "judul.csv", tmp_path / "judul.xlsx"):
        if path.suffix == ".csv":
            path.write_text("nik,nama,kode_desa\n")
        else:
            workbook(path, [row("nik", "nama", "kode_desa")])
        with pytest.raises(ValidationFailed, match="hanya berisi judul kolom, tanpa baris data"):
            read_table(path)


@pytest.mark.parametrize("name", ["lama.xls", "kantor.ods"])
def test_spreadsheets_whose_size_cannot_be_checked_are_refused_with_what_to_do(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 600)
    with pytest.raises(ValidationFailed, match=r"simpan sebagai \.xlsx atau CSV"):
        read_table(path)


def test_a_missing_file_is_named_without_its_folder(tmp_path):
    with pytest.raises(ValidationFailed) as refused:
        read_table(tmp_path / "rahasia" / "x9f3.csv", name="warga.csv")
    assert str(tmp_path) not in refused.value.message + json.dumps(refused.value.details)
    assert "warga.csv" in refused.value.message


def test_a_workbook_of_numbers_at_the_cell_limit_is_read(tmp_path):
    path = workbook(tmp_path / "angka.xlsx", [numbers(10, 7), *repeated(numbers(10) * 1000, 10)])
    assert read_table(path).shape == (10_000, 10)
