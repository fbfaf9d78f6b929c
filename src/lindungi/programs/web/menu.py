"""The entries of programs, sponsors and enrolments in the menu."""

from django.utils.translation import gettext_lazy as _

from lindungi.programs.permissions import (
    handles_batches,
    is_region_admin,
    may_send_endings,
    reads_asn_participation,
    reads_enrolments,
    reads_enrolments_ending,
    reads_household_workers,
    reads_program_year,
)
from lindungi.web.navigation import reads_personal_data
from lindungi.web.parts import MenuEntry, MenuGroup

ENTRIES = [
    MenuEntry(50, _("Programs"), "web:programs", reads_personal_data, MenuGroup.PROGRAMS),
    MenuEntry(55, _("Program year"), "web:program_year", reads_program_year, MenuGroup.PROGRAMS),
    MenuEntry(60, _("My household workers"), "web:asn", reads_household_workers, MenuGroup.WORKERS),
    MenuEntry(70, _("Enrolments"), "web:enrolments", reads_enrolments, MenuGroup.ENROLMENT),
    MenuEntry(
        80,
        _("Verify enrolments"),
        "web:enrolment_verification",
        is_region_admin,
        MenuGroup.ENROLMENT,
    ),
    MenuEntry(90, _("Batches for BPJS"), "web:batches", handles_batches, MenuGroup.ENROLMENT),
    MenuEntry(
        100, _("BPJS confirmations"), "web:confirmations", handles_batches, MenuGroup.ENROLMENT
    ),
    MenuEntry(
        105, _("Non-active lists for BPJS"), "web:endings", may_send_endings, MenuGroup.ENROLMENT
    ),
    MenuEntry(110, _("Sponsors"), "web:sponsors", reads_enrolments, MenuGroup.PROGRAMS),
    MenuEntry(
        190,
        _("Enrolments ending soon"),
        "web:expiring",
        reads_enrolments_ending,
        MenuGroup.ENROLMENT,
    ),
    MenuEntry(
        200,
        _("Civil servants' participation"),
        "web:asn",
        reads_asn_participation,
        MenuGroup.PROGRAMS,
    ),
]
