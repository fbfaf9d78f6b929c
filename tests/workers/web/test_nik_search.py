"""Search forms of the worker, enrolment and claim lists: a NIK is posted, never put in the
address, searched whole (never by its start) and recorded."""

import pytest

from lindungi.accounts.selectors import scope_for_user
from lindungi.core.models import AuditEvent
from lindungi.regions.selectors import region_get
from lindungi.workers.services import worker_create
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
NIK = "3211155508900001"


@pytest.fixture
def worker(demo):
    operator = demo["desa.cikeruh"]
    return worker_create(
        actor=operator,
        scope=scope_for_user(operator),
        nik=NIK,
        name="Siti Aminah",
        village=region_get(code="32.11.15.2001"),
    )


def _search(client, path, text, **fields):
    return client.post(path, {"search_form": "1", "q": text, **fields})


def test_a_nik_posted_on_the_worker_list_finds_the_worker_without_the_nik_in_any_address(
    demo, worker
):
    client = client_for(demo["tim.koordinasi"])
    response = _search(client, "/pekerja/", NIK, village="32.11.15.2001")
    assert response.status_code == 302
    address = response["Location"]
    assert NIK not in address and "q=" not in address and "village=32.11.15.2001" in address
    page = client.get(address).content.decode()
    assert f'href="/pekerja/{worker.pk}/"' in page
    assert NIK not in page and "3211••••••••0001" in page  # the box shows it masked too
    event = AuditEvent.objects.get(action="worker.search_nik")
    assert (event.actor, event.details) == (
        demo["tim.koordinasi"],
        {"nik": "3211••••••••0001", "where": "worker list"},
    )


def test_the_start_of_a_nik_finds_nobody_on_the_worker_list(demo, worker):
    client = client_for(demo["tim.koordinasi"])
    for prefix in (NIK[:6], NIK[:10], NIK[:15]):
        response = _search(client, "/pekerja/", prefix)
        assert prefix not in response["Location"]
        page = client.get(response["Location"]).content.decode()
        assert f'href="/pekerja/{worker.pk}/"' not in page, prefix
    assert not AuditEvent.objects.filter(action="worker.search_nik").exists()


def test_a_nik_typed_into_the_address_is_not_searched(demo, worker):
    client = client_for(demo["disnaker"])
    response = client.get("/pekerja/", {"q": NIK, "village": "32.11.15.2001"})
    assert response.status_code == 302
    assert NIK not in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "alamat" in page or "address" in page  # says how to search by NIK instead


def test_a_name_is_still_searched_by_get_and_pages_keep_it(demo, worker):
    client = client_for(demo["disnaker"])
    page = client.get("/pekerja/", {"q": "siti"}).content.decode()
    assert f'href="/pekerja/{worker.pk}/"' in page
    response = _search(client, "/pekerja/", "siti")
    assert response["Location"] == "/pekerja/?q=siti"


def test_an_htmx_search_by_nik_answers_with_the_rows(demo, worker):
    client = client_for(demo["disnaker"])
    rows = client.post(
        "/pekerja/", {"search_form": "1", "q": NIK}, HTTP_HX_REQUEST="true", follow=True
    )
    body = rows.content.decode()
    assert f'href="/pekerja/{worker.pk}/"' in body and "<html" not in body


@pytest.mark.parametrize(
    ("path", "where"),
    [
        ("/kepesertaan/", "enrolment list"),
        ("/klaim/", "claim list"),
        ("/klaim/baru/", "claim report"),
    ],
)
def test_every_list_posts_a_nik_and_records_it(demo, worker, path, where):
    client = client_for(demo["disnaker"])
    response = _search(client, path, NIK)
    assert response.status_code == 302
    assert NIK not in response["Location"]
    assert client.get(response["Location"]).status_code == 200
    assert client.get(path, {"q": NIK}).status_code == 302  # never searched from the address
    event = AuditEvent.objects.get(action="worker.search_nik")
    assert event.details == {"nik": "3211••••••••0001", "where": where}


def test_the_claim_report_finds_a_worker_by_whole_nik_only(demo, worker):
    client = client_for(demo["desa.cikeruh"])
    found = client.post("/klaim/baru/", {"search_form": "1", "q": NIK}, follow=True)
    assert f'name="worker" value="{worker.pk}"' in found.content.decode()
    partial = client.post("/klaim/baru/", {"search_form": "1", "q": NIK[:12]}, follow=True)
    assert f'name="worker" value="{worker.pk}"' not in partial.content.decode()
