"""Coverage's kinds of import on the list of imports (bases, targets, BPJS's participant
counts), with their templates."""

from functools import partial

from django.utils.translation import gettext_lazy as _

from lindungi.coverage import permissions
from lindungi.coverage.importing import DENOMINATORS, PARTICIPANTS, TARGETS
from lindungi.coverage.services import IMPORT_KINDS
from lindungi.web.parts import ImportKind

KINDS = [
    ImportKind(
        IMPORT_KINDS[what],
        label,
        "web:coverage_data",
        partial(permissions.may_import, what=what),
        kind.columns,
    )
    for what, label, kind in (
        (permissions.DENOMINATORS, _("Coverage bases"), DENOMINATORS),
        (permissions.TARGETS, _("Coverage targets"), TARGETS),
        (permissions.PARTICIPANTS, _("BPJS participant counts"), PARTICIPANTS),
    )
]
