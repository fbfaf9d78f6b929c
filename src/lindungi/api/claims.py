"""`/api/v1/claims`: benefits claimed for protected workers, from the report (checked against
the enrolment of the event date, the benefit computed line by line) to BPJS's decision and the
payment, their documents, and what the claims paid to families (`/claims/impact`). NIKs are
masked; claims outside the caller's scope answer 404."""

import datetime as dt
from typing import Annotated, Any, cast

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from lindungi.accounts.models import User
from lindungi.accounts.selectors import scope_for_user
from lindungi.api.inputs import upload_checked
from lindungi.api.schemas import MAX_MONEY, ErrorOut, Id, LocalTime
from lindungi.api.search import SearchIn, name_only, searched
from lindungi.claims import rules
from lindungi.claims.figures import compact_rupiah, impact_headline
from lindungi.claims.models import (
    Claim,
    ClaimDocument,
    ClaimStatus,
    ClaimType,
    DocumentKind,
    JkkKind,
    ScholarshipRoute,
)
from lindungi.claims.selectors import (
    benefit_notes,
    claim_documents,
    claim_get,
    claim_list,
    claims_impact,
)
from lindungi.claims.services import (
    benefit_maximum,
    claim_amount_review,
    claim_confirm,
    claim_decide,
    claim_document_add,
    claim_document_download,
    claim_paid,
    claim_report,
    claim_submit,
)
from lindungi.core.errors import NotFound, ValidationFailed
from lindungi.core.masking import mask_nik
from lindungi.regions.selectors import region_get
from lindungi.workers.models import Worker

router = Router(tags=["claims"])

# Dates far outside the programs' years are typing errors.
Day = Annotated[dt.date, Field(ge=dt.date(2000, 1, 1), le=dt.date(2100, 12, 31))]
Year = Annotated[int, Field(ge=2000, le=2100)]
# Free text without the NUL character no database stores.
NO_NUL = r"^[^\x00]*$"
FILE_TYPES = ("application/pdf", "image/jpeg", "image/png")


def _actor(request: HttpRequest) -> User:
    return cast(User, request.user)


class ClaimBenefitLineOut(Schema):
    name: str
    amount: int
    rule: str = Field(description="the regulation the amount comes from")
    confidence: str = Field(description="H: verified; M or L: a source still to be verified")


class ClaimBenefitOut(Schema):
    total: int | None = Field(
        description="None when BPJS sets the amount (care in kind, disability assessed)"
    )
    months_paid: int
    lines: list[ClaimBenefitLineOut]
    notes: list[str]


class ClaimOut(Schema):
    id: int
    worker_id: int
    worker_name: str
    nik: str = Field(description="masked")
    region_code: str
    region_name: str
    enrolment_id: int
    type: str
    jkk_kind: str
    scholarship_route: str
    children: int | None
    months_off: int | None
    event_date: dt.date
    event_time: LocalTime | None
    status: str
    benefit_total: int | None
    months_paid: int
    is_late: bool = Field(description="a work accident reported after 2 x 24 hours")
    report_deadline: dt.datetime | None
    expires_on: dt.date | None = Field(description="a work-accident claim: 5 years after")
    notes: str
    reported_at: dt.datetime | None
    submitted_at: dt.datetime | None
    decided_at: dt.datetime | None
    decision_reason: str
    approved_amount: int | None
    proposed_amount: int | None = Field(
        description="another amount than the benefit computed, waiting for a second officer"
    )
    proposed_reason: str
    proposed_by: str | None
    amount_approved_by: str | None = Field(description="the second officer who approved it")
    paid_amount: int | None
    paid_on: dt.date | None
    payment_reference: str

    @staticmethod
    def resolve_worker_name(claim: Claim) -> str:
        return claim.worker.name

    @staticmethod
    def resolve_nik(claim: Claim) -> str:
        return mask_nik(claim.worker.nik)

    @staticmethod
    def resolve_region_code(claim: Claim) -> str:
        return claim.region_id

    @staticmethod
    def resolve_region_name(claim: Claim) -> str:
        return claim.region.name

    @staticmethod
    def resolve_proposed_by(claim: Claim) -> str | None:
        return claim.proposed_by.username if claim.proposed_by else None

    @staticmethod
    def resolve_amount_approved_by(claim: Claim) -> str | None:
        return claim.amount_approved_by.username if claim.amount_approved_by else None


