"""Writing sponsors, programs and enrolments. Every change is a service call with an audit
event; bulk changes write one event per call with their counts.

Who may do what:
- the regional admin (Disnaker) creates programs, any sponsor of the regency, enrols for any
  sponsor, and is the checker: verifies or returns what others submitted, never their own;
- a village operator acts for their village's sponsor, an agency operator for their agency and
  its civil servants, a civil servant for themself (the makers);
- the admin or a BPJS officer sends verified enrolments to BPJS in a batch and imports BPJS's
  confirmation (`exchange.py`).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lindungi.accounts.models import Agency, User
from lindungi.contributions.calculator import quote_contribution
from lindungi.core.audit import Action, audit_record
from lindungi.core.errors import Conflict, InvalidState, PermissionDenied, ValidationFailed
from lindungi.core.masking import mask_nik
from lindungi.core.money import format_rupiah
from lindungi.core.months import month_start, months_between
from lindungi.core.roles import Role
from lindungi.core.scopes import Scope
from lindungi.programs.eligibility import Candidate, Reason, Rules, refusals
from lindungi.programs.models import (
    RELEASED,
    AsnConsent,
    EndReason,
    Enrolment,
    EnrolmentStatus,
    FundingSource,
    GroupCode,
    Program,
    QuotaRule,
    Sponsor,
    SponsorKind,
    SubmissionBatch,
)
from lindungi.programs.schemes import SCHEMES
from lindungi.programs.selectors import held, month_span, program_last_month
from lindungi.regions.models import Level, Region
from lindungi.workers.models import Worker
from lindungi.workers.selectors import worker_list

REGION_ROLES = ("superuser", Role.ADMIN_PEMDA)

# The funding source and BPJS group code a sponsor of each kind has unless told otherwise.
DEFAULTS: dict[str, tuple[str, str]] = {
    SponsorKind.DESA: (FundingSource.DANA_DESA, GroupCode.SD),
    SponsorKind.OPD: (FundingSource.APBD, GroupCode.SG),
    SponsorKind.ASN: (FundingSource.TPP, GroupCode.SG),
    SponsorKind.PERUSAHAAN: (FundingSource.CSR, GroupCode.SC),
    SponsorKind.BAZNAS: (FundingSource.ZAKAT, ""),
    SponsorKind.DONATUR: (FundingSource.DONATION, ""),
    SponsorKind.MANDIRI: (FundingSource.SELF, ""),
}


def _is_admin(scope: Scope) -> bool:
    return scope.role in REGION_ROLES


def _acts_for(scope: Scope, sponsor: Sponsor) -> bool:
    """Whether the actor may act as the maker for this sponsor."""
    if not scope.can_write or not scope.covers_region(sponsor.region_id):
        return False
    if _is_admin(scope):
        return True
    if scope.role == Role.OPERATOR_DESA:
        return sponsor.kind == SponsorKind.DESA
    if scope.role == Role.OPERATOR_OPD:
        return sponsor.agency_id == scope.agency_id
    if scope.role == Role.ASN:
        return sponsor.kind == SponsorKind.ASN and sponsor.user_id == scope.user_id
    return False


def _regency_of(region: Region) -> str:
    return ".".join(region.code.split(".")[:2])


@transaction.atomic
def sponsor_create(
    *,
    actor: User | None,
    scope: Scope,
    kind: str,
    name: str,
    region: Region,
    funding_source: str = "",
    group_code: str | None = None,
    agency: Agency | None = None,
    user: User | None = None,
    nip: str = "",
    tpp: int | None = None,
    decision_number: str = "",
    decision_date: date | None = None,
    worker: Worker | None = None,
    contact: str = "",
) -> Sponsor:
    """Register a sponsor. A village sponsor's region is its village; every other sponsor's
    region is the regency (an OPD or ASN sponsor also names its agency)."""
    if kind not in SponsorKind.values:
        raise ValidationFailed(_("Unknown sponsor kind: %(kind)s") % {"kind": kind}, field="kind")
    default_source, default_group = DEFAULTS[kind]
    if kind == SponsorKind.ASN and user is not None:
        # A civil servant's agency and NIP are their account's; a different one is refused below.
        agency = agency or user.agency
        nip = nip or user.nip
    sponsor = Sponsor(
        kind=kind,
        name=" ".join(name.split()),
        region=region,
        funding_source=funding_source or default_source,
        group_code=default_group if group_code is None else group_code,
        agency=agency,
        user=user,
        nip=nip,
        tpp=tpp,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        worker=worker,
        contact=contact.strip(),
        created_by=actor,
    )
    _sponsor_checked(scope, sponsor)
    if kind == SponsorKind.ASN and user is not None:
        _civil_servant_identity_checked(sponsor, user)
    try:
        with transaction.atomic():
            sponsor.save()
    except IntegrityError as error:
        raise Conflict(_("This sponsor is already registered"), field="kind") from error
    audit_record(
        actor=actor,
        action=Action.SPONSOR_CREATE,
        object_type="sponsor",
        object_id=sponsor.pk,
        region_code=region.code,
        details={"kind": kind, "funding_source": sponsor.funding_source},
    )
    return sponsor


def _civil_servant_identity_checked(sponsor: Sponsor, user: User) -> None:
    """A civil servant's sponsor is registered under their own account's agency and NIP, never
    another's, whoever registers it (the TPP deduction lists go to that agency by that NIP).
    Checked when the sponsor is registered: neither can be changed afterwards."""
    if sponsor.agency_id != user.agency_id:
        raise ValidationFailed(_("A civil servant sponsors under their own agency"), field="agency")
    if sponsor.nip != user.nip:
        raise ValidationFailed(
            _("A civil servant sponsors with the NIP of their own account"), field="nip"
        )


def _sponsor_checked(scope: Scope, sponsor: Sponsor) -> None:
    if not sponsor.name:
        raise ValidationFailed(_("A sponsor needs a name"), field="name")
    if sponsor.funding_source not in FundingSource.values:
        raise ValidationFailed(_("Unknown funding source"), field="funding_source")
    if sponsor.group_code and sponsor.group_code not in GroupCode.values:
        raise ValidationFailed(_("Unknown BPJS group code"), field="group_code")
    wanted_level = Level.VILLAGE if sponsor.kind == SponsorKind.DESA else Level.REGENCY
    if sponsor.region.level != wanted_level:
        raise ValidationFailed(
            _("A village sponsor belongs to a village; other sponsors to a regency or city"),
            field="region",
        )
    if sponsor.kind in (SponsorKind.OPD, SponsorKind.ASN):
        if sponsor.agency is None:
            raise ValidationFailed(
                _("An agency or civil-servant sponsor names its agency"), field="agency"
            )
        if sponsor.agency.region_id != sponsor.region_id:
            raise ValidationFailed(_("The agency belongs to another region"), field="agency")
    if sponsor.kind == SponsorKind.ASN:
        if sponsor.user is None or sponsor.user.role != Role.ASN:
            raise ValidationFailed(_("A civil-servant sponsor is an ASN account"), field="user")
        if not (sponsor.nip.isdigit() and len(sponsor.nip) == 18):
            raise ValidationFailed(_("The NIP has 18 digits"), field="nip")
    if sponsor.kind == SponsorKind.MANDIRI and sponsor.worker is None:
        raise ValidationFailed(_("A self-paying sponsor is a registered worker"), field="worker")
    if not _acts_for(scope, sponsor):
        raise PermissionDenied(_("You cannot register sponsors of this kind here"))


@transaction.atomic
def sponsor_update(
    *, actor: User | None, scope: Scope, sponsor: Sponsor, **changes: Any
) -> Sponsor:
    allowed = {
        "name",
        "funding_source",
        "group_code",
        "tpp",
        "decision_number",
        "decision_date",
        "contact",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationFailed(
            _("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    # Read again under the row's lock and write only the fields given: a change another
    # officer saved meanwhile to another field is kept (`core/versioning.py` for forms).
    sponsor = Sponsor.objects.select_for_update(of=("self",)).get(pk=sponsor.pk)
    before = {field: str(getattr(sponsor, field)) for field in changes}
    for field, value in changes.items():
        setattr(sponsor, field, value)
    _sponsor_checked(scope, sponsor)
    sponsor.save(update_fields=list(changes))
    audit_record(
        actor=actor,
        action=Action.SPONSOR_UPDATE,
        object_type="sponsor",
        object_id=sponsor.pk,
        region_code=sponsor.region_id,
        details={
            "changed": {
                field: [before[field], str(getattr(sponsor, field))]
                for field in changes
                if before[field] != str(getattr(sponsor, field))
            }
        },
    )
    return sponsor


@transaction.atomic
def program_create(
    *,
    actor: User | None,
    scope: Scope,
    region: Region,
    name: str,
    year: int,
    sponsor_kinds: Sequence[str],
    income_basis: int,
    months: int = 12,
    start_month: date | None = None,
    categories: Sequence[str] = ("BPU",),
    template: str = "",
    **fields: Any,
) -> Program:
    """Start a program of a regency (only its admin may)."""
    if not (_is_admin(scope) and scope.can_write and scope.covers_region(region.code)):
        raise PermissionDenied(_("Only the regional admin can set up programs"))
    if region.level != Level.REGENCY:
        raise ValidationFailed(_("A program belongs to a regency or city"), field="region")
    unknown_kinds = set(sponsor_kinds) - set(SponsorKind.values)
    if not sponsor_kinds or unknown_kinds:
        raise ValidationFailed(_("Name the kinds of sponsor that may join"), field="sponsor_kinds")
    if not 1 <= months <= 12:
        raise ValidationFailed(_("A program lasts 1 to 12 months"), field="months")
    start = month_start(start_month or date(year, 1, 1))
    program = Program(
        region=region,
        name=" ".join(name.split()),
        year=year,
        template=template,
        sponsor_kinds=list(sponsor_kinds),
        income_basis=income_basis,
        months=months,
        start_month=start,
        categories=list(categories),
        created_by=actor,
        **fields,
    )
    if (
        program.min_age is not None
        and program.max_age is not None
        and program.min_age > program.max_age
    ):
        raise ValidationFailed(_("The minimum age is above the maximum age"), field="min_age")
    # The income basis must be one the rules accept: quoting now refuses a wrong one.
    monthly_amount(program, start)
    try:
        with transaction.atomic():
            program.save()
    except IntegrityError as error:
        raise Conflict(_("A program with this name already exists"), field="name") from error
    audit_record(
        actor=actor,
        action=Action.PROGRAM_CREATE,
        object_type="program",
        object_id=program.pk,
        region_code=region.code,
        details={"name": program.name, "template": template},
    )
    return program


def program_from_scheme(
    *, actor: User | None, scope: Scope, region: Region, scheme: str, year: int, **overrides: Any
) -> Program:
    """A program from one of the ready schemes of SPEC.md, for a year."""
    try:
        chosen = SCHEMES[scheme]
    except KeyError as error:
        raise ValidationFailed(
            _("Unknown scheme: %(scheme)s") % {"scheme": scheme}, field="scheme"
        ) from error
    values: dict[str, Any] = {
        "name": str(chosen.name) % {"year": year},
        "sponsor_kinds": list(chosen.sponsor_kinds),
        "income_basis": chosen.income_basis,
        "months": chosen.months,
        "start_month": date(year, chosen.start_month, 1),
        "categories": list(chosen.categories),
        "min_age": chosen.min_age,
        "max_age": chosen.max_age,
        "must_live_in_sponsor_village": chosen.must_live_in_sponsor_village,
        "poverty_rule": chosen.poverty_rule,
        "quota_per_sponsor": chosen.quota_per_sponsor,
        "quota_rule": chosen.quota_rule,
        "includes_jht": chosen.includes_jht,
    }
    values.update(overrides)
    return program_create(
        actor=actor, scope=scope, region=region, year=year, template=scheme, **values
    )


def monthly_amount(program: Program, month: date) -> int:
    """What one worker of the program costs a month from `month`: JKK + JKM (and JHT when the
    program includes it) for a BPU worker at the program's declared income."""
    programs = ["JKK", "JKM", *(["JHT"] if program.includes_jht else [])]
    quote = quote_contribution(
        category="BPU", on=month, programs=programs, income=program.income_basis
    )
    return quote.total


