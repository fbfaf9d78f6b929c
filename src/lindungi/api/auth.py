"""API authentication: the browser's session (with CSRF) or a bearer token."""

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from lindungi.accounts.models import User
from lindungi.accounts.selectors import token_user


class BearerToken(HttpBearer):
    """`Authorization: Bearer lnd_…`, as printed by `lindungi create-token USERNAME`."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = token_user(token=token)
        if user is not None:
            request.user = user
        return user


class ActiveSession(SessionAuth):
    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


AUTH = [BearerToken(), ActiveSession()]
