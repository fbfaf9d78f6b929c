"""The coverage dashboard and the public page in a real browser: the charts are drawn by the
vendored Chart.js (a Chart instance on each canvas, and pixels on it), with no console error
and no inline script refused by the Content Security Policy."""

from datetime import date
from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import expect

from lindungi.accounts.models import User
from lindungi.accounts.selectors import scope_for_user
from lindungi.contributions.models import RateVersion
from lindungi.contributions.seed import read_seed_rows
from lindungi.coverage.models import CoverageTarget, Denominator
from lindungi.coverage.services import snapshot_take
from lindungi.demo.seed import seed_demo
from lindungi.programs.models import Enrolment, EnrolmentStatus
from lindungi.programs.selectors import candidates
from lindungi.programs.services.enrolling import enrolments_create
from lindungi.programs.services.setup import program_from_scheme
from lindungi.programs.services.sponsors import sponsor_create
from lindungi.regions.loading import load_regions
from lindungi.regions.selectors import region_get
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_login import sign_in

JANUARY = date(2026, 1, 1)
CHARTS = ("trend", "categories", "sponsors", "regions", "gap")


def _covered_regency() -> None:
    """Six workers of Cikeruh protected by their village from January 2026, a base and both
    months' snapshots (taken through the services)."""
    admin = User.objects.get(username="disnaker")
    operator = User.objects.get(username="desa.cikeruh")
    program = program_from_scheme(
        actor=admin,
        scope=scope_for_user(admin),
        region=region_get(code="32.11"),
        scheme="desa_100",
        year=2026,
    )
    sponsor = sponsor_create(
        actor=operator,
        scope=scope_for_user(operator),
        kind="DESA",
        name="Pemerintah Desa Cikeruh",
        region=region_get(code="32.11.15.2001"),
        decision_number="141/05/Musdes/2025",
        decision_date=date(2025, 12, 12),
    )
    scope = scope_for_user(admin)
    workers = list(
        candidates(scope=scope, program=program, sponsor=sponsor, first_month=JANUARY)[:6]
    )
    drafts = enrolments_create(
        actor=admin,
        scope=scope,
        program=program,
        sponsor=sponsor,
        workers=workers,
        first_month=JANUARY,
        today=date(2026, 1, 10),
    )
    Enrolment.objects.filter(pk__in=[d.pk for d in drafts]).update(
        status=EnrolmentStatus.ACTIVE, kpj="26000000001", bpjs_start_date=JANUARY
    )
    for code, value in (("32.11", 20), ("32.11.15", 12)):
        Denominator.objects.create(
            region_id=code,
            year=2026,
            kind="eligible",
            value=value,
            source="BPJS Cabang Sumedang",
            as_of=date(2025, 12, 31),
            imported_at=timezone.now(),
        )
    CoverageTarget.objects.create(
        region_id="32.11",
        year=2026,
        percent=Decimal(50),
        source="RPJMD",
        imported_at=timezone.now(),
    )
    for month in (JANUARY, date(2026, 2, 1)):
        snapshot_take(month=month, actor=None, today=date(2026, 3, 10))


def _charts_drawn(page) -> dict[str, bool]:
    return page.evaluate(
        """() => Object.fromEntries(
            [...document.querySelectorAll('canvas[data-chart]')].map(canvas => {
                const chart = window.Chart && window.Chart.getChart(canvas);
                const pixels = canvas.getContext('2d')
                    .getImageData(0, 0, canvas.width, canvas.height).data;
                const painted = pixels.some((value, index) => index % 4 === 3 && value > 0);
                return [canvas.dataset.chart, Boolean(chart) && painted];
            }))"""
    )


