"""`/api/v1/awards`: a regency's award lists (agencies by their civil servants who protect a
worker and by workers protected, villages by quota filled and by months paid on time): list,
read, compute a draft, publish it, and a winner's certificate (PDF). The regency admin computes
and publishes; every officer of the regency and its civil servants read the published lists."""

import datetime as dt
from typing import Annotated, Any, cast

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema

from lindungi.accounts.models import User
from lindungi.accounts.selectors import scope_for_user
from lindungi.api.inputs import month as parse_month
from lindungi.api.schemas import ErrorOut
from lindungi.coverage.api.common import Month, Year
from lindungi.coverage.awards import (
    award_entries,
    award_get,
    award_list,
    category_label,
    measure,
    period_label,
)
from lindungi.coverage.awards_certificate import award_certificate, certificate_filename
from lindungi.coverage.awards_services import award_compute, award_publish, award_recompute
from lindungi.coverage.models import AwardCategory, AwardEntry, AwardRound, AwardStatus

router = Router(tags=["coverage"])
WRITES = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
NO_NUL = r"^[^\x00]*$"


class AwardOut(Schema):
    id: int
    region_code: str
    region_name: str
    title: str
    first_month: dt.date
    last_month: dt.date
    period: str = Field(description="`2026`, or `Maret-Juni 2026`")
    categories: list[AwardCategory]
    winners: int = Field(description="winners per category (ties share a rank)")
    status: AwardStatus
    as_of: dt.date = Field(description="the day the figures were computed")
    computed_at: dt.datetime
    published_at: dt.datetime | None
    published_by: str | None


class EntryOut(Schema):
    id: int
    category: AwardCategory
    category_label: str
    rank: int | None = Field(description="null: not ranked (no civil servant, no quota, …)")
    is_winner: bool
    kind: str = Field(description="agency or village")
    agency_id: int | None
    village_code: str | None
    name: str
    score: float | None = Field(description="what the category ranks by")
    measure: str = Field(description="the figure in words")
    figures: dict[str, Any]


class AwardDetailOut(AwardOut):
    entries: list[EntryOut]


class AwardComputeIn(Schema):
    region_code: Annotated[str, Field(pattern=r"^[0-9]{2}\.[0-9]{2}$", description="a regency")]
    year: Year | None = Field(None, description="a whole year, or first_month and last_month")
    first_month: Month | None = None
    last_month: Month | None = None
    categories: list[AwardCategory] | None = Field(None, description="default: every category")
    winners: Annotated[int, Field(ge=1, le=10)] = 3
    title: Annotated[str, Field(max_length=200, pattern=NO_NUL)] = ""


def _award_out(award: AwardRound) -> dict[str, Any]:
    return {
        "id": award.pk,
        "region_code": award.region_id,
        "region_name": award.region.name,
        "title": award.title,
        "first_month": award.first_month,
        "last_month": award.last_month,
        "period": period_label(award),
        "categories": award.categories,
        "winners": award.winners,
        "status": award.status,
        "as_of": award.as_of,
        "computed_at": award.computed_at,
        "published_at": award.published_at,
        "published_by": award.published_by.username if award.published_by else None,
    }


def _entry_out(entry: AwardEntry) -> EntryOut:
    return EntryOut(
        id=entry.pk,
        category=AwardCategory(entry.category),
        category_label=category_label(entry.category),
        rank=entry.rank,
        is_winner=entry.is_winner,
        kind="agency" if entry.agency_id else "village",
        agency_id=entry.agency_id,
        village_code=entry.village_id,
        name=entry.name,
        score=None if entry.score is None else float(entry.score),
        measure=measure(entry.category, entry.figures),
        figures=entry.figures,
    )


def _detail(award: AwardRound, winners_only: bool = False) -> AwardDetailOut:
    entries = [_entry_out(entry) for entry in award_entries(award, winners_only=winners_only)]
    return AwardDetailOut(**_award_out(award), entries=entries)


@router.get(
    "/awards",
    response={200: list[AwardOut]},
    summary="The award lists the caller sees: drafts for the regency admin, published lists for "
    "the regency's officers and civil servants",
    operation_id="lindungi_api_coverage_awards_list",
)
def awards_list(request: HttpRequest) -> list[AwardOut]:
    rounds = award_list(scope=scope_for_user(request.user)).select_related("published_by")
    return [AwardOut(**_award_out(award)) for award in rounds[:500]]


@router.get(
    "/awards/{award_id}",
    response={200: AwardDetailOut, 404: ErrorOut},
    summary="One award list with its ranked agencies or villages per category",
    operation_id="lindungi_api_coverage_awards_get",
)
def awards_get(request: HttpRequest, award_id: int, winners_only: bool = False) -> AwardDetailOut:
    award = award_get(scope=scope_for_user(request.user), award_id=award_id)
    return _detail(award, winners_only)


@router.post(
    "/awards",
    response={200: AwardDetailOut, **WRITES},
    summary="Compute the draft award list of a regency for a year or months of one year (again, "
    "until it is published); the regency admin",
    operation_id="lindungi_api_coverage_awards_compute",
)
def awards_compute(request: HttpRequest, payload: AwardComputeIn) -> AwardDetailOut:
    award = award_compute(
        actor=cast(User, request.user),
        scope=scope_for_user(request.user),
        region=payload.region_code,
        year=payload.year,
        first_month=parse_month(payload.first_month, "first_month")
        if payload.first_month
        else None,
        last_month=parse_month(payload.last_month, "last_month") if payload.last_month else None,
        categories=[str(category) for category in payload.categories]
        if payload.categories
        else None,
        winners=payload.winners,
        title=payload.title,
    )
    return _detail(award)


@router.post(
    "/awards/{award_id}/compute",
    response={200: AwardDetailOut, **WRITES},
    summary="Compute a draft award list again with today's figures",
    operation_id="lindungi_api_coverage_awards_recompute",
)
def awards_recompute(request: HttpRequest, award_id: int) -> AwardDetailOut:
    award = award_recompute(
        actor=cast(User, request.user), scope=scope_for_user(request.user), award_id=award_id
    )
    return _detail(award)


@router.post(
    "/awards/{award_id}/publish",
    response={200: AwardOut, **WRITES},
    summary="Publish a draft award list as it was last computed; it never changes afterwards",
    operation_id="lindungi_api_coverage_awards_publish",
)
def awards_publish(request: HttpRequest, award_id: int) -> AwardOut:
    award = award_publish(
        actor=cast(User, request.user), scope=scope_for_user(request.user), award_id=award_id
    )
    return AwardOut(**_award_out(award))


@router.get(
    "/awards/{award_id}/entries/{entry_id}/certificate",
    response={404: ErrorOut},
    openapi_extra={
        "responses": {
            200: {
                "description": "the winner's certificate to print",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
    summary="A winner's certificate (PDF) of a published award list",
    operation_id="lindungi_api_coverage_awards_certificate",
)
def awards_certificate(request: HttpRequest, award_id: int, entry_id: int) -> HttpResponse:
    entry, content = award_certificate(
        scope=scope_for_user(request.user), award_id=award_id, entry_id=entry_id
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate_filename(entry)}"'
    return response
