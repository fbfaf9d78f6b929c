"""Writing a regency's coordination team, cooperation agreements (KSO/PKS/MoU) and activities
(FGD, sosialisasi, audiensi, rapat koordinasi): one transaction per call, written by the
regional admin only (`access.py`), with an audit event."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from lindungi.accounts.models import Agency, User
from lindungi.compliance.access import write_checked
from lindungi.compliance.models import (
    Activity,
    ActivityKind,
    Agreement,
    AgreementKind,
    Employer,
    TeamMember,
    TeamRole,
)
from lindungi.compliance.selectors import agreement_get, member_get
from lindungi.compliance.services import (
    Upload,
    agency_checked,
    audit,
    document_store,
    regency_checked,
    shown,
    text_checked,
)
from lindungi.core.errors import Conflict, ValidationFailed
from lindungi.core.scopes import Scope
from lindungi.regions.models import Level, Region

# Team --------------------------------------------------------------------------------------


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
    audit(actor, "team_member.create", member, region.code, {"team_role": team_role})
    return member


@transaction.atomic
def member_leave(*, actor: User | None, scope: Scope, member: TeamMember) -> TeamMember:
    """A member leaves the team; the row stays for the reports of the past."""
    member = member_get(scope=scope, member_id=member.pk)
    write_checked(scope, member.region_id)
    TeamMember.objects.filter(pk=member.pk).update(is_active=False)
    member.is_active = False
    audit(actor, "team_member.leave", member, member.region_id, {})
    return member


# Agreements --------------------------------------------------------------------------------


@transaction.atomic
def agreement_create(
    *,
    actor: User | None,
    scope: Scope,
    region: Region,
    kind: str,
    number: str,
    title: str,
    signed_on: dt.date,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    with_bpjs: bool = True,
    village: Region | None = None,
    employer: Employer | None = None,
    agency: Agency | None = None,
    other_parties: str = "",
    scope_text: str = "",
    document: Upload | None = None,
) -> Agreement:
    """Record a KSO, PKS or MoU of the regency with its parties and period."""
    regency_checked(region)
    write_checked(scope, region.code)
    if kind not in AgreementKind.values:
        raise ValidationFailed(_("Unknown kind of agreement"), field="kind")
    if ends_on is not None and ends_on < starts_on:
        raise ValidationFailed(_("The agreement ends before it starts"), field="ends_on")
    if village is not None and (
        village.level != Level.VILLAGE or not village.code.startswith(region.code + ".")
    ):
        raise ValidationFailed(
            _("%(village)s is not a village of %(region)s")
            % {"village": village.name, "region": region.name},
            field="village",
        )
    if employer is not None and employer.region_id != region.code:
        raise ValidationFailed(_("The company is not of this region"), field="employer")
    agency_checked(agency, region)
    number = text_checked(number, "number", max_length=100)
    if Agreement.objects.filter(region=region, number=number).exists():
        raise Conflict(
            _("An agreement numbered %(number)s already exists") % {"number": number},
            field="number",
        )
    agreement = Agreement.objects.create(
        region=region,
        kind=kind,
        number=number,
        title=text_checked(title, "title", max_length=300),
        signed_on=signed_on,
        starts_on=starts_on,
        ends_on=ends_on,
        with_bpjs=with_bpjs,
        village=village,
        employer=employer,
        agency=agency,
        other_parties=text_checked(other_parties, "other_parties", required=False, max_length=300),
        scope_text=scope_text.strip(),
        document=(document_store(actor=actor, region=region, file=document) if document else None),
    )
    audit(
        actor,
        "agreement.create",
        agreement,
        region.code,
        {"kind": kind, "number": number, "ends_on": ends_on.isoformat() if ends_on else None},
    )
    return agreement


@transaction.atomic
def agreement_extend(
    *, actor: User | None, scope: Scope, agreement: Agreement, ends_on: dt.date | None
) -> Agreement:
    """Move an agreement's end (an addendum), or make it open-ended (None)."""
    agreement = agreement_get(scope=scope, agreement_id=agreement.pk)
    write_checked(scope, agreement.region_id)
    if ends_on is not None and ends_on < agreement.starts_on:
        raise ValidationFailed(_("The agreement ends before it starts"), field="ends_on")
    before = agreement.ends_on
    Agreement.objects.filter(pk=agreement.pk).update(ends_on=ends_on)
    agreement.ends_on = ends_on
    audit(
        actor,
        "agreement.extend",
        agreement,
        agreement.region_id,
        {"ends_on": [shown(before), shown(ends_on)]},
    )
    return agreement


# Activities --------------------------------------------------------------------------------


@transaction.atomic
def activity_create(
    *,
    actor: User | None,
    scope: Scope,
    region: Region,
    kind: str,
    title: str,
    held_on: dt.date,
    place: str = "",
    organiser: str = "",
    villages: list[Region] | tuple[Region, ...] = (),
    agencies: list[Agency] | tuple[Agency, ...] = (),
    asn_present: int = 0,
    workers_present: int = 0,
    attendance: int = 0,
    notes: str = "",
) -> Activity:
    """Record an FGD, socialisation, audience or coordination meeting and its audience: the
    villages and agencies reached (their enrolments afterwards are its outcome)."""
    regency_checked(region)
    write_checked(scope, region.code)
    if kind not in ActivityKind.values:
        raise ValidationFailed(_("Unknown kind of activity"), field="kind")
    outside = [
        v.name
        for v in villages
        if v.level != Level.VILLAGE or not v.code.startswith(region.code + ".")
    ]
    if outside:
        raise ValidationFailed(
            _("Not villages of %(region)s: %(villages)s")
            % {"region": region.name, "villages": ", ".join(outside)},
            field="villages",
        )
    for agency in agencies:
        agency_checked(agency, region, field="agencies")
    if min(asn_present, workers_present, attendance) < 0:
        raise ValidationFailed(_("Counts cannot be negative"), field="attendance")
    activity = Activity.objects.create(
        region=region,
        kind=kind,
        title=text_checked(title, "title", max_length=300),
        held_on=held_on,
        place=text_checked(place, "place", required=False, max_length=300),
        organiser=text_checked(organiser, "organiser", required=False, max_length=200),
        asn_present=asn_present,
        workers_present=workers_present,
        attendance=attendance,
        notes=notes.strip(),
    )
    activity.villages.set(villages)
    activity.agencies.set(agencies)
    audit(
        actor,
        "activity.create",
        activity,
        region.code,
        {
            "kind": kind,
            "held_on": held_on.isoformat(),
            "villages": len(villages),
            "agencies": len(agencies),
        },
    )
    return activity
