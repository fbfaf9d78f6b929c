"""`POST /api/v1/coverage/matching` and `/accept`: the proposal and its one-step enrolment."""

# ruff: noqa: F811 - the fixtures are imported from tests/coverage/test_matching.py

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from lindungi.core.masking import mask_nik
from lindungi.programs.models import Enrolment
from lindungi.programs.selectors import quota_fill
from lindungi.workers.services import worker_create
from tests.conftest import client_for
from tests.coverage.test_matching import (  # noqa: F401 (fixtures)
    GUDANG,
    company,
    csr_program,
    officer,
    person,
)

pytestmark = pytest.mark.django_db

PROPOSE = "/api/v1/coverage/matching"
ACCEPT = "/api/v1/coverage/matching/accept"


@pytest.fixture(autouse=True)
def english(settings):
    """The messages asserted here are the English ones (the product speaks Indonesian)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def january_2026():
    with time_machine.travel(
        dt.datetime(2026, 1, 10, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta")), tick=False
    ):
        yield


@pytest.fixture
def workers(person):
    return [person(f"Pekerja {index:02d}", desil=max(1, 10 - index)) for index in range(12)]


def test_the_proposal_answers_the_arithmetic_and_the_order(officer, csr_program, company, workers):
    response = client_for(officer).post(
        PROPOSE,
        {
            "program_id": csr_program.pk,
            "sponsor_id": company.pk,
            "budget": 2_016_000,
            "priority": ["desil"],
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["monthly_amount"], body["months"], body["covers"]) == (16_800, 12, 10)
    assert (body["count"], body["total"], body["left_over"]) == (10, 2_016_000, 0)
    assert body["available"] == 12
    first = body["workers"][0]
    assert first["id"] == workers[9].pk  # desil 1
    assert first["rank"] == 1
    assert first["nik"] == mask_nik(workers[9].nik)
    assert first["reasons"] == ["not in P3KE or DTKS, desil 1"]
    assert workers[9].nik not in response.content.decode()


def test_an_unknown_priority_is_a_422(officer, csr_program, company):
    response = client_for(officer).post(
        PROPOSE,
        {"program_id": csr_program.pk, "sponsor_id": company.pk, "budget": 1, "priority": ["x"]},
        content_type="application/json",
    )
    assert response.status_code == 422


def test_accepting_enrols_and_counts_against_the_quota(officer, csr_program, company, workers):
    client = client_for(officer)
    proposal = client.post(
        PROPOSE,
        {"program_id": csr_program.pk, "sponsor_id": company.pk, "budget": 604_800},
        content_type="application/json",
    ).json()
    ids = [row["id"] for row in proposal["workers"]]
    assert len(ids) == 3

    response = client.post(
        ACCEPT,
        {
            "program_id": csr_program.pk,
            "sponsor_id": company.pk,
            "worker_ids": ids[:2],
            "budget": 604_800,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert sorted(row["worker_id"] for row in body) == sorted(ids[:2])
    assert {row["status"] for row in body} == {"submitted"}
    assert quota_fill(program=csr_program, sponsor=company).held == 2


def test_a_worker_of_another_regency_is_a_404_and_nothing_is_enrolled(
    officer, csr_program, company, workers, bandung
):
    from lindungi.accounts.selectors import scope_for_user
    from lindungi.regions.selectors import region_get

    village = bandung["village"]
    outsider = worker_create(
        actor=village,
        scope=scope_for_user(village),
        nik="3204055508900001",
        name="Warga Bandung",
        village=region_get(code="32.04.05.2001"),
    )
    response = client_for(officer).post(
        ACCEPT,
        {
            "program_id": csr_program.pk,
            "sponsor_id": company.pk,
            "worker_ids": [workers[0].pk, outsider.pk],
        },
        content_type="application/json",
    )
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert not Enrolment.objects.exists()


def test_a_village_operator_cannot_slip_in_a_neighbours_worker(demo, csr_program, workers, person):
    from lindungi.accounts.selectors import scope_for_user
    from lindungi.programs.services.sponsors import sponsor_create
    from lindungi.regions.selectors import region_get

    operator = demo["desa.cikeruh"]
    village = sponsor_create(
        actor=operator,
        scope=scope_for_user(operator),
        kind="DESA",
        name="Pemerintah Desa Cikeruh",
        region=region_get(code="32.11.15.2001"),
    )
    neighbour = person("Warga Gudang", GUDANG)
    response = client_for(operator).post(
        ACCEPT,
        {"program_id": csr_program.pk, "sponsor_id": village.pk, "worker_ids": [neighbour.pk]},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Enrolment.objects.exists()