class ClaimDocumentOut(Schema):
    id: int
    claim_id: int
    kind: str
    original_name: str
    content_type: str
    size: int
    sha256: str
    uploaded_by: str | None
    uploaded_at: dt.datetime

    @staticmethod
    def resolve_uploaded_by(document: ClaimDocument) -> str | None:
        return document.uploaded_by.username if document.uploaded_by else None


class ClaimDetailOut(ClaimOut):
    benefit: ClaimBenefitOut
    documents: list[ClaimDocumentOut]
    missing_documents: list[str] = Field(description="what BPJS asks for before it decides")
    benefit_maximum: int | None = Field(
        description="the most the regulation pays for this claim: no amount is approved above it"
    )

    @staticmethod
    def resolve_benefit_maximum(claim: Claim) -> int | None:
        return benefit_maximum(claim)

    @staticmethod
    def resolve_benefit(claim: Claim) -> ClaimBenefitOut:
        return ClaimBenefitOut(
            total=claim.benefit_total,
            months_paid=claim.months_paid,
            lines=[
                ClaimBenefitLineOut(
                    name=str(part.get("name", "")),
                    amount=int(part.get("amount", 0)),
                    rule=str(part.get("rule", "")),
                    confidence=str(part.get("confidence", "")),
                )
                for part in claim.benefit.get("components", [])
            ],
            notes=benefit_notes(claim),
        )

    @staticmethod
    def resolve_documents(claim: Claim, context: dict[str, Any]) -> list[ClaimDocument]:
        return list(context["documents"])

    @staticmethod
    def resolve_missing_documents(claim: Claim, context: dict[str, Any]) -> list[str]:
        present = [document.kind for document in context["documents"]]
        return rules.missing_documents(claim.type, claim.jkk_kind, present)


class ClaimIn(Schema):
    worker_id: Id
    type: ClaimType
    jkk_kind: JkkKind | None = Field(None, description="for a work accident (JKK) only")
    scholarship_route: ScholarshipRoute | None = Field(None, description="for a scholarship")
    event_date: Day
    event_time: LocalTime | None = Field(None, description="a work accident's hour (WIB)")
    children: int | None = Field(None, ge=1, le=20)
    months_off: int | None = Field(None, ge=0, le=600, description="STMB: months off work")
    notes: str = Field("", max_length=2000, pattern=NO_NUL)
    draft: bool = Field(
        False, description="save as a draft showing the benefit; `confirm` reports it"
    )


class ClaimDecisionIn(Schema):
    approve: bool
    reason: str = Field("", max_length=500, pattern=NO_NUL, description="required to reject")
    amount: int | None = Field(
        None, ge=1, le=MAX_MONEY, description="approved; default the benefit computed"
    )


class ClaimAmountReviewIn(Schema):
    approve: bool
    reason: str = Field("", max_length=500, pattern=NO_NUL, description="required to refuse")


class ClaimPaymentIn(Schema):
    amount: int = Field(ge=1, le=MAX_MONEY)
    paid_on: Day
    reference: str = Field(min_length=1, max_length=100, pattern=NO_NUL)


class ClaimImpactRowOut(Schema):
    region_code: str
    region_name: str
    type: str
    families: int
    amount: int


class ClaimImpactTypeOut(Schema):
    type: str
    families: int
    amount: int


class ClaimImpactOut(Schema):
    region_code: str
    region_name: str
    year: int
    families: int = Field(description="workers whose families were paid a benefit")
    amount: int
    amount_text: str = Field(description='e.g. "Rp 1,26 M"')
    headline: str
    by_type: list[ClaimImpactTypeOut]
    rows: list[ClaimImpactRowOut] = Field(description="per region one level below, and scheme")


def _detail(scope: Any, claim: Claim) -> ClaimDetailOut:
    claim = claim_get(scope=scope, claim_id=claim.pk)
    documents = list(claim_documents(scope=scope, claim=claim))
    return ClaimDetailOut.from_orm(claim, context={"documents": documents})


@router.get(
    "/claims",
    response={200: list[ClaimOut], 422: ErrorOut},
    summary="Claims in your scope, the latest event first",
)
@paginate
def claims_list(
    request: HttpRequest,
    status: ClaimStatus | None = None,
    type: ClaimType | None = None,
    year: Year | None = None,
    region_code: Annotated[str, Field(max_length=20, pattern=NO_NUL)] = "",
    search: Annotated[
        str,
        Field(
            max_length=100,
            pattern=NO_NUL,
            description="part of a name (by NIK: POST /claims/search)",
        ),
    ] = "",
) -> QuerySet[Claim]:
    search = name_only(search, "/api/v1/claims/search")
    return _claims_found(request, status, type, year, region_code, search)


