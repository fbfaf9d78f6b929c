import datetime as dt
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from lindungi.accounts.services import token_create
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_api_requires_a_session_or_a_token():
    response = Client().get("/api/v1/regions/32.11")
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("method", "path"),
    [("post", "/api/v1/workers"), ("patch", "/api/v1/workers/1"), ("get", "/api/v1/workers")],
)
def test_an_anonymous_request_answers_401_in_the_api_error_shape(method, path, demo):
    response = getattr(Client(), method)(path, {}, content_type="application/json")
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "unauthenticated"
    assert set(body) == {"code", "message", "details"}


def test_a_session_without_its_csrf_token_is_still_refused(demo):
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo["disnaker"])
    response = client.post("/api/v1/workers", {}, content_type="application/json")
    assert response.status_code == 403
    assert set(response.json()) == {"code", "message", "details"}


def test_an_expired_or_revoked_token_authenticates_nobody(demo, time_machine):
    from lindungi.accounts.models import ApiToken

    time_machine.move_to(dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC), tick=False)
    token = token_create(actor=None, user=demo["disnaker"], days=1)
    client = Client(headers={"Authorization": f"Bearer {token}"})
    assert client.get("/api/v1/me").status_code == 200
    time_machine.shift(dt.timedelta(days=2))
    assert client.get("/api/v1/me").status_code == 401
    revoked = token_create(actor=None, user=demo["disnaker"])
    ApiToken.objects.filter(revoked_at=None).update(revoked_at=timezone.now())
    assert (
        Client(headers={"Authorization": f"Bearer {revoked}"}).get("/api/v1/me").status_code == 401
    )


def test_signing_out_of_the_web_does_not_end_api_tokens(demo):
    """A token is a credential of its own (a script's): it ends when it expires or is revoked."""
    token = token_create(actor=None, user=demo["disnaker"])
    browser = client_for(demo["disnaker"])
    browser.post("/keluar/")
    assert browser.get("/api/v1/me").status_code == 401
    assert Client(headers={"Authorization": f"Bearer {token}"}).get("/api/v1/me").status_code == 200


def test_a_wrong_token_is_refused():
    client = Client(headers={"Authorization": "Bearer lnd_not-a-real-token"})
    assert client.get("/api/v1/regions/32.11").status_code == 401


def test_the_openapi_document_is_served_and_printed_by_the_command(demo):
    served = client_for(demo["disnaker"]).get("/api/v1/openapi.json").json()
    out = StringIO()
    call_command("openapi", stdout=out)
    printed = json.loads(out.getvalue())
    assert printed["info"]["title"] == served["info"]["title"] == "Lindungi API"
    assert "/api/v1/regions/{code}/children" in printed["paths"]
    assert set(printed["paths"]) == set(served["paths"])


def test_the_api_docs_page_uses_no_cdn(demo):
    page = client_for(demo["disnaker"]).get("/api/v1/docs").content.decode()
    # (not a bare "cdn" search: the page's random CSRF token can contain those letters)
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert "/static/ninja/swagger-ui-bundle.js" in page


def test_nul_characters_never_reach_the_database(demo):
    client = client_for(demo["desa.cikeruh"])
    assert client.get("/api/v1/workers?search=%00abc").status_code == 422
    assert client.get("/pekerja/?q=ab%00c").status_code == 200
    refused = client.post(
        "/api/v1/workers",
        '{"nik": "3211151508900002", "name": "Bu\\u0000di", "village_code": "32.11.15.2001"}',
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert refused.json()["code"] == "validation_failed"
