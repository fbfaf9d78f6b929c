"""Nobody reads a user outside their scope, through the API or the pages.

Every API operation must be listed here as public reference data or as a scoped route whose
crossings are tested below: a new route fails `test_every_api_route_is_classified` until it is.
"""

import pytest

from lindungi.api.api import api
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PUBLIC_REFERENCE = {
    ("GET", "/api/v1/regions"),
    ("GET", "/api/v1/regions/{code}"),
    ("GET", "/api/v1/regions/{code}/children"),
    ("POST", "/api/v1/calculator/contribution"),
    ("POST", "/api/v1/calculator/benefit"),
}
SCOPED = {
    ("GET", "/api/v1/me"),
    ("GET", "/api/v1/users"),
    ("GET", "/api/v1/users/{user_id}"),
    ("GET", "/api/v1/workers"),
    ("POST", "/api/v1/workers"),
    ("GET", "/api/v1/workers/{worker_id}"),
    ("PATCH", "/api/v1/workers/{worker_id}"),
    ("POST", "/api/v1/workers/import"),
    ("GET", "/api/v1/jobs/{job_id}"),
}


def test_every_api_route_is_classified():
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    routes = {
        (method.upper(), path) for path, methods in schema["paths"].items() for method in methods
    }
    assert routes == PUBLIC_REFERENCE | SCOPED


# (reader, user they may see, user they must not see)
CROSSINGS = [
    ("desa.cikeruh", "desa.cikeruh", "desa.gudang"),
    ("desa.cikeruh", "desa.cikeruh", "disnaker"),
    ("desa.gudang", "desa.gudang", "desa.bandung"),
    ("opd.dppkbp3a", "opd.dppkbp3a", "asn.rina"),  # ASN of another agency
    ("opd.dppkbp3a", "opd.dppkbp3a", "opd.bandung"),
    ("asn.rina", "asn.rina", "disnaker"),
    ("disnaker", "desa.gudang", "desa.bandung"),
    ("disnaker", "asn.rina", "disnaker.bandung"),
    ("disnaker", "desa.cikeruh", "admin"),
    ("tim.koordinasi", "desa.cikeruh", "opd.bandung"),
    ("bpjs.sumedang", "opd.dppkbp3a", "desa.bandung"),
    ("disnaker.bandung", "desa.bandung", "desa.cikeruh"),
]


@pytest.fixture
def everyone(demo, bandung):
    return {**demo, **{user.username: user for user in bandung.values() if hasattr(user, "role")}}


@pytest.mark.parametrize(("reader", "inside", "outside"), CROSSINGS)
def test_a_user_outside_the_scope_is_neither_listed_nor_read(everyone, reader, inside, outside):
    client = client_for(everyone[reader])
    listed = {row["username"] for row in client.get("/api/v1/users?limit=500").json()["items"]}
    assert inside in listed
    assert outside not in listed

    assert client.get(f"/api/v1/users/{everyone[inside].pk}").status_code == 200
    assert client.get(f"/pengguna/{everyone[inside].pk}/").status_code == 200
    api_response = client.get(f"/api/v1/users/{everyone[outside].pk}")
    assert api_response.status_code == 404
    assert api_response.json()["code"] == "not_found"
    assert client.get(f"/pengguna/{everyone[outside].pk}/").status_code == 404
    assert everyone[outside].username not in client.get("/pengguna/").content.decode()


def test_out_of_scope_and_missing_users_answer_the_same(everyone):
    client = client_for(everyone["desa.cikeruh"])
    outside = client.get(f"/api/v1/users/{everyone['desa.bandung'].pk}")
    missing = client.get("/api/v1/users/999999")
    assert outside.status_code == missing.status_code == 404
    assert outside.json()["message"] == missing.json()["message"]


def test_the_superuser_sees_every_regency(everyone):
    listed = {
        row["username"]
        for row in client_for(everyone["admin"]).get("/api/v1/users?limit=500").json()["items"]
    }
    assert {"desa.cikeruh", "desa.bandung", "disnaker.bandung"} <= listed


# (reader, a village whose workers they may see, a village whose workers they must not see)
WORKER_CROSSINGS = [
    ("desa.cikeruh", "32.11.15.2001", "32.11.11.2001"),
    ("desa.gudang", "32.11.11.2001", "32.11.15.2001"),
    ("disnaker", "32.11.17.2005", "32.04.05.2001"),
    ("tim.koordinasi", "32.11.15.2001", "32.04.05.2001"),
    ("disnaker.bandung", "32.04.05.2001", "32.11.15.2001"),
]


