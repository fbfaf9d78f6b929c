"""Reporting claims: the village operator (for the workers of their village), the agency
operator (for the workers their agency protected on the event date) and the regional admin
report a claim (or save it as a draft), confirm a draft and submit it to BPJS once its documents
are attached. Reporting checks the claim against the worker's enrolments and their paid months
(`assessment`) and stores the benefit due with its explanation."""

from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lindungi.accounts.models import User
from lindungi.claims import rules
from lindungi.claims.models import (
    Claim,
    ClaimDocument,
    ClaimStatus,
    ClaimType,
    DocumentKind,
    JkkKind,
    ScholarshipRoute,
)
from lindungi.claims.permissions import may_report
from lindungi.claims.services.assessment import Assessment, assess
from lindungi.claims.services.deaths import death_followed
from lindungi.claims.services.steps import allowed, label, locked, move, recorded
from lindungi.core.audit import Action
from lindungi.core.errors import (
    Conflict,
    InvalidState,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from lindungi.core.scopes import Scope
from lindungi.programs.models import Enrolment
from lindungi.programs.selectors import sponsors_visible
from lindungi.workers.models import Worker
from lindungi.workers.selectors import worker_list


def _reporter(scope: Scope, message: str) -> None:
    allowed(may_report(scope), message, code="claim.not_reporter")


def _reportable(scope: Scope, worker: Worker) -> None:
    """The worker is one the reporter works for: living in their region (village operator,
    admin) or protected by their agency (agency operator); anyone else looks missing."""
    if scope.agency_id is None and worker_list(scope=scope).filter(pk=worker.pk).exists():
        return
    if (
        scope.agency_id is not None
        and Enrolment.objects.filter(sponsors_visible(scope, "sponsor__"), worker=worker).exists()
    ):
        return
    raise NotFound(_("Worker not found"), id=worker.pk)


def _checked_fields(claim: Claim) -> None:
    if claim.type not in ClaimType.values:
        raise ValidationFailed(_("Unknown claim type"), field="type")
    if claim.type == ClaimType.JKK and claim.jkk_kind not in JkkKind.values:
        raise ValidationFailed(
            _("Say which work-accident benefit is claimed: care, STMB, disability or death"),
            field="jkk_kind",
        )
    if claim.type != ClaimType.JKK:
        claim.jkk_kind = ""
    if claim.type == ClaimType.BEASISWA:
        claim.scholarship_route = claim.scholarship_route or ScholarshipRoute.JKM
        if claim.scholarship_route not in ScholarshipRoute.values:
            raise ValidationFailed(_("Unknown scholarship route"), field="scholarship_route")
    else:
        claim.scholarship_route = ""


def _refuse_duplicate(claim: Claim) -> None:
    """One claim per worker, type and event; and a worker dies once."""
    others = Claim.objects.filter(worker=claim.worker).exclude(status=ClaimStatus.REJECTED)
    if others.filter(
        type=claim.type, jkk_kind=claim.jkk_kind, event_date=claim.event_date
    ).exists():
        raise Conflict(_("This claim is already registered"), code="claim.duplicate", field="type")
    deaths = others.filter(type=ClaimType.JKM) | others.filter(jkk_kind=JkkKind.DEATH)
    is_death = claim.type == ClaimType.JKM or claim.jkk_kind == JkkKind.DEATH
    if is_death and deaths.exists():
        raise Conflict(
            _("A death benefit is already claimed for this worker"),
            code="claim.death_already_claimed",
            field="type",
        )


def _apply(claim: Claim, assessment: Assessment) -> None:
    claim.enrolment = assessment.enrolment
    claim.benefit = assessment.benefit
    claim.benefit_total = assessment.benefit["total"]
    claim.months_paid = assessment.months_paid
    claim.report_deadline = assessment.deadline
    claim.expires_on = assessment.expires_on


def _mark_reported(claim: Claim, actor: User | None, now: datetime) -> None:
    claim.reported_by = actor
    claim.reported_at = now
    claim.reporter_region_id = getattr(actor, "region_id", None)
    claim.is_late = claim.report_deadline is not None and rules.is_late(claim.report_deadline, now)


def _report_details(claim: Claim) -> dict[str, Any]:
    return {
        "type": claim.type,
        "jkk_kind": claim.jkk_kind,
        "event_date": claim.event_date.isoformat(),
        "enrolment": claim.enrolment_id,
        "months_paid": claim.months_paid,
        "benefit_total": claim.benefit_total,
        "is_late": claim.is_late,
    }


@transaction.atomic
def claim_report(
    *,
    actor: User | None,
    scope: Scope,
    worker: Worker,
    type: str,  # the domain's word: JKM, JKK, BEASISWA
    event_date: date,
    jkk_kind: str = "",
    event_time: time | None = None,
    months_off: int | None = None,
    children: int | None = None,
    scholarship_route: str = "",
    notes: str = "",
    draft: bool = False,
    now: datetime | None = None,
) -> Claim:
    """Report a claim (or save it as a draft, `claim_confirm` reports it later): find the
    enrolment that protected the worker on the event date, count the membership's paid months
    up to that month, compute the benefit due with the rule of each component, flag a work
    accident reported after 2 x 24 hours (Permenaker 5/2021 Pasal 19) and refuse one older than
    5 years (PP 82/2019 Pasal 26) or an event outside every protected period."""
    _reporter(scope, _("Only the village or agency operator or the admin reports claims"))
    _reportable(scope, worker)
    now = now or timezone.now()
    claim = Claim(
        worker=worker,
        region_id=worker.village_id,
        type=type,
        jkk_kind=jkk_kind,
        event_date=event_date,
        event_time=event_time,
        months_off=months_off,
        children=children,
        scholarship_route=scholarship_route,
        notes=notes.strip(),
        status=ClaimStatus.DRAFT,
        created_by=actor,
        created_at=now,
        updated_at=now,
    )
    _checked_fields(claim)
    _apply(claim, assess(claim, timezone.localdate(now)))
    if (
        scope.agency_id is not None
        and not Enrolment.objects.filter(
            sponsors_visible(scope, "sponsor__"), pk=claim.enrolment_id
        ).exists()
    ):
        raise PermissionDenied(
            _(
                "On that day the worker was protected through another sponsor: its operator "
                "or the Disnaker reports the claim"
            ),
            code="claim.other_sponsor",
        )
    _refuse_duplicate(claim)
    if not draft:
        move(claim, ClaimStatus.REPORTED)
        _mark_reported(claim, actor, now)
    action = Action.CLAIM_DRAFT if draft else Action.CLAIM_REPORT
    claim = recorded(actor, claim, action, now=now, details=_report_details(claim))
    if not draft:
        death_followed(actor, claim, now)
    return claim


@transaction.atomic
def claim_confirm(
    *, actor: User | None, scope: Scope, claim: Claim, now: datetime | None = None
) -> Claim:
    """Report a draft: the checks and the benefit are made again as of now (a payment recorded
    since may have added paid months; a deadline may have passed)."""
    _reporter(scope, _("Only the village or agency operator or the admin reports claims"))
    claim = locked(scope, claim)
    now = now or timezone.now()
    move(claim, ClaimStatus.REPORTED)
    _apply(claim, assess(claim, timezone.localdate(now)))
    _mark_reported(claim, actor, now)
    claim = recorded(actor, claim, Action.CLAIM_REPORT, now=now, details=_report_details(claim))
    death_followed(actor, claim, now)
    return claim


@transaction.atomic
def claim_submit(
    *, actor: User | None, scope: Scope, claim: Claim, now: datetime | None = None
) -> Claim:
    """Send a reported claim to BPJS once the documents BPJS asks for are attached
    (`rules.REQUIRED_DOCUMENTS`); an expired work-accident claim is refused."""
    _reporter(scope, _("Only the village or agency operator or the admin submits claims"))
    claim = locked(scope, claim)
    now = now or timezone.now()
    move(claim, ClaimStatus.SUBMITTED)
    if claim.type == ClaimType.JKK and rules.is_expired(claim.event_date, timezone.localdate(now)):
        raise InvalidState(
            _("This work-accident claim expired on %(date)s")
            % {"date": date_format(rules.jkk_expiry(claim.event_date), "j M Y")},
            code="claim.expired",
            status=claim.status,
        )
    present = list(ClaimDocument.objects.filter(claim=claim).values_list("kind", flat=True))
    missing = rules.missing_documents(claim.type, claim.jkk_kind, present)
    if missing:
        raise ValidationFailed(
            _("Attach these documents first: %(documents)s")
            % {"documents": ", ".join(label(DocumentKind, kind) for kind in missing)},
            code="claim.documents_missing",
            field="documents",
            missing=missing,
        )
    claim.submitted_by = actor
    claim.submitted_at = now
    return recorded(actor, claim, Action.CLAIM_SUBMIT, now=now, details={"documents": len(present)})
