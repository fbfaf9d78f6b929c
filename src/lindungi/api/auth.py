"""API authentication: the browser's session (with CSRF) or a bearer token."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from lindungi.accounts.models import User
from lindungi.accounts.selectors import token_user
from lindungi.core.errors import PermissionDenied


class BearerToken(HttpBearer):
    """`Authorization: Bearer lnd_…`, as printed by `lindungi create-token USERNAME`; an
    expired or revoked token authenticates nobody."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = token_user(token=token)
        if user is not None:
            request.user = user
        return user


class ActiveSession(SessionAuth):
    """The browser's session. A request without one is simply not authenticated (401, as a
    missing token is); a signed-in session whose unsafe request lacks its CSRF token is
    refused (403)."""

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None  # no session to protect: CSRF does not apply
        return super().__call__(request)

    def _get_key(self, request: HttpRequest) -> str | None:
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise PermissionDenied(_("The request lacks the session's CSRF token"))
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


AUTH = [BearerToken(), ActiveSession()]
