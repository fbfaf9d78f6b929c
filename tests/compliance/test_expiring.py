"""One rule for "an agreement is expiring" (`compliance.expiry`): the agreements page, the API,
the six-monthly report and the selector give the same answer, an agreement starting next month
and ending within 90 days included (it was expiring on the page and not in the API)."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lindungi.accounts.selectors import scope_for_user
from lindungi.compliance.coordination.agreements import agreement_create
from lindungi.compliance.expiry import is_expiring
from lindungi.compliance.report import inpres_report
from lindungi.compliance.selectors import agreements_expiring
from lindungi.core.months import add_months

pytestmark = pytest.mark.django_db

EXPIRING = {"NOW/30", "NEXT/60", "LAST/DAY"}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def periods(demo, sumedang) -> dt.date:
    """Agreements around today: in force and ending soon, starting next month and ending within
    90 days, ending on the window's last day, ending later, ended, open-ended, starting and
    ending beyond the window."""
    admin = demo["disnaker"]
    scope = scope_for_user(admin)
    today = timezone.localdate()
    next_month = add_months(today.replace(day=1), 1)
    days = dt.timedelta
    for number, starts_on, ends_on in [
        ("NOW/30", dt.date(2025, 1, 2), today + days(30)),
        ("NEXT/60", next_month, today + days(60)),
        ("LAST/DAY", dt.date(2025, 1, 2), today + days(90)),
        ("LATER/120", dt.date(2025, 1, 2), today + days(120)),
        ("PAST/1", dt.date(2025, 1, 2), today - days(1)),
        ("OPEN/00", dt.date(2025, 1, 2), None),
        ("FAR/100", today + days(100), today + days(150)),
    ]:
        agreement_create(
            actor=admin,
            scope=scope,
            region=sumedang,
            kind="PKS",
            number=number,
            title=f"Kerja sama {number}",
            signed_on=dt.date(2025, 1, 2),
            starts_on=starts_on,
            ends_on=ends_on,
        )
    return today


def test_the_rule_itself_on_the_edges():
    today = dt.date(2026, 6, 1)
    next_month = dt.date(2026, 7, 1)
    assert is_expiring(starts_on=next_month, ends_on=today + dt.timedelta(days=60), today=today)
    assert is_expiring(starts_on=today, ends_on=today, today=today)
    assert is_expiring(starts_on=today, ends_on=today + dt.timedelta(days=90), today=today)
    assert not is_expiring(starts_on=today, ends_on=today + dt.timedelta(days=91), today=today)
    assert not is_expiring(starts_on=today, ends_on=None, today=today)


def test_page_api_report_and_selector_agree_on_what_is_expiring(demo, sumedang, periods):
    today = periods
    user = demo["tim.koordinasi"]
    scope = scope_for_user(user)

    selector = {a.number for a in agreements_expiring(scope=scope)}

    client = _client(user)
    listed = client.get("/api/v1/compliance/agreements").json()["items"]
    api = {a["number"] for a in listed if a["is_expiring"]}
    api_filtered = {
        a["number"]
        for a in client.get("/api/v1/compliance/agreements", {"expiring": "true"}).json()["items"]
    }

    page = client.get(reverse("web:inpres_agreements"))
    assert page.status_code == 200
    page_rows = {row["agreement"].number for row in page.context["rows"] if row["expiring"]}
    page_warning = {row["agreement"].number for row in page.context["expiring"]}

    half = (today.year, 1 if today.month <= 6 else 2)
    report = inpres_report(scope=scope, region=sumedang, half=half)
    in_report = {line.agreement.number for line in report.agreements if line.is_expiring}

    assert selector == EXPIRING
    assert api == api_filtered == page_rows == page_warning == in_report == selector
    # The report lists what is in force, and what starts later but is already expiring.
    lines = {line.agreement.number: line for line in report.agreements}
    assert set(lines) == {"NOW/30", "NEXT/60", "LAST/DAY", "LATER/120", "OPEN/00"}
    assert not lines["NEXT/60"].in_force
    assert lines["NOW/30"].in_force
