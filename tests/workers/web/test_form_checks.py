"""The worker form checks each field before the database does, and says which rule in words:
no constraint's name ever reaches the page; required fields are marked; BPU is the default."""

import re

import pytest

from lindungi.accounts.selectors import scope_for_user
from lindungi.web.forms import constraint_fields
from lindungi.workers.models import Worker
from lindungi.workers.web.forms import WorkerForm
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

FORM = {
    "nik": "3211155508900001",
    "name": "Siti Aminah",
    "village_code": "32.11.15.2001",
    "category": "BPU",
}


def _refused(demo, **values: str) -> str:
    page = client_for(demo["desa.cikeruh"]).post("/pekerja/baru/", {**FORM, **values})
    assert page.status_code == 200
    assert not Worker.objects.exists()
    text = page.content.decode()
    assert "Batasan" not in text and "dilanggar" not in text and "worker_" not in text
    return text


def _field_error(page: str, field: str) -> str:
    found = re.search(rf'<small class="error" id="id_{field}_error"[^>]*>([^<]*)</small>', page)
    assert found, f"no error next to {field}"
    return found.group(1)


def test_a_15_digit_nik_is_refused_next_to_the_nik_naming_the_rule(demo):
    page = _refused(demo, nik="321115550890000")
    assert _field_error(page, "nik") == "NIK terdiri atas tepat 16 digit, bukan 15"
    assert re.search(r'<input[^>]*name="nik"[^>]*aria-describedby="[^"]*id_nik_error', page)
    summary = page.split('data-testid="error-summary"')[1].split("</div>")[0]
    assert 'href="#id_nik">NIK</a>' in summary


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"nik": "32111555089O0001"}, "nik", "NIK hanya berisi angka"),
        ({"nik": "3211155508900000"}, "nik", "0000"),
        ({"desil": "11"}, "desil", "10"),
        ({"desil": "0"}, "desil", "1"),
        ({"income": "-5"}, "income", "0"),
    ],
)
def test_values_the_table_would_refuse_are_refused_by_the_form_beside_their_field(
    demo, values, field, message
):
    assert message in _field_error(_refused(demo, **values), field)


def test_a_new_worker_is_offered_bpu_and_saves_with_it(demo):
    client = client_for(demo["desa.cikeruh"])
    page = client.get("/pekerja/baru/").content.decode()
    assert re.search(r'<option value="BPU" selected>', page)
    own_village = re.search(r'name="village_code" value="([^"]+)"', page)
    assert own_village and own_village.group(1).endswith("32.11.15.2001")
    posted = {"nik": FORM["nik"], "name": "Siti Aminah", "category": "BPU"}
    response = client.post("/pekerja/baru/", {**posted, "village_code": own_village.group(1)})
    assert response.status_code == 302
    assert Worker.objects.get().category == "BPU"


def test_required_fields_are_marked_and_the_mark_is_explained(demo):
    page = client_for(demo["desa.cikeruh"]).get("/pekerja/baru/").content.decode()
    assert "wajib diisi" in page.split('data-testid="required-legend"')[1].split("</p>")[0]
    for field in ("nik", "name", "category", "village_code"):
        assert re.search(rf'<(input|select)[^>]*name="{field}"[^>]*required', page), field
        label = re.search(rf'<label for="id_{field}">(.*?)</label>', page, re.S)
        assert label and 'class="required-mark"' in label.group(1), field
    address = re.search(r'<label for="id_address">(.*?)</label>', page, re.S)
    assert address and "required-mark" not in address.group(1)


def test_the_village_is_picked_by_its_name_without_javascript(demo):
    client = client_for(demo["disnaker"])
    response = client.post("/pekerja/baru/", {**FORM, "village_code": "cikeruh"})
    assert response.status_code == 302
    assert Worker.objects.get().village_id == "32.11.15.2001"


def test_a_village_outside_the_readers_region_is_refused_beside_the_picker(demo):
    page = _refused(demo, village_code="32.04.05.2001")
    assert "32.04.05.2001" in _field_error(page, "village_code")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"nik": "321115550890000"}, "nik"),
        ({"income": -1}, "income"),
        ({"income": 10**13}, "income"),
        ({"desil": 11}, "desil"),
        ({"phone": "0" * 21}, "phone"),
        ({"occupation": "x" * 101}, "occupation"),
    ],
)
def test_the_api_refuses_what_the_table_would_refuse_naming_the_field(demo, values, field):
    client = client_for(demo["desa.cikeruh"])
    response = client.post("/api/v1/workers", {**FORM, **values}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["details"]["field"] == field
    assert "worker_" not in response.json()["message"]
    assert not Worker.objects.exists()


def test_a_constraint_still_broken_after_the_field_checks_is_said_beside_its_field(demo):
    """The safety net under the field checks: a form whose field lets through what the table
    refuses shows the field's name, not the constraint's."""
    form = WorkerForm({**FORM, "desil": "11"}, scope=scope_for_user(demo["desa.cikeruh"]))
    form.fields["desil"].validators.clear()
    assert not form.is_valid()
    assert form.errors == {"desil": ["Desil kesejahteraan: nilai ini tidak diperbolehkan"]}


def test_the_fields_a_constraint_reads_are_found_in_its_condition():
    fields = {c.name: constraint_fields(c) for c in Worker._meta.constraints}
    assert fields["worker_nik_16_characters"] == ["nik"]
    assert fields["worker_nik_unique"] == ["nik"]
    assert fields["worker_desil_1_to_10"] == ["desil"]
