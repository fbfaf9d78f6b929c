"""Protected workers with paid months, ready to claim for: the demo regency's village program
(Cikeruh), its months billed and paid through the billing services."""

import datetime as dt
from collections.abc import Callable
from datetime import date
from zoneinfo import ZoneInfo

import pytest

from lindungi.billing.selectors.accounts import sponsor_account
from lindungi.billing.services.payments import payment_record
from lindungi.billing.services.runs import billing_run
from lindungi.programs.models import Sponsor
from lindungi.regions.selectors import region_get
from tests.billing.conftest import scope_of

WIB = ZoneInfo("Asia/Jakarta")


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A moment in Jakarta time."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=WIB)


@pytest.fixture(autouse=True)
def _in_english(in_english):
    """Messages are asserted in English (the msgids); the product speaks Indonesian."""


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded documents go to a directory of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def pay_months(demo_workers) -> Callable[..., None]:
    """Bill the regency's enrolments for `months` months from `first` and let the sponsor pay
    `paid` of them (all by default), oldest first."""

    disnaker = demo_workers["disnaker"]

    def pay(sponsor: Sponsor, first: date, months: int, paid: int | None = None) -> None:
        scope = scope_of(disnaker)
        regency = region_get(code="32.11")
        if months == 12:
            billing_run(
                actor=disnaker,
                scope=scope,
                region=regency,
                month=first,
                months_ahead=12,
                today=first.replace(day=3),
            )
        else:
            for index in range(months):
                month = date(
                    first.year + (first.month - 1 + index) // 12,
                    (first.month - 1 + index) % 12 + 1,
                    1,
                )
                billing_run(
                    actor=disnaker,
                    scope=scope,
                    region=regency,
                    month=month,
                    today=month.replace(day=3),
                )
        account = sponsor_account(scope=scope, sponsor=sponsor)
        per_month = account.open // months
        amount = account.open if paid is None else per_month * paid
        if amount:
            payment_record(
                actor=disnaker,
                scope=scope,
                sponsor=sponsor,
                amount=amount,
                paid_on=first.replace(day=10),
                channel="transfer",
                reference="SP2D",
                today=date(2027, 1, 1),
            )

    return pay
