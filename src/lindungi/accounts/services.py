"""Every write to users, agencies and tokens: one transaction, checked, audited."""

import hashlib
import secrets
from datetime import timedelta

from axes.models import AccessAttempt  # type: ignore[import-untyped]
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindungi.accounts.models import Agency, ApiToken, User
from lindungi.accounts.permissions import may_manage_user, may_manage_users, roles_given_by
from lindungi.accounts.roles import ROLE_RULES
from lindungi.accounts.selectors import token_get, user_get
from lindungi.core.audit import Action, audit_record
from lindungi.core.errors import Conflict, InvalidState, PermissionDenied, ValidationFailed
from lindungi.core.roles import Role
from lindungi.core.scopes import Scope
from lindungi.regions.models import Level, Region

TOKEN_PREFIX = "lnd_"  # noqa: S105 - a marker, not a secret
TOKEN_DAYS = 90  # how long a new API token authenticates unless told otherwise
TOKEN_MAX_DAYS = 365


@transaction.atomic
def agency_create(*, actor: User | None, region: Region, code: str, name: str) -> Agency:
    """Register an agency (OPD) of a regency or city."""
    if region.level != Level.REGENCY:
        raise ValidationFailed(
            _("An agency belongs to a regency or city, not to %(region)s") % {"region": region},
            field="region",
        )
    if Agency.objects.filter(region=region, code=code).exists():
        raise Conflict(
            _("Agency code %(code)s already exists in %(region)s")
            % {"code": code, "region": region.name},
            code="agency.code_taken",
            field="code",
        )
    agency = Agency.objects.create(region=region, code=code, name=name)
    audit_record(
        actor=actor,
        action=Action.AGENCY_CREATE,
        object_type="agency",
        object_id=agency.pk,
        region_code=region.code,
        details={"code": code, "name": name},
    )
    return agency


def check_role_fit(*, role: str, region: Region, agency: Agency | None) -> None:
    rule = ROLE_RULES.get(role)
    if rule is None:
        raise ValidationFailed(_("Unknown role %(role)r") % {"role": role}, field="role")
    if region.level != rule.region_level:
        raise ValidationFailed(
            _("A %(role)s is attached to a %(level)s, not to %(region)s (%(region_level)s)")
            % {
                "role": Role(role).label,
                "level": rule.region_level.label,
                "region": region,
                "region_level": region.get_level_display(),
            },
            field="region",
        )
    if rule.needs_agency and agency is None:
        raise ValidationFailed(
            _("A %(role)s needs an agency") % {"role": Role(role).label}, field="agency"
        )
    if agency is not None and not region.code.startswith(agency.region_id):
        raise ValidationFailed(
            _("Agency %(agency)s is not in %(region)s") % {"agency": agency, "region": region.name},
            field="agency",
        )


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    role: str,
    region: Region,
    full_name: str = "",
    agency: Agency | None = None,
    nip: str = "",
    email: str = "",
    must_change_password: bool = False,
) -> User:
    """Create a user whose region (and agency) fit their role: a village operator on a village,
    the Disnaker, BPJS and coordination team on a regency, OPD operators and ASN on an agency.
    The caller has checked who may add them (`user_add` does, for a person at a page)."""
    check_role_fit(role=role, region=region, agency=agency)
    if User.objects.filter(username__iexact=username).exists():
        raise Conflict(
            _("Username %(username)s is already taken") % {"username": username},
            code="user.username_taken",
            field="username",
        )
    user = User(
        username=username,
        full_name=full_name,
        role=role,
        region=region,
        agency=agency,
        nip=nip,
        email=email,
        must_change_password=must_change_password,
    )
    if must_change_password:
        _check_password(password, user)
    user.set_password(password)
    user.save()
    audit_record(
        actor=actor,
        action=Action.USER_CREATE,
        object_type="user",
        object_id=user.pk,
        region_code=region.code,
        details={
            "username": username,
            "role": role,
            "agency": agency.pk if agency else None,
            "must_change_password": must_change_password,
        },
    )
    return user


