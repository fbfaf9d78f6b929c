"""`/api/v1/compliance/`: the Inpres 2/2021 coordination of a regency — its task checklist with
history and evidence, the coordination team, cooperation agreements, activities with their
measured outcome, employers' BPJS compliance and the referrals of non-compliant employers to the
prosecutor's office (SP1 → SP2 → Datun under an SKK), and the six-monthly report.

Who reads and writes what is decided by `compliance.access`: the prosecutor's office reads only
the referrals (and the employers referred) of its regency; anything else answers 404 or 403.
"""

import datetime as dt
from functools import partial
from typing import Annotated, Any, Literal, cast

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from lindungi.accounts.models import Agency, User
from lindungi.accounts.selectors import scope_for_user
from lindungi.api.inputs import saved_upload, upload_checked
from lindungi.api.schemas import ErrorOut, Id
from lindungi.api.versions import expected_version, stale_shows_current
from lindungi.compliance import referrals as workflow
from lindungi.compliance.coordination import (
    activity_create,
    agreement_create,
    member_create,
    member_update,
)
from lindungi.compliance.enforcement import referral_advance, referral_open
from lindungi.compliance.exports import inpres_report_pdf, inpres_report_xlsx
from lindungi.compliance.importing import employers_import
from lindungi.compliance.models import (
    Activity,
    ActivityKind,
    Agreement,
    AgreementKind,
    Document,
    Employer,
    EmployerStatus,
    InpresTask,
    Referral,
    ReferralEvent,
    ReferralStep,
    TaskChange,
    TaskStatus,
    TeamMember,
    TeamRole,
)
from lindungi.compliance.selectors import (
    EXPIRY_WARNING_DAYS,
    activity_get,
    activity_list,
    activity_outcome,
    agreement_get,
    agreement_list,
    agreements_expiring,
    document_get,
    employer_get,
    employer_list,
    member_get,
    referral_get,
    referral_list,
    task_get,
    task_list,
    team_list,
)
from lindungi.compliance.services import UNSET, task_create, task_update
from lindungi.core.errors import NotFound, ValidationFailed
from lindungi.core.scopes import Scope
from lindungi.core.versioning import MAX_VERSION
from lindungi.regions.models import Region
from lindungi.regions.selectors import region_get

router = Router(tags=["compliance"])

PREFIX = "/compliance"
Day = Annotated[dt.date, Field(ge=dt.date(2000, 1, 1), le=dt.date(2100, 12, 31))]
Year = Annotated[int, Field(ge=2000, le=2100)]
NO_NUL = r"^[^\x00]*$"
Text = Annotated[str, Field(max_length=300, pattern=NO_NUL)]
LongText = Annotated[str, Field(max_length=5000, pattern=NO_NUL)]
Count = Annotated[int, Field(ge=0, le=10_000_000)]
FILE_TYPES = ("application/pdf", "image/jpeg", "image/png")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WRITE_RESPONSES = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
# The version a change was made on: a record changed since answers 409 (`stale_version`) with
# the record as it now is in `details.current`. Without it, only the fields sent change.
Version = Annotated[int, Field(ge=1, le=MAX_VERSION)]


def _actor(request: HttpRequest) -> User:
    return cast(User, request.user)


def _region(request: HttpRequest, code: str | None) -> Region:
    """The regency a request names, else the caller's own; an unknown code is a 422."""
    wanted = code or getattr(request.user, "region_id", None) or ""
    try:
        return region_get(code=wanted)
    except NotFound as error:
        raise ValidationFailed(
            _("Unknown region: %(code)s") % {"code": wanted or "-"}, field="region_code"
        ) from error


