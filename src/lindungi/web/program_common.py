"""What the program pages share: a service's refusal of workers as messages, a program's
monthly cost and first month, the sponsor an operator acts for."""

from datetime import date

from django.contrib import messages
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lindungi.contributions.calculator import quote_contribution
from lindungi.core.errors import DomainError
from lindungi.core.months import month_start
from lindungi.core.roles import Role
from lindungi.core.scopes import Scope
from lindungi.programs.models import Program, Sponsor, SponsorKind
from lindungi.programs.selectors import sponsor_list

MAX_REFUSALS_SHOWN = 50
ADMINS = ("superuser", Role.ADMIN_PEMDA)  # who starts programs, verifies and sends


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


def monthly_contribution(program: Program) -> int:
    """What one worker costs a month in this program (BPU, at the program's income basis)."""
    programs = ["JKK", "JKM", *(["JHT"] if program.includes_jht else [])]
    quote = quote_contribution(
        category="BPU", on=program.start_month, programs=programs, income=program.income_basis
    )
    return quote.total


def first_month(program: Program) -> date:
    return max(program.start_month, month_start(timezone.localdate()))


def own_sponsor(scope: Scope) -> Sponsor | None:
    """The sponsor a village or agency operator acts for, if it is registered."""
    if scope.role == Role.OPERATOR_DESA:
        return sponsor_list(scope=scope, kind=SponsorKind.DESA).first()
    if scope.role == Role.OPERATOR_OPD:
        return sponsor_list(scope=scope, kind=SponsorKind.OPD).first()
    if scope.role == Role.ASN:
        return sponsor_list(scope=scope, kind=SponsorKind.ASN).first()
    return None


def month_label(month: date) -> str:
    return date_format(month, "F Y")
