"""`lindungi enrolments batch-file|handover|confirm|renew|gaps`: the exchange with BPJS, renewal
in bulk and the continuity guarantee from the command line.

    lindungi enrolments batch-file BATCH_NUMBER OUT.xlsx --as USERNAME [--purpose TEXT]
    lindungi enrolments handover BATCH_NUMBER OUT.pdf --as USERNAME
    lindungi enrolments confirm FILE --as USERNAME [--json]
    lindungi enrolments renew --sponsor ID --year 2027 --as USERNAME [--draft] [--dry-run] [--json]
    lindungi enrolments gaps --as USERNAME
    lindungi enrolments end ID [ID …] --reason REASON --date YYYY-MM-DD --as USERNAME [--note T]
    lindungi enrolments death WORKER_ID --date YYYY-MM-DD --as USERNAME [--note TEXT]
    lindungi enrolments deaths FILE --as USERNAME [--json]
    lindungi enrolments endings REGION OUT.xlsx --as USERNAME [--purpose TEXT]
    lindungi enrolments protection WORKER_ID [WORKER_ID …] --as USERNAME [--json]

Each acts as the named user, within their scope and rights; a refusal prints its message and
exits with status 2. See docs/bpjs-exchange.md for the files.
"""

import json
from argparse import ArgumentParser
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lindungi.accounts.models import User
from lindungi.accounts.selectors import scope_for_user
from lindungi.core.cli import refuse_together
from lindungi.core.errors import DomainError
from lindungi.core.masking import mask_nik
from lindungi.programs.exchange import batch_by_number
from lindungi.programs.exchange.confirmations import confirmations_import
from lindungi.programs.exchange.endings import endings_file_create, endings_xlsx
from lindungi.programs.exchange.handover import handover_pdf
from lindungi.programs.exchange.registration import registration_xlsx
from lindungi.programs.protection import protection_label, protection_value
from lindungi.programs.selectors import continuity_gaps, enrolment_list, sponsor_get
from lindungi.programs.services.continuity import enrolments_renew, renewal_plan
from lindungi.programs.services.deaths_import import deaths_import
from lindungi.programs.services.endings import (
    LIFE_EVENTS,
    Ended,
    deaths_record,
    enrolments_end,
    visible_workers,
)
from lindungi.regions.selectors import region_get
from lindungi.workers.selectors import worker_list

DEFAULT_PURPOSE = "Pendaftaran kolektif peserta ke BPJS Ketenagakerjaan"
ENDINGS_PURPOSE = "Penonaktifan kepesertaan di BPJS Ketenagakerjaan"


