"""The home page's billing cards: what each sponsor the reader acts for owes, and for the
regency's officers which sponsors are late."""

from typing import Any

from django.core.cache import cache

from lindungi.billing.permissions import reads_regency_billing
from lindungi.billing.selectors.accounts import sponsor_dues
from lindungi.billing.selectors.arrears import overdue_sponsors
from lindungi.core.scopes import Scope
from lindungi.web.parts import HomeCard, cache_key

ARREARS_SECONDS = 60


def cards(scope: Scope) -> list[HomeCard]:
    found = [HomeCard(20, "billing/_home_dues.html", {"dues": sponsor_dues(scope=scope)})]
    if reads_regency_billing(scope):
        # A summary: the arrears page (`/tunggakan/`) is always current, this at most a minute
        # behind (computing it on every visit halved the home page's throughput).
        overdue = cache.get_or_set(
            cache_key("arrears", scope), lambda: _arrears(scope), ARREARS_SECONDS
        )
        found.append(HomeCard(30, "billing/_home_arrears.html", {"overdue": overdue}))
    return found


def _arrears(scope: Scope) -> dict[str, Any]:
    overdue = overdue_sponsors(scope=scope)
    return {
        "sponsors": len(overdue),
        "owed": sum(item.owed for item in overdue),
        "workers": sum(item.workers for item in overdue),
        "first": overdue[:5],
    }
