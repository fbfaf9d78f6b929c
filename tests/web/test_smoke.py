"""Every page renders for every role (a template error anywhere fails here)."""

import pytest
from django.urls import reverse

from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PAGES = [
    "web:home",
    "web:regions",
    "web:users",
    "web:workers",
    "web:duplicates",
    "web:simulasi_iuran",
    "web:simulasi_manfaat",
    "web:about",
]
WRITING_PAGES = ["web:worker_new", "web:worker_import"]


@pytest.mark.parametrize(
    "username",
    [
        "disnaker",
        "desa.cikeruh",
        "opd.dppkbp3a",
        "asn.rina",
        "bpjs.sumedang",
        "tim.koordinasi",
        "admin",
    ],
)
def test_every_page_renders_for_every_role(demo_workers, username):
    client = client_for(demo_workers[username])
    writer = username != "tim.koordinasi"
    for name in PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 200, (name, response.status_code)
    for name in WRITING_PAGES:
        response = client.get(reverse(name))
        assert response.status_code == (200 if writer else 403), (name, response.status_code)
    worker_id = client.get("/api/v1/workers").json()["items"]
    if worker_id:
        detail = client.get(reverse("web:worker", args=[worker_id[0]["id"]]))
        assert detail.status_code == 200
        edit = client.get(reverse("web:worker_edit", args=[worker_id[0]["id"]]))
        assert edit.status_code == (200 if writer else 403)
