"""The search in the header (`/cari/`): NIK, name, KPJ, bill and batch numbers, each within the
reader's scope; a NIK is posted (never in an address) and recorded; the prosecutor's office,
which reads no personal data, finds no worker."""

import re

import pytest

from lindungi.billing.models import Bill
from lindungi.core.masking import mask_nik
from lindungi.core.models import AuditEvent
from lindungi.programs.models import Enrolment, EnrolmentStatus, SubmissionBatch
from lindungi.workers.models import Worker
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
CIKERUH, GUDANG = "32.11.15.2001", "32.11.11.2001"


def _post(client, text):
    return client.post("/cari/", {"q": text})


def _groups(page: str) -> list[str]:
    return re.findall(r'<section data-testid="search-group">\s*<h2>([^<]+)</h2>', page)


def _worker_links(page: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'href="/pekerja/(\d+)/"', page)}


def test_the_header_offers_the_search_on_every_page(demo):
    page = client_for(demo["desa.cikeruh"]).get("/").content.decode()
    assert 'data-testid="global-search"' in page and 'action="/cari/"' in page
    assert 'method="post"' in page.split('data-testid="global-search"')[0].rsplit("<form", 1)[1]


def test_a_village_operator_finds_its_worker_by_nik_recorded_and_never_shown_whole(demo_workers):
    own = Worker.objects.filter(village_id=CIKERUH).order_by("pk").first()
    response = _post(client_for(demo_workers["desa.cikeruh"]), own.nik)
    page = response.content.decode()
    assert response.status_code == 200  # answered in place: the NIK never enters an address
    assert _worker_links(page) == {own.pk}
    assert mask_nik(own.nik) in page and own.nik not in page
    event = AuditEvent.objects.get(action="worker.search_nik")
    assert event.details == {"nik": mask_nik(own.nik), "where": "search"}
    assert event.actor == demo_workers["desa.cikeruh"]


def test_another_villages_worker_by_nik_gives_nothing(demo_workers):
    other = Worker.objects.filter(village_id=GUDANG).order_by("pk").first()
    page = _post(client_for(demo_workers["desa.cikeruh"]), other.nik).content.decode()
    assert _worker_links(page) == set()
    assert 'data-testid="search-nothing"' in page
    assert AuditEvent.objects.filter(action="worker.search_nik").count() == 1  # still recorded


def test_a_name_answers_at_an_address_and_finds_only_the_operators_workers(demo_workers):
    name = Worker.objects.filter(village_id=CIKERUH).order_by("pk").first().name.split()[0]
    client = client_for(demo_workers["desa.cikeruh"])
    response = _post(client, f"  {name} ")
    assert response.status_code == 302 and response["Location"] == f"/cari/?q={name}"
    page = client.get(response["Location"]).content.decode()
    found = _worker_links(page)
    assert found and len(found) <= 10  # bounded: the worker list has the rest
    assert set(Worker.objects.filter(pk__in=found).values_list("village_id", flat=True)) == {
        CIKERUH
    }
    assert not AuditEvent.objects.filter(action="worker.search_nik").exists()
    regency = client_for(demo_workers["disnaker"]).get(f"/cari/?q={name}").content.decode()
    assert len(_worker_links(regency)) >= len(found)


def test_a_number_in_the_address_is_not_searched(demo_workers):
    nik = Worker.objects.filter(village_id=CIKERUH).first().nik
    response = client_for(demo_workers["desa.cikeruh"]).get("/cari/", {"q": nik})
    assert response.status_code == 302 and response["Location"] == "/cari/"
    assert not AuditEvent.objects.filter(action="worker.search_nik").exists()


def test_the_prosecutors_office_finds_no_worker_by_nik_or_name(demo_workers):
    worker = Worker.objects.filter(village_id=CIKERUH).first()
    client = client_for(demo_workers["jaksa.sumedang"])
    by_nik = _post(client, worker.nik).content.decode()
    by_name = client.get("/cari/", {"q": worker.name}).content.decode()
    for page in (by_nik, by_name):
        assert _worker_links(page) == set() and _groups(page) == []
        assert 'data-testid="search-nothing"' in page


def test_a_kpj_finds_the_worker_it_belongs_to_within_the_scope(demo_full):
    enrolment = (
        Enrolment.objects.filter(status=EnrolmentStatus.ACTIVE, sponsor__region_id=CIKERUH)
        .exclude(kpj="")
        .first()
    )
    assert enrolment is not None
    own = _post(client_for(demo_full["desa.cikeruh"]), enrolment.kpj).content.decode()
    assert enrolment.worker_id in _worker_links(own) and enrolment.kpj not in own
    other = _post(client_for(demo_full["desa.gudang"]), enrolment.kpj).content.decode()
    assert _worker_links(other) == set()
    nothing = _post(client_for(demo_full["jaksa.sumedang"]), enrolment.kpj).content.decode()
    assert _worker_links(nothing) == set()


def test_a_batch_number_finds_the_batch_for_those_who_handle_batches(demo_full):
    batch = SubmissionBatch.objects.order_by("pk").first()
    assert batch is not None
    page = _post(client_for(demo_full["disnaker"]), batch.number).content.decode()
    assert f'href="/kepesertaan/kirim/{batch.pk}/berkas/"' in page
    village = _post(client_for(demo_full["desa.cikeruh"]), batch.number).content.decode()
    assert f"/kepesertaan/kirim/{batch.pk}/" not in village


def test_a_bill_number_finds_the_bill_of_a_sponsor_the_reader_sees(demo_billed):
    bill = Bill.objects.filter(sponsor__region_id=CIKERUH).order_by("pk").first()
    assert bill is not None
    own = _post(client_for(demo_billed["desa.cikeruh"]), bill.number).content.decode()
    assert f'href="/tagihan/{bill.pk}/"' in own
    other = _post(client_for(demo_billed["desa.gudang"]), bill.number).content.decode()
    assert f"/tagihan/{bill.pk}/" not in other
