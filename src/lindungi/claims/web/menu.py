"""The entries of claims (and the public benefit simulation) in the menu."""

from django.utils.translation import gettext_lazy as _

from lindungi.claims.permissions import may_report, reads_claims, reads_claims_impact
from lindungi.web.navigation import reads_personal_data
from lindungi.web.parts import MenuEntry, MenuGroup

ENTRIES = [
    MenuEntry(250, _("Claims"), "web:claims", reads_claims, MenuGroup.CLAIMS),
    MenuEntry(260, _("Report a claim"), "web:claim_new", may_report, MenuGroup.CLAIMS),
    MenuEntry(270, _("Claims impact"), "web:claim_impact", reads_claims_impact, MenuGroup.CLAIMS),
    MenuEntry(
        380, _("Benefit simulation"), "web:simulasi_manfaat", reads_personal_data, MenuGroup.CLAIMS
    ),
]