# Temporary passwords are read aloud or typed on a phone: no look-alike characters (0/O, 1/l/I).
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # noqa: S105 - characters, not a secret
PASSWORD_GROUPS = 3  # three groups of four, e.g. "k7mq-x2pa-9rtd"


def password_generate() -> str:
    """A temporary password: twelve random characters in three groups, easy to type."""
    return "-".join(
        "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(4)) for _ in range(PASSWORD_GROUPS)
    )


def _check_password(password: str, user: User) -> None:
    """Django's password rules (length, not common, not all digits, not like the username)."""
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationFailed(" ".join(error.messages), field="password") from error


def user_add(
    *,
    actor: User,
    scope: Scope,
    username: str,
    full_name: str,
    role: str,
    region: Region,
    agency: Agency | None = None,
    password: str | None = None,
) -> tuple[User, str]:
    """A regional admin (or the superuser) adds a user of their scope, with a role they may give
    (`permissions.roles_given_by`: never another admin), and returns the user and their
    temporary password (the one given, or a generated one), shown once; the user chooses their
    own at their first sign-in."""
    if not may_manage_users(scope):
        raise PermissionDenied(
            _("Only the regional admin adds users"), code="user.not_account_manager"
        )
    if role not in roles_given_by(scope):
        raise PermissionDenied(
            _("You cannot give the role %(role)s") % {"role": _role_label(role)},
            code="user.role_not_given",
            field="role",
        )
    if not scope.covers_region(region.code):
        raise ValidationFailed(
            _("%(region)s is outside your area") % {"region": region.name}, field="region"
        )
    if agency is not None and not scope.covers_region(agency.region_id):
        raise ValidationFailed(
            _("Agency %(agency)s is outside your area") % {"agency": agency.name}, field="agency"
        )
    temporary = password or password_generate()
    user = user_create(
        actor=actor,
        username=username,
        password=temporary,
        role=role,
        region=region,
        full_name=full_name,
        agency=agency,
        must_change_password=True,
    )
    return user, temporary


def _role_label(role: str) -> str:
    return str(Role(role).label) if role in Role.values else role


def _managed(*, scope: Scope, user_id: int) -> User:
    """The user, read under its row's lock, when the actor may change their account; NotFound
    outside the scope (as if absent), PermissionDenied for a user they may not manage."""
    user = user_get(scope=scope, user_id=user_id)
    if not may_manage_user(scope, role=user.role, is_superuser=user.is_superuser, user_id=user.pk):
        raise PermissionDenied(
            _("You cannot change the account of %(user)s") % {"user": user.display_name},
            code="user.not_managed",
        )
    return User.objects.select_for_update(of=("self",)).select_related("region").get(pk=user.pk)


def _audit_user(actor: User | None, action: Action, user: User, **details: object) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type="user",
        object_id=user.pk,
        region_code=user.region_id or "",
        details={"username": user.username, **details},
    )


@transaction.atomic
def user_deactivate(*, actor: User | None, scope: Scope, user_id: int) -> User:
    """The user can no longer sign in, nor use their API tokens; their sessions end at their
    next request. Their records and their history stay."""
    user = _managed(scope=scope, user_id=user_id)
    if not user.is_active:
        raise InvalidState(_("This account is already inactive"), code="user.inactive")
    user.is_active = False
    user.save(update_fields=["is_active"])
    _audit_user(actor, Action.USER_DEACTIVATE, user)
    return user


@transaction.atomic
def user_reactivate(*, actor: User | None, scope: Scope, user_id: int) -> User:
    """The user signs in again, with the password they had."""
    user = _managed(scope=scope, user_id=user_id)
    if user.is_active:
        raise InvalidState(_("This account is already active"), code="user.active")
    user.is_active = True
    user.save(update_fields=["is_active"])
    _audit_user(actor, Action.USER_REACTIVATE, user)
    return user


def _lift_lockout(user: User) -> int:
    deleted: int = AccessAttempt.objects.filter(username__iexact=user.username).delete()[0]
    return deleted


