import pytest

from lindungi.demo.seed import DEMO_PASSWORD, seed_demo
from lindungi.regions.loading import load_regions
from tests.e2e.conftest import ARTIFACTS


@pytest.fixture
def demo_site(live_server, transactional_db):
    load_regions()  # transactional tests start from tables emptied by the ones before
    seed_demo(with_programs=False)
    return live_server.url


def sign_in(page, site: str, username: str) -> None:
    page.goto(f"{site}/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def test_village_operator_signs_in_on_a_phone_and_sees_the_dashboard(demo_site, phone):
    sign_in(phone, demo_site, "desa.cikeruh")

    phone.get_by_role("heading", name="Selamat datang, Operator Desa Cikeruh").wait_for()
    assert phone.get_by_test_id("role").inner_text() == "Operator Desa"
    assert "Cikeruh" in phone.get_by_test_id("scope-region").inner_text()
    assert "Jatinangor" in phone.get_by_test_id("scope-region").inner_text()
    # Nothing overflows the 360-px screen sideways.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.screenshot(path=str(ARTIFACTS / "dashboard-desa-360px.png"), full_page=True)

    phone.get_by_role("button", name="Menu").click()  # the drawer, then the coverage task
    phone.locator("#menu summary", has_text="Cakupan").click()
    phone.get_by_role("link", name="Wilayah").click()
    phone.get_by_role("heading", name="Cikeruh").wait_for()
    phone.get_by_role("link", name="Jatinangor").click()  # up the breadcrumb to the district
    phone.get_by_role("link", name="Hegarmanah").wait_for()  # a neighbour village

    phone.get_by_test_id("logout").click()
    phone.get_by_role("button", name="Masuk").wait_for()
    assert phone.console_errors == []  # CSP violations and script errors show up here


def test_regency_admin_sees_work_queues_and_no_chart_on_a_phone(demo_site, phone):
    sign_in(phone, demo_site, "disnaker")
    queue = phone.get_by_test_id("queue-enrolments")  # the home page: the admin's work first
    queue.wait_for()
    assert "untuk diverifikasi" in queue.inner_text()
    assert phone.locator("canvas[data-chart]").count() == 0  # no villages-per-district chart
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.screenshot(path=str(ARTIFACTS / "dashboard-admin-360px.png"), full_page=True)
    assert phone.console_errors == []