@pytest.fixture
def bandung_worker(bandung):
    from lindungi.accounts.selectors import scope_for_user
    from lindungi.regions.selectors import region_get
    from lindungi.workers.services import worker_create

    return worker_create(
        actor=bandung["village"],
        scope=scope_for_user(bandung["village"]),
        nik="3204051508900001",
        name="Warga Bandung",
        village=region_get(code="32.04.05.2001"),
    )


@pytest.mark.parametrize(("reader", "inside", "outside"), WORKER_CROSSINGS)
def test_a_worker_outside_the_scope_is_neither_listed_read_nor_changed(
    demo_workers, bandung, bandung_worker, reader, inside, outside
):
    from lindungi.workers.models import Worker

    users = {**demo_workers, **{u.username: u for u in bandung.values() if hasattr(u, "role")}}
    client = client_for(users[reader])
    mine = Worker.objects.filter(village_id=inside).first()
    theirs = Worker.objects.filter(village_id=outside).first()

    listed = client.get(f"/api/v1/workers?village={outside}").json()
    assert listed["count"] == 0
    assert client.get(f"/api/v1/workers?village={inside}").json()["count"] > 0
    assert client.get(f"/api/v1/workers/{mine.pk}").status_code == 200
    assert client.get(f"/pekerja/{mine.pk}/").status_code == 200

    assert client.get(f"/api/v1/workers/{theirs.pk}").status_code == 404
    assert client.get(f"/pekerja/{theirs.pk}/").status_code == 404
    assert client.get(f"/pekerja/{theirs.pk}/ubah/").status_code == 404
    changed = client.patch(
        f"/api/v1/workers/{theirs.pk}", {"name": "Diubah"}, content_type="application/json"
    )
    assert changed.status_code == 404
    assert Worker.objects.get(pk=theirs.pk).name != "Diubah"
    searched = client.get("/pekerja/", {"q": theirs.nik}).content.decode()
    assert f'href="/pekerja/{theirs.pk}/"' not in searched
    assert "Tidak ada pekerja yang cocok" in searched or "No workers match" in searched


def test_a_village_operator_cannot_register_a_worker_in_another_village(demo):
    response = client_for(demo["desa.cikeruh"]).post(
        "/api/v1/workers",
        {"nik": "3211111508900001", "name": "Tetangga", "village_code": "32.11.11.2001"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["details"]["field"] == "village"


def test_the_coordination_team_cannot_write(demo):
    response = client_for(demo["tim.koordinasi"]).post(
        "/api/v1/workers",
        {"nik": "3211151508900001", "name": "Baru", "village_code": "32.11.15.2001"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_an_asn_sees_the_workers_they_registered_and_no_one_else(demo_workers):
    asn = client_for(demo_workers["asn.rina"])
    created = asn.post(
        "/api/v1/workers",
        {
            "nik": "3211175508900001",
            "name": "Art Rina",
            "village_code": "32.11.17.2005",
            "occupation": "asisten rumah tangga",
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    listed = asn.get("/api/v1/workers").json()
    assert [row["name"] for row in listed["items"]] == ["Art Rina"]
    someone = client_for(demo_workers["desa.cikeruh"]).get("/api/v1/workers").json()["items"][0]
    assert asn.get(f"/api/v1/workers/{someone['id']}").status_code == 404


def test_an_agency_operator_sees_the_workers_their_agency_registered(demo_workers):
    opd = client_for(demo_workers["opd.dppkbp3a"])
    created = opd.post(
        "/api/v1/workers",
        {
            "nik": "3211154508900002",
            "name": "Kader Posyandu",
            "village_code": "32.11.15.2001",
            "occupation": "kader posyandu",
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    assert opd.get("/api/v1/workers").json()["count"] == 1
    # The same worker is in Cikeruh's list too: the village sees everyone living there.
    village = (
        client_for(demo_workers["desa.cikeruh"]).get("/api/v1/workers", {"search": "Kader"}).json()
    )
    assert village["count"] == 1
    # An ASN of another agency does not see it.
    asn = client_for(demo_workers["asn.rina"])
    assert asn.get(f"/api/v1/workers/{created.json()['id']}").status_code == 404
