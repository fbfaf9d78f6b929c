"""The audit trail page: the regional admin searches their region's events; nobody else."""

import pytest

from lindungi.accounts.selectors import scope_for_user
from lindungi.regions.selectors import region_get
from lindungi.workers.services import worker_create
from tests.conftest import client_for


@pytest.fixture
def trail(demo, bandung):
    for operator, nik, village, name in [
        (demo["desa.cikeruh"], "3211151508900001", "32.11.15.2001", "Asep Sumedang"),
        (bandung["village"], "3204051508900001", "32.04.05.2001", "Budi Bandung"),
    ]:
        worker_create(
            actor=operator,
            scope=scope_for_user(operator),
            nik=nik,
            name=name,
            village=region_get(code=village),
        )
    return demo


def test_the_admin_sees_their_regions_events_and_can_filter_them(trail):
    client = client_for(trail["disnaker"])
    page = client.get("/audit/", {"action": "worker."}).content.decode()
    assert "32.11.15.2001" in page and "desa.cikeruh" in page
    assert "32.04.05.2001" not in page and "desa.bandung" not in page
    other = client.get("/audit/", {"action": "user."}).content.decode()
    assert "Pekerja didaftarkan" not in other.split("</select>")[1]
    assert "Pengguna ditambahkan" in other.split("</select>")[1]


@pytest.mark.parametrize(
    "username", ["tim.koordinasi", "desa.cikeruh", "bpjs.sumedang", "asn.rina"]
)
def test_other_roles_are_refused(trail, username):
    assert client_for(trail[username]).get("/audit/").status_code == 403


def test_the_menu_offers_it_to_the_admin_only(trail):
    assert 'href="/audit/"' in client_for(trail["disnaker"]).get("/").content.decode()
    assert 'href="/audit/"' not in client_for(trail["desa.cikeruh"]).get("/").content.decode()


@pytest.mark.parametrize("path", ["/audit/", "/kepesertaan/", "/pekerja/"])
def test_any_page_number_answers_without_a_server_error(trail, path):
    client = client_for(trail["disnaker"])
    for page in ["x", "-1", "9" * 30]:
        assert client.get(path, {"page": page}).status_code in {200, 404}
