"""`/api/v1/claims`: benefits claimed for protected workers, listed, found by NIK or name, and
reported (checked against the enrolment of the event date, the benefit computed line by line).
NIKs are masked; claims outside the caller's scope answer 404."""

import datetime as dt
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from lindungi.accounts.selectors import scope_for_user
from lindungi.api.schemas import ErrorOut, Id, LocalTime
from lindungi.claims import rules
from lindungi.claims.api.common import NO_NUL, Day, RegionCode, Year, actor, operation_id
from lindungi.claims.api.documents import ClaimDocumentOut
from lindungi.claims.models import (
    Claim,
    ClaimDocument,
    ClaimStatus,
    ClaimType,
    JkkKind,
    ScholarshipRoute,
)
from lindungi.claims.selectors import benefit_notes, claim_documents, claim_get, claim_list
from lindungi.claims.services.amounts import benefit_maximum
from lindungi.claims.services.reporting import claim_report
from lindungi.core.errors import NotFound
from lindungi.core.masking import mask_nik
from lindungi.core.scopes import Scope
from lindungi.workers.api.search import SearchIn, name_only, searched
from lindungi.workers.models import Worker

router = Router(tags=["claims"])


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


def detail(scope: Scope, claim: Claim) -> ClaimDetailOut:
    """One claim as the API shows it, read again in the caller's scope."""
    claim = claim_get(scope=scope, claim_id=claim.pk)
    documents = list(claim_documents(scope=scope, claim=claim))
    return ClaimDetailOut.from_orm(claim, context={"documents": documents})


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


@router.get(
    "/claims",
    response={200: list[ClaimOut], 422: ErrorOut},
    summary="Claims in your scope, the latest event first",
    operation_id=operation_id("claims_list"),
)
@paginate
def claims_list(
    request: HttpRequest,
    status: ClaimStatus | None = None,
    type: ClaimType | None = None,
    year: Year | None = None,
    region_code: RegionCode = "",
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
    region_code: RegionCode = ""


@router.post(
    "/claims/search",
    response={200: list[ClaimOut], 422: ErrorOut},
    summary="Claims found by the worker's whole NIK, its masked form or name; a search by NIK is "
    "recorded",
    operation_id=operation_id("claims_search"),
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
    operation_id=operation_id("claims_create"),
)
def claims_create(request: HttpRequest, payload: ClaimIn) -> Status[ClaimDetailOut]:
    scope = scope_for_user(request.user)
    worker = Worker.objects.filter(pk=payload.worker_id).first()
    if worker is None:
        raise NotFound(_("Worker not found"), id=payload.worker_id)
    claim = claim_report(
        actor=actor(request),
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
    return Status(201, detail(scope, claim))


@router.get(
    "/claims/{int:claim_id}",
    response={200: ClaimDetailOut, 404: ErrorOut},
    summary="One claim: the benefit explained line by line, deadlines, documents",
    operation_id=operation_id("claims_get"),
)
def claims_get(request: HttpRequest, claim_id: int) -> ClaimDetailOut:
    scope = scope_for_user(request.user)
    return detail(scope, claim_get(scope=scope, claim_id=claim_id))
