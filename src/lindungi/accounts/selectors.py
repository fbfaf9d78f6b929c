"""Reading users and their scopes. Every list is filtered by the reader's scope."""

import hashlib

from axes.models import AccessAttempt  # type: ignore[import-untyped]
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lindungi.accounts.models import Agency, ApiToken, User
from lindungi.accounts.permissions import may_manage_others_tokens, sees_only_themselves
from lindungi.accounts.roles import ROLE_RULES
from lindungi.core.errors import NotFound
from lindungi.core.roles import SUPERUSER
from lindungi.core.scopes import NO_SCOPE, Scope
from lindungi.regions.models import Level, Region


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


def user_list(
    *, scope: Scope, role: str | None = None, search: str = "", is_active: bool | None = None
) -> QuerySet[User]:
    users = User.objects.filter(_users_in_scope(scope)).select_related("region", "agency")
    if role:
        users = users.filter(role=role)
    if is_active is not None:
        users = users.filter(is_active=is_active)
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


def locked_usernames(*, usernames: list[str]) -> set[str]:
    """Which of these usernames (lower-cased) cannot sign in now: from some address, the wrong
    passwords typed within the cool-off time reached the limit (django-axes' lock-out, counted
    per username and address; `settings.AXES_*`). The lock-out ends by itself after the
    cool-off, or when the regional admin lifts it (`accounts.services.user_unlock`)."""
    if not usernames:
        return set()
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    wanted = Q()
    for username in usernames:
        wanted |= Q(username__iexact=username)
    counted = (
        AccessAttempt.objects.filter(wanted, attempt_time__gte=since)
        .values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
    )
    return {row["username"].lower() for row in counted}


def is_locked(*, user: User) -> bool:
    return user.username.lower() in locked_usernames(usernames=[user.username])


def agencies_in_scope(*, scope: Scope) -> QuerySet[Agency]:
    """The agencies (OPD) of the reader's regency (every agency for the whole country), for a
    choice of agency; an agency operator has only their own."""
    agencies = Agency.objects.filter(scope.region_q("region__code")).select_related("region")
    if scope.agency_id is not None:
        agencies = agencies.filter(pk=scope.agency_id)
    return agencies.order_by("region_id", "name")


def villages_in_scope(*, scope: Scope) -> QuerySet[Region]:
    """The active villages of the reader's region (none for the whole country: too many to
    offer, a code is typed instead), each with its district, for a choice of village."""
    if scope.is_nationwide:
        return Region.objects.none()
    return (
        Region.objects.filter(scope.region_q("code"), level=Level.VILLAGE, is_active=True)
        .select_related("parent")
        .order_by("parent__name", "name")
    )
