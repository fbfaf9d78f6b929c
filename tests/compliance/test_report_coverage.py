"""The six-monthly report prints the coverage of the half's last month through
`core.providers`, which the coverage app fills in when it starts: compliance does not import
coverage."""

import datetime as dt

import pytest

from lindungi.accounts.selectors import scope_for_user
from lindungi.compliance.report import inpres_report
from lindungi.core import providers
from lindungi.coverage.selectors import coverage_for
from lindungi.coverage.services import snapshot_take

pytestmark = pytest.mark.django_db


def test_the_report_prints_the_coverage_snapshot_of_the_half(demo, sumedang):
    assert providers.coverage_of  # the coverage app registered its answer
    month = dt.date(2026, 6, 1)
    snapshot_take(month=month, actor=None, region_prefix="32.11", today=dt.date(2026, 7, 2))
    scope = scope_for_user(demo["disnaker"])
    report = inpres_report(scope=scope, region=sumedang, half=(2026, 1))
    figure = coverage_for(scope=scope, region=sumedang, month=month)
    assert report.coverage is not None
    assert (report.coverage.month, report.coverage.protected, report.coverage.percent) == (
        figure.month,
        figure.protected,
        figure.percent,
    )


def test_without_a_keeper_the_report_has_no_coverage(demo, sumedang, monkeypatch):
    monkeypatch.setattr(providers, "_coverage_of", [])
    scope = scope_for_user(demo["disnaker"])
    assert inpres_report(scope=scope, region=sumedang, half=(2026, 1)).coverage is None
