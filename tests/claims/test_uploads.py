"""Claim documents: PDF, JPEG or PNG only, recognised by their first bytes, size-limited, with a
safe name and their SHA-256."""

import doctest
import hashlib
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lindungi.claims.models import ClaimDocument
from lindungi.claims.services.documents import claim_document_add
from lindungi.claims.services.reporting import claim_report
from lindungi.core import uploads
from lindungi.core.errors import Conflict, ValidationFailed
from lindungi.core.models import AuditEvent
from lindungi.core.uploads import UploadRefused, check_upload, safe_name

from .conftest import at, scope_of

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + b"\x00" * 100 + b"\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 100
MB = 1024 * 1024


def check(name, body, content_type="", max_bytes=MB):
    chunks = [body[i : i + 7] for i in range(0, len(body), 7)]
    return check_upload(name=name, content_type=content_type, chunks=chunks, max_bytes=max_bytes)


def test_the_examples_in_the_module_hold():
    failed, attempted = doctest.testmod(uploads)
    assert attempted and not failed


@pytest.mark.parametrize(
    ("name", "body", "content_type", "stored_as"),
    [
        ("akta.pdf", PDF, "application/pdf", "application/pdf"),
        ("ktp.JPG", JPEG, "image/jpeg", "image/jpeg"),
        ("ktp.jpeg", JPEG, "", "image/jpeg"),
        ("kk.png", PNG, "application/octet-stream", "image/png"),
    ],
)
def test_pdf_jpeg_and_png_are_accepted_by_their_first_bytes(name, body, content_type, stored_as):
    checked = check(name, body, content_type)
    assert checked.content_type == stored_as
    assert checked.size == len(body)
    assert checked.sha256 == hashlib.sha256(body).hexdigest()


@pytest.mark.parametrize(
    ("name", "body", "content_type", "message"),
    [
        ("setup.exe", EXE, "application/x-msdownload", "setup.exe is not a PDF, JPEG or PNG file"),
        ("akta.pdf", EXE, "application/pdf", "akta.pdf is not a PDF, JPEG or PNG file"),
        ("foto.gif", b"GIF89a" + b"\x00" * 20, "image/gif", "foto.gif is not a PDF, JPEG or PNG"),
        (
            "foto.jpg",
            PDF,
            "image/jpeg",
            "foto.jpg is a PDF file but its name says otherwise: rename it to .pdf",
        ),
        ("surat.pdf", PDF, "image/jpeg", "surat.pdf is a PDF file but was sent as image/jpeg"),
        ("surat", PDF, "application/pdf", "surat is a PDF file but its name says otherwise"),
        ("kosong.pdf", b"", "application/pdf", "kosong.pdf is empty"),
    ],
)
def test_a_file_that_lies_about_its_type_is_refused(name, body, content_type, message):
    with pytest.raises(UploadRefused) as refused:
        check(name, body, content_type)
    assert refused.value.message.startswith(message)


def test_a_file_over_the_limit_is_refused_without_reading_it_all():
    read = []

    def chunks():
        for _ in range(100):
            read.append(1)
            yield PDF + b"\x00" * (64 * 1024)

    with pytest.raises(UploadRefused, match=r"larger than the limit of 1\.0 MB"):
        check_upload(
            name="besar.pdf", content_type="application/pdf", chunks=chunks(), max_bytes=MB
        )
    assert len(read) < 20


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\fakepath\\Surat Kematian.PDF", "Surat_Kematian.pdf"),
        ("Akta   Kematian (asli).pdf", "Akta_Kematian_asli.pdf"),
        ("résumé médical.jpg", "resume_medical.jpg"),
        ("<script>.png", "script.png"),
        (".htaccess", "htaccess"),
        ("...", "document"),
        ("a" * 300 + ".pdf", "a" * 96 + ".pdf"),
    ],
)
def test_file_names_are_made_safe(name, safe):
    assert safe_name(name) == safe


@pytest.fixture
def claim(demo_workers, enrol, village_program, cikeruh):
    (enrolment,) = enrol(village_program, cikeruh, 1)
    operator = demo_workers["desa.cikeruh"]
    return claim_report(
        actor=operator,
        scope=scope_of(operator),
        worker=enrolment.worker,
        type="JKM",
        event_date=date(2026, 5, 5),
        now=at(2026, 5, 6),
    )


def add(demo_workers, claim, file, kind="death_certificate"):
    operator = demo_workers["desa.cikeruh"]
    return claim_document_add(
        actor=operator, scope=scope_of(operator), claim=claim, kind=kind, file=file
    )


def test_a_document_is_stored_under_the_claim_with_its_hash(demo_workers, claim, media):
    document = add(
        demo_workers,
        claim,
        SimpleUploadedFile("../Akta Kematian.pdf", PDF, content_type="application/pdf"),
    )
    assert document.original_name == "Akta_Kematian.pdf"
    assert document.content_type == "application/pdf"
    assert document.size == len(PDF)
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    path = Path(media, document.file.name)
    assert path.parent == Path(media, "claims", str(claim.pk))
    assert path.read_bytes() == PDF
    event = AuditEvent.objects.get(action="claim.document_add")
    assert event.details["sha256"] == document.sha256


def test_an_exe_renamed_pdf_is_refused_and_nothing_is_stored(demo_workers, claim, media):
    with pytest.raises(ValidationFailed) as refused:
        add(
            demo_workers, claim, SimpleUploadedFile("akta.pdf", EXE, content_type="application/pdf")
        )
    assert refused.value.message == "akta.pdf is not a PDF, JPEG or PNG file"
    assert refused.value.details["field"] == "file"
    assert not ClaimDocument.objects.exists()
    assert not Path(media, "claims").exists()
    assert not AuditEvent.objects.filter(action="claim.document_add").exists()


def test_a_pdf_named_jpg_with_a_wrong_content_type_is_refused(demo_workers, claim):
    with pytest.raises(ValidationFailed, match="is a PDF file but its name says otherwise"):
        add(demo_workers, claim, SimpleUploadedFile("ktp.jpg", PDF, content_type="image/jpeg"))


def test_a_document_over_the_size_setting_is_refused(demo_workers, claim, settings):
    settings.CLAIM_UPLOAD_MAX_BYTES = 1024
    body = PDF + b"\x00" * 2000
    with pytest.raises(ValidationFailed, match="larger than the limit"):
        add(
            demo_workers,
            claim,
            SimpleUploadedFile("akta.pdf", body, content_type="application/pdf"),
        )
    assert not ClaimDocument.objects.exists()


def test_the_same_file_is_attached_once(demo_workers, claim):
    add(demo_workers, claim, SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf"))
    with pytest.raises(Conflict):
        add(
            demo_workers,
            claim,
            SimpleUploadedFile("b.pdf", PDF, content_type="application/pdf"),
            kind="other",
        )
    assert ClaimDocument.objects.count() == 1


def test_an_unknown_kind_of_document_is_refused(demo_workers, claim):
    with pytest.raises(ValidationFailed, match="kind"):
        add(demo_workers, claim, SimpleUploadedFile("a.pdf", PDF), kind="selfie")
