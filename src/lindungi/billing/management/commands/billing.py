"""`lindungi billing run|corrections|daily|statement|lines|resolve|pay|overdue|tpp|shares|share|
unshare`: billing from the command line (docs/billing.md). Thin: every action is a service or
selector call."""

import json
from argparse import ArgumentParser
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lindungi.accounts.models import Agency, User
from lindungi.accounts.selectors import scope_for_user
from lindungi.billing.exports import tpp_pdf, tpp_xlsx
from lindungi.billing.models import Channel, LineOutcome
from lindungi.billing.selectors.arrears import overdue_sponsors
from lindungi.billing.selectors.bills import cost_share_list
from lindungi.billing.selectors.payments import statement_lines_unresolved
from lindungi.billing.services.cofunding import cost_share_end, cost_share_set
from lindungi.billing.services.payments import payment_record
from lindungi.billing.services.runs import billing_corrections, billing_run
from lindungi.billing.services.statements import statement_import, statement_line_resolve
from lindungi.billing.tasks import billing_daily_task
from lindungi.core.errors import DomainError
from lindungi.core.money import format_rupiah
from lindungi.core.months import parse_month
from lindungi.programs.selectors import enrolment_get, sponsor_get
from lindungi.regions.selectors import region_get


def _month(text: str) -> date:
    """`2026-01` or `2026-01-15` -> 1 January 2026."""
    month = parse_month(text)
    if month is None:
        raise CommandError(f"Not a month: {text} (use YYYY-MM)", returncode=2)
    return month


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"Not a date: {text} (use YYYY-MM-DD)", returncode=2) from error


