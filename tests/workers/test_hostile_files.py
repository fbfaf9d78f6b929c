"""Files an office might send by mistake end in a clear message, and nothing is written."""

import os
from pathlib import Path

import polars as pl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lindungi.core.errors import ValidationFailed
from lindungi.workers.importing.pipeline import ImportOptions
from lindungi.workers.jobs import job_start
from lindungi.workers.models import ImportBatch, Worker
from tests.conftest import client_for
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
    with pytest.raises(
        ValidationFailed, match=r"kepala\.csv hanya berisi judul kolom, tanpa baris"
    ):
        run(path)
    assert not ImportBatch.objects.exists()


def test_a_nul_in_a_cell_refuses_that_row_with_its_line_and_column(tmp_path):
    """SQLite would store it and PostgreSQL fail the whole job: the row is refused instead."""
    path = tmp_path / "warga.csv"
    path.write_bytes(
        b"nik;nama;kode_desa\n"
        b"3211151508900002;Budi;3211152001\n"
        b"3211151608900003;As\x00ep;3211152001\n"
    )
    result = run(path)
    assert (result.imported, result.errors) == (1, 1)
    refused = result.problems.filter(pl.col("rule") == "nul_character").to_dicts()
    assert [(row["line"], row["field"], row["message"]) for row in refused] == [
        (3, "name", "nama: berisi karakter NUL (karakter kendali yang tidak terlihat)")
    ]
    assert "\x00" not in refused[0]["value"]
    assert list(Worker.objects.values_list("name", flat=True)) == ["Budi"]


def test_a_job_with_a_nul_ends_done_with_the_row_refused(demo):
    upload = SimpleUploadedFile(
        "warga.csv",
        b"NIK;Nama;Kode Desa\n3211151508900002;Bu\x00di;3211152001\n",
        content_type="text/csv",
    )
    job = job_start(actor=demo["desa.cikeruh"], upload=upload, options=ImportOptions())
    job.refresh_from_db()
    assert job.status == "done", job.failure
    assert job.problems[0]["line"] == 2 and "NUL" in job.problems[0]["message"]
    assert not Worker.objects.exists()


def test_a_failed_job_names_the_operators_file_never_the_stored_one(demo):
    upload = SimpleUploadedFile("Data Warga Cikeruh.xlsx", b"PK\x03\x04 no workbook")
    job = job_start(actor=demo["desa.cikeruh"], upload=upload, options=ImportOptions())
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.failure.startswith("Data Warga Cikeruh.xlsx: berkas Excel tidak dapat dibaca")
    assert Path(job.stored_path).stem not in job.failure


def test_an_api_upload_refusal_names_the_file_and_no_server_folder(demo):
    client = client_for(demo["disnaker"])
    upload = SimpleUploadedFile("Konfirmasi BPJS.xlsx", b"PK\x03\x04 no workbook")
    response = client.post("/api/v1/enrolments/confirmations", {"file": upload})
    assert response.status_code == 422
    body = response.content.decode()
    assert "Konfirmasi BPJS.xlsx" in body
    assert "lindungi-upload-" not in body and "/tmp/" not in body  # noqa: S108
