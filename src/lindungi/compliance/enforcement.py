"""Writing employers' compliance and the referrals of non-compliant employers: warnings SP1 and
SP2, then the referral to the prosecutor's office (Kejari, Datun) under BPJS's special power of
attorney (SKK), then the outcome (`referrals.py` holds the order). Written by the regional admin
or a BPJS officer of the regency (`permissions.py`); read by the prosecutor's users of the region.
"""

import datetime as dt
import re

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lindungi.accounts.models import User
from lindungi.compliance import referrals
from lindungi.compliance.models import (
    Employer,
    EmployerStatus,
    Referral,
    ReferralEvent,
    ReferralStep,
)
from lindungi.compliance.permissions import ENFORCEMENT_WRITERS, write_checked
from lindungi.compliance.selectors import employer_get, referral_get
from lindungi.compliance.services import Upload, document_store, regency_checked
from lindungi.core.audit import Action, audit_record
from lindungi.core.errors import Conflict, InvalidState, ValidationFailed
from lindungi.core.scopes import Scope
from lindungi.regions.models import Region

NIB_PATTERN = re.compile(r"^[0-9]{13}$")


def _status_checked(status: str, arrears: int) -> None:
    if status not in EmployerStatus.values:
        raise ValidationFailed(_("Unknown registration status"), field="status")
    if arrears < 0:
        raise ValidationFailed(_("Arrears cannot be negative"), field="arrears")
    if status == EmployerStatus.ARREARS and arrears == 0:
        raise ValidationFailed(_("An employer in arrears owes an amount"), field="arrears")


@transaction.atomic
def employer_create(
    *,
    actor: User | None,
    scope: Scope,
    region: Region,
    nib: str,
    name: str,
    status: str,
    sector: str = "",
    address: str = "",
    workers: int = 0,
    arrears: int = 0,
) -> Employer:
    """Register a business of the regency by its NIB (13 digits, OSS) and its BPJS status."""
    regency_checked(region)
    write_checked(scope, region.code, ENFORCEMENT_WRITERS)
    nib = nib.strip()
    if not NIB_PATTERN.match(nib):
        raise ValidationFailed(_("An NIB has 13 digits"), field="nib")
    _status_checked(status, arrears)
    if workers < 0:
        raise ValidationFailed(_("Counts cannot be negative"), field="workers")
    if Employer.objects.filter(region=region, nib=nib).exists():
        raise Conflict(
            _("An employer with NIB %(nib)s exists") % {"nib": nib},
            code="employer.nib_taken",
            field="nib",
        )
    employer = Employer.objects.create(
        region=region,
        nib=nib,
        name=" ".join(name.split()),
        status=status,
        sector=sector.strip(),
        address=address.strip(),
        workers=workers,
        arrears=arrears,
    )
    audit_record(
        actor=actor,
        action=Action.EMPLOYER_CREATE,
        object_type="employer",
        object_id=employer.pk,
        region_code=region.code,
        details={"nib": nib, "status": status, "arrears": arrears},
    )
    return employer


@transaction.atomic
def employer_status_record(
    *,
    actor: User | None,
    scope: Scope,
    employer: Employer,
    status: str,
    arrears: int = 0,
    workers: int | None = None,
) -> Employer:
    """Record what BPJS knows of an employer now: registered (partly or fully), not, or in
    arrears (with the amount)."""
    employer = employer_get(scope=scope, employer_id=employer.pk)
    write_checked(scope, employer.region_id, ENFORCEMENT_WRITERS)
    _status_checked(status, arrears)
    before = {"status": employer.status, "arrears": employer.arrears, "workers": employer.workers}
    employer.status = status
    employer.arrears = arrears
    if workers is not None:
        if workers < 0:
            raise ValidationFailed(_("Counts cannot be negative"), field="workers")
        employer.workers = workers
    employer.save(update_fields=["status", "arrears", "workers", "updated_at"])
    audit_record(
        actor=actor,
        action=Action.EMPLOYER_STATUS,
        object_type="employer",
        object_id=employer.pk,
        region_code=employer.region_id,
        details={
            "before": before,
            "after": {"status": status, "arrears": arrears, "workers": employer.workers},
        },
    )
    return employer