class ClaimSearchIn(SearchIn):
    status: ClaimStatus | None = None
    type: ClaimType | None = None
    year: Year | None = None
    region_code: Annotated[str, Field(max_length=20, pattern=NO_NUL)] = ""


@router.post(
    "/claims/search",
    response={200: list[ClaimOut], 422: ErrorOut},
    summary="Claims found by the worker's whole NIK, its masked form or name; a search by NIK is "
    "recorded",
)
@paginate
def claims_search(request: HttpRequest, payload: ClaimSearchIn) -> QuerySet[Claim]:
    search = searched(request, payload.search, "api claims")
    return _claims_found(
        request, payload.status, payload.type, payload.year, payload.region_code, search
    )


def _claims_found(
    request: HttpRequest,
    status: str | None,
    type: str | None,  # the domain's word, as on the claim
    year: int | None,
    region_code: str,
    search: str,
) -> QuerySet[Claim]:
    found = claim_list(
        scope=scope_for_user(request.user),
        status=status,
        type=type,
        region=region_code.strip() or None,
        search=search,
    )
    return found.filter(event_date__year=year) if year else found


@router.post(
    "/claims",
    response={201: ClaimDetailOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Report a claim (village or agency operator, regional admin): checked against the "
    "enrolment of the event date, the benefit computed line by line; `draft` to check first",
)
def claims_create(request: HttpRequest, payload: ClaimIn) -> Status[ClaimDetailOut]:
    scope = scope_for_user(request.user)
    worker = Worker.objects.filter(pk=payload.worker_id).first()
    if worker is None:
        raise NotFound(_("Worker not found"), id=payload.worker_id)
    claim = claim_report(
        actor=_actor(request),
        scope=scope,
        worker=worker,
        type=payload.type,
        jkk_kind=payload.jkk_kind or "",
        scholarship_route=payload.scholarship_route or "",
        event_date=payload.event_date,
        event_time=payload.event_time,
        children=payload.children,
        months_off=payload.months_off,
        notes=payload.notes,
        draft=payload.draft,
    )
    return Status(201, _detail(scope, claim))


def _impact_region(request: HttpRequest, code: str) -> Any:
    code = code.strip() or (getattr(request.user, "region_id", None) or "")
    try:
        return region_get(code=code)
    except NotFound as error:
        raise ValidationFailed(
            _("Unknown region: %(code)s") % {"code": code or "-"}, field="region_code"
        ) from error


@router.get(
    "/claims/impact",
    response={200: ClaimImpactOut, 404: ErrorOut, 422: ErrorOut},
    summary="What claims paid to families in a year, per region and scheme (default: your "
    "region, this year)",
)
def claims_impact_get(
    request: HttpRequest,
    year: Year | None = None,
    region_code: Annotated[str, Field(max_length=20, pattern=NO_NUL)] = "",
) -> ClaimImpactOut:
    scope = scope_for_user(request.user)
    region = _impact_region(request, region_code)
    year = year or timezone.localdate().year
    found = claims_impact(scope=scope, region=region, year=year)
    return ClaimImpactOut(
        region_code=region.code,
        region_name=region.name,
        year=year,
        families=found.families,
        amount=found.amount,
        amount_text=compact_rupiah(found.amount),
        headline=impact_headline(found.amount, found.families, year),
        by_type=[
            ClaimImpactTypeOut(type=kind, families=families, amount=amount)
            for kind, (families, amount) in found.by_type.items()
        ],
        rows=[
            ClaimImpactRowOut(
                region_code=row.region_code,
                region_name=row.region_name,
                type=row.type,
                families=row.families,
                amount=row.amount,
            )
            for row in found.rows
        ],
    )


@router.get(
    "/claims/{int:claim_id}",
    response={200: ClaimDetailOut, 404: ErrorOut},
    summary="One claim: the benefit explained line by line, deadlines, documents",
)
def claims_get(request: HttpRequest, claim_id: int) -> ClaimDetailOut:
    scope = scope_for_user(request.user)
    return _detail(scope, claim_get(scope=scope, claim_id=claim_id))


STEP_RESPONSES = {200: ClaimDetailOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


@router.post(
    "/claims/{int:claim_id}/confirm",
    response=STEP_RESPONSES,
    summary="Report a draft claim (checked and computed again as of now)",
)
def claims_confirm(request: HttpRequest, claim_id: int) -> ClaimDetailOut:
    scope = scope_for_user(request.user)
    claim = claim_get(scope=scope, claim_id=claim_id)
    return _detail(scope, claim_confirm(actor=_actor(request), scope=scope, claim=claim))


@router.post(
    "/claims/{int:claim_id}/submit",
    response=STEP_RESPONSES,
    summary="Send a reported claim to BPJS, once the documents BPJS asks for are attached",
)
def claims_submit(request: HttpRequest, claim_id: int) -> ClaimDetailOut:
    scope = scope_for_user(request.user)
    claim = claim_get(scope=scope, claim_id=claim_id)
    return _detail(scope, claim_submit(actor=_actor(request), scope=scope, claim=claim))


@router.post(
    "/claims/{int:claim_id}/decide",
    response=STEP_RESPONSES,
    summary="Record BPJS's decision: approved or rejected with its reason (BPJS officer, "
    "regional admin); another amount than the benefit computed needs its reason, never exceeds "
    "`benefit_maximum` and waits for a second officer (`review-amount`)",
)
def claims_decide(request: HttpRequest, claim_id: int, payload: ClaimDecisionIn) -> ClaimDetailOut:
    scope = scope_for_user(request.user)
    claim = claim_get(scope=scope, claim_id=claim_id)
    decided = claim_decide(
        actor=_actor(request),
        scope=scope,
        claim=claim,
        approve=payload.approve,
        reason=payload.reason,
        amount=payload.amount,
    )
    return _detail(scope, decided)


@router.post(
    "/claims/{int:claim_id}/review-amount",
    response=STEP_RESPONSES,
    summary="A second officer (BPJS or the regional admin, not the one who proposed it) "
    "approves the amount proposed for a claim, or refuses it with a reason",
)
def claims_review_amount(
    request: HttpRequest, claim_id: int, payload: ClaimAmountReviewIn
) -> ClaimDetailOut:
    scope = scope_for_user(request.user)
    claim = claim_get(scope=scope, claim_id=claim_id)
    reviewed = claim_amount_review(
        actor=_actor(request),
        scope=scope,
        claim=claim,
        approve=payload.approve,
        reason=payload.reason,
    )
    return _detail(scope, reviewed)


@router.post(
    "/claims/{int:claim_id}/pay",
    response=STEP_RESPONSES,
    summary="Record that BPJS paid an approved claim to the family (BPJS officer, regional admin)",
)
def claims_pay(request: HttpRequest, claim_id: int, payload: ClaimPaymentIn) -> ClaimDetailOut:
    scope = scope_for_user(request.user)
    claim = claim_get(scope=scope, claim_id=claim_id)
    paid = claim_paid(
        actor=_actor(request),
        scope=scope,
        claim=claim,
        amount=payload.amount,
        paid_on=payload.paid_on,
        reference=payload.reference,
    )
    return _detail(scope, paid)


@router.post(
    "/claims/{int:claim_id}/documents",
    response={201: ClaimDocumentOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Attach a document (PDF, JPEG or PNG, recognised by its content; size-limited)",
)
def claims_document_add(
    request: HttpRequest, claim_id: int, kind: Form[DocumentKind], file: File[UploadedFile]
) -> Status[ClaimDocument]:
    upload_checked(file)
    scope = scope_for_user(request.user)
    claim = claim_get(scope=scope, claim_id=claim_id)
    document = claim_document_add(
        actor=_actor(request), scope=scope, claim=claim, kind=kind, file=file
    )
    return Status(201, document)


@router.get(
    "/claims/{int:claim_id}/documents/{int:document_id}",
    response={403: ErrorOut, 404: ErrorOut},
    openapi_extra={
        "responses": {
            200: {
                "description": "the document as stored, as an attachment (recorded)",
                "content": {
                    content_type: {"schema": {"type": "string", "format": "binary"}}
                    for content_type in FILE_TYPES
                },
            }
        }
    },
    summary="A claim's document, as an attachment of its stored type: for the operators and the "
    "admin who assemble the claim, and BPJS once it was submitted; every download is recorded",
)
def claims_document_get(request: HttpRequest, claim_id: int, document_id: int) -> HttpResponse:
    document = claim_document_download(
        actor=_actor(request),
        scope=scope_for_user(request.user),
        claim_id=claim_id,
        document_id=document_id,
    )
    try:
        with document.file.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError as error:
        raise NotFound(_("Document not found"), id=document_id) from error
    response = HttpResponse(content, content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.original_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, no_store=True, private=True)
    return response
