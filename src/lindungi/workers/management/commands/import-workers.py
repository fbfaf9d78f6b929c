"""`lindungi import-workers FILE [--strict] [--dry-run] [--errors OUT.xlsx] [--on-existing …]
[--preset opensid|dtks|p3ke] [--village CODE] [--user USERNAME] [--json]`."""

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from lindungi.accounts.models import User
from lindungi.accounts.selectors import scope_for_user
from lindungi.core.errors import DomainError
from lindungi.core.scopes import Scope
from lindungi.core.tabular import OPERATOR_LIMITS
from lindungi.workers.importing.columns import PRESETS
from lindungi.workers.importing.pipeline import ImportOptions, import_workers
from lindungi.workers.importing.report import write_error_report

STEPS = {"read": "Membaca berkas", "check": "Memeriksa", "load": "Memuat", "write": "Menulis"}
NATIONWIDE = Scope(user_id=None, role="system", region_codes=None, can_write=True)


class Command(BaseCommand):
    help = "Import workers from a CSV or XLSX file (invalid rows are reported, never guessed)."
    # The system checks load every URL, API route and PDF library (0.6 s before the first row);
    # `lindungi check` and the server run them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--strict", action="store_true", help="any invalid row: import none")
        parser.add_argument("--dry-run", action="store_true", help="check and count only")
        parser.add_argument("--errors", type=Path, help="write the error report (XLSX) here")
        parser.add_argument("--on-existing", choices=["skip", "update"], default="skip")
        parser.add_argument("--preset", choices=sorted(PRESETS))
        parser.add_argument("--village", help="village code of rows without one")
        parser.add_argument("--category", default="BPU", help="category of rows without one")
        parser.add_argument(
            "--user", help="import as this user, within their scope (default: the whole country)"
        )
        parser.add_argument("--json", dest="as_json", action="store_true", help="one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        actor, scope = self._actor(options["user"])
        choices = ImportOptions(
            strict=options["strict"],
            dry_run=options["dry_run"],
            on_existing=options["on_existing"],
            preset=options["preset"],
            village=options["village"],
            category=options["category"].upper(),
        )
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            disable=options["as_json"] or options["verbosity"] < 1,
            transient=True,
        ) as bar:
            tasks: dict[str, Any] = {}

            def on_progress(step: str, done: int, total: int) -> None:
                if step not in tasks:
                    tasks[step] = bar.add_task(STEPS[step], total=total)
                    if options["verbosity"] >= 2:  # a log line per phase, for scripts
                        self.stderr.write(f"{STEPS[step]} ({step}): {total} baris", ending="\n")
                        self.stderr.flush()
                bar.update(tasks[step], completed=done, total=total)

            try:
                result = import_workers(
                    actor=actor,
                    scope=scope,
                    path=options["file"],
                    options=choices,
                    on_progress=on_progress,
                    limits=OPERATOR_LIMITS,  # the server's own file: no row cap
                )
            except DomainError as error:
                raise CommandError(error.message) from error
        if options["errors"]:
            write_error_report(result.problems, options["errors"], source=options["file"].name)
        if options["as_json"]:
            self.stdout.write(json.dumps(result.summary()))
        else:
            summary = result.summary()
            self.stdout.write(
                f"{summary['rows']} baris: {summary['imported']} baru, {summary['updated']} "
                f"diperbarui, {summary['skipped']} dilewati, {summary['errors']} ditolak, "
                f"{summary['warnings']} peringatan ({summary['seconds']:.1f} s)"
                + ("" if result.written else " — tidak ada yang disimpan")
            )
            for line, message in result.problems.select("line", "message").head(20).iter_rows():
                self.stdout.write(f"  baris {line}: {message}")
        if result.errors and choices.strict:
            raise CommandError("--strict: the file has invalid rows; nothing was imported")

    def _actor(self, username: str | None) -> tuple[User | None, Scope]:
        if not username:
            return None, NATIONWIDE
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {username!r}")
        return user, scope_for_user(user)
