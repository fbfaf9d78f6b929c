"""What billing adds to the sponsor page: a civil servant's TPP deduction this month, the
co-funding shares of the sponsor's enrolments
(or that it pays as a co-sponsor) and, for the regional admin, the form to set or end one."""

from django.utils import timezone

from lindungi.billing.permissions import may_share_costs
from lindungi.billing.selectors.bills import cost_share_list
from lindungi.billing.selectors.tpp import tpp_deduction
from lindungi.billing.web.cofunding import percent_text
from lindungi.billing.web.forms import CostShareForm
from lindungi.core import formats
from lindungi.core.months import month_start
from lindungi.core.scopes import Scope
from lindungi.programs.models import RELEASED, EnrolmentStatus, Sponsor, SponsorKind
from lindungi.programs.selectors import enrolment_list, sponsor_list
from lindungi.web.parts import Panel

SHOWN = 200
# Who co-funds another sponsor's enrolments: the regency's budget, companies, Baznas, donors.
CO_SPONSOR_KINDS = (
    SponsorKind.OPD,
    SponsorKind.PERUSAHAAN,
    SponsorKind.BAZNAS,
    SponsorKind.DONATUR,
)


def _tpp(scope: Scope, sponsor: Sponsor) -> Panel | None:
    """A civil servant sponsor's deduction this month, as her agency's TPP list shows it."""
    if sponsor.kind != SponsorKind.ASN:
        return None
    month = month_start(timezone.localdate())
    return Panel(
        position=10,
        template="billing/_sponsor_tpp.html",
        context={
            "month": month,
            "amount": tpp_deduction(scope=scope, sponsor=sponsor, month=month),
        },
    )


def panel(scope: Scope, sponsor: Sponsor) -> list[Panel]:
    return [part for part in (_tpp(scope, sponsor), _cost_shares(scope, sponsor)) if part]


def _cost_shares(scope: Scope, sponsor: Sponsor) -> Panel | None:
    shares = cost_share_list(scope=scope, sponsor=sponsor)
    may_set = may_share_costs(scope)
    form = None
    if may_set:
        running = (
            enrolment_list(scope=scope, sponsor=sponsor)
            .exclude(status__in=(*RELEASED, EnrolmentStatus.ENDED, EnrolmentStatus.LAPSED))
            .select_related("worker")
            .order_by("worker__name", "id")[:SHOWN]
        )
        enrolments = [
            (
                e.pk,
                f"{e.worker.name} · {formats.month(e.first_month)} - {formats.month(e.last_month)}",
            )
            for e in running
        ]
        co_sponsors = [
            (s.pk, f"{s.name} ({s.get_kind_display()})")
            for s in sponsor_list(scope=scope)
            .filter(kind__in=CO_SPONSOR_KINDS)
            .exclude(pk=sponsor.pk)
            .order_by("name")[:SHOWN]
        ]
        if enrolments and co_sponsors:
            form = CostShareForm(enrolments=enrolments, sponsors=co_sponsors)
    listed = [(share, percent_text(share.basis_points)) for share in shares[:SHOWN]]
    if not listed and form is None:
        return None
    return Panel(
        position=50,
        template="billing/_cost_shares.html",
        context={"shares": listed, "count": shares.count(), "form": form, "may_set": may_set},
    )
