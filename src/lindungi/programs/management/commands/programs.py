"""`lindungi programs schemes|list|start|show|open-year|participations|confirm`: the regency's
programs from the command line.

    lindungi programs open-year 2027 --as disnaker [--region 32.11]
    lindungi programs participations --year 2027 --as disnaker
    lindungi programs confirm PARTICIPATION_ID --decision 141/01/Musdes/XII/2026 \
        --date 2026-12-03 --as desa.cikeruh
"""

from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lindungi.accounts.models import User
from lindungi.accounts.selectors import scope_for_user
from lindungi.core.errors import DomainError
from lindungi.core.money import format_rupiah
from lindungi.programs.models import Enrolment, Participation
from lindungi.programs.schemes import SCHEMES
from lindungi.programs.selectors import (
    participation_list,
    program_get,
    program_list,
    status_counts,
)
from lindungi.programs.services.setup import program_from_scheme
from lindungi.programs.services.year import participation_confirm, year_open
from lindungi.regions.selectors import region_get


class Command(BaseCommand):
    help = "List the ready schemes and the programs, or start a program from a scheme."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("schemes", help="the ready schemes")
        listing = sub.add_parser("list", help="programs a user sees")
        listing.add_argument("--as", dest="username", required=True)
        listing.add_argument("--year", type=int)
        show = sub.add_parser("show", help="one program and its enrolments by status")
        show.add_argument("program_id", type=int)
        show.add_argument("--as", dest="username", required=True)
        start = sub.add_parser("start", help="start a program from a scheme")
        start.add_argument("scheme", choices=sorted(SCHEMES))
        start.add_argument("--year", type=int, required=True)
        start.add_argument("--region", required=True, help="the regency, e.g. 32.11")
        start.add_argument("--as", dest="username", required=True, help="a regional admin")
        start.add_argument("--budget", type=int)
        start.add_argument("--target", type=int)
        opening = sub.add_parser(
            "open-year", help="open a year: next year's programs and every sponsor's draft"
        )
        opening.add_argument("year", type=int)
        opening.add_argument("--region", help="the regency, e.g. 32.11 (default: yours)")
        opening.add_argument("--as", dest="username", required=True, help="a regional admin")
        drafts = sub.add_parser("participations", help="villages' and agencies' programs")
        drafts.add_argument("--year", type=int, required=True)
        drafts.add_argument("--as", dest="username", required=True)
        confirm = sub.add_parser("confirm", help="confirm a sponsor's program with its decision")
        confirm.add_argument("participation_id", type=int)
        confirm.add_argument("--decision", default="", help="the musdes decision's number")
        confirm.add_argument("--date", type=date.fromisoformat, help="YYYY-MM-DD")
        confirm.add_argument("--quota", type=int)
        confirm.add_argument("--as", dest="username", required=True)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            getattr(self, "_" + action.replace("-", "_"))(**options)
        except DomainError as error:
            raise CommandError(error.message, returncode=2) from error

    def _user(self, username: str) -> User:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {username}", returncode=2)
        return user

    def _schemes(self, **options: Any) -> None:
        for scheme in SCHEMES.values():
            self.stdout.write(f"{scheme.key:<16} {str(scheme.name) % {'year': 'YYYY'}}")
            self.stdout.write(f"{'':<16} {scheme.description}")

    def _list(self, *, username: str, year: int | None, **options: Any) -> None:
        for program in program_list(scope=scope_for_user(self._user(username)), year=year):
            self.stdout.write(f"{program.pk:>5}  {program.region_id:<6} {program.name}")

    def _show(self, *, program_id: int, username: str, **options: Any) -> None:
        program = program_get(scope=scope_for_user(self._user(username)), program_id=program_id)
        self.stdout.write(
            f"{program.name} ({program.region_id}), income basis "
            f"{format_rupiah(program.income_basis)}, {program.months} months"
        )
        counts = status_counts(Enrolment.objects.filter(program=program))
        for status, count in counts.items():
            if count:
                self.stdout.write(f"  {status:<10} {count:>7}")

    def _start(
        self,
        *,
        scheme: str,
        year: int,
        region: str,
        username: str,
        budget: int | None,
        target: int | None,
        **options: Any,
    ) -> None:
        user = self._user(username)
        extra = {key: value for key, value in (("budget", budget), ("target", target)) if value}
        program = program_from_scheme(
            actor=user,
            scope=scope_for_user(user),
            region=region_get(code=region),
            scheme=scheme,
            year=year,
            **extra,
        )
        self.stdout.write(f"Started program {program.pk}: {program.name}")

    def _open_year(self, *, year: int, region: str | None, username: str, **options: Any) -> None:
        user = self._user(username)
        code = region or user.region_id or ""
        opened = year_open(
            actor=user, scope=scope_for_user(user), region=region_get(code=code), year=year
        )
        self.stdout.write(
            f"{year}: {opened.programs_created} program dibuat ({opened.programs_kept} sudah ada), "
            f"{opened.participations_created} desa/OPD menunggu konfirmasi "
            f"({opened.participations_kept} sudah ada)"
        )

    def _participations(self, *, year: int, username: str, **options: Any) -> None:
        for row in participation_list(scope=scope_for_user(self._user(username)), year=year):
            self.stdout.write(
                f"{row.pk:>6}  {row.status:<9} {row.sponsor.name} · {row.program.name}"
                + (f" · {row.decision_number}" if row.decision_number else "")
            )

    def _confirm(
        self,
        *,
        participation_id: int,
        decision: str,
        date: date | None,
        quota: int | None,
        username: str,
        **options: Any,
    ) -> None:
        user = self._user(username)
        confirmed = participation_confirm(
            actor=user,
            scope=scope_for_user(user),
            participation=Participation(pk=participation_id),
            decision_number=decision,
            decision_date=date,
            quota=quota,
        )
        self.stdout.write(f"{confirmed.sponsor.name}: {confirmed.program.name} dikonfirmasi")
