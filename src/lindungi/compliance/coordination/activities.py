"""Coordination activities (FGD, sosialisasi, audiensi, rapat koordinasi) and their audience."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lindungi.accounts.models import Agency, User
from lindungi.compliance.coordination.common import (
    changed,
    counts_checked,
    villages_checked,
)
from lindungi.compliance.models import (
    Activity,
    ActivityKind,
)
from lindungi.compliance.permissions import write_checked
from lindungi.compliance.selectors import activity_get
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
    villages_checked(villages, region)
    for agency in agencies:
        agency_checked(agency, region, field="agencies")
    counts_checked(asn_present, workers_present, attendance)
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
            counts_checked(count, field=field)
            wanted[field] = count
    if not isinstance(notes, Unset):
        wanted["notes"] = notes.strip()
    if not isinstance(villages, Unset):
        villages_checked(villages, region)
    if not isinstance(agencies, Unset):
        for agency in agencies:
            agency_checked(agency, region, field="agencies")
    changes = changed(activity, wanted)
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
