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
