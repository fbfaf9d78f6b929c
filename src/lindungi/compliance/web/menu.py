"""The Inpres 2/2021 entries in the menu."""

from django.utils.translation import gettext_lazy as _

from lindungi.compliance.permissions import reads_referrals, reads_region, reads_tasks
from lindungi.web.parts import MenuEntry, MenuGroup

ENTRIES = [
    MenuEntry(280, _("Inpres 2/2021 tasks"), "web:inpres_tasks", reads_tasks, MenuGroup.INPRES),
    MenuEntry(290, _("Coordination team"), "web:inpres_team", reads_region, MenuGroup.INPRES),
    MenuEntry(
        300, _("Cooperation agreements"), "web:inpres_agreements", reads_region, MenuGroup.INPRES
    ),
    MenuEntry(
        310, _("Coordination activities"), "web:inpres_activities", reads_region, MenuGroup.INPRES
    ),
    MenuEntry(
        320, _("Employers' compliance"), "web:inpres_employers", reads_referrals, MenuGroup.INPRES
    ),
    MenuEntry(
        330,
        _("Referrals to the prosecutor"),
        "web:inpres_referrals",
        reads_referrals,
        MenuGroup.INPRES,
    ),
    MenuEntry(
        340, _("Inpres six-monthly report"), "web:inpres_report", reads_region, MenuGroup.INPRES
    ),
]
