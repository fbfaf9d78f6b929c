"""Awards through the REST API: compute, read, publish and a winner's certificate, within the
caller's scope."""

import pytest

from lindungi.coverage.models import AwardStatus
from tests.conftest import client_for
from tests.coverage.test_awards import AS_OF, villages  # noqa: F401 (fixture)


@pytest.fixture
def on_the_day(time_machine):
    time_machine.move_to(f"{AS_OF.isoformat()} 10:00 +07:00", tick=False)


@pytest.mark.usefixtures("villages", "on_the_day")
def test_the_api_computes_publishes_and_prints_the_award_list(admin, demo_workers, bandung):
    client = client_for(admin)
    computed = client.post(
        "/api/v1/awards",
        {"region_code": "32.11", "first_month": "2026-01", "last_month": "2026-03", "winners": 1},
        content_type="application/json",
    )
    assert computed.status_code == 200, computed.content
    award = computed.json()
    assert award["status"] == "draft" and award["period"] == "Januari-Maret 2026"
    winners = [e for e in award["entries"] if e["is_winner"]]
    assert {(e["category"], e["name"]) for e in winners} == {
        ("village_quota", "Cikeruh"),
        ("village_on_time", "Cikeruh"),
    }
    quota = next(e for e in winners if e["category"] == "village_quota")
    assert quota["score"] == 4.33 and quota["figures"]["worker_months"] == 13

    village = client_for(demo_workers["desa.cikeruh"])
    path = f"/api/v1/awards/{award['id']}"
    assert village.post(f"{path}/publish").status_code == 403
    assert village.get(path).status_code == 404  # a draft is the admin's
    other = client_for(bandung["admin"])
    assert other.post(f"{path}/publish").status_code == 404
    assert client.post(f"{path}/compute").status_code == 200

    published = client.post(f"{path}/publish")
    assert published.status_code == 200 and published.json()["status"] == AwardStatus.PUBLISHED
    assert client.post(f"{path}/publish").json()["code"] == "award.published"
    assert client.post(f"{path}/compute").status_code == 409
    read = village.get(f"{path}?winners_only=true").json()
    assert [e["name"] for e in read["entries"]] == ["Cikeruh", "Cikeruh"]
    assert [a["id"] for a in village.get("/api/v1/awards").json()] == [award["id"]]
    assert other.get("/api/v1/awards").json() == []
    entry = read["entries"][0]["id"]  # computing again made new entries
    pdf = village.get(f"{path}/entries/{entry}/certificate")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert other.get(f"{path}/entries/{entry}/certificate").status_code == 404


@pytest.mark.usefixtures("on_the_day")
def test_bad_input_names_its_field(admin):
    client = client_for(admin)
    answer = client.post(
        "/api/v1/awards",
        {"region_code": "32.11", "first_month": "2026-05", "last_month": "2026-02"},
        content_type="application/json",
    )
    assert answer.status_code == 422 and answer.json()["details"]["field"] == "last_month"
    unknown = client.post(
        "/api/v1/awards", {"region_code": "99.99", "year": 2026}, content_type="application/json"
    )
    assert unknown.status_code == 404