class Command(BaseCommand):
    help = "Run billing, lapse unpaid enrolments, record payments and import BPJS statements."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="bill a month to a region's sponsors")
        run.add_argument("--region", required=True, help="a regency (32.11) or a province (32)")
        run.add_argument("--month", required=True, help="YYYY-MM")
        run.add_argument("--months-ahead", type=int, default=1, choices=(1, 3, 6, 12))
        run.add_argument("--sponsor", type=int, help="only this sponsor (a prepayment)")
        run.add_argument("--as", dest="username", required=True, help="a regional admin")
        corrections = sub.add_parser("corrections", help="credit months no longer held")
        corrections.add_argument("--region", required=True)
        corrections.add_argument("--as", dest="username", required=True)
        daily = sub.add_parser("daily", help="lapses, reminders and the outbox (once a day)")
        daily.add_argument("--date", help="YYYY-MM-DD (default: today)")
        daily.add_argument(
            "--enqueue", action="store_true", help="hand it to the background worker instead"
        )
        statement = sub.add_parser("statement", help="import a BPJS payment statement")
        statement.add_argument("file", type=Path)
        statement.add_argument("--as", dest="username", required=True)
        lines = sub.add_parser("lines", help="statement lines that wait for a human")
        lines.add_argument("--as", dest="username", required=True)
        resolve = sub.add_parser("resolve", help="resolve a statement line that matched no bill")
        resolve.add_argument("statement_id", type=int)
        resolve.add_argument("line", type=int, help="the line number in the file")
        outcome = resolve.add_mutually_exclusive_group(required=True)
        outcome.add_argument("--allocate", metavar="BILL_NUMBER", help="allocate it to this bill")
        outcome.add_argument("--refund", action="store_true", help="the money goes back")
        outcome.add_argument("--not-ours", action="store_true", help="another region's or scheme's")
        resolve.add_argument("--reason", required=True)
        resolve.add_argument("--as", dest="username", required=True)
        shares = sub.add_parser("shares", help="co-funding shares (of an enrolment, a sponsor …)")
        shares.add_argument("--enrolment", type=int)
        shares.add_argument("--sponsor", type=int)
        shares.add_argument("--program", type=int)
        shares.add_argument("--as", dest="username", required=True)
        share = sub.add_parser("share", help="a co-sponsor pays a share of an enrolment")
        share.add_argument("enrolment_id", type=int)
        share.add_argument("--sponsor", type=int, required=True, help="the co-sponsor's id")
        share.add_argument(
            "--basis-points", type=int, required=True, help="of 10,000 (5000 = half a month)"
        )
        share.add_argument("--as", dest="username", required=True)
        unshare = sub.add_parser("unshare", help="end a co-sponsor's share of an enrolment")
        unshare.add_argument("enrolment_id", type=int)
        unshare.add_argument("--sponsor", type=int, required=True, help="the co-sponsor's id")
        unshare.add_argument("--as", dest="username", required=True)
        pay = sub.add_parser("pay", help="record a payment of a sponsor")
        pay.add_argument("sponsor_id", type=int)
        pay.add_argument("--amount", type=int, required=True)
        pay.add_argument("--date", required=True, help="YYYY-MM-DD")
        pay.add_argument("--channel", choices=Channel.values, default=Channel.TRANSFER)
        pay.add_argument("--reference", default="")
        pay.add_argument("--as", dest="username", required=True)
        overdue = sub.add_parser("overdue", help="sponsors with bills past their due date")
        overdue.add_argument("--as", dest="username", required=True)
        tpp = sub.add_parser("tpp", help="an agency's TPP deduction list as XLSX or PDF")
        tpp.add_argument("--agency", type=int, required=True, help="the agency's id")
        tpp.add_argument("--month", required=True, help="YYYY-MM")
        tpp.add_argument("--output", type=Path, required=True, help="a .xlsx or .pdf file")
        tpp.add_argument("--as", dest="username", required=True)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            getattr(self, f"_{action}")(**options)
        except DomainError as error:
            raise CommandError(error.message, returncode=2) from error

    def _user(self, username: str) -> User:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {username}", returncode=2)
        return user

    def _run(
        self,
        *,
        region: str,
        month: str,
        months_ahead: int,
        sponsor: int | None,
        username: str,
        **options: Any,
    ) -> None:
        user = self._user(username)
        scope = scope_for_user(user)
        run = billing_run(
            actor=user,
            scope=scope,
            region=region_get(code=region),
            month=_month(month),
            months_ahead=months_ahead,
            sponsor=sponsor_get(scope=scope, sponsor_id=sponsor) if sponsor else None,
        )
        self.stdout.write(
            f"Run {run.pk}: {run.bills} bill(s), {run.lines} line(s) for {run.enrolments} "
            f"enrolment(s), {format_rupiah(run.amount)}"
        )

    def _corrections(self, *, region: str, username: str, **options: Any) -> None:
        user = self._user(username)
        run = billing_corrections(
            actor=user, scope=scope_for_user(user), region=region_get(code=region)
        )
        self.stdout.write(
            f"Run {run.pk}: {run.bills} credit note(s), {run.lines} line(s), "
            f"{format_rupiah(-run.amount)} credited"
        )

    def _daily(self, *, date: str | None, enqueue: bool, **options: Any) -> None:
        day = _day(date).isoformat() if date else None
        if enqueue:
            result = billing_daily_task.enqueue(day=day)
            self.stdout.write(f"Queued {result.id}")
            return
        self.stdout.write(json.dumps(billing_daily_task.call(day=day)))

    def _statement(self, *, file: Path, username: str, **options: Any) -> None:
        user = self._user(username)
        result = statement_import(actor=user, scope=scope_for_user(user), path=file)
        self.stdout.write(
            f"{result.matched} row(s) matched ({format_rupiah(result.matched_amount)}), "
            f"{result.unmatched} left for a human"
        )
        for line in result.unmatched_lines:
            self.stdout.write(
                f"  line {line['line']:>6}  {line['reference']:<28} "
                f"{format_rupiah(line['amount']):>16}  {line['reason_text']}"
            )
        if result.resumed.count:
            self.stdout.write(f"{result.resumed.count} lapsed enrolment(s) started again")

    def _lines(self, *, username: str, **options: Any) -> None:
        found = statement_lines_unresolved(scope=scope_for_user(self._user(username)))
        for line in found[:1000]:
            self.stdout.write(
                f"{line.statement_id:>6} line {line.line:>6}  {line.reference:<28} "
                f"{format_rupiah(line.amount):>16}  {line.get_reason_display()}"
            )
        self.stdout.write(f"{found.count()} line(s) wait for a human")

    def _resolve(
        self,
        *,
        statement_id: int,
        line: int,
        allocate: str | None,
        refund: bool,
        reason: str,
        username: str,
        **options: Any,
    ) -> None:
        user = self._user(username)
        outcome = (
            LineOutcome.ALLOCATED
            if allocate
            else LineOutcome.REFUND
            if refund
            else LineOutcome.NOT_OURS
        )
        done = statement_line_resolve(
            actor=user,
            scope=scope_for_user(user),
            statement_id=statement_id,
            line=line,
            outcome=outcome,
            reason=reason,
            bill_number=allocate or "",
        )
        self.stdout.write(f"Line {line} of statement {statement_id}: {outcome.label}")
        if done.payment is not None:
            self.stdout.write(
                f"Payment {done.payment.payment.pk}: {format_rupiah(done.payment.allocated)} "
                f"allocated, {format_rupiah(done.payment.unallocated)} waiting for the next bill"
            )

    def _shares(
        self,
        *,
        enrolment: int | None,
        sponsor: int | None,
        program: int | None,
        username: str,
        **options: Any,
    ) -> None:
        scope = scope_for_user(self._user(username))
        found = cost_share_list(
            scope=scope,
            sponsor=sponsor_get(scope=scope, sponsor_id=sponsor) if sponsor else None,
            program_id=program,
            enrolment_id=enrolment,
        )
        for item in found[:1000]:
            self.stdout.write(
                f"{item.enrolment_id:>8}  {item.enrolment.worker.name:<30} "
                f"{item.enrolment.sponsor.name:<30} {item.sponsor.name:<30} "
                f"{item.basis_points / 100:>6.2f} %"
            )

    def _share(
        self, *, enrolment_id: int, sponsor: int, basis_points: int, username: str, **options: Any
    ) -> None:
        user = self._user(username)
        scope = scope_for_user(user)
        share = cost_share_set(
            actor=user,
            scope=scope,
            enrolment=enrolment_get(scope=scope, enrolment_id=enrolment_id),
            sponsor=sponsor_get(scope=scope, sponsor_id=sponsor),
            basis_points=basis_points,
        )
        self.stdout.write(
            f"{share.sponsor.name} pays {share.basis_points / 100:.2f} % of enrolment "
            f"{enrolment_id}'s months not billed yet"
        )

    def _unshare(self, *, enrolment_id: int, sponsor: int, username: str, **options: Any) -> None:
        user = self._user(username)
        scope = scope_for_user(user)
        ended = cost_share_end(
            actor=user,
            scope=scope,
            enrolment=enrolment_get(scope=scope, enrolment_id=enrolment_id),
            sponsor=sponsor_get(scope=scope, sponsor_id=sponsor),
        )
        self.stdout.write(
            f"Share of {ended / 100:.2f} % ended: the enrolment's own sponsor pays its months "
            "not billed yet"
        )

    def _pay(
        self,
        *,
        sponsor_id: int,
        amount: int,
        date: str,
        channel: str,
        reference: str,
        username: str,
        **options: Any,
    ) -> None:
        user = self._user(username)
        scope = scope_for_user(user)
        result = payment_record(
            actor=user,
            scope=scope,
            sponsor=sponsor_get(scope=scope, sponsor_id=sponsor_id),
            amount=amount,
            paid_on=_day(date),
            channel=channel,
            reference=reference,
        )
        if result.is_held:
            self.stdout.write(
                f"Payment {result.payment.pk} held: above the plausible "
                f"{format_rupiah(result.payment.plausible_up_to or 0)} for this sponsor, it "
                "counts once a second officer confirms it (web or API)"
            )
            return
        self.stdout.write(
            f"Payment {result.payment.pk}: {format_rupiah(result.allocated)} allocated, "
            f"{format_rupiah(result.unallocated)} waiting for the next bill"
        )
        if result.resumed.count:
            first = ", ".join(f"{month:%m/%Y}" for month in result.resumed.first_months)
            self.stdout.write(
                f"{result.resumed.count} lapsed enrolment(s) started again as new enrolments "
                f"from {first}: waiting periods start again"
            )

    def _overdue(self, *, username: str, **options: Any) -> None:
        for item in overdue_sponsors(scope=scope_for_user(self._user(username))):
            self.stdout.write(
                f"{item.sponsor.pk:>6}  {item.sponsor.name:<40} {item.bills:>3} bill(s) "
                f"{format_rupiah(item.owed):>16}  due since {item.oldest_due}  "
                f"{item.workers} worker(s)"
            )

    def _tpp(self, *, agency: int, month: str, output: Path, username: str, **options: Any) -> None:
        user = self._user(username)
        found = Agency.objects.filter(pk=agency).first()
        if found is None:
            raise CommandError(f"No agency {agency}", returncode=2)
        export = tpp_pdf if output.suffix.lower() == ".pdf" else tpp_xlsx
        content = export(actor=user, scope=scope_for_user(user), agency=found, month=_month(month))
        output.write_bytes(content)
        self.stdout.write(f"Wrote {output} ({len(content):,} bytes)")
