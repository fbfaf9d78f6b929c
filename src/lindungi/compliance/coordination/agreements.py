"""Cooperation agreements (KSO/PKS/MoU) of a regency with BPJS, villages, companies and agencies."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from lindungi.accounts.models import Agency, User
from lindungi.compliance.coordination.common import (
    changed,
    village_checked,
)
from lindungi.compliance.models import (
    Agreement,
    AgreementKind,
    Employer,
)
from lindungi.compliance.permissions import write_checked
from lindungi.compliance.selectors import agreement_get
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
from lindungi.regions.models import Region


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
    village_checked(village, region)
    if employer is not None and employer.region_id != region.code:
        raise ValidationFailed(_("The company is not of this region"), field="employer")
    agency_checked(agency, region)
    number = text_checked(number, "number", max_length=100)
    if Agreement.objects.filter(region=region, number=number).exists():
        raise Conflict(
            _("An agreement numbered %(number)s already exists") % {"number": number},
            code="agreement.number_taken",
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
                code="agreement.number_taken",
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
        village_checked(village, region)
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
    changes = changed(agreement, wanted)
    if not changes:
        return agreement
    for field, value in wanted.items():
        setattr(agreement, field, value)
    saved_changed(agreement, changes)
    audit(actor, Action.AGREEMENT_UPDATE, agreement, agreement.region_id, {"changes": changes})
    return agreement
