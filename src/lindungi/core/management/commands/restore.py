"""`lindungi restore IN`: replace the embedded SQLite database with a backup (stop the server)."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lindungi.core.backup import backup_made_at, database_restore
from lindungi.core.errors import DomainError


class Command(BaseCommand):
    help = "Restore the embedded SQLite database from a backup made by `lindungi backup`."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("source", type=Path, help="a file made by `lindungi backup`")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args: Any, source: Path, yes: bool, **options: Any) -> None:
        made_at = ""
        if source.is_file():
            made_at = date_format(timezone.localtime(backup_made_at(source)), "j M Y H:i")
        self.stderr.write(
            _(
                "A restore rewinds the database to the moment of the backup (%(time)s): "
                "everything recorded since, audit events included, is lost."
            )
            % {"time": made_at or "-"}
        )
        if not yes:
            answer = input(_("This replaces every record with the backup's. Type 'yes': "))
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing restored", returncode=1)
        try:
            info = database_restore(source=source)
        except DomainError as error:
            raise CommandError(error.message, returncode=2) from error
        self.stdout.write(f"Restored {info.path} ({info.workers:,} workers)")
