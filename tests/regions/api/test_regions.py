"""`/api/v1/regions`: the region list through the API."""

import pytest
from django.test import Client

from lindungi.accounts.services import token_create
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_a_region_and_its_children_with_a_bearer_token(demo):
    token = token_create(actor=None, user=demo["bpjs.sumedang"])
    client = Client(headers={"Authorization": f"Bearer {token}"})

    region = client.get("/api/v1/regions/32.11").json()
    assert region == {
        "code": "32.11",
        "level": "regency",
        "name": "Kabupaten Sumedang",
        "parent_code": "32",
        "is_active": True,
    }
    children = client.get("/api/v1/regions/32.11.15/children").json()
    assert [child["name"] for child in children][:3] == ["Cikeruh", "Hegarmanah", "Cibeusi"]
    assert len(children) == 12


def test_an_unknown_region_is_a_404_with_code_and_message(demo):
    response = client_for(demo["disnaker"]).get("/api/v1/regions/99.99")
    assert response.status_code == 404
    assert response.json() == {
        "code": "region.not_found",
        "message": "Wilayah 99.99 tidak ditemukan",
        "details": {"region": "99.99"},
    }


def test_region_search_by_name(demo):
    found = client_for(demo["desa.cikeruh"]).get("/api/v1/regions", {"q": "sumedang"}).json()
    assert found[0]["code"] == "32.11"
