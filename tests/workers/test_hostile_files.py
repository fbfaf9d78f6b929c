"""Files an office might send by mistake end in a clear message, and nothing is written."""

import os

import pytest

from lindungi.core.errors import ValidationFailed
from lindungi.workers.models import ImportBatch, Worker
from tests.workers.test_import import run

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("kosong.csv", b"", "berkas CSV tidak dapat dibaca"),
        ("acak.csv", os.urandom(4096) + b"\xff\xfe", "bukan teks UTF-8"),
        (
            "latin1.csv",
            "nik;nama\n3211151508900002;B\xe9di\n".encode("latin-1"),
            "bukan teks UTF-8",
        ),
        ("rusak.xlsx", b"PK\x03\x04 not really a workbook", "berkas Excel tidak dapat dibaca"),
        ("bergerigi.csv", b"nik,nama\n3211151508900002,Budi,lebih,banyak\n", "tidak dapat dibaca"),
        ("tanpa-nik.csv", b"nama,alamat\nBudi,Jl. Mawar\n", "Kolom NIK tidak ditemukan"),
    ],
)
def test_an_unreadable_file_is_refused_with_a_reason(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ValidationFailed, match=message):
        run(path)
    assert not Worker.objects.exists()
    assert not ImportBatch.objects.exists()


def test_a_header_without_rows_imports_nothing_and_says_so(tmp_path):
    path = tmp_path / "kepala.csv"
    path.write_text("nik,nama,kode_desa\n")
    result = run(path)
    assert (result.rows, result.imported, result.errors) == (0, 0, 0)
