"""`/api/v1/programs`: the programs of a regency and the ready schemes they start from."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from lindungi.accounts.selectors import scope_for_user
from lindungi.api.schemas import MAX_MONEY, ErrorOut
from lindungi.core.errors import ValidationFailed
from lindungi.programs.api.common import Year, caller, operation, region_named
from lindungi.programs.models import PovertyRule, Program, QuotaRule, SponsorKind
from lindungi.programs.schemes import SCHEMES
from lindungi.programs.selectors import (
    program_get,
    program_last_month,
    program_list,
    quota_fill,
    sponsor_get,
)
from lindungi.programs.services.setup import program_create, program_from_scheme
from lindungi.workers.models import Category

router = Router(tags=["programs"])


class QuotaOut(Schema):
    sponsor_id: int
    held: int
    quota: int | None
    rule: str
    percent: int
    by_status: dict[str, int]


class ProgramOut(Schema):
    id: int
    region_code: str
    region_name: str
    template: str
    name: str
    year: int
    sponsor_kinds: list[str]
    includes_jht: bool
    income_basis: int
    start_month: dt.date
    last_month: dt.date
    months: int
    categories: list[str]
    min_age: int | None
    max_age: int | None
    must_live_in_sponsor_village: bool
    poverty_rule: str
    quota_per_sponsor: int | None
    quota_rule: str
    target: int | None
    budget: int | None
    is_active: bool

    @staticmethod
    def resolve_region_code(program: Program) -> str:
        return program.region_id

    @staticmethod
    def resolve_region_name(program: Program) -> str:
        return program.region.name

    @staticmethod
    def resolve_last_month(program: Program) -> dt.date:
        return program_last_month(program)


class ProgramDetailOut(ProgramOut):
    quota: QuotaOut | None = Field(None, description="the sponsor's fill, with `sponsor_id`")


class SchemeOut(Schema):
    key: str
    name: str
    description: str
    defaults: dict[str, Any]


class ProgramIn(Schema):
    """Either a ready `scheme` and a `year` (any other field overrides the scheme's value), or
    a program described in full (`name`, `sponsor_kinds` and `income_basis` at least)."""

    scheme: str | None = Field(None, max_length=32, description="see /programs/schemes")
    year: Year
    region_code: str | None = Field(None, max_length=20, description="default: your regency")
    name: str | None = Field(None, max_length=200)
    sponsor_kinds: list[SponsorKind] | None = Field(None, max_length=len(SponsorKind))
    income_basis: int | None = Field(None, ge=1, le=MAX_MONEY)
    months: int | None = Field(None, ge=1, le=12)
    start_month: dt.date | None = None
    categories: list[Category] | None = Field(None, max_length=len(Category))
    min_age: int | None = Field(None, ge=0, le=120)
    max_age: int | None = Field(None, ge=0, le=120)
    must_live_in_sponsor_village: bool | None = None
    poverty_rule: PovertyRule | None = None
    quota_per_sponsor: int | None = Field(None, ge=1, le=10_000_000)
    quota_rule: QuotaRule | None = None
    target: int | None = Field(None, ge=1, le=100_000_000)
    budget: int | None = Field(None, ge=0, le=MAX_MONEY)
    includes_jht: bool | None = None


# Fields whose null means "none" (no age limit, no quota); a null elsewhere means "not given".
NULLABLE = {"min_age", "max_age", "quota_per_sponsor", "target", "budget"}
REQUIRED_WITHOUT_SCHEME = ("name", "sponsor_kinds", "income_basis")


@router.get(
    "/programs",
    response=list[ProgramOut],
    summary="Programs of your regency",
    operation_id=operation("programs_list"),
)
@paginate
def programs_list(request: HttpRequest, year: int | None = None) -> object:
    return program_list(scope=scope_for_user(request.user), year=year)


@router.get(
    "/programs/schemes",
    response=list[SchemeOut],
    summary="The ready schemes",
    operation_id=operation("programs_schemes"),
)
def programs_schemes(request: HttpRequest, year: Year | None = None) -> list[dict[str, Any]]:
    year = year or timezone.localdate().year
    return [
        {
            "key": scheme.key,
            "name": str(scheme.name) % {"year": year},
            "description": str(scheme.description),
            "defaults": {
                "sponsor_kinds": list(scheme.sponsor_kinds),
                "quota_per_sponsor": scheme.quota_per_sponsor,
                "quota_rule": scheme.quota_rule,
                "must_live_in_sponsor_village": scheme.must_live_in_sponsor_village,
                "poverty_rule": scheme.poverty_rule,
                "categories": list(scheme.categories),
                "min_age": scheme.min_age,
                "max_age": scheme.max_age,
                "months": scheme.months,
                "start_month": scheme.start_month,
                "income_basis": scheme.income_basis,
                "includes_jht": scheme.includes_jht,
            },
        }
        for scheme in SCHEMES.values()
    ]


@router.get(
    "/programs/{int:program_id}",
    response={200: ProgramDetailOut, 404: ErrorOut},
    summary="One program; with `sponsor_id`, how far that sponsor has filled its quota",
    operation_id=operation("programs_get"),
)
def programs_get(
    request: HttpRequest, program_id: int, sponsor_id: int | None = None
) -> ProgramDetailOut:
    scope = scope_for_user(request.user)
    program = program_get(scope=scope, program_id=program_id)
    detail = ProgramDetailOut.from_orm(program)
    if sponsor_id is not None:
        sponsor = sponsor_get(scope=scope, sponsor_id=sponsor_id)
        fill = quota_fill(program=program, sponsor=sponsor)
        detail.quota = QuotaOut(
            sponsor_id=sponsor.pk,
            held=fill.held,
            quota=fill.quota,
            rule=fill.rule,
            percent=fill.percent,
            by_status=fill.by_status,
        )
    return detail


@router.post(
    "/programs",
    response={201: ProgramOut, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Start a program, from a ready scheme or described in full (regional admin)",
    operation_id=operation("programs_create"),
)
def programs_create(request: HttpRequest, payload: ProgramIn) -> Status[Program]:
    scope = scope_for_user(request.user)
    fields = {
        name: value
        for name, value in payload.dict(exclude_unset=True).items()
        if value is not None or name in NULLABLE
    }
    scheme = fields.pop("scheme", None)
    year = fields.pop("year")
    code = fields.pop("region_code", None) or getattr(request.user, "region_id", None)
    region = region_named(code, "region_code")
    if scheme:
        program = program_from_scheme(
            actor=caller(request), scope=scope, region=region, scheme=scheme, year=year, **fields
        )
    else:
        missing = [name for name in REQUIRED_WITHOUT_SCHEME if not fields.get(name)]
        if missing:
            raise ValidationFailed(
                _("Choose a scheme, or give the program's %(fields)s")
                % {"fields": ", ".join(missing)},
                field=missing[0],
            )
        program = program_create(
            actor=caller(request), scope=scope, region=region, year=year, **fields
        )
    return Status(201, program)
