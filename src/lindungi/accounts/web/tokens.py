"""The "API tokens" page: a user's own bearer tokens and, for an account manager (the regional
admin), those of the users of their regency; each revocable at once, in the audit trail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lindungi.accounts.permissions import may_manage_others_tokens
from lindungi.accounts.selectors import scope_for_user, token_list
from lindungi.accounts.services import token_revoke
from lindungi.core.errors import DomainError, NotFound
from lindungi.web.helpers import paged, signed_in


@login_required
@require_GET
def tokens(request: HttpRequest) -> HttpResponse:
    scope = scope_for_user(request.user)
    context = {
        **paged(request, token_list(scope=scope)),
        "now": timezone.now(),
        "shows_owner": may_manage_others_tokens(scope),
    }
    return render(request, "accounts/tokens.html", context)


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        token = token_revoke(
            actor=signed_in(request), scope=scope_for_user(request.user), token_id=token_id
        )
    except NotFound as error:
        raise Http404(error.message) from error
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Token %(prefix)s… is revoked: it no longer works") % {"prefix": token.prefix},
        )
    return redirect("web:tokens")
