"""The region pages: browsing from one's own region, and searching."""

import pytest

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_regions_page_browses_and_searches(demo):
    client = client_for(demo["desa.cikeruh"])
    assert "Cikeruh" in client.get("/wilayah/").content.decode()
    district = client.get("/wilayah/32.11.15/").content.decode()
    assert "Hegarmanah" in district
    found = client.get("/wilayah/cari/", {"q": "jatinangor"}).content.decode()
    assert "32.11.15" in found
    assert client.get("/wilayah/99.99/").status_code == 404
