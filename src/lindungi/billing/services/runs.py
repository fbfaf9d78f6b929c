"""Billing runs and corrections (docs/billing.md): the regional admin (Disnaker; superusers
anywhere) bills a region's sponsors a month, or 3, 6 or 12 months ahead, and credits the months
enrolments no longer hold. The set-wise work is in `ledger.py`; who may, in `permissions.py`."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindungi.accounts.models import User
from lindungi.billing import ledger, rules
from lindungi.billing.models import BillingRun, RunKind
from lindungi.billing.permissions import billing_checked
from lindungi.core import sql
from lindungi.core.audit import Action, audit_record
from lindungi.core.errors import NotFound, ValidationFailed
from lindungi.core.scopes import Scope
from lindungi.programs.models import Sponsor
from lindungi.programs.selectors import sponsor_list
from lindungi.regions.models import Level, Region


def _billed_region(scope: Scope, region: Region) -> None:
    if region.level not in (Level.PROVINCE, Level.REGENCY):
        raise ValidationFailed(
            _("Billing runs for a regency or city (or a province)"),
            code="billing.region_level",
            field="region",
        )
    billing_checked(scope, region.code)


@transaction.atomic
def billing_run(
    *,
    actor: User | None,
    scope: Scope,
    region: Region,
    month: date,
    months_ahead: int = 1,
    sponsor: Sponsor | None = None,
    today: date | None = None,
) -> BillingRun:
    """Bill a month (or, prepaying, the next 3, 6 or 12 months) to the sponsors of a region:
    one line per paying sponsor for every enrolment that holds the month (ACTIVE, or ENDED up to
    its last month) and is not billed for it yet, each sponsor's lines on one new bill due by
    `rules.due_date` of the first month. `sponsor` limits a prepayment to one sponsor. Running
    it again bills only what was not billed (the database refuses a second charge of the same
    month). Unallocated payments and credit notes are then applied to the new bills."""
    _billed_region(scope, region)
    if months_ahead not in rules.PREPAY_MONTHS:
        raise ValidationFailed(
            _("Bill 1, 3, 6 or 12 months at a time, not %(months)s") % {"months": months_ahead},
            field="months_ahead",
        )
    today = today or timezone.localdate()
    months = rules.billed_months(month, months_ahead)
    sql.without_jit()
    sql.lock_months(region.code, months)
    run = ledger.run_start(
        region_code=region.code,
        month=months[0],
        kind=RunKind.REGULAR,
        actor=actor,
        months_ahead=months_ahead,
    )
    where, params = sql.region_filter("s.region_id", region.code)
    if sponsor is not None:
        if not sponsor_list(scope=scope).filter(pk=sponsor.pk).exists():
            raise NotFound(_("Sponsor not found"), id=sponsor.pk)
        where, params = f"{where} AND e.sponsor_id = %s", [*params, sponsor.pk]
    issued = ledger.bill_enrolments(run=run, months=months, where=where, params=params, today=today)
    allocations = ledger.settle(
        sponsors="SELECT sponsor_id FROM billing_bill WHERE run_id = %s", params=[run.pk]
    )
    ledger.run_finish(run, issued)
    audit_record(
        actor=actor,
        action=Action.BILLING_RUN,
        object_type="billing_run",
        object_id=run.pk,
        region_code=region.code,
        details={
            "month": months[0].isoformat(),
            "months_ahead": months_ahead,
            "sponsor": sponsor.pk if sponsor is not None else None,
            "bills": issued.bills,
            "lines": issued.lines,
            "enrolments": issued.enrolments,
            "amount": issued.amount,
            "allocations": allocations,
        },
    )
    return run


@transaction.atomic
def billing_corrections(
    *, actor: User | None, scope: Scope, region: Region, today: date | None = None
) -> BillingRun:
    """Credit, on new credit notes, every month billed to a region's sponsors that its
    enrolment no longer holds (ended or lapsed before it, or cancelled): an issued bill is
    never edited. The credit is applied to the sponsor's open bills, oldest first; what is left
    waits for its next bill."""
    _billed_region(scope, region)
    today = today or timezone.localdate()
    month = rules.month_start(today)
    sql.without_jit()
    sql.lock_months(region.code, [month])
    run = ledger.run_start(
        region_code=region.code, month=month, kind=RunKind.CORRECTION, actor=actor
    )
    where, params = sql.region_filter("s.region_id", region.code)
    issued = ledger.credit_enrolments(run=run, where=where, params=params, today=today)
    allocations = ledger.settle(
        sponsors="SELECT sponsor_id FROM billing_bill WHERE run_id = %s", params=[run.pk]
    )
    ledger.run_finish(run, issued)
    audit_record(
        actor=actor,
        action=Action.BILLING_CORRECTIONS,
        object_type="billing_run",
        object_id=run.pk,
        region_code=region.code,
        details={
            "credit_notes": issued.bills,
            "lines": issued.lines,
            "enrolments": issued.enrolments,
            "amount": issued.amount,
            "allocations": allocations,
        },
    )
    return run
