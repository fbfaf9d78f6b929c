"""Registering and changing sponsors: who pays for workers' protection."""

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lindungi.accounts.models import Agency, User
from lindungi.core.audit import Action, audit_record
from lindungi.core.errors import Conflict, PermissionDenied, ValidationFailed
from lindungi.core.roles import Role
from lindungi.core.scopes import Scope
from lindungi.programs.models import FundingSource, GroupCode, Sponsor, SponsorKind
from lindungi.programs.permissions import acts_for
from lindungi.regions.models import Level, Region
from lindungi.workers.models import Worker

DEFAULTS: dict[str, tuple[str, str]] = {
    SponsorKind.DESA: (FundingSource.DANA_DESA, GroupCode.SD),
    SponsorKind.OPD: (FundingSource.APBD, GroupCode.SG),
    SponsorKind.ASN: (FundingSource.TPP, GroupCode.SG),
    SponsorKind.PERUSAHAAN: (FundingSource.CSR, GroupCode.SC),
    SponsorKind.BAZNAS: (FundingSource.ZAKAT, ""),
    SponsorKind.DONATUR: (FundingSource.DONATION, ""),
    SponsorKind.MANDIRI: (FundingSource.SELF, ""),
}


@transaction.atomic
def sponsor_create(
    *,
    actor: User | None,
    scope: Scope,
    kind: str,
    name: str,
    region: Region,
    funding_source: str = "",
    group_code: str | None = None,
    agency: Agency | None = None,
    user: User | None = None,
    nip: str = "",
    tpp: int | None = None,
    decision_number: str = "",
    decision_date: date | None = None,
    worker: Worker | None = None,
    contact: str = "",
) -> Sponsor:
    """Register a sponsor. A village sponsor's region is its village; every other sponsor's
    region is the regency (an OPD or ASN sponsor also names its agency)."""
    if kind not in SponsorKind.values:
        raise ValidationFailed(_("Unknown sponsor kind: %(kind)s") % {"kind": kind}, field="kind")
    default_source, default_group = DEFAULTS[kind]
    if kind == SponsorKind.ASN and user is not None:
        # A civil servant's agency and NIP are their account's; a different one is refused below.
        agency = agency or user.agency
        nip = nip or user.nip
    sponsor = Sponsor(
        kind=kind,
        name=" ".join(name.split()),
        region=region,
        funding_source=funding_source or default_source,
        group_code=default_group if group_code is None else group_code,
        agency=agency,
        user=user,
        nip=nip,
        tpp=tpp,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        worker=worker,
        contact=contact.strip(),
        created_by=actor,
    )
    _sponsor_checked(scope, sponsor)
    if kind == SponsorKind.ASN and user is not None:
        _civil_servant_identity_checked(sponsor, user)
    try:
        with transaction.atomic():
            sponsor.save()
    except IntegrityError as error:
        raise Conflict(
            _("This sponsor is already registered"), code="sponsor.already_registered", field="kind"
        ) from error
    audit_record(
        actor=actor,
        action=Action.SPONSOR_CREATE,
        object_type="sponsor",
        object_id=sponsor.pk,
        region_code=region.code,
        details={"kind": kind, "funding_source": sponsor.funding_source},
    )
    return sponsor


def _civil_servant_identity_checked(sponsor: Sponsor, user: User) -> None:
    """A civil servant's sponsor is registered under their own account's agency and NIP, never
    another's, whoever registers it (the TPP deduction lists go to that agency by that NIP).
    Checked when the sponsor is registered: neither can be changed afterwards."""
    if sponsor.agency_id != user.agency_id:
        raise ValidationFailed(_("A civil servant sponsors under their own agency"), field="agency")
    if sponsor.nip != user.nip:
        raise ValidationFailed(
            _("A civil servant sponsors with the NIP of their own account"), field="nip"
        )


def _sponsor_checked(scope: Scope, sponsor: Sponsor) -> None:
    if not sponsor.name:
        raise ValidationFailed(_("A sponsor needs a name"), field="name")
    if sponsor.funding_source not in FundingSource.values:
        raise ValidationFailed(_("Unknown funding source"), field="funding_source")
    if sponsor.group_code and sponsor.group_code not in GroupCode.values:
        raise ValidationFailed(_("Unknown BPJS group code"), field="group_code")
    wanted_level = Level.VILLAGE if sponsor.kind == SponsorKind.DESA else Level.REGENCY
    if sponsor.region.level != wanted_level:
        raise ValidationFailed(
            _("A village sponsor belongs to a village; other sponsors to a regency or city"),
            field="region",
        )
    if sponsor.kind in (SponsorKind.OPD, SponsorKind.ASN):
        if sponsor.agency is None:
            raise ValidationFailed(
                _("An agency or civil-servant sponsor names its agency"), field="agency"
            )
        if sponsor.agency.region_id != sponsor.region_id:
            raise ValidationFailed(_("The agency belongs to another region"), field="agency")
    if sponsor.kind == SponsorKind.ASN:
        if sponsor.user is None or sponsor.user.role != Role.ASN:
            raise ValidationFailed(_("A civil-servant sponsor is an ASN account"), field="user")
        if not (sponsor.nip.isdigit() and len(sponsor.nip) == 18):
            raise ValidationFailed(_("The NIP has 18 digits"), field="nip")
    if sponsor.kind == SponsorKind.MANDIRI and sponsor.worker is None:
        raise ValidationFailed(_("A self-paying sponsor is a registered worker"), field="worker")
    if not acts_for(scope, sponsor):
        raise PermissionDenied(
            _("You cannot register sponsors of this kind here"), code="sponsor.not_yours"
        )


@transaction.atomic
def sponsor_update(
    *, actor: User | None, scope: Scope, sponsor: Sponsor, **changes: Any
) -> Sponsor:
    allowed = {
        "name",
        "funding_source",
        "group_code",
        "tpp",
        "decision_number",
        "decision_date",
        "contact",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationFailed(
            _("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    # Read again under the row's lock and write only the fields given: a change another
    # officer saved meanwhile to another field is kept (`core/versioning.py` for forms).
    sponsor = Sponsor.objects.select_for_update(of=("self",)).get(pk=sponsor.pk)
    before = {field: str(getattr(sponsor, field)) for field in changes}
    for field, value in changes.items():
        setattr(sponsor, field, value)
    _sponsor_checked(scope, sponsor)
    sponsor.save(update_fields=list(changes))
    audit_record(
        actor=actor,
        action=Action.SPONSOR_UPDATE,
        object_type="sponsor",
        object_id=sponsor.pk,
        region_code=sponsor.region_id,
        details={
            "changed": {
                field: [before[field], str(getattr(sponsor, field))]
                for field in changes
                if before[field] != str(getattr(sponsor, field))
            }
        },
    )
    return sponsor
