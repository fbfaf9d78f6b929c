"""One rule, one place: the worker pages offer exactly what the services allow, for every role
of the demo, and the API answers each refusal with its own case code."""

import pytest

from lindungi.accounts.selectors import scope_for_user
from lindungi.core.errors import PermissionDenied, ValidationFailed
from lindungi.regions.codes import province_of
from lindungi.regions.selectors import region_get
from lindungi.workers.models import Worker
from lindungi.workers.permissions import may_reveal, may_write_workers
from lindungi.workers.services import worker_create, workers_reveal
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

NIK = "3211155508900001"  # a woman born 15 Aug 1990 in Jatinangor (32.11.15)


def test_the_new_worker_page_opens_for_exactly_the_roles_the_service_lets_register(demo):
    village = region_get(code="32.11.15.2001")
    for username, user in demo.items():
        scope = scope_for_user(user)
        page = client_for(user).get("/pekerja/baru/")
        try:
            worker_create(actor=user, scope=scope, nik=NIK, name="Siti", village=village)
        except PermissionDenied as error:
            allowed = False
            assert error.code == "worker.write_denied"
        except ValidationFailed:  # a village outside the role's region: a right to write
            allowed = True
        else:
            allowed = True
            Worker.objects.filter(nik=NIK).delete()
        assert may_write_workers(scope) is allowed, username
        assert (page.status_code == 200) is allowed, username


def test_the_reveal_button_shows_for_exactly_the_roles_the_service_lets_reveal(demo):
    village = region_get(code="32.11.15.2001")
    worker = worker_create(
        actor=demo["admin"],
        scope=scope_for_user(demo["admin"]),
        nik=NIK,
        name="Siti",
        village=village,
    )
    for username, user in demo.items():
        scope = scope_for_user(user)
        try:
            workers_reveal(actor=user, scope=scope, workers=[worker], purpose="test")
        except PermissionDenied as error:
            allowed = False
            assert error.code == "worker.reveal_denied"
        else:
            allowed = True
        assert may_reveal(scope) is allowed, username
        page = client_for(user).get(f"/pekerja/{worker.pk}/")
        if page.status_code == 200:  # a worker outside the scope looks missing
            assert ('data-testid="reveal"' in page.content.decode()) is allowed, username


def test_a_worker_keeps_the_province_of_their_village_code(demo):
    village = region_get(code="32.11.15.2001")
    worker = worker_create(
        actor=demo["admin"],
        scope=scope_for_user(demo["admin"]),
        nik=NIK,
        name="Siti",
        village=village,
    )
    assert worker.province_code == province_of(village.code) == "32"


def test_the_api_names_each_refusal_of_a_registration_by_its_case(demo):
    client = client_for(demo["desa.cikeruh"])
    body = {"nik": NIK, "name": "Siti Aminah", "village_code": "32.11.15.2001"}
    assert client.post("/api/v1/workers", body, content_type="application/json").status_code == 201
    taken = client.post("/api/v1/workers", body, content_type="application/json")
    assert (taken.status_code, taken.json()["code"]) == (409, "worker.nik_taken")
    mismatch = client.post(
        "/api/v1/workers",
        {**body, "nik": "3211155508900002", "birth_date": "1990-08-16"},
        content_type="application/json",
    )
    assert (mismatch.status_code, mismatch.json()["code"]) == (422, "worker.nik_mismatch")
    assert mismatch.json()["details"]["field"] == "birth_date"
    read_only = client_for(demo["tim.koordinasi"]).post(
        "/api/v1/workers", {**body, "nik": "3211155508900003"}, content_type="application/json"
    )
    assert (read_only.status_code, read_only.json()["code"]) == (403, "worker.write_denied")
