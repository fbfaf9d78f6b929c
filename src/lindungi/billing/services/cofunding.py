"""Co-funding: a second sponsor pays a share of an enrolment's months, agreed by the regional
admin (docs/billing.md)."""

from django.db import transaction
from django.utils.translation import gettext as _

from lindungi.accounts.models import User
from lindungi.billing import rules
from lindungi.billing.models import CostShare
from lindungi.billing.permissions import may_share_costs
from lindungi.core.audit import Action, audit_record
from lindungi.core.errors import InvalidState, NotFound, PermissionDenied, ValidationFailed
from lindungi.core.scopes import Scope
from lindungi.programs.models import RELEASED, Enrolment, EnrolmentStatus, Sponsor
from lindungi.programs.selectors import enrolment_list, sponsor_list


@transaction.atomic
def cost_share_set(
    *, actor: User | None, scope: Scope, enrolment: Enrolment, sponsor: Sponsor, basis_points: int
) -> CostShare:
    """Co-funding: `sponsor` pays `basis_points` / 10,000 of each month of the enrolment not
    billed yet (5,000 = half), rounded half up; the enrolment's own sponsor pays the rest. Only
    the regional admin agrees co-funding; the co-sponsors together pay less than the month."""
    if not may_share_costs(scope):
        raise PermissionDenied(
            _("Only the regional admin sets up co-funding"), code="cost_share.not_allowed"
        )
    if not enrolment_list(scope=scope).filter(pk=enrolment.pk).exists():
        raise NotFound(_("Enrolment not found"), id=enrolment.pk)
    if not sponsor_list(scope=scope).filter(pk=sponsor.pk).exists():
        raise NotFound(_("Sponsor not found"), id=sponsor.pk)
    if enrolment.status in (*RELEASED, EnrolmentStatus.ENDED, EnrolmentStatus.LAPSED):
        raise InvalidState(_("This enrolment no longer runs"), code="cost_share.enrolment_ended")
    if sponsor.pk == enrolment.sponsor_id:
        raise ValidationFailed(
            _("The enrolment's own sponsor pays the rest"),
            code="cost_share.own_sponsor",
            field="sponsor",
        )
    others = CostShare.objects.filter(enrolment=enrolment).exclude(sponsor=sponsor)
    taken = sum(others.values_list("basis_points", flat=True))
    if not 1 <= basis_points <= rules.BASIS_POINTS - 1 - taken:
        raise ValidationFailed(
            _("A share is 1 to %(most)s basis points (10,000 = the whole month)")
            % {"most": rules.BASIS_POINTS - 1 - taken},
            code="cost_share.out_of_range",
            field="basis_points",
        )
    share, created = CostShare.objects.update_or_create(
        enrolment=enrolment,
        sponsor=sponsor,
        defaults={"basis_points": basis_points, "created_by": actor},
    )
    audit_record(
        actor=actor,
        action=Action.BILLING_COST_SHARE,
        object_type="enrolment",
        object_id=enrolment.pk,
        region_code=enrolment.sponsor.region_id,
        details={"sponsor": sponsor.pk, "basis_points": basis_points, "created": created},
    )
    return share


@transaction.atomic
def cost_share_end(
    *, actor: User | None, scope: Scope, enrolment: Enrolment, sponsor: Sponsor
) -> int:
    """End a co-sponsor's share of an enrolment: the months not billed yet go back to the
    enrolment's own sponsor in full; months billed keep their shares (their lines are issued).
    Returns the basis points the share had. Only the regional admin ends co-funding."""
    if not may_share_costs(scope):
        raise PermissionDenied(
            _("Only the regional admin sets up co-funding"), code="cost_share.not_allowed"
        )
    if not enrolment_list(scope=scope).filter(pk=enrolment.pk).exists():
        raise NotFound(_("Enrolment not found"), id=enrolment.pk)
    share = (
        CostShare.objects.select_for_update().filter(enrolment=enrolment, sponsor=sponsor).first()
    )
    if share is None:
        raise NotFound(
            _("This sponsor pays no share of this enrolment"),
            code="cost_share.not_found",
            field="sponsor",
        )
    basis_points = share.basis_points
    share.delete()
    audit_record(
        actor=actor,
        action=Action.BILLING_COST_SHARE_END,
        object_type="enrolment",
        object_id=enrolment.pk,
        region_code=enrolment.sponsor.region_id,
        details={"sponsor": sponsor.pk, "basis_points": basis_points},
    )
    return basis_points