def rules_of(program: Program) -> Rules:
    return Rules(
        categories=tuple(program.categories),
        min_age=program.min_age,
        max_age=program.max_age,
        must_live_in_sponsor_village=program.must_live_in_sponsor_village,
        poverty_rule=program.poverty_rule,
        region_code=program.region_id,
    )


def candidate_of(worker: Worker) -> Candidate:
    return Candidate(
        category=worker.category,
        birth_date=worker.birth_date,
        village_code=worker.village_id,
        in_p3ke=worker.in_p3ke,
        in_dtks=worker.in_dtks,
        is_duplicate=worker.duplicate_of_id is not None,
    )


@dataclass(frozen=True)
class Refusal:
    """Why one worker could not be enrolled, for the message and the API's details."""

    worker_id: int
    name: str
    nik: str  # masked
    reasons: tuple[str, ...]


def _refusal(worker: Worker, reasons: Iterable[Reason | str]) -> Refusal:
    texts = tuple(reason.text(_) if isinstance(reason, Reason) else reason for reason in reasons)
    return Refusal(worker.pk, worker.name, mask_nik(worker.nik), texts)


def _refused(refused: list[Refusal]) -> ValidationFailed:
    lines = "; ".join(
        f"{item.name} ({item.nik}): {', '.join(item.reasons)}" for item in refused[:20]
    )
    more = len(refused) - 20
    if more > 0:
        lines += " " + _("and %(count)s more") % {"count": more}
    return ValidationFailed(
        _("Nothing was enrolled. %(count)s worker(s) cannot join: %(lines)s")
        % {"count": len(refused), "lines": lines},
        field="workers",
        refused=[item.__dict__ for item in refused],
    )


