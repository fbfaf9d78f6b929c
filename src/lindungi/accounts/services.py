"""Every write to users, agencies and tokens: one transaction, checked, audited."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindungi.accounts.models import Agency, ApiToken, User
from lindungi.accounts.roles import ROLE_RULES
from lindungi.accounts.selectors import token_get
from lindungi.core.audit import Action, audit_record
from lindungi.core.errors import Conflict, InvalidState, ValidationFailed
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
) -> User:
    """Create a user whose region (and agency) fit their role: a village operator on a village,
    the Disnaker, BPJS and coordination team on a regency, OPD operators and ASN on an agency."""
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
    )
    user.set_password(password)
    user.save()
    audit_record(
        actor=actor,
        action=Action.USER_CREATE,
        object_type="user",
        object_id=user.pk,
        region_code=region.code,
        details={"username": username, "role": role, "agency": agency.pk if agency else None},
    )
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
