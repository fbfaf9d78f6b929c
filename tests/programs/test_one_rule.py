"""One rule, one place: a program's monthly cost and its first month are one function each
(`selectors.monthly_amount`, `selectors.program_first_month`), and the page, the API and the
services give the same answer, also when a rate changes in the middle of the program's year and
when the program is asked about in the last month of its year."""

import datetime as dt
from datetime import date
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from lindungi.accounts.selectors import scope_for_user
from lindungi.accounts.services import token_create
from lindungi.contributions.services import rate_version_add
from lindungi.programs.models import Program, Sponsor
from lindungi.programs.selectors import candidates, monthly_amount, program_first_month
from lindungi.programs.services.enrolling import enrolments_create
from lindungi.workers.models import Worker

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")


def _on(day: date):
    return time_machine.travel(
        dt.datetime(day.year, day.month, day.day, 9, tzinfo=JAKARTA), tick=False
    )


def _page(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _api(user) -> Client:
    token = token_create(actor=None, user=user, name="test")
    return Client(headers={"Authorization": f"Bearer {token}"})


def _api_enrol(user, program: Program, sponsor: Sponsor, worker_id: int) -> dict:
    response = _api(user).post(
        "/api/v1/enrolments",
        {"program_id": program.pk, "sponsor_id": sponsor.pk, "worker_ids": [worker_id]},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    (enrolment,) = response.json()
    return enrolment


def _two_candidates(user, program: Program, sponsor: Sponsor, first: date) -> list[int]:
    found = candidates(
        scope=scope_for_user(user), program=program, sponsor=sponsor, first_month=first
    )
    ids = list(found.values_list("pk", flat=True)[:2])
    assert len(ids) == 2
    return ids


def test_a_program_whose_rate_changes_mid_year_costs_the_same_on_the_page_the_api_and_the_service(
    demo_workers, village_program, cikeruh
):
    """JKM for BPU rises from July: in August the page shows what an enrolment made that day
    costs, as the API and the service charge it (not January's cost)."""
    rate_version_add(
        actor=None,
        key="bpu.jkm.flat",
        value=8_000,
        berlaku_mulai=date(2026, 7, 1),
        rule="test: JKM BPU Rp8.000 from July 2026",
        source="test",
    )
    operator = demo_workers["desa.cikeruh"]
    with _on(date(2026, 8, 10)):
        expected = monthly_amount(village_program)
        assert expected == monthly_amount(village_program, date(2026, 8, 1))
        assert expected != monthly_amount(village_program, village_program.start_month)

        page = _page(operator).get(f"/program/{village_program.pk}/")
        assert page.status_code == 200
        assert page.context["monthly"] == expected

        listing = _page(operator).get("/program/")
        (row,) = [r for r in listing.context["rows"] if r["program"].pk == village_program.pk]
        assert row["monthly"] == expected

        by_api, by_service = _two_candidates(operator, village_program, cikeruh, date(2026, 8, 1))
        assert _api_enrol(operator, village_program, cikeruh, by_api)["monthly_amount"] == expected
        (enrolment,) = enrolments_create(
            actor=operator,
            scope=scope_for_user(operator),
            program=village_program,
            sponsor=cikeruh,
            workers=[Worker.objects.get(pk=by_service)],
        )
        assert enrolment.monthly_amount == expected


def test_a_program_asked_about_in_december_of_its_year_starts_in_december_everywhere(
    demo_workers, village_program, cikeruh
):
    operator = demo_workers["desa.cikeruh"]
    december = date(2026, 12, 1)
    with _on(date(2026, 12, 10)):
        assert program_first_month(village_program) == december

        page = _page(operator).get(f"/program/{village_program.pk}/pilih/")
        assert page.status_code == 200
        assert page.context["first_month"] == december

        by_api, by_service = _two_candidates(operator, village_program, cikeruh, december)
        enrolled = _api_enrol(operator, village_program, cikeruh, by_api)
        assert enrolled["first_month"] == december.isoformat()
        assert enrolled["months"] == 1
        (enrolment,) = enrolments_create(
            actor=operator,
            scope=scope_for_user(operator),
            program=village_program,
            sponsor=cikeruh,
            workers=[Worker.objects.get(pk=by_service)],
        )
        assert enrolment.first_month == december
