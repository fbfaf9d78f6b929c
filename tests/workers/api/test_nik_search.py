"""Searching by NIK through the API: never in a GET's address, always a POST, always recorded."""

import json

import pytest

from lindungi.accounts.selectors import scope_for_user
from lindungi.core.models import AuditEvent
from lindungi.regions.selectors import region_get
from lindungi.workers.services import worker_create
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
NIK = "3211155508900001"


@pytest.fixture
def worker(demo):
    operator = demo["desa.cikeruh"]
    return worker_create(
        actor=operator,
        scope=scope_for_user(operator),
        nik=NIK,
        name="Siti Aminah",
        village=region_get(code="32.11.15.2001"),
    )


@pytest.mark.parametrize(
    "path",
    ["/api/v1/workers", "/api/v1/enrolments", "/api/v1/claims"],
)
@pytest.mark.parametrize("search", [NIK, NIK[:8], "3211••••••••0001"])
def test_a_nik_in_a_gets_address_is_refused_with_the_post_to_use(demo, worker, path, search):
    response = client_for(demo["disnaker"]).get(path, {"search": search})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_failed"
    assert f"POST {path}/search" in body["message"]
    assert NIK not in response.content.decode()
    assert not AuditEvent.objects.filter(action="worker.search_nik").exists()


def test_a_nik_in_the_candidates_address_is_refused(demo, worker):
    response = client_for(demo["disnaker"]).get(
        "/api/v1/programs/1/candidates", {"sponsor_id": 1, "search": NIK}
    )
    assert response.status_code == 422
    assert "/candidates/search" in response.json()["message"]


def test_a_name_search_by_get_still_works(demo, worker):
    found = client_for(demo["disnaker"]).get("/api/v1/workers", {"search": "siti"}).json()
    assert [item["id"] for item in found["items"]] == [worker.pk]


def _post(client, path, body):
    return client.post(path, json.dumps(body), content_type="application/json")


def test_a_whole_nik_posted_finds_the_worker_masked_and_is_recorded(demo, worker):
    client = client_for(demo["tim.koordinasi"])
    found = _post(client, "/api/v1/workers/search", {"search": NIK})
    assert found.status_code == 200
    assert [item["nik"] for item in found.json()["items"]] == ["3211••••••••0001"]
    event = AuditEvent.objects.get(action="worker.search_nik")
    assert event.actor == demo["tim.koordinasi"]
    assert event.details == {"nik": "3211••••••••0001", "where": "api workers"}
    assert NIK not in json.dumps(event.details)


def test_the_start_of_a_nik_posted_finds_nobody_so_no_nik_can_be_guessed(demo, worker):
    """The audit found a whole NIK recovered in ~38 prefix searches by a role that may not
    reveal: now every prefix finds nobody, whatever the role."""
    client = client_for(demo["tim.koordinasi"])
    for length in range(1, 16):
        found = _post(client, "/api/v1/workers/search", {"search": NIK[:length]}).json()
        assert found["count"] == 0, length
    masked = _post(client, "/api/v1/workers/search", {"search": "3211••••••••0001"}).json()
    assert masked["count"] == 1
    assert AuditEvent.objects.filter(action="worker.search_nik").count() == 1  # the masked one


@pytest.mark.parametrize(
    ("path", "where"),
    [("/api/v1/enrolments/search", "api enrolments"), ("/api/v1/claims/search", "api claims")],
)
def test_enrolments_and_claims_are_searched_by_nik_with_a_post_on_record(demo, worker, path, where):
    response = _post(client_for(demo["disnaker"]), path, {"search": NIK})
    assert response.status_code == 200
    assert AuditEvent.objects.get(action="worker.search_nik").details["where"] == where
