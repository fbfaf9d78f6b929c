"""Enrolments' kinds of import on the list of imports (BPJS's confirmations, deaths), with
their templates."""

from django.utils.translation import gettext_lazy as _

from lindungi.programs.exchange.confirmation_file import COLUMNS as CONFIRMATION_COLUMNS
from lindungi.programs.exchange.confirmations import IMPORT_KIND as CONFIRMATIONS
from lindungi.programs.permissions import may_record_death, may_send_batches
from lindungi.programs.services.deaths_import import COLUMNS as DEATH_COLUMNS
from lindungi.programs.services.deaths_import import IMPORT_KIND as DEATHS
from lindungi.web.parts import ImportKind

KINDS = [
    ImportKind(
        CONFIRMATIONS,
        _("BPJS confirmations"),
        "web:confirmations",
        may_send_batches,
        CONFIRMATION_COLUMNS,
    ),
    ImportKind(DEATHS, _("Deaths"), "web:deaths_import", may_record_death, DEATH_COLUMNS),
]
