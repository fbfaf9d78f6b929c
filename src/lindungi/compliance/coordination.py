"""Writing a regency's coordination team, cooperation agreements (KSO/PKS/MoU) and activities
(FGD, sosialisasi, audiensi, rapat koordinasi): one transaction per call, written by the
regional admin only (`access.py`), with an audit event."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F
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
from lindungi.compliance.selectors import activity_get, agreement_get, member_get
from lindungi.compliance.services import (
    UNSET,
    Unset,
    Upload,
    agency_checked,
    audit,
    document_store,
    regency_checked,
    shown,
    text_checked,
)
from lindungi.core.audit import Action
from lindungi.core.errors import Conflict, ValidationFailed
from lindungi.core.scopes import Scope
from lindungi.core.versioning import saved_changed, version_checked
from lindungi.regions.models import Level, Region


def _changed(obj: Any, wanted: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields whose wanted value differs from the stored one, as [before, after]."""
    return {
        field: [_kept(getattr(obj, field)), _kept(value)]
        for field, value in wanted.items()
        if getattr(obj, field) != value
    }


def _kept(value: Any) -> Any:
    """A value as an audit event keeps it (JSON)."""
    if isinstance(value, Region):
        return value.code
    if isinstance(value, Employer):
        return str(value)
    return shown(value)


def _village_checked(village: Region | None, region: Region) -> None:
    if village is not None and (
        village.level != Level.VILLAGE or not village.code.startswith(region.code + ".")
    ):
        raise ValidationFailed(
            _("%(village)s is not a village of %(region)s")
            % {"village": village.name, "region": region.name},
            field="village",
        )


def _villages_checked(villages: list[Region] | tuple[Region, ...], region: Region) -> None:
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


def _counts_checked(*counts: int, field: str = "attendance") -> None:
    if min(counts) < 0:
        raise ValidationFailed(_("Counts cannot be negative"), field=field)


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
    changes = _changed(member, wanted)
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
    _village_checked(village, region)
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
        Action.AGREEMENT_CREATE,
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
    Agreement.objects.filter(pk=agreement.pk).update(ends_on=ends_on, version=F("version") + 1)
    agreement.ends_on = ends_on
    audit(
        actor,
        Action.AGREEMENT_EXTEND,
        agreement,
        agreement.region_id,
        {"ends_on": [shown(before), shown(ends_on)]},
    )
    return agreement


@transaction.atomic
def agreement_update(
    *,
    actor: User | None,
    scope: Scope,
    agreement: Agreement,
    kind: str | Unset = UNSET,
    number: str | Unset = UNSET,
    title: str | Unset = UNSET,
    signed_on: dt.date | Unset = UNSET,
    starts_on: dt.date | Unset = UNSET,
    ends_on: dt.date | Unset | None = UNSET,
    with_bpjs: bool | Unset = UNSET,
    village: Region | Unset | None = UNSET,
    employer: Employer | Unset | None = UNSET,
    agency: Agency | Unset | None = UNSET,
    other_parties: str | Unset = UNSET,
    scope_text: str | Unset = UNSET,
    document: Upload | None = None,
    expected_version: int | None = None,
) -> Agreement:
    """Correct an agreement (its parties, period, text) or attach its signed document; the
    fields given and changed are audited with their values before and after. A change made on
    an older `expected_version` is refused (`core/versioning.py`)."""
    agreement_get(scope=scope, agreement_id=agreement.pk)
    agreement = (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("region", "village", "employer", "agency", "document")
        .get(pk=agreement.pk)
    )
    write_checked(scope, agreement.region_id)
    version_checked(agreement, expected_version)
    region = agreement.region
    wanted: dict[str, Any] = {}
    if not isinstance(kind, Unset):
        if kind not in AgreementKind.values:
            raise ValidationFailed(_("Unknown kind of agreement"), field="kind")
        wanted["kind"] = kind
    if not isinstance(number, Unset):
        number = text_checked(number, "number", max_length=100)
        taken = Agreement.objects.filter(region=region, number=number).exclude(pk=agreement.pk)
        if taken.exists():
            raise Conflict(
                _("An agreement numbered %(number)s already exists") % {"number": number},
                field="number",
            )
        wanted["number"] = number
    if not isinstance(title, Unset):
        wanted["title"] = text_checked(title, "title", max_length=300)
    for field, day in (("signed_on", signed_on), ("starts_on", starts_on), ("ends_on", ends_on)):
        if not isinstance(day, Unset):
            wanted[field] = day
    start, end = (
        wanted.get("starts_on", agreement.starts_on),
        wanted.get("ends_on", agreement.ends_on),
    )
    if end is not None and end < start:
        raise ValidationFailed(_("The agreement ends before it starts"), field="ends_on")
    if not isinstance(with_bpjs, Unset):
        wanted["with_bpjs"] = with_bpjs
    if not isinstance(village, Unset):
        _village_checked(village, region)
        wanted["village"] = village
    if not isinstance(employer, Unset):
        if employer is not None and employer.region_id != region.code:
            raise ValidationFailed(_("The company is not of this region"), field="employer")
        wanted["employer"] = employer
    if not isinstance(agency, Unset):
        agency_checked(agency, region)
        wanted["agency"] = agency
    if not isinstance(other_parties, Unset):
        wanted["other_parties"] = text_checked(
            other_parties, "other_parties", required=False, max_length=300
        )
    if not isinstance(scope_text, Unset):
        wanted["scope_text"] = scope_text.strip()
    if document is not None:
        wanted["document"] = document_store(actor=actor, region=region, file=document)
    changes = _changed(agreement, wanted)
    if not changes:
        return agreement
    for field, value in wanted.items():
        setattr(agreement, field, value)
    saved_changed(agreement, changes)
    audit(actor, Action.AGREEMENT_UPDATE, agreement, agreement.region_id, {"changes": changes})
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
    _villages_checked(villages, region)
    for agency in agencies:
        agency_checked(agency, region, field="agencies")
    _counts_checked(asn_present, workers_present, attendance)
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
        Action.ACTIVITY_CREATE,
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


