"""`/api/v1/compliance/employers`: employers' BPJS compliance and their import (the prosecutor's
office reads only the employers referred)."""

import datetime as dt
from typing import Annotated

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from lindungi.accounts.selectors import scope_for_user
from lindungi.api.inputs import saved_upload
from lindungi.api.schemas import ErrorOut
from lindungi.compliance.api.common import (
    NO_NUL,
    OPERATION_ID,
    PREFIX,
    WRITE_RESPONSES,
    actor_of,
)
from lindungi.compliance.api.referrals import ReferralOut
from lindungi.compliance.importing import employers_import
from lindungi.compliance.models import (
    Employer,
    EmployerStatus,
    Referral,
)
from lindungi.compliance.selectors import (
    employer_get,
    employer_list,
)

router = Router(tags=["compliance"])


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
    operation_id=OPERATION_ID.format("employers_list"),
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
    operation_id=OPERATION_ID.format("employers_upload"),
)
def employers_upload(request: HttpRequest, file: File[UploadedFile]) -> Status[ImportedOut]:
    scope = scope_for_user(request.user)
    with saved_upload(file, default_name="employers.csv") as path:
        result = employers_import(path, actor_of(request), scope)
    return Status(201, ImportedOut(created=result.created, updated=result.updated))


@router.get(
    f"{PREFIX}/employers/{{int:employer_id}}",
    response={200: EmployerDetailOut, 404: ErrorOut},
    summary="One employer with its referral cases",
    operation_id=OPERATION_ID.format("employers_get"),
)
def employers_get(request: HttpRequest, employer_id: int) -> Employer:
    return employer_get(scope=scope_for_user(request.user), employer_id=employer_id)
