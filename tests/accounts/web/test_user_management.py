"""The regional admin manages the users of their regency in the product: adds a village
operator, who signs in with the temporary password and must choose their own; lifts a
lock-out; gives a new temporary password; deactivates and reactivates. Every change is in the
audit trail (never a password); another regency's users look absent; a village operator
reaches none of it."""

import re

import pytest
from django.conf import settings
from django.test import Client

from lindungi.accounts.models import User
from lindungi.core.models import AuditEvent
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

CIKERUH = "32.11.15.2001"


def sign_in(username: str, password: str) -> Client:
    client = Client()
    client.post("/masuk/", {"username": username, "password": password})
    return client


def temporary_password(page: str) -> str:
    found = re.search(r'data-testid="temporary-password">([^<]+)<', page)
    assert found, "the temporary password is shown once"
    return found.group(1)


def events(username: str) -> list[str]:
    """The audit trail of one user's account (their sign-ins too)."""
    user = User.objects.get(username=username)
    return list(
        AuditEvent.objects.filter(object_type="user", object_id=str(user.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_the_admin_adds_a_village_operator_who_chooses_a_password_at_first_sign_in(demo):
    admin = client_for(demo["disnaker"])
    form = admin.get("/pengguna/baru/").content.decode()
    assert "Cikeruh" in form  # the regency's villages are offered
    assert 'value="admin_pemda"' not in form  # no other admin

    added = admin.post(
        "/pengguna/baru/",
        {
            "full_name": "Operator Desa Baru",
            "username": "desa.baru",
            "role": "operator_desa",
            "village": f"Cikeruh · Jatinangor · {CIKERUH}",
        },
    )
    assert added.status_code == 200
    password = temporary_password(added.content.decode())
    assert "no-store" in added["Cache-Control"]
    user = User.objects.get(username="desa.baru")
    assert (user.role, user.region_id, user.must_change_password) == (
        "operator_desa",
        CIKERUH,
        True,
    )

    operator = sign_in("desa.baru", password)
    assert operator.get("/pekerja/").url == "/akun/sandi/"  # every page leads there first
    page = operator.get("/akun/sandi/").content.decode()
    assert 'data-testid="first-password"' in page
    same = operator.post("/akun/sandi/", {"new_password1": password, "new_password2": password})
    assert "Pilih sandi selain sandi Anda sekarang" in same.content.decode()
    chosen = operator.post(
        "/akun/sandi/", {"new_password1": "Sawah-Hijau-2026", "new_password2": "Sawah-Hijau-2026"}
    )
    assert chosen.status_code == 302
    assert operator.get("/pekerja/").status_code == 200  # still signed in, free to work
    user.refresh_from_db()
    assert not user.must_change_password

    trail = events("desa.baru")
    assert trail == ["user.create", "auth.login", "user.password_change"]
    recorded = str(list(AuditEvent.objects.values_list("details", flat=True)))
    assert password not in recorded
    assert "Sawah-Hijau-2026" not in recorded


def test_the_admin_lifts_a_lockout_gives_a_password_and_deactivates(demo):
    operator = demo["desa.cikeruh"]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post("/masuk/", {"username": operator.username, "password": "salah-salah"})
    locked = sign_in(operator.username, "demo12345")
    assert locked.get("/").status_code == 302  # still not signed in: the lock-out holds

    admin = client_for(demo["disnaker"])
    listed = admin.get("/pengguna/", {"q": "cikeruh"}).content.decode()
    assert 'data-testid="locked"' in listed
    page = admin.get(f"/pengguna/{operator.pk}/").content.decode()
    assert 'data-testid="unlock"' in page
    assert admin.post(f"/pengguna/{operator.pk}/buka-kunci/").status_code == 302
    assert 'data-testid="locked"' not in admin.get(f"/pengguna/{operator.pk}/").content.decode()

    given = admin.post(f"/pengguna/{operator.pk}/sandi/", {"password": ""})
    password = temporary_password(given.content.decode())
    assert sign_in(operator.username, password).get("/pekerja/").url == "/akun/sandi/"

    assert admin.post(f"/pengguna/{operator.pk}/nonaktifkan/").status_code == 302
    operator.refresh_from_db()
    assert not operator.is_active
    assert sign_in(operator.username, password).get("/").status_code == 302
    assert (
        'data-testid="inactive"' in admin.get("/pengguna/", {"status": "inactive"}).content.decode()
    )
    admin.post(f"/pengguna/{operator.pk}/aktifkan/")
    operator.refresh_from_db()
    assert operator.is_active

    assert [event for event in events(operator.username) if event.startswith("user.")] == [
        "user.create",  # by the demo
        "user.unlock",
        "user.password_reset",
        "user.deactivate",
        "user.reactivate",
    ]
    reset = AuditEvent.objects.get(action="user.password_reset")
    assert reset.actor_id == demo["disnaker"].pk
    assert password not in str(reset.details)


def test_a_typed_temporary_password_must_pass_the_password_rules(demo):
    admin = client_for(demo["disnaker"])
    operator = demo["desa.gudang"]
    refused = admin.post(f"/pengguna/{operator.pk}/sandi/", {"password": "12345678"})
    assert refused.status_code == 200
    assert 'data-testid="temporary-password"' not in refused.content.decode()
    assert "user.password_reset" not in events(operator.username)


def test_another_regencys_user_looks_absent_to_the_admin(demo, bandung):
    admin = client_for(demo["disnaker"])
    outside = bandung["village"]
    for path in ("", "nonaktifkan/", "aktifkan/", "sandi/", "buka-kunci/"):
        method = admin.get if not path else admin.post
        assert method(f"/pengguna/{outside.pk}/{path}").status_code == 404
    outside.refresh_from_db()
    assert outside.is_active
    refused = admin.post(
        "/pengguna/baru/",
        {
            "full_name": "Desa Lain",
            "username": "desa.lain",
            "role": "operator_desa",
            "village": "32.04.05.2001",
        },
    )
    assert refused.status_code == 200
    assert not User.objects.filter(username="desa.lain").exists()


def test_the_admin_cannot_manage_another_admin_nor_add_one(demo):
    admin = client_for(demo["disnaker"])
    other_admin = demo["verifikator"]
    assert (
        'data-testid="user-actions"'
        not in admin.get(f"/pengguna/{other_admin.pk}/").content.decode()
    )
    refused = admin.post(f"/pengguna/{other_admin.pk}/nonaktifkan/")
    assert refused.status_code == 403
    assert 'data-testid="error-reason"' in refused.content.decode()
    added = admin.post(
        "/pengguna/baru/",
        {"full_name": "Admin Dua", "username": "admin.dua", "role": "admin_pemda"},
    )
    assert not User.objects.filter(username="admin.dua").exists()
    assert added.status_code == 200


@pytest.mark.parametrize("username", ["desa.cikeruh", "tim.koordinasi", "opd.dppkbp3a"])
def test_a_user_who_manages_no_accounts_reaches_none_of_these_pages(demo, username):
    client = client_for(demo[username])
    target = demo["desa.gudang"]
    recorded = AuditEvent.objects.count()
    assert client.get("/pengguna/baru/").status_code == 403
    for path in ("nonaktifkan/", "aktifkan/", "sandi/", "buka-kunci/"):
        assert client.post(f"/pengguna/{target.pk}/{path}").status_code == 403
    target.refresh_from_db()
    assert target.is_active
    assert 'data-testid="user-add"' not in client.get("/pengguna/").content.decode()
    assert AuditEvent.objects.count() == recorded


def test_the_admin_adds_an_agency_operator_with_a_typed_password(demo):
    admin = client_for(demo["disnaker"])
    agency = demo["opd.dppkbp3a"].agency
    missing = admin.post(
        "/pengguna/baru/",
        {"full_name": "Operator OPD", "username": "opd.baru", "role": "operator_opd"},
    )
    assert "Pilih OPD" in missing.content.decode()
    added = admin.post(
        "/pengguna/baru/",
        {
            "full_name": "Operator OPD",
            "username": "opd.baru",
            "role": "operator_opd",
            "agency": agency.pk,
            "password": "Kopi-Tubruk-77",
        },
    )
    assert temporary_password(added.content.decode()) == "Kopi-Tubruk-77"
    user = User.objects.get(username="opd.baru")
    assert (user.region_id, user.agency_id) == ("32.11", agency.pk)
