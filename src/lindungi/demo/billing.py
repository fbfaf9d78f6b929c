"""The demo regency's 2026 bills and payments, month by month up to today, the way the money
actually moves:

- each month the Disnaker bills the sponsors (the 1st); DPPKBP3A prepays its kader a quarter
  at a time;
- the villages pay through BPJS's virtual accounts by the 10th, and BPJS's monthly payment
  statement reconciles them (November's has two rows for a human: an amount that differs and
  a reference nobody knows);
- the finance office (BPKAD) pays the civil servants' TPP deductions by the 12th;
- two villages whose budget came late have not paid since September: they are on the arrears
  list and their workers will lapse in December if nothing is paid;
- one village paid nothing from August: its workers lapsed on 16 October (three unpaid
  months), and its payment on 20 November started them again as new enrolments from November,
  with the waiting periods counted afresh;
- this month's reminders wait in the outbox and show on the sponsors' dashboards;
- a company's CSR pays half of five workers of one village (co-funding) by the 8th; BPJS marked
  the statement row with nobody's bill number as not ours, the short one waits for a human.

Everything goes through the billing services, the daily job and the real statement import.
Deterministic for a given `today` (the months after it are not simulated).
"""

import csv
import random
import tempfile
from datetime import date, timedelta
from pathlib import Path

from django.db.models import F, Sum
from django.utils import timezone

from lindungi.accounts.models import User
from lindungi.accounts.selectors import scope_for_user
from lindungi.billing import rules
from lindungi.billing.lapses import billing_daily
from lindungi.billing.models import BillingRun, Channel, LineOutcome, MismatchReason, StatementLine
from lindungi.billing.reminders import reminders_queue
from lindungi.billing.selectors.bills import bill_list
from lindungi.billing.services.cofunding import cost_share_set
from lindungi.billing.services.payments import payment_record
from lindungi.billing.services.runs import billing_run
from lindungi.billing.services.statements import statement_import, statement_line_resolve
from lindungi.core.scopes import Scope
from lindungi.programs.models import Enrolment, EnrolmentStatus, Sponsor, SponsorKind
from lindungi.regions.selectors import region_get

YEAR = 2026
LATE_SINCE = date(YEAR, 10, 1)  # the late villages' first unpaid month
LAPSED_SINCE = date(YEAR, 8, 1)  # the lapsed village's first unpaid month
RESUMED_ON = date(YEAR, 11, 20)  # the lapsed village pays again


def seed_billing(*, regency: str, users: dict[str, User], today: date | None = None) -> None:
    if BillingRun.objects.filter(region_id=regency).exists():
        return
    today = today or timezone.localdate()
    if today < date(YEAR, 1, 1):
        return
    admin, bpjs = users["disnaker"], users["bpjs.sumedang"]
    admin_scope, bpjs_scope = scope_for_user(admin), scope_for_user(bpjs)
    region = region_get(code=regency)
    paying = Sponsor.objects.filter(
        pk__in=Enrolment.objects.filter(status=EnrolmentStatus.ACTIVE).values("sponsor_id")
    )
    villages = sorted(
        paying.filter(kind=SponsorKind.DESA).exclude(name__icontains="Cikeruh"),
        key=lambda sponsor: sponsor.pk,
    )
    chooser = random.Random(YEAR + 1)  # noqa: S311 - demo data
    late = chooser.sample(villages, 3)
    lapsing, late = late[0], late[1:]
    agency = paying.filter(kind=SponsorKind.OPD).first()
    civil_servants = list(Sponsor.objects.filter(kind=SponsorKind.ASN).order_by("pk"))
    csr = _co_funding(admin, admin_scope, villages, exclude={lapsing.pk, *(s.pk for s in late)})

    month = date(YEAR, 1, 1)
    last = min(rules.month_start(today), date(YEAR, 12, 1))
    while month <= last:
        if agency is not None and month.month in (1, 4, 7, 10):
            billing_run(
                actor=admin,
                scope=admin_scope,
                region=region,
                month=month,
                months_ahead=3,
                sponsor=agency,
                today=month,
            )
            paid_on = month + timedelta(days=9)
            if paid_on <= today:
                _pay_open(admin, admin_scope, agency, month, paid_on, Channel.TRANSFER, today)
        billing_run(actor=admin, scope=admin_scope, region=region, month=month, today=month)
        if month == rules.month_start(today):
            reminders_queue(today=month + timedelta(days=2))

        unpaid = {s.pk for s in late if month >= LATE_SINCE}
        if month >= LAPSED_SINCE:
            unpaid.add(lapsing.pk)
        _statement(bpjs, bpjs_scope, month, exclude=unpaid, today=today, messy=month == last)
        if csr is not None and paid_on_csr(month) <= today:
            _pay_open(admin, admin_scope, csr, month, paid_on_csr(month), Channel.TRANSFER, today)
        tpp_day = month + timedelta(days=11)
        if tpp_day <= today:
            for sponsor in civil_servants:
                _pay_open(admin, admin_scope, sponsor, month, tpp_day, Channel.TPP, today)
        month_end = rules.add_months(month, 1) - timedelta(days=1)
        billing_daily(today=min(month_end, today))
        month = rules.add_months(month, 1)

    _resolve_unknown_line(bpjs, bpjs_scope, today)
    lapsed = Enrolment.objects.filter(sponsor=lapsing, status=EnrolmentStatus.LAPSED)
    november = lapsed.aggregate(total=Sum("monthly_amount"))["total"]
    if today >= RESUMED_ON and november:
        # The village's treasurer pays November for every lapsed worker once the budget came.
        payment_record(
            actor=admin,
            scope=admin_scope,
            sponsor=lapsing,
            amount=november,
            paid_on=RESUMED_ON,
            channel=Channel.TRANSFER,
            reference="SP2D/2026/11/0412",
            today=today,
        )


