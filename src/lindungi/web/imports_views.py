"""The list of the reader's imports across every kind (workers, BPJS's confirmations,
statements, employers, coverage figures, deaths …), and each kind's template to download.

The kinds are the apps' (`<app>/web/import_kinds.py`, gathered by `web.parts.import_kinds`);
the records are core's (`core.imports.import_list`, within the reader's scope). A template holds
no personal data: the importer's column titles, one made-up example row and what each column
holds."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lindungi.accounts.selectors import scope_for_user
from lindungi.core.import_templates import template_csv, template_xlsx
from lindungi.core.imports import import_list
from lindungi.core.models import ImportRecord
from lindungi.core.scopes import Scope
from lindungi.web.helpers import download, page_number
from lindungi.web.parts import ImportKind, import_kinds

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ImportRow:
    record: ImportRecord
    label: str | Promise
    url: str | None


@login_required
@require_GET
def imports(request: HttpRequest) -> HttpResponse:
    """The latest imports the reader may see, `PAGE_SIZE` a page, each linked to its own page
    (a job, a statement) or to the page it was made on."""
    scope = scope_for_user(request.user)
    kinds = import_kinds()
    page = page_number(request)
    records = list(
        import_list(scope=scope, kinds=list(kinds))[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1]
    )
    rows = [_row(record, kinds[record.kind], scope) for record in records[:PAGE_SIZE]]
    offered = [kind for kind in kinds.values() if kind.may_import(scope)]
    return render(
        request,
        "web/imports.html",
        {"rows": rows, "page": page, "has_next": len(records) > PAGE_SIZE, "offered": offered},
    )


def _row(record: ImportRecord, kind: ImportKind, scope: Scope) -> ImportRow:
    url = kind.result(record, scope) if kind.result else None
    if url is None and kind.may_import(scope):
        url = reverse(kind.page)
    return ImportRow(record, kind.label, url)


@login_required
@require_GET
def import_template(request: HttpRequest, kind: str, extension: str) -> HttpResponse:
    """A kind's template, as XLSX (with the sheet explaining each column) or CSV."""
    found = import_kinds().get(kind)
    if found is None or not found.columns or extension not in {"xlsx", "csv"}:
        raise Http404
    name = f"templat-{found.key}.{extension}"
    if extension == "csv":
        return download(template_csv(found.columns), "text/csv; charset=utf-8", name)
    title = _("Template: %(kind)s") % {"kind": found.label}
    return download(template_xlsx(found.columns, title=title), XLSX, name)
