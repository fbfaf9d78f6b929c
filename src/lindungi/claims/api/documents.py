"""`/claims/{id}/documents`: a claim's documents, attached (PDF, JPEG or PNG, recognised by their
content) and downloaded by those whose work needs them, every download recorded."""

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from lindungi.accounts.selectors import scope_for_user
from lindungi.api.inputs import upload_checked
from lindungi.api.schemas import ErrorOut
from lindungi.claims.api.common import actor, operation_id
from lindungi.claims.models import ClaimDocument, DocumentKind
from lindungi.claims.selectors import claim_get
from lindungi.claims.services.documents import claim_document_add, claim_document_download
from lindungi.core.errors import NotFound

router = Router(tags=["claims"])

FILE_TYPES = ("application/pdf", "image/jpeg", "image/png")


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


@router.post(
    "/claims/{int:claim_id}/documents",
    response={201: ClaimDocumentOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Attach a document (PDF, JPEG or PNG, recognised by its content; size-limited)",
    operation_id=operation_id("claims_document_add"),
)
def claims_document_add(
    request: HttpRequest, claim_id: int, kind: Form[DocumentKind], file: File[UploadedFile]
) -> Status[ClaimDocument]:
    upload_checked(file)
    scope = scope_for_user(request.user)
    claim = claim_get(scope=scope, claim_id=claim_id)
    document = claim_document_add(
        actor=actor(request), scope=scope, claim=claim, kind=kind, file=file
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
    operation_id=operation_id("claims_document_get"),
)
def claims_document_get(request: HttpRequest, claim_id: int, document_id: int) -> HttpResponse:
    document = claim_document_download(
        actor=actor(request),
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