def test_the_dashboard_and_the_public_page_draw_their_charts(live_server, transactional_db, phone):
    load_regions()
    if not RateVersion.objects.exists():
        RateVersion.objects.bulk_create(RateVersion(**row) for row in read_seed_rows())
    seed_demo(with_programs=False)
    _covered_regency()

    sign_in(phone, live_server.url, "disnaker")
    phone.get_by_test_id("role").wait_for()
    phone.goto(f"{live_server.url}/cakupan/")
    phone.get_by_test_id("headline").wait_for()
    assert "30,00 % dari 20" in phone.get_by_test_id("headline").inner_text() or (
        "30,00 % of 20" in phone.get_by_test_id("headline").inner_text()
    )
    expect(phone.locator("canvas[data-drawn]")).to_have_count(len(CHARTS))
    drawn = _charts_drawn(phone)
    assert drawn == {f"chart-{key}": True for key in CHARTS}, drawn
    phone.screenshot(path=str(ARTIFACTS / "coverage-dashboard-360px.png"), full_page=True)

    phone.get_by_test_id("logout").click()
    phone.get_by_role("button", name="Masuk").wait_for()
    phone.goto(f"{live_server.url}/publik/cakupan/32.11/")
    phone.get_by_test_id("headline").wait_for()
    expect(phone.locator("canvas[data-drawn]")).to_have_count(len(CHARTS))
    drawn = _charts_drawn(phone)
    assert drawn and all(drawn.values()), drawn
    assert "Jatinangor" in phone.get_by_test_id("table-regions").inner_text()
    phone.screenshot(path=str(ARTIFACTS / "coverage-public-360px.png"), full_page=True)
    assert not phone.console_errors, phone.console_errors


def test_the_charts_shrink_after_a_rotation_and_write_figures_in_indonesian(
    live_server, transactional_db, desktop
):
    """A dashboard opened on a wide screen, then turned to a 360-px phone: every chart redraws
    inside the screen and nothing overflows sideways; the axes write figures as the page's
    language does ("0,9 %", "317.423"), through the one set of chart options."""
    load_regions()
    if not RateVersion.objects.exists():
        RateVersion.objects.bulk_create(RateVersion(**row) for row in read_seed_rows())
    seed_demo(with_programs=False)
    _covered_regency()

    sign_in(desktop, live_server.url, "disnaker")
    desktop.get_by_test_id("role").wait_for()
    desktop.goto(f"{live_server.url}/cakupan/")
    expect(desktop.locator("canvas[data-drawn]")).to_have_count(len(CHARTS))
    assert desktop.evaluate("document.documentElement.lang") == "id"
    wide = desktop.evaluate(
        "Math.max(...[...document.querySelectorAll('canvas[data-chart]')].map(c => c.width))"
    )
    assert wide > 600  # drawn for the wide screen first

    desktop.set_viewport_size({"width": 360, "height": 740})
    # Chart.js redraws each chart when its box changes size (a ResizeObserver): wait for it.
    desktop.wait_for_function(
        """() => [...document.querySelectorAll('canvas[data-chart]')].every(canvas =>
            window.Chart.getChart(canvas).width <= document.documentElement.clientWidth)"""
    )
    sizes = desktop.evaluate(
        """() => [...document.querySelectorAll('canvas[data-chart]')].map(canvas =>
            [canvas.dataset.chart, canvas.getBoundingClientRect().right])"""
    )
    assert all(right <= 360 for _key, right in sizes), sizes
    assert desktop.evaluate("document.documentElement.scrollWidth") <= 360
    desktop.screenshot(path=str(ARTIFACTS / "coverage-rotated-360px.png"), full_page=True)

    ticks = desktop.evaluate(
        """() => {
            const chart = window.Chart.getChart(document.querySelector('[data-chart=chart-trend]'));
            const axis = chart.options.scales.y;
            return {
                labels: chart.scales.y.ticks.map(tick => tick.label),
                fraction: axis.ticks.callback(0.9),
                large: window.Chart.getChart(document.querySelector('[data-chart=chart-sponsors]'))
                    .options.scales.y.ticks.callback(317423),
            };
        }"""
    )
    assert ticks["fraction"] == "0,9 %"
    assert ticks["large"] == "317.423"
    assert ticks["labels"] and all(label.endswith(" %") for label in ticks["labels"]), ticks
    assert not any("." in label for label in ticks["labels"]), ticks
    assert not desktop.console_errors, desktop.console_errors