def _event_add(
    *,
    actor: User | None,
    referral: Referral,
    step: str,
    day: dt.date,
    reference: str,
    note: str,
    documents: list[Upload] | tuple[Upload, ...],
) -> ReferralEvent:
    event = ReferralEvent.objects.create(
        referral=referral,
        step=step,
        happened_on=day,
        reference=reference.strip()[:100],
        note=note.strip(),
        recorded_by=actor,
    )
    if documents:
        event.documents.set(
            [document_store(actor=actor, region=referral.region, file=f) for f in documents]
        )
    audit_record(
        actor=actor,
        action=Action(f"referral.{step}"),
        object_type="referral",
        object_id=referral.pk,
        region_code=referral.region_id,
        details={
            "employer": referral.employer_id,
            "date": day.isoformat(),
            "reference": event.reference,
            "documents": len(documents),
        },
    )
    return event


@transaction.atomic
def referral_open(
    *,
    actor: User | None,
    scope: Scope,
    employer: Employer,
    day: dt.date,
    reference: str = "",
    note: str = "",
    documents: list[Upload] | tuple[Upload, ...] = (),
) -> Referral:
    """Open a non-compliance case with the first warning (SP1). One open case per employer."""
    employer = employer_get(scope=scope, employer_id=employer.pk)
    write_checked(scope, employer.region_id, ENFORCEMENT_WRITERS)
    if employer.status == EmployerStatus.FULL:
        raise InvalidState(
            _("%(employer)s is registered fully: there is nothing to warn about")
            % {"employer": employer.name},
            code="referral.employer_compliant",
            status=employer.status,
        )
    try:
        with transaction.atomic():
            referral = Referral.objects.create(
                region_id=employer.region_id,
                employer=employer,
                step=ReferralStep.SP1,
                step_date=day,
                arrears=employer.arrears,
            )
    except IntegrityError as error:
        raise Conflict(
            _("%(employer)s already has an open case") % {"employer": employer.name},
            code="referral.already_open",
            field="employer",
        ) from error
    _event_add(
        actor=actor,
        referral=referral,
        step=ReferralStep.SP1,
        day=day,
        reference=reference,
        note=note,
        documents=documents,
    )
    return referral


@transaction.atomic
def referral_advance(
    *,
    actor: User | None,
    scope: Scope,
    referral: Referral,
    step: str,
    day: dt.date,
    reference: str = "",
    note: str = "",
    skk_number: str = "",
    prosecutor_office: str = "",
    documents: list[Upload] | tuple[Upload, ...] = (),
) -> Referral:
    """Record the case's next step: SP2 after SP1; the referral to the prosecutor's office
    (with the SKK's number) after SP2; court after the referral; settled or closed at any time
    after SP1. A skipped step, a step backwards or a date before the last step is refused."""
    found = referral_get(scope=scope, referral_id=referral.pk)
    write_checked(scope, found.region_id, ENFORCEMENT_WRITERS)
    referral = Referral.objects.select_for_update().select_related("region").get(pk=found.pk)
    if step not in ReferralStep.values:
        raise ValidationFailed(_("Unknown step"), field="step")
    if not referrals.is_allowed(referral.step, step):
        raise InvalidState(
            _("%(step)s cannot follow %(current)s; next may come: %(allowed)s")
            % {
                "step": ReferralStep(step).label,
                "current": ReferralStep(referral.step).label,
                "allowed": ", ".join(
                    str(ReferralStep(s).label) for s in referrals.allowed_after(referral.step)
                )
                or "-",
            },
            code="referral.step_skipped",
            step=step,
            current=referral.step,
            allowed=list(referrals.allowed_after(referral.step)),
        )
    if day < referral.step_date:
        raise ValidationFailed(
            _("The step cannot be dated before the previous one (%(date)s)")
            % {"date": referral.step_date.isoformat()},
            field="day",
        )
    if step == ReferralStep.REFERRED:
        skk = skk_number.strip()
        if not skk:
            raise ValidationFailed(
                _("A referral to the prosecutor's office needs the number of BPJS's SKK"),
                field="skk_number",
            )
        referral.skk_number = skk[:100]
        referral.prosecutor_office = prosecutor_office.strip()[:200]
    referral.step = step
    referral.step_date = day
    referral.save(update_fields=["step", "step_date", "skk_number", "prosecutor_office"])
    _event_add(
        actor=actor,
        referral=referral,
        step=step,
        day=day,
        reference=reference or (skk_number if step == ReferralStep.REFERRED else ""),
        note=note,
        documents=documents,
    )
    return referral
