"""The home page's billing cards: for a village or an agency what it owes and its open bills;
for a civil servant what this month's TPP deduction is (never a bill to pay: the agency's
finance office deducts it); for the makers the enrolments to renew; for the regency's officers
the sponsors in arrears, the statement lines to resolve and the renewals nobody funds yet.
Each count is a link to the list filtered to exactly those rows."""

from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lindungi.billing.permissions import (
    may_resolve_statement_lines,
    reads_regency_billing,
)
from lindungi.billing.selectors.accounts import sponsor_dues
from lindungi.billing.selectors.arrears import overdue_sponsors
from lindungi.billing.selectors.bills import bill_list
from lindungi.billing.selectors.payments import (
    statement_lines_unresolved,
    statements_to_resolve,
)
from lindungi.billing.selectors.tpp import tpp_deduction_of
from lindungi.core.money import format_rupiah
from lindungi.core.months import month_start
from lindungi.core.scopes import Scope
from lindungi.programs.permissions import (
    is_civil_servant,
    is_region_admin,
    reads_enrolments_ending,
)
from lindungi.programs.selectors import continuity_gap_enrolments
from lindungi.web.parts import HomeCard, QueueItem, cache_key, queue_card

ARREARS_SECONDS = 60


def cards(scope: Scope) -> list[HomeCard]:
    if not scope.reads_personal_data or (scope.region_codes is not None and not scope.region_codes):
        return []
    if is_civil_servant(scope):
        return [_tpp(scope)]
    found = _dues(scope)
    items = _officer_items(scope) + _renewals(scope)
    return found + queue_card(6, _("Bills and renewals"), items, "billing")


def _tpp(scope: Scope) -> HomeCard:
    """This month's deduction from the civil servant's TPP, as the agency's TPP list has it."""
    month = month_start(timezone.localdate())
    deduction = tpp_deduction_of(scope=scope, month=month)
    return HomeCard(
        6,
        "billing/_home_tpp.html",
        {"month": month, "deduction": deduction},
    )


def _dues(scope: Scope) -> list[HomeCard]:
    """What each sponsor a village or agency operator acts for owes, with its open bills."""
    dues = sponsor_dues(scope=scope)
    if not dues:
        return []
    rows = [
        {
            "due": due,
            "open_bills": bill_list(scope=scope, sponsor=due.sponsor, is_open=True).count(),
            "url": reverse("web:bills")
            + "?"
            + urlencode({"state": "open", "sponsor": due.sponsor.pk}),
        }
        for due in dues
    ]
    return [HomeCard(6, "billing/_home_dues.html", {"dues": rows})]


def _officer_items(scope: Scope) -> list[QueueItem]:
    if not reads_regency_billing(scope):
        return []
    # A summary: the arrears page (`/tunggakan/`) is always current, this at most a minute
    # behind (computing it on every visit halved the home page's throughput).
    overdue: dict[str, Any] = cache.get_or_set(  # type: ignore[assignment]
        cache_key("arrears", scope), lambda: _arrears(scope), ARREARS_SECONDS
    )
    items = [
        QueueItem(
            "arrears",
            overdue["sponsors"],
            ngettext("sponsor past a due date", "sponsors past a due date", overdue["sponsors"]),
            reverse("web:arrears"),
            note=_("%(owed)s overdue, for %(workers)s workers")
            % {"owed": format_rupiah(overdue["owed"]), "workers": overdue["workers"]}
            if overdue["sponsors"]
            else "",
        )
    ]
    if may_resolve_statement_lines(scope):
        lines = statement_lines_unresolved(scope=scope).count()
        statements = statements_to_resolve(scope=scope).count() if lines else 0
        items.append(
            QueueItem(
                "statement_lines",
                lines,
                ngettext(
                    "BPJS statement line to resolve",
                    "BPJS statement lines to resolve",
                    lines,
                ),
                reverse("web:statements") + "?unresolved=1",
                note=ngettext("in %(count)s statement", "in %(count)s statements", statements)
                % {"count": statements}
                if lines
                else "",
            )
        )
    return items


def _arrears(scope: Scope) -> dict[str, Any]:
    overdue = overdue_sponsors(scope=scope)
    return {
        "sponsors": len(overdue),
        "owed": sum(item.owed for item in overdue),
        "workers": sum(item.workers for item in overdue),
    }


def _renewals(scope: Scope) -> list[QueueItem]:
    """The continuity guarantee: protected workers whose next month, in the coming three months,
    nothing funds yet (`programs.selectors.continuity_gap_enrolments`, the renewal page's list):
    the makers' renewals, and for the regional admin the renewals nobody funds yet."""
    if not reads_enrolments_ending(scope):
        return []
    expiring = continuity_gap_enrolments(scope=scope)
    count = expiring.count()
    first = expiring.values_list("last_month", flat=True).first() if count else None
    label = (
        ngettext(
            "protection ending with no funding after it",
            "protections ending with no funding after them",
            count,
        )
        if is_region_admin(scope)
        else ngettext("protection to renew", "protections to renew", count)
    )
    return [
        QueueItem(
            "renewals",
            count,
            label,
            reverse("web:expiring"),
            note=_("the first ends with %(month)s") % {"month": date_format(first, "F Y")}
            if first
            else "",
        )
    ]
