"""Nothing answered to a signed-in user is kept by a shared office computer's browser or a
proxy (`Cache-Control: no-store`): pages with personal data, API answers, downloads. Static
files and the public pages seen anonymously keep their caching."""

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.test import Client

from lindungi.accounts.services import token_create
from lindungi.workers.models import Worker
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def kept_by_nobody(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_a_worker_page_is_not_stored(demo_workers):
    worker = Worker.objects.filter(village_id="32.11.15.2001").first()
    response = client_for(demo_workers["desa.cikeruh"]).get(f"/pekerja/{worker.pk}/")
    assert response.status_code == 200
    assert kept_by_nobody(response)


def test_an_api_worker_answer_is_not_stored(demo_workers):
    worker = Worker.objects.filter(village_id="32.11.15.2001").first()
    token = token_create(actor=None, user=demo_workers["desa.cikeruh"])
    response = Client(headers={"Authorization": f"Bearer {token}"}).get(
        f"/api/v1/workers/{worker.pk}"
    )
    assert response.status_code == 200
    assert kept_by_nobody(response)


def test_an_excel_download_is_not_stored(demo):
    response = client_for(demo["disnaker"]).get("/inpres/laporan/", {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert kept_by_nobody(response)


def test_a_static_file_and_an_anonymous_public_page_keep_their_caching(demo):
    browser = client_for(demo["disnaker"])
    static = browser.get(staticfiles_storage.url("web/app.css"))
    assert static.status_code == 200
    assert not kept_by_nobody(static)
    assert not kept_by_nobody(Client().get("/publik/cakupan/"))