def _agencies(scope: Scope, ids: list[int], field: str) -> list[Agency]:
    """Agencies of the caller's region by id; one outside it is unknown (422)."""
    found = list(Agency.objects.filter(scope.region_q("region__code"), pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationFailed(_("Unknown agency"), field=field)
    return found


def _binary(types: tuple[str, ...], description: str) -> dict[str, Any]:
    return {
        "responses": {
            200: {
                "description": description,
                "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in types},
            }
        }
    }


# Documents ---------------------------------------------------------------------------------


class DocumentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    uploaded_at: dt.datetime

    @staticmethod
    def resolve_name(document: Document) -> str:
        return document.original_name


@router.get(
    f"{PREFIX}/documents/{{int:file_id}}",
    response={404: ErrorOut},
    openapi_extra=_binary(FILE_TYPES, "the document as stored, as an attachment"),
    summary="A compliance document (task evidence, agreement, warning letter, SKK)",
)
def documents_get(request: HttpRequest, file_id: int) -> HttpResponse:
    document = document_get(scope=scope_for_user(request.user), document_id=file_id)
    try:
        with document.file.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError as error:
        raise NotFound(_("Document not found"), id=file_id) from error
    response = HttpResponse(content, content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.original_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Tasks -------------------------------------------------------------------------------------


class TaskOut(Schema):
    id: int
    region_code: str
    key: str
    duty: str
    legal_basis: str
    source: str
    confidence: str
    note: str
    agency_id: int | None
    agency_name: str | None
    status: str
    due_date: dt.date | None
    evidence_link: str
    evidence: DocumentOut | None
    version: int  # send it back with a PATCH (or as `If-Match`) to refuse a stale change
    updated_at: dt.datetime

    @staticmethod
    def resolve_region_code(task: InpresTask) -> str:
        return task.region_id

    @staticmethod
    def resolve_agency_name(task: InpresTask) -> str | None:
        return task.agency.name if task.agency else None


class TaskChangeOut(Schema):
    action: str
    changes: dict[str, Any]
    changed_by: str | None
    changed_at: dt.datetime

    @staticmethod
    def resolve_changed_by(change: TaskChange) -> str | None:
        return change.changed_by.username if change.changed_by else None


class TaskDetailOut(TaskOut):
    history: list[TaskChangeOut]

    @staticmethod
    def resolve_history(task: InpresTask) -> list[TaskChange]:
        """The task is the reader's (`task_get`): so is its history."""
        return list(
            TaskChange.objects.filter(task=task).select_related("changed_by").order_by("id")
        )


class TaskIn(Schema):
    region_code: str | None = Field(None, max_length=20, description="default: your regency")
    duty: Annotated[str, Field(min_length=1, max_length=2000, pattern=NO_NUL)]
    legal_basis: Text = ""
    agency_id: Id | None = None
    due_date: Day | None = None
    note: Text = ""


class TaskPatch(Schema):
    """Only the fields sent change; `agency_id` and `due_date` may be cleared with null."""

    duty: Annotated[str, Field(min_length=1, max_length=2000, pattern=NO_NUL)] | None = None
    legal_basis: Text | None = None
    agency_id: Id | None = None
    status: TaskStatus | None = None
    due_date: Day | None = None
    note: Text | None = None
    evidence_link: Annotated[str, Field(max_length=500, pattern=NO_NUL)] | None = Field(
        None, description="an http(s) address; empty to remove"
    )
    version: Version | None = None


@router.get(
    f"{PREFIX}/tasks",
    response={200: list[TaskOut], 422: ErrorOut},
    summary="The Inpres 2/2021 checklist of your regency (an agency operator: its own tasks)",
)
@paginate
def tasks_list(request: HttpRequest, status: TaskStatus | None = None) -> QuerySet[InpresTask]:
    return task_list(scope=scope_for_user(request.user), status=status)


@router.post(
    f"{PREFIX}/tasks",
    response={201: TaskDetailOut, **WRITE_RESPONSES},
    summary="Add a duty to the checklist (regional admin)",
)
def tasks_create(request: HttpRequest, payload: TaskIn) -> Status[InpresTask]:
    scope = scope_for_user(request.user)
    region = _region(request, payload.region_code)
    agency = _agencies(scope, [payload.agency_id], "agency_id")[0] if payload.agency_id else None
    task = task_create(
        actor=_actor(request),
        scope=scope,
        region=region,
        duty=payload.duty,
        legal_basis=payload.legal_basis,
        agency=agency,
        due_date=payload.due_date,
        note=payload.note,
    )
    return Status(201, _detail_of(scope, task))


def _detail_of(scope: Scope, task: InpresTask) -> InpresTask:
    return task_get(scope=scope, task_id=task.pk)


@router.get(
    f"{PREFIX}/tasks/{{int:task_id}}",
    response={200: TaskDetailOut, 404: ErrorOut},
    summary="One task with its history (who changed what, before and after)",
)
def tasks_get(request: HttpRequest, task_id: int) -> InpresTask:
    scope = scope_for_user(request.user)
    return _detail_of(scope, task_get(scope=scope, task_id=task_id))


@router.patch(
    f"{PREFIX}/tasks/{{int:task_id}}",
    response={200: TaskDetailOut, **WRITE_RESPONSES},
    summary="Change a task: status, due date, agency, evidence link, text (regional admin)",
)
def tasks_patch(request: HttpRequest, task_id: int, payload: TaskPatch) -> InpresTask:
    scope = scope_for_user(request.user)
    task = task_get(scope=scope, task_id=task_id)
    sent = payload.model_fields_set
    agency: Agency | Any | None = UNSET
    if "agency_id" in sent:
        agency = (
            _agencies(scope, [payload.agency_id], "agency_id")[0] if payload.agency_id else None
        )
    with stale_shows_current(request, TaskDetailOut, partial(_detail_of, scope, task)):
        updated = task_update(
            actor=_actor(request),
            scope=scope,
            task=task,
            duty=payload.duty if payload.duty is not None else UNSET,
            legal_basis=payload.legal_basis if payload.legal_basis is not None else UNSET,
            agency=agency,
            status=payload.status.value if payload.status is not None else UNSET,
            due_date=payload.due_date if "due_date" in sent else UNSET,
            note=payload.note if payload.note is not None else UNSET,
            evidence_link=payload.evidence_link if payload.evidence_link is not None else UNSET,
            expected_version=expected_version(request, payload.version),
        )
    return _detail_of(scope, updated)


@router.post(
    f"{PREFIX}/tasks/{{int:task_id}}/evidence",
    response={200: TaskDetailOut, **WRITE_RESPONSES},
    summary="Upload a task's evidence (PDF, JPEG or PNG, recognised by its content)",
)
def tasks_evidence(request: HttpRequest, task_id: int, file: File[UploadedFile]) -> InpresTask:
    upload_checked(file)
    scope = scope_for_user(request.user)
    task = task_get(scope=scope, task_id=task_id)
    updated = task_update(actor=_actor(request), scope=scope, task=task, evidence_file=file)
    return _detail_of(scope, updated)


# Team --------------------------------------------------------------------------------------


class MemberOut(Schema):
    id: int
    region_code: str
    name: str
    position: str
    team_role: str
    agency_id: int | None
    organisation: str
    is_active: bool
    version: int  # send it back with a PATCH (or as `If-Match`) to refuse a stale change

    @staticmethod
    def resolve_region_code(member: TeamMember) -> str:
        return member.region_id


@router.get(
    f"{PREFIX}/team",
    response={200: list[MemberOut], 422: ErrorOut},
    summary="The coordination team of your regency (active members)",
)
@paginate
def team_members(request: HttpRequest) -> QuerySet[TeamMember]:
    return team_list(scope=scope_for_user(request.user))


Name = Annotated[str, Field(min_length=1, max_length=150, pattern=NO_NUL)]
ShortText = Annotated[str, Field(max_length=200, pattern=NO_NUL)]


class MemberIn(Schema):
    region_code: str | None = Field(None, max_length=20, description="default: your regency")
    name: Name
    team_role: TeamRole
    position: ShortText = ""
    agency_id: Id | None = None
    organisation: ShortText = Field("", description="when not an agency: BPJS, Kejari…")
    contact: ShortText = ""


class MemberPatch(Schema):
    """Only the fields sent change; `agency_id` may be cleared with null."""

    name: Name | None = None
    team_role: TeamRole | None = None
    position: ShortText | None = None
    agency_id: Id | None = None
    organisation: ShortText | None = None
    contact: ShortText | None = None
    version: Version | None = None


@router.post(
    f"{PREFIX}/team",
    response={201: MemberOut, **WRITE_RESPONSES},
    summary="Add a member to the coordination team (regional admin)",
)
def team_create(request: HttpRequest, payload: MemberIn) -> Status[TeamMember]:
    scope = scope_for_user(request.user)
    region = _region(request, payload.region_code)
    agency = _agencies(scope, [payload.agency_id], "agency_id")[0] if payload.agency_id else None
    member = member_create(
        actor=_actor(request),
        scope=scope,
        region=region,
        name=payload.name,
        team_role=payload.team_role.value,
        position=payload.position,
        agency=agency,
        organisation=payload.organisation,
        contact=payload.contact,
    )
    return Status(201, member_get(scope=scope, member_id=member.pk))


@router.patch(
    f"{PREFIX}/team/{{int:member_id}}",
    response={200: MemberOut, **WRITE_RESPONSES},
    summary="Change a team member: name, role, position, agency, contact (regional admin)",
)
def team_patch(request: HttpRequest, member_id: int, payload: MemberPatch) -> TeamMember:
    scope = scope_for_user(request.user)
    member = member_get(scope=scope, member_id=member_id)
    sent = payload.model_fields_set
    agency: Agency | Any | None = UNSET
    if "agency_id" in sent:
        agency = (
            _agencies(scope, [payload.agency_id], "agency_id")[0] if payload.agency_id else None
        )
    current = partial(member_get, scope=scope, member_id=member.pk)
    with stale_shows_current(request, MemberOut, current):
        member_update(
            actor=_actor(request),
            scope=scope,
            member=member,
            name=payload.name if payload.name is not None else UNSET,
            team_role=payload.team_role.value if payload.team_role is not None else UNSET,
            position=payload.position if payload.position is not None else UNSET,
            agency=agency,
            organisation=payload.organisation if payload.organisation is not None else UNSET,
            contact=payload.contact if payload.contact is not None else UNSET,
            expected_version=expected_version(request, payload.version),
        )
    return current()


# Agreements --------------------------------------------------------------------------------


class AgreementOut(Schema):
    id: int
    region_code: str
    kind: str
    number: str
    title: str
    with_bpjs: bool
    village_code: str | None
    employer_id: int | None
    agency_id: int | None
    other_parties: str
    signed_on: dt.date
    starts_on: dt.date
    ends_on: dt.date | None
    scope_text: str
    document: DocumentOut | None
    days_left: int | None = Field(description="days until it ends (None: open-ended)")
    is_expiring: bool = Field(description=f"in force and ending within {EXPIRY_WARNING_DAYS} days")

    @staticmethod
    def resolve_region_code(agreement: Agreement) -> str:
        return agreement.region_id

    @staticmethod
    def resolve_village_code(agreement: Agreement) -> str | None:
        return agreement.village_id

    @staticmethod
    def resolve_days_left(agreement: Agreement) -> int | None:
        if agreement.ends_on is None:
            return None
        return (agreement.ends_on - timezone.localdate()).days

    @staticmethod
    def resolve_is_expiring(agreement: Agreement) -> bool:
        if agreement.ends_on is None:
            return False
        left = (agreement.ends_on - timezone.localdate()).days
        return 0 <= left <= EXPIRY_WARNING_DAYS and agreement.starts_on <= timezone.localdate()


class AgreementIn(Schema):
    region_code: str | None = Field(None, max_length=20, description="default: your regency")
    kind: AgreementKind
    number: Annotated[str, Field(min_length=1, max_length=100, pattern=NO_NUL)]
    title: Annotated[str, Field(min_length=1, max_length=300, pattern=NO_NUL)]
    signed_on: Day
    starts_on: Day
    ends_on: Day | None = None
    with_bpjs: bool = True
    village_code: str | None = Field(None, max_length=20)
    employer_id: Id | None = None
    agency_id: Id | None = None
    other_parties: Text = ""
    scope_text: LongText = ""


@router.get(
    f"{PREFIX}/agreements",
    response={200: list[AgreementOut], 422: ErrorOut},
    summary="Cooperation agreements (KSO/PKS/MoU) of your regency; `expiring`: ending within "
    "90 days, soonest first",
)
@paginate
def agreements_list(request: HttpRequest, expiring: bool = False) -> QuerySet[Agreement]:
    scope = scope_for_user(request.user)
    return agreements_expiring(scope=scope) if expiring else agreement_list(scope=scope)


@router.post(
    f"{PREFIX}/agreements",
    response={201: AgreementOut, **WRITE_RESPONSES},
    summary="Record an agreement with its parties and period (regional admin)",
)
def agreements_create(request: HttpRequest, payload: AgreementIn) -> Status[Agreement]:
    scope = scope_for_user(request.user)
    region = _region(request, payload.region_code)
    village = None
    if payload.village_code:
        village = Region.objects.filter(code=payload.village_code).first()
        if village is None or not scope.covers_region(village.code):
            raise ValidationFailed(_("Unknown village"), field="village_code")
    employer = (
        employer_get(scope=scope, employer_id=payload.employer_id) if payload.employer_id else None
    )
    agency = _agencies(scope, [payload.agency_id], "agency_id")[0] if payload.agency_id else None
    agreement = agreement_create(
        actor=_actor(request),
        scope=scope,
        region=region,
        kind=payload.kind.value,
        number=payload.number,
        title=payload.title,
        signed_on=payload.signed_on,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        with_bpjs=payload.with_bpjs,
        village=village,
        employer=employer,
        agency=agency,
        other_parties=payload.other_parties,
        scope_text=payload.scope_text,
    )
    return Status(201, agreement_get(scope=scope, agreement_id=agreement.pk))


@router.get(
    f"{PREFIX}/agreements/{{int:agreement_id}}",
    response={200: AgreementOut, 404: ErrorOut},
    summary="One agreement",
)
def agreements_get(request: HttpRequest, agreement_id: int) -> Agreement:
    return agreement_get(scope=scope_for_user(request.user), agreement_id=agreement_id)


# Activities --------------------------------------------------------------------------------


class OutcomeOut(Schema):
    enrolments: int = Field(description="enrolments of the audience's sponsors within 60 days")
    active: int = Field(description="of which active with BPJS now")
    start: dt.date
    end: dt.date


class ActivityOut(Schema):
    id: int
    region_code: str
    kind: str
    title: str
    held_on: dt.date
    place: str
    organiser: str
    village_codes: list[str]
    agency_ids: list[int]
    asn_present: int
    workers_present: int
    attendance: int
    notes: str
    outcome: OutcomeOut

    @staticmethod
    def resolve_region_code(activity: Activity) -> str:
        return activity.region_id

    @staticmethod
    def resolve_village_codes(activity: Activity) -> list[str]:
        return sorted(village.code for village in activity.villages.all())

    @staticmethod
    def resolve_agency_ids(activity: Activity) -> list[int]:
        return sorted(agency.pk for agency in activity.agencies.all())

    @staticmethod
    def resolve_outcome(activity: Activity) -> OutcomeOut:
        outcome = activity_outcome(activity)
        return OutcomeOut(
            enrolments=outcome.enrolments,
            active=outcome.active,
            start=outcome.start,
            end=outcome.end,
        )


class ActivityIn(Schema):
    region_code: str | None = Field(None, max_length=20, description="default: your regency")
    kind: ActivityKind
    title: Annotated[str, Field(min_length=1, max_length=300, pattern=NO_NUL)]
    held_on: Day
    place: Text = ""
    organiser: Annotated[str, Field(max_length=200, pattern=NO_NUL)] = ""
    village_codes: list[Annotated[str, Field(max_length=20)]] = Field([], max_length=500)
    agency_ids: list[Id] = Field([], max_length=200)
    asn_present: Count = 0
    workers_present: Count = 0
    attendance: Count = 0
    notes: LongText = ""


@router.get(
    f"{PREFIX}/activities",
    response={200: list[ActivityOut], 422: ErrorOut},
    summary="FGDs, socialisation events, audiences and meetings, with their outcome: enrolments "
    "in the attending villages and agencies within 60 days",
)
@paginate
def activities_list(
    request: HttpRequest, start: Day | None = None, end: Day | None = None
) -> QuerySet[Activity]:
    return activity_list(scope=scope_for_user(request.user), start=start, end=end)


@router.post(
    f"{PREFIX}/activities",
    response={201: ActivityOut, **WRITE_RESPONSES},
    summary="Record an activity and its audience (regional admin)",
)
def activities_create(request: HttpRequest, payload: ActivityIn) -> Status[Activity]:
    scope = scope_for_user(request.user)
    region = _region(request, payload.region_code)
    codes = set(payload.village_codes)
    villages = list(Region.objects.filter(code__in=codes))
    if len(villages) != len(codes) or not all(scope.covers_region(v.code) for v in villages):
        raise ValidationFailed(_("Unknown village"), field="village_codes")
    activity = activity_create(
        actor=_actor(request),
        scope=scope,
        region=region,
        kind=payload.kind.value,
        title=payload.title,
        held_on=payload.held_on,
        place=payload.place,
        organiser=payload.organiser,
        villages=villages,
        agencies=_agencies(scope, payload.agency_ids, "agency_ids"),
        asn_present=payload.asn_present,
        workers_present=payload.workers_present,
        attendance=payload.attendance,
        notes=payload.notes,
    )
    return Status(201, activity_get(scope=scope, activity_id=activity.pk))


@router.get(
    f"{PREFIX}/activities/{{int:activity_id}}",
    response={200: ActivityOut, 404: ErrorOut},
    summary="One activity with its outcome",
)
def activities_get(request: HttpRequest, activity_id: int) -> Activity:
    return activity_get(scope=scope_for_user(request.user), activity_id=activity_id)


# Employers ---------------------------------------------------------------------------------


class EmployerOut(Schema):
    id: int
    region_code: str
    nib: str
    name: str
    sector: str
    address: str
    workers: int
    status: str
    arrears: int
    updated_at: dt.datetime

    @staticmethod
    def resolve_region_code(employer: Employer) -> str:
        return employer.region_id


class ReferralOut(Schema):
    id: int
    region_code: str
    employer_id: int
    employer_name: str
    employer_nib: str
    step: str
    step_date: dt.date
    arrears: int
    skk_number: str
    prosecutor_office: str
    next_steps: list[str] = Field(description="the steps that may follow")

    @staticmethod
    def resolve_region_code(referral: Referral) -> str:
        return referral.region_id

    @staticmethod
    def resolve_employer_name(referral: Referral) -> str:
        return referral.employer.name

    @staticmethod
    def resolve_employer_nib(referral: Referral) -> str:
        return referral.employer.nib

    @staticmethod
    def resolve_next_steps(referral: Referral) -> list[str]:
        return list(workflow.allowed_after(referral.step))


class EmployerDetailOut(EmployerOut):
    referrals: list[ReferralOut]

    @staticmethod
    def resolve_referrals(employer: Employer) -> list[Referral]:
        """The employer is the reader's (`employer_get`): so are its cases."""
        return list(employer.referrals.select_related("employer").order_by("-step_date", "id"))


class ImportedOut(Schema):
    created: int
    updated: int


@router.get(
    f"{PREFIX}/employers",
    response={200: list[EmployerOut], 422: ErrorOut},
    summary="Employers of your regency and their BPJS compliance (the prosecutor's office: "
    "those referred)",
)
@paginate
def employers_list(
    request: HttpRequest,
    status: EmployerStatus | None = None,
    search: Annotated[
        str, Field(max_length=100, pattern=NO_NUL, description="start of an NIB, or a name")
    ] = "",
) -> QuerySet[Employer]:
    return employer_list(scope=scope_for_user(request.user), status=status, search=search)


@router.post(
    f"{PREFIX}/employers/import",
    response={201: ImportedOut, **WRITE_RESPONSES},
    summary="Import employers from CSV or XLSX (all or nothing; a broken file is refused with "
    "each line, column and rule in `details.problems`; regional admin, BPJS)",
)
def employers_upload(request: HttpRequest, file: File[UploadedFile]) -> Status[ImportedOut]:
    scope = scope_for_user(request.user)
    with saved_upload(file, default_name="employers.csv") as path:
        result = employers_import(path, _actor(request), scope)
    return Status(201, ImportedOut(created=result.created, updated=result.updated))


@router.get(
    f"{PREFIX}/employers/{{int:employer_id}}",
    response={200: EmployerDetailOut, 404: ErrorOut},
    summary="One employer with its referral cases",
)
def employers_get(request: HttpRequest, employer_id: int) -> Employer:
    return employer_get(scope=scope_for_user(request.user), employer_id=employer_id)


# Referrals ---------------------------------------------------------------------------------


class EventOut(Schema):
    id: int
    step: str
    happened_on: dt.date
    reference: str
    note: str
    documents: list[DocumentOut]
    recorded_at: dt.datetime

    @staticmethod
    def resolve_documents(event: ReferralEvent) -> list[Document]:
        return list(event.documents.all())


class ReferralDetailOut(ReferralOut):
    events: list[EventOut]

    @staticmethod
    def resolve_events(referral: Referral) -> list[ReferralEvent]:
        """The case is the reader's (`referral_get`): so are its steps."""
        return list(referral.events.prefetch_related("documents").order_by("happened_on", "id"))


class ReferralIn(Schema):
    employer_id: Id
    day: Day
    reference: Annotated[str, Field(max_length=100, pattern=NO_NUL)] = ""
    note: LongText = ""


class StepIn(Schema):
    step: Literal["sp2", "referred", "in_court", "settled", "closed"]
    day: Day
    reference: Annotated[str, Field(max_length=100, pattern=NO_NUL)] = ""
    note: LongText = ""
    skk_number: Annotated[str, Field(max_length=100, pattern=NO_NUL)] = Field(
        "", description="the SKK's number: required for `referred`"
    )
    prosecutor_office: Annotated[str, Field(max_length=200, pattern=NO_NUL)] = ""


def _referral_detail(scope: Scope, referral_id: int) -> Referral:
    return referral_get(scope=scope, referral_id=referral_id)


@router.get(
    f"{PREFIX}/referrals",
    response={200: list[ReferralOut], 422: ErrorOut},
    summary="Non-compliance cases of your regency (SP1, SP2, referred to the prosecutor's "
    "office under an SKK, in court, settled, closed)",
)
@paginate
def referrals_list(
    request: HttpRequest, step: ReferralStep | None = None, employer_id: Id | None = None
) -> QuerySet[Referral]:
    found = referral_list(scope=scope_for_user(request.user), step=step)
    return found.filter(employer_id=employer_id) if employer_id else found


@router.post(
    f"{PREFIX}/referrals",
    response={201: ReferralDetailOut, **WRITE_RESPONSES},
    summary="Open a case with the first warning (SP1) to an employer (regional admin, BPJS)",
)
def referrals_create(request: HttpRequest, payload: ReferralIn) -> Status[Referral]:
    scope = scope_for_user(request.user)
    employer = employer_get(scope=scope, employer_id=payload.employer_id)
    referral = referral_open(
        actor=_actor(request),
        scope=scope,
        employer=employer,
        day=payload.day,
        reference=payload.reference,
        note=payload.note,
    )
    return Status(201, _referral_detail(scope, referral.pk))


@router.get(
    f"{PREFIX}/referrals/{{int:referral_id}}",
    response={200: ReferralDetailOut, 404: ErrorOut},
    summary="One case with its dated steps and documents",
)
def referrals_get(request: HttpRequest, referral_id: int) -> Referral:
    return _referral_detail(scope_for_user(request.user), referral_id)


@router.post(
    f"{PREFIX}/referrals/{{int:referral_id}}/steps",
    response={200: ReferralDetailOut, **WRITE_RESPONSES},
    summary="Record the case's next step, with an optional document (multipart; regional "
    "admin, BPJS): SP2 after SP1, the referral (with the SKK's number) after SP2, then court, "
    "settled or closed",
)
def referrals_step(
    request: HttpRequest,
    referral_id: int,
    payload: Form[StepIn],
    document: UploadedFile | None = File(None),  # type: ignore[type-arg]  # noqa: B008
) -> Referral:
    if document is not None:
        upload_checked(document)
    scope = scope_for_user(request.user)
    referral = referral_get(scope=scope, referral_id=referral_id)
    referral_advance(
        actor=_actor(request),
        scope=scope,
        referral=referral,
        step=payload.step,
        day=payload.day,
        reference=payload.reference,
        note=payload.note,
        skk_number=payload.skk_number,
        prosecutor_office=payload.prosecutor_office,
        documents=[document] if document is not None else [],
    )
    return _referral_detail(scope, referral_id)


# The six-monthly report --------------------------------------------------------------------


@router.get(
    f"{PREFIX}/report",
    response={403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    openapi_extra=_binary((XLSX, "application/pdf"), "the report as a file to download"),
    summary="The six-monthly Inpres 2/2021 report of a regency as XLSX or PDF (recorded)",
)
def report_file(
    request: HttpRequest,
    year: Year,
    half: Annotated[int, Field(ge=1, le=2, description="1: January-June, 2: July-December")],
    format: Literal["xlsx", "pdf"] = "xlsx",
    region_code: Annotated[str, Field(max_length=20, pattern=NO_NUL)] = "",
) -> HttpResponse:
    scope = scope_for_user(request.user)
    region = _region(request, region_code)
    write = inpres_report_xlsx if format == "xlsx" else inpres_report_pdf
    content = write(actor=_actor(request), scope=scope, region=region, half=(year, half))
    response = HttpResponse(content, content_type=XLSX if format == "xlsx" else "application/pdf")
    filename = f"laporan-inpres-{region.code}-{year}-s{half}.{format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
