from lindungi.demo.seed import seed_demo
from lindungi.regions.loading import load_regions
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_login import sign_in


def test_a_village_operator_imports_a_file_and_reads_the_rejections(
    live_server, transactional_db, phone, tmp_path
):
    load_regions()
    seed_demo(with_workers=False)
    upload = tmp_path / "warga-cikeruh.csv"
    upload.write_text(
        "NIK;Nama;Tgl Lahir\n"
        "3211151508900002;Budi Santoso;15/08/1990\n"
        "3211151508900003;Asep;16/08/1990\n"
    )
    sign_in(phone, live_server.url, "desa.cikeruh")
    phone.get_by_test_id("role").wait_for()
    phone.goto(f"{live_server.url}/pekerja/impor/")
    phone.get_by_label("Berkas CSV atau Excel").set_input_files(str(upload))
    phone.get_by_role("button", name="Impor", exact=True).click()

    phone.locator("[data-testid=import-job][data-status=done]").wait_for()
    assert phone.get_by_test_id("imported").inner_text() == "1"
    assert phone.get_by_test_id("rejected").inner_text() == "1"
    assert "tidak sesuai dengan yang tercantum dalam NIK" in phone.locator("table").inner_text()
    phone.screenshot(path=str(ARTIFACTS / "impor-desa-360px.png"), full_page=True)

    phone.get_by_role("link", name="Pekerja", exact=True).click()
    assert "Budi Santoso" in phone.locator("#worker-rows").inner_text()
    assert phone.console_errors == []
