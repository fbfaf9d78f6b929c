"""A civil servant protects a worker of their household through a deduction from their
allowance (TPP), and withdraws that consent.

She names the worker by NIK (`asn_protect_by_nik`): a worker already in the registry of her
regency, whoever registered them, is protected with her consent (the search is recorded as
`worker.search_nik`); a NIK registered nowhere in the regency registers the worker in the same
step. Nothing of a found worker is shown to her beyond what she typed: the name she types must
be the registered one (compared as duplicate detection compares names), so that a NIK alone
never tells her whose it is. A worker registered outside her regency is not found, exactly as an
unknown NIK, and cannot be registered a second time.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindungi.accounts.models import User
from lindungi.core.audit import Action, audit_record
from lindungi.core.errors import (
    Conflict,
    InvalidState,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
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
from lindungi.programs.selectors import held, monthly_amount, program_last_month
from lindungi.programs.services.endings import end_set
from lindungi.programs.services.enrolling import enrolments_create, months_label
from lindungi.programs.services.sponsors import sponsor_create
from lindungi.programs.services.transitions import (
    enrolments_submit,
)
from lindungi.regions.selectors import village_from_text
from lindungi.workers import nik as nik_rules
from lindungi.workers.importing.messages import describe
from lindungi.workers.models import Category, Worker
from lindungi.workers.naming import normalise_name
from lindungi.workers.services import nik_search_record, worker_create


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
    if not scope.covers_region(worker.village_id):
        raise NotFound(_("Worker not found"), id=worker.pk)
    today = today or timezone.localdate()
    first = max(program.start_month, month_start(today))
    _not_funded_yet(worker, first, program_last_month(program))
    sponsor = _asn_sponsor(actor, scope)
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


def _not_funded_yet(worker: Worker, first: date, last: date) -> None:
    """Refuse a worker another enrolment (any sponsor's, this civil servant's too) holds for a
    month between `first` and `last`: no month is funded twice. The message names the months,
    not the other sponsor."""
    funded = Enrolment.objects.filter(held(first, last), worker=worker).order_by("first_month")
    overlap = funded.values("first_month", "last_month").first()
    if overlap is None:
        return
    raise Conflict(
        _("This worker is already protected for %(months)s: a month is never funded twice")
        % {
            "months": months_label(
                max(first, overlap["first_month"]), min(last, overlap["last_month"])
            )
        },
        code="enrolment.double_funded",
        field="nik",
    )


def registered_in_regency(*, scope: Scope, nik: str) -> Worker | None:
    """The worker registered with this whole NIK who lives in the reader's region (a civil
    servant's: her regency), whoever registered them; None for an unknown NIK and for one
    registered outside the region alike."""
    return (
        Worker.objects.filter(scope.personal_q("village__code"), nik=nik_rules.compact(nik))
        .select_related("village")
        .first()
    )


def asn_protect_by_nik(
    *,
    actor: User,
    scope: Scope,
    program: Program,
    nik: str,
    name: str,
    village: str = "",
    occupation: str = "",
    today: date | None = None,
) -> Enrolment:
    """A civil servant protects a worker of her household named by NIK (`asn_protect`): a
    worker registered in her regency is found by the NIK (the search recorded as
    `worker.search_nik`) when the name she typed is the registered one; an unknown NIK is
    registered first as a BPU worker, in the village `village` names (a code, the picker's
    label or a name only one village of her regency bears: `regions.village_from_text`), with
    its occupation. Either both happen or neither; the search is recorded even when they do
    not (a refused attempt is the one to account for)."""
    if not may_protect_through_tpp(scope):
        raise PermissionDenied(
            _("Only a civil servant protects a worker through their TPP"),
            code="consent.not_civil_servant",
        )
    digits = nik_rules.compact(nik)
    try:
        nik_rules.parse(digits)
    except nik_rules.InvalidNik as error:
        raise ValidationFailed(
            describe("nik", f"nik_{error.rule}"), code="worker.nik_invalid", field="nik"
        ) from error
    nik_search_record(actor=actor, scope=scope, search=digits, where="asn_protect")
    return _protect_by_nik(actor, scope, program, digits, name, village, occupation, today)


@transaction.atomic
def _protect_by_nik(
    actor: User,
    scope: Scope,
    program: Program,
    nik: str,
    name: str,
    village: str,
    occupation: str,
    today: date | None,
) -> Enrolment:
    worker = registered_in_regency(scope=scope, nik=nik)
    if worker is None:
        return _register_and_protect(actor, scope, program, nik, name, village, occupation, today)
    if normalise_name(worker.name) != normalise_name(name):
        raise ValidationFailed(
            _(
                "A worker is registered in your regency with this NIK under another name: "
                "type the name as on the KTP"
            ),
            code="worker.name_mismatch",
            field="name",
        )
    return asn_protect(actor=actor, scope=scope, program=program, worker=worker, today=today)


def _register_and_protect(
    actor: User,
    scope: Scope,
    program: Program,
    nik: str,
    name: str,
    village: str,
    occupation: str,
    today: date | None,
) -> Enrolment:
    if not village.strip():
        raise ValidationFailed(
            _("Choose the village where the worker lives"),
            code="region.not_found",
            field="village",
        )
    place = village_from_text(scope=scope, text=village)
    if not occupation.strip():
        raise ValidationFailed(_("Name the worker's occupation"), field="occupation")
    try:
        worker = worker_create(
            actor=actor,
            scope=scope,
            nik=nik,
            name=name,
            village=place,
            occupation=occupation.strip(),
            category=Category.BPU,
        )
    except Conflict as error:
        if error.code != "worker.nik_taken":
            raise
        # Registered, but not in this regency (a worker of the regency was found above).
        raise Conflict(
            _(
                "This NIK is already registered outside your regency and cannot be registered "
                "a second time; ask the Disnaker"
            ),
            code="worker.nik_taken",
            field="nik",
        ) from error
    return asn_protect(actor=actor, scope=scope, program=program, worker=worker, today=today)


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
