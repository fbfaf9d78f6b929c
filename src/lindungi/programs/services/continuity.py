"""Continuity: no month uncovered between sponsors. An enrolment whose sponsored period ends
soon (`billing.selectors.expiring_enrolments`) continues in one step from the month after its last:
renewed with the same sponsor, moved to another sponsor, or continued by the worker paying for
themself (MANDIRI). The follow-on enrolment is drafted through the programs services, so every
rule of enrolment (eligibility, quota, budget, double funding, ASN consent, maker-checker)
applies to it as to any other.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindungi.accounts.models import User
from lindungi.core.audit import Action, audit_record
from lindungi.core.errors import InvalidState, NotFound, ValidationFailed
from lindungi.core.months import add_months
from lindungi.core.scopes import Scope
from lindungi.programs.models import Enrolment, EnrolmentStatus, Program, Sponsor, SponsorKind
from lindungi.programs.selectors import enrolment_list
from lindungi.programs.services.enrolling import enrolments_create
from lindungi.programs.services.sponsors import sponsor_create

CHOICES = ("renew", "move", "self_pay")


@transaction.atomic
def enrolment_continue(
    *,
    actor: User | None,
    scope: Scope,
    enrolment: Enrolment,
    choice: str,
    sponsor: Sponsor | None = None,
    program: Program | None = None,
    today: date | None = None,
) -> Enrolment:
    """Draft the enrolment that follows `enrolment` from the month after its last month:
    `renew` with the same sponsor, `move` to `sponsor`, or `self_pay` with the worker's own
    MANDIRI sponsor (registered on first use). `program` defaults to the same program; when
    that program's period is over, name the program that continues it (e.g. next year's).
    The draft then goes through verification and BPJS as every enrolment does."""
    if not enrolment_list(scope=scope).filter(pk=enrolment.pk).exists():
        raise NotFound(_("Enrolment not found"), id=enrolment.pk)
    if enrolment.status != EnrolmentStatus.ACTIVE:
        raise InvalidState(_("Only an active enrolment is continued"), code="enrolment.not_active")
    if choice not in CHOICES:
        raise ValidationFailed(
            _("Choose to renew, move to another sponsor, or continue self-paying"), field="choice"
        )
    target = program or enrolment.program
    worker = enrolment.worker
    if choice == "renew":
        if sponsor is not None and sponsor.pk != enrolment.sponsor_id:
            raise ValidationFailed(_("A renewal keeps the same sponsor"), field="sponsor")
        payer = enrolment.sponsor
    elif choice == "move":
        if sponsor is None or sponsor.pk == enrolment.sponsor_id:
            raise ValidationFailed(_("Choose the sponsor who takes over"), field="sponsor")
        payer = sponsor
    else:
        payer = Sponsor.objects.filter(kind=SponsorKind.MANDIRI, worker=worker).first() or (
            sponsor_create(
                actor=actor,
                scope=scope,
                kind=SponsorKind.MANDIRI,
                name=worker.name,
                region=target.region,
                worker=worker,
            )
        )
    first_month = add_months(enrolment.last_month, 1)
    (follow_on,) = enrolments_create(
        actor=actor,
        scope=scope,
        program=target,
        sponsor=payer,
        workers=[worker],
        first_month=first_month,
        today=today or timezone.localdate(),
    )
    audit_record(
        actor=actor,
        action=Action.ENROLMENT_CONTINUE,
        object_type="enrolment",
        object_id=enrolment.pk,
        region_code=payer.region_id,
        details={
            "choice": choice,
            "follow_on": follow_on.pk,
            "sponsor": payer.pk,
            "program": target.pk,
            "first_month": first_month.isoformat(),
        },
    )
    return follow_on
