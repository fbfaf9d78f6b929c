"""The menu, by role: each item names the roles that see it (None: every signed-in user)."""

from dataclasses import dataclass
from functools import cache

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lindungi.accounts.roles import ROLE_RULES
from lindungi.core.roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: frozenset[str] | None = None


WRITERS = frozenset(
    {Role.ADMIN_PEMDA, Role.OPERATOR_OPD, Role.OPERATOR_DESA, Role.ASN, Role.PETUGAS_BPJS}
)

# Everyone but the civil servant, who has their own page.
OFFICERS = frozenset(
    {
        Role.ADMIN_PEMDA,
        Role.OPERATOR_OPD,
        Role.OPERATOR_DESA,
        Role.PETUGAS_BPJS,
        Role.TIM_KOORDINASI,
    }
)
BATCH_HANDLERS = frozenset({Role.ADMIN_PEMDA, Role.PETUGAS_BPJS})
# The regency's officers, who see every sponsor's bills, statements and arrears.
REGENCY_OFFICERS = frozenset({Role.ADMIN_PEMDA, Role.PETUGAS_BPJS, Role.TIM_KOORDINASI})

NAVIGATION = [
    NavItem(_("Home"), "web:home"),
    NavItem(_("Workers"), "web:workers"),
    NavItem(_("Import workers"), "web:worker_import", WRITERS),
    NavItem(_("Possible duplicates"), "web:duplicates", WRITERS),
    NavItem(_("Programs"), "web:programs"),
    NavItem(_("My household workers"), "web:asn", frozenset({Role.ASN})),
    NavItem(_("Enrolments"), "web:enrolments", OFFICERS),
    NavItem(_("Verify enrolments"), "web:enrolment_verification", frozenset({Role.ADMIN_PEMDA})),
    NavItem(_("Batches for BPJS"), "web:batches", BATCH_HANDLERS),
    NavItem(_("BPJS confirmations"), "web:confirmations", BATCH_HANDLERS),
    NavItem(_("Sponsors"), "web:sponsors", OFFICERS),
    NavItem(
        _("Sponsor matching"),
        "web:matching",
        frozenset({Role.ADMIN_PEMDA, Role.OPERATOR_OPD, Role.OPERATOR_DESA}),
    ),
    NavItem(_("Bills"), "web:bills"),
    NavItem(_("Payments"), "web:payments", OFFICERS),
    NavItem(_("BPJS payment statements"), "web:statements", REGENCY_OFFICERS),
    NavItem(_("Arrears"), "web:arrears", REGENCY_OFFICERS),
    NavItem(_("Billing runs"), "web:billing_runs", frozenset({Role.ADMIN_PEMDA})),
    NavItem(_("TPP deductions"), "web:tpp", frozenset({Role.ADMIN_PEMDA, Role.OPERATOR_OPD})),
    NavItem(
        _("Enrolments ending soon"),
        "web:expiring",
        frozenset({Role.ADMIN_PEMDA, Role.OPERATOR_OPD, Role.OPERATOR_DESA, Role.ASN}),
    ),
    NavItem(
        _("Civil servants' participation"),
        "web:asn",
        frozenset({Role.ADMIN_PEMDA, Role.OPERATOR_OPD, Role.TIM_KOORDINASI}),
    ),
    NavItem(_("Coverage"), "web:coverage", OFFICERS),
    NavItem(_("Coverage rankings"), "web:coverage_rankings", OFFICERS),
    NavItem(
        _("Budget planning"),
        "web:coverage_budget",
        frozenset({Role.ADMIN_PEMDA, Role.OPERATOR_DESA, Role.TIM_KOORDINASI}),
    ),
    NavItem(
        _("Coverage figures and snapshots"),
        "web:coverage_data",
        frozenset({Role.ADMIN_PEMDA, Role.PETUGAS_BPJS}),
    ),
    NavItem(_("Claims"), "web:claims", OFFICERS | {Role.ASN}),
    NavItem(
        _("Report a claim"),
        "web:claim_new",
        frozenset({Role.ADMIN_PEMDA, Role.OPERATOR_OPD, Role.OPERATOR_DESA}),
    ),
    NavItem(_("Claims impact"), "web:claim_impact", REGENCY_OFFICERS),
    NavItem(
        _("Inpres 2/2021 tasks"),
        "web:inpres_tasks",
        REGENCY_OFFICERS | {Role.OPERATOR_OPD},
    ),
    NavItem(_("Coordination team"), "web:inpres_team", REGENCY_OFFICERS),
    NavItem(_("Cooperation agreements"), "web:inpres_agreements", REGENCY_OFFICERS),
    NavItem(_("Coordination activities"), "web:inpres_activities", REGENCY_OFFICERS),
    NavItem(_("Employers' compliance"), "web:inpres_employers", REGENCY_OFFICERS | {Role.JAKSA}),
    NavItem(
        _("Referrals to the prosecutor"), "web:inpres_referrals", REGENCY_OFFICERS | {Role.JAKSA}
    ),
    NavItem(_("Inpres six-monthly report"), "web:inpres_report", REGENCY_OFFICERS),
    NavItem(_("Regions"), "web:regions"),
    NavItem(
        _("Users"),
        "web:users",
        frozenset({Role.ADMIN_PEMDA, Role.OPERATOR_OPD, Role.PETUGAS_BPJS, Role.TIM_KOORDINASI}),
    ),
    NavItem(_("Contribution simulation"), "web:simulasi_iuran"),
    NavItem(_("Benefit simulation"), "web:simulasi_manfaat"),
    NavItem(_("Audit trail"), "web:audit", frozenset({Role.ADMIN_PEMDA})),
    NavItem(_("API access tokens"), "web:tokens"),
    NavItem(_("About"), "web:about"),
]


# What a role that reads no personal data (the prosecutor's office) sees besides its own items.
NOT_PERSONAL = frozenset({"web:home", "web:regions", "web:about", "web:tokens"})


def items_for(*, role: str, is_superuser: bool) -> list[NavItem]:
    rule = ROLE_RULES.get(role)
    if not is_superuser and rule is not None and not rule.reads_personal_data:
        return [
            item
            for item in NAVIGATION
            if item.url_name in NOT_PERSONAL or (item.roles is not None and role in item.roles)
        ]
    return [item for item in NAVIGATION if item.roles is None or is_superuser or role in item.roles]


def menu_html(*, role: str, is_superuser: bool) -> SafeString:
    """The menu's `<li>` links for a role, in the active language. Every page shows it and it
    only changes with the role, the language and the deployment's URL prefix, so it is built
    once per combination (reversing ~40 URL names per request was a tenth of the worker list's
    time under load, BENCHMARKS.md)."""
    return _menu_html(role, is_superuser, get_language(), get_script_prefix(), get_urlconf())


@cache
def _menu_html(
    role: str, is_superuser: bool, language: str | None, prefix: str, urlconf: str | None
) -> SafeString:
    links = [
        (reverse(item.url_name), str(item.label))
        for item in items_for(role=role, is_superuser=is_superuser)
    ]
    if is_superuser:
        links.append((reverse("admin:index"), "Django admin"))
    links.append((reverse("api:openapi-view"), "API"))
    return format_html_join("", '<li><a href="{}">{}</a></li>', links)
