"""`/api/v1/compliance/documents/`: a stored compliance document (task evidence, agreement,
warning letter, SKK), downloaded as an attachment."""

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema

from lindungi.accounts.selectors import scope_for_user
from lindungi.api.schemas import ErrorOut
from lindungi.compliance.api.common import (
    FILE_TYPES,
    OPERATION_ID,
    PREFIX,
    binary,
)
from lindungi.compliance.models import (
    Document,
)
from lindungi.compliance.selectors import (
    document_get,
)
from lindungi.core.errors import NotFound

router = Router(tags=["compliance"])


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
    openapi_extra=binary(FILE_TYPES, "the document as stored, as an attachment"),
    summary="A compliance document (task evidence, agreement, warning letter, SKK)",
    operation_id=OPERATION_ID.format("documents_get"),
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
