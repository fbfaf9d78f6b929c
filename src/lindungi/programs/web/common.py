"""What the program pages share: a service's refusal of workers as messages, the sponsor an
operator acts for, the statuses as rows, the ticked enrolments."""

from datetime import date
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lindungi.core.errors import DomainError
from lindungi.core.scopes import Scope
from lindungi.programs.models import Enrolment, EnrolmentStatus, Sponsor
from lindungi.programs.permissions import own_sponsor_kind
from lindungi.programs.selectors import sponsor_list
from lindungi.web.helpers import numbers

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
