"""A claim's document, downloaded as an attachment of its stored type (never rendered inline),
the download recorded."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponseForbidden
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lindungi.accounts.selectors import scope_for_user
from lindungi.claims.services.documents import claim_document_download
from lindungi.core.errors import NotFound, PermissionDenied
from lindungi.web.helpers import signed_in


@login_required
@require_GET
def claim_document(request: HttpRequest, claim_id: int, document_id: int) -> HttpResponseBase:
    """A claim's document, as an attachment of its stored type (never rendered inline)."""
    scope = scope_for_user(request.user)
    try:
        document = claim_document_download(
            actor=signed_in(request), scope=scope, claim_id=claim_id, document_id=document_id
        )
        handle = document.file.open("rb")
    except PermissionDenied as error:
        return HttpResponseForbidden(error.message)
    except (NotFound, FileNotFoundError) as error:
        raise Http404(_("Document not found")) from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, no_store=True, private=True)
    return response
