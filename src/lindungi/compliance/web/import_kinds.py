"""Inpres coordination's kind of import on the list of imports (employers), with its
template."""

from django.utils.translation import gettext_lazy as _

from lindungi.compliance.importing import COLUMNS, IMPORT_KIND
from lindungi.compliance.permissions import may_import_employers
from lindungi.web.parts import ImportKind

KINDS = [
    ImportKind(IMPORT_KIND, _("Employers"), "web:inpres_employers", may_import_employers, COLUMNS),
]
