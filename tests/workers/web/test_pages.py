"""Registering and editing a worker through the pages, with the import's rules."""

import html
import re

import pytest

from lindungi.core.models import AuditEvent
from lindungi.workers.models import Worker
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

FORM = {
    "nik": "3211155508900001",
    "name": "Siti Aminah",
    "village_code": "32.11.15.2001",
    "category": "BPU",
    "birth_date": "",
    "sex": "",
}


def test_a_village_operator_registers_a_worker_and_the_nik_fills_in_the_rest(demo):
    client = client_for(demo["desa.cikeruh"])
    response = client.post("/pekerja/baru/", FORM)
    worker = Worker.objects.get()
    assert response.headers["Location"] == f"/pekerja/{worker.pk}/"
    assert (worker.sex, worker.birth_date.isoformat(), worker.name_normalised) == (
        "P",
        "1990-08-15",
        "SITI AMINAH",
    )
    assert worker.added_by == demo["desa.cikeruh"]
    assert AuditEvent.objects.filter(action="worker.create").count() == 1


def test_a_birth_date_that_disagrees_with_the_nik_is_refused_next_to_its_field(demo):
    client = client_for(demo["desa.cikeruh"])
    page = client.post("/pekerja/baru/", {**FORM, "birth_date": "1990-08-16"}).content.decode()
    assert "tidak sesuai dengan yang tercantum dalam NIK" in page
    assert not Worker.objects.exists()


def test_a_second_registration_of_the_same_nik_is_refused(demo):
    client = client_for(demo["desa.cikeruh"])
    client.post("/pekerja/baru/", FORM)
    page = client.post("/pekerja/baru/", {**FORM, "name": "Siti Lain"}).content.decode()
    assert "Pekerja dengan NIK telah ada" in page
    assert Worker.objects.count() == 1


def test_editing_records_what_changed(demo):
    client = client_for(demo["desa.cikeruh"])
    client.post("/pekerja/baru/", FORM)
    worker = Worker.objects.get()
    edit = {**FORM, "phone": "081234567890", "birth_date": "1990-08-15", "sex": "P"}
    del edit["nik"]
    response = client.post(f"/pekerja/{worker.pk}/ubah/", edit)
    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.phone == "081234567890"
    event = AuditEvent.objects.get(action="worker.update")
    assert event.details["changed"]["phone"] == ["", "0812•••••890"]  # stored masked


def test_the_list_filters_by_village_within_the_scope(demo_workers):
    regency = client_for(demo_workers["disnaker"])
    page = regency.get("/pekerja/", {"village": "32.11.15.2001"}).content.decode()
    assert "120 pekerja di wilayah Anda" in page
    assert 'name="village" value="32.11.15.2001"' in page
    village = client_for(demo_workers["desa.cikeruh"])
    outside = village.get("/pekerja/", {"village": "32.11.11.2001"}).content.decode()
    assert 'name="village"' not in outside  # a village operator has one village: no choice


def test_a_page_number_that_is_not_a_number_shows_the_first_page(demo_workers):
    from tests.conftest import client_for

    client = client_for(demo_workers["disnaker"])
    for page in ["abc", "-3", "0", "1e9", "9" * 30]:
        assert client.get("/pekerja/", {"page": page}).status_code == 200


def test_the_village_filter_is_a_picker_not_a_list_of_every_village(demo_workers):
    for user in ("admin", "disnaker"):
        page = client_for(demo_workers[user]).get("/pekerja/").content.decode()
        assert 'data-testid="village-filter"' in page, user
        assert '<option value="32.' not in page, user  # no list of the regency's villages


def test_the_list_shows_a_page_of_rows_in_name_order_masked_escaped_and_linked(demo_workers):
    from tests.conftest import client_for

    regency = demo_workers["disnaker"]
    worker = Worker.objects.filter(village__code__startswith="32.11.").order_by("name").first()
    Worker.objects.filter(pk=worker.pk).update(name="<b>AAA Asep</b>")
    client = client_for(regency)
    first = client.get("/pekerja/").content.decode()
    assert f'<a href="/pekerja/{worker.pk}/">&lt;b&gt;AAA Asep&lt;/b&gt;</a>' in first
    assert "<b>AAA" not in first
    assert worker.nik not in first and worker.nik[:4] + "••••••••" + worker.nik[-4:] in first
    in_order = list(
        Worker.objects.filter(village__code__startswith="32.11.")
        .order_by("name", "nik")
        .values_list("pk", "name")[:100]
    )

    def shown(page):
        return [
            (int(pk), html.unescape(name))
            for pk, name in re.findall(r'<a href="/pekerja/(\d+)/">([^<]*)</a>', page)
        ]

    assert shown(first) == in_order[:50]
    second = client.get("/pekerja/", {"page": 2}).content.decode()
    assert shown(second) == in_order[50:100]
    assert "page=1" in second and "page=3" in second
    nothing = client.get("/pekerja/", {"q": "no such name at all"}).content.decode()
    assert "Tidak ada pekerja yang cocok." in nothing


def test_the_worker_list_filters_by_a_village_picked_by_name_or_label(demo_workers):
    client = client_for(demo_workers["disnaker"])
    by_label = client.get("/pekerja/", {"village": "Cikeruh · Jatinangor · 32.11.15.2001"})
    assert "120 pekerja di wilayah Anda" in by_label.content.decode()
    by_name = client.get("/pekerja/", {"village": "cikeruh"}).content.decode()
    assert "120 pekerja di wilayah Anda" in by_name
    # While the text names no village yet, the list is not narrowed.
    typing = client.get("/pekerja/", {"village": "cik"}).content.decode()
    assert "120 pekerja di wilayah Anda" not in typing
    # A village operator has one village: no filter to choose from.
    page = client_for(demo_workers["desa.cikeruh"]).get("/pekerja/").content.decode()
    assert 'name="village"' not in page


@pytest.mark.parametrize("username", ["asn.rina", "jaksa.sumedang"])
def test_no_village_filter_above_a_list_it_cannot_narrow(demo_workers, username):
    text = client_for(demo_workers[username]).get("/pekerja/").content.decode()
    total = int(re.search(r'data-testid="worker-total">(\d+)', text).group(1))
    assert total <= 1
    assert 'name="village"' not in text
