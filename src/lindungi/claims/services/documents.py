"""A claim's documents: attached by those who assemble the claim (and a BPJS officer, e.g. the
decision letter), downloaded by those whose work needs them, each download recorded
(`claims.permissions`)."""

from datetime import datetime

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindungi.accounts.models import User
from lindungi.claims.models import Claim, ClaimDocument, ClaimStatus, DocumentKind
from lindungi.claims.permissions import may_attach_documents, may_download_documents
from lindungi.claims.selectors import claim_document_get, claim_get
from lindungi.claims.services.steps import allowed, label, locked
from lindungi.core.audit import Action, audit_record
from lindungi.core.errors import Conflict, InvalidState, NotFound, ValidationFailed
from lindungi.core.scopes import Scope
from lindungi.core.uploads import UploadRefused, check_upload

CLOSED = (ClaimStatus.REJECTED, ClaimStatus.PAID)


def _already_attached() -> Conflict:
    return Conflict(
        _("This file is already attached to the claim"),
        code="claim.document_duplicate",
        field="file",
    )


@transaction.atomic
def claim_document_add(
    *,
    actor: User | None,
    scope: Scope,
    claim: Claim,
    kind: str,
    file: UploadedFile,
    now: datetime | None = None,
) -> ClaimDocument:
    """Attach a document: a PDF, JPEG or PNG recognised by its first bytes, within the size
    limit (`CLAIM_UPLOAD_MAX_BYTES`), stored under its content hash (`core.uploads`)."""
    allowed(
        may_attach_documents(scope),
        _("You cannot attach documents to claims"),
        code="claim.not_document_role",
    )
    claim = locked(scope, claim)
    if claim.status in CLOSED:
        raise InvalidState(
            _("The claim is closed (%(status)s): no more documents")
            % {"status": label(ClaimStatus, claim.status)},
            code="claim.closed",
            status=claim.status,
        )
    if kind not in DocumentKind.values:
        raise ValidationFailed(_("Unknown kind of document"), field="kind")
    try:
        checked = check_upload(
            name=file.name or "",
            content_type=file.content_type or "",
            chunks=file.chunks(),
            max_bytes=settings.CLAIM_UPLOAD_MAX_BYTES,
        )
    except UploadRefused as error:
        raise ValidationFailed(
            _(error.template) % error.params, field="file", rule=error.code
        ) from error
    if ClaimDocument.objects.filter(claim=claim, sha256=checked.sha256).exists():
        raise _already_attached()
    now = now or timezone.now()
    document = ClaimDocument(
        claim=claim,
        kind=kind,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
        uploaded_at=now,
    )
    file.seek(0)
    document.file.save(checked.name, file, save=False)
    # Stored under its hash: a file left by a rolled-back transaction is overwritten, not
    # duplicated, when the same document is attached again.
    stored = document.file.name
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError as error:
        document.file.storage.delete(stored)
        raise _already_attached() from error
    audit_record(
        actor=actor,
        action=Action.CLAIM_DOCUMENT_ADD,
        object_type="claim",
        object_id=claim.pk,
        region_code=claim.region_id,
        details={
            "document": document.pk,
            "kind": kind,
            "content_type": checked.content_type,
            "size": checked.size,
            "sha256": checked.sha256,
        },
    )
    return document


@transaction.atomic
def claim_document_download(
    *, actor: User | None, scope: Scope, claim_id: int, document_id: int
) -> ClaimDocument:
    """A claim's document for a reader whose work needs it (`may_download_documents`), its
    download recorded (UU 27/2022: every access to personal data attributable). A document of
    another claim, or whose file is gone, looks missing."""
    claim = claim_get(scope=scope, claim_id=claim_id)
    document = claim_document_get(scope=scope, document_id=document_id)
    if document.claim_id != claim.pk or not document.file.storage.exists(document.file.name):
        raise NotFound(_("Document not found"), id=document_id)
    allowed(
        may_download_documents(scope, claim),
        _("Your role does not download the documents of this claim"),
        code="claim.download_denied",
    )
    audit_record(
        actor=actor,
        action=Action.CLAIM_DOCUMENT_DOWNLOAD,
        object_type="claim",
        object_id=claim.pk,
        region_code=claim.region_id,
        details={"document": document.pk, "kind": document.kind, "sha256": document.sha256},
    )
    return document
