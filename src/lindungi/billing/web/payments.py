"""Pages of payments: the payments list, recording one by hand and a second officer's
review of a held one.

Each view parses input, calls the billing selectors (reads) and services (writes) with the
user's scope, and turns domain errors into messages; `NotFound` becomes a 404, exactly like a
missing page, and an action the role may not take (`billing.permissions`) a 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from lindungi.accounts.selectors import scope_for_user
from lindungi.billing.lapses import Resumed
from lindungi.billing.models import Bill, PaymentStatus
from lindungi.billing.permissions import may_confirm_payment, may_record_payments
from lindungi.billing.selectors.payments import payment_allocations, payment_get, payment_list
from lindungi.billing.services.payments import PaymentResult, payment_record, payment_review
from lindungi.billing.web.forms import PaymentForm
from lindungi.core.errors import DomainError
from lindungi.core.money import format_rupiah
from lindungi.core.scopes import Scope
from lindungi.programs.selectors import sponsor_get, sponsor_list
from lindungi.web.helpers import number, or_404, paged, report, signed_in

MAX_CHOICES = 2000


def _paying_sponsors(scope: Scope, chosen: int | None) -> list[tuple[int, str]]:
    """The sponsors a payment may be recorded for: those in scope with a bill (and the one the
    page was opened for)."""
    sponsors = sponsor_list(scope=scope).filter(pk__in=Bill.objects.values("sponsor_id"))
    found = list(sponsors[:MAX_CHOICES])
    if chosen is not None and chosen not in {sponsor.pk for sponsor in found}:
        found.insert(0, sponsor_get(scope=scope, sponsor_id=chosen))
    return [(sponsor.pk, f"{sponsor.name} ({sponsor.get_kind_display()})") for sponsor in found]


@login_required
@require_http_methods(["GET", "POST"])
def payments(request: HttpRequest) -> HttpResponse:
    """Payments of the sponsors the reader sees; the regional admin and BPJS officers record
    one, which is spread over the sponsor's oldest open bills at once."""
    scope = scope_for_user(request.user)
    may_pay = may_record_payments(scope)
    if request.method == "POST" and not may_pay:
        return HttpResponseForbidden(_("Only the regional admin or BPJS records payments"))
    if request.method == "POST" and "review" in request.POST:
        _review(request, scope)
        return redirect(request.path)
    chosen = number(request.GET.get("sponsor"))
    if chosen is not None:
        or_404(sponsor_get, scope=scope, sponsor_id=chosen)
    form = None
    if may_pay:
        form = PaymentForm(
            request.POST or None,
            initial={"sponsor": chosen},
            sponsors=_paying_sponsors(scope, chosen),
        )
    if request.method == "POST" and form is not None and form.is_valid():
        result = _record(request, scope, form)
        if result is not None:
            return redirect(f"{request.path}?payment={result.payment.pk}")
    shown = number(request.GET.get("payment"))
    recorded = or_404(payment_get, scope=scope, payment_id=shown) if shown else None
    context = {
        "form": form,
        "may_pay": may_pay,
        "recorded": recorded,
        "allocations": (
            list(payment_allocations(scope=scope, payment=recorded)) if recorded else []
        ),
        **paged(request, payment_list(scope=scope)),
    }
    context["reviewable"] = {
        payment.pk
        for payment in context["rows"]
        if payment.status == PaymentStatus.PENDING
        and may_confirm_payment(scope, payment.recorded_by_id)
    }
    return render(request, "billing/payment_list.html", context)


def _record(request: HttpRequest, scope: Scope, form: PaymentForm) -> PaymentResult | None:
    data = form.cleaned_data
    sponsor = or_404(sponsor_get, scope=scope, sponsor_id=data["sponsor"])
    try:
        result = payment_record(
            actor=signed_in(request),
            scope=scope,
            sponsor=sponsor,
            amount=data["amount"],
            paid_on=data["paid_on"],
            channel=data["channel"],
            reference=data["reference"],
        )
    except DomainError as error:
        field = error.details.get("field")
        form.add_error(field if field in form.fields else None, error.message)
        return None
    if result.is_held:
        messages.warning(
            request,
            _(
                "Payment of %(amount)s from %(sponsor)s is held: it is more than the sponsor's "
                "bills make plausible (%(bound)s: what they still owe and 12 months of its "
                "latest month). It counts once a second officer confirms it."
            )
            % {
                "amount": format_rupiah(result.payment.amount),
                "sponsor": sponsor.name,
                "bound": format_rupiah(result.payment.plausible_up_to or 0),
            },
        )
        return result
    messages.success(
        request,
        _("Payment of %(amount)s from %(sponsor)s recorded: %(allocated)s applied to its bills")
        % {
            "amount": format_rupiah(result.payment.amount),
            "sponsor": sponsor.name,
            "allocated": format_rupiah(result.allocated),
        },
    )
    if result.unallocated:
        messages.info(
            request,
            _("%(amount)s waits for the sponsor's next bill")
            % {"amount": format_rupiah(result.unallocated)},
        )
    resumed_message(request, result.resumed)
    return result


def _review(request: HttpRequest, scope: Scope) -> None:
    """A second officer confirms a held payment, or refuses it with a reason."""
    payment = or_404(payment_get, scope=scope, payment_id=number(request.POST.get("review")))
    confirm = request.POST.get("decision") == "confirm"
    try:
        result = payment_review(
            actor=signed_in(request),
            scope=scope,
            payment=payment,
            confirm=confirm,
            reason=request.POST.get("reason", "").replace("\x00", "")[:300],
        )
    except DomainError as error:
        report(request, error)
        return
    if not confirm:
        messages.success(request, _("Payment refused: it will not count"))
        return
    messages.success(
        request,
        _("Payment of %(amount)s confirmed: %(allocated)s applied to its bills")
        % {
            "amount": format_rupiah(result.payment.amount),
            "allocated": format_rupiah(result.allocated),
        },
    )
    resumed_message(request, result.resumed)


def resumed_message(request: HttpRequest, resumed: Resumed) -> None:
    """Lapsed enrolments the payment started again: a new enrolment each, from its month."""
    if not resumed.count:
        return
    months = sorted(set(resumed.first_months))
    messages.success(
        request,
        ngettext(
            "%(count)s lapsed enrolment started again as a new enrolment from %(month)s",
            "%(count)s lapsed enrolments started again as new enrolments from %(month)s",
            resumed.count,
        )
        % {
            "count": resumed.count,
            "month": ", ".join(date_format(month, "F Y") for month in months),
        },
    )
