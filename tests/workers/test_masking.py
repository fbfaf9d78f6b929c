"""NIKs and phone numbers are masked unless someone whose work needs them asks, on record."""

from datetime import date

import pytest

from lindungi.accounts.selectors import scope_for_user
from lindungi.core.masking import mask_kpj, mask_nik, mask_phone
from lindungi.core.models import AuditEvent
from lindungi.programs.models import Enrolment, EnrolmentStatus
from lindungi.programs.selectors import candidates
from lindungi.programs.services.enrolling import enrolments_create
from lindungi.programs.services.setup import program_from_scheme
from lindungi.programs.services.sponsors import sponsor_create
from lindungi.regions.selectors import region_get
from lindungi.workers.models import Worker
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
JANUARY = date(2026, 1, 5)
KPJ = "26000012345"


def test_masks_keep_the_ends_and_hide_the_middle():
    assert mask_nik("3211155508900001") == "3211••••••••0001"
    assert mask_phone("081234567890") == "0812•••••890"


def test_lists_and_details_show_masked_niks(demo_workers):
    worker = Worker.objects.filter(village_id="32.11.15.2001").first()
    client = client_for(demo_workers["desa.cikeruh"])
    listing = client.post(
        "/pekerja/", {"search_form": "1", "q": worker.nik}, follow=True
    ).content.decode()
    detail = client.get(f"/pekerja/{worker.pk}/").content.decode()
    for page in (listing, detail):
        assert mask_nik(worker.nik) in page
        assert worker.nik not in page.replace(f"q={worker.nik}", "").replace(
            f'value="{worker.nik}"', ""
        )
    masked = client.get(f"/api/v1/workers/{worker.pk}").json()
    assert masked["nik"] == mask_nik(worker.nik)
    assert (masked["birth_date"], masked["birth_year"]) == (None, worker.birth_date.year)
    assert f"•• ••• {worker.birth_date.year}" in detail
    assert not AuditEvent.objects.filter(action="worker.reveal").exists()


def test_revealing_shows_the_numbers_and_records_who_saw_them(demo_workers):
    worker = Worker.objects.filter(village_id="32.11.15.2001").first()
    client = client_for(demo_workers["desa.cikeruh"])
    page = client.post(f"/pekerja/{worker.pk}/tampilkan/").content.decode()
    assert f'data-testid="nik">{worker.nik}<' in page
    api = client.get(f"/api/v1/workers/{worker.pk}", {"reveal": "true"}).json()
    assert (api["nik"], api["phone"]) == (worker.nik, worker.phone)
    assert api["birth_date"] == worker.birth_date.isoformat()
    events = AuditEvent.objects.filter(action="worker.reveal")
    assert events.count() == 2
    assert {event.actor for event in events} == {demo_workers["desa.cikeruh"]}
    assert {event.details["purpose"] for event in events} == {"detail page", "api"}


def test_the_coordination_team_cannot_reveal(demo_workers):
    worker = Worker.objects.filter(village_id="32.11.15.2001").first()
    client = client_for(demo_workers["tim.koordinasi"])
    assert 'data-testid="reveal"' not in client.get(f"/pekerja/{worker.pk}/").content.decode()
    assert client.post(f"/pekerja/{worker.pk}/tampilkan/").status_code == 403
    assert client.get(f"/api/v1/workers/{worker.pk}", {"reveal": "true"}).status_code == 403
    assert not AuditEvent.objects.filter(action="worker.reveal").exists()


def test_revealing_outside_the_scope_is_not_found(demo_workers):
    worker = Worker.objects.filter(village_id="32.11.11.2001").first()  # Gudang
    client = client_for(demo_workers["desa.cikeruh"])
    assert client.post(f"/pekerja/{worker.pk}/tampilkan/").status_code == 404
    assert client.get(f"/api/v1/workers/{worker.pk}", {"reveal": "true"}).status_code == 404


def test_the_kpj_on_the_worker_page_is_masked_until_revealed_on_record(demo_workers):
    admin, operator = demo_workers["disnaker"], demo_workers["desa.cikeruh"]
    program = program_from_scheme(
        actor=admin,
        scope=scope_for_user(admin),
        region=region_get(code="32.11"),
        scheme="desa_100",
        year=2026,
    )
    sponsor = sponsor_create(
        actor=operator,
        scope=scope_for_user(operator),
        kind="DESA",
        name="Pemerintah Desa Cikeruh",
        region=region_get(code="32.11.15.2001"),
    )
    worker = candidates(
        scope=scope_for_user(operator), program=program, sponsor=sponsor, first_month=JANUARY
    ).first()
    (enrolment,) = enrolments_create(
        actor=operator,
        scope=scope_for_user(operator),
        program=program,
        sponsor=sponsor,
        workers=[worker],
        today=JANUARY,
    )
    # What BPJS's confirmation does.
    Enrolment.objects.filter(pk=enrolment.pk).update(status=EnrolmentStatus.ACTIVE, kpj=KPJ)
    client = client_for(operator)
    page = client.get(f"/pekerja/{worker.pk}/").content.decode()
    assert f'data-testid="kpj">{mask_kpj(KPJ)}<' in page
    assert KPJ not in page
    page = client.post(f"/pekerja/{worker.pk}/tampilkan/").content.decode()
    assert f'data-testid="kpj">{KPJ}<' in page
    assert AuditEvent.objects.filter(action="worker.reveal", actor=operator).count() == 1
    # Someone who may not reveal never sees it whole.
    page = client_for(demo_workers["tim.koordinasi"]).get(f"/pekerja/{worker.pk}/")
    assert KPJ not in page.content.decode()