CO_FUNDED = 5  # workers of one village whose months the CSR pays half of
CSR_SHARE = 5_000  # basis points: half of each month


def paid_on_csr(month: date) -> date:
    """The company transfers its share by the 8th."""
    return month + timedelta(days=7)


def _co_funding(
    admin: User, scope: Scope, villages: list[Sponsor], *, exclude: set[int]
) -> Sponsor | None:
    """The company's CSR pays half of each month of five workers of one village (agreed by the
    Disnaker before the first bill), through `cost_share_set` as on the sponsor page."""
    csr = Sponsor.objects.filter(kind=SponsorKind.PERUSAHAAN).order_by("pk").first()
    village = next((v for v in villages if v.pk not in exclude), None)
    if csr is None or village is None:
        return None
    enrolments = Enrolment.objects.filter(sponsor=village, status=EnrolmentStatus.ACTIVE).order_by(
        "pk"
    )[:CO_FUNDED]
    for enrolment in enrolments:
        cost_share_set(
            actor=admin, scope=scope, enrolment=enrolment, sponsor=csr, basis_points=CSR_SHARE
        )
    return csr


def _resolve_unknown_line(bpjs: User, scope: Scope, today: date) -> None:
    """BPJS resolves the latest statement's row with nobody's bill number as not ours; the row
    paid one worker short stays for the Disnaker to allocate to its bill."""
    line = (
        StatementLine.objects.filter(
            reason=MismatchReason.UNKNOWN_REFERENCE, resolved_at__isnull=True
        )
        .order_by("-statement_id", "line")
        .first()
    )
    if line is None:
        return
    statement_line_resolve(
        actor=bpjs,
        scope=scope,
        statement_id=line.statement_id,
        line=line.line,
        outcome=LineOutcome.NOT_OURS,
        reason="Bukan tagihan Kabupaten Sumedang: nomor tidak dikenal, diteruskan ke BPJS Cabang",
        today=today,
    )


def _statement(
    bpjs: User, scope: Scope, month: date, *, exclude: set[int], today: date, messy: bool
) -> None:
    """BPJS's statement of the virtual-account payments the villages made by the 10th."""
    paid_on = month + timedelta(days=9)
    if paid_on > today:
        return
    bills = (
        bill_list(scope=scope, month=month, is_open=True)
        .filter(sponsor__kind=SponsorKind.DESA)
        .exclude(sponsor_id__in=exclude)
        .order_by("number")
    )
    rows = [
        [number, owed, f"{paid_on:%d/%m/%Y}"]
        for number, owed in bills.values_list("number", F("open_amount"))
    ]
    if messy and rows:
        number, amount, when = rows.pop()
        rows.append([number, amount - 16_800, when])  # paid one worker short
        rows.append([f"TAG-9999-{month:%Y%m}-000001", 33_600, when])  # nobody's bill
    if not rows:
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"rekening-koran-bpjs-{month:%Y-%m}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(["No Tagihan", "Jumlah Bayar", "Tgl Bayar"])
            writer.writerows(rows)
        statement_import(actor=bpjs, scope=scope, path=path, today=today)


def _pay_open(
    actor: User,
    scope: Scope,
    sponsor: Sponsor,
    month: date,
    paid_on: date,
    channel: str,
    today: date,
) -> None:
    bills = bill_list(scope=scope, sponsor=sponsor, is_open=True).filter(month__lte=month)
    owed = bills.aggregate(owed=Sum("open_amount"))["owed"]
    if owed:
        payment_record(
            actor=actor,
            scope=scope,
            sponsor=sponsor,
            amount=owed,
            paid_on=paid_on,
            channel=channel,
            reference=f"{channel.upper()}/{month:%Y/%m}/{sponsor.pk}",
            today=today,
        )
