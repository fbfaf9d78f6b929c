"""`/api/v1/compliance/referrals`: the referrals of non-compliant employers to the prosecutor's
office (SP1 → SP2 → Datun under an SKK), with their dated steps and documents."""

import datetime as dt
from typing import Annotated, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from lindungi.accounts.selectors import scope_for_user
from lindungi.api.inputs import upload_checked
from lindungi.api.schemas import ErrorOut, Id
from lindungi.compliance import referrals as workflow
from lindungi.compliance.api.common import (
    NO_NUL,
    OPERATION_ID,
    PREFIX,
    WRITE_RESPONSES,
    Day,
    LongText,
    actor_of,
)
from lindungi.compliance.api.documents import DocumentOut
from lindungi.compliance.enforcement import referral_advance, referral_open
from lindungi.compliance.models import (
    Document,
    Referral,
    ReferralEvent,
    ReferralStep,
)
from lindungi.compliance.selectors import (
    employer_get,
    referral_get,
    referral_list,
)
from lindungi.core.scopes import Scope

router = Router(tags=["compliance"])


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
    operation_id=OPERATION_ID.format("referrals_list"),
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
    operation_id=OPERATION_ID.format("referrals_create"),
)
def referrals_create(request: HttpRequest, payload: ReferralIn) -> Status[Referral]:
    scope = scope_for_user(request.user)
    employer = employer_get(scope=scope, employer_id=payload.employer_id)
    referral = referral_open(
        actor=actor_of(request),
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
    operation_id=OPERATION_ID.format("referrals_get"),
)
def referrals_get(request: HttpRequest, referral_id: int) -> Referral:
    return _referral_detail(scope_for_user(request.user), referral_id)


@router.post(
    f"{PREFIX}/referrals/{{int:referral_id}}/steps",
    response={200: ReferralDetailOut, **WRITE_RESPONSES},
    summary="Record the case's next step, with an optional document (multipart; regional "
    "admin, BPJS): SP2 after SP1, the referral (with the SKK's number) after SP2, then court, "
    "settled or closed",
    operation_id=OPERATION_ID.format("referrals_step"),
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
        actor=actor_of(request),
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
