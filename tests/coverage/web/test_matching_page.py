"""The sponsor-matching page: choose, see the proposal with its reasons, untick, enrol."""

# ruff: noqa: F811 - the fixtures are imported from tests/coverage/test_matching.py

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from lindungi.core.masking import mask_nik
from lindungi.programs.models import Enrolment, EnrolmentStatus
from tests.coverage.test_matching import (  # noqa: F401 (fixtures)
    CIKERUH,
    GUDANG,
    company,
    csr_program,
    officer,
    person,
)

pytestmark = pytest.mark.django_db

URL = "/cakupan/pencocokan/"


@pytest.fixture(autouse=True)
def january_2026():
    with time_machine.travel(
        dt.datetime(2026, 1, 10, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta")), tick=False
    ):
        yield


def english(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def workers(person):
    return [
        person("Ade Petani", occupation="petani", desil=4),
        person("Budi Pedagang", occupation="pedagang", desil=1, in_p3ke=True),
        person("Cucu Nelayan", GUDANG, occupation="nelayan", desil=3),
    ]


def _query(program, sponsor, budget=403_200, priority=("desil",)) -> dict:
    return {
        "sponsor": sponsor.pk,
        "program": program.pk,
        "budget": budget,
        "months": "",
        "priority": list(priority),
    }


def test_the_menu_offers_the_page_and_it_opens_empty(officer):
    client = english(officer)
    assert URL in client.get("/").content.decode()
    page = client.get(URL)
    assert page.status_code == 200
    assert 'data-testid="proposal"' not in page.content.decode()


def test_the_proposal_lists_the_poorest_first_with_masked_niks_and_reasons(
    officer, csr_program, company, workers
):
    page = english(officer).get(URL, _query(csr_program, company))
    text = page.content.decode()
    assert page.status_code == 200
    # Rp 403.200 / (Rp 16.800 * 12) = 2 workers.
    assert 'data-count="2"' in text
    assert 'data-total="403200"' in text
    rows = re.findall(r'data-testid="proposed" data-worker="(\d+)"', text)
    assert rows == [str(workers[1].pk), str(workers[2].pk)]
    assert mask_nik(workers[1].nik) in text
    assert workers[1].nik not in text
    assert "listed in P3KE, desil 1" in text
    assert "<script>" not in text  # CSP: no inline script


def test_the_order_of_the_priorities_is_the_admins(officer, csr_program, company, workers):
    text = (
        english(officer)
        .get(URL, _query(csr_program, company, priority=("risky_occupation", "desil")))
        .content.decode()
    )
    rows = re.findall(r'data-testid="proposed" data-worker="(\d+)"', text)
    assert rows == [str(workers[2].pk), str(workers[0].pk)]
    assert "risky occupation (nelayan)" in text


def test_accepting_enrols_the_ticked_workers_submitted(officer, csr_program, company, workers):
    client = english(officer)
    query = _query(csr_program, company)
    response = client.post(
        URL + "?" + "&".join(f"{k}={v}" for k, v in _flat(query)),
        {"worker": [workers[1].pk], "submit": "on"},
        follow=True,
    )
    assert response.status_code == 200
    enrolments = list(Enrolment.objects.filter(sponsor=company))
    assert [(e.worker_id, e.status) for e in enrolments] == [
        (workers[1].pk, EnrolmentStatus.SUBMITTED)
    ]
    text = response.content.decode()
    assert "1 worker enrolled for PT Kahatex" in text
    # The next proposal no longer names the enrolled worker.
    assert f'data-worker="{workers[1].pk}"' not in text


def test_refusals_are_messages_and_nothing_is_enrolled(officer, csr_program, company, workers):
    client = english(officer)
    query = _query(csr_program, company, budget=201_600)  # one worker's worth
    response = client.post(
        URL + "?" + "&".join(f"{k}={v}" for k, v in _flat(query)),
        {"worker": [workers[0].pk, workers[1].pk]},
        follow=True,
    )
    assert "more than the budget" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_a_sponsor_outside_the_scope_is_not_offered_nor_proposed_for(
    demo, csr_program, company, workers
):
    operator = demo["desa.gudang"]
    text = english(operator).get(URL, _query(csr_program, company)).content.decode()
    assert "PT Kahatex" not in text
    assert 'data-testid="proposal"' not in text


def test_a_worker_outside_the_scope_cannot_be_posted(demo, csr_program, workers):
    from lindungi.accounts.selectors import scope_for_user
    from lindungi.programs.services.sponsors import sponsor_create
    from lindungi.regions.selectors import region_get

    operator = demo["desa.cikeruh"]
    village = sponsor_create(
        actor=operator,
        scope=scope_for_user(operator),
        kind="DESA",
        name="Pemerintah Desa Cikeruh",
        region=region_get(code=CIKERUH),
    )
    query = _query(csr_program, village)
    response = english(operator).post(
        URL + "?" + "&".join(f"{k}={v}" for k, v in _flat(query)),
        {"worker": [workers[2].pk]},  # Cucu lives in Gudang
    )
    assert response.status_code == 404
    assert not Enrolment.objects.exists()


def _flat(query: dict) -> list[tuple[str, object]]:
    return [
        (key, item)
        for key, value in query.items()
        for item in (value if isinstance(value, list) else [value])
    ]
