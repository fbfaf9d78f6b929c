"""The "Token API" page: a user's own API tokens, and for the regional admin those of the users
of their regency, each revocable; every revocation is in the audit trail."""

import pytest

from lindungi.accounts.models import ApiToken
from lindungi.accounts.services import token_create
from lindungi.core.models import AuditEvent
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _token(user, name):
    token_create(actor=None, user=user, name=name)
    return ApiToken.objects.get(user=user, name=name)


def test_a_user_sees_and_revokes_their_own_tokens_from_the_menu(demo):
    village = demo["desa.cikeruh"]
    own = _token(village, "opensid-sync")
    others = _token(demo["disnaker"], "laporan-bulanan")
    browser = client_for(village)
    assert "/akun/token/" in browser.get("/").content.decode()  # in the user's menu
    page = browser.get("/akun/token/").content.decode()
    assert "opensid-sync" in page
    assert own.prefix in page
    assert "laporan-bulanan" not in page
    assert browser.post(f"/akun/token/{others.pk}/cabut/").status_code == 404
    response = browser.post(f"/akun/token/{own.pk}/cabut/")
    assert response.status_code == 302
    own.refresh_from_db()
    others.refresh_from_db()
    assert own.revoked_at is not None
    assert others.revoked_at is None
    event = AuditEvent.objects.get(action="token.revoke")
    assert (event.actor, event.object_id) == (village, str(own.pk))
    assert "Dicabut" in browser.get("/akun/token/").content.decode()


def test_the_regional_admin_revokes_the_tokens_of_their_regency_only(demo, bandung):
    admin = demo["disnaker"]
    village = _token(demo["desa.cikeruh"], "opensid-sync")
    elsewhere = _token(bandung["village"], "bandung-sync")
    browser = client_for(admin)
    page = browser.get("/akun/token/").content.decode()
    assert "opensid-sync" in page
    assert "desa.cikeruh" in page
    assert "bandung-sync" not in page
    assert browser.post(f"/akun/token/{elsewhere.pk}/cabut/").status_code == 404
    assert browser.post(f"/akun/token/{village.pk}/cabut/").status_code == 302
    village.refresh_from_db()
    assert village.revoked_at is not None


def test_revoking_is_a_post(demo):
    own = _token(demo["desa.cikeruh"], "opensid-sync")
    assert client_for(demo["desa.cikeruh"]).get(f"/akun/token/{own.pk}/cabut/").status_code == 405
