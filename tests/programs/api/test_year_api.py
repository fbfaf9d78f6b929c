"""The program year through the API, with bearer tokens as a script would use it."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from lindungi.accounts.services import token_create
from lindungi.core.models import AuditEvent
from lindungi.programs.models import Enrolment, EnrolmentStatus, Participation

DECEMBER = dt.datetime(2026, 12, 7, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.fixture
def api(demo_workers, enrol, village_program, cikeruh, gudang, time_machine):
    enrol(village_program, cikeruh, 4)
    enrol(village_program, gudang, 1)
    time_machine.move_to(DECEMBER, tick=False)

    def client(username: str) -> Client:
        token = token_create(actor=None, user=demo_workers[username], name="test")
        return Client(headers={"Authorization": f"Bearer {token}"})

    return client


def test_open_confirm_renew_and_gaps_through_the_api(api, cikeruh, gudang):
    admin, village = api("disnaker"), api("desa.cikeruh")
    gaps = village.get("/api/v1/enrolments/continuity-gaps").json()
    assert gaps["total"] == 4
    assert gaps["sponsors"] == [
        {
            "sponsor_id": cikeruh.pk,
            "sponsor_name": "Pemerintah Desa Cikeruh",
            "count": 4,
            "by_month": [{"month": "2027-01-01", "count": 4}],
        }
    ]
    assert (
        village.post(
            "/api/v1/programs/year/open", {"year": 2027}, content_type="application/json"
        ).json()["code"]
        == "program.not_admin"
    )
    opened = admin.post(
        "/api/v1/programs/year/open", {"year": 2027}, content_type="application/json"
    )
    assert opened.status_code == 200
    assert opened.json()["participations_created"] == 2
    again = admin.post(
        "/api/v1/programs/year/open", {"year": 2027}, content_type="application/json"
    )
    assert (again.json()["programs_created"], again.json()["participations_created"]) == (0, 0)
    assert AuditEvent.objects.filter(action="program.year_open").count() == 2

    listed = village.get("/api/v1/programs/participations", {"year": 2027}).json()["items"]
    assert [(p["sponsor_id"], p["status"]) for p in listed] == [(cikeruh.pk, "draft")]
    renew = {"sponsor_id": cikeruh.pk, "year": 2027}
    waiting = village.post("/api/v1/enrolments/renew", renew, content_type="application/json")
    assert (waiting.status_code, waiting.json()["code"]) == (409, "program.not_confirmed")
    missing = village.post(
        f"/api/v1/programs/participations/{listed[0]['id']}/confirm",
        {"decision_date": "2026-12-04"},
        content_type="application/json",
    )
    assert (missing.status_code, missing.json()["details"]["field"]) == (422, "decision_number")
    gudangs = Participation.objects.get(sponsor=gudang).pk
    other = village.post(
        f"/api/v1/programs/participations/{gudangs}/confirm",
        {"decision_number": "1/2026", "decision_date": "2026-12-04"},
        content_type="application/json",
    )
    assert other.status_code == 404
    confirmed = village.post(
        f"/api/v1/programs/participations/{listed[0]['id']}/confirm",
        {"decision_number": "141/09/Musdes/XII/2026", "decision_date": "2026-12-04"},
        content_type="application/json",
    )
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"

    dry = village.post(
        "/api/v1/enrolments/renew", {**renew, "dry_run": True}, content_type="application/json"
    ).json()
    assert (dry["continued"], dry["enrolment_ids"]) == (4, [])
    assert not Enrolment.objects.filter(program__year=2027).exists()
    done = village.post("/api/v1/enrolments/renew", renew, content_type="application/json")
    assert done.status_code == 200 and done.json()["continued"] == 4
    assert set(
        Enrolment.objects.filter(pk__in=done.json()["enrolment_ids"]).values_list(
            "status", flat=True
        )
    ) == {EnrolmentStatus.SUBMITTED}
    assert village.get("/api/v1/enrolments/continuity-gaps").json()["total"] == 0
    # Gudang's enrolments are absent for Cikeruh's operator.
    foreign = village.post(
        "/api/v1/enrolments/renew",
        {"sponsor_id": gudang.pk, "year": 2027},
        content_type="application/json",
    )
    assert foreign.status_code == 404
