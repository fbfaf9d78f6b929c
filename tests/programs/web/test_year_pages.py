"""The program year's page and the renewal on the page of enrolments ending soon: who may do
what, and what lies outside one's scope looks absent."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client

from lindungi.programs.models import Participation, ParticipationStatus, Program

DECEMBER = dt.datetime(2026, 12, 7, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


def english(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def december(demo_workers, enrol, village_program, cikeruh, gudang, time_machine):
    enrol(village_program, cikeruh, 2)
    enrol(village_program, gudang, 2)
    time_machine.move_to(DECEMBER, tick=False)
    return demo_workers


def test_before_the_year_is_opened_the_ending_page_says_so(december):
    page = english(december["desa.cikeruh"]).get("/kepesertaan/berakhir/").content.decode()
    assert "The programs of 2027 are not opened yet" in page
    assert 'href="/program/tahun/?year=2027"' in page


def test_who_may_open_and_confirm_and_what_others_cannot_reach(december, bandung, gudang):
    observer = english(december["tim.koordinasi"])
    assert observer.get("/program/tahun/").status_code == 403
    village = english(december["desa.cikeruh"])
    assert 'data-testid="open-year"' not in village.get("/program/tahun/").content.decode()
    assert village.post("/program/tahun/", {"action": "open", "year": "2027"}).status_code == 403
    assert not Program.objects.filter(year=2027).exists()
    admin = english(december["disnaker"])
    assert 'data-testid="open-year"' in admin.get("/program/tahun/").content.decode()
    admin.post("/program/tahun/", {"action": "open", "year": "2027"})
    gudangs = Participation.objects.get(sponsor=gudang)
    decision = {
        "participation": gudangs.pk,
        "decision_number": "1/Musdes/2026",
        "decision_date": "2026-12-01",
    }
    # Another village's, another regency's admin: absent.
    assert village.post("/program/tahun/", decision).status_code == 404
    assert english(bandung["admin"]).post("/program/tahun/", decision).status_code == 404
    assert "Gudang" not in english(bandung["admin"]).get("/program/tahun/").content.decode()
    # A renewal of another village's sponsor is absent too.
    renew = {"action": "renew", "sponsor": gudang.pk, "year": "2027"}
    assert village.post("/kepesertaan/berakhir/", renew).status_code == 404
    assert observer.post("/kepesertaan/berakhir/", renew).status_code == 403
    # Nonsense input is refused with a message, never a server error.
    for junk in ({"participation": "x"}, {"participation": "99999999999999999999"}):
        assert village.post("/program/tahun/", junk).status_code == 302
    junk = {"action": "renew", "sponsor": "²", "year": "2027"}
    assert "Choose the sponsor" in village.post("/kepesertaan/berakhir/", junk).content.decode()
    gudangs.refresh_from_db()
    assert gudangs.status == ParticipationStatus.DRAFT
