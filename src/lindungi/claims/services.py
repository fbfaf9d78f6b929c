"""Writing claims: reported by the operators, sent to BPJS, decided by BPJS, paid. Every change
is one service call with one audit event; a claim moves only along `NEXT_STATUSES`.

Who may do what (`permissions.py`):
- the village operator (for the workers of their village), the agency operator (for the workers
  their agency protected on the event date) and the regional admin report claims, attach
  documents and submit them to BPJS;
- a BPJS officer or the regional admin records BPJS's decision and the payment (a BPJS officer
  may also attach documents, e.g. the decision letter);
- documents are downloaded by those whose work needs them, each download recorded.

Reporting checks the claim against the worker's enrolments and their paid months
(`rules.py`, REGULATIONS.md §4-§5) and stores the benefit due with its explanation.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lindungi.accounts.models import User
from lindungi.billing.rules import add_months, period_end
from lindungi.billing.selectors.accounts import enrolment_months
from lindungi.claims import rules
from lindungi.claims.benefits import Benefit, Route, benefit, maximum
from lindungi.claims.models import (
    NEXT_STATUSES,
    Claim,
    ClaimDocument,
    ClaimStatus,
    ClaimType,
    DocumentKind,
    JkkKind,
    ScholarshipRoute,
)
from lindungi.claims.permissions import (
    DECIDE_ROLES,
    DOCUMENT_ROLES,
    REPORT_ROLES,
    may,
    may_confirm_amount,
    may_download_documents,
)
from lindungi.claims.selectors import claim_document_get, claim_get
from lindungi.contributions.calculator import explain
from lindungi.contributions.ratebook import RuleError
from lindungi.contributions.rules import Category
from lindungi.contributions.selectors import rate_book
from lindungi.core.audit import Action, audit_record
from lindungi.core.errors import (
    Conflict,
    InvalidState,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from lindungi.core.money import format_rupiah
from lindungi.core.scopes import Scope
from lindungi.core.uploads import UploadRefused, check_upload
from lindungi.programs.models import Enrolment, EnrolmentStatus
from lindungi.programs.selectors import sponsors_visible
from lindungi.workers.models import Worker
from lindungi.workers.selectors import worker_list

# Statuses of an enrolment that BPJS protected (an ENDED or LAPSED one up to its last month).
PROTECTED = (EnrolmentStatus.ACTIVE, EnrolmentStatus.LAPSED, EnrolmentStatus.ENDED)
# Statuses of an enrolment that holds its months but that BPJS has not activated yet.
PENDING = (
    EnrolmentStatus.DRAFT,
    EnrolmentStatus.SUBMITTED,
    EnrolmentStatus.VERIFIED,
    EnrolmentStatus.SENT,
)
DASH = "\N{EN DASH}"
# The membership's paid months are counted over all its sponsors, including those outside the
# reporter's scope: the waiting period is the worker's, whoever paid.
MEMBERSHIP = Scope(user_id=None, role="system", region_codes=None)


def _label(choices: Any, value: str) -> str:
    return str(dict(choices.choices).get(value, value))


def _move(claim: Claim, to: str) -> None:
    """Refuse any move that `NEXT_STATUSES` does not allow, naming both statuses."""
    _movable(claim, to)
    claim.status = to


def _movable(claim: Claim, to: str) -> None:
    if to not in NEXT_STATUSES[claim.status]:
        raise InvalidState(
            _("A claim that is %(status)s cannot become %(next)s")
            % {
                "status": _label(ClaimStatus, claim.status),
                "next": _label(ClaimStatus, to),
            },
            status=claim.status,
        )


def _locked(scope: Scope, claim: Claim) -> Claim:
    """The claim as stored, checked to be in scope and locked against a concurrent move."""
    claim_get(scope=scope, claim_id=claim.pk)
    return Claim.objects.select_for_update().get(pk=claim.pk)


def _period_text(period: rules.Period) -> str:
    """ "Jan-Jun 2026", "Nov 2025-Apr 2026", or "15 Jan-Jun 2026" for a start within a month
    (joined by an en dash)."""
    end = date_format(period.end, "M Y")
    if period.start.day != 1:
        return f"{date_format(period.start, 'j M Y')}{DASH}{end}"
    if period.start.year == period.end.year:
        return f"{date_format(period.start, 'M')}{DASH}{end}"
    return f"{date_format(period.start, 'M Y')}{DASH}{end}"


def _protection(enrolment: Enrolment) -> rules.Period:
    start = enrolment.bpjs_start_date or enrolment.first_month
    return rules.Period(enrolment.pk, start, period_end(enrolment.last_month))


def _holding_enrolment(worker: Worker, event_date: date) -> Enrolment:
    """The enrolment that protected the worker on the event date, or the reason there is none
    (the periods the worker's enrolments held, or an enrolment BPJS had not activated yet)."""
    enrolments = list(
        Enrolment.objects.filter(worker=worker)
        .select_related("program", "sponsor")
        .order_by("first_month", "id")
    )
    protected = [e for e in enrolments if e.status in PROTECTED]
    found = rules.holding_period([_protection(e) for e in protected], event_date)
    if found is not None:
        return next(e for e in protected if e.pk == found.key)
    event = date_format(event_date, "j M Y")
    pending = [
        e
        for e in enrolments
        if e.status in PENDING and e.first_month <= event_date <= period_end(e.last_month)
    ]
    if pending:
        raise ValidationFailed(
            _(
                "The enrolment covering %(event)s was not active at BPJS (%(status)s): "
                "benefits are due to active members only"
            )
            % {"event": event, "status": _label(EnrolmentStatus, pending[0].status)},
            field="event_date",
            rule="not_active",
        )
    if not protected:
        raise ValidationFailed(
            _("The worker had no enrolment active at BPJS; the event was on %(event)s")
            % {"event": event},
            field="event_date",
            rule="outside_protection",
        )
    periods = [_protection(e) for e in protected]
    raise ValidationFailed(
        _(
            "No enrolment protected the worker on that day: the enrolment held %(periods)s; "
            "the event was on %(event)s"
        )
        % {"periods": ", ".join(_period_text(p) for p in periods), "event": event},
        field="event_date",
        rule="outside_protection",
        periods=[[p.start.isoformat(), p.end.isoformat()] for p in periods],
    )


def _membership_paid_months(enrolment: Enrolment, event_date: date) -> int:
    """Paid months of the membership up to the event's month: the enrolment's and those of the
    enrolments it continues without a gap (a renewal); a lapse starts a new membership
    (REGULATIONS.md §5), so the count stops at a lapsed enrolment."""
    chain = [enrolment]
    earlier = Enrolment.objects.filter(
        worker_id=enrolment.worker_id,
        status__in=PROTECTED,
        first_month__lt=enrolment.first_month,
    ).order_by("-first_month")
    # Few enrolments per worker (one a year): walking them in Python is clearer than SQL.
    for previous in earlier:
        if previous.status == EnrolmentStatus.LAPSED:
            break
        if add_months(previous.last_month, 1) != chain[-1].first_month:
            break
        chain.append(previous)
    months = [
        (state.month, state.paid)
        for member in chain
        for state in enrolment_months(scope=MEMBERSHIP, enrolment=member)
    ]
    return rules.paid_months(months, event_date)


def _category(worker: Worker) -> Category:
    """The worker's category for the benefit rules (apprentices and students count as PU)."""
    values = {str(category) for category in Category}
    return Category(worker.category) if worker.category in values else Category.PU


def _benefit_as_json(result: Benefit | None, **inputs: Any) -> dict[str, Any]:
    if result is None:
        return {"components": [], "total": None, **inputs}
    return {
        "rule": str(result.type),
        "category": str(result.category),
        "date": result.on.isoformat(),
        "components": [
            {
                "name": part.name,
                "amount": part.amount,
                "rule": part.rule,
                "confidence": part.confidence,
            }
            for part in result.components
        ],
        "total": result.total,
        "notes": list(result.notes),
        **inputs,
    }


@dataclass(frozen=True)
class Assessment:
    """What reporting a claim found: the enrolment, the paid months, the benefit due, the
    deadlines."""

    enrolment: Enrolment
    months_paid: int
    benefit: dict[str, Any]
    deadline: datetime | None
    expires_on: date | None


def _assess(claim: Claim, today: date) -> Assessment:
    """Check a claim against the rules and compute its benefit (does not save)."""
    if claim.event_date > today:
        raise ValidationFailed(_("The event date is in the future"), field="event_date")
    expires_on = deadline = None
    if claim.type == ClaimType.JKK:
        expires_on = rules.jkk_expiry(claim.event_date)
        if rules.is_expired(claim.event_date, today):
            raise ValidationFailed(
                _(
                    "This work-accident claim expired on %(date)s: JKK is claimed within "
                    "5 years of the accident (PP 82/2019 Pasal 26)"
                )
                % {"date": date_format(expires_on, "j M Y")},
                field="event_date",
                rule="jkk_expired",
            )
        deadline = rules.report_deadline(
            claim.event_date, claim.event_time, timezone.get_default_timezone()
        )
    enrolment = _holding_enrolment(claim.worker, claim.event_date)
    months_paid = _membership_paid_months(enrolment, claim.event_date)
    income = enrolment.program.income_basis
    inputs = {"months_paid": months_paid, "income": income, "enrolment": enrolment.pk}
    kind = rules.benefit_type(claim.type, claim.jkk_kind)
    if kind is None:
        note = "care_in_kind" if claim.jkk_kind == JkkKind.CARE else "disability_assessed"
        return Assessment(
            enrolment,
            months_paid,
            _benefit_as_json(None, notes=[note], **inputs),
            deadline,
            expires_on,
        )
    try:
        result = benefit(
            book=rate_book(),
            type=kind,
            category=_category(claim.worker),
            on=claim.event_date,
            income=income,
            months_paid=months_paid,
            months_off=claim.months_off,
            children=claim.children if claim.children is not None else 2,
            route=Route(claim.scholarship_route or Route.JKM),
        )
    except RuleError as error:
        raise explain(error) from error
    return Assessment(
        enrolment, months_paid, _benefit_as_json(result, **inputs), deadline, expires_on
    )


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
        raise Conflict(_("This claim is already registered"), field="type")
    deaths = others.filter(type=ClaimType.JKM) | others.filter(jkk_kind=JkkKind.DEATH)
    is_death = claim.type == ClaimType.JKM or claim.jkk_kind == JkkKind.DEATH
    if is_death and deaths.exists():
        raise Conflict(_("A death benefit is already claimed for this worker"), field="type")


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
    accident reported after 2 x 24 hours and refuse one older than 5 years or an event outside
    every protected period (REGULATIONS.md §4.1-§4.3, §5)."""
    if not may(scope, REPORT_ROLES):
        raise PermissionDenied(_("Only the village or agency operator or the admin reports claims"))
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
    _apply(claim, _assess(claim, timezone.localdate(now)))
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
            )
        )
    _refuse_duplicate(claim)
    if not draft:
        _move(claim, ClaimStatus.REPORTED)
        _mark_reported(claim, actor, now)
    claim.save()
    audit_record(
        actor=actor,
        action=Action.CLAIM_DRAFT if draft else Action.CLAIM_REPORT,
        object_type="claim",
        object_id=claim.pk,
        region_code=claim.region_id,
        details=_report_details(claim),
    )
    return claim


@transaction.atomic
def claim_confirm(
    *, actor: User | None, scope: Scope, claim: Claim, now: datetime | None = None
) -> Claim:
    """Report a draft: the checks and the benefit are made again as of now (a payment recorded
    since may have added paid months; a deadline may have passed)."""
    if not may(scope, REPORT_ROLES):
        raise PermissionDenied(_("Only the village or agency operator or the admin reports claims"))
    claim = _locked(scope, claim)
    now = now or timezone.now()
    _move(claim, ClaimStatus.REPORTED)
    _apply(claim, _assess(claim, timezone.localdate(now)))
    _mark_reported(claim, actor, now)
    claim.updated_at = now
    claim.save()
    audit_record(
        actor=actor,
        action=Action.CLAIM_REPORT,
        object_type="claim",
        object_id=claim.pk,
        region_code=claim.region_id,
        details=_report_details(claim),
    )
    return claim


@transaction.atomic
def claim_document_add(
    *,
    actor: User | None,
    scope: Scope,
    claim: Claim,
    kind: str,
    file: UploadedFile,
    now: datetime | None = None,
) -> ClaimDocument:
    """Attach a document: a PDF, JPEG or PNG recognised by its first bytes, within the size
    limit (`CLAIM_UPLOAD_MAX_BYTES`), stored under its content hash (`uploads.py`)."""
    if not may(scope, DOCUMENT_ROLES):
        raise PermissionDenied(_("You cannot attach documents to claims"))
    claim = _locked(scope, claim)
    if claim.status in (ClaimStatus.REJECTED, ClaimStatus.PAID):
        raise InvalidState(
            _("The claim is closed (%(status)s): no more documents")
            % {"status": _label(ClaimStatus, claim.status)},
            status=claim.status,
        )
    if kind not in DocumentKind.values:
        raise ValidationFailed(_("Unknown kind of document"), field="kind")
    try:
        checked = check_upload(
            name=file.name or "",
            content_type=file.content_type or "",
            chunks=file.chunks(),
            max_bytes=settings.CLAIM_UPLOAD_MAX_BYTES,
        )
    except UploadRefused as error:
        raise ValidationFailed(
            _(error.template) % error.params, field="file", rule=error.code
        ) from error
    if ClaimDocument.objects.filter(claim=claim, sha256=checked.sha256).exists():
        raise Conflict(_("This file is already attached to the claim"), field="file")
    now = now or timezone.now()
    document = ClaimDocument(
        claim=claim,
        kind=kind,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
        uploaded_at=now,
    )
    file.seek(0)
    document.file.save(checked.name, file, save=False)
    # Stored under its hash: a file left by a rolled-back transaction is overwritten, not
    # duplicated, when the same document is attached again.
    stored = document.file.name
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError as error:
        document.file.storage.delete(stored)
        raise Conflict(_("This file is already attached to the claim"), field="file") from error
    audit_record(
        actor=actor,
        action=Action.CLAIM_DOCUMENT_ADD,
        object_type="claim",
        object_id=claim.pk,
        region_code=claim.region_id,
        details={
            "document": document.pk,
            "kind": kind,
            "content_type": checked.content_type,
            "size": checked.size,
            "sha256": checked.sha256,
        },
    )
    return document


@transaction.atomic
def claim_document_download(
    *, actor: User | None, scope: Scope, claim_id: int, document_id: int
) -> ClaimDocument:
    """A claim's document for a reader whose work needs it (`may_download_documents`), its
    download recorded (UU 27/2022: every access to personal data attributable). A document of
    another claim, or whose file is gone, looks missing."""
    claim = claim_get(scope=scope, claim_id=claim_id)
    document = claim_document_get(scope=scope, document_id=document_id)
    if document.claim_id != claim.pk or not document.file.storage.exists(document.file.name):
        raise NotFound(_("Document not found"), id=document_id)
    if not may_download_documents(scope, claim):
        raise PermissionDenied(_("Your role does not download the documents of this claim"))
    audit_record(
        actor=actor,
        action=Action.CLAIM_DOCUMENT_DOWNLOAD,
        object_type="claim",
        object_id=claim.pk,
        region_code=claim.region_id,
        details={"document": document.pk, "kind": document.kind, "sha256": document.sha256},
    )
    return document


@transaction.atomic
def claim_submit(
    *, actor: User | None, scope: Scope, claim: Claim, now: datetime | None = None
) -> Claim:
    """Send a reported claim to BPJS once the documents BPJS asks for are attached
    (`rules.REQUIRED_DOCUMENTS`); an expired work-accident claim is refused."""
    if not may(scope, REPORT_ROLES):
        raise PermissionDenied(_("Only the village or agency operator or the admin submits claims"))
    claim = _locked(scope, claim)
    now = now or timezone.now()
    _move(claim, ClaimStatus.SUBMITTED)
    if claim.type == ClaimType.JKK and rules.is_expired(claim.event_date, timezone.localdate(now)):
        raise InvalidState(
            _("This work-accident claim expired on %(date)s")
            % {"date": date_format(rules.jkk_expiry(claim.event_date), "j M Y")},
            status=claim.status,
        )
    present = list(ClaimDocument.objects.filter(claim=claim).values_list("kind", flat=True))
    missing = rules.missing_documents(claim.type, claim.jkk_kind, present)
    if missing:
        raise ValidationFailed(
            _("Attach these documents first: %(documents)s")
            % {"documents": ", ".join(_label(DocumentKind, kind) for kind in missing)},
            field="documents",
            missing=missing,
        )
    claim.submitted_by = actor
    claim.submitted_at = now
    claim.updated_at = now
    claim.save()
    audit_record(
        actor=actor,
        action=Action.CLAIM_SUBMIT,
        object_type="claim",
        object_id=claim.pk,
        region_code=claim.region_id,
        details={"documents": len(present)},
    )
    return claim


def benefit_maximum(claim: Claim) -> int | None:
    """The most the regulation pays for this claim (`benefits.maximum`, at the claim's basis
    and with the rates of its event date); for a benefit Lindungi does not compute (care in
    kind, disability assessed by BPJS), `rules.UNCOMPUTED_CEILING`."""
    kind = rules.benefit_type(claim.type, claim.jkk_kind)
    if kind is None:
        return rules.UNCOMPUTED_CEILING
    income = claim.benefit.get("income")
    try:
        return maximum(
            book=rate_book(),
            type=kind,
            category=_category(claim.worker),
            on=claim.event_date,
            income=income if isinstance(income, int) else None,
            months_off=claim.months_off,
        ).total
    except RuleError as error:
        raise explain(error) from error


def _whole_rupiah(amount: int | None) -> None:
    if amount is not None and (
        isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0
    ):
        raise ValidationFailed(_("The amount is a positive whole number of Rupiah"), field="amount")


def _within_maximum(claim: Claim, amount: int) -> None:
    most = benefit_maximum(claim)
    if most is not None and amount > most:
        raise ValidationFailed(
            _("%(amount)s is more than the regulation pays for this benefit: at most %(maximum)s")
            % {"amount": format_rupiah(amount), "maximum": format_rupiah(most)},
            field="amount",
            maximum=most,
        )


def _has_proposal(claim: Claim) -> bool:
    return claim.status == ClaimStatus.SUBMITTED and claim.proposed_amount is not None


def _clear_proposal(claim: Claim) -> None:
    claim.proposed_amount = None
    claim.proposed_reason = ""
    claim.proposed_by = None
    claim.proposed_at = None


@transaction.atomic
def claim_decide(
    *,
    actor: User | None,
    scope: Scope,
    claim: Claim,
    approve: bool,
    reason: str = "",
    amount: int | None = None,
    now: datetime | None = None,
) -> Claim:
    """Record BPJS's decision on a submitted claim: approved for the benefit Lindungi
    computed, or rejected with its reason. An approval for another `amount` (or any amount
    of a benefit Lindungi does not compute) needs its written reason, is never above the
    regulation's maximum for the benefit (`benefit_maximum`), and waits, still submitted, for a
    second officer (`claim_amount_review`): maker-checker."""
    if not may(scope, DECIDE_ROLES):
        raise PermissionDenied(_("Only BPJS or the admin records BPJS's decision"))
    claim = _locked(scope, claim)
    now = now or timezone.now()
    reason = " ".join(reason.split())
    _movable(claim, ClaimStatus.APPROVED if approve else ClaimStatus.REJECTED)
    if not approve and not reason:
        raise ValidationFailed(_("Give BPJS's reason for the rejection"), field="reason")
    if approve and _has_proposal(claim):
        raise InvalidState(
            _("%(amount)s proposed for this claim waits for a second officer: approve or refuse it")
            % {"amount": format_rupiah(claim.proposed_amount or 0)},
            status=claim.status,
        )
    if approve:
        _whole_rupiah(amount)
        if amount is not None and amount != claim.benefit_total:
            return _propose(actor, claim, amount, reason, now)
        claim.approved_amount = claim.benefit_total
    _clear_proposal(claim)
    _move(claim, ClaimStatus.APPROVED if approve else ClaimStatus.REJECTED)
    claim.decision_reason = reason[:500]
    claim.decided_by = actor
    claim.decided_at = now
    claim.updated_at = now
    claim.save()
    audit_record(
        actor=actor,
        action=Action.CLAIM_DECIDE,
        object_type="claim",
        object_id=claim.pk,
        region_code=claim.region_id,
        details={
            "decision": claim.status,
            "reason": claim.decision_reason,
            "approved_amount": claim.approved_amount,
        },
    )
    return claim


def _propose(actor: User | None, claim: Claim, amount: int, reason: str, now: datetime) -> Claim:
    """One officer proposes an amount other than the benefit computed (see `claim_decide`)."""
    if not reason:
        raise ValidationFailed(
            _(
                "An amount other than the benefit computed (%(computed)s) needs its reason, "
                "and a second officer's approval"
            )
            % {
                "computed": format_rupiah(claim.benefit_total)
                if claim.benefit_total is not None
                else "-"
            },
            field="reason",
        )
    _within_maximum(claim, amount)
    claim.proposed_amount = amount
    claim.proposed_reason = reason[:500]
    claim.proposed_by = actor
    claim.proposed_at = now
    claim.updated_at = now
    claim.save()
    audit_record(
        actor=actor,
        action=Action.CLAIM_AMOUNT_PROPOSE,
        object_type="claim",
        object_id=claim.pk,
        region_code=claim.region_id,
        details={
            "amount": amount,
            "amount_text": format_rupiah(amount),
            "computed": claim.benefit_total,
            "reason": claim.proposed_reason,
        },
    )
    return claim


@transaction.atomic
def claim_amount_review(
    *,
    actor: User | None,
    scope: Scope,
    claim: Claim,
    approve: bool,
    reason: str = "",
    now: datetime | None = None,
) -> Claim:
    """A second officer (BPJS or the admin, not the one who proposed it) approves the amount
    proposed for a submitted claim, which is then approved for it, or refuses it with a reason
    (the claim waits for a decision again)."""
    if not may(scope, DECIDE_ROLES):
        raise PermissionDenied(_("Only BPJS or the admin records BPJS's decision"))
    claim = _locked(scope, claim)
    now = now or timezone.now()
    if not _has_proposal(claim):
        raise InvalidState(_("No amount waits for a second officer"), status=claim.status)
    if not may_confirm_amount(scope, claim.proposed_by_id):
        raise PermissionDenied(
            _("A second officer approves this amount: not the one who proposed it")
        )
    reason = " ".join(reason.split())
    proposed = claim.proposed_amount or 0
    if not approve:
        if not reason:
            raise ValidationFailed(_("Say why the amount is refused"), field="reason")
        _clear_proposal(claim)
        claim.updated_at = now
        claim.save()
        audit_record(
            actor=actor,
            action=Action.CLAIM_AMOUNT_REFUSE,
            object_type="claim",
            object_id=claim.pk,
            region_code=claim.region_id,
            details={"amount": proposed, "reason": reason[:500]},
        )
        return claim
    _within_maximum(claim, proposed)
    _move(claim, ClaimStatus.APPROVED)
    claim.approved_amount = proposed
    claim.amount_approved_by = actor
    claim.decision_reason = claim.proposed_reason
    claim.decided_by = claim.proposed_by
    claim.decided_at = now
    claim.updated_at = now
    claim.save()
    audit_record(
        actor=actor,
        action=Action.CLAIM_DECIDE,
        object_type="claim",
        object_id=claim.pk,
        region_code=claim.region_id,
        details={
            "decision": claim.status,
            "reason": claim.decision_reason,
            "approved_amount": claim.approved_amount,
            "computed": claim.benefit_total,
            "proposed_by": claim.proposed_by_id,
            "second_officer": actor.pk if actor is not None else None,
        },
    )
    return claim


@transaction.atomic
def claim_paid(
    *,
    actor: User | None,
    scope: Scope,
    claim: Claim,
    amount: int,
    paid_on: date,
    reference: str,
    now: datetime | None = None,
) -> Claim:
    """Record that BPJS paid an approved claim to the family: amount, date, transfer
    reference. Never more than the amount approved; a smaller amount is recorded as paid, and
    noted in the audit event."""
    if not may(scope, DECIDE_ROLES):
        raise PermissionDenied(_("Only BPJS or the admin records claim payments"))
    claim = _locked(scope, claim)
    now = now or timezone.now()
    _move(claim, ClaimStatus.PAID)
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise ValidationFailed(_("The amount is a positive whole number of Rupiah"), field="amount")
    if claim.approved_amount is None:
        raise InvalidState(
            _(
                "BPJS approved no amount for this claim (care in kind, or a disability it "
                "assesses): nothing is recorded as paid to the family"
            ),
            status=ClaimStatus.APPROVED,
        )
    if amount > claim.approved_amount:
        raise ValidationFailed(
            _("%(amount)s is more than BPJS approved for this claim (%(approved)s)")
            % {
                "amount": format_rupiah(amount),
                "approved": format_rupiah(claim.approved_amount),
            },
            field="amount",
        )
    if paid_on > timezone.localdate(now):
        raise ValidationFailed(_("A payment cannot be dated in the future"), field="paid_on")
    if claim.decided_at is not None and paid_on < timezone.localdate(claim.decided_at):
        raise ValidationFailed(
            _("The payment cannot precede BPJS's decision of %(date)s")
            % {"date": date_format(timezone.localdate(claim.decided_at), "j M Y")},
            field="paid_on",
        )
    reference = " ".join(reference.split())
    if not reference:
        raise ValidationFailed(_("Give the payment's reference"), field="reference")
    claim.paid_amount = amount
    claim.paid_on = paid_on
    claim.payment_reference = reference[:100]
    claim.paid_recorded_by = actor
    claim.updated_at = now
    claim.save()
    audit_record(
        actor=actor,
        action=Action.CLAIM_PAY,
        object_type="claim",
        object_id=claim.pk,
        region_code=claim.region_id,
        details={
            "amount": amount,
            "paid_on": paid_on.isoformat(),
            "reference": claim.payment_reference,
            "differs_from_approved": claim.approved_amount not in (None, amount),
            "amount_text": format_rupiah(amount),
        },
    )
    return claim
