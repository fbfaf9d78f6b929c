import datetime as dt

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from lindungi.core.models import AuditEvent
from lindungi.demo.seed import DEMO_PASSWORD
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_login_page_speaks_bahasa_indonesia_and_sets_a_strict_csp():
    response = Client().get("/masuk/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="id">' in page
    assert "Masuk" in page
    assert "Nama pengguna" in page
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<script>" not in page  # no inline scripts, only vendored files


def test_an_english_browser_still_gets_bahasa_indonesia_until_english_is_chosen():
    client = Client(headers={"Accept-Language": "en-US,en;q=0.9"})
    assert "Nama pengguna" in client.get("/masuk/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/masuk/"})
    assert "Username" in client.get("/masuk/").content.decode()


def test_pages_need_a_login():
    response = Client().get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/masuk/")


def test_a_village_operator_signs_in_and_sees_their_village(demo):
    client = Client()
    response = client.post(
        "/masuk/", {"username": "desa.cikeruh", "password": DEMO_PASSWORD}, follow=True
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Operator Desa" in page
    assert "Cikeruh" in page
    assert "Jatinangor" in page  # its district, in the breadcrumb
    assert "Pengguna" not in page  # the users page is not in a village operator's menu


def test_a_wrong_password_is_refused_in_bahasa_indonesia_and_recorded(demo):
    response = Client().post("/masuk/", {"username": "desa.cikeruh", "password": "salah"})
    assert response.status_code == 200
    assert "Masukkan nama pengguna dan sandi yang benar." in response.content.decode()
    failed = AuditEvent.objects.get(action="auth.login_failed")
    assert failed.details["username"] == "desa.cikeruh"
    assert "salah" not in str(failed.details)


def test_a_sign_in_is_recorded_in_the_audit_trail(demo):
    Client().post("/masuk/", {"username": "desa.gudang", "password": DEMO_PASSWORD})
    event = AuditEvent.objects.get(action="auth.login")
    assert (event.actor, event.region_code) == (demo["desa.gudang"], "32.11.11.2001")


def test_the_regency_admin_sees_districts_and_villages_and_no_chart(demo):
    page = client_for(demo["disnaker"]).get("/").content.decode()
    assert "Kabupaten Sumedang" in page
    assert ">26<" in page
    assert ">277<" in page
    assert 'id="chart-data"' not in page
    assert "chart-4.5.1.umd.min.js" not in page


def test_the_language_switch_gives_english(demo):
    client = client_for(demo["disnaker"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page
    assert "Your area" in page


def test_the_about_page_credits_the_region_list_and_its_licence():
    page = Client().get("/tentang/").content.decode()
    assert "idn-area-data" in page
    assert "ODbL" in page


def test_the_vendored_static_files_are_served_without_a_cdn():
    for path in (
        "/static/vendor/htmx-2.0.11.min.js",
        "/static/vendor/pico-2.1.1.min.css",
        "/static/vendor/chart-4.5.1.umd.min.js",
        "/static/web/app.js",
    ):
        response = Client().get(path)
        assert response.status_code == 200, path
        response.close()


def test_the_django_admin_is_for_superusers_only(demo):
    assert client_for(demo["disnaker"]).get("/django-admin/").status_code == 302
    superuser = client_for(demo["admin"])
    for page in ("", "accounts/user/", "regions/region/?q=sumedang", "core/auditevent/"):
        assert superuser.get(f"/django-admin/{page}").status_code == 200, page
    # The region list and the audit trail are read-only even for superusers.
    assert superuser.get("/django-admin/regions/region/add/").status_code == 403
    assert superuser.get("/django-admin/core/auditevent/add/").status_code == 403


def test_rupiah_and_dates_are_written_as_offices_write_them():
    template = Template("{{ amount|rupiah }} · {{ day|date }}")
    with translation.override("id"):
        shown = template.render(Context({"amount": 16800, "day": dt.date(2026, 11, 24)}))
    assert shown == "Rp 16.800 · 24 Nov 2026"


def test_the_dashboard_counts_the_workers_in_scope(demo_workers):
    village = client_for(demo_workers["desa.cikeruh"]).get("/").content.decode()
    regency = client_for(demo_workers["disnaker"]).get("/").content.decode()
    assert '<a href="/pekerja/">120</a>' in village
    assert '<a href="/pekerja/">3.000</a>' in regency


def test_five_wrong_passwords_lock_the_account_for_that_address(demo):
    client = Client()
    for _ in range(5):
        client.post("/masuk/", {"username": "desa.gudang", "password": "salah"})
    locked = client.post("/masuk/", {"username": "desa.gudang", "password": DEMO_PASSWORD})
    assert locked.status_code == 429
    assert "Terlalu banyak kata sandi yang salah" in locked.content.decode()
    # Another account from the same address still signs in.
    other = client.post("/masuk/", {"username": "desa.cikeruh", "password": DEMO_PASSWORD})
    assert other.status_code == 302
