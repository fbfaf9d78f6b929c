"""The API always answers in its error shape `{code, message, details}`, never with a server
error for input a client can send: nulls where a value is needed, an upload without its
multipart boundary, a time with an offset; and an unexpected error is a logged JSON 500 that
says nothing of its cause. Every answer the framework can give is in the OpenAPI document."""

import json
import logging
import re

import pytest
from django.test import Client, RequestFactory

from lindungi.accounts.services import token_create
from lindungi.config.urls import api  # the API with every app's router added
from lindungi.web.errors import server_error
from lindungi.workers.models import Worker

pytestmark = pytest.mark.django_db


def bearer(user) -> Client:
    return Client(headers={"Authorization": f"Bearer {token_create(actor=None, user=user)}"})


def error_shaped(response) -> dict:
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert set(body) == {"code", "message", "details"}
    return body


@pytest.mark.parametrize("field", ["sex", "name", "address", "category", "birth_date"])
def test_patching_a_required_worker_field_to_null_is_invalid_input(demo_workers, field):
    worker = Worker.objects.filter(village_id="32.11.15.2001").first()
    before = getattr(worker, field)
    response = bearer(demo_workers["desa.cikeruh"]).patch(
        f"/api/v1/workers/{worker.pk}", {field: None}, content_type="application/json"
    )
    assert response.status_code == 422
    assert error_shaped(response)["code"] == "validation_failed"
    worker.refresh_from_db()
    assert getattr(worker, field) == before


def _upload_operations() -> list[str]:
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    return sorted(
        re.sub(r"\{[^}]+\}", "1", path)
        for path, operations in schema["paths"].items()
        for operation in operations.values()
        if "multipart/form-data" in operation.get("requestBody", {}).get("content", {})
    )


def test_there_are_eleven_upload_operations():  # the list of deaths is the 11th
    assert len(_upload_operations()) == 11


@pytest.mark.parametrize("path", _upload_operations())
def test_an_upload_without_its_multipart_boundary_is_a_bad_request(demo, path):
    response = bearer(demo["disnaker"]).generic(
        "POST",
        path,
        b'--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc\r\n--x--\r\n',
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert error_shaped(response)["code"] == "bad_request"


def test_a_body_that_is_not_json_is_a_bad_request_in_the_error_shape(demo):
    response = bearer(demo["disnaker"]).generic(
        "POST", "/api/v1/calculator/contribution", b"{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert error_shaped(response)["code"] == "bad_request"


def test_a_claims_event_time_with_an_offset_is_invalid_input(demo_full):
    worker = Worker.objects.filter(village_id="32.11.15.2001").first()
    response = bearer(demo_full["desa.cikeruh"]).post(
        "/api/v1/claims",
        {
            "worker_id": worker.pk,
            "type": "JKK",
            "jkk_kind": "stmb",
            "event_date": "2026-11-16",
            "event_time": "07:45:00+07:00",
            "months_off": 1,
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "event_time" in error_shaped(response)["message"]


def test_an_unexpected_error_is_a_logged_json_500_without_its_text(demo, monkeypatch, caplog):
    def broken(**_arguments):
        raise RuntimeError("secret table name and /srv/path")

    monkeypatch.setattr("lindungi.regions.api.regions.region_get", broken)
    with caplog.at_level(logging.ERROR, logger="lindungi.api.api"):
        response = bearer(demo["disnaker"]).get("/api/v1/regions/32.11")
    assert response.status_code == 500
    body = error_shaped(response)
    assert body["code"] == "server_error"
    assert "secret" not in response.content.decode()
    assert "secret table name" in caplog.text


def test_a_server_error_outside_the_api_handlers_is_json_under_api_only():
    factory = RequestFactory()
    assert error_shaped(server_error(factory.get("/api/v1/workers")))["code"] == "server_error"
    page = server_error(factory.get("/pekerja/"))
    assert page.status_code == 500
    assert page["Content-Type"].startswith("text/html")


def test_every_operation_documents_the_answers_the_framework_gives():
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    for operations in schema["paths"].values():
        for operation in operations.values():
            responses = operation["responses"]
            if operation.get("parameters") or operation.get("requestBody"):
                assert "422" in responses
            if operation.get("requestBody"):
                assert "400" in responses
            if operation.get("security"):
                assert "401" in responses


def test_an_address_with_a_newline_under_the_api_is_a_json_404(demo):
    response = bearer(demo["disnaker"]).get("/api/v1/sponsors/%0A5M/account")
    assert response.status_code == 404
    assert error_shaped(response)["code"] == "not_found"


def test_the_inpres_report_pdf_carries_a_task_with_the_longest_duty(demo):
    client = bearer(demo["disnaker"])
    created = client.post(
        "/api/v1/compliance/tasks",
        {"duty": "Menyusun rencana aksi daerah " * 68 + "selesai"},
        content_type="application/json",
    )
    assert created.status_code == 201
    year = created.json()["updated_at"][:4]
    response = client.get(f"/api/v1/compliance/report?year={year}&half=1&format=pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_a_json_body_that_is_not_an_object_changes_nothing_and_is_a_bad_request(demo_workers):
    worker = Worker.objects.filter(village_id="32.11.15.2001").first()
    response = bearer(demo_workers["desa.cikeruh"]).patch(
        f"/api/v1/workers/{worker.pk}", [None, None], content_type="application/json"
    )
    assert response.status_code == 400
    assert error_shaped(response)["code"] == "bad_request"
