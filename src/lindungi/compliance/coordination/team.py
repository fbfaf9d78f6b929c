"""The coordination team of a regency: members join, change and leave (the row stays)."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lindungi.accounts.models import Agency, User
from lindungi.compliance.coordination.common import changed
from lindungi.compliance.models import (
    TeamMember,
    TeamRole,
)
from lindungi.compliance.permissions import write_checked
from lindungi.compliance.selectors import member_get
from lindungi.compliance.services import (
    UNSET,
    Unset,
    agency_checked,
    audit,
    regency_checked,
    text_checked,
)
from lindungi.core.audit import Action
from lindungi.core.errors import ValidationFailed
from lindungi.core.scopes import Scope
from lindungi.core.versioning import saved_changed, version_checked
from lindungi.regions.models import Region


@transaction.atomic
def member_create(
    *,
    actor: User | None,
    scope: Scope,
    region: Region,
    name: str,
    team_role: str,
    position: str = "",
    agency: Agency | None = None,
    organisation: str = "",
    contact: str = "",
) -> TeamMember:
    """Add a member to the coordination team (chair, vice chair, secretary or member)."""
    regency_checked(region)
    write_checked(scope, region.code)
    agency_checked(agency, region)
    if team_role not in TeamRole.values:
        raise ValidationFailed(_("Unknown role in the team"), field="team_role")
    member = TeamMember.objects.create(
        region=region,
        name=text_checked(name, "name", max_length=150),
        team_role=team_role,
        position=text_checked(position, "position", required=False, max_length=200),
        agency=agency,
        organisation=text_checked(organisation, "organisation", required=False, max_length=200),
        contact=text_checked(contact, "contact", required=False, max_length=200),
    )
    audit(actor, Action.TEAM_MEMBER_CREATE, member, region.code, {"team_role": team_role})
    return member


@transaction.atomic
def member_update(
    *,
    actor: User | None,
    scope: Scope,
    member: TeamMember,
    name: str | Unset = UNSET,
    team_role: str | Unset = UNSET,
    position: str | Unset = UNSET,
    agency: Agency | Unset | None = UNSET,
    organisation: str | Unset = UNSET,
    contact: str | Unset = UNSET,
    expected_version: int | None = None,
) -> TeamMember:
    """Change a member's name, role, position, agency or contact; the fields given and changed
    are audited with their values before and after. A change made on an older
    `expected_version` is refused (`core/versioning.py`)."""
    member_get(scope=scope, member_id=member.pk)
    member = (
        TeamMember.objects.select_for_update(of=("self",))
        .select_related("region")
        .get(pk=member.pk)
    )
    write_checked(scope, member.region_id)
    version_checked(member, expected_version)
    wanted: dict[str, Any] = {}
    if not isinstance(name, Unset):
        wanted["name"] = text_checked(name, "name", max_length=150)
    if not isinstance(team_role, Unset):
        if team_role not in TeamRole.values:
            raise ValidationFailed(_("Unknown role in the team"), field="team_role")
        wanted["team_role"] = team_role
    if not isinstance(position, Unset):
        wanted["position"] = text_checked(position, "position", required=False, max_length=200)
    if not isinstance(agency, Unset):
        agency_checked(agency, member.region)
        wanted["agency"] = agency
    if not isinstance(organisation, Unset):
        wanted["organisation"] = text_checked(
            organisation, "organisation", required=False, max_length=200
        )
    if not isinstance(contact, Unset):
        wanted["contact"] = text_checked(contact, "contact", required=False, max_length=200)
    changes = changed(member, wanted)
    if not changes:
        return member
    for field, value in wanted.items():
        setattr(member, field, value)
    saved_changed(member, changes)
    audit(actor, Action.TEAM_MEMBER_UPDATE, member, member.region_id, {"changes": changes})
    return member


@transaction.atomic
def member_leave(*, actor: User | None, scope: Scope, member: TeamMember) -> TeamMember:
    """A member leaves the team; the row stays for the reports of the past."""
    member = member_get(scope=scope, member_id=member.pk)
    write_checked(scope, member.region_id)
    TeamMember.objects.filter(pk=member.pk).update(is_active=False)
    member.is_active = False
    audit(actor, Action.TEAM_MEMBER_LEAVE, member, member.region_id, {})
    return member
