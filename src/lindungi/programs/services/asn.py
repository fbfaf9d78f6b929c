"""A civil servant protects a worker of their household through a deduction from their
allowance (TPP), and withdraws that consent."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindungi.accounts.models import User
from lindungi.core.audit import Action, audit_record
from lindungi.core.errors import InvalidState, PermissionDenied, ValidationFailed
from lindungi.core.months import month_start
from lindungi.core.scopes import Scope
from lindungi.programs.models import (
    RELEASED,
    AsnConsent,
    EndReason,
    Enrolment,
    EnrolmentStatus,
    Program,
    Sponsor,
    SponsorKind,
)
from lindungi.programs.permissions import acts_for, may_protect_through_tpp
from lindungi.programs.selectors import monthly_amount
from lindungi.programs.services.endings import end_set
from lindungi.programs.services.enrolling import enrolments_create
from lindungi.programs.services.sponsors import sponsor_create
from lindungi.programs.services.transitions import enrolments_submit
from lindungi.workers.models import Worker


def _asn_sponsor(actor: User, scope: Scope) -> Sponsor:
    """The civil servant's own sponsor record, created on their first consent."""
    existing = Sponsor.objects.filter(kind=SponsorKind.ASN, user=actor).first()
    if existing is not None:
        return existing
    if actor.region is None or actor.agency is None:
        raise ValidationFailed(_("Your account has no agency"), field="agency")
    return sponsor_create(
        actor=actor,
        scope=scope,
        kind=SponsorKind.ASN,
        name=actor.display_name,
        region=actor.region,
        agency=actor.agency,
        user=actor,
        nip=actor.nip,
    )


@transaction.atomic
def asn_protect(
    *,
    actor: User,
    scope: Scope,
    program: Program,
    worker: Worker,
    today: date | None = None,
) -> Enrolment:
    """A civil servant protects a worker of their household: records their consent to the
    monthly TPP deduction (from the enrolment's first month), drafts the enrolment and submits
    it for verification, in one step."""
    if not may_protect_through_tpp(scope):
        raise PermissionDenied(
            _("Only a civil servant protects a worker through their TPP"),
            code="consent.not_civil_servant",
        )
    today = today or timezone.localdate()
    sponsor = _asn_sponsor(actor, scope)
    first = max(program.start_month, month_start(today))
    already_consented = AsnConsent.objects.filter(
        sponsor=sponsor, worker=worker, withdrawn_at__isnull=True
    ).exists()
    if not already_consented:
        consent = AsnConsent.objects.create(
            sponsor=sponsor,
            worker=worker,
            monthly_amount=monthly_amount(program, first),
            first_month=first,
        )
        audit_record(
            actor=actor,
            action=Action.CONSENT_GIVE,
            object_type="consent",
            object_id=consent.pk,
            region_code=sponsor.region_id,
            details={
                "worker": worker.pk,
                "monthly_amount": consent.monthly_amount,
                "first_month": first.isoformat(),
            },
        )
    (enrolment,) = enrolments_create(
        actor=actor, scope=scope, program=program, sponsor=sponsor, workers=[worker], today=today
    )
    enrolments_submit(actor=actor, scope=scope, enrolments=[enrolment])
    enrolment.refresh_from_db()
    return enrolment


@transaction.atomic
def consent_withdraw(
    *, actor: User | None, scope: Scope, consent: AsnConsent, today: date | None = None
) -> AsnConsent:
    """Stop a deduction from next month: the consent's last month is this month; the worker's
    enrolment ends after it (or is cancelled if BPJS has not activated it yet)."""
    if not acts_for(scope, consent.sponsor):
        raise PermissionDenied(_("You cannot change this consent"), code="consent.not_yours")
    if consent.withdrawn_at is not None:
        raise InvalidState(
            _("This consent was already withdrawn"), code="consent.already_withdrawn"
        )
    today = today or timezone.localdate()
    this_month = month_start(today)
    consent.withdrawn_at = timezone.now()
    consent.last_month = max(this_month, consent.first_month)
    consent.save(update_fields=["withdrawn_at", "last_month"])
    audit_record(
        actor=actor,
        action=Action.CONSENT_WITHDRAW,
        object_type="consent",
        object_id=consent.pk,
        region_code=consent.sponsor.region_id,
        details={"worker": consent.worker_id, "last_month": consent.last_month.isoformat()},
    )
    # Through the one ending service: the enrolment running this month ends after it, one
    # not begun yet (or not active at BPJS yet) is cancelled, and months billed after this
    # one become credit notes.
    end_set(
        actor=actor,
        selection=Enrolment.objects.filter(
            sponsor=consent.sponsor, worker=consent.worker, last_month__gte=this_month
        ).exclude(status__in=[*RELEASED, EnrolmentStatus.ENDED]),
        reason=EndReason.CONSENT_WITHDRAWN,
        event_date=today,
        last_month=this_month,
        note=_("consent withdrawn"),
        with_pending=True,
        today=today,
    )
    return consent