class Command(BaseCommand):
    help = (
        "Write a batch's registration file or handover statement; import BPJS's answer; end "
        "protections for a life event, record deaths, write the non-aktif list."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        batch_file = sub.add_parser(
            "batch-file", help="the collective-registration workbook (XLSX, full NIKs)"
        )
        batch_file.add_argument("batch_number")
        batch_file.add_argument("out", type=Path)
        batch_file.add_argument("--as", dest="username", required=True)
        batch_file.add_argument(
            "--purpose", default=DEFAULT_PURPOSE, help="why the full NIKs leave (recorded)"
        )
        handover = sub.add_parser("handover", help="the Berita Acara Serah Terima Data (PDF)")
        handover.add_argument("batch_number")
        handover.add_argument("out", type=Path)
        handover.add_argument("--as", dest="username", required=True)
        confirm = sub.add_parser("confirm", help="import BPJS's answer (CSV or XLSX)")
        confirm.add_argument("file", type=Path)
        confirm.add_argument("--as", dest="username", required=True)
        confirm.add_argument("--json", dest="as_json", action="store_true", help="one JSON object")
        renew = sub.add_parser(
            "renew", help="continue all of a sponsor's enrolments into a year in one action"
        )
        renew.add_argument("--sponsor", type=int, required=True, help="the sponsor's id")
        renew.add_argument("--year", type=int, required=True)
        renew.add_argument("--as", dest="username", required=True)
        renew.add_argument("--draft", action="store_true", help="leave drafts, do not submit")
        renew.add_argument("--dry-run", action="store_true", help="only say who would continue")
        renew.add_argument("--json", dest="as_json", action="store_true", help="one JSON object")
        gaps = sub.add_parser("gaps", help="protected workers without a funded next month")
        gaps.add_argument("--as", dest="username", required=True)
        end = sub.add_parser("end", help="end protections for a life event (reason, date)")
        end.add_argument("enrolment_ids", nargs="+", type=int)
        end.add_argument("--reason", required=True, choices=LIFE_EVENTS)
        end.add_argument("--date", dest="event_date", required=True, type=date.fromisoformat)
        end.add_argument("--note", default="")
        end.add_argument("--as", dest="username", required=True)
        death = sub.add_parser("death", help="record a worker's death (ends his enrolments)")
        death.add_argument("worker_id", type=int)
        death.add_argument("--date", dest="event_date", required=True, type=date.fromisoformat)
        death.add_argument("--note", default="")
        death.add_argument("--as", dest="username", required=True)
        deaths = sub.add_parser("deaths", help="import a list of deaths (NIK, date of death)")
        deaths.add_argument("file", type=Path)
        deaths.add_argument("--as", dest="username", required=True)
        deaths.add_argument("--json", dest="as_json", action="store_true", help="one JSON object")
        endings = sub.add_parser(
            "endings", help="make a regency's non-aktif list for BPJS and write it (XLSX)"
        )
        endings.add_argument("region")
        endings.add_argument("out", type=Path)
        endings.add_argument("--as", dest="username", required=True)
        endings.add_argument(
            "--purpose", default=ENDINGS_PURPOSE, help="why the full NIKs leave (recorded)"
        )

        protection = sub.add_parser(
            "protection", help="workers' protection status (aktif, diajukan, berakhir, never)"
        )
        protection.add_argument("worker_ids", nargs="+", type=int)
        protection.add_argument("--as", dest="username", required=True)
        protection.add_argument(
            "--json", dest="as_json", action="store_true", help="one JSON object"
        )

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

    def _batch_file(
        self, *, batch_number: str, out: Path, username: str, purpose: str, **options: Any
    ) -> None:
        user = self._user(username)
        scope = scope_for_user(user)
        batch = batch_by_number(scope=scope, number=batch_number)
        content = registration_xlsx(actor=user, scope=scope, batch=batch, purpose=purpose)
        out.write_bytes(content)
        self.stdout.write(f"{batch.number}: {batch.enrolment_count} peserta -> {out}")

    def _handover(self, *, batch_number: str, out: Path, username: str, **options: Any) -> None:
        user = self._user(username)
        scope = scope_for_user(user)
        batch = batch_by_number(scope=scope, number=batch_number)
        out.write_bytes(handover_pdf(actor=user, scope=scope, batch=batch))
        self.stdout.write(f"{batch.number}: berita acara -> {out}")

    def _confirm(self, *, file: Path, username: str, as_json: bool, **options: Any) -> None:
        user = self._user(username)
        result = confirmations_import(actor=user, scope=scope_for_user(user), path=file)
        if as_json:
            self.stdout.write(json.dumps(asdict(result), ensure_ascii=False))
            return
        self.stdout.write(
            f"{result.total_rows} baris: {result.activated} aktif, {result.rejected} ditolak, "
            f"{len(result.unmatched)} tidak cocok"
        )
        for row in result.unmatched[:20]:
            self.stdout.write(f"  baris {row['line']}: {row['nik']} {row['reason']}")
        if len(result.unmatched) > 20:
            self.stdout.write(f"  … dan {len(result.unmatched) - 20} baris lagi")

    def _renew(
        self,
        *,
        sponsor: int,
        year: int,
        username: str,
        draft: bool,
        dry_run: bool,
        as_json: bool,
        **options: Any,
    ) -> None:
        # A dry run writes nothing, so there is nothing to leave as a draft.
        refuse_together({"draft": draft, "dry_run": dry_run}, "draft", "dry_run")
        user = self._user(username)
        scope = scope_for_user(user)
        payer = sponsor_get(scope=scope, sponsor_id=sponsor)
        if dry_run:
            plan = renewal_plan(scope=scope, sponsor=payer, year=year)
            continued, ids, left_out = plan.count, [], plan.left_out
        else:
            renewal = enrolments_renew(
                actor=user, scope=scope, sponsor=payer, year=year, submit=not draft
            )
            ids = [enrolment.pk for enrolment in renewal.created]
            continued, left_out = len(ids), renewal.left_out
        if as_json:
            self.stdout.write(
                json.dumps(
                    {
                        "sponsor_id": payer.pk,
                        "year": year,
                        "dry_run": dry_run,
                        "continued": continued,
                        "enrolment_ids": ids,
                        "left_out": [asdict(item) for item in left_out],
                    },
                    ensure_ascii=False,
                )
            )
            return
        verb = "akan dilanjutkan" if dry_run else "dilanjutkan"
        self.stdout.write(
            f"{payer.name}: {continued} peserta {verb} ke {year}, {len(left_out)} tidak"
        )
        for item in left_out:
            self.stdout.write(f"  {item.nik} {item.name}: {item.reason} ({item.text})")

    def _gaps(self, *, username: str, **options: Any) -> None:
        found = continuity_gaps(scope=scope_for_user(self._user(username)))
        for gaps in found:
            months = ", ".join(f"{month:%m/%Y}: {count}" for month, count in gaps.by_month)
            self.stdout.write(f"{gaps.sponsor.pk:>6}  {gaps.sponsor.name}: {gaps.count} ({months})")
        self.stdout.write(f"{sum(g.count for g in found)} peserta tanpa bulan berikut yang didanai")

    def _protection(
        self, *, worker_ids: list[int], username: str, as_json: bool, **options: Any
    ) -> None:
        """Each worker's protection status (`programs.protection`); a worker outside the user's
        scope is reported missing, like one that does not exist."""
        found = {
            row["pk"]: row
            for row in worker_list(scope=scope_for_user(self._user(username)))
            .filter(pk__in=worker_ids)
            .values("pk", "nik", "name", protection=protection_value())
        }
        if as_json:
            self.stdout.write(
                json.dumps(
                    {
                        "workers": [
                            {"id": pk, "protection": found[pk]["protection"]}
                            for pk in worker_ids
                            if pk in found
                        ],
                        "not_found": [pk for pk in worker_ids if pk not in found],
                    }
                )
            )
            return
        for pk in worker_ids:
            row = found.get(pk)
            if row is None:
                self.stdout.write(f"{pk:>8}  tidak ditemukan")
            else:
                status = protection_label(row["protection"])
                self.stdout.write(f"{pk:>8}  {mask_nik(row['nik'])}  {row['name']}: {status}")

    def _ended(self, done: Ended) -> None:
        self.stdout.write(
            f"{done.ended} kepesertaan berakhir, {done.cancelled} dibatalkan"
            + (f", {done.deaths} kematian dicatat" if done.deaths else "")
        )

    def _end(
        self,
        *,
        enrolment_ids: list[int],
        reason: str,
        event_date: date,
        note: str,
        username: str,
        **options: Any,
    ) -> None:
        user = self._user(username)
        scope = scope_for_user(user)
        found = list(enrolment_list(scope=scope).filter(pk__in=enrolment_ids))
        missing = sorted(set(enrolment_ids) - {enrolment.pk for enrolment in found})
        if missing:
            raise CommandError(
                f"Kepesertaan tidak ditemukan: {', '.join(map(str, missing))}", returncode=2
            )
        self._ended(
            enrolments_end(
                actor=user,
                scope=scope,
                enrolments=found,
                reason=reason,
                event_date=event_date,
                note=note,
            )
        )

    def _death(
        self, *, worker_id: int, event_date: date, note: str, username: str, **options: Any
    ) -> None:
        user = self._user(username)
        scope = scope_for_user(user)
        worker = visible_workers(scope).filter(pk=worker_id).first()
        if worker is None:
            raise CommandError(f"Pekerja tidak ditemukan: {worker_id}", returncode=2)
        self._ended(
            deaths_record(
                actor=user, scope=scope, deaths=[(worker, event_date)], note=note, source="cli"
            )
        )

    def _deaths(self, *, file: Path, username: str, as_json: bool, **options: Any) -> None:
        user = self._user(username)
        result = deaths_import(actor=user, scope=scope_for_user(user), path=file)
        if as_json:
            self.stdout.write(json.dumps(asdict(result), ensure_ascii=False))
            return
        self.stdout.write(
            f"{result.rows} baris: {result.deaths} kematian dicatat, {result.ended} kepesertaan "
            f"berakhir, {result.cancelled} dibatalkan, {result.already} sudah tercatat"
        )

    def _endings(
        self, *, region: str, out: Path, username: str, purpose: str, **options: Any
    ) -> None:
        user = self._user(username)
        scope = scope_for_user(user)
        made = endings_file_create(actor=user, scope=scope, region=region_get(code=region))
        out.write_bytes(endings_xlsx(actor=user, scope=scope, endings=made, purpose=purpose))
        self.stdout.write(f"{made.number}: {made.row_count} peserta nonaktif -> {out}")
