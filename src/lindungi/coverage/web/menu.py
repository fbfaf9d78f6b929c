"""Coverage's entries in the menu."""

from django.utils.translation import gettext_lazy as _

from lindungi.coverage.permissions import (
    may_import_any,
    may_match_sponsors,
    plans_budgets,
    reads_awards,
    reads_coverage,
)
from lindungi.web.parts import MenuEntry, MenuGroup

ENTRIES = [
    MenuEntry(120, _("Sponsor matching"), "web:matching", may_match_sponsors, MenuGroup.PROGRAMS),
    MenuEntry(210, _("Coverage"), "web:coverage", reads_coverage, MenuGroup.COVERAGE),
    MenuEntry(
        220, _("Coverage rankings"), "web:coverage_rankings", reads_coverage, MenuGroup.COVERAGE
    ),
    MenuEntry(230, _("Budget planning"), "web:coverage_budget", plans_budgets, MenuGroup.COVERAGE),
    MenuEntry(225, _("Awards"), "web:awards", reads_awards, MenuGroup.COVERAGE),
    MenuEntry(
        240,
        _("Coverage figures and snapshots"),
        "web:coverage_data",
        may_import_any,
        MenuGroup.COVERAGE,
    ),
]