@transaction.atomic
def user_password_reset(
    *, actor: User | None, scope: Scope, user_id: int, password: str | None = None
) -> tuple[User, str]:
    """Give the user a temporary password (the one given, or a generated one) and return it, to
    be shown once; they choose their own at their next sign-in. Their open sessions end (Django
    ends them when the password changes) and a lock-out is lifted: a user who forgot their
    password has often typed it wrong five times. The password is never recorded."""
    user = _managed(scope=scope, user_id=user_id)
    temporary = password or password_generate()
    _check_password(temporary, user)
    user.set_password(temporary)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    lifted = _lift_lockout(user)
    _audit_user(
        actor,
        Action.USER_PASSWORD_RESET,
        user,
        generated=password is None,
        lockout_lifted=lifted > 0,
    )
    return user, temporary


@transaction.atomic
def user_unlock(*, actor: User | None, scope: Scope, user_id: int) -> User:
    """Lift the user's lock-out (too many wrong passwords): they may sign in again at once."""
    user = _managed(scope=scope, user_id=user_id)
    if _lift_lockout(user) == 0:
        raise InvalidState(_("This account is not locked"), code="user.not_locked")
    _audit_user(actor, Action.USER_UNLOCK, user)
    return user


@transaction.atomic
def password_change(*, user: User, password: str) -> User:
    """The user chooses their own password (after a temporary one, or whenever they wish);
    the caller has checked their current one. Never recorded."""
    _check_password(password, user)
    user.set_password(password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    _audit_user(user, Action.USER_PASSWORD_CHANGE, user)
    return user


@transaction.atomic
def token_create(*, actor: User | None, user: User, name: str = "", days: int = TOKEN_DAYS) -> str:
    """Issue an API token for `user`, valid for `days` days, and return it; only its digest is
    kept. It ends when it expires or is revoked, not when the user signs out of the web."""
    if not 1 <= days <= TOKEN_MAX_DAYS:
        raise ValidationFailed(
            _("A token is valid for 1 to %(max)d days") % {"max": TOKEN_MAX_DAYS}, field="days"
        )
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    stored = ApiToken.objects.create(
        user=user,
        created_at=now,
        name=name,
        prefix=token[: len(TOKEN_PREFIX) + 6],
        digest=hashlib.sha256(token.encode()).hexdigest(),
        expires_at=now + timedelta(days=days),
    )
    audit_record(
        actor=actor,
        action=Action.TOKEN_CREATE,
        object_type="api_token",
        object_id=stored.pk,
        region_code=user.region_id or "",
        details={
            "user": user.pk,
            "name": name,
            "prefix": stored.prefix,
            "expires_at": stored.expires_at.isoformat(),
        },
    )
    return token


@transaction.atomic
def token_revoke(*, actor: User | None, scope: Scope, token_id: int) -> ApiToken:
    """Revoke an API token at once: its owner may, and so may an account manager for the users
    of their scope (`may_manage_others_tokens`); anyone else finds no such token."""
    token = token_get(scope=scope, token_id=token_id)
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if token.revoked_at is not None:
        raise InvalidState(_("This token is already revoked"), code="token.revoked")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action=Action.TOKEN_REVOKE,
        object_type="api_token",
        object_id=token.pk,
        region_code=token.user.region_id or "",
        details={"user": token.user_id, "name": token.name, "prefix": token.prefix},
    )
    return token


def login_record(*, user: User, ip_address: str) -> None:
    """A successful sign-in, for the audit trail."""
    audit_record(
        actor=user,
        action=Action.AUTH_LOGIN,
        object_type="user",
        object_id=user.pk,
        region_code=user.region_id or "",
        details={"ip": ip_address},
    )


def login_failure_record(*, username: str, ip_address: str) -> None:
    """A refused sign-in: the username tried (not the password) and where from."""
    audit_record(
        actor=None,
        action=Action.AUTH_LOGIN_FAILED,
        object_type="user",
        details={"username": username[:150], "ip": ip_address},
    )
