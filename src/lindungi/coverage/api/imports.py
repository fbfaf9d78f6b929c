"""`/api/v1/coverage/denominators`, `/targets` and `/participants`: importing the figures a
region is measured by (who may is `coverage.permissions.may_import`); a file with any broken
row writes nothing and answers 422 naming each line, column and rule."""

from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from django.http import HttpRequest
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from lindungi.accounts.models import User
from lindungi.accounts.selectors import scope_for_user
from lindungi.api.inputs import saved_upload
from lindungi.api.schemas import ErrorOut
from lindungi.core.scopes import Scope
from lindungi.coverage.models import DenominatorKind
from lindungi.coverage.services import (
    Imported,
    denominators_import,
    participants_import,
    targets_import,
)

router = Router(tags=["coverage"])


# Named apart from compliance's `ImportedOut` (employers, no `rows`): the OpenAPI document keys
# schemas by name, and the two shared one.
class FiguresImportedOut(Schema):
    rows: int
    created: int
    updated: int = Field(description="rows that replaced a stored one (a corrected release)")


def _imported(
    request: HttpRequest,
    file: UploadedFile,
    load: Callable[[Path, User, Scope], Imported],
) -> Status[FiguresImportedOut]:
    """Save the upload under its own (cleaned) name, whose suffix tells CSV from Excel, and
    import it; a broken file answers 422 naming each line, column and rule."""
    actor = request.user
    assert isinstance(actor, User)  # noqa: S101 - every route but the public one signs in
    with saved_upload(file, default_name="figures.csv") as path:
        result = load(path, actor, scope_for_user(actor))
    return Status(201, FiguresImportedOut(**asdict(result)))


IMPORT_RESPONSES = {201: FiguresImportedOut, 403: ErrorOut, 422: ErrorOut}


@router.post(
    "/coverage/denominators",
    response=IMPORT_RESPONSES,
    summary="Import bases of coverage (CSV or XLSX: region, year, kind, value, source, date); "
    "a file with any broken row writes nothing",
    operation_id="lindungi_api_coverage_denominators_upload",
)
def denominators_upload(
    request: HttpRequest,
    file: File[UploadedFile],
    kind: Form[DenominatorKind | None] = None,
) -> Status[FiguresImportedOut]:
    return _imported(
        request,
        file,
        lambda path, actor, scope: denominators_import(
            path=path, actor=actor, scope=scope, kind=kind
        ),
    )


@router.post(
    "/coverage/targets",
    response=IMPORT_RESPONSES,
    summary="Import coverage targets (CSV or XLSX: region, year, percent, source)",
    operation_id="lindungi_api_coverage_targets_upload",
)
def targets_upload(request: HttpRequest, file: File[UploadedFile]) -> Status[FiguresImportedOut]:
    return _imported(
        request,
        file,
        lambda path, actor, scope: targets_import(path=path, actor=actor, scope=scope),
    )


@router.post(
    "/coverage/participants",
    response=IMPORT_RESPONSES,
    summary="Import BPJS's registered participants (CSV or XLSX: region, month, category, "
    "count, source)",
    operation_id="lindungi_api_coverage_participants_upload",
)
def participants_upload(
    request: HttpRequest, file: File[UploadedFile]
) -> Status[FiguresImportedOut]:
    return _imported(
        request,
        file,
        lambda path, actor, scope: participants_import(path=path, actor=actor, scope=scope),
    )