def _months_label(first: date, last: date) -> str:
    return _("%(first)s to %(last)s") % {"first": f"{first:%m/%Y}", "last": f"{last:%m/%Y}"}


@transaction.atomic
def enrolments_create(
    *,
    actor: User | None,
    scope: Scope,
    program: Program,
    sponsor: Sponsor,
    workers: Sequence[Worker],
    first_month: date | None = None,
    today: date | None = None,
) -> list[Enrolment]:
    """Draft enrolments of these workers in a program, paid by a sponsor, from `first_month`
    (default: the program's first month or, once it has begun, the current month) to the
    program's last month. All or nothing: if one worker cannot join, nothing is written and the
    refusal names each worker and every rule they fail."""
    today = today or timezone.localdate()
    if not _acts_for(scope, sponsor):
        raise PermissionDenied(_("You cannot enrol workers for this sponsor"))
    if not program.is_active:
        raise InvalidState(_("The program is closed for enrolment"))
    if sponsor.kind not in program.sponsor_kinds:
        raise ValidationFailed(
            _("Sponsors of kind %(kind)s cannot join this program")
            % {"kind": sponsor.get_kind_display()},
            field="sponsor",
        )
    if _regency_of(sponsor.region) != program.region_id:
        raise ValidationFailed(_("The sponsor belongs to another region"), field="sponsor")
    if not workers:
        raise ValidationFailed(_("Choose at least one worker"), field="workers")
    ids = [worker.pk for worker in workers]
    if len(set(ids)) != len(ids):
        raise ValidationFailed(_("A worker is listed twice"), field="workers")
    visible = set(worker_list(scope=scope).filter(pk__in=ids).values_list("pk", flat=True))
    last = program_last_month(program)
    first = (
        month_start(first_month) if first_month else max(program.start_month, month_start(today))
    )
    if not program.start_month <= first <= last:
        raise ValidationFailed(
            _("The first month must lie in the program's period %(period)s")
            % {"period": _months_label(program.start_month, last)},
            field="first_month",
        )
    if first < month_start(today) and not _is_admin(scope):
        raise ValidationFailed(_("Protection cannot start in a past month"), field="first_month")

    rules = rules_of(program)
    sponsor_village = sponsor.region_id if sponsor.kind == SponsorKind.DESA else None
    already = {
        row["worker_id"]: row
        for row in Enrolment.objects.filter(held(first, last), worker_id__in=ids).values(
            "worker_id", "sponsor__name", "program__name", "first_month", "last_month"
        )
    }
    consented = set()
    if sponsor.kind == SponsorKind.ASN:
        consented = set(
            AsnConsent.objects.filter(
                sponsor=sponsor, worker_id__in=ids, withdrawn_at__isnull=True
            ).values_list("worker_id", flat=True)
        )
    refused = []
    for worker in workers:
        reasons: list[Reason | str] = []
        if worker.pk not in visible:
            reasons.append(_("not in your list of workers"))
        reasons.extend(
            refusals(rules, candidate_of(worker), on=first, sponsor_village=sponsor_village)
        )
        if worker.pk in already:
            row = already[worker.pk]
            reasons.append(
                _("already funded by %(sponsor)s for %(months)s (%(program)s)")
                % {
                    "sponsor": row["sponsor__name"],
                    "months": _months_label(row["first_month"], row["last_month"]),
                    "program": row["program__name"],
                }
            )
        if sponsor.kind == SponsorKind.ASN and worker.pk not in consented:
            reasons.append(_("no recorded consent to the TPP deduction for this worker"))
        if reasons:
            refused.append(_refusal(worker, reasons))
    if refused:
        raise _refused(refused)

    if program.quota_rule == QuotaRule.AT_MOST and program.quota_per_sponsor is not None:
        holding = (
            Enrolment.objects.filter(program=program, sponsor=sponsor)
            .exclude(status__in=RELEASED)
            .count()
        )
        if holding + len(workers) > program.quota_per_sponsor:
            raise ValidationFailed(
                _("The quota is at most %(quota)s workers per sponsor; %(held)s are enrolled")
                % {"quota": program.quota_per_sponsor, "held": holding},
                field="workers",
            )
    monthly = monthly_amount(program, first)
    if program.budget is not None:
        committed = (
            Enrolment.objects.filter(program=program)
            .exclude(status__in=RELEASED)
            .aggregate(total=Sum(F("monthly_amount") * month_span()))["total"]
            or 0
        )
        cost = monthly * months_between(first, last) * len(workers)
        if committed + cost > program.budget:
            raise ValidationFailed(
                _(
                    "The program's budget of %(budget)s would be exceeded "
                    "(%(committed)s committed, %(cost)s more)"
                )
                % {
                    "budget": format_rupiah(program.budget),
                    "committed": format_rupiah(committed),
                    "cost": format_rupiah(cost),
                },
                field="workers",
            )
    now = timezone.now()
    rows = [
        Enrolment(
            worker=worker,
            program=program,
            sponsor=sponsor,
            first_month=first,
            last_month=last,
            monthly_amount=monthly,
            funding_source=sponsor.funding_source,
            created_by=actor,
            created_at=now,
            updated_at=now,
        )
        for worker in workers
    ]
    try:
        with transaction.atomic():
            created = Enrolment.objects.bulk_create(rows)
    except IntegrityError as error:
        # Another enrolment of one of these workers landed meanwhile: the database refused.
        raise Conflict(_("A worker was enrolled by someone else meanwhile; try again")) from error
    audit_record(
        actor=actor,
        action=Action.ENROLMENT_CREATE,
        object_type="program",
        object_id=program.pk,
        region_code=sponsor.region_id,
        details={"sponsor": sponsor.pk, "count": len(created), "first_month": first.isoformat()},
    )
    return created