@transaction.atomic
def activity_update(
    *,
    actor: User | None,
    scope: Scope,
    activity: Activity,
    kind: str | Unset = UNSET,
    title: str | Unset = UNSET,
    held_on: dt.date | Unset = UNSET,
    place: str | Unset = UNSET,
    organiser: str | Unset = UNSET,
    villages: list[Region] | tuple[Region, ...] | Unset = UNSET,
    agencies: list[Agency] | tuple[Agency, ...] | Unset = UNSET,
    asn_present: int | Unset = UNSET,
    workers_present: int | Unset = UNSET,
    attendance: int | Unset = UNSET,
    notes: str | Unset = UNSET,
    expected_version: int | None = None,
) -> Activity:
    """Correct an activity, its audience or its attendance; the fields given and changed are
    audited with their values before and after (the audience as village codes and agency
    names). A change made on an older `expected_version` is refused (`core/versioning.py`)."""
    activity_get(scope=scope, activity_id=activity.pk)
    activity = (
        Activity.objects.select_for_update(of=("self",))
        .select_related("region")
        .get(pk=activity.pk)
    )
    write_checked(scope, activity.region_id)
    version_checked(activity, expected_version)
    region = activity.region
    wanted: dict[str, Any] = {}
    if not isinstance(kind, Unset):
        if kind not in ActivityKind.values:
            raise ValidationFailed(_("Unknown kind of activity"), field="kind")
        wanted["kind"] = kind
    if not isinstance(title, Unset):
        wanted["title"] = text_checked(title, "title", max_length=300)
    if not isinstance(held_on, Unset):
        wanted["held_on"] = held_on
    if not isinstance(place, Unset):
        wanted["place"] = text_checked(place, "place", required=False, max_length=300)
    if not isinstance(organiser, Unset):
        wanted["organiser"] = text_checked(organiser, "organiser", required=False, max_length=200)
    for field, count in (
        ("asn_present", asn_present),
        ("workers_present", workers_present),
        ("attendance", attendance),
    ):
        if not isinstance(count, Unset):
            _counts_checked(count, field=field)
            wanted[field] = count
    if not isinstance(notes, Unset):
        wanted["notes"] = notes.strip()
    if not isinstance(villages, Unset):
        _villages_checked(villages, region)
    if not isinstance(agencies, Unset):
        for agency in agencies:
            agency_checked(agency, region, field="agencies")
    changes = _changed(activity, wanted)
    if not isinstance(villages, Unset):
        before = sorted(activity.villages.values_list("code", flat=True))
        after = sorted({village.code for village in villages})
        if before != after:
            activity.villages.set(villages)
            changes["villages"] = [before, after]
    if not isinstance(agencies, Unset):
        before = sorted(activity.agencies.values_list("name", flat=True))
        after = sorted({agency.name for agency in agencies})
        if sorted(activity.agencies.values_list("pk", flat=True)) != sorted(
            {agency.pk for agency in agencies}
        ):
            activity.agencies.set(agencies)
            changes["agencies"] = [before, after]
    if not changes:
        return activity
    for field, value in wanted.items():
        setattr(activity, field, value)
    # The audience (villages, agencies) is written above; the version counts it too.
    saved_changed(activity, [field for field in changes if field in wanted])
    audit(actor, Action.ACTIVITY_UPDATE, activity, activity.region_id, {"changes": changes})
    return activity
