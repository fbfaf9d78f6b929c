"""Billing's entries in the menu."""

from django.utils.translation import gettext_lazy as _

from lindungi.billing.permissions import (
    may_list_tpp,
    reads_payments,
    reads_regency_billing,
    runs_billing,
)
from lindungi.web.navigation import reads_personal_data
from lindungi.web.parts import MenuEntry, MenuGroup

ENTRIES = [
    MenuEntry(130, _("Bills"), "web:bills", reads_personal_data, MenuGroup.BILLING),
    MenuEntry(140, _("Payments"), "web:payments", reads_payments, MenuGroup.BILLING),
    MenuEntry(
        150,
        _("BPJS payment statements"),
        "web:statements",
        reads_regency_billing,
        MenuGroup.BILLING,
    ),
    MenuEntry(160, _("Arrears"), "web:arrears", reads_regency_billing, MenuGroup.BILLING),
    MenuEntry(170, _("Billing runs"), "web:billing_runs", runs_billing, MenuGroup.BILLING),
    MenuEntry(180, _("TPP deductions"), "web:tpp", may_list_tpp, MenuGroup.BILLING),
]