def _transition(
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
            }
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
        if not _acts_for(scope, sponsor):
            raise PermissionDenied(_("You cannot submit enrolments for this sponsor"))
    return _transition(
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
    if not (_is_admin(scope) and scope.can_write):
        raise PermissionDenied(_("Only the regional admin verifies enrolments"))
    # Who submitted is read from the database, never from what the caller holds.
    enrolments = list(
        Enrolment.objects.select_related("sponsor", "worker").filter(
            pk__in=[enrolment.pk for enrolment in enrolments]
        )
    )
    for enrolment in enrolments:
        if not scope.covers_region(enrolment.sponsor.region_id):
            raise PermissionDenied(_("You cannot verify enrolments of another region"))
        if actor is not None and enrolment.submitted_by_id == actor.pk:
            raise PermissionDenied(
                _("You submitted %(name)s yourself: another officer must verify it")
                % {"name": enrolment.worker.name}
            )
    if approve:
        return _transition(
            actor=actor,
            enrolments=enrolments,
            expected=[EnrolmentStatus.SUBMITTED],
            action=Action.ENROLMENT_APPROVE,
            changes={"status": EnrolmentStatus.VERIFIED, "verified_by": actor},
        )
    if not reason.strip():
        raise ValidationFailed(_("Say why the enrolments are returned"), field="reason")
    return _transition(
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
        if not _acts_for(scope, sponsor):
            raise PermissionDenied(_("You cannot cancel enrolments for this sponsor"))
    return _transition(
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
    last_month: date,
    note: str = "",
) -> Enrolment:
    """End an active (or lapsed) enrolment after `last_month`; the months after it are free."""
    if not (_acts_for(scope, enrolment.sponsor) or (_is_admin(scope) and scope.can_write)):
        raise PermissionDenied(_("You cannot end enrolments for this sponsor"))
    if reason not in EndReason.values:
        raise ValidationFailed(_("Choose why the protection ends"), field="reason")
    month = month_start(last_month)
    if not enrolment.first_month <= month <= enrolment.last_month:
        raise ValidationFailed(
            _("The last month must lie in %(period)s")
            % {"period": _months_label(enrolment.first_month, enrolment.last_month)},
            field="last_month",
        )
    _transition(
        actor=actor,
        enrolments=[enrolment],
        expected=[EnrolmentStatus.ACTIVE, EnrolmentStatus.LAPSED],
        action=Action.ENROLMENT_END,
        changes={
            "status": EnrolmentStatus.ENDED,
            "end_reason": reason,
            "end_note": note.strip()[:300],
            "last_month": month,
        },
        details={"reason": reason, "last_month": month.isoformat()},
    )
    enrolment.refresh_from_db()
    return enrolment


def _batch_number(region: Region, on: date) -> str:
    prefix = f"LND-{region.code.replace('.', '')}-{on:%Y%m}-"
    taken = SubmissionBatch.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{taken + 1:04d}"


@transaction.atomic
def batch_create(
    *,
    actor: User | None,
    scope: Scope,
    program: Program,
    sponsor: Sponsor | None = None,
) -> SubmissionBatch:
    """Put every verified enrolment of a program (or of one of its sponsors) in one batch for
    BPJS; they become SENT. The file and the handover statement are made from the batch."""
    if not (scope.can_write and scope.role in (*REGION_ROLES, Role.PETUGAS_BPJS)):
        raise PermissionDenied(_("Only the regional admin or BPJS sends batches"))
    if not scope.covers_region(program.region_id):
        raise PermissionDenied(_("You cannot send batches of another region"))
    verified = Enrolment.objects.select_for_update().filter(
        program=program, status=EnrolmentStatus.VERIFIED
    )
    if sponsor is not None:
        verified = verified.filter(sponsor=sponsor)
    ids = list(verified.values_list("pk", flat=True))
    if not ids:
        raise InvalidState(_("No verified enrolments are waiting to be sent"))
    batch = SubmissionBatch.objects.create(
        number=_batch_number(program.region, timezone.localdate()),
        program=program,
        region=program.region,
        created_by=actor,
        enrolment_count=len(ids),
    )
    Enrolment.objects.filter(pk__in=ids, status=EnrolmentStatus.VERIFIED).update(
        status=EnrolmentStatus.SENT, batch=batch, updated_at=timezone.now()
    )
    audit_record(
        actor=actor,
        action=Action.BATCH_CREATE,
        object_type="batch",
        object_id=batch.pk,
        region_code=program.region_id,
        details={"number": batch.number, "count": len(ids), "program": program.pk},
    )
    return batch


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
    if scope.role != Role.ASN:
        raise PermissionDenied(_("Only a civil servant protects a worker through their TPP"))
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
    if not _acts_for(scope, consent.sponsor):
        raise PermissionDenied(_("You cannot change this consent"))
    if consent.withdrawn_at is not None:
        raise InvalidState(_("This consent was already withdrawn"))
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
    enrolments = Enrolment.objects.filter(
        sponsor=consent.sponsor, worker=consent.worker, last_month__gte=this_month
    ).exclude(status__in=[*RELEASED, EnrolmentStatus.ENDED])
    for enrolment in enrolments:
        if (
            enrolment.status in (EnrolmentStatus.ACTIVE, EnrolmentStatus.LAPSED)
            and enrolment.first_month <= this_month
        ):
            enrolment_end(
                actor=actor,
                scope=scope,
                enrolment=enrolment,
                reason=EndReason.SPONSOR_STOPPED,
                last_month=this_month,
                note=_("consent withdrawn"),
            )
        elif enrolment.status in (EnrolmentStatus.ACTIVE, EnrolmentStatus.LAPSED):
            _transition(
                actor=actor,
                enrolments=[enrolment],
                expected=[enrolment.status],
                action=Action.ENROLMENT_CANCEL,
                changes={"status": EnrolmentStatus.CANCELLED, "end_note": _("consent withdrawn")},
            )
        else:
            enrolments_cancel(
                actor=actor, scope=scope, enrolments=[enrolment], reason=_("consent withdrawn")
            )
    return consent
