"""Coverage's entries in the menu."""

from django.utils.translation import gettext_lazy as _

from lindungi.coverage.permissions import (
    may_import_any,
    may_match_sponsors,
    plans_budgets,
    reads_awards,
    reads_coverage,
)
from lindungi.web.parts import MenuEntry

ENTRIES = [
    MenuEntry(120, _("Sponsor matching"), "web:matching", may_match_sponsors),
    MenuEntry(210, _("Coverage"), "web:coverage", reads_coverage),
    MenuEntry(220, _("Coverage rankings"), "web:coverage_rankings", reads_coverage),
    MenuEntry(230, _("Budget planning"), "web:coverage_budget", plans_budgets),
    MenuEntry(225, _("Awards"), "web:awards", reads_awards),
    MenuEntry(240, _("Coverage figures and snapshots"), "web:coverage_data", may_import_any),
]
