"""NIKs and phone numbers are masked unless someone whose work needs them asks, on record."""

import pytest

from lindungi.core.masking import mask_nik, mask_phone
from lindungi.core.models import AuditEvent
from lindungi.workers.models import Worker
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_masks_keep_the_ends_and_hide_the_middle():
    assert mask_nik("3211155508900001") == "3211••••••••0001"
    assert mask_phone("081234567890") == "0812•••••890"


def test_lists_and_details_show_masked_niks(demo_workers):
    worker = Worker.objects.filter(village_id="32.11.15.2001").first()
    client = client_for(demo_workers["desa.cikeruh"])
    listing = client.get("/pekerja/", {"q": worker.nik}).content.decode()
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
