"""Coverage through the REST API: figures with their base (unknown is null, never 0), trends,
children, rankings, the budget planner, the public figures for anyone, snapshots and imports,
each within the caller's scope (docs/coverage.md)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import schemathesis
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client

from lindungi.accounts.models import User
from lindungi.accounts.services import token_create
from lindungi.config.wsgi import application
from lindungi.coverage.models import (
    BpjsParticipants,
    CoverageTarget,
    Denominator,
    SnapshotRun,
)
from tests.api.test_fuzz import CHECKS
from tests.coverage.conftest import (  # noqa: F401 (fixtures)
    FEBRUARY,
    JANUARY,
    _in_english,
    everything,
    protected,
    superuser,
    take,
)
from tests.coverage.test_selectors import base, target

pytestmark = pytest.mark.django_db

MARCH_10 = dt.datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.fixture(autouse=True)
def clock(time_machine):
    """10 March 2026: January and February are past months that a snapshot may take."""
    time_machine.move_to(MARCH_10, tick=False)


@pytest.fixture
def january(protected):  # noqa: F811 (fixture)
    """Cikeruh's 5 and Gudang's 3 workers, January taken for the whole country."""
    take(JANUARY)
    return protected


def english(user: User | None = None) -> Client:
    """A client that chose English (the product speaks Indonesian by default); signed in when
    a user is given."""
    client = Client()
    if user is not None:
        client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_a_figure_is_protected_over_the_base_with_target_gap_and_bpjs_count(january, demo):
    base("32.11", 20, year=2024)
    base("32.11", 40, year=2025, kind="working_population")
    target("32.11", "50")
    BpjsParticipants.objects.create(
        region_id="32.11",
        month=dt.date(2025, 12, 1),
        count=12,
        source="BPJS Sumedang",
        imported_at=MARCH_10,
    )
    response = english(demo["disnaker"]).get("/api/v1/coverage?region=32.11&month=2026-01")
    assert response.status_code == 200, response.content
    figure = response.json()
    assert (figure["region_code"], figure["level"], figure["month"]) == (
        "32.11",
        "regency",
        "2026-01-01",
    )
    assert (figure["protected"], figure["percent"]) == (8, 40.0)
    assert figure["base"] == {
        "kind": "eligible",
        "value": 20,
        "year": 2024,
        "source": "BPJS Kanwil Jawa Barat",
        "as_of": "2025-12-31",
    }
    assert [item["kind"] for item in figure["bases"]] == ["eligible", "working_population"]
    assert figure["sentence"] == "40.00 % of 20 eligible workers, Jan 2026"
    assert figure["target"] == {"percent": 50.0, "year": 2026, "source": "RPJMD"}
    # 50 % of 20 is 10 workers: 2 more, a year each at Rp 16.800.
    assert figure["gap"] == {
        "workers": 2,
        "rupiah": 2 * 16_800 * 12,
        "monthly_contribution": 16_800,
        "months": 12,
    }
    assert figure["by_category"] == {"BPU": 8}
    assert figure["by_sponsor_kind"] == {"DESA": 8}
    assert figure["contributions"] == 8 * 16_800
    assert figure["participants"] == {
        "count": 12,
        "month": "2025-12-01",
        "source": "BPJS Sumedang",
        "percent": 60.0,
    }
    # The other base when asked for: 8 of 40 working people.
    other = english(demo["disnaker"]).get(
        "/api/v1/coverage?region=32.11&month=2026-01&base=working_population"
    )
    assert other.json()["percent"] == 20.0


def test_a_region_without_a_base_is_unknown_never_zero(january, demo):
    target("32.11", "50")
    client = english(demo["disnaker"])
    figure = client.get("/api/v1/coverage?region=32.11&month=2026-01").json()
    assert figure["protected"] == 8
    assert figure["percent"] is None
    assert figure["base"] is None and figure["bases"] == []
    assert figure["gap"] is None
    assert figure["participants"] is None
    assert figure["sentence"] == "coverage unknown: no base of workers for Jan 2026"

    children = client.get("/api/v1/coverage/children?region=32.11&month=2026-01").json()
    assert len(children) == 26  # the districts of Sumedang
    jatinangor = next(child for child in children if child["code"] == "32.11.15")
    assert (jatinangor["protected"], jatinangor["percent"], jatinangor["gap_workers"]) == (
        5,
        None,
        None,
    )
    quiet = next(child for child in children if child["protected"] == 0)
    assert quiet["percent"] is None  # nobody protected and no base: unknown, not 0 %

    # A month not taken is null too, never 0 protected.
    trend = client.get("/api/v1/coverage/trend?region=32.11&until=2026-02&months=3").json()
    assert [(p["month"], p["protected"], p["percent"]) for p in trend] == [
        ("2025-12-01", None, None),
        ("2026-01-01", 8, None),
        ("2026-02-01", None, None),
    ]
    assert all(
        point["target_percent"] == (50.0 if point["month"] >= "2026" else None) for point in trend
    )


def test_the_callers_region_and_latest_month_by_default(january, demo):
    base("32.11", 80)
    take(FEBRUARY)
    figure = english(demo["disnaker"]).get("/api/v1/coverage").json()
    assert (figure["region_code"], figure["month"], figure["percent"]) == (
        "32.11",
        "2026-02-01",
        10.0,
    )
    village = english(demo["desa.cikeruh"]).get("/api/v1/coverage").json()
    assert (village["region_code"], village["level"], village["protected"]) == (
        "32.11.15.2001",
        "village",
        5,
    )
    country = english(demo["admin"]).get("/api/v1/coverage").json()
    assert (country["region_code"], country["level"], country["protected"]) == ("", "national", 8)
    trend = english(demo["disnaker"]).get("/api/v1/coverage/trend?months=2").json()
    assert [(p["month"], p["percent"]) for p in trend] == [
        ("2026-01-01", 10.0),
        ("2026-02-01", 10.0),
    ]


def test_nothing_taken_yet_answers_404_and_a_bad_month_422(protected, demo):  # noqa: F811
    client = english(demo["disnaker"])
    missing = client.get("/api/v1/coverage?region=32.11")
    assert missing.status_code == 404
    assert missing.json()["message"] == "No coverage snapshot of Kabupaten Sumedang yet"
    assert client.get("/api/v1/coverage?region=32.11&month=2026-01").status_code == 404
    assert client.get("/api/v1/coverage?region=32.11&month=2026-13").status_code == 422
    assert client.get("/api/v1/coverage?region=Sumedang").status_code == 422
    trend = client.get("/api/v1/coverage/trend?region=32.11&months=2").json()
    assert [p["protected"] for p in trend] == [None, None]


# (reader, a region they read, a region of another regency that must look missing)
CROSSINGS = [
    ("disnaker.bandung", "32.04", "32.11"),
    ("disnaker.bandung", "32.04", "32.11.15.2001"),
    ("disnaker", "32.11", "32.04"),
    ("disnaker", "32.11", "32"),  # the province is not a regency officer's
    ("desa.gudang", "32.11.11.2001", "32.11.15.2001"),
    ("desa.bandung", "32.04.05.2001", "32.11.11"),
]


@pytest.mark.parametrize(("reader", "inside", "outside"), CROSSINGS)
def test_a_region_outside_the_scope_looks_missing(january, demo, bandung, reader, inside, outside):
    users = {**demo, **{u.username: u for u in bandung.values() if isinstance(u, User)}}
    client = english(users[reader])
    assert client.get(f"/api/v1/coverage?region={inside}&month=2026-01").status_code == 200
    paths = [
        f"/api/v1/coverage?region={outside}&month=2026-01",
        f"/api/v1/coverage?region={outside}",
        f"/api/v1/coverage/trend?region={outside}",
        f"/api/v1/coverage/children?region={outside}&month=2026-01",
        f"/api/v1/rankings?kind=villages&region={outside}&month=2026-01",
        f"/api/v1/rankings?kind=agencies&region={outside}&month=2026-01",
        f"/api/v1/rankings?kind=regencies&region={outside}&month=2026-01",
        f"/api/v1/budget-plan?region={outside}&year=2027",
        f"/api/v1/budget-plan?region={outside}&year=2026&percent=40",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 404, (path, response.content)
        assert response.json()["code"] == "region.not_found"
    missing = client.get("/api/v1/coverage?region=99.99&month=2026-01").json()
    assert missing["message"] == "Region 99.99 not found"


def test_rankings_of_villages_agencies_and_regencies(january, demo):
    client = english(demo["disnaker"])
    villages = client.get("/api/v1/rankings?kind=villages&limit=2").json()
    assert (villages["kind"], villages["region_code"], villages["month"]) == (
        "villages",
        "32.11",
        "2026-01-01",
    )
    assert villages["count"] > 250  # every village of Sumedang
    assert villages["agencies"] == [] and villages["regencies"] == []
    first, second = villages["villages"]
    assert first == {
        "rank": 1,
        "code": "32.11.15.2001",
        "name": first["name"],
        "protected": 5,
        "by_village": 5,
        "quota": 100,
        "fill_percent": 5.0,
        "room": 95,
    }
    assert (second["code"], second["rank"], second["by_village"]) == ("32.11.11.2001", 2, 3)
    page = client.get("/api/v1/rankings?kind=villages&limit=1&offset=1").json()
    assert [v["code"] for v in page["villages"]] == ["32.11.11.2001"]

    agencies = client.get("/api/v1/rankings?kind=agencies&month=2026-01").json()
    assert {a["name"] for a in agencies["agencies"]} >= {"Dinas Kesehatan", "Sekretariat Daerah"}
    assert all(a["region_code"] == "32.11" for a in agencies["agencies"])

    base("32.11", 80)  # 8 of 80: 10 %
    regencies = english(demo["admin"]).get("/api/v1/rankings?kind=regencies&region=32").json()
    assert regencies["count"] == 27
    assert (regencies["regencies"][0]["code"], regencies["regencies"][0]["rank"]) == ("32.11", 1)
    assert regencies["regencies"][0]["percent"] == 10.0
    assert regencies["regencies"][1]["rank"] is None  # no base: unranked, not 0 %
    refused = english(demo["admin"]).get("/api/v1/rankings?kind=regencies&region=32.11")
    assert refused.status_code == 422
    assert refused.json()["details"]["field"] == "region"
    assert client.get("/api/v1/rankings?kind=towns").status_code == 422


def test_the_budget_plan_and_the_cost_to_reach_a_percentage(january, demo):
    village = english(demo["desa.cikeruh"]).get("/api/v1/budget-plan?year=2027").json()
    assert (village["region_code"], village["year"], village["as_of_month"]) == (
        "32.11.15.2001",
        2027,
        "2026-01-01",
    )
    (line,) = village["lines"]
    # The village program's quota: 100 workers, Rp 16.800 a month, 12 months.
    assert (line["workers"], line["monthly_contribution"], line["months"]) == (100, 16_800, 12)
    assert line["amount"] == village["total"] == 20_160_000
    assert (line["funding_source"], line["sponsor_kind"]) == ("DANA_DESA", "DESA")
    assert village["cost_to_reach"] is None

    base("32.11", 1_000)
    client = english(demo["disnaker"])
    plan = client.get("/api/v1/budget-plan?region=32.11&year=2026&percent=10").json()
    assert plan["lines"] == [] and plan["total"] == 0  # no agencies' scheme in this world
    reach = plan["cost_to_reach"]
    # 10 % of 1.000 is 100 workers; 8 are protected: 92 more, a year each at Rp 16.800.
    assert (reach["protected"], reach["workers_needed"]) == (8, 92)
    assert reach["rupiah"] == 92 * 16_800 * 12 == 18_547_200
    assert reach["base"]["value"] == 1_000
    rooms = {v["code"]: v["room"] for v in reach["villages_with_room"]}
    assert (rooms["32.11.15.2001"], rooms["32.11.11.2001"]) == (95, 97)
    assert reach["room"] >= reach["workers_needed"]

    country = english(demo["admin"]).get("/api/v1/budget-plan?region=ID&year=2026&percent=10")
    assert country.json()["lines"] is None
    assert country.json()["cost_to_reach"]["workers_needed"] is None  # no national base
    refused = english(demo["admin"]).get("/api/v1/budget-plan?region=32&year=2026")
    assert refused.status_code == 422
    assert client.get("/api/v1/budget-plan?region=32.11&percent=0").status_code == 422
    assert client.get("/api/v1/budget-plan?region=32.11&percent=101").status_code == 422


PUBLIC_FIELDS = {
    "region_code",
    "region_name",
    "level",
    "month",
    "protected",
    "percent",
    "base",
    "target_percent",
    "target_source",
    "gap_workers",
    "by_category",
    "by_sponsor_kind",
    "trend",
    "months",
}


def test_the_public_figures_need_no_sign_in_and_hold_aggregates_only(january, demo):
    base("32.11", 80)
    target("32.11", "20")
    take(FEBRUARY)
    anonymous = english()
    response = anonymous.get("/api/v1/public/coverage?region=32.11")
    assert response.status_code == 200, response.content
    figure = response.json()
    assert set(figure) == PUBLIC_FIELDS
    assert (figure["month"], figure["protected"], figure["percent"]) == ("2026-02-01", 8, 10.0)
    assert figure["base"]["value"] == 80
    assert (figure["target_percent"], figure["gap_workers"]) == (20.0, 8)
    assert figure["by_category"] == {"BPU": 8}
    assert figure["by_sponsor_kind"] == {"DESA": 8}
    assert figure["months"] == ["2026-02-01", "2026-01-01"]
    assert len(figure["trend"]) == 12
    assert figure["trend"][-2:] == [
        {"month": "2026-01-01", "protected": 8, "percent": 10.0},
        {"month": "2026-02-01", "protected": 8, "percent": 10.0},
    ]
    assert figure["trend"][0] == {"month": "2025-03-01", "protected": None, "percent": None}
    for name in ("Cikeruh", "Gudang", "nik", "kpj", "username", "sponsor_id"):
        assert name not in response.content.decode()

    country = anonymous.get("/api/v1/public/coverage").json()
    assert (country["region_code"], country["protected"], country["percent"]) == ("", 8, None)
    quiet = anonymous.get("/api/v1/public/coverage?region=32.04&month=2026-01").json()
    assert (quiet["protected"], quiet["percent"]) == (0, None)  # taken, nobody: 0; no base
    assert anonymous.get("/api/v1/public/coverage?region=32.11&month=2025-12").status_code == 404
    assert anonymous.get("/api/v1/public/coverage?region=99.99").status_code == 404
    assert anonymous.get("/api/v1/coverage?region=32.11").status_code == 401


def test_a_regional_admin_takes_their_regencys_month_and_only_the_superuser_forces(
    protected,  # noqa: F811
    demo,
    bandung,
):
    def post(user, data):
        return english(user).post(
            "/api/v1/coverage/snapshots", data, content_type="application/json"
        )

    taken = post(demo["disnaker"], {"month": "2026-02"})
    assert taken.status_code == 201, taken.content
    run = taken.json()
    assert (run["month"], run["region_code"], run["protected"], run["is_new"]) == (
        "2026-02-01",
        "32.11",
        8,
        True,
    )
    assert run["taken_by"] == "disnaker"
    again = post(demo["disnaker"], {"month": "2026-02-15", "region_code": "32.11"})
    assert (again.status_code, again.json()["is_new"]) == (200, False)
    assert post(demo["disnaker"], {"month": "2026-02", "force": True}).status_code == 403
    assert post(demo["desa.cikeruh"], {"month": "2026-02"}).status_code == 403
    assert post(bandung["admin"], {"month": "2026-02", "region_code": "32.11"}).status_code == 403
    assert post(demo["disnaker"], {"month": "2026-04"}).status_code == 422  # not started yet
    forced = post(demo["admin"], {"month": "2026-02", "region_code": "32.11", "force": True})
    assert (forced.status_code, forced.json()["forced"]) == (201, True)
    country = post(demo["admin"], {"month": "2026-01"})
    assert (country.status_code, country.json()["region_code"]) == (201, "")
    assert SnapshotRun.objects.count() == 2


def _upload(user: User, path: str, name: str, content: bytes, **data):
    return english(user).post(
        f"/api/v1/coverage/{path}", {"file": SimpleUploadedFile(name, content), **data}
    )


def test_bases_targets_and_participants_are_imported_from_files(demo):
    bases = _upload(
        demo["bpjs.sumedang"],
        "denominators",
        "basis.csv",
        b"kode;tahun;nilai;sumber;tanggal\n32.11;2024;397.749;BPJS Sumedang;31/12/2024\n",
        kind="eligible",
    )
    assert bases.status_code == 201, bases.content
    assert bases.json() == {"rows": 1, "created": 1, "updated": 0}
    stored = Denominator.objects.get()
    assert (stored.region_id, stored.kind, stored.value, stored.as_of) == (
        "32.11",
        "eligible",
        397_749,
        dt.date(2024, 12, 31),
    )
    targets = _upload(
        demo["disnaker"],
        "targets",
        "target.csv",
        b"region,year,percent,source\n32.11,2026,42,RPJMD\n",
    )
    assert (targets.status_code, targets.json()["created"]) == (201, 1)
    assert CoverageTarget.objects.get().source == "RPJMD"
    participants = _upload(
        demo["bpjs.sumedang"],
        "participants",
        "peserta.csv",
        b"region,month,category,count,source\n32.11,2024-12,,151491,BPJS\n32.11,2024-12,BPU,9,BPJS\n",
    )
    assert (participants.status_code, participants.json()["rows"]) == (201, 2)
    assert BpjsParticipants.objects.count() == 2


def test_a_broken_file_names_line_column_and_rule_and_writes_nothing(demo, monkeypatch):
    broken = _upload(
        demo["disnaker"],
        "denominators",
        "basis.csv",
        b"region,year,kind,value,source,date\n"
        b"32.11,2024,eligible,397749,BPJS,2024-12-31\n"
        b"32.04,1999,eligible,-5,BPJS,kemarin\n",
    )
    assert broken.status_code == 422
    error = broken.json()
    assert error["message"].startswith("Nothing was written: the file breaks 4 rule(s).")
    assert {(p["line"], p["field"], p["rule"]) for p in error["details"]["problems"]} == {
        (3, "region", "out_of_scope"),
        (3, "year", "year"),
        (3, "value", "count"),
        (3, "date", "date_format"),
    }
    assert not Denominator.objects.exists()
    village = _upload(
        demo["desa.cikeruh"],
        "targets",
        "t.csv",
        b"region,year,percent,source\n32.11.15.2001,2026,5,x\n",
    )
    assert village.status_code == 403
    monkeypatch.setattr("lindungi.api.inputs.MAX_UPLOAD_BYTES", 10)
    large = _upload(demo["disnaker"], "targets", "t.csv", b"region,year,percent,source\n" * 2)
    assert (large.status_code, large.json()["message"]) == (422, "The file is larger than 100 MB")
    assert not CoverageTarget.objects.exists()


@pytest.fixture
def connection_kept_open():
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_coverage_routes_answer_as_the_openapi_document_says(
    january, demo, connection_kept_open
):
    """With figures to read (the general fuzz test has none): each read route's documented
    answer for a reader in scope, the public one without a token."""
    base("32.11", 80)
    target("32.11", "20")
    token = token_create(actor=None, user=demo["disnaker"], name="test")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    reads = [
        ("/api/v1/coverage", {"region": "32.11", "month": "2026-01"}),
        ("/api/v1/coverage", {"region": "32.11.15.2001"}),
        ("/api/v1/coverage/trend", {"region": "32.11", "months": 3}),
        ("/api/v1/coverage/children", {"region": "32.11"}),
        ("/api/v1/rankings", {"kind": "villages", "limit": 3}),
        ("/api/v1/rankings", {"kind": "agencies"}),
        ("/api/v1/budget-plan", {"region": "32.11", "year": 2026, "percent": 25}),
        ("/api/v1/budget-plan", {"region": "32.11.15.2001"}),
        ("/api/v1/public/coverage", {"region": "32.11"}),
    ]
    for path, query in reads:
        case = schema[path]["GET"].Case(query=query)
        response = case.call_and_validate(
            headers={"Authorization": f"Bearer {token}"}, checks=CHECKS
        )
        assert response.status_code == 200, (path, query, response.content)
