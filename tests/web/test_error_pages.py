"""A refused or missing page, and a failure, answer with the product's page, in the layout,
with the reason and a way back, whether DEBUG is on or off: never Django's yellow page or a
bare line of text. Under /api/ errors stay JSON; an htmx request gets a small fragment."""

import pytest
from django.test import Client, RequestFactory, override_settings
from django.utils.functional import SimpleLazyObject

from lindungi.web.errors import server_error
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

DEBUG = [pytest.param(False, id="production"), pytest.param(True, id="debug")]


def in_layout(page: str) -> bool:
    return 'data-testid="error-page"' in page and 'data-testid="logout"' in page


@pytest.mark.parametrize("debug", DEBUG)
def test_an_unknown_address_is_the_products_404_page(demo, debug):
    with override_settings(DEBUG=debug):
        response = client_for(demo["disnaker"]).get(
            "/tidak-ada/", HTTP_REFERER="http://testserver/pekerja/"
        )
    page = response.content.decode()
    assert response.status_code == 404
    assert in_layout(page)
    assert "Halaman tidak ditemukan" in page
    assert 'data-testid="error-home"' in page
    assert 'href="http://testserver/pekerja/"' in page  # back where the reader came from
    assert "URLconf" not in page


@pytest.mark.parametrize("debug", DEBUG)
def test_an_object_outside_the_scope_is_the_same_404_page(demo, bandung, debug):
    with override_settings(DEBUG=debug):
        response = client_for(demo["disnaker"]).get(f"/pengguna/{bandung['village'].pk}/")
    assert response.status_code == 404
    assert in_layout(response.content.decode())


@pytest.mark.parametrize("debug", DEBUG)
def test_a_refusal_is_the_403_page_with_its_reason(demo, debug):
    with override_settings(DEBUG=debug):
        response = client_for(demo["tim.koordinasi"]).post("/inpres/", {"action": "seed"})
    page = response.content.decode()
    assert response.status_code == 403
    assert in_layout(page)
    assert "Tidak diizinkan" in page
    assert "Hanya admin pemda yang dapat mengubah data Inpres" in page


def test_a_page_a_role_does_not_open_says_why(demo):
    response = client_for(demo["desa.cikeruh"]).get("/sponsor/baru/")
    assert response.status_code == 403
    assert "Hanya admin pemda yang mendaftarkan pemberi iuran di sini" in response.content.decode()


def test_a_stale_form_is_the_403_page_asking_to_reload(demo):
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo["disnaker"])
    response = client.post("/pengguna/baru/", {"username": "x"})
    page = response.content.decode()
    assert response.status_code == 403
    assert in_layout(page)
    assert "kedaluwarsa" in page


def test_an_htmx_request_gets_a_fragment(demo):
    response = client_for(demo["disnaker"]).get("/tidak-ada/", HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 404
    assert 'data-testid="error-fragment"' in page
    assert "<html" not in page


@pytest.mark.parametrize("debug", DEBUG)
def test_the_api_keeps_its_json_errors(demo, debug):
    with override_settings(DEBUG=debug):
        response = client_for(demo["disnaker"]).get("/api/v1/users/999999")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.urls("tests.web.error_urls")
def test_a_failing_page_is_the_500_page_without_its_text(demo):
    client = client_for(demo["disnaker"])
    client.raise_request_exception = False
    response = client.get("/rusak/")
    page = response.content.decode()
    assert response.status_code == 500
    assert 'data-testid="error-page"' in page
    assert "Terjadi kesalahan di sisi kami" in page
    assert 'data-testid="error-home"' in page
    assert "secret" not in page


def test_the_500_page_needs_neither_the_database_nor_the_user(django_assert_num_queries):
    request = RequestFactory().get("/pekerja/")

    def unreachable() -> None:
        raise AssertionError("the 500 page read the signed-in user")

    request.user = SimpleLazyObject(unreachable)
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert 'data-testid="error-page"' in response.content.decode()
