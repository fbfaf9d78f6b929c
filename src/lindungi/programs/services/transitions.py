"""Moving enrolments through their statuses: the maker submits, the checker verifies or
returns, the maker cancels, and an active protection ends. Set-wise: one UPDATE per call."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindungi.accounts.models import User
from lindungi.core.audit import Action, audit_record
from lindungi.core.errors import InvalidState, PermissionDenied, ValidationFailed
from lindungi.core.months import month_start
from lindungi.core.scopes import Scope
from lindungi.programs.models import EndReason, Enrolment, EnrolmentStatus
from lindungi.programs.permissions import acts_for, may_end, may_verify
from lindungi.programs.services.endings import end_set, enrolments_end
from lindungi.programs.services.enrolling import months_label


def transition(
    *,
    actor: User | None,
    enrolments: Sequence[Enrolment],
    expected: Sequence[str],
    action: Action,
    changes: dict[str, Any],
    details: dict[str, Any] | None = None,
) -> int:
    """Move enrolments from one of `expected` to new values in one UPDATE; refuse if one of them
    is in another status (someone else acted first)."""
    if not enrolments:
        raise ValidationFailed(_("Choose at least one enrolment"), field="enrolments")
    ids = [enrolment.pk for enrolment in enrolments]
    changed = Enrolment.objects.filter(pk__in=ids, status__in=expected).update(
        **changes, updated_at=timezone.now()
    )
    if changed != len(set(ids)):
        raise InvalidState(
            _("%(count)s enrolment(s) are no longer %(status)s; reload the list")
            % {
                "count": len(set(ids)) - changed,
                "status": " / ".join(str(EnrolmentStatus(s).label) for s in expected),
            },
            code="enrolment.not_pending",
        )
    first = enrolments[0]
    audit_record(
        actor=actor,
        action=action,
        object_type="enrolment",
        object_id=first.pk if len(ids) == 1 else "",
        region_code=first.sponsor.region_id,
        details={"count": changed, "enrolments": ids[:1000], **(details or {})},
    )
    return changed


@transaction.atomic
def enrolments_submit(*, actor: User | None, scope: Scope, enrolments: Sequence[Enrolment]) -> int:
    """The maker proposes drafts for verification by the regional admin."""
    for sponsor in {enrolment.sponsor for enrolment in enrolments}:
        if not acts_for(scope, sponsor):
            raise PermissionDenied(
                _("You cannot submit enrolments for this sponsor"),
                code="enrolment.not_your_sponsor",
            )
    return transition(
        actor=actor,
        enrolments=enrolments,
        expected=[EnrolmentStatus.DRAFT],
        action=Action.ENROLMENT_SUBMIT,
        changes={"status": EnrolmentStatus.SUBMITTED, "submitted_by": actor, "returned_reason": ""},
    )


@transaction.atomic
def enrolments_verify(
    *,
    actor: User | None,
    scope: Scope,
    enrolments: Sequence[Enrolment],
    approve: bool,
    reason: str = "",
) -> int:
    """The checker (the regional admin) approves submitted enrolments, or returns them to the
    maker with a reason. Nobody checks what they submitted themself."""
    if not may_verify(scope):
        raise PermissionDenied(
            _("Only the regional admin verifies enrolments"), code="enrolment.not_checker"
        )
    # Who submitted is read from the database, never from what the caller holds.
    enrolments = list(
        Enrolment.objects.select_related("sponsor", "worker").filter(
            pk__in=[enrolment.pk for enrolment in enrolments]
        )
    )
    for enrolment in enrolments:
        if not scope.covers_region(enrolment.sponsor.region_id):
            raise PermissionDenied(
                _("You cannot verify enrolments of another region"),
                code="enrolment.other_region",
            )
        if actor is not None and enrolment.submitted_by_id == actor.pk:
            raise PermissionDenied(
                _("You submitted %(name)s yourself: another officer must verify it")
                % {"name": enrolment.worker.name},
                code="enrolment.own_submission",
            )
    if approve:
        return transition(
            actor=actor,
            enrolments=enrolments,
            expected=[EnrolmentStatus.SUBMITTED],
            action=Action.ENROLMENT_APPROVE,
            changes={"status": EnrolmentStatus.VERIFIED, "verified_by": actor},
        )
    if not reason.strip():
        raise ValidationFailed(_("Say why the enrolments are returned"), field="reason")
    return transition(
        actor=actor,
        enrolments=enrolments,
        expected=[EnrolmentStatus.SUBMITTED],
        action=Action.ENROLMENT_RETURN,
        changes={"status": EnrolmentStatus.DRAFT, "returned_reason": reason.strip()[:300]},
        details={"reason": reason.strip()[:300]},
    )


@transaction.atomic
def enrolments_cancel(
    *, actor: User | None, scope: Scope, enrolments: Sequence[Enrolment], reason: str = ""
) -> int:
    """Withdraw enrolments not yet sent to BPJS; their months are free again."""
    for sponsor in {enrolment.sponsor for enrolment in enrolments}:
        if not acts_for(scope, sponsor):
            raise PermissionDenied(
                _("You cannot cancel enrolments for this sponsor"),
                code="enrolment.not_your_sponsor",
            )
    return transition(
        actor=actor,
        enrolments=enrolments,
        expected=[EnrolmentStatus.DRAFT, EnrolmentStatus.SUBMITTED, EnrolmentStatus.VERIFIED],
        action=Action.ENROLMENT_CANCEL,
        changes={"status": EnrolmentStatus.CANCELLED, "end_note": reason.strip()[:300]},
    )


@transaction.atomic
def enrolment_end(
    *,
    actor: User | None,
    scope: Scope,
    enrolment: Enrolment,
    reason: str,
    last_month: date | None = None,
    event_date: date | None = None,
    note: str = "",
    today: date | None = None,
) -> Enrolment:
    """End an active (or lapsed) enrolment: for a life event on `event_date`, from the month
    after it (`endings.enrolments_end`, a death ends every enrolment of the worker); or, without
    a date of event, after `last_month`. The months after it are free and, when billed,
    credited (`endings`)."""
    if event_date is not None:
        enrolments_end(
            actor=actor,
            scope=scope,
            enrolments=[enrolment],
            reason=reason,
            event_date=event_date,
            note=note,
            today=today,
        )
        enrolment.refresh_from_db()
        return enrolment
    if not may_end(scope, enrolment.sponsor):
        raise PermissionDenied(
            _("You cannot end enrolments for this sponsor"), code="enrolment.not_your_sponsor"
        )
    if reason not in EndReason.values:
        raise ValidationFailed(_("Choose why the protection ends"), field="reason")
    if last_month is None:
        raise ValidationFailed(_("Give the date of the event"), field="event_date")
    month = month_start(last_month)
    if not enrolment.first_month <= month <= enrolment.last_month:
        raise ValidationFailed(
            _("The last month must lie in %(period)s")
            % {"period": months_label(enrolment.first_month, enrolment.last_month)},
            field="last_month",
        )
    if enrolment.status not in (EnrolmentStatus.ACTIVE, EnrolmentStatus.LAPSED):
        raise InvalidState(
            _("%(count)s enrolment(s) are no longer %(status)s; reload the list")
            % {
                "count": 1,
                "status": " / ".join(
                    str(EnrolmentStatus(s).label)
                    for s in (EnrolmentStatus.ACTIVE, EnrolmentStatus.LAPSED)
                ),
            },
            code="enrolment.not_pending",
        )
    done = end_set(
        actor=actor,
        selection=Enrolment.objects.filter(pk=enrolment.pk),
        reason=reason,
        event_date=None,
        last_month=month,
        note=note,
        with_pending=False,
        today=today or timezone.localdate(),
    )
    audit_record(
        actor=actor,
        action=Action.ENROLMENT_END,
        object_type="enrolment",
        object_id=enrolment.pk,
        region_code=enrolment.sponsor.region_id,
        details={"reason": reason, "last_month": month.isoformat(), "ended": done.ended},
    )
    enrolment.refresh_from_db()
    return enrolment
