"""The year's most important day, through the pages as the users would: in December the admin
opens 2027 for the regency, the village confirms its program with its musdes decision,
continues all its workers in one action from the page of enrolments ending soon (one left out,
with the reason), and the Disnaker's checker verifies them."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client

from lindungi.programs.models import (
    Enrolment,
    EnrolmentStatus,
    Participation,
    ParticipationStatus,
    Program,
)
from lindungi.workers.models import Worker

DECEMBER = dt.datetime(2026, 12, 7, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


def english(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def page_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def december(admin, enrol, village_program, cikeruh, gudang, time_machine):
    enrolments = enrol(village_program, cikeruh, 6)
    enrol(village_program, gudang, 2)
    time_machine.move_to(DECEMBER, tick=False)
    return enrolments


def test_december_admin_opens_2027_village_confirms_renews_in_one_action_checker_verifies(
    december, demo_workers, cikeruh
):
    # The worker who moved to Gudang is left out of Cikeruh's renewal, with the reason.
    moved = december[0]
    Worker.objects.filter(pk=moved.worker_id).update(village_id="32.11.11.2001")

    admin = english(demo_workers["disnaker"])
    page = page_of(admin.get("/program/tahun/"))
    assert "Programs of 2027" in page and "1 Desa Melindungi 100 Pekerja Rentan 2027" in page
    assert "not opened yet" in page and "Rp 16.800 per worker a month at the rates of 2027" in page
    assert "2 villages and agencies take part; 0 confirmed" in page
    response = admin.post("/program/tahun/", {"action": "open", "year": "2027"})
    assert response.status_code == 302
    assert "2027 opened: 1 programs started" in page_of(admin.get(response.url))
    assert Participation.objects.filter(status=ParticipationStatus.DRAFT).count() == 2

    village = english(demo_workers["desa.cikeruh"])
    page = page_of(village.get("/program/tahun/"))
    mine = Participation.objects.get(sponsor=cikeruh)
    assert "Pemerintah Desa Cikeruh" in page and "Pemerintah Desa Gudang" not in page
    assert 'data-testid="confirm-form"' in page
    # Before the musdes decision, the renewal waits.
    ending = page_of(village.get("/kepesertaan/berakhir/"))
    assert "6 workers without a funded next month" in ending and "Continue all into 2027" in ending
    refused = page_of(
        village.post(
            "/kepesertaan/berakhir/",
            {"action": "renew", "sponsor": cikeruh.pk, "year": "2027"},
            follow=True,
        )
    )
    assert "has not confirmed" in refused
    confirmed = village.post(
        "/program/tahun/",
        {
            "participation": mine.pk,
            "year": "2027",
            "decision_number": "141/09/Musdes/XII/2026",
            "decision_date": "2026-12-04",
            "quota": "100",
        },
        follow=True,
    )
    assert "confirmed for Pemerintah Desa Cikeruh" in page_of(confirmed)
    assert "Decision 141/09/Musdes/XII/2026 of 4 Dec 2026" in page_of(
        village.get("/program/tahun/")
    )

    result = page_of(
        village.post(
            "/kepesertaan/berakhir/", {"action": "renew", "sponsor": cikeruh.pk, "year": "2027"}
        )
    )
    assert "5 workers of Pemerintah Desa Cikeruh continue into 2027" in result
    assert "1 left out" in result and "does not live in the sponsoring village" in result
    assert moved.worker.name in result and moved.worker.nik not in result
    program = Program.objects.get(year=2027)
    renewed = Enrolment.objects.filter(program=program)
    assert renewed.count() == 5
    assert set(renewed.values_list("status", flat=True)) == {EnrolmentStatus.SUBMITTED}
    # Only the one who moved still has no funded January: he is to move to Gudang's list.
    after = page_of(village.get("/kepesertaan/berakhir/"))
    assert "1 worker without a funded next month" in after

    checker = english(demo_workers["verifikator"])
    waiting = page_of(checker.get("/kepesertaan/verifikasi/"))
    assert all(e.worker.name in waiting for e in renewed)
    response = checker.post(
        "/kepesertaan/verifikasi/",
        {"action": "approve_all", "sponsor": cikeruh.pk},
    )
    assert response.status_code == 302
    assert set(renewed.values_list("status", flat=True)) == {EnrolmentStatus.VERIFIED}
