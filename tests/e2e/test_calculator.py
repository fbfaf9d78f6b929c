from tests.e2e.conftest import ARTIFACTS


def test_anyone_can_simulate_a_contribution_on_a_phone(live_server, transactional_db, phone):
    # The rate tables come with the migrations; transactional tests before this one may have
    # emptied them, so the page is checked against a fresh seed.
    from lindungi.contributions.models import RateVersion
    from lindungi.contributions.seed import read_seed_rows

    if not RateVersion.objects.exists():
        RateVersion.objects.bulk_create(RateVersion(**row) for row in read_seed_rows())

    phone.goto(f"{live_server.url}/simulasi-iuran/")
    phone.get_by_label("Kategori").select_option("PU")
    phone.get_by_label("Upah sebulan (PU)").fill("5000000")
    phone.get_by_label("Kelompok risiko kecelakaan kerja (PU)").select_option("rendah")
    phone.get_by_role("button", name="Hitung").click()

    total = phone.get_by_test_id("total")
    total.wait_for()
    assert total.inner_text() == "Rp 477.000"
    assert "perlu verifikasi" in phone.locator("#result").inner_text()

    # Changing a field recalculates in place (htmx), without a new page.
    phone.get_by_label("Kelompok risiko kecelakaan kerja (PU)").select_option("sangat_tinggi")
    phone.get_by_text("Rp 537.000").first.wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.screenshot(path=str(ARTIFACTS / "simulasi-iuran-360px.png"), full_page=True)
    assert phone.console_errors == []
