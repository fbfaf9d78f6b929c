"""Reading users and their scopes. Every list is filtered by the reader's scope."""

import hashlib

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lindungi.accounts.models import ApiToken, User
from lindungi.accounts.permissions import may_manage_others_tokens, sees_only_themselves
from lindungi.accounts.roles import ROLE_RULES
from lindungi.core.errors import NotFound
from lindungi.core.roles import SUPERUSER
from lindungi.core.scopes import NO_SCOPE, Scope


def scope_for_user(user: AbstractBaseUser | AnonymousUser) -> Scope:
    """The part of the country a user may see, from their role, region and agency."""
    if not isinstance(user, User) or not user.is_active:
        return NO_SCOPE
    if user.is_superuser:
        return Scope(
            user_id=user.pk,
            role=SUPERUSER,
            region_codes=None,
            can_write=True,
            may_reveal=True,
            may_audit=True,
        )
    rule = ROLE_RULES.get(user.role)
    if rule is None or user.region_id is None:
        return Scope(user_id=user.pk, role=user.role, region_codes=())
    return Scope(
        user_id=user.pk,
        role=user.role,
        region_codes=(user.region_id,),
        agency_id=user.agency_id if rule.needs_agency else None,
        can_write=rule.can_write,
        may_reveal=rule.may_reveal,
        may_audit=rule.may_audit,
        reads_personal_data=rule.reads_personal_data,
    )


def _users_in_scope(scope: Scope) -> Q:
    visible = scope.region_q("region__code")
    if sees_only_themselves(scope):
        visible &= Q(pk=scope.user_id)
    elif scope.agency_id is not None:
        visible &= Q(agency_id=scope.agency_id)
    if not scope.is_nationwide:
        visible &= Q(is_superuser=False)
    return visible


def user_list(*, scope: Scope, role: str | None = None, search: str = "") -> QuerySet[User]:
    users = User.objects.filter(_users_in_scope(scope)).select_related("region", "agency")
    if role:
        users = users.filter(role=role)
    if search.strip():
        text = search.strip()
        users = users.filter(Q(username__icontains=text) | Q(full_name__icontains=text))
    return users.order_by("region_id", "username")


def user_get(*, scope: Scope, user_id: int) -> User:
    """One user inside the scope; missing and out-of-scope users raise the same `NotFound`."""
    user = user_list(scope=scope).filter(pk=user_id).first()
    if user is None:
        raise NotFound(_("User not found"), id=user_id)
    return user


def token_user(*, token: str) -> User | None:
    """The active user a bearer token belongs to, or None (unknown, expired or revoked);
    records when it was last used."""
    digest = hashlib.sha256(token.encode()).hexdigest()
    now = timezone.now()
    found = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest, revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)
        .first()
    )
    if found is None:
        return None
    ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
    return found.user


def token_list(*, scope: Scope, username: str = "") -> QuerySet[ApiToken]:
    """The API tokens a user sees: their own, and for an account manager those of every user
    in their scope; newest first. Digests never leave the table."""
    visible = Q(user_id=scope.user_id) if scope.user_id is not None else Q(pk__in=[])
    if may_manage_others_tokens(scope):
        visible |= Q(user__in=User.objects.filter(_users_in_scope(scope)))
    tokens = ApiToken.objects.filter(visible).select_related("user").defer("digest")
    if username:
        tokens = tokens.filter(user__username=username)
    return tokens.order_by("-created_at", "-pk")


def token_get(*, scope: Scope, token_id: int) -> ApiToken:
    """One token the reader sees; missing and out-of-scope tokens raise the same `NotFound`."""
    token = token_list(scope=scope).filter(pk=token_id).first()
    if token is None:
        raise NotFound(_("Token not found"), id=token_id)
    return token
