"""A stored compliance document (task evidence, agreement, warning letter, SKK), downloaded."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lindungi.accounts.selectors import scope_for_user
from lindungi.compliance.selectors import document_get
from lindungi.web.helpers import or_404


@login_required
@require_GET
def document(request: HttpRequest, file_id: int) -> HttpResponseBase:
    """A stored document, as an attachment of its checked type (never rendered inline)."""
    scope = scope_for_user(request.user)
    found = or_404(document_get, scope=scope, document_id=file_id)
    try:
        handle = found.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("Document not found")) from error
    response = FileResponse(
        handle, as_attachment=True, filename=found.original_name, content_type=found.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
