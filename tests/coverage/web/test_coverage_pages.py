"""The coverage pages: the dashboard per role from real snapshots (taken through the services),
rankings, the budget planner, the admin's imports and snapshot button, the Excel, PDF and CSV
files, another regency's figures out of reach, and the public page without personal data."""

import csv
import io
from datetime import date

import polars as pl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from pypdf import PdfReader

from lindungi.accounts.selectors import scope_for_user
from lindungi.coverage.models import CoverageTarget, Denominator, SnapshotRun
from lindungi.coverage.selectors import coverage_for
from lindungi.coverage.services import denominators_import, targets_import
from lindungi.workers.models import Worker
from tests.conftest import client_for
from tests.coverage.conftest import FEBRUARY, JANUARY, protected, take  # noqa: F401

ROLES = [
    "disnaker",
    "desa.cikeruh",
    "opd.dppkbp3a",
    "asn.rina",
    "bpjs.sumedang",
    "tim.koordinasi",
    "admin",
]
IMPORTERS = {"disnaker", "bpjs.sumedang", "admin"}


@pytest.fixture(autouse=True)
def in_english():
    """The coverage conftest's English is for the core's tests; pages speak as the reader's
    cookie says (Indonesian by default)."""
    yield


def _file(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.fixture
def covered(protected, demo_workers, tmp_path):  # noqa: F811 (fixtures)
    """8 workers of Sumedang protected in January and February 2026, against a base of 20
    eligible workers (Cikeruh's village 10) and a target of 50 %, both months snapshotted."""
    admin = demo_workers["disnaker"]
    scope = scope_for_user(admin)
    denominators_import(
        path=_file(
            tmp_path,
            "bases.csv",
            "kode_wilayah,tahun,jenis,jumlah,sumber,tanggal\n"
            "32.11,2026,eligible,20,BPJS Cabang Sumedang,2025-12-31\n"
            "32.11.15,2026,eligible,12,BPJS Cabang Sumedang,2025-12-31\n",
        ),
        actor=admin,
        scope=scope,
    )
    targets_import(
        path=_file(tmp_path, "targets.csv", "region,year,percent,source\n32.11,2026,50,RPJMD\n"),
        actor=admin,
        scope=scope,
    )
    take(JANUARY)
    take(FEBRUARY)
    return demo_workers


def sentence(user, region: str = "32.11", month: date = FEBRUARY) -> str:
    with translation.override("id"):
        return coverage_for(scope=scope_for_user(user), region=region, month=month).sentence


@pytest.mark.parametrize("username", ROLES)
def test_every_coverage_page_renders_for_every_role(covered, username):
    user = covered[username]
    client = client_for(user)
    region = "32.11" if username != "desa.cikeruh" else "32.11.15.2001"
    response = client.get("/cakupan/", {"region": region})
    assert response.status_code == 200
    text = response.content.decode()
    assert sentence(user, region) in text
    assert 'data-chart="chart-trend"' in text
    for page in ("/cakupan/peringkat/", "/cakupan/anggaran/", "/cakupan/laporan.pdf"):
        assert client.get(page).status_code == 200, page
    data = client.get("/cakupan/data/")
    assert data.status_code == (200 if username in IMPORTERS else 403)


def test_the_dashboard_shows_the_figure_its_base_trend_and_the_regions_below(covered):
    client = client_for(covered["disnaker"])
    response = client.get("/cakupan/")
    text = response.content.decode()
    assert response.context["area"].code == "32.11"
    assert response.context["month"] == FEBRUARY
    figure = response.context["figure"]
    assert (figure.protected, str(figure.percent), figure.gap.workers) == (8, "40.00", 2)
    assert "40,00 % dari 20" in text or "40,00 % of 20" in text
    assert "BPJS Cabang Sumedang" in text
    keys = {chart["key"] for chart in response.context["charts"]}
    assert keys == {"trend", "categories", "sponsors", "regions", "gap"}
    trend = next(c for c in response.context["charts"] if c["key"] == "trend")["spec"]
    assert trend["type"] == "line" and trend["series"][0]["data"][-2:] == [40.0, 40.0]
    assert [s["data"][-1] for s in trend["series"]] == [40.0, 50.0]
    regions = response.context["tables"]["regions"]
    jatinangor = next(row for row in regions.rows if row[1] == "32.11.15")
    assert jatinangor[2] == 5 and str(jatinangor[4]) == "41.67"
    # Drilling down to the district, and January from the month list.
    district = client.get("/cakupan/", {"region": "32.11.15", "month": "2026-01"})
    assert district.status_code == 200
    assert district.context["figure"].protected == 5
    assert district.context["month"] == JANUARY


def test_the_superuser_starts_from_the_country(covered):
    response = client_for(covered["admin"]).get("/cakupan/")
    assert response.status_code == 200
    assert response.context["area"].code == ""
    assert response.context["figure"].percent is None  # no national base: unknown, not 0 %
    assert "tidak diketahui" in response.content.decode() or "unknown" in (
        response.content.decode()
    )


def test_another_regencys_figures_are_not_found(covered, bandung):
    for username in ("disnaker", "tim.koordinasi", "desa.cikeruh"):
        client = client_for(covered[username])
        for page in ("/cakupan/", "/cakupan/peringkat/", "/cakupan/anggaran/"):
            assert client.get(page, {"region": "32.04"}).status_code == 404, (username, page)
        assert client.get("/cakupan/laporan.pdf", {"region": "32.04"}).status_code == 404
        assert client.get("/cakupan/", {"region": "32.04", "format": "xlsx"}).status_code == 404
    # A village operator does not see the rest of the regency either.
    village = client_for(covered["desa.cikeruh"])
    assert village.get("/cakupan/", {"region": "32.11"}).status_code == 404
    assert village.get("/cakupan/", {"region": "32.11.11.2001"}).status_code == 404
    # A month not taken, and one that is not a month.
    client = client_for(covered["disnaker"])
    assert client.get("/cakupan/", {"month": "2025-06"}).status_code == 404
    assert client.get("/cakupan/", {"month": "juni"}).status_code == 404


def test_rankings_say_why_a_ranking_is_missing(covered):
    response = client_for(covered["disnaker"]).get("/cakupan/peringkat/")
    assert response.status_code == 200
    keys = [table.key for table in response.context["tables"]]
    assert keys[:2] == ["villages", "agencies"]
    villages = response.context["tables"][0]
    assert villages.rows[0][1] == "Cikeruh" and villages.rows[0][6] is not None
    # The regency's admin does not cover the province, yet sees where the regency stands
    # among its regencies (their public aggregates), and no "Wilayah 32 tidak ditemukan".
    assert keys == ["villages", "agencies", "regencies"] and not response.context["notes"]
    regencies = response.context["tables"][2]
    assert "32.11" in [row[2] for row in regencies.rows] and len(regencies.rows) == 27
    # A village operator covers no regency's rankings of agencies, but sees the regencies too.
    village = client_for(covered["desa.cikeruh"]).get("/cakupan/peringkat/")
    assert "regencies" in [table.key for table in village.context["tables"]]
    province = client_for(covered["admin"]).get("/cakupan/peringkat/", {"region": "32"})
    assert "regencies" in [table.key for table in province.context["tables"]]


def test_the_budget_planner_gives_the_apbdes_line_and_what_a_target_costs(covered):
    village = client_for(covered["desa.cikeruh"]).get("/cakupan/anggaran/", {"year": "2027"})
    assert village.status_code == 200
    plan = village.context["plan"]
    assert plan.area.code == "32.11.15.2001"
    assert plan.lines[0].workers == 100  # the village's quota
    reach = client_for(covered["disnaker"]).get(
        "/cakupan/anggaran/", {"year": "2026", "percent": "60"}
    )
    assert reach.status_code == 200
    # 60 % of 20 is 12 workers: 4 more, a year each at Rp 16.800.
    assert reach.context["reach"].workers_needed == 4
    assert reach.context["reach"].rupiah == 4 * 16_800 * 12
    assert "Rp 806.400" in reach.content.decode()
    wrong = client_for(covered["disnaker"]).get("/cakupan/anggaran/", {"percent": "abc"})
    assert wrong.status_code == 200 and wrong.context["errors"]


def test_every_table_downloads_as_a_workbook_of_values(covered):
    client = client_for(covered["disnaker"])
    response = client.get("/cakupan/", {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheets = pl.read_excel(io.BytesIO(response.content), sheet_id=0, has_header=False)
    assert len(sheets) == 5
    cells = {
        str(value)
        for frame in sheets.values()
        for column in frame.iter_columns()
        for value in column
        if value is not None
    }
    assert "Cikeruh" not in cells  # the dashboard lists districts, not villages
    assert any("Jatinangor" in cell for cell in cells)
    assert any(cell.startswith("2026-02-01") for cell in cells)  # a month is a date cell
    rankings = client.get("/cakupan/peringkat/", {"format": "xlsx"})
    frames = pl.read_excel(io.BytesIO(rankings.content), sheet_id=0, has_header=False)
    assert any("Cikeruh" in str(value) for frame in frames.values() for value in frame.to_series(1))
    budget = client.get("/cakupan/anggaran/", {"year": "2026", "percent": "60", "format": "xlsx"})
    assert len(pl.read_excel(io.BytesIO(budget.content), sheet_id=0, has_header=False)) == 2


def test_the_monthly_report_is_a_pdf_with_the_headline(covered):
    user = covered["disnaker"]
    response = client_for(user).get("/cakupan/laporan.pdf", {"month": "2026-02"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
    ).replace("\n", " ")
    assert sentence(user) in text
    assert "Jatinangor" in text and "BPJS Cabang Sumedang" in text


def test_the_admin_imports_figures_and_takes_last_months_snapshot(covered):
    client = client_for(covered["disnaker"])
    broken = SimpleUploadedFile(
        "targets.csv", b"region,year,percent,source\n32.11,2027,150,RPJMD\n32.04,2027,40,X\n"
    )
    response = client.post("/cakupan/data/", {"action": "targets", "file": broken})
    assert response.status_code == 200
    problems = response.context["problems"]
    assert [(p["line"], p["column"]) for p in problems] == [(2, "percent"), (3, "region")]
    assert "100" in str(problems[0]["rule"])
    assert not CoverageTarget.objects.filter(year=2027).exists()
    good = SimpleUploadedFile("targets.csv", b"region,year,percent,source\n32.11,2027,55,RPJMD\n")
    assert client.post("/cakupan/data/", {"action": "targets", "file": good}).status_code == 302
    assert CoverageTarget.objects.get(region_id="32.11", year=2027).percent == 55
    bases = SimpleUploadedFile(
        "bases.csv",
        b"region,year,kind,value,source,date\n32.11,2027,eligible,25,BPJS,2026-12-31\n",
    )
    assert (
        client.post("/cakupan/data/", {"action": "denominators", "file": bases}).status_code == 302
    )
    assert Denominator.objects.filter(year=2027).count() == 1
    with time_machine.travel(date(2026, 4, 3), tick=False):
        assert client.post("/cakupan/data/", {"action": "snapshot"}).status_code == 302
    assert SnapshotRun.objects.filter(month=date(2026, 3, 1), region_code="32.11").exists()
    # Read-only and village roles may not post.
    for username in ("tim.koordinasi", "desa.cikeruh"):
        other = client_for(covered[username])
        assert other.post("/cakupan/data/", {"action": "snapshot"}).status_code == 403


def _personal_words() -> list[str]:
    workers = Worker.objects.filter(village__code__startswith="32.11.")
    return list(workers.values_list("nik", flat=True)[:200]) + [
        name for name in workers.values_list("name", flat=True)[:200] if len(name) > 8
    ]


def test_the_public_page_needs_no_login_and_shows_no_person(covered):
    anonymous = Client()
    national = anonymous.get("/publik/cakupan/")
    assert national.status_code == 200
    response = anonymous.get("/publik/cakupan/32.11/")
    assert response.status_code == 200
    text = response.content.decode()
    assert sentence(covered["admin"]) in text
    assert 'data-chart="chart-trend"' in text
    for word in _personal_words():
        assert word not in text
    for user in covered.values():
        assert user.full_name not in text
    assert anonymous.get("/publik/cakupan/32.11/", {"month": "2026-01"}).status_code == 200
    assert anonymous.get("/publik/cakupan/99.99/").status_code == 404
    assert anonymous.get("/publik/cakupan/32.11/", {"month": "2020-01"}).status_code == 404
    # The signed-in pages are not public.
    assert anonymous.get("/cakupan/").status_code == 302


def test_the_open_data_csv_parses(covered):
    response = Client().get("/publik/cakupan.csv", {"region": "32.11"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    regency = [row for row in rows if row["Kode wilayah"] == "32.11"]
    assert [row["Bulan"] for row in regency] == ["2026-01", "2026-02"]
    assert regency[-1]["Tingkat"] == "kabupaten/kota"
    assert regency[-1]["Pekerja terlindungi"] == "8"
    assert regency[-1]["Cakupan (%)"] == "40.00"
    assert regency[-1]["Sumber basis"] == "BPJS Cabang Sumedang"
    assert any(row["Kode wilayah"] == "32.11.15" for row in rows)
    for word in _personal_words():
        assert word not in text
    assert Client().get("/publik/cakupan.csv", {"region": "nope"}).status_code == 404
