"""What the program pages share: a service's refusal of workers as messages, the sponsor an
operator acts for, the statuses as rows, the ticked enrolments, a download that asks its
purpose."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lindungi.core.errors import DomainError, NotFound
from lindungi.core.scopes import Scope
from lindungi.programs.models import Enrolment, EnrolmentStatus, Sponsor
from lindungi.programs.permissions import own_sponsor_kind
from lindungi.programs.selectors import sponsor_list
from lindungi.programs.web.forms import ExportPurposeForm
from lindungi.web.helpers import XLSX, download, numbers

MAX_REFUSALS_SHOWN = 50
PAGE_SIZE = 50  # rows on one page of a list


def report_refusals(request: HttpRequest, error: DomainError) -> None:
    """A service's refusal as messages; refused workers one per line, each with its rules."""
    refused = error.details.get("refused")
    if not refused:
        messages.error(request, error.message)
        return
    messages.error(
        request,
        ngettext(
            "Nothing was added: %(count)s worker cannot join.",
            "Nothing was added: %(count)s workers cannot join.",
            len(refused),
        )
        % {"count": len(refused)},
    )
    for item in refused[:MAX_REFUSALS_SHOWN]:
        messages.error(request, f"{item['name']} ({item['nik']}): {'; '.join(item['reasons'])}")
    if len(refused) > MAX_REFUSALS_SHOWN:
        messages.error(
            request, _("and %(count)s more") % {"count": len(refused) - MAX_REFUSALS_SHOWN}
        )


def own_sponsor(scope: Scope) -> Sponsor | None:
    """The sponsor a village or agency operator acts for, if it is registered."""
    kind = own_sponsor_kind(scope)
    return sponsor_list(scope=scope, kind=kind).first() if kind is not None else None


def month_label(month: date) -> str:
    return date_format(month, "F Y")


def status_rows(counts: dict[str, int]) -> list[dict[str, Any]]:
    return [
        {"status": status, "label": label, "count": counts.get(status, 0)}
        for status, label in EnrolmentStatus.choices
    ]


def ticked(enrolments: QuerySet[Enrolment], values: list[str]) -> list[Enrolment]:
    """The ticked enrolments; one the reader cannot see makes the request a 404."""
    ids = numbers(values)
    found = list(enrolments.filter(pk__in=ids))
    if len(found) != len(ids):
        raise Http404
    return found


def purpose_download(
    request: HttpRequest,
    *,
    make: Callable[[str], bytes],
    filename: str,
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """A workbook holding full NIKs (a batch's registration file, a non-aktif list): the page
    asks why it leaves, and `make(purpose)` writes it and records the purpose."""
    form = ExportPurposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            content = make(form.cleaned_data["purpose"])
        except NotFound as error:
            raise Http404(error.message) from error
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return download(content, XLSX, filename)
    return render(request, template, {**context, "form": form})
