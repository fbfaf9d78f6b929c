"""`lindungi coverage snapshot|denominators|targets|participants`: coverage from the command
line. Thin: every action is one service call."""

from argparse import ArgumentParser
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lindungi.accounts.models import User
from lindungi.accounts.selectors import scope_for_user
from lindungi.core.cli import refuse_together
from lindungi.core.errors import DomainError
from lindungi.core.months import add_months, month_start, parse_month
from lindungi.coverage.awards import award_entries, award_list, category_label, measure
from lindungi.coverage.awards_certificate import award_certificate
from lindungi.coverage.awards_services import award_compute, award_publish
from lindungi.coverage.models import AwardCategory, DenominatorKind
from lindungi.coverage.services import (
    Imported,
    denominators_import,
    participants_import,
    snapshot_take,
    targets_import,
)
from lindungi.coverage.tasks import coverage_snapshot_task


def _month(text: str) -> date:
    """`2026-01` or `2026-01-15` -> 1 January 2026."""
    month = parse_month(text)
    if month is None:
        raise CommandError(f"Not a month: {text} (use YYYY-MM)", returncode=2)
    return month


class Command(BaseCommand):
    help = (
        "Take the monthly coverage snapshot; import bases, targets and BPJS participants; "
        "compute, publish and print the awards."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        snapshot = sub.add_parser("snapshot", help="take a month's coverage snapshot")
        snapshot.add_argument("--month", help="YYYY-MM (default: last month)")
        snapshot.add_argument("--region", help="only this region and below (default: Indonesia)")
        snapshot.add_argument(
            "--force", action="store_true", help="count a month already taken again"
        )
        snapshot.add_argument("--as", dest="username", help="a user (default: the system)")
        snapshot.add_argument(
            "--enqueue",
            action="store_true",
            help="hand it to the background worker instead (as the system)",
        )
        denominators = sub.add_parser("denominators", help="import bases of coverage")
        denominators.add_argument("file", type=Path)
        denominators.add_argument(
            "--kind", choices=DenominatorKind.values, help="for a file without a kind column"
        )
        denominators.add_argument("--as", dest="username", required=True)
        targets = sub.add_parser("targets", help="import coverage targets")
        targets.add_argument("file", type=Path)
        targets.add_argument("--as", dest="username", required=True)
        participants = sub.add_parser("participants", help="import BPJS participant counts")
        participants.add_argument("file", type=Path)
        participants.add_argument("--as", dest="username", required=True)
        awards = sub.add_parser("awards", help="the awards of a regency's agencies and villages")
        awards_sub = awards.add_subparsers(dest="award_action", required=True)
        compute = awards_sub.add_parser("compute", help="compute (again) a period's draft list")
        compute.add_argument("--region", required=True, help="the regency, e.g. 32.11")
        compute.add_argument("--year", type=int, help="a whole year")
        compute.add_argument("--from", dest="first", help="first month YYYY-MM (with --to)")
        compute.add_argument("--to", dest="last", help="last month YYYY-MM, same year")
        compute.add_argument(
            "--category",
            dest="categories",
            action="append",
            choices=AwardCategory.values,
            help="a category to rank (repeat; default: all)",
        )
        compute.add_argument("--winners", type=int, default=3, help="winners per category")
        compute.add_argument("--title", default="")
        compute.add_argument("--as", dest="username", required=True)
        publish = awards_sub.add_parser("publish", help="publish a draft list as computed")
        publish.add_argument("award", type=int)
        publish.add_argument("--as", dest="username", required=True)
        listing = awards_sub.add_parser("list", help="the award lists the user sees")
        listing.add_argument("--as", dest="username", required=True)
        certificate = awards_sub.add_parser("certificate", help="a winner's certificate (PDF)")
        certificate.add_argument("award", type=int)
        certificate.add_argument("entry", type=int)
        certificate.add_argument("--output", type=Path, required=True)
        certificate.add_argument("--as", dest="username", required=True)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            getattr(self, f"_{action}")(**options)
        except DomainError as error:
            raise CommandError(error.message, returncode=2) from error

    def _user(self, username: str | None) -> User | None:
        if not username:
            return None
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {username}", returncode=2)
        return user

    def _snapshot(
        self,
        *,
        month: str | None,
        region: str | None,
        force: bool,
        username: str | None,
        enqueue: bool = False,
        **options: Any,
    ) -> None:
        # The background worker runs as the system: a user named with --as would be ignored.
        refuse_together({"enqueue": enqueue, "username": username}, "enqueue", "username=--as")
        wanted = _month(month) if month else add_months(month_start(timezone.localdate()), -1)
        if enqueue:
            result = coverage_snapshot_task.enqueue(
                month=wanted.isoformat(), region=region, force=force
            )
            self.stdout.write(f"Queued {result.id}")
            return
        taken = snapshot_take(
            month=wanted, actor=self._user(username), region_prefix=region, force=force
        )
        run = taken.run
        where = run.region_code or "Indonesia"
        if not taken.is_new:
            self.stdout.write(
                f"{wanted:%Y-%m} was already taken for {where} on "
                f"{timezone.localtime(run.taken_at):%Y-%m-%d %H:%M}: nothing changed "
                "(--force counts it again)"
            )
            return
        self.stdout.write(
            f"{run.month:%Y-%m} {where}: {run.protected:,} protected workers in "
            f"{run.villages:,} villages, {run.rows:,} rows, {run.seconds:.1f} s".replace(",", ".")
        )

    def _report(self, imported: Imported) -> None:
        self.stdout.write(
            f"{imported.rows} row(s): {imported.created} new, {imported.updated} replaced"
        )

    def _imported_by(self, username: str) -> tuple[User, Any]:
        user = self._user(username)
        if user is None:  # never: --as is required
            raise CommandError("--as is required", returncode=2)
        return user, scope_for_user(user)

    def _denominators(self, *, file: Path, kind: str | None, username: str, **options: Any) -> None:
        user, scope = self._imported_by(username)
        self._report(denominators_import(path=file, actor=user, scope=scope, kind=kind))

    def _targets(self, *, file: Path, username: str, **options: Any) -> None:
        user, scope = self._imported_by(username)
        self._report(targets_import(path=file, actor=user, scope=scope))

    def _participants(self, *, file: Path, username: str, **options: Any) -> None:
        user, scope = self._imported_by(username)
        self._report(participants_import(path=file, actor=user, scope=scope))

    def _awards(self, *, award_action: str, username: str, **options: Any) -> None:
        user, scope = self._imported_by(username)
        if award_action == "compute":
            award = award_compute(
                actor=user,
                scope=scope,
                region=options["region"],
                year=options["year"],
                first_month=_month(options["first"]) if options["first"] else None,
                last_month=_month(options["last"]) if options["last"] else None,
                categories=options["categories"],
                winners=options["winners"],
                title=options["title"],
            )
            self._award_winners(award)
        elif award_action == "publish":
            award = award_publish(actor=user, scope=scope, award_id=options["award"])
            self.stdout.write(f"#{award.pk} {award.title}: published")
        elif award_action == "list":
            for award in award_list(scope=scope):
                self.stdout.write(
                    f"#{award.pk} {award.region_id} {award.first_month:%Y-%m}..."
                    f"{award.last_month:%Y-%m} {award.status} {award.title}"
                )
        else:
            entry, content = award_certificate(
                scope=scope, award_id=options["award"], entry_id=options["entry"]
            )
            options["output"].write_bytes(content)
            self.stdout.write(f"{entry.name}: {options['output']}")

    def _award_winners(self, award: Any) -> None:
        self.stdout.write(
            f"#{award.pk} {award.title} ({award.status}, figures as of {award.as_of})"
        )
        for entry in award_entries(award, winners_only=True):
            self.stdout.write(
                f"  {category_label(entry.category)}: {entry.rank}. {entry.name} (entry "
                f"{entry.pk}): {measure(entry.category, entry.figures)}"
            )
