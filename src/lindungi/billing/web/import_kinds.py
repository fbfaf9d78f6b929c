"""Billing's kind of import on the list of imports (BPJS payment statements), with its
template."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lindungi.billing.permissions import may_import_statements
from lindungi.billing.services.statements import IMPORT_KIND
from lindungi.billing.statement_format import COLUMNS
from lindungi.core.models import ImportRecord
from lindungi.core.scopes import Scope
from lindungi.web.parts import ImportKind


def statement_page(record: ImportRecord, scope: Scope) -> str | None:
    """The statement's page (which shows it only within the reader's scope)."""
    if not record.object_id.isdigit():
        return None
    return reverse("web:statement", args=[int(record.object_id)])


KINDS = [
    ImportKind(
        IMPORT_KIND,
        _("Payment statements"),
        "web:statements",
        may_import_statements,
        COLUMNS,
        statement_page,
    ),
]
