"""Odd input a browser (or anyone) can send is a 404 or a page, never a server error: numbers
that are not ASCII digits or overflow the database, months past any calendar, a form post in
another encoding, NUL bytes in a body of any type, a multipart body without its boundary."""

import pytest
from django.test import Client

from lindungi.workers.models import Worker
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

SUPERSCRIPT_TWO = "²"  # str.isdigit() says yes, int() says no
HUGE = "9" * 20  # beyond a 64-bit integer

PAGED = [
    "/pekerja/",
    "/pekerja/duplikat/",
    "/kepesertaan/",
    "/kepesertaan/verifikasi/",
    "/sponsor/",
    "/tagihan/",
    "/pembayaran/",
    "/klaim/",
    "/inpres/pemberi-kerja/",
    "/inpres/rujukan/",
    "/audit/",
]


@pytest.mark.parametrize("path", PAGED)
@pytest.mark.parametrize("page", [SUPERSCRIPT_TWO, "٣", HUGE, "-1", " 2"])
def test_a_page_number_that_is_not_ascii_digits_shows_the_first_page(demo, path, page):
    response = client_for(demo["disnaker"]).get(path, {"page": page})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/klaim/dampak/", "year"),
        ("/inpres/laporan/", "year"),
        ("/cakupan/anggaran/", "year"),
        ("/klaim/baru/", "worker"),
        ("/tagihan/", "sponsor"),
        ("/pembayaran/", "sponsor"),
        ("/pembayaran/", "payment"),
    ],
)
@pytest.mark.parametrize("value", [SUPERSCRIPT_TWO, HUGE])
def test_a_year_or_id_that_is_not_ascii_digits_is_never_a_server_error(demo, path, name, value):
    response = client_for(demo["disnaker"]).get(path, {name: value})
    assert response.status_code in {200, 404}


@pytest.mark.parametrize("month", [f"{HUGE}-01", "2026-99", f"2026-{SUPERSCRIPT_TWO}", "9999-12"])
def test_a_month_past_any_calendar_is_not_found_on_the_coverage_pages(demo, month):
    signed_in = client_for(demo["disnaker"])
    assert signed_in.get("/cakupan/", {"month": month}).status_code == 404
    anonymous = Client()
    assert anonymous.get("/publik/cakupan/32.11/", {"month": month}).status_code == 404
    csv_file = anonymous.get("/publik/cakupan.csv", {"region": "32.11", "month": month})
    assert csv_file.status_code in {200, 404}


def test_an_audit_filter_day_at_the_end_of_the_calendar_is_ignored(demo):
    response = client_for(demo["disnaker"]).get("/audit/", {"until": "9999-12-31"})
    assert response.status_code == 200


def test_ticking_a_worker_id_beyond_the_database_is_not_found(demo):
    response = client_for(demo["desa.cikeruh"]).post(
        "/pekerja/duplikat/", {"candidate": HUGE, "decision": "same"}
    )
    assert response.status_code == 404


def test_a_sign_in_form_that_is_not_utf8_is_answered_with_the_form():
    response = Client().generic(
        "POST",
        "/masuk/",
        b"username=\xff\xfe%00disnaker&password=\xc3\x28",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert "Nama pengguna" in response.content.decode()


def test_nul_bytes_in_a_text_plain_body_never_reach_the_database(demo):
    client = client_for(demo["desa.cikeruh"])
    body = '{"nik": "3211151508900002", "name": "Bu\\u0000di", "village_code": "32.11.15.2001"}'
    response = client.generic("POST", "/api/v1/workers", body, content_type="text/plain")
    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"
    assert not Worker.objects.filter(nik="3211151508900002").exists()


@pytest.mark.parametrize(
    "path", ["/pekerja/impor/", "/cakupan/data/", "/pembayaran/rekening-koran/", "/masuk/"]
)
def test_a_page_form_posted_as_multipart_without_its_boundary_is_a_bad_request(demo, path):
    client = client_for(demo["disnaker"])
    response = client.generic(
        "POST", path, b"--x\r\n\r\nbroken", content_type="multipart/form-data"
    )
    assert response.status_code == 400
